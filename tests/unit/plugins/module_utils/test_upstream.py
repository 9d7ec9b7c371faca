from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import upstream


def test_load_documents_reads_bare_equals_scalar():
    docs = upstream.load_documents("a: 1\n---\nenum:\n- =\n- '!='\n---\n")
    assert docs == [{"a": 1}, {"enum": ["=", "!="]}]


CRD = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "things.example.com"},
    "spec": {
        "versions": [
            {
                "name": "v1",
                "schema": {
                    "openAPIV3Schema": {
                        "type": "object",
                        "x-kubernetes-validations": [{"rule": "self.a == self.b"}],
                        "properties": {
                            "a": {"type": "string", "default": ""},
                            "b": {"type": "string", "default": "x"},
                            "c": {"type": "integer", "default": 0},
                            "d": {
                                "type": "array",
                                "items": {"type": "object", "x-kubernetes-validations": [{"rule": "true"}]},
                            },
                        },
                    }
                },
            }
        ]
    },
}


def test_strip_crd_for_legacy_server_drops_only_what_old_servers_reject():
    out, dropped = upstream.strip_crd_for_legacy_server(CRD)
    props = out["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]
    assert "x-kubernetes-validations" not in out["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    assert "default" not in props["a"]
    assert props["b"]["default"] == "x" and props["c"]["default"] == 0
    assert "x-kubernetes-validations" not in props["d"]["items"]
    assert len(dropped) == 3
    # the input is untouched
    assert "default" in CRD["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["a"]
    assert "2 x-kubernetes-validations" in upstream.compat_warning(out, dropped)


@pytest.mark.parametrize(
    "info,expected,compat",
    [
        ({"major": "1", "minor": "20"}, (1, 20), True),
        ({"major": "1", "minor": "24+"}, (1, 24), True),
        ({"major": "1", "minor": "25"}, (1, 25), True),
        ({"major": "1", "minor": "31"}, (1, 31), False),
    ],
)
def test_server_version_and_compat(info, expected, compat):
    assert upstream.parse_server_minor(info) == expected
    assert upstream.needs_crd_compat(expected) is compat


def test_upstream_crds_all_load(upstream_dir):
    crds = upstream.load_crds(upstream_dir)
    names = {c["metadata"]["name"] for _path, c in crds}
    assert "alertmanagerconfigs.monitoring.coreos.com" in names
    assert "helmreleases.helm.toolkit.fluxcd.io" in names
    assert "constrainttemplates.templates.gatekeeper.sh" in names
    assert "peerauthentications.security.istio.io" in names


def _map_list(key_schema, required=()):
    items = {"type": "object", "properties": {"name": key_schema, "v": {"type": "string"}}}
    if required:
        items["required"] = list(required)
    return {"type": "array", "items": items, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"]}


def test_strip_makes_a_map_list_atomic_only_when_its_key_lost_its_default():
    crd = {
        "metadata": {"name": "things.example.com"},
        "spec": {
            "versions": [
                {
                    "name": "v1",
                    "schema": {
                        "openAPIV3Schema": {
                            "type": "object",
                            "properties": {
                                "lost": _map_list({"type": "string", "default": ""}),
                                "required": _map_list({"type": "string", "default": ""}, required=["name"]),
                                "kept": _map_list({"type": "string", "default": "x"}),
                            },
                        }
                    },
                }
            ]
        },
    }
    out, dropped = upstream.strip_crd_for_legacy_server(crd)
    props = out["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]
    assert props["lost"]["x-kubernetes-list-type"] == "atomic" and "x-kubernetes-list-map-keys" not in props["lost"]
    assert props["required"]["x-kubernetes-list-type"] == "map" and props["kept"]["x-kubernetes-list-type"] == "map"
    assert sorted(d.rsplit(".", 1)[1] for d in dropped) == ["default", "default", "x-kubernetes-list-type"]
    assert "1 map list(s) whose key lost its default made atomic" in upstream.compat_warning(out, dropped)


def test_strip_drops_selectable_fields_below_1_31_only():
    crd = {"metadata": {"name": "x.example.com"}, "spec": {"versions": [{"name": "v1", "selectableFields": [{"jsonPath": ".spec.a"}]}]}}
    out, dropped = upstream.strip_crd_for_legacy_server(crd, (1, 30))
    assert "selectableFields" not in out["spec"]["versions"][0] and dropped == ["spec.versions[0](v1).selectableFields"]
    assert upstream.compat_warning(out, dropped) == "CRD x.example.com: server is older than 1.31, dropped selectableFields of 1 version(s) (needs 1.31+)"
    assert upstream.strip_crd_for_legacy_server(crd, (1, 31)) == (crd, [])
    assert upstream.needs_crd_compat((1, 30)) and not upstream.needs_crd_compat((1, 31))
