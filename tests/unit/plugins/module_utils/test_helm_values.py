from __future__ import annotations

import json
import os

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import helm_values as hv


@pytest.fixture(scope="module")
def istiod(upstream_dir):
    with open(os.path.join(upstream_dir, "istio-1.30.3", "istiod", "values.yaml")) as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def gateway(upstream_dir):
    d = os.path.join(upstream_dir, "istio-1.30.3", "gateway")
    with open(os.path.join(d, "values.yaml")) as f, open(os.path.join(d, "values.schema.json")) as s:
        return yaml.safe_load(f), json.load(s)


def test_typo_names_key_and_suggests(istiod):
    problems = hv.validate({"pilot": {"resoures": {"requests": {"cpu": "1"}}}}, istiod, aliases={"pilot": ""})
    assert len(problems) == 1
    assert problems[0]["path"] == "pilot.resoures" and problems[0]["suggestion"] == "pilot.resources"
    assert "did you mean 'pilot.resources'" in problems[0]["message"]
    top = hv.validate({"autoscaleMn": 2}, istiod)
    assert top[0]["suggestion"] == "autoscaleMin"


def test_valid_values_and_free_form_maps(istiod):
    values = {
        "autoscaleMin": 2,
        "resources": {"limits": {"cpu": "2"}},  # the default only has requests
        "podAnnotations": {"anything.example.com/x": "y"},  # default {}
        "nodeSelector": {"disktype": "ssd"},
        "env": {"PILOT_X": "1"},
        "meshConfig": {"accessLogFile": "/dev/stdout"},
        "sidecarInjectorWebhook": {"enableNamespacesByDefault": True},
        "pilot": {"autoscaleMax": 3},
    }
    assert hv.validate(values, istiod, aliases={"pilot": ""}) == []


def test_nested_typo_in_structured_map(istiod):
    problems = hv.validate({"sidecarInjectorWebhook": {"enableNamespacesByDefualt": True}}, istiod)
    assert problems[0]["suggestion"] == "sidecarInjectorWebhook.enableNamespacesByDefault"


def test_scalar_where_map_expected(istiod):
    problems = hv.validate({"sidecarInjectorWebhook": "on"}, istiod)
    assert "expected a map" in problems[0]["message"]


def test_caller_free_form_path(istiod):
    assert hv.validate({"sidecarInjectorWebhook": {"custom": 1}}, istiod, free_form=["sidecarInjectorWebhook"]) == []


def test_gateway_schema(gateway):
    defaults, schema = gateway
    assert hv.validate({"replicaCount": 2, "service": {"type": "ClusterIP"}}, defaults, schema=schema) == []
    problems = hv.validate({"replicaCount": "two"}, defaults, schema=schema)
    assert problems[0]["path"] == "replicaCount" and "integer" in problems[0]["message"]
    problems = hv.validate({"kind": "ReplicaSet"}, defaults, schema=schema)
    assert "values.schema.json: kind" in problems[0]["message"]


def test_schema_unknown_top_level_key_suggests(gateway):
    defaults, schema = gateway
    problems = hv.check_schema({"servce": {}}, defaults, schema)
    assert problems[0]["path"] == "servce" and problems[0]["suggestion"] == "service"


def test_not_a_map():
    assert "expected a map" in hv.validate(["a"], {})[0]["message"]
