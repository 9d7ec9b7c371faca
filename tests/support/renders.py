"""What the roles build from each environment's inventory, computed as the roles do, for the render and preflight tests."""

from __future__ import annotations

import glob
import json
import os

import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template

from ansible_collections.platform.runtime.plugins.filter import cert_manager as cert_manager_filters
from ansible_collections.platform.runtime.plugins.filter import mesh as mesh_filters
from ansible_collections.platform.runtime.tests.support.inventory import group_vars, role_defaults

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GATEKEEPER_ROLE = os.path.join(ROOT, "roles", "gatekeeper")
ENVS = ("local", "dev", "staging", "prod")


def istio_releases(env):
    """The HelmReleases and mesh objects the roles build from ``env``'s inventory (as roles/*/tasks do)."""
    inv = group_vars(env)
    node_ports = inv.get("istio_gateway_node_ports") or {}
    cfg = {
        "environment": env,
        "revisions": inv.get("istio_revisions"),
        "revision_tags": inv.get("istio_revision_tags"),
        "injection": inv.get("platform_istio_revision"),
        "service_type": inv.get("istio_gateway_service_type"),
        "node_ports": node_ports,
        "mesh_config": role_defaults("istio")["istio_mesh_config"],
    }
    plan = mesh_filters.istio_plan(cfg)
    cm = cert_manager_filters.cert_manager_plan({"acme_email": inv["cert_manager_acme_email"]})
    platform = mesh_filters.istio_platform_objects(
        {
            "environment": env,
            "tracing_provider": "otel-tracing",
            "mesh_config": cfg["mesh_config"],
            "gateway": {"hosts": inv["istio_gateway_hosts"], "credential_name": "platform-ingress-tls"},
        }
    )
    teams = mesh_filters.istio_team_objects(
        inv["platform_teams"], env, {"istio_revision": plan["injection_label"], "gateway_hosts": inv["istio_gateway_hosts"]}
    )
    return plan["releases"] + cm["releases"], platform + cm["issuers"] + [o for o in teams if o["kind"] != "Namespace"]


def _trusted(node):
    if isinstance(node, str):
        return trust_as_template(node)
    if isinstance(node, dict):
        return {k: _trusted(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_trusted(v) for v in node]
    return node


def gatekeeper_settings(env, upstream_dir):
    variables = {}
    for path in [os.path.join(GATEKEEPER_ROLE, "defaults", "main.yml")] + sorted(
        glob.glob(os.path.join(ROOT, "inventories", env, "group_vars", "all", "*.yml"))
    ):
        with open(path) as f:
            variables.update(yaml.safe_load(f) or {})
    variables = _trusted(variables)
    variables.update(role_path=GATEKEEPER_ROLE, gatekeeper_upstream_dir=upstream_dir)
    templar = Templar(loader=DataLoader(), variables=variables)

    def get(name):  # plain data, as a module receives it (the Templar returns tagged str subclasses)
        return json.loads(json.dumps(templar.template(variables[name])))

    with open(os.path.join(GATEKEEPER_ROLE, "templates", "constraints.yml.j2")) as f:
        constraints = json.loads(templar.template(trust_as_template(f.read())))
    return get, constraints
