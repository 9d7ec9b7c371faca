# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The platform report: what runs on each cluster, read back from the cluster, as one self-contained HTML page.

``collect(client, cluster)`` reads a cluster (one LIST per kind) into plain data; ``render(clusters)`` turns that
data into HTML with inline CSS and inline SVG diagrams (Graphviz), with no external assets. Without Graphviz the
diagrams are left out and the edge tables, which carry the same information, remain.
"""

from __future__ import annotations

import html
import os
import re

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient, KubeError
from ansible_collections.platform.runtime.plugins.module_utils.mesh import traffic
from ansible_collections.platform.runtime.plugins.module_utils.onboarding import TEAM_LABEL
from ansible_collections.platform.runtime.plugins.module_utils.platform import PLATFORM_NAMESPACES
from ansible_collections.platform.runtime.plugins.module_utils.verify import CONSTRAINTS_API, NOT_RECONCILED, evaluate, list_kind

try:
    import graphviz

    HAS_GRAPHVIZ = True
except ImportError:  # pragma: no cover - reported by the module
    graphviz = None
    HAS_GRAPHVIZ = False


def _list(client, api_version, kind, namespace=None, label_selector=None):
    return list_kind(client, api_version, kind, namespace, label_selector) or []


def _first_served(client, versions, kind, namespace=None, missing=()):
    """Items of the first served version of ``kind``; ``missing`` when no version is served."""
    for v in versions:
        try:
            return client.list(v, kind, namespace=namespace)
        except KubeError as e:
            if e.status != 404:
                raise
    return missing


def _status(obj, controllers_running):
    r = evaluate(obj, controllers_running)
    return r["state"], r["message"] or r["reason"]


def _image_tag(deployment):
    containers = (((deployment.get("spec") or {}).get("template") or {}).get("spec") or {}).get("containers") or []
    image = containers[0].get("image", "") if containers else ""
    return image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""


def components(client, cluster):
    """One row per component: namespace, version(s), HelmRelease status."""
    ns_map = dict(PLATFORM_NAMESPACES)
    ns_map.update(cluster.get("platform_namespaces") or {})
    running = cluster.get("controllers_running", True)
    releases = _list(client, "helm.toolkit.fluxcd.io/v2", "HelmRelease")
    out = []
    for comp in cluster.get("components") or []:
        ns = ns_map.get(comp, comp)
        row = {"name": comp, "namespace": ns, "releases": [], "version": ""}
        if comp == "flux":
            deps = _list(client, "apps/v1", "Deployment", namespace=ns)
            row["version"] = ", ".join(f"{d['metadata']['name']} {_image_tag(d)}" for d in sorted(deps, key=lambda d: d["metadata"]["name"]))
            row["status"] = (NOT_RECONCILED if not running else "controllers deployed") if deps else "missing"
        else:
            wanted = {ns, ns_map["istio_ingress"]} if comp == "istio" else {ns}
            mine = [r for r in releases if {r["metadata"].get("namespace"), (r.get("spec") or {}).get("targetNamespace")} & wanted]
            for r in sorted(mine, key=lambda r: r["metadata"]["name"]):
                chart = ((r.get("spec") or {}).get("chart") or {}).get("spec") or {}
                state, message = _status(r, running)
                row["releases"].append(
                    {
                        "name": r["metadata"]["name"],
                        "namespace": r["metadata"]["namespace"],
                        "chart": chart.get("chart", ""),
                        "version": chart.get("version", ""),
                        "status": state,
                        "message": message,
                    }
                )
            row["version"] = ", ".join(sorted({x["version"] for x in row["releases"] if x["version"]}))
            row["status"] = "missing" if not mine else ("ready" if all(x["status"] == "ready" for x in row["releases"]) else row["releases"][0]["status"])
        out.append(row)
    return out


def _mesh_mode(pas, namespace, root):
    own = [p for p in pas if p["metadata"]["namespace"] == namespace and not (p.get("spec") or {}).get("selector")]
    mesh = [p for p in pas if p["metadata"]["namespace"] == root and not (p.get("spec") or {}).get("selector")]
    for group, where in ((own, "namespace"), (mesh, "mesh-wide")):
        if group:
            mode = ((group[0].get("spec") or {}).get("mtls") or {}).get("mode")
            if mode and mode != "UNSET":
                return f"{mode} ({where})"
    return "PERMISSIVE (Istio default)"


def _receivers(client, namespace, contacts):
    amc = _first_served(client, ("monitoring.coreos.com/v1alpha1", "monitoring.coreos.com/v1beta1"), "AlertmanagerConfig", namespace)
    names = [r.get("name") for a in amc for r in (a.get("spec") or {}).get("receivers") or [] if r.get("name")]
    if names:
        return ", ".join(names)
    return f"team route to {contacts}" if contacts else "none"


def teams(client, cluster):
    env = cluster.get("environment")
    selector = f"platform.runtime/environment={env},{TEAM_LABEL}" if env else TEAM_LABEL
    root = (cluster.get("platform_namespaces") or {}).get("istio", PLATFORM_NAMESPACES["istio"])
    pas = _first_served(client, ("security.istio.io/v1", "security.istio.io/v1beta1"), "PeerAuthentication")
    out = []
    for ns_obj in sorted(_list(client, "v1", "Namespace", label_selector=selector), key=lambda n: n["metadata"]["name"]):
        md = ns_obj["metadata"]
        ns = md["name"]
        labels, annotations = md.get("labels") or {}, md.get("annotations") or {}
        quota = []
        for q in _list(client, "v1", "ResourceQuota", namespace=ns):
            st = q.get("status") or {}
            hard = st.get("hard") or (q.get("spec") or {}).get("hard") or {}
            for res in sorted(hard):
                quota.append({"quota": q["metadata"]["name"], "resource": res, "used": (st.get("used") or {}).get(res, "?"), "hard": hard[res]})
        nps = _list(client, "networking.k8s.io/v1", "NetworkPolicy", namespace=ns)
        aps = _first_served(client, ("security.istio.io/v1", "security.istio.io/v1beta1"), "AuthorizationPolicy", ns, missing=None)
        out.append(
            {
                "team": labels.get(TEAM_LABEL, ""),
                "namespace": ns,
                "quota": quota,
                "pod_security": labels.get("pod-security.kubernetes.io/enforce", "not set"),
                "mtls": _mesh_mode(pas, ns, root),
                "injection": labels.get("istio.io/rev") or labels.get("istio-injection") or "off",
                "receiver": _receivers(client, ns, annotations.get("platform.runtime/contacts", "")),
                "graph": traffic.flows(ns, nps, aps),
                "policies": {"NetworkPolicy": len(nps), "AuthorizationPolicy": "not served (no mesh)" if aps is None else len(aps)},
            }
        )
    return out


def policy(client, cluster):
    templates = _list(client, "templates.gatekeeper.sh/v1", "ConstraintTemplate")
    by_action, violations = {}, []
    for t in templates:
        kind = (((t.get("spec") or {}).get("crd") or {}).get("spec") or {}).get("names", {}).get("kind")
        for c in _list(client, CONSTRAINTS_API, kind) if kind else []:
            action = (c.get("spec") or {}).get("enforcementAction") or "deny"
            by_action.setdefault(action, []).append(f"{kind}/{c['metadata']['name']}")
            st = c.get("status") or {}
            if st.get("totalViolations"):
                violations.append(
                    {
                        "constraint": f"{kind}/{c['metadata']['name']}",
                        "total": st["totalViolations"],
                        "examples": [
                            f"{v.get('kind')}/{v.get('namespace', '')}/{v.get('name')}: {v.get('message', '')}" for v in (st.get("violations") or [])[:5]
                        ],
                    }
                )
    return {"templates": sorted(t["metadata"]["name"] for t in templates), "by_action": by_action, "violations": violations}


def access(client, cluster):
    ns_map = dict(PLATFORM_NAMESPACES)
    ns_map.update(cluster.get("platform_namespaces") or {})
    kc = cluster.get("kubeconfig") or "~/.kube/config"
    ctx = f" --context {cluster['context']}" if cluster.get("context") else ""
    out = {}
    grafana = [s for s in _list(client, "v1", "Service", namespace=ns_map["monitoring"]) if "grafana" in s["metadata"]["name"]]
    if grafana:
        svc = grafana[0]
        port = ((svc.get("spec") or {}).get("ports") or [{}])[0].get("port", 80)
        out["grafana"] = (
            f"kubectl --kubeconfig {kc}{ctx} -n {ns_map['monitoring']} port-forward svc/{svc['metadata']['name']} 3000:{port}, then http://localhost:3000"
        )
    elif "monitoring" in (cluster.get("components") or []):
        out["grafana"] = f"Grafana's Service appears in namespace {ns_map['monitoring']} once the monitoring HelmRelease is reconciled"
    else:
        out["grafana"] = "monitoring is not installed on this cluster"
    gw = _list(client, "v1", "Service", namespace=ns_map["istio_ingress"])
    if gw:
        svc = gw[0]
        spec = svc.get("spec") or {}
        lb = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        if lb:
            out["gateway"] = f"https://{lb[0].get('hostname') or lb[0].get('ip')} (LoadBalancer {svc['metadata']['name']})"
        elif spec.get("type") == "NodePort":
            ports = ", ".join(f"{p.get('port')}->{p.get('nodePort')}" for p in spec.get("ports") or [])
            out["gateway"] = f"NodePort service {ns_map['istio_ingress']}/{svc['metadata']['name']} ({ports})"
        else:
            out["gateway"] = f"kubectl --kubeconfig {kc}{ctx} -n {ns_map['istio_ingress']} port-forward svc/{svc['metadata']['name']} 8443:443"
    elif "istio" in (cluster.get("components") or []):
        out["gateway"] = f"the ingress gateway Service appears in namespace {ns_map['istio_ingress']} once the gateway HelmRelease is reconciled"
    else:
        out["gateway"] = "istio is not installed on this cluster"
    return out


def collect(client, cluster):
    """Everything the report shows about one cluster, read from it."""
    version = client.version()
    return {
        "name": cluster.get("name") or "cluster",
        "environment": cluster.get("environment") or "",
        "kubeconfig": cluster.get("kubeconfig") or "",
        "context": cluster.get("context") or "",
        "server_version": version.get("gitVersion", ""),
        "controllers_running": cluster.get("controllers_running", True),
        "components": components(client, cluster),
        "teams": teams(client, cluster),
        "policy": policy(client, cluster),
        "access": access(client, cluster),
        "verify": cluster.get("verify") or [],
    }


# -- rendering ----------------------------------------------------------------
def _gv(node):
    """A Graphviz node name: a ':' would be read as a port."""
    return node.replace(":", "__")


def _id(*parts):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", "--".join(parts).replace(":*", ":all-pods"))


EDGE_STYLE = {
    (True, None): {"color": "#2e7d32", "style": "solid", "label": ""},
    (True, True): {"color": "#2e7d32", "style": "solid", "label": ""},
    (True, False): {"color": "#c62828", "style": "dashed", "label": "NetworkPolicy only"},
    (False, True): {"color": "#ef6c00", "style": "dashed", "label": "AuthorizationPolicy only"},
}


def edge_verdict(edge):
    if edge["authz"] is None:
        return "allowed by NetworkPolicy (no mesh)"
    if edge["agree"]:
        return "allowed by both"
    return "NetworkPolicy only" if edge["netpol"] else "AuthorizationPolicy only"


def svg(cluster, team):
    """The team namespace's traffic diagram as an inline <svg> (empty string without Graphviz)."""
    if not HAS_GRAPHVIZ:
        return ""
    g = graphviz.Digraph(name=_id(cluster, team["namespace"]), format="svg")
    g.attr(rankdir="LR", bgcolor="white", fontname="DejaVu Sans", fontsize="11")
    g.attr("node", fontname="DejaVu Sans", fontsize="11")
    g.attr("edge", fontname="DejaVu Sans", fontsize="9")
    for n in team["graph"]["nodes"]:
        shape, fill = ("box", "#e3f2fd") if n["kind"] == "svc" else ("ellipse", "#f5f5f5")
        g.node(_gv(n["id"]), label=n["label"], shape=shape, style="rounded,filled", fillcolor=fill, id=_id("node", cluster, team["namespace"], n["id"]))
    for e in team["graph"]["edges"]:
        st = EDGE_STYLE[(e["netpol"], e["authz"])]
        g.edge(
            _gv(e["src"]),
            _gv(e["dst"]),
            color=st["color"],
            style=st["style"],
            label=st["label"],
            fontcolor=st["color"],
            id=_id("edge", cluster, team["namespace"], e["src"], e["dst"]),
        )
    out = g.pipe(format="svg").decode("utf-8")
    return out[out.index("<svg") :]


def _e(value):
    return html.escape(str(value), quote=True)


CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#212121;background:#fafafa}
h1{margin-top:0}h2{border-bottom:2px solid #1565c0;padding-bottom:4px}
section.cluster{background:#fff;padding:16px;margin-bottom:24px;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:13px;vertical-align:top}
th{background:#e3f2fd}.ok{color:#2e7d32;font-weight:bold}.bad{color:#c62828;font-weight:bold}.warn{color:#ef6c00;font-weight:bold}
.team{border-left:4px solid #1565c0;padding-left:12px;margin:16px 0}.diagram svg{max-width:100%;height:auto}code{background:#eceff1;padding:1px 4px}
"""


def _cls(status):
    if status in ("ready", "passed", "allowed by both", "allowed by NetworkPolicy (no mesh)"):
        return "ok"
    if status in ("failed", "missing", "NetworkPolicy only"):
        return "bad"
    return "warn"


def _table(headers, rows, cls_col=None):
    out = ["<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"]
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            cls = f' class="{_cls(v)}"' if cls_col is not None and i == cls_col else ""
            cells.append(f"<td{cls}>{_e(v)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_cluster(c):
    name = c["name"]
    parts = [f'<section class="cluster" id="{_id("cluster", name)}">', f"<h2>Cluster {_e(name)}</h2>"]
    parts.append(
        _table(
            ["environment", "API server", "kubeconfig", "context", "controllers"],
            [
                [
                    c["environment"],
                    c["server_version"],
                    c["kubeconfig"],
                    c["context"] or "(current)",
                    "running" if c["controllers_running"] else "none (objects applied, not reconciled)",
                ]
            ],
        )
    )
    parts.append("<h3>How to reach it</h3>")
    parts.append(_table(["what", "how"], [["Grafana", c["access"].get("grafana", "")], ["Ingress gateway", c["access"].get("gateway", "")]]))
    if c["verify"]:
        parts.append("<h3>Checks</h3>")
        parts.append(_table(["check", "result", "summary"], [[r["name"], r["status"], r["summary"]] for r in c["verify"]], cls_col=1))
    parts.append("<h3>Components</h3>")
    rows = []
    for comp in c["components"]:
        if comp["releases"]:
            for r in comp["releases"]:
                rows.append([comp["name"], r["namespace"], f"{r['name']} ({r['chart']})", r["version"], r["status"]])
        else:
            rows.append([comp["name"], comp["namespace"], "-", comp["version"], comp["status"]])
    parts.append(_table(["component", "namespace", "HelmRelease (chart)", "version", "status"], rows, cls_col=4))
    parts.append("<h3>Teams</h3>")
    if not c["teams"]:
        parts.append("<p>No team namespaces.</p>")
    for t in c["teams"]:
        tid = _id("team", name, t["namespace"])
        parts.append(f'<div class="team" id="{tid}"><h4>Team {_e(t["team"])}: namespace <code>{_e(t["namespace"])}</code></h4>')
        parts.append(
            _table(
                ["Pod Security", "mTLS", "sidecar injection", "alert receiver", "policies"],
                [
                    [
                        t["pod_security"],
                        t["mtls"],
                        t["injection"],
                        t["receiver"],
                        f"{t['policies']['NetworkPolicy']} NetworkPolicies, {t['policies']['AuthorizationPolicy']} AuthorizationPolicies",
                    ]
                ],
            )
        )
        parts.append(_table(["quota", "resource", "used", "hard"], [[q["quota"], q["resource"], q["used"], q["hard"]] for q in t["quota"]]))
        diagram = svg(name, t)
        if diagram:
            parts.append(f'<div class="diagram">{diagram}</div>')
        parts.append(
            _table(
                ["from", "to", "NetworkPolicy", "AuthorizationPolicy", "verdict"],
                [
                    [
                        _label(t, e["src"]),
                        _label(t, e["dst"]),
                        "allow" if e["netpol"] else "deny",
                        {True: "allow", False: "deny", None: "n/a"}[e["authz"]],
                        edge_verdict(e),
                    ]
                    for e in t["graph"]["edges"]
                ],
                cls_col=4,
            )
        )
        parts.append("</div>")
    parts.append("<h3>Policy</h3>")
    pol = c["policy"]
    parts.append(f"<p>{len(pol['templates'])} ConstraintTemplates: {_e(', '.join(pol['templates']) or 'none')}</p>")
    parts.append(_table(["enforcement action", "constraints"], [[a, ", ".join(sorted(v))] for a, v in sorted(pol["by_action"].items())]))
    if pol["violations"]:
        parts.append(
            _table(["constraint", "audit violations", "examples"], [[v["constraint"], v["total"], "; ".join(v["examples"])] for v in pol["violations"]])
        )
    else:
        parts.append("<p>No audit violations reported (Gatekeeper's audit writes them into each constraint's status).</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _label(team, nid):
    for n in team["graph"]["nodes"]:
        if n["id"] == nid:
            return n["label"]
    return nid


def render(clusters, title="Platform report"):
    body = "\n".join(render_cluster(c) for c in clusters)
    legend = (
        '<p>Traffic diagrams: <span class="ok">green</span> flows are allowed by both the NetworkPolicies and the Istio '
        'AuthorizationPolicies; <span class="bad">red dashed</span> only by the NetworkPolicies; <span class="warn">orange dashed</span> '
        "only by the AuthorizationPolicies. Everything is read back from the clusters.</p>"
    )
    names = ", ".join(c["name"] for c in clusters)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title><style>{CSS}</style></head>\n'
        f"<body><h1>{_e(title)}</h1><p>Clusters: {_e(names)}</p>{legend}\n{body}\n</body></html>\n"
    )


class ReportError(PlatformError):
    """A cluster could not be read, or the report could not be written."""


ARG_SPEC = dict(
    path=dict(type="path", required=True),
    title=dict(type="str", default="Platform report"),
    clusters=dict(
        type="list",
        elements="dict",
        required=True,
        options=dict(
            name=dict(type="str", required=True),
            kubeconfig=dict(type="path"),
            context=dict(type="str"),
            environment=dict(type="str"),
            components=dict(type="list", elements="str", default=[]),
            controllers_running=dict(type="bool", default=True),
            platform_namespaces=dict(type="dict", default={}),
            verify=dict(type="list", elements="dict", default=[]),
        ),
    ),
)


def write_report(params, check_mode=False, client_factory=None):
    """Read every cluster, render, and write the file when its content changed."""
    factory = client_factory or (lambda c: KubeClient(kubeconfig=c.get("kubeconfig"), context=c.get("context") or None))
    data = []
    for c in params["clusters"]:
        try:
            data.append(collect(factory(c), c))
        except KubeError as e:
            raise ReportError(f"cluster {c['name']}: cannot read it for the report: {e}") from e
    page = render(data, params.get("title") or "Platform report")
    path = params["path"]
    try:
        with open(path, encoding="utf-8") as f:
            changed = f.read() != page
    except FileNotFoundError:
        changed = True
    if changed and not check_mode:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        tmp = f"{path}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(page)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    summary = [
        {
            "name": c["name"],
            "components": len(c["components"]),
            "teams": [t["namespace"] for t in c["teams"]],
            "disagreements": [
                f"{t['namespace']}: {e['src']} -> {e['dst']} ({edge_verdict(e)})" for t in c["teams"] for e in t["graph"]["edges"] if not e["agree"]
            ],
        }
        for c in data
    ]
    return {"changed": changed, "path": os.path.abspath(path), "clusters": summary, "blocked_flows": blocked_flows(data)}


BLOCKED = "AuthorizationPolicy only (the NetworkPolicies block a flow the AuthorizationPolicies allow)"


def blocked_flows(data):
    """The "AuthorizationPolicy only" edges: flows the design wants (L7 allows them) that the NetworkPolicies block.

    Such an edge is a bug in the L3 policies, so the run fails on it (after the report is written, to show it)."""
    return [
        f"cluster {c['name']}: team {t['team']}: {e['src']} -> {e['dst']} in {t['namespace']}: {BLOCKED}"
        for c in data
        for t in c["teams"]
        for e in t["graph"]["edges"]
        if e["authz"] and not e["netpol"]
    ]
