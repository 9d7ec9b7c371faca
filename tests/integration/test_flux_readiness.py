"""wait_ready against the real status subresource of HelmRelease and Kustomization objects.

A background thread plays the controller: it patches status conditions through ``/status`` while the wait runs.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import flux
from ansible_collections.platform.runtime.plugins.module_utils.kube import apply_batch, apply_crds
from ansible_collections.platform.runtime.plugins.module_utils.readiness import wait_for
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents
from ansible_collections.platform.runtime.tests.support.kubetest import patch_status

pytestmark = pytest.mark.k8s


@pytest.fixture(scope="module")
def flux_ns(kube, upstream_dir):
    crds = [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]
    results = apply_crds(kube, crds)[0]
    assert all(r["action"] != "failed" for r in results)
    refs = [{"api_version": c["apiVersion"], "kind": c["kind"], "name": c["metadata"]["name"]} for c in crds]
    assert wait_for(kube, refs, timeout=60, poll_interval=0.3)["ok"]
    kube.forget()
    ns = "readiness"
    apply_batch(kube, [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}])
    return ns


def cond(ctype, status, reason, message=""):
    return {
        "type": ctype,
        "status": status,
        "reason": reason,
        "message": message or reason,
        "lastTransitionTime": "2026-01-01T00:00:00Z",
    }


def make(kube, obj):
    result = apply_batch(kube, [obj])[0]
    assert result["action"] in ("created", "unchanged"), result
    return result["object"]


def release(kube, ns, name):
    return make(kube, flux.helm_release(name, ns, "podinfo", "6.7.1", "podinfo"))


def kustomization(kube, ns, name):
    return make(kube, flux.kustomization(name, ns, "./apps", "platform"))


def set_status(kube, obj, *conds):
    patch_status(kube, obj, {"observedGeneration": obj["metadata"]["generation"], "conditions": list(conds)})


def later(delay, fn, *args):
    t = threading.Timer(delay, fn, args)
    t.start()
    return t


def ref(obj):
    md = obj["metadata"]
    return {"api_version": obj["apiVersion"], "kind": obj["kind"], "name": md["name"], "namespace": md["namespace"]}


def test_progressing_then_ready(kube, flux_ns, unique):
    hr = release(kube, flux_ns, "ok-" + unique)
    ks = kustomization(kube, flux_ns, "ok-" + unique)
    set_status(
        kube,
        hr,
        cond("Ready", "Unknown", "Progressing", "reconciliation in progress"),
        cond("Reconciling", "True", "Progressing"),
    )
    set_status(kube, ks, cond("Ready", "Unknown", "Progressing"))
    t1 = later(
        1.0,
        set_status,
        kube,
        hr,
        cond("Ready", "True", "InstallSucceeded", "Helm install succeeded for release podinfo"),
    )
    t2 = later(1.5, set_status, kube, ks, cond("Ready", "True", "ReconciliationSucceeded", "Applied revision: main@sha1:abc"))
    out = wait_for(kube, [ref(hr), ref(ks)], timeout=30, poll_interval=0.2)
    t1.join()
    t2.join()
    assert out["ok"] and out["outcome"] == "ready", out
    assert 1.0 <= out["elapsed"] < 10
    assert {r["reason"] for r in out["rows"]} == {"InstallSucceeded", "ReconciliationSucceeded"}


def test_progressing_then_failed_fails_fast(kube, flux_ns, unique):
    hr = release(kube, flux_ns, "bad-" + unique)
    set_status(kube, hr, cond("Ready", "Unknown", "Progressing"), cond("Reconciling", "True", "Progressing"))
    message = "Helm install failed for release podinfo: context deadline exceeded"
    t = later(
        1.0,
        set_status,
        kube,
        hr,
        cond("Ready", "False", "InstallFailed", message),
        cond("Reconciling", "True", "ProgressingWithRetry"),
    )
    start = time.monotonic()
    out = wait_for(kube, [ref(hr)], timeout=120, poll_interval=0.2)
    took = time.monotonic() - start
    t.join()
    assert out["outcome"] == "failed" and took < 10, (out, took)
    assert out["not_ready"][0]["reason"] == "InstallFailed" and out["not_ready"][0]["message"] == message


def test_kustomization_artifact_failed_fails_fast(kube, flux_ns, unique):
    ks = kustomization(kube, flux_ns, "art-" + unique)
    set_status(kube, ks, cond("Ready", "False", "ArtifactFailed", "Source artifact not found, retrying in 30s"))
    out = wait_for(kube, [ref(ks)], timeout=60, poll_interval=0.2)
    assert out["outcome"] == "failed" and out["elapsed"] < 5


def test_stale_generation_is_not_ready(kube, flux_ns, unique):
    hr = release(kube, flux_ns, "stale-" + unique)
    patch_status(kube, hr, {"observedGeneration": 0, "conditions": [cond("Ready", "True", "InstallSucceeded")]})
    out = wait_for(kube, [ref(hr)], timeout=1, poll_interval=0.2)
    assert out["outcome"] == "timeout" and out["not_ready"][0]["reason"] == "NotObserved"


def test_never_ready_times_out_with_table(kube, flux_ns, unique, run_playbook, control_plane):
    hr = release(kube, flux_ns, "slow-" + unique)
    set_status(kube, hr, cond("Ready", "False", "DependencyNotReady", "dependency 'readiness/istio-base' is not ready"))
    missing = {
        "api_version": "helm.toolkit.fluxcd.io/v2",
        "kind": "HelmRelease",
        "name": "missing-" + unique,
        "namespace": flux_ns,
    }
    start = time.monotonic()
    result = run_playbook(
        "tests/integration/playbooks/wait_ready.yml",
        extra_vars={
            "platform_kubeconfig": control_plane["kubeconfig"],
            "wait_resources": [ref(hr), missing],
            "wait_timeout": 3,
        },
    )
    took = time.monotonic() - start
    assert result.rc != 0
    task = result.task_results("Wait until ready")[0]
    assert task["outcome"] == "timeout" and task["elapsed"] >= 3 and took < 60
    assert "2 of 2 object(s) not ready after 3s" in task["msg"]
    lines = task["table"].splitlines()
    assert lines[0].split()[:3] == ["OBJECT", "STATE", "REASON"]
    assert "DependencyNotReady" in lines[1] and "dependency 'readiness/istio-base' is not ready" in lines[1]
    assert "missing" in lines[2] and "NotFound" in lines[2]
    assert {r["reason"] for r in task["not_ready"]} == {"DependencyNotReady", "NotFound"}


def test_module_fails_fast_through_ansible(kube, flux_ns, unique, run_playbook, control_plane):
    ks = kustomization(kube, flux_ns, "mod-" + unique)
    set_status(kube, ks, cond("Ready", "False", "BuildFailed", "kustomize build failed: accumulating resources"))
    result = run_playbook(
        "tests/integration/playbooks/wait_ready.yml",
        extra_vars={
            "platform_kubeconfig": control_plane["kubeconfig"],
            "wait_resources": [ref(ks)],
            "wait_timeout": 600,
        },
    )
    task = result.task_results("Wait until ready")[0]
    assert result.rc != 0 and task["outcome"] == "failed" and task["elapsed"] < 5
    assert "BuildFailed" in task["msg"] and "kustomize build failed" in task["msg"]


def test_label_selector(kube, flux_ns, unique):
    obj = flux.kustomization("sel-" + unique, flux_ns, "./x", "platform", labels={"team": unique})
    ks = make(kube, obj)
    set_status(kube, ks, cond("Ready", "True", "ReconciliationSucceeded"))
    sel = {
        "api_version": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "namespace": flux_ns,
        "label_selector": "team=" + unique,
    }
    assert wait_for(kube, [sel], timeout=5, poll_interval=0.2)["ok"]
    sel["label_selector"] = "team=nobody"
    out = wait_for(kube, [sel], timeout=0.5, poll_interval=0.2)
    assert out["outcome"] == "timeout" and out["not_ready"][0]["reason"] == "NoMatch"
