# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the Istio role (istio_*) and the mesh analyzer (mesh_analyze); documented in the sibling <filter>.yml files."""

from __future__ import annotations

import copy

from ansible_collections.platform.runtime.plugins.module_utils import onboarding
from ansible_collections.platform.runtime.plugins.module_utils.mesh import analyzer as mesh_analyzer
from ansible_collections.platform.runtime.plugins.module_utils.mesh import builders as mesh
from ansible_collections.platform.runtime.plugins.plugin_utils import filters


def istio_plan(cfg):
    return filters.call("istio_plan", mesh.istio_plan, filters.mapping("istio_plan", cfg))


def istio_platform_objects(cfg):
    return filters.call("istio_platform_objects", mesh.platform_objects, filters.mapping("istio_platform_objects", cfg))


def _team_objects(teams, environment, settings):
    """Namespaces and mesh objects of every team as onboarding builds them (onboarding.build_istio)."""
    merged = onboarding.merge_settings(
        settings.get("environments"), None, settings.get("network"), settings.get("istio_revision"), settings.get("mesh_injection", True)
    )
    merged["mesh"] = {"gateway_ref": settings.get("gateway_ref"), "gateway_hosts": settings.get("gateway_hosts")}
    # ``traffic`` is read here, whether or not this onboarding version passes it through.
    raw, traffic = [], {}
    for team in teams or []:
        team = copy.deepcopy(team)
        for svc in team.get("services") or []:
            if isinstance(svc, dict) and "traffic" in svc:
                traffic[(team.get("name"), svc.get("name"))] = svc.pop("traffic")
        raw.append(team)
    out = []
    for team in onboarding.validate_teams(raw, environment, merged):
        if environment not in team["environments"]:
            continue
        for svc in team.get("services") or []:
            if (team["name"], svc["name"]) in traffic:
                svc["traffic"] = traffic[(team["name"], svc["name"])]
        ns = onboarding.namespace_for(team, environment)
        out.append(onboarding.build_namespace(team, environment, merged))
        out += onboarding.build_istio(team, environment, ns, merged)
    return out


def istio_team_objects(teams, environment, settings=None):
    return filters.call("istio_team_objects", _team_objects, teams, environment, settings or {})


def istio_team_workloads(teams, environment):
    """{namespace: [pod labels]} of the teams' services in ``environment`` (``app: <service>``)."""
    out = {}
    for team in teams or []:
        if not isinstance(team, dict) or environment not in (team.get("environments") or [environment]):
            continue
        ns = onboarding.namespace_for(team, environment)
        out[ns] = [{"app": s["name"]} for s in team.get("services") or [] if isinstance(s, dict) and s.get("name")]
    return out


def _analyze(objects, context):
    findings = mesh_analyzer.analyze(objects, context)
    return dict(findings=findings, **mesh_analyzer.summary(findings))


def mesh_analyze(objects, context=None):
    return filters.call("mesh_analyze", _analyze, list(objects or []), context or {})


class FilterModule:
    def filters(self):
        return {
            "istio_plan": istio_plan,
            "istio_platform_objects": istio_platform_objects,
            "istio_team_objects": istio_team_objects,
            "istio_team_workloads": istio_team_workloads,
            "mesh_analyze": mesh_analyze,
        }
