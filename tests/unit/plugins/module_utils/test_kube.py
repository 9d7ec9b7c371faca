# -*- coding: utf-8 -*-
from __future__ import annotations

from ansible_collections.platform.runtime.plugins.module_utils import kube


def test_diff_ignores_server_bookkeeping():
    before = {"kind": "ConfigMap", "metadata": {"name": "a", "resourceVersion": "1", "uid": "u", "managedFields": [{}]}, "data": {"k": "v"}}
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
    assert kube.summarize([{"ref": "x", "action": "created"}, {"ref": "y", "action": "unchanged"}]) == {"created": ["x"], "unchanged": ["y"]}
