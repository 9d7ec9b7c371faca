# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""KindService with a plain runner object (no AnsibleModule): the flows are usable and testable on their own.

kind and the container engines cannot run here, so the runner answers from a script of (argv prefix -> rc, out, err).
The module's data-driven cases (tests/unit/plugins/modules/test_kind_cluster.yaml) cover every flow through main().
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import kind as kindlib
from ansible_collections.platform.runtime.plugins.module_utils import kind_service


class ScriptedRunner:
    def __init__(self, script):
        self.script = list(script)
        self.calls = []
        self.warnings = []

    def get_bin_path(self, name):
        return f"/bin/{name}"

    def warn(self, msg):
        self.warnings.append(msg)

    def run_command(self, argv, check_rc=False, environ_update=None):
        self.calls.append((argv, environ_update))
        prefix, answer = self.script.pop(0)
        assert argv[: len(prefix)] == prefix, f"expected {prefix!r}, ran {argv!r}"
        return answer


def _params(**over):
    p = {k: None for k in kindlib.OPTION_DEFAULTS}
    p.update(name="dev", state="present", provider="docker", recreate_on_change=False, kubeconfig_path=None, wait_timeout=0, load_images=[])
    p.update(over)
    return p


def test_absent_deletes_with_the_provider_named_and_removes_the_kubeconfig(tmp_path):
    kubeconfig = tmp_path / "kc"
    kubeconfig.write_text("x")
    runner = ScriptedRunner(
        [
            (["/bin/nerdctl", "info"], (0, "2.1\n", "")),
            (["/bin/kind", "get", "clusters"], (0, "dev\n", "")),
            (["/bin/kind", "delete", "cluster", "--name", "dev", "--kubeconfig", str(kubeconfig)], (0, "", "")),
        ]
    )
    result = kind_service.KindService(runner, _params(state="absent", provider="nerdctl", kubeconfig_path=str(kubeconfig))).run()
    assert result["changed"] and result["action"] == "delete"
    assert not kubeconfig.exists()
    assert [env for argv, env in runner.calls if argv[0] == "/bin/kind"] == [{"KIND_EXPERIMENTAL_PROVIDER": "nerdctl"}] * 2


def test_present_check_mode_predicts_create_and_runs_nothing_else():
    runner = ScriptedRunner(
        [
            (["/bin/docker", "info"], (0, "29.0.0\n", "")),
            (["/bin/kind", "get", "clusters"], (0, "", "")),
            (["/bin/kind", "version"], (0, "kind v0.31.0 go1.25 linux/amd64\n", "")),
        ]
    )
    result = kind_service.KindService(runner, _params(kubernetes_version="1.33"), check_mode=True).run()
    assert result["action"] == "create" and result["changed"]
    assert result["node_image"].startswith("kindest/node:v1.33.7@sha256:")
    assert runner.script == []


def test_present_keeps_a_cluster_created_by_an_older_kind_for_the_same_request():
    params = _params(preset="dev")
    options = {k: params[k] for k in kindlib.OPTION_DEFAULTS}
    old = kindlib.render(options, "v0.31.0")
    request = kindlib.request(kindlib.validate(options), "v0.31.0")
    ann = {
        kindlib.HASH_ANNOTATION: kindlib.config_hash(old),
        kindlib.CONFIG_ANNOTATION: json.dumps(old),
        kindlib.REQUEST_ANNOTATION: json.dumps(request),
    }
    ready = {"conditions": [{"type": "Ready", "status": "True"}]}
    nodes = {"items": [{"metadata": {"name": n, "annotations": ann}, "status": ready} for n in ("dev-control-plane", "dev-worker", "dev-worker2")]}
    runner = ScriptedRunner(
        [
            (["/bin/docker", "info"], (0, "29.0.0\n", "")),
            (["/bin/kind", "get", "clusters"], (0, "dev\n", "")),
            (["/bin/kind", "version"], (0, "kind v0.33.0\n", "")),
            (["/bin/kind", "get", "nodes"], (0, "dev-control-plane\ndev-worker\ndev-worker2\n", "")),
            (["/bin/docker", "exec", "dev-control-plane"], (0, json.dumps(nodes), "")),
        ]
    )
    result = kind_service.KindService(runner, params).run()
    assert (result["changed"], result["action"], result["differences"]) == (False, "none", [])
    assert result["release_change"].startswith("kind CLI v0.31.0 -> v0.33.0")
    assert runner.warnings == [result["release_change"]]


def test_unknown_older_release_is_refused_before_anything_changes():
    runner = ScriptedRunner(
        [
            (["/bin/docker", "info"], (0, "29.0.0\n", "")),
            (["/bin/kind", "get", "clusters"], (0, "", "")),
            (["/bin/kind", "version"], (0, "kind v0.29.0\n", "")),
        ]
    )
    with pytest.raises(kindlib.KindError) as err:
        kind_service.KindService(runner, _params()).run()
    assert "kind release v0.29.0 is not in the node-image table" in str(err.value)
    assert not any(argv[1:3] == ["create", "cluster"] for argv, _env in runner.calls)
