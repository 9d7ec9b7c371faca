# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
name: subnet_plan
short_description: Plan public and private subnets per availability zone from a VPC CIDR
version_added: 0.1.0
description:
  - Splits the VPC CIDR into 2^k equal blocks, the smallest k with more blocks than zones. Each zone gets one block
    as its private subnet; the last block is split evenly into the public subnets.
  - For a V(/16) and three zones, private subnets are V(/18) and public subnets V(/20); for two zones, V(/18) and V(/19).
  - Each subnet carries the ELB role tag Kubernetes load balancers look for.
  - Fails with a clear message on a bad CIDR, fewer zones than O(min_azs), repeated zones, or subnets below V(/28).
positional: azs
options:
  _input:
    description: The VPC CIDR, for example V(10.0.0.0/16).
    type: str
    required: true
  azs:
    description: Availability zone names, in order.
    type: list
    elements: str
    required: true
  min_azs:
    description: Fewest zones accepted.
    type: int
    default: 2
"""

EXAMPLES = r"""
- name: Plan the subnets of a three-zone VPC
  ansible.builtin.set_fact:
    _subnets: "{{ '10.0.0.0/16' | platform.runtime.subnet_plan(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) }}"
"""

RETURN = r"""
_value:
  description: One entry per subnet, private ones first, each with C(name), C(tier), C(az), C(cidr) and C(tags).
  type: list
  elements: dict
"""

import ipaddress

from ansible.errors import AnsibleFilterError


def plan_subnets(vpc_cidr, azs, min_azs=2):
    """Pure planning; raises ValueError with the field, the value and what was expected."""
    try:
        net = ipaddress.ip_network(str(vpc_cidr), strict=True)
    except ValueError as e:
        raise ValueError(f"vpc_cidr={vpc_cidr!r} is not a valid CIDR block ({e}): expected something like 10.0.0.0/16") from e
    if net.version != 4:
        raise ValueError(f"vpc_cidr={vpc_cidr!r}: expected an IPv4 CIDR block")
    azs = list(azs or [])
    if len(azs) < min_azs:
        raise ValueError(f"azs={azs!r}: EKS needs subnets in at least {min_azs} availability zones, got {len(azs)}")
    if len(set(azs)) != len(azs):
        raise ValueError(f"azs={azs!r}: each availability zone may appear only once")
    k = 0
    while 2**k <= len(azs):
        k += 1
    blocks = list(net.subnets(prefixlen_diff=k))
    j = 0
    while 2**j < len(azs):
        j += 1
    if net.prefixlen + k + j > 28:
        raise ValueError(f"vpc_cidr={vpc_cidr!r} is too small for {len(azs)} zones: public subnets would be smaller than /28")
    publics = list(blocks[-1].subnets(prefixlen_diff=j))
    out = []
    for i, az in enumerate(azs):
        out.append(
            {
                "name": f"private-{az}",
                "tier": "private",
                "az": az,
                "cidr": str(blocks[i]),
                "tags": {"kubernetes.io/role/internal-elb": "1"},
            }
        )
    for i, az in enumerate(azs):
        out.append(
            {
                "name": f"public-{az}",
                "tier": "public",
                "az": az,
                "cidr": str(publics[i]),
                "tags": {"kubernetes.io/role/elb": "1"},
            }
        )
    return out


def subnet_plan(vpc_cidr, azs, min_azs=2):
    try:
        return plan_subnets(vpc_cidr, azs, min_azs)
    except ValueError as e:
        raise AnsibleFilterError(f"subnet_plan: {e}") from e


class FilterModule:
    def filters(self):
        return {"subnet_plan": subnet_plan}
