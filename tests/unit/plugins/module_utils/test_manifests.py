"""manifests.run (the manifest_apply service) against the recording fake client."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import manifests
from ansible_collections.platform.runtime.tests.support.kubetest import FakeClient

ESTABLISHED = {"conditions": [{"type": "Established", "status": "True"}]}


def crd(group="widgets.example.com", kind="Widget"):
    plural = kind.lower() + "s"
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{group}"},
        "spec": {"group": group, "names": {"kind": kind, "plural": plural}, "scope": "Namespaced", "versions": []},
    }


def widget(name, group="widgets.example.com"):
    return {"apiVersion": f"{group}/v1", "kind": "Widget", "metadata": {"name": name, "namespace": "n"}}


def cm(name):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "n"}, "data": {"k": "v"}}


class Connect:
    def __init__(self, client):
        self.client, self.calls = client, 0

    def __call__(self):
        self.calls += 1
        return self.client


def test_run_applies_crds_first_waits_for_them_then_the_rest_from_definitions_and_src(tmp_path):
    src = tmp_path / "more.yaml"
    src.write_text(yaml.safe_dump_all([cm("from-file")]))
    client = FakeClient(statuses={"widgets.widgets.example.com": ESTABLISHED})
    warned = []
    result = manifests.run(Connect(client), [widget("w"), crd()], src=str(src), diff=True, warn=warned.append)
    applies = [c[1] for c in client.calls if c[0] == "APPLY"]
    assert applies[0] == "CustomResourceDefinition/widgets.widgets.example.com"
    assert sorted(applies[1:]) == ["ConfigMap/n/from-file", "Widget/n/w"]
    assert client.forgotten >= 1, "discovery must be dropped once the CRDs are Established"
    assert result["changed"] is True and result["warnings_compat"] == [] and warned == []
    assert result["summary"] == {"created": ["CustomResourceDefinition/widgets.widgets.example.com", "Widget/n/w", "ConfigMap/n/from-file"]}
    assert [d["after_header"] for d in result["diff"]] == [r["ref"] for r in result["results"]]


def test_run_check_mode_predicts_objects_of_new_crds_locally_and_applies_nothing():
    client = FakeClient(unknown={"Widget"})
    result = manifests.run(Connect(client), [crd(), widget("w"), cm("c")], check_mode=True)
    assert not [c for c in client.calls if c[0] == "APPLY"]
    assert ("DRYRUN", "ConfigMap/n/c") in client.calls and ("DRYRUN", "Widget/n/w") not in client.calls
    by_ref = {r["ref"]: r for r in result["results"]}
    assert by_ref["Widget/n/w"]["prediction"] == "local" and by_ref["ConfigMap/n/c"]["prediction"] == "server"
    assert "diff" not in result


def test_run_refuses_bad_input_before_connecting(tmp_path):
    connect = Connect(FakeClient())
    with pytest.raises(manifests.ManifestError, match=r"definitions\[1\]: expected an object with apiVersion, kind and metadata.name"):
        manifests.run(connect, [cm("ok"), {"kind": "ConfigMap"}])
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [unclosed\n")
    with pytest.raises(manifests.ManifestError, match=f"src={bad}: cannot read the manifests"):
        manifests.run(connect, [], src=str(bad))
    assert connect.calls == 0


def test_run_failure_carries_the_results_so_far():
    client = FakeClient(fail={"denied"})
    with pytest.raises(manifests.ManifestError) as e:
        manifests.run(Connect(client), [cm("ok"), cm("denied")])
    assert "ConfigMap/n/denied: denied" in str(e.value)
    assert e.value.result["summary"] == {"created": ["ConfigMap/n/ok"], "failed": ["ConfigMap/n/denied"]}
    assert "not_ready" not in e.value.result


def test_run_reports_crds_that_never_become_established():
    client = FakeClient(statuses={"widgets.widgets.example.com": {"conditions": [{"type": "NamesAccepted", "status": "False", "reason": "Clash"}]}})
    with pytest.raises(manifests.ManifestError, match="CRDs not Established") as e:
        manifests.run(Connect(client), [crd(), widget("w")], crd_timeout=0)
    assert e.value.result["not_ready"][0]["reason"] == "Clash"
    assert not [c for c in client.calls if c == ("APPLY", "Widget/n/w")], "nothing is applied on top of a failed CRD"
