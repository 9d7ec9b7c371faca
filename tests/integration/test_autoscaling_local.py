# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The autoscaling role on the local control plane (envtest): nothing to install, and it says why."""

from __future__ import annotations

import os

import pytest

pytestmark = [pytest.mark.k8s, pytest.mark.upstream]
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def test_role_installs_nothing_on_the_local_control_plane_and_says_so(run_playbook, control_plane, kube):
    ev = {"platform_kubeconfig": control_plane["kubeconfig"], "platform_environment": "local", "platform_cluster_provider": "envtest"}
    playbook = os.path.join(ROOT, "tests", "integration", "playbooks", "autoscaling.yml")
    out = run_playbook(playbook, extra_vars=ev, inventory="localhost,")
    assert out.rc == 0 and out.changed() == 0, out.explain()
    (msg,) = [r["msg"] for r in out.task_results("Report")]
    assert msg == (
        "autoscaling: metrics-server not installed (the local control plane has no kubelets, so metrics-server has nothing to read);"
        " cluster-autoscaler not installed (the local control plane has no nodes)"
    )
    (apply,) = out.task_results("Apply the HelmRepositories and HelmReleases")
    assert apply.get("skipped") is True  # nothing to apply, so nothing exported either
