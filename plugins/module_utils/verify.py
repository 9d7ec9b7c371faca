# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Platform health checks: one pass/fail line per check, JUnit XML for CI.

Each check reads the cluster by kind and label (one LIST per kind), so it works for whatever the component
roles applied. A check for a component that is not in ``components`` is skipped and says so. Object states
come from ``readiness.evaluate``; a failing check carries the rows (object, state, reason, message) of the
objects that made it fail. Where no controllers run (``controllers_running`` false), Flux objects without a
status are reported "applied, not reconciled (no controllers)" and do not fail.
"""

from __future__ import annotations

import os
import time
import xml.etree.ElementTree as ET

from ansible_collections.platform.runtime.plugins.module_utils import isolation, readiness
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.flux import COMPONENT_GROUPS, prepare_install
from ansible_collections.platform.runtime.plugins.module_utils.kube import AUTH_ARG_SPEC, KubeClient, KubeError
from ansible_collections.platform.runtime.plugins.module_utils.onboarding import DEFAULT_ENVIRONMENTS, ENV_LABEL, TEAM_LABEL
from ansible_collections.platform.runtime.plugins.module_utils.platform import PLATFORM_NAMESPACES
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
NOT_RECONCILED = "applied, not reconciled (no controllers)"

CHECKS = (
    "cluster",
    "nodes",
    "system_pods",
    "namespaces",
    "team_quotas",
    "flux",
    "injection",
    "peer_authentication",
    "helm_releases",
    "gatekeeper",
    "prometheus_rules",
    "backup_schedules",
    "tenant_isolation",
    "autoscaling",
    "secrets",
)
# Which component a check belongs to; checks of components that are not installed are skipped.
CHECK_COMPONENT = {
    "flux": "flux",
    "injection": "istio",
    "peer_authentication": "istio",
    "helm_releases": "flux",
    "gatekeeper": "gatekeeper",
    "prometheus_rules": "monitoring",
    "backup_schedules": "backup",
    "autoscaling": "autoscaling",
    "secrets": "secrets",
}
ENFORCEMENT_ACTIONS = ("deny", "dryrun", "warn")
MTLS_MODES = ("STRICT", "PERMISSIVE", "DISABLE")
CONSTRAINTS_API = "constraints.gatekeeper.sh/v1beta1"


def defaults(config):
    """The checker's settings with their defaults filled in (plain data in, plain data out)."""
    cfg = {
        "components": [],
        "controllers_running": True,
        "environment": "",
        "platform_namespaces": {},
        "flux_namespace": None,
        "flux_components": list(COMPONENT_GROUPS),
        "flux_crds": None,
        "team_namespaces": None,
        "namespaces": [],
        "mtls_mode": None,
        "enforcement_action": None,
        "inject_namespaces": [],
        "checks": list(CHECKS),
        "isolation_every_cell": False,
    }
    cfg.update({k: v for k, v in (config or {}).items() if v is not None})
    ns = dict(PLATFORM_NAMESPACES)
    ns.update(cfg["platform_namespaces"] or {})
    cfg["platform_namespaces"] = ns
    cfg["flux_namespace"] = cfg["flux_namespace"] or ns["flux"]
    return cfg


def check_config(cfg):
    """Messages naming each bad setting (empty when fine)."""
    errors = []
    unknown = [c for c in cfg["checks"] if c not in CHECKS]
    if unknown:
        errors.append(f"checks={unknown!r}: expected names among {', '.join(CHECKS)}")
    bad = [c for c in cfg["flux_components"] if c not in COMPONENT_GROUPS]
    if bad:
        errors.append(f"flux_components={bad!r}: expected names among {', '.join(COMPONENT_GROUPS)}")
    if cfg["mtls_mode"] and cfg["mtls_mode"] not in MTLS_MODES:
        errors.append(f"mtls_mode={cfg['mtls_mode']!r}: expected one of {', '.join(MTLS_MODES)}")
    if cfg["enforcement_action"] and cfg["enforcement_action"] not in ENFORCEMENT_ACTIONS:
        errors.append(f"enforcement_action={cfg['enforcement_action']!r}: expected one of {', '.join(ENFORCEMENT_ACTIONS)}")
    return errors


def ref(obj):
    md = obj.get("metadata", {})
    ns = md.get("namespace")
    return f"{obj.get('kind')}/{(ns + '/') if ns else ''}{md.get('name')}"


def row(obj_ref, state, reason, message):
    return {"ref": obj_ref, "state": state, "reason": reason, "message": message}


def missing(obj_ref, message, reason="NotFound"):
    return row(obj_ref, readiness.MISSING, reason, message)


def result(name, status, summary, rows=None, notes=None):
    return {"name": name, "status": status, "summary": summary, "rows": rows or [], "notes": notes or []}


def list_kind(client, api_version, kind, namespace=None, label_selector=None):
    """Items of a kind, or None when the server does not serve it."""
    try:
        return client.list(api_version, kind, namespace=namespace, label_selector=label_selector)
    except KubeError as e:
        if e.status == 404:
            return None
        raise


def evaluate(obj, controllers_running):
    """readiness.evaluate, with "applied, not reconciled" for controller-managed objects where none run."""
    r = readiness.evaluate(obj)
    if r["state"] != readiness.READY and not controllers_running and obj is not None and not (obj.get("status") or {}).get("conditions"):
        return {"state": NOT_RECONCILED, "reason": "NoControllers", "message": "no controller runs on this cluster", "ok": True}
    r["ok"] = r["state"] == readiness.READY
    return r


def _judge(name, objs, cfg, what):
    rows, notes = [], 0
    for obj in objs:
        r = evaluate(obj, cfg["controllers_running"])
        if not r["ok"]:
            rows.append(row(ref(obj), r["state"], r["reason"], r["message"]))
        elif r["state"] == NOT_RECONCILED:
            notes += 1
    if rows:
        return result(name, FAILED, f"{len(rows)} of {len(objs)} {what} not ready", rows)
    extra = f"; {notes} {NOT_RECONCILED}" if notes else ""
    return result(name, PASSED, f"{len(objs)} {what} ready{extra}" if notes < len(objs) else f"{len(objs)} {what} {NOT_RECONCILED}")


# -- the checks ---------------------------------------------------------------
def check_cluster(client, cfg, ctx):
    v = client.version()
    return result("cluster", PASSED, f"the API server answers ({v.get('gitVersion', '?')})")


def _nodes(client, ctx):
    if "nodes" not in ctx:
        ctx["nodes"] = list_kind(client, "v1", "Node") or []
    return ctx["nodes"]


def check_nodes(client, cfg, ctx):
    nodes = _nodes(client, ctx)
    if not nodes:
        return result("nodes", SKIPPED, "the cluster has no nodes (a control plane without nodes): nothing to check")
    rows = []
    for n in nodes:
        c = readiness.conditions(n).get("Ready") or {}
        if c.get("status") != "True":
            rows.append(row(ref(n), "not ready", c.get("reason") or "NoReadyCondition", c.get("message") or "Ready is not True"))
    if rows:
        return result("nodes", FAILED, f"{len(rows)} of {len(nodes)} nodes not Ready", rows)
    return result("nodes", PASSED, f"{len(nodes)} nodes Ready")


def _system_namespaces(cfg):
    ns = ["kube-system"]
    for comp in cfg["components"]:
        if comp in cfg["platform_namespaces"]:
            ns.append(cfg["platform_namespaces"][comp])
    if "istio" in cfg["components"]:
        ns.append(cfg["platform_namespaces"]["istio_ingress"])
    return list(dict.fromkeys(ns))


def check_system_pods(client, cfg, ctx):
    if not _nodes(client, ctx):
        return result("system_pods", SKIPPED, "no nodes, so no pod can be scheduled: system pods are not checked")
    rows, total = [], 0
    for ns in _system_namespaces(cfg):
        for pod in list_kind(client, "v1", "Pod", namespace=ns) or []:
            total += 1
            phase = pod.get("status", {}).get("phase")
            if phase == "Succeeded":
                continue
            ready = (readiness.conditions(pod).get("Ready") or {}).get("status") == "True"
            if phase != "Running" or not ready:
                reason = pod.get("status", {}).get("reason") or ("NotReady" if phase == "Running" else phase or "Unknown")
                rows.append(row(ref(pod), phase or "Unknown", reason, pod.get("status", {}).get("message") or "not running and ready"))
    if rows:
        return result("system_pods", FAILED, f"{len(rows)} of {total} system pods not running", rows)
    return result("system_pods", PASSED, f"{total} system pods running in {', '.join(_system_namespaces(cfg))}")


def _team_namespaces(client, cfg, ctx):
    if "teams" not in ctx:
        selector = f"{ENV_LABEL}={cfg['environment']},{TEAM_LABEL}" if cfg["environment"] else TEAM_LABEL
        live = {n["metadata"]["name"]: n for n in list_kind(client, "v1", "Namespace", label_selector=selector) or []}
        expected = cfg["team_namespaces"] if cfg["team_namespaces"] is not None else sorted(live)
        ctx["teams"] = (expected, live)
    return ctx["teams"]


def check_namespaces(client, cfg, ctx):
    teams = _team_namespaces(client, cfg, ctx)[0]
    wanted = list(dict.fromkeys(list(cfg["namespaces"]) + [ns for ns in _system_namespaces(cfg) if ns != "kube-system"] + list(teams)))
    live = {n["metadata"]["name"]: n for n in list_kind(client, "v1", "Namespace") or []}
    rows = []
    for name in wanted:
        ns = live.get(name)
        if ns is None:
            rows.append(row(f"Namespace/{name}", readiness.MISSING, "NotFound", "the namespace does not exist"))
        elif ns.get("status", {}).get("phase") != "Active":
            rows.append(row(f"Namespace/{name}", ns.get("status", {}).get("phase", "Unknown"), "NotActive", "the namespace is being deleted"))
    if rows:
        return result("namespaces", FAILED, f"{len(rows)} of {len(wanted)} namespaces missing or not Active", rows)
    return result("namespaces", PASSED, f"{len(wanted)} namespaces Active ({len(teams)} team namespaces)")


def check_team_quotas(client, cfg, ctx):
    teams, live = _team_namespaces(client, cfg, ctx)
    if not teams:
        return result("team_quotas", SKIPPED, "no team namespaces")
    rows = []
    for ns in teams:
        if ns not in live:
            rows.append(row(f"Namespace/{ns}", readiness.MISSING, "NotFound", "the team namespace does not exist"))
            continue
        for kind in ("ResourceQuota", "LimitRange"):
            if not list_kind(client, "v1", kind, namespace=ns):
                rows.append(row(f"{kind}/{ns}/*", readiness.MISSING, "NotFound", f"team namespace {ns} has no {kind}"))
    if rows:
        return result("team_quotas", FAILED, f"{len(rows)} quota or limit objects missing in team namespaces", rows)
    return result("team_quotas", PASSED, f"{len(teams)} team namespaces have a ResourceQuota and a LimitRange")


def _flux_crd_names(cfg, crds_by_group):
    if cfg["flux_crds"] is not None:
        return list(cfg["flux_crds"])
    names = []
    for comp in cfg["flux_components"]:
        names.extend(sorted(crds_by_group.get(COMPONENT_GROUPS[comp], [])) or [f"*.{COMPONENT_GROUPS[comp]}"])
    return names


def check_flux(client, cfg, ctx):
    crds = {c["metadata"]["name"]: c for c in list_kind(client, "apiextensions.k8s.io/v1", "CustomResourceDefinition") or []}
    by_group = {}
    for c in crds.values():
        by_group.setdefault(c["spec"]["group"], []).append(c["metadata"]["name"])
    rows, notes, count = [], [], 0
    for name in _flux_crd_names(cfg, by_group):
        count += 1
        if name.startswith("*."):
            rows.append(row(f"CustomResourceDefinition/{name}", readiness.MISSING, "NotFound", f"no CRD of group {name[2:]} is installed"))
            continue
        r = readiness.evaluate(crds.get(name))
        if r["state"] != readiness.READY:
            rows.append(row(f"CustomResourceDefinition/{name}", r["state"], r["reason"], r["message"]))
    fns = cfg["flux_namespace"]
    for comp in cfg["flux_components"]:
        count += 1
        dep = client.get({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": comp, "namespace": fns}})
        r = evaluate(dep, cfg["controllers_running"])
        if dep is not None and not cfg["controllers_running"]:
            notes.append(f"Deployment/{fns}/{comp}: {NOT_RECONCILED}")
            continue
        if not r["ok"]:
            rows.append(row(f"Deployment/{fns}/{comp}", r["state"], r["reason"], r["message"]))
    kustomizations = list_kind(client, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", namespace=fns) or []
    for k in kustomizations:
        count += 1
        r = evaluate(k, cfg["controllers_running"])
        if not r["ok"]:
            rows.append(row(ref(k), r["state"], r["reason"], r["message"]))
    if rows:
        return result("flux", FAILED, f"{len(rows)} of {count} Flux objects not ready", rows, notes)
    how = "controllers applied, not reconciled (no controllers)" if not cfg["controllers_running"] else "controllers Available"
    return result("flux", PASSED, f"{len(cfg['flux_components'])} components: CRDs Established, {how}, {len(kustomizations)} Kustomizations", notes=notes)


def _injected(ns_obj):
    labels = ns_obj.get("metadata", {}).get("labels") or {}
    return labels.get("istio-injection") == "enabled" or bool(labels.get("istio.io/rev"))


def check_injection(client, cfg, ctx):
    teams, live = _team_namespaces(client, cfg, ctx)
    wanted = list(dict.fromkeys(list(teams) + list(cfg["inject_namespaces"])))
    if not wanted:
        return result("injection", SKIPPED, "no namespace should be injected")
    all_ns = {n["metadata"]["name"]: n for n in list_kind(client, "v1", "Namespace") or []}
    rows = []
    for name in wanted:
        ns = all_ns.get(name)
        if ns is None:
            rows.append(row(f"Namespace/{name}", readiness.MISSING, "NotFound", "the namespace does not exist"))
        elif not _injected(ns):
            labels = ns["metadata"].get("labels") or {}
            label = labels.get("istio-injection", "(unset)")
            rows.append(row(f"Namespace/{name}", "not injected", "NoInjectionLabel", f"istio-injection={label}, no istio.io/rev"))
    if rows:
        return result("injection", FAILED, f"{len(rows)} of {len(wanted)} namespaces without sidecar injection", rows)
    return result("injection", PASSED, f"{len(wanted)} namespaces labelled for injection")


def _mode(pa):
    return ((pa.get("spec") or {}).get("mtls") or {}).get("mode") or "UNSET"


def check_peer_authentication(client, cfg, ctx):
    expected = cfg["mtls_mode"]
    if not expected:
        return result("peer_authentication", SKIPPED, "no expected mTLS mode for this environment")
    teams = _team_namespaces(client, cfg, ctx)[0]
    pas = None
    for version in ("security.istio.io/v1", "security.istio.io/v1beta1"):
        pas = list_kind(client, version, "PeerAuthentication")
        if pas is not None:
            break
    if pas is None:
        return result(
            "peer_authentication",
            FAILED,
            "PeerAuthentication is not served",
            [missing("CustomResourceDefinition/peerauthentications.security.istio.io", "Istio's CRDs are not installed")],
        )
    root = cfg["platform_namespaces"]["istio"]
    by_ns = {}
    for pa in pas:
        if not (pa.get("spec") or {}).get("selector"):
            by_ns.setdefault(pa["metadata"]["namespace"], []).append(pa)
    mesh = by_ns.get(root, [])
    mesh_mode = _mode(mesh[0]) if mesh else "PERMISSIVE"
    rows = []
    for ns in teams:
        own = by_ns.get(ns, [])
        mode = _mode(own[0]) if own else mesh_mode
        if mode in ("UNSET", "") and own:
            mode = mesh_mode
        if mode != expected:
            if own:
                where, source = ref(own[0]), "its own PeerAuthentication"
            elif mesh:
                where, source = ref(mesh[0]), "the mesh-wide PeerAuthentication"
            else:
                where, source = f"Namespace/{ns}", "Istio's default (no PeerAuthentication)"
            env = cfg["environment"] or "this environment"
            rows.append(row(where, mode, "WrongMode", f"namespace {ns}: mTLS {mode} from {source}; expected {expected} in {env}"))
    if rows:
        return result("peer_authentication", FAILED, f"{len(rows)} of {len(teams)} team namespaces not {expected}", rows)
    return result("peer_authentication", PASSED, f"{len(teams)} team namespaces {expected} (mesh-wide: {mesh_mode})")


def check_helm_releases(client, cfg, ctx):
    releases = list_kind(client, "helm.toolkit.fluxcd.io/v2", "HelmRelease")
    if releases is None:
        if "helm-controller" not in cfg["flux_components"]:
            return result("helm_releases", SKIPPED, "helm-controller is not among flux_components")
        return result(
            "helm_releases",
            FAILED,
            "HelmRelease is not served",
            [missing("CustomResourceDefinition/helmreleases.helm.toolkit.fluxcd.io", "the CRD is missing")],
        )
    by_ns = {}
    for r in releases:
        # A release counts for the namespace it lives in and the one it installs into (spec.targetNamespace).
        for ns in sorted({r["metadata"]["namespace"], (r.get("spec") or {}).get("targetNamespace") or r["metadata"]["namespace"]}):
            by_ns.setdefault(ns, []).append(r)
    rows = []
    for comp in cfg["components"]:
        if comp == "flux" or comp not in cfg["platform_namespaces"]:
            continue
        if comp == "autoscaling" and not _nodes(client, ctx):
            continue  # nothing to install without kubelets: the autoscaling check says so
        ns = cfg["platform_namespaces"][comp]
        if not by_ns.get(ns):
            rows.append(missing(f"HelmRelease/{ns}/*", f"component {comp} is in platform_components but namespace {ns} has no HelmRelease"))
    judged = _judge("helm_releases", releases, cfg, "HelmReleases")
    if rows or judged["status"] == FAILED:
        rows += judged["rows"]
        return result("helm_releases", FAILED, f"{len(rows)} HelmRelease problems ({len(releases)} HelmReleases)", rows)
    if not releases:
        return result("helm_releases", PASSED, "no HelmReleases are expected (no component but Flux)")
    return judged


def check_gatekeeper(client, cfg, ctx):
    templates = list_kind(client, "templates.gatekeeper.sh/v1", "ConstraintTemplate")
    if templates is None:
        return result(
            "gatekeeper",
            FAILED,
            "ConstraintTemplate is not served",
            [missing("CustomResourceDefinition/constrainttemplates.templates.gatekeeper.sh", "Gatekeeper's CRDs are not installed")],
        )
    if not templates:
        return result(
            "gatekeeper",
            FAILED,
            "no ConstraintTemplates",
            [missing("ConstraintTemplate/*", "gatekeeper is in platform_components but no template is installed")],
        )
    rows, notes, constraints = [], [], 0
    for t in templates:
        r = evaluate(t, cfg["controllers_running"])
        if not r["ok"]:
            rows.append(row(ref(t), r["state"], r["reason"], r["message"]))
        kind = (((t.get("spec") or {}).get("crd") or {}).get("spec") or {}).get("names", {}).get("kind")
        items = list_kind(client, CONSTRAINTS_API, kind) if kind else None
        if items is None:
            if cfg["controllers_running"]:
                rows.append(row(f"{kind}/*", readiness.MISSING, "NotServed", f"Gatekeeper has not created the constraint CRD of {ref(t)}"))
            else:
                notes.append(f"{kind}: constraint CRD not created ({NOT_RECONCILED})")
            continue
        for c in items:
            constraints += 1
            action = (c.get("spec") or {}).get("enforcementAction") or "deny"
            if cfg["enforcement_action"] and action != cfg["enforcement_action"]:
                want, env = cfg["enforcement_action"], cfg["environment"] or "this environment"
                rows.append(row(ref(c), action, "WrongEnforcementAction", f"enforcementAction {action}; expected {want} in {env}"))
    if rows:
        return result("gatekeeper", FAILED, f"{len(rows)} Gatekeeper problems ({len(templates)} templates, {constraints} constraints)", rows, notes)
    action = f", all {cfg['enforcement_action']}" if cfg["enforcement_action"] else ""
    return result("gatekeeper", PASSED, f"{len(templates)} templates, {constraints} constraints{action}", notes=notes)


def _present(name, api_version, kind, namespace, what, client, cfg):
    items = list_kind(client, api_version, kind, namespace=namespace)
    target = f"{kind}/{namespace}/*" if namespace else f"{kind}/*"
    if items is None:
        return result(name, FAILED, f"{kind} is not served", [row(target, readiness.MISSING, "NotServed", f"the {kind} CRD is not installed")])
    if not items:
        return result(name, FAILED, f"no {kind} in {namespace or 'the cluster'}", [row(target, readiness.MISSING, "NotFound", f"expected {what}")])
    return result(name, PASSED, f"{len(items)} {kind}s in {namespace or 'the cluster'}: {', '.join(sorted(i['metadata']['name'] for i in items))}")


def check_prometheus_rules(client, cfg, ctx):
    return _present("prometheus_rules", "monitoring.coreos.com/v1", "PrometheusRule", None, "the platform's alert rules", client, cfg)


def check_backup_schedules(client, cfg, ctx):
    ns = cfg["platform_namespaces"]["backup"]
    if not cfg["controllers_running"] and not list_kind(client, "velero.io/v1", "Schedule", namespace=ns):
        # The Velero chart renders the CRDs and the Schedules: only helm-controller installs them.
        return result("backup_schedules", PASSED, f"Velero Schedules come with the velero HelmRelease: {NOT_RECONCILED}")
    return _present("backup_schedules", "velero.io/v1", "Schedule", ns, "at least one Velero Schedule", client, cfg)


def _first_list(client, versions, kind, namespace=None):
    for version in versions:
        items = list_kind(client, version, kind, namespace=namespace)
        if items is not None:
            return items
    return None


def check_tenant_isolation(client, cfg, ctx):
    """RBAC of every team identity asked of the API server (SubjectAccessReviews), and L3 against L7 per team."""
    names, live = _team_namespaces(client, cfg, ctx)
    teams = {}
    for ns in names:
        team = ((live.get(ns) or {}).get("metadata", {}).get("labels") or {}).get(TEAM_LABEL)
        if team:
            teams.setdefault(team, {"namespaces": []})["namespaces"].append(ns)
    if not teams:
        return result("tenant_isolation", SKIPPED, "no team namespaces")
    owner = {ns: t for t, v in teams.items() for ns in v["namespaces"]}
    bindings = [b for b in list_kind(client, "rbac.authorization.k8s.io/v1", "RoleBinding") or [] if b["metadata"].get("namespace") in owner]
    kustomizations = [k for k in list_kind(client, "kustomize.toolkit.fluxcd.io/v1", "Kustomization") or [] if k["metadata"].get("namespace") in owner]
    for team, v in teams.items():
        v["identities"] = isolation.team_identities(team, v["namespaces"], bindings, kustomizations)
    crbs = list_kind(client, "rbac.authorization.k8s.io/v1", "ClusterRoleBinding") or []
    cells, asked = isolation.review_cells(teams, bindings, crbs, every_cell=cfg["isolation_every_cell"])
    start = time.monotonic()
    answers = isolation.answers_for(cells, isolation.ask(client, asked))
    seconds = time.monotonic() - start
    rows, notes, own = isolation.judge_rbac(cells, answers, owner, bindings)
    notes = notes + isolation.own_summary(own)
    strict = cfg["mtls_mode"] == "STRICT"
    aps = _first_list(client, ("security.istio.io/v1", "security.istio.io/v1beta1"), "AuthorizationPolicy")
    warnings, edges = [], 0
    if aps is None:
        notes.append("AuthorizationPolicy is not served (no mesh): NetworkPolicies are not compared with it")
    else:
        nps = list_kind(client, "networking.k8s.io/v1", "NetworkPolicy") or []
        for ns in sorted(owner):
            net_rows, net_warnings, count = isolation.judge_network(
                owner[ns], ns, [p for p in nps if p["metadata"].get("namespace") == ns], [a for a in aps if a["metadata"].get("namespace") == ns], strict
            )
            rows += net_rows
            warnings += net_warnings
            edges += count
    identities = sum(len(v["identities"]) for v in teams.values())
    props = {
        "cells": len(cells),
        "reviews": len(asked),
        "teams": len(teams),
        "identities": identities,
        "edges": edges,
        "warnings": len(warnings),
        "review_seconds": round(seconds, 3),
    }
    counts = (
        # No timing in the summary: the report shows it, and a re-run must write the same report (changed=0); the
        # seconds are in the properties (JUnit).
        f"{len(cells)} cells checked ({len(teams)} teams, {identities} identities; {len(asked)} SubjectAccessReviews), {edges} traffic edges"
    )
    warn = f"; {len(warnings)} warnings" if warnings else ""
    notes = [f"warning: {w}" for w in warnings] + notes
    if rows:
        res = result("tenant_isolation", FAILED, f"{len(rows)} isolation breaches; {counts}{warn}", rows, notes)
    else:
        mode = "STRICT mTLS: disagreements fail" if strict else "no STRICT mTLS: disagreements warn"
        res = result("tenant_isolation", PASSED, f"no cross-team, cluster-wide or platform-object grant; {counts} ({mode}){warn}", notes=notes)
    res["properties"] = props
    return res


def check_autoscaling(client, cfg, ctx):
    """The autoscaling HelmReleases (metrics-server; the Cluster Autoscaler on EKS) and, where they run, the metrics API."""
    ns = cfg["platform_namespaces"]["autoscaling"]
    releases = list_kind(client, "helm.toolkit.fluxcd.io/v2", "HelmRelease", namespace=ns, label_selector="platform.runtime/component=autoscaling") or []
    if not releases:
        if not _nodes(client, ctx):
            return result("autoscaling", SKIPPED, "no kubelets (the local control plane): metrics-server is not installed and nothing scales")
        return result(
            "autoscaling",
            FAILED,
            f"no autoscaling HelmRelease in {ns}",
            [missing(f"HelmRelease/{ns}/metrics-server", "expected the metrics-server HelmRelease")],
        )
    res = _judge("autoscaling", releases, cfg, "autoscaling HelmReleases")
    if res["status"] != PASSED or not cfg["controllers_running"]:
        return res
    api = next((a for a in list_kind(client, "apiregistration.k8s.io/v1", "APIService") or [] if a["metadata"]["name"] == "v1beta1.metrics.k8s.io"), None)
    available = (readiness.conditions(api).get("Available") or {}) if api else {}
    if available.get("status") != "True":
        reason = available.get("reason") or "NotFound"
        message = available.get("message") or "metrics-server's APIService is not registered"
        return result(
            "autoscaling",
            FAILED,
            "the metrics API (metrics.k8s.io) is not available",
            [row("APIService/v1beta1.metrics.k8s.io", "not available", reason, message)],
        )
    res["summary"] += "; metrics.k8s.io available"
    return res


def check_secrets(client, cfg, ctx):
    """The External Secrets HelmRelease and, once its CRDs are served, the stores and ExternalSecrets Ready."""
    ns = cfg["platform_namespaces"]["secrets"]
    releases = list_kind(client, "helm.toolkit.fluxcd.io/v2", "HelmRelease", namespace=ns, label_selector="platform.runtime/component=secrets") or []
    if not releases:
        return result(
            "secrets",
            FAILED,
            f"no External Secrets HelmRelease in {ns}",
            [missing(f"HelmRelease/{ns}/external-secrets", "expected the operator's HelmRelease")],
        )
    objs = list(releases)
    served = True
    for kind in ("ClusterSecretStore", "SecretStore", "ExternalSecret"):
        items = list_kind(client, "external-secrets.io/v1", kind, label_selector="platform.runtime/component=secrets")
        served = served and items is not None
        objs += items or []
    res = _judge("secrets", objs, cfg, "External Secrets objects")
    if not served and res["status"] == PASSED:
        res["notes"].append(f"external-secrets.io is not served: the CRDs come with the HelmRelease ({NOT_RECONCILED})")
    return res


RUNNERS = {name: globals()[f"check_{name}"] for name in CHECKS}


def run_checks(client, config):
    """Run the selected checks in order; a check that raises fails with the error, and the rest still run."""
    cfg = defaults(config)
    ctx, results = {}, []
    reachable = True
    for name in cfg["checks"]:
        start = time.monotonic()
        comp = CHECK_COMPONENT.get(name)
        if comp and comp not in cfg["components"]:
            res = result(name, SKIPPED, f"{comp} is not in platform_components")
        elif not reachable:
            res = result(name, SKIPPED, "the cluster does not answer")
        else:
            try:
                res = RUNNERS[name](client, cfg, ctx)
            except KubeError as e:
                res = result(name, FAILED, f"API error: {e}", [row(name, "error", e.reason or "APIError", str(e))])
                reachable = name != "cluster"
        res["seconds"] = round(time.monotonic() - start, 3)
        results.append(res)
    return results


def format_results(results):
    """The on-screen table: one line per check, then the failing objects under their check."""
    width = max([len(r["name"]) for r in results] + [5])
    lines = [f"{'CHECK'.ljust(width)}  RESULT   SUMMARY"]
    for r in results:
        lines.append(f"{r['name'].ljust(width)}  {r['status'].upper().ljust(7)}  {r['summary']}")
    for r in results:
        if r["status"] == FAILED and r["rows"]:
            lines.append("")
            lines.append(f"{r['name']} failed:")
            lines.extend("  " + line for line in readiness.format_table(r["rows"]).splitlines())
    return "\n".join(lines)


def failure_lines(results, cluster=""):
    """One line per failing object: "[cluster] check: object state (reason): message"."""
    where = f"cluster {cluster}: " if cluster else ""
    lines = []
    for r in results:
        if r["status"] != FAILED:
            continue
        for x in r["rows"] or [row(r["name"], FAILED, "", r["summary"])]:
            lines.append(f"{where}{r['name']}: {x['ref']} {x['state']} ({x['reason']}): {x['message']}")
    return lines


def junit_xml(results, suite="platform.verify", cluster=""):
    """JUnit XML: one testcase per check; failures carry the object table, skips their reason."""
    name = f"{suite}[{cluster}]" if cluster else suite
    failures = sum(r["status"] == FAILED for r in results)
    skipped = sum(r["status"] == SKIPPED for r in results)
    total = sum(r.get("seconds", 0) for r in results)
    root = ET.Element("testsuites", name=name, tests=str(len(results)), failures=str(failures), time=f"{total:.3f}")
    ts = ET.SubElement(root, "testsuite", name=name, tests=str(len(results)), failures=str(failures), errors="0", skipped=str(skipped), time=f"{total:.3f}")
    for r in results:
        tc = ET.SubElement(ts, "testcase", classname=name, name=r["name"], time=f"{r.get('seconds', 0):.3f}")
        if r.get("properties"):
            props = ET.SubElement(tc, "properties")
            for key, value in r["properties"].items():
                ET.SubElement(props, "property", name=key, value=str(value))
        if r["status"] == FAILED:
            f = ET.SubElement(tc, "failure", message=r["summary"], type="PlatformCheckFailed")
            f.text = readiness.format_table(r["rows"]) if r["rows"] else r["summary"]
        elif r["status"] == SKIPPED:
            ET.SubElement(tc, "skipped", message=r["summary"])
        else:
            out = ET.SubElement(tc, "system-out")
            out.text = "\n".join([r["summary"]] + list(r["notes"]))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


class VerifyError(PlatformError):
    """Bad settings for the checks."""


ARG_SPEC = dict(
    checks=dict(type="list", elements="str"),
    components=dict(type="list", elements="str", default=[]),
    controllers_running=dict(type="bool", default=True),
    environment=dict(type="str", default=""),
    cluster_name=dict(type="str", default=""),
    platform_namespaces=dict(type="dict", default={}),
    flux_namespace=dict(type="str"),
    flux_components=dict(type="list", elements="str", default=list(COMPONENT_GROUPS)),
    flux_manifest=dict(type="path"),
    team_namespaces=dict(type="list", elements="str"),
    namespaces=dict(type="list", elements="str", default=[]),
    inject_namespaces=dict(type="list", elements="str", default=[]),
    mtls_mode=dict(type="str", choices=["STRICT", "PERMISSIVE", "DISABLE", ""], default=""),
    enforcement_action=dict(type="str", choices=["deny", "dryrun", "warn", ""], default=""),
    junit_path=dict(type="path"),
    fail_on_failure=dict(type="bool", default=True),
    isolation_every_cell=dict(type="bool", default=False),
)


def flux_crds_from_manifest(path, components):
    """Names of the CRDs the install manifest at ``path`` has for ``components`` (None when it cannot be read)."""
    if not path or not os.path.isfile(path):
        return None
    crds = prepare_install(load_documents(path), components=components)[0]
    return sorted(c["metadata"]["name"] for c in crds)


def run(params, client=None):
    """The module's flow: settings -> client -> checks -> table and JUnit file."""
    config = {k: params.get(k) for k in ARG_SPEC if k not in ("junit_path", "fail_on_failure", "flux_manifest", "cluster_name")}
    config["mtls_mode"] = params.get("mtls_mode") or DEFAULT_ENVIRONMENTS.get(params.get("environment") or "", {}).get("mtls")
    config["enforcement_action"] = params.get("enforcement_action") or None
    cfg = defaults(config)
    errors = check_config(cfg)
    if errors:
        raise VerifyError("; ".join(errors))
    cfg["flux_crds"] = flux_crds_from_manifest(params.get("flux_manifest"), cfg["flux_components"])
    if client is None:
        client = KubeClient(**{k: params.get(k) for k in AUTH_ARG_SPEC})
    results = run_checks(client, cfg)
    cluster = params.get("cluster_name") or ""
    out = {
        "results": results,
        "failed_checks": [r["name"] for r in results if r["status"] == FAILED],
        "failures": failure_lines(results, cluster),
        "table": (f"cluster {cluster}\n" if cluster else "") + format_results(results),
    }
    if params.get("junit_path"):
        path = params["junit_path"]
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(junit_xml(results, cluster=cluster))
        out["junit_path"] = path
    return out
