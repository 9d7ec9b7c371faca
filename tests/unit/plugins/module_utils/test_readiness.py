from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import readiness as r
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.tests.support.kubetest import FakeClient as RecordingClient


def cond(ctype, status, reason="", message=""):
    return {
        "type": ctype,
        "status": status,
        "reason": reason,
        "message": message,
        "lastTransitionTime": "2026-01-01T00:00:00Z",
    }


def flux_obj(*conds, generation=2, observed=2, kind="HelmRelease", api="helm.toolkit.fluxcd.io/v2"):
    status = {"conditions": list(conds)}
    if observed is not None:
        status["observedGeneration"] = observed
    return {
        "apiVersion": api,
        "kind": kind,
        "metadata": {"name": "x", "namespace": "y", "generation": generation},
        "status": status,
    }


@pytest.mark.parametrize(
    "obj,state,reason",
    [
        (flux_obj(cond("Ready", "True", "InstallSucceeded", "Helm install succeeded")), "ready", "InstallSucceeded"),
        (flux_obj(cond("Ready", "True", "Succeeded"), observed=1), "progressing", "NotObserved"),
        (flux_obj(), "progressing", "NoReadyCondition"),
        (flux_obj(cond("Ready", "Unknown", "Progressing", "reconciliation in progress")), "progressing", "Progressing"),
        (flux_obj(cond("Ready", "False", "InstallFailed", "boom")), "failed", "InstallFailed"),
        (
            flux_obj(cond("Ready", "False", "UpgradeFailed", "boom"), cond("Reconciling", "True", "ProgressingWithRetry")),
            "failed",
            "UpgradeFailed",
        ),
        (
            flux_obj(cond("Ready", "False", "InstallFailed", "old"), cond("Reconciling", "True", "Progressing")),
            "progressing",
            "InstallFailed",
        ),
        (
            flux_obj(cond("Ready", "False", "DependencyNotReady", "dependency 'a' is not ready")),
            "progressing",
            "DependencyNotReady",
        ),
        (
            flux_obj(cond("Ready", "False", "X"), cond("Stalled", "True", "InvalidChartReference", "no chart")),
            "failed",
            "InvalidChartReference",
        ),
        (flux_obj(cond("Ready", "False", "InstallFailed"), observed=1), "progressing", "NotObserved"),
        (
            flux_obj(
                cond("Ready", "False", "ArtifactFailed", "no artifact"),
                kind="Kustomization",
                api="kustomize.toolkit.fluxcd.io/v1",
            ),
            "failed",
            "ArtifactFailed",
        ),
        (None, "missing", "NotFound"),
    ],
)
def test_flux(obj, state, reason):
    got = r.evaluate(obj)
    assert (got["state"], got["reason"]) == (state, reason)


def test_custom_terminal_reasons():
    obj = flux_obj(cond("Ready", "False", "HealthCheckFailed", "timeout"))
    assert r.evaluate(obj)["state"] == "progressing"
    assert r.evaluate(obj, terminal_reasons={"HealthCheckFailed"})["state"] == "failed"


def test_crd():
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "a"},
        "status": {},
    }
    assert r.evaluate(crd)["state"] == "progressing"
    crd["status"]["conditions"] = [cond("NamesAccepted", "False", "NameConflict", "taken")]
    assert r.evaluate(crd)["state"] == "failed"
    crd["status"]["conditions"] = [cond("NamesAccepted", "True"), cond("Established", "True", "InitialNamesAccepted")]
    assert r.evaluate(crd)["state"] == "ready"


def deployment(replicas=2, generation=3, **status):
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d", "generation": generation},
        "spec": {"replicas": replicas},
        "status": status,
    }


@pytest.mark.parametrize(
    "obj,state",
    [
        (deployment(observedGeneration=2, replicas=2, updatedReplicas=2, availableReplicas=2), "progressing"),
        (deployment(observedGeneration=3, replicas=2, updatedReplicas=1, availableReplicas=2), "progressing"),
        (deployment(observedGeneration=3, replicas=3, updatedReplicas=2, availableReplicas=2), "progressing"),
        (deployment(observedGeneration=3, replicas=2, updatedReplicas=2, availableReplicas=1), "progressing"),
        (deployment(observedGeneration=3, replicas=2, updatedReplicas=2, availableReplicas=2), "ready"),
        (
            deployment(observedGeneration=3, conditions=[cond("Progressing", "False", "ProgressDeadlineExceeded", "too slow")]),
            "failed",
        ),
        (deployment(replicas=0, observedGeneration=3), "ready"),
    ],
)
def test_deployment(obj, state):
    assert r.evaluate(obj)["state"] == state


def test_statefulset_and_daemonset():
    sts = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "s", "generation": 1},
        "spec": {"replicas": 2},
    }
    sts["status"] = {
        "observedGeneration": 1,
        "updatedReplicas": 2,
        "readyReplicas": 2,
        "currentRevision": "a",
        "updateRevision": "b",
    }
    assert r.evaluate(sts)["state"] == "progressing"
    sts["status"]["currentRevision"] = "b"
    assert r.evaluate(sts)["state"] == "ready"
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "d", "generation": 1}}
    ds["status"] = {
        "observedGeneration": 1,
        "desiredNumberScheduled": 3,
        "updatedNumberScheduled": 3,
        "numberAvailable": 2,
    }
    assert r.evaluate(ds)["state"] == "progressing"
    ds["status"]["numberAvailable"] = 3
    assert r.evaluate(ds)["state"] == "ready"


def test_constraint_template():
    ct = {
        "apiVersion": "templates.gatekeeper.sh/v1",
        "kind": "ConstraintTemplate",
        "metadata": {"name": "k8srequiredlabels", "generation": 1},
        "status": {},
    }
    assert r.evaluate(ct)["state"] == "progressing"
    ct["status"] = {"created": True}
    assert r.evaluate(ct)["state"] == "ready"
    ct["status"]["byPod"] = [
        {
            "id": "gatekeeper-audit",
            "observedGeneration": 1,
            "errors": [{"code": "ingest_error", "message": "rego_parse_error"}],
        }
    ]
    got = r.evaluate(ct)
    assert got["state"] == "failed" and "rego_parse_error" in got["message"]


def test_generic():
    obj = {"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "t"}}
    assert r.evaluate(obj)["state"] == "ready"
    obj["status"] = {"conditions": [cond("Available", "False", "Waiting")]}
    assert r.evaluate(obj)["reason"] == "Waiting"
    obj["status"]["conditions"].append(cond("Ready", "True"))
    assert r.evaluate(obj)["state"] == "ready"


def test_table():
    text = r.format_table([{"ref": "HelmRelease/a/b", "state": "failed", "reason": "InstallFailed", "message": "line1\nline2"}])
    lines = text.splitlines()
    assert lines[0].split() == ["OBJECT", "STATE", "REASON", "MESSAGE"]
    assert "HelmRelease/a/b" in lines[1] and "line1 line2" in lines[1]


def test_normalize_refs():
    with pytest.raises(ValueError, match="exactly one of name and label_selector"):
        r.normalize_refs([{"api_version": "v1", "kind": "Pod"}])
    with pytest.raises(ValueError, match="at least one"):
        r.normalize_refs([])


class FakeClient:
    def __init__(self, sequence):
        self.sequence = list(sequence)

    def get(self, ref):
        return self.sequence.pop(0) if len(self.sequence) > 1 else self.sequence[0]


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, s):
        self.now += s


REF = [{"api_version": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "name": "x", "namespace": "y"}]


@pytest.mark.parametrize(
    "sequence,outcome,max_elapsed",
    [
        (
            [flux_obj(cond("Ready", "Unknown", "Progressing")), flux_obj(cond("Ready", "True", "InstallSucceeded"))],
            "ready",
            2,
        ),
        (
            [
                flux_obj(cond("Ready", "Unknown", "Progressing")),
                flux_obj(cond("Ready", "False", "InstallFailed", "boom")),
            ],
            "failed",
            2,
        ),
        ([flux_obj(cond("Ready", "Unknown", "Progressing"))], "timeout", 31),
    ],
)
def test_wait_for(sequence, outcome, max_elapsed):
    clock = Clock()
    got = r.wait_for(FakeClient(sequence), REF, timeout=30, poll_interval=1, clock=clock, sleep=clock.sleep)
    assert got["outcome"] == outcome and got["elapsed"] <= max_elapsed
    assert got["ok"] == (outcome == "ready")


# -- wait: the wait_ready service, against the recording fake client ----------------------------------
class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def deployment(name):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "n", "generation": 1}, "spec": {"replicas": 1}}


AVAILABLE = {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1, "readyReplicas": 1}
STUCK = {"observedGeneration": 1, "conditions": [cond("Progressing", "False", "ProgressDeadlineExceeded", "too slow")]}


def test_wait_refuses_bad_input_before_connecting():
    def connect():
        raise AssertionError("must not connect")

    with pytest.raises(ValidationError, match="exactly one of name and label_selector"):
        r.wait(connect, [{"api_version": "apps/v1", "kind": "Deployment"}])
    with pytest.raises(ValidationError, match="timeout=5, poll_interval=0: expected timeout >= 0 and poll_interval > 0"):
        r.wait(connect, [{"api_version": "apps/v1", "kind": "Deployment", "name": "a"}], timeout=5, poll_interval=0)


def test_wait_returns_rows_when_everything_is_ready():
    client = RecordingClient(objects=[deployment("a"), deployment("b")], statuses={"a": AVAILABLE, "b": AVAILABLE})
    refs = [{"api_version": "apps/v1", "kind": "Deployment", "namespace": "n", "name": n} for n in ("a", "b")]
    clock = FakeClock()
    result = r.wait(lambda: client, refs, timeout=10, poll_interval=1, clock=clock, sleep=clock.sleep)
    assert result["outcome"] == "ready" and result["changed"] is False and result["not_ready"] == [] and result["table"] == ""
    assert [row["ref"] for row in result["resources"]] == ["Deployment/n/a", "Deployment/n/b"]


def test_wait_fails_at_once_on_a_terminal_failure_with_the_table():
    client = RecordingClient(objects=[deployment("a"), deployment("b")], statuses={"a": AVAILABLE, "b": STUCK})
    clock = FakeClock()
    refs = [{"api_version": "apps/v1", "kind": "Deployment", "namespace": "n", "name": n} for n in ("a", "b")]
    with pytest.raises(r.NotReadyError) as e:
        r.wait(lambda: client, refs, timeout=300, poll_interval=2, clock=clock, sleep=clock.sleep)
    assert clock.now == 0, "a terminal failure must not wait"
    assert str(e.value).startswith("1 of 2 object(s) failed:\nOBJECT")
    assert "Deployment/n/b  failed  ProgressDeadlineExceeded  too slow" in str(e.value)
    assert e.value.result["outcome"] == "failed" and [row["ref"] for row in e.value.result["not_ready"]] == ["Deployment/n/b"]


def test_wait_times_out_on_a_missing_object():
    clock = FakeClock()
    ref = [{"api_version": "apps/v1", "kind": "Deployment", "namespace": "n", "name": "gone"}]
    with pytest.raises(r.NotReadyError, match="1 of 1 object\\(s\\) not ready after 5s") as e:
        r.wait(RecordingClient, ref, timeout=5, poll_interval=2, clock=clock, sleep=clock.sleep)
    assert e.value.result["outcome"] == "timeout" and e.value.result["not_ready"][0]["state"] == "missing"
    assert clock.now == 5
