# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""kube-prometheus-stack 88.5.3 and Velero 12.1.0 rendered with the real helm from each environment's plan.

Every rendered object passes kubernetes-validate (strict, Kubernetes 1.34) or, for custom resources, its CRD's
schema made strict; so do the objects the roles apply themselves. The rendered objects are also checked for what
the roles rely on: the Prometheus selects the role's rules and monitors, the Alertmanager configuration is exactly
the generated one (no chart default merged into it), Grafana's admin comes from the existing Secret, Velero has the
AWS plugin, the storage location and the schedules of its environment.
"""

from __future__ import annotations

import collections
import os

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import flux, helm_values
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_crds, load_documents
from ansible_collections.platform.runtime.tests.support.observability import ENVIRONMENTS, backup_plan, monitoring_plan
from ansible_collections.platform.runtime.tests.support.schemas import validate_k8s

KPS = "kube-prometheus-stack-88.5.3/chart"
VELERO = "velero-12.1.0/chart"
pytestmark = pytest.mark.upstream


@pytest.fixture(scope="module")
def crds(upstream_dir):
    out = [crd for _path, crd in load_crds(os.path.join(upstream_dir, "kube-prometheus-stack-88.5.3", "crds"))]
    out += [crd for _path, crd in load_crds(os.path.join(upstream_dir, VELERO, "crds"))]
    out += [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]
    return out


@pytest.fixture(scope="module", params=ENVIRONMENTS)
def rendered(request, chart_render):
    env = request.param
    mon, bak = monitoring_plan(env), backup_plan(env)
    kps = chart_render(KPS, mon["values"], release=mon["settings"]["release_name"], namespace=mon["settings"]["namespace"])
    vel = chart_render(VELERO, bak["values"], release=bak["settings"]["release_name"], namespace=bak["settings"]["namespace"])
    return env, mon, bak, kps, vel


def test_values_pass_helm_values_check(rendered, upstream_dir):
    """The check the roles run before applying: every key known to the chart, Velero's values.schema.json satisfied."""
    import json

    env, mon, bak, _kps, _vel = rendered
    with open(os.path.join(upstream_dir, "kube-prometheus-stack-88.5.3", "values.yaml")) as f:
        kps_defaults = yaml.safe_load(f)
    assert helm_values.validate(mon["values"], kps_defaults, free_form=mon["values_free_form"]) == []
    with open(os.path.join(upstream_dir, VELERO, "values.yaml")) as f:
        vel_defaults = yaml.safe_load(f)
    with open(os.path.join(upstream_dir, VELERO, "values.schema.json")) as f:
        schema = json.load(f)
    assert helm_values.validate(bak["values"], vel_defaults, schema=schema) == []


def _one(objects, kind):
    found = [o for o in objects if o["kind"] == kind]
    assert len(found) == 1, (kind, [o["metadata"]["name"] for o in found])
    return found[0]


def _flux_objects(plan, chart, repo_url, repo_name):
    s = plan["settings"]
    return [
        flux.helm_repository(repo_name, s["namespace"], repo_url),
        flux.helm_release(s["release_name"], s["namespace"], chart, s["chart_version"], repo_name, values=plan["values"], crds="CreateReplace"),
    ]


def test_every_rendered_and_generated_object_passes_the_schemas(rendered, crds):
    env, mon, bak, kps, vel = rendered
    own = mon["objects"] + _flux_objects(mon, "kube-prometheus-stack", "https://prometheus-community.github.io/helm-charts", "prometheus-community")
    own += _flux_objects(bak, "velero", "https://vmware-tanzu.github.io/helm-charts", "vmware-tanzu")
    errors = validate_k8s(kps + vel + own, version="1.34", crds=crds)
    assert errors == [], "\n".join(errors[:30])
    kinds = collections.Counter(o["kind"] for o in kps + vel + own)
    print(f"\n[{env}] schema-valid: kube-prometheus-stack {len(kps)} objects, velero {len(vel)}, role-applied {len(own)}; 0 errors; {dict(kinds)}")
    for obj in own:
        if obj["kind"] == "HelmRelease":
            assert obj["spec"]["install"]["crds"] == obj["spec"]["upgrade"]["crds"] == "CreateReplace"


def test_prometheus_selects_the_roles_rules_and_monitors(rendered):
    env, mon, _bak, kps, _vel = rendered
    prom = _one(kps, "Prometheus")["spec"]
    p = mon["settings"]["prometheus"]
    assert prom["retention"] == ("30d" if env == "prod" else "7d") == p["retention"]
    assert prom["replicas"] == 2 and prom["retentionSize"] == p["retention_size"]
    claim = prom["storage"]["volumeClaimTemplate"]["spec"]
    assert claim["resources"]["requests"]["storage"] == p["storage_size"]
    assert claim.get("storageClassName", "") == p["storage_class"]
    for kind, selector in (("PrometheusRule", "ruleSelector"), ("PodMonitor", "podMonitorSelector"), ("ServiceMonitor", "serviceMonitorSelector")):
        want = prom[selector]["matchLabels"]
        mine = [o for o in mon["objects"] if o["kind"] == kind]
        assert mine and all(want.items() <= o["metadata"]["labels"].items() for o in mine), (kind, want)
        assert prom[selector.replace("Selector", "NamespaceSelector")] == {}
    team_rules = [o for o in mon["objects"] if o["kind"] == "PrometheusRule" and o["metadata"]["name"].startswith("team-")]
    assert {o["metadata"]["name"] for o in team_rules} == {"team-backend", "team-payments"}
    for obj in team_rules:
        team = obj["metadata"]["name"][5:]
        assert all(r["labels"]["team"] == team and f'namespace="{team}-{env}"' in r["expr"] for r in obj["spec"]["groups"][0]["rules"])


def test_alertmanager_runs_the_generated_configuration_with_secrets_from_files(rendered):
    env, mon, _bak, kps, _vel = rendered
    am = _one(kps, "Alertmanager")["spec"]
    assert am["secrets"] == [mon["secret_name"]] and am["replicas"] == mon["settings"]["alertmanager"]["replicas"]
    secret = [o for o in kps if o["kind"] == "Secret" and o["metadata"]["name"].endswith("-alertmanager")]
    assert len(secret) == 1
    import base64

    data = secret[0].get("data") or {}
    text = base64.b64decode(data["alertmanager.yaml"]).decode() if data else secret[0]["stringData"]["alertmanager.yaml"]
    assert yaml.safe_load(text) == mon["alertmanager_config"]
    assert "hooks.slack" not in text and "_file: /etc/alertmanager/secrets/alertmanager-receivers/" in text


def test_grafana_admin_from_the_existing_secret_and_dashboards_by_label(rendered):
    env, mon, _bak, kps, _vel = rendered
    assert not [o for o in kps if o["kind"] == "Secret" and "grafana" in o["metadata"]["name"] and "admin-password" in (o.get("data") or {})]
    deploy = next(o for o in kps if o["kind"] == "Deployment" and o["metadata"]["name"].endswith("grafana"))
    refs = [
        e["valueFrom"]["secretKeyRef"]
        for c in deploy["spec"]["template"]["spec"]["containers"]
        for e in c.get("env") or []
        if e.get("valueFrom", {}).get("secretKeyRef")
    ]
    assert {"name": "grafana-admin", "key": "admin-password"} in refs
    dashboards = [o for o in mon["objects"] if o["kind"] == "ConfigMap"]
    assert len(dashboards) == 4 and all(o["metadata"]["labels"]["grafana_dashboard"] == "1" for o in dashboards)
    sidecar = next(c for c in deploy["spec"]["template"]["spec"]["containers"] if c["name"] == "grafana-sc-dashboard")
    assert {"name": "LABEL", "value": "grafana_dashboard"} in sidecar["env"]


def test_velero_plugin_location_schedules_and_credentials(rendered):
    env, _mon, bak, _kps, vel = rendered
    deploy = _one(vel, "Deployment")["spec"]["template"]["spec"]
    assert [c["name"] for c in deploy["initContainers"]] == ["velero-plugin-for-aws"]
    bsl = _one(vel, "BackupStorageLocation")["spec"]
    bucket = bak["settings"]["bucket"]
    assert bsl["objectStorage"]["bucket"] == bucket["name"] and bsl["config"]["region"] == bucket["region"]
    assert bsl["objectStorage"].get("prefix", "") == (bucket.get("prefix") or "")
    assert bsl["config"].get("s3Url", "") == (bucket.get("s3_url") or "")
    vsl = [o for o in vel if o["kind"] == "VolumeSnapshotLocation"]
    assert len(vsl) == (1 if bak["settings"]["snapshots"] else 0)
    schedules = [o for o in vel if o["kind"] == "Schedule"]
    want = {"prod": ("0 2 * * *", "720h")}.get(env, ("0 3 * * 0", "168h"))
    assert [(s["spec"]["schedule"], s["spec"]["template"]["ttl"]) for s in schedules] == [want]
    assert schedules[0]["spec"]["template"]["includedNamespaces"] == [f"backend-{env}", f"payments-{env}"]
    if env == "prod":  # each region's Schedule carries its cluster, and so do its backups' names
        assert schedules[0]["metadata"]["name"] == "velero-daily-prod-use1" and bsl["objectStorage"]["prefix"] == "prod-use1"
    volumes = {v["name"]: v for v in deploy["volumes"]}
    if bak["settings"]["credentials_secret"]:
        assert volumes["cloud-credentials"]["secret"]["secretName"] == bak["settings"]["credentials_secret"]
    else:
        assert "cloud-credentials" not in volumes
    assert not [o for o in vel if o["kind"] == "Secret"]
    print(f"\n[{env}] velero: {len(vel)} objects, schedule {want[0]!r} ttl {want[1]}, snapshots {bool(vsl)}")
