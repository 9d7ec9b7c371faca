# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The policy preflight's strict run over every component chart the platform installs (issue 12).

Per environment: the Istio (base, istiod, gateway), cert-manager, kube-prometheus-stack and Velero charts are
rendered with helm from the values the roles build out of that environment's inventory, together with the Istio
and cert-manager HelmReleases. The environment's constraint set runs with the system-namespace exclusions dropped,
so only the inventory's ``gatekeeper_exclusions`` (each with its reason) may hide a violation: the platform's own
components either satisfy the constraints through their values or are excluded on purpose.
"""

from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.policy import preflight as policy_preflight
from ansible_collections.platform.runtime.plugins.module_utils.policy import set as policy_set
from ansible_collections.platform.runtime.tests.support import observability
from ansible_collections.platform.runtime.tests.support.renders import ENVS, gatekeeper_settings, istio_releases

pytestmark = [pytest.mark.upstream]
CHARTS = {"base": "istio-1.30.3/charts/base", "istiod": "istio-1.30.3/charts/istiod", "gateway": "istio-1.30.3/charts/gateway"}
CHARTS["cert-manager"] = "cert-manager-1.21.1/chart"


def platform_sources(env, chart_render):
    releases, _mesh = istio_releases(env)
    sources = {"flux": releases}
    for rel in releases:
        spec = rel["spec"]
        chart = CHARTS[spec["chart"]["spec"]["chart"]]
        name = spec.get("releaseName") or rel["metadata"]["name"]
        sources[f"chart:{rel['metadata']['name']}"] = chart_render(chart, spec.get("values") or {}, release=name, namespace=spec["targetNamespace"])
    mon, bak = observability.monitoring_plan(env), observability.backup_plan(env)
    sources["chart:kube-prometheus-stack"] = chart_render(
        "kube-prometheus-stack-88.5.3/chart", mon["values"], release=mon["settings"]["release_name"], namespace=mon["settings"]["namespace"]
    )
    sources["chart:velero"] = chart_render(
        "velero-12.1.0/chart", bak["values"], release=bak["settings"]["release_name"], namespace=bak["settings"]["namespace"]
    )
    return sources


@pytest.mark.parametrize("env", ENVS)
def test_the_platforms_own_components_pass_the_environments_constraints(env, upstream_dir, chart_render):
    get, specs = gatekeeper_settings(env, upstream_dir)
    templates = policy_set.load_templates(get("gatekeeper_templates"), get("gatekeeper_library_dir"))
    strict = policy_set.build_constraints(specs, templates, get("gatekeeper_enforcement_action"), exclude_system=False)
    sources = platform_sources(env, chart_render)
    report = policy_preflight.evaluate(templates, strict, sources)
    print(f"\n{env}: {len(strict)} constraints over {report['objects']} objects of {len(sources)} sources: {report['violations']} violation(s)")
    assert report["objects"] > 200
    assert report["violations"] == 0, policy_preflight.table(report)

    # The check can fail: without the inventory's exclusions the pinned upstream images are outside the allow-list.
    bare = policy_set.build_constraints([dict(s, excluded_namespaces=[]) for s in specs], templates, "deny", exclude_system=False)
    assert policy_preflight.evaluate(templates, bare, sources)["violations"] > 0
