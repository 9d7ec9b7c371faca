# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import ipaddress

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.filter.subnet_plan import subnet_plan


@pytest.mark.parametrize(
    "cidr, azs, private_prefix, public_prefix",
    [
        ("10.0.0.0/16", ["a", "b"], 18, 19),
        ("10.0.0.0/16", ["a", "b", "c"], 18, 20),
        ("10.1.0.0/20", ["a", "b", "c", "d"], 23, 25),
    ],
)
def test_plan_sizes_and_no_overlap(cidr, azs, private_prefix, public_prefix):
    plan = subnet_plan(cidr, azs)
    assert len(plan) == 2 * len(azs)
    nets = [ipaddress.ip_network(s["cidr"]) for s in plan]
    assert {n.prefixlen for n, s in zip(nets, plan) if s["tier"] == "private"} == {private_prefix}
    assert {n.prefixlen for n, s in zip(nets, plan) if s["tier"] == "public"} == {public_prefix}
    for i, a in enumerate(nets):
        assert a.subnet_of(ipaddress.ip_network(cidr))
        for b in nets[i + 1 :]:
            assert not a.overlaps(b)
    assert all(s["tags"] == {"kubernetes.io/role/elb": "1"} for s in plan if s["tier"] == "public")
    assert all(s["tags"] == {"kubernetes.io/role/internal-elb": "1"} for s in plan if s["tier"] == "private")


@pytest.mark.parametrize(
    "cidr, azs, fragment",
    [
        ("10.0.0.0/33", ["a", "b"], "vpc_cidr='10.0.0.0/33' is not a valid CIDR"),
        ("10.0.0.1/16", ["a", "b"], "not a valid CIDR"),
        ("10.0.0.0/16", ["a"], "at least 2 availability zones, got 1"),
        ("10.0.0.0/16", ["a", "a"], "only once"),
        ("10.0.0.0/26", ["a", "b", "c"], "too small"),
    ],
)
def test_plan_rejects(cidr, azs, fragment):
    with pytest.raises(AnsibleFilterError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        subnet_plan(cidr, azs)
