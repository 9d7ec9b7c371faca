# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind_config filter renders what the kind_cluster module renders."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.filter import kind_config as plugin
from ansible_collections.platform.runtime.plugins.module_utils import kind

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
DEV_INVENTORY = os.path.join(ROOT, "inventories", "dev", "group_vars", "all", "cluster.yml")


def _inventory_options():
    with open(DEV_INVENTORY) as f:
        data = yaml.safe_load(f)
    return {
        "name": data["kind_cluster_name"],
        "preset": data["kind_cluster_preset"],
        "extra_port_mappings": data["kind_cluster_extra_port_mappings"],
        "node_labels": data["kind_cluster_node_labels"],
    }


def test_registered_under_its_name():
    assert plugin.FilterModule().filters() == {"kind_config": plugin.kind_config}


def test_yaml_output_is_the_module_rendering_of_the_dev_inventory():
    options = _inventory_options()
    text = plugin.kind_config(options)
    assert yaml.safe_load(text) == kind.render(options, "v0.33.0")
    cfg = yaml.safe_load(text)
    assert [n["role"] for n in cfg["nodes"]] == ["control-plane", "worker", "worker"]
    assert cfg["nodes"][0]["labels"] == {"ingress-ready": "true"}
    assert [m["hostPort"] for m in cfg["nodes"][0]["extraPortMappings"]] == [80, 443]


def test_dict_output_release_and_module_only_options_ignored():
    cfg = plugin.kind_config(
        {"name": "a", "kubernetes_version": "1.36", "state": "absent", "wait_timeout": 5, "load_images": ["x"]},
        kind_release="v0.32.0",
        output="dict",
    )
    assert cfg["nodes"][0]["image"].startswith("kindest/node:v1.36.1@sha256:")


@pytest.mark.parametrize(
    "params,kwargs,message",
    [
        ({"name": "a", "control_plane_nodes": 0}, {}, "kind_config: control_plane_nodes: 0 is out of range"),
        ({"name": "a"}, {"output": "json"}, "output='json'; expected yaml or dict"),
        ({"name": "a"}, {"kind_release": "v0.1.0"}, "kind_release: 'v0.1.0' is not in the node-image table"),
        (["a"], {}, "the input must be a mapping"),
    ],
)
def test_bad_input_raises_filter_error(params, kwargs, message):
    with pytest.raises(AnsibleFilterError) as err:
        plugin.kind_config(params, **kwargs)
    assert message in str(err.value)


def test_fqcn_filter_in_a_template():
    """Through ansible itself, as a role would use it."""
    env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, ".collections"),
        ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
        ANSIBLE_NOCOLOR="1",
    )
    expr = "{{ ({'name': 'x', 'preset': 'prod-like'} | platform.runtime.kind_config(output='dict')).nodes | length }}"
    ansible = os.path.join(os.path.dirname(sys.executable), "ansible")
    proc = subprocess.run(
        [
            ansible,
            "localhost",
            "-i",
            "localhost,",
            "-c",
            "local",
            "-m",
            "ansible.builtin.debug",
            "-a",
            json.dumps({"msg": expr}),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "msg: 4" in proc.stdout or '"msg": 4' in proc.stdout or "msg: '4'" in proc.stdout, proc.stdout
