from __future__ import annotations

import os

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import kube
from ansible_collections.platform.runtime.tests.support.kubetest import FakeClient


def test_diff_ignores_server_bookkeeping():
    before = {
        "kind": "ConfigMap",
        "metadata": {"name": "a", "resourceVersion": "1", "uid": "u", "managedFields": [{}]},
        "data": {"k": "v"},
    }
    after = {"kind": "ConfigMap", "metadata": {"name": "a", "resourceVersion": "2", "uid": "u"}, "data": {"k": "v"}}
    changed, diff = kube.diff_objects(before, after)
    assert changed is False
    assert diff["before"] == {"kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "v"}}
    after["data"]["k"] = "w"
    assert kube.diff_objects(before, after)[0] is True
    assert kube.diff_objects(None, after) == (True, {"before": {}, "after": kube.clean(after)})


def test_waves_put_namespaces_first():
    objs = [{"kind": "RoleBinding"}, {"kind": "Deployment"}, {"kind": "Namespace"}, {"kind": "ServiceAccount"}]
    assert [kube.wave_of(o) for o in objs] == [2, 3, 0, 1]


def test_refs_and_summary():
    o = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "n"}}
    assert kube.obj_ref(o) == "ConfigMap/n/a"
    assert kube.obj_key(o) == ("v1", "ConfigMap", "n", "a")
    assert kube.summarize([{"ref": "x", "action": "created"}, {"ref": "y", "action": "unchanged"}]) == {
        "created": ["x"],
        "unchanged": ["y"],
    }


def cm(data, **annotations):
    md = {"name": "a", "namespace": "n"}
    if annotations:
        md["annotations"] = dict(annotations)
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": md, "data": data}


def test_desired_hash_ignores_its_own_annotation_and_follows_content():
    obj = cm({"k": "v"})
    h = kube.desired_hash(obj)
    assert len(h) == 16
    annotated = kube.with_hash(obj)
    assert annotated["metadata"]["annotations"] == {kube.HASH_ANNOTATION: h}
    assert "annotations" not in obj["metadata"], "with_hash must not touch its input"
    assert kube.desired_hash(annotated) == h
    assert kube.with_hash(annotated) == annotated
    assert kube.desired_hash(cm({"k": "w"})) != h
    assert kube.desired_hash(cm({"k": "v"}, owner="x")) != h


def test_contains_treats_missing_as_empty_and_compares_lists_by_element():
    live = {
        "metadata": {"name": "a", "uid": "u", "labels": {"x": "1", "y": "2"}},
        "spec": {"ports": [{"port": 80, "protocol": "TCP"}]},
    }
    assert kube.contains(live, {"metadata": {"name": "a", "labels": {"x": "1"}}})
    assert kube.contains(live, {"spec": {"ports": [{"port": 80}]}})
    assert not kube.contains(live, {"spec": {"ports": [{"port": 80}, {"port": 81}]}})
    assert not kube.contains(live, {"metadata": {"labels": {"x": "2"}}})
    assert kube.contains(live, {"metadata": {"annotations": {}}, "spec": {"selector": None, "extra": []}})
    assert not kube.contains(live, {"metadata": {"annotations": {"a": "b"}}})
    assert kube.contains({"a": None}, {"a": {}})
    assert not kube.contains({"a": "x"}, {"a": {"b": 1}})


def test_up_to_date_needs_same_hash_and_every_field():
    want = kube.with_hash(cm({"k": "v"}))
    live = kube.clean(want)
    live["metadata"]["uid"] = "u"
    live["data"]["server-added"] = "1"
    assert kube.up_to_date(live, want)
    assert not kube.up_to_date(None, want)
    assert not kube.up_to_date(live, cm({"k": "v"})), "without the hash on the desired object nothing is up to date"
    drifted = kube.clean(live)
    drifted["data"]["k"] = "edited"
    assert not kube.up_to_date(drifted, want)
    # A field removed from the desired state: the live object still holds every desired field, but the hash differs.
    old = kube.with_hash(cm({"k": "v", "gone": "1"}))
    assert kube.contains(old["data"], want["data"]) and not kube.up_to_date(old, want)


def ns_obj(name):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def sa(name, namespace):
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": namespace}}


def test_apply_batch_without_live_reads_every_object():
    client = FakeClient(objects=[ns_obj("old")])
    results = kube.apply_batch(client, [sa("x", "new"), ns_obj("new"), ns_obj("old")])
    assert [r["action"] for r in results] == ["created", "created", "updated"]
    assert sorted(c for c in client.calls if c[0] == "GET") == [
        ("GET", "Namespace/new"),
        ("GET", "Namespace/old"),
        ("GET", "ServiceAccount/new/x"),
    ]


def test_apply_batch_with_live_reads_only_what_it_cannot_know():
    live_ns = ns_obj("old")
    client = FakeClient(objects=[live_ns, sa("default", "new")])
    objs = [ns_obj("new"), ns_obj("old"), sa("x", "new"), sa("default", "new"), sa("y", "old")]
    results = kube.apply_batch(client, objs, live={kube.obj_key(live_ns): live_ns})
    assert [r["action"] for r in results] == ["created", "updated", "created", "updated", "created"]
    gets = sorted(c[1] for c in client.calls if c[0] == "GET")
    # the new namespace: not in live, so read; in it only the controller-made default ServiceAccount is read
    assert gets == ["Namespace/new", "ServiceAccount/new/default", "ServiceAccount/old/y"]


def test_apply_batch_skip_unchanged_sends_only_what_differs():
    same = kube.with_hash(sa("same", "n"))
    live_same = dict(kube.clean(same), metadata=dict(same["metadata"], uid="u"))
    stale = kube.with_hash(dict(sa("stale", "n"), automountServiceAccountToken=True))
    live = {kube.obj_key(live_same): live_same, kube.obj_key(stale): stale}
    client = FakeClient()
    results = kube.apply_batch(client, [sa("same", "n"), sa("stale", "n")], live=live, skip_unchanged=True)
    assert [r["action"] for r in results] == ["unchanged", "updated"]
    assert results[0]["changed"] is False and results[0]["diff"]["before"] == results[0]["diff"]["after"]
    assert client.calls == [("APPLY", "ServiceAccount/n/stale")]
    sent = results[1]["object"]
    assert sent["metadata"]["annotations"][kube.HASH_ANNOTATION] == kube.desired_hash(sa("stale", "n"))


def test_apply_batch_dry_run_predicts_objects_in_new_namespaces_locally():
    client = FakeClient()
    results = kube.apply_batch(client, [ns_obj("new"), sa("x", "new")], dry_run=True, live={})
    assert [(r["action"], r["prediction"]) for r in results] == [("created", "server"), ("created", "local")]
    assert ("APPLY", "ServiceAccount/new/x") not in client.calls


def test_apply_batch_stops_after_a_failing_wave():
    client = FakeClient(fail={"bad"})
    rb = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": {"name": "rb", "namespace": "n"},
    }
    results = kube.apply_batch(client, [rb, sa("bad", "n"), sa("ok", "n")], live={})
    assert [r["action"] for r in results] == ["skipped", "failed", "created"]
    assert results[1]["status"] == 403 and "denied" in results[1]["error"]


def test_list_index_lists_each_kind_once():
    client = FakeClient(objects=[ns_obj("a"), sa("x", "a"), sa("y", "b")])
    index = kube.list_index(client, [("v1", "Namespace"), ("v1", "ServiceAccount")], "team=t")
    assert set(index) == {kube.obj_key(o) for o in (ns_obj("a"), sa("x", "a"), sa("y", "b"))}
    assert client.lists == [("Namespace", None, "team=t"), ("ServiceAccount", None, "team=t")]
    client.lists = []
    index = kube.list_index(client, [("v1", "Namespace"), ("v1", "ServiceAccount"), ("x/v1", "Unknown")], None, namespaces=["a"])
    assert set(index) == {kube.obj_key(o) for o in (ns_obj("a"), sa("x", "a"))}
    assert client.lists == [("Namespace", None, None), ("ServiceAccount", "a", None)]


def test_kubernetes_is_imported_lazily():
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from ansible_collections.platform.runtime.plugins.module_utils import kube\n"
        "assert 'kubernetes' not in sys.modules, 'imported at import time'\n"
        "assert kube.HAS_KUBERNETES is True and kube.KUBERNETES_IMPORT_ERROR is None\n"
        "assert 'kubernetes' in sys.modules\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr


# -- connection options: kubernetes.core's, documented by the shared fragment ------------------------
def test_auth_arg_spec_is_kubernetes_core_and_the_fragment_documents_every_option():
    import yaml

    from ansible_collections.kubernetes.core.plugins.module_utils.args_common import AUTH_ARG_SPEC as CORE
    from ansible_collections.platform.runtime.plugins.doc_fragments.k8s_auth import ModuleDocFragment

    # kubernetes.core's, except that kubeconfig is no_log on every version (6.3.0 and later dropped it)
    assert dict(kube.AUTH_ARG_SPEC, kubeconfig=None) == dict(CORE, kubeconfig=None) and kube.AUTH_ARG_SPEC is not CORE
    assert kube.AUTH_ARG_SPEC["kubeconfig"] == dict(CORE["kubeconfig"], no_log=True)
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    assert set(documented) == set(kube.AUTH_ARG_SPEC)
    for name, spec in kube.AUTH_ARG_SPEC.items():
        assert documented[name].get("type", "str") == spec.get("type", "str"), name
        assert sorted(documented[name].get("aliases", [])) == sorted(spec.get("aliases", [])), name
        assert all(isinstance(line, str) for line in documented[name]["description"]), name
    assert set(documented["proxy_headers"]["suboptions"]) == set(kube.AUTH_ARG_SPEC["proxy_headers"]["options"])
    secrets = {n for n, s in kube.AUTH_ARG_SPEC.items() if s.get("no_log")}
    assert {"api_key", "password", "kubeconfig"} <= secrets
    assert all(s.get("no_log") for n, s in kube.AUTH_ARG_SPEC["proxy_headers"]["options"].items() if n != "user_agent")


def test_client_configuration_refuses_unknown_options_and_sends_one_header_per_group(monkeypatch):
    for k in [k for k in os.environ if k.startswith("K8S_AUTH_")]:
        monkeypatch.delenv(k)
    with pytest.raises(kube.KubeError, match="unknown connection option\\(s\\) kube_config"):
        kube.KubeClient(kube_config="/x")
    client = kube.KubeClient(host="https://127.0.0.1:1", api_key="t", impersonate_user="u", impersonate_groups=["a", "b"])
    assert client._headers.getlist("Impersonate-Group") == ["a", "b"] and client._headers["Impersonate-User"] == "u"
    assert client._cfg.get_api_key_with_prefix("authorization") == "Bearer t"
    # unset options come from K8S_AUTH_* (kubernetes.core's names), list options split on commas
    monkeypatch.setenv("K8S_AUTH_IMPERSONATE_GROUPS", "x,y")
    monkeypatch.setenv("K8S_AUTH_VERIFY_SSL", "no")
    client = kube.KubeClient(host="https://127.0.0.1:1", api_key="t")
    assert client._headers.getlist("Impersonate-Group") == ["x", "y"] and client._cfg.verify_ssl is False
    # options given win over the environment, and nothing leaks from one client into the next
    client = kube.KubeClient(host="https://127.0.0.1:2", api_key="t2", validate_certs=True, impersonate_groups=["z"])
    assert client._headers.getlist("Impersonate-Group") == ["z"] and client._cfg.verify_ssl is True and client._cfg.cert_file is None


def test_credential_plugins_authenticate_a_kubeconfig_in_order(monkeypatch, tmp_path):
    """kube.py knows no provider: registered plugins see every configuration loaded from a kubeconfig."""
    for k in [k for k in os.environ if k.startswith("K8S_AUTH_")]:
        monkeypatch.delenv(k)
    monkeypatch.setattr(kube, "CREDENTIAL_PLUGINS", [])
    path = tmp_path / "config"
    path.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\n"
        "contexts: [{name: c, context: {cluster: c, user: u}}]\n"
        "users: [{name: u, user: {token: from-file}}]\n"
    )
    seen = []

    def declines(cfg, kubeconfig, context):
        seen.append(("declines", kubeconfig, context))
        return False

    def token(cfg, kubeconfig, context):
        seen.append(("token", kubeconfig, context))
        cfg.api_key["authorization"] = "Bearer from-plugin"
        cfg.refresh_api_key_hook = None  # as a real provider installs its own refresh
        return True

    def never(cfg, kubeconfig, context):
        seen.append(("never", kubeconfig, context))
        return True

    for plugin in (declines, token, token, never):
        kube.register_credential_plugin(plugin)
    assert kube.CREDENTIAL_PLUGINS == [declines, token, never]
    client = kube.KubeClient(kubeconfig=str(path), context="c")
    assert client._cfg.get_api_key_with_prefix("authorization") == "Bearer from-plugin"
    assert seen == [("declines", str(path), "c"), ("token", str(path), "c")]
    # a client for an explicit host has no kubeconfig to authenticate: no plugin is asked
    kube.KubeClient(host="https://127.0.0.1:1", api_key="t")
    assert len(seen) == 2
