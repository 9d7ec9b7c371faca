# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An offline mesh analyzer: what ``istioctl analyze`` checks, run on the objects the platform would apply.

``analyze(objects, context)`` returns findings ``{code, severity, object, reason}``. Nothing here talks to
a cluster: the context says what the rendered objects cannot (meshConfig, the revisions istiod serves, the
workloads' labels per namespace).
"""

from __future__ import annotations

from ansible_collections.platform.runtime.plugins.module_utils.mesh.builders import host_matches, provider_names

ERROR, WARNING = "error", "warning"

# code: (severity, what it checks)
RULES = {
    "MESH001": (ERROR, "a VirtualService routes to a subset that no DestinationRule for the host defines"),
    "MESH002": (ERROR, "a VirtualService is bound to a Gateway that does not exist"),
    "MESH003": (ERROR, "a VirtualService host is not served by the Gateway it is bound to"),
    "MESH004": (ERROR, "a Gateway credentialName has no Certificate (secretName) or Secret in the gateway's namespace"),
    "MESH005": (WARNING, "an AuthorizationPolicy selector matches no workload of the namespace"),
    "MESH006": (ERROR, "more than one selector-less PeerAuthentication in a namespace"),
    "MESH007": (ERROR, "a Telemetry names a tracing provider that meshConfig.extensionProviders does not define"),
    "MESH008": (ERROR, "a namespace is labelled for injection with a revision that no istiod serves"),
}


def _ref(obj):
    md = obj.get("metadata") or {}
    ns = md.get("namespace")
    return f"{obj.get('kind')}/{ns}/{md.get('name')}" if ns else f"{obj.get('kind')}/{md.get('name')}"


def _finding(code, obj, reason):
    return {"code": code, "severity": RULES[code][0], "object": _ref(obj), "reason": reason}


def _ns(obj):
    return (obj.get("metadata") or {}).get("namespace") or ""


def _fqdn(host, namespace):
    """A short service name resolved as Istio does: relative to the object's namespace."""
    if "." not in host:
        return f"{host}.{namespace}.svc.cluster.local"
    parts = host.split(".")
    if len(parts) == 2:
        return f"{host}.svc.cluster.local"
    return host


def _by_kind(objects, kind):
    return [o for o in objects if isinstance(o, dict) and o.get("kind") == kind]


def _subsets(objects):
    out = {}
    for dr in _by_kind(objects, "DestinationRule"):
        spec = dr.get("spec") or {}
        host = _fqdn(spec.get("host", ""), _ns(dr))
        out.setdefault(host, set()).update(s.get("name") for s in spec.get("subsets") or [])
    return out


def _vs_destinations(vs):
    for kind in ("http", "tcp", "tls"):
        for route in (vs.get("spec") or {}).get(kind) or []:
            for dest in route.get("route") or []:
                yield dest.get("destination") or {}


def check_subsets(objects, context):
    subsets = _subsets(objects)
    out = []
    for vs in _by_kind(objects, "VirtualService"):
        for dest in _vs_destinations(vs):
            sub = dest.get("subset")
            if not sub:
                continue
            host = _fqdn(dest.get("host", ""), _ns(vs))
            if sub not in subsets.get(host, set()):
                defined = sorted(subsets.get(host, set()))
                out.append(_finding("MESH001", vs, f"routes to subset {sub!r} of {host}, but no DestinationRule defines it (defined: {defined or 'none'})"))
    return out


def _gateways(objects):
    return {(_ns(g), g["metadata"]["name"]): g for g in _by_kind(objects, "Gateway")}


def check_gateway_bindings(objects, context):
    gws = _gateways(objects)
    out = []
    for vs in _by_kind(objects, "VirtualService"):
        spec = vs.get("spec") or {}
        for ref in spec.get("gateways") or []:
            if ref == "mesh":
                continue
            ns, _sep, name = ref.rpartition("/")
            key = (ns or _ns(vs), name)
            gw = gws.get(key)
            if gw is None:
                out.append(_finding("MESH002", vs, f"bound to Gateway {key[0]}/{key[1]}, which does not exist"))
                continue
            served = [h.split("/", 1)[-1] for s in (gw.get("spec") or {}).get("servers") or [] for h in s.get("hosts") or []]
            for host in spec.get("hosts") or []:
                if host.endswith(".svc.cluster.local"):
                    continue  # mesh-internal name, served through the "mesh" gateway
                if not any(host_matches(host, pattern) for pattern in served):
                    out.append(_finding("MESH003", vs, f"host {host!r} is not served by Gateway {key[0]}/{key[1]} (hosts: {sorted(set(served))})"))
    return out


def check_credentials(objects, context):
    certs = {(_ns(c), (c.get("spec") or {}).get("secretName")) for c in _by_kind(objects, "Certificate")}
    secrets = {(_ns(s), s["metadata"]["name"]) for s in _by_kind(objects, "Secret")}
    secrets |= {tuple(x) for x in context.get("secrets") or []}
    out = []
    for gw in _by_kind(objects, "Gateway"):
        for server in (gw.get("spec") or {}).get("servers") or []:
            cred = (server.get("tls") or {}).get("credentialName")
            if cred and (_ns(gw), cred) not in certs | secrets:
                out.append(
                    _finding(
                        "MESH004", gw, f"credentialName {cred!r} has no Certificate with secretName {cred!r} and no Secret {cred!r} in namespace {_ns(gw)}"
                    )
                )
    return out


def _matches(selector, labels):
    return all(labels.get(k) == v for k, v in selector.items())


def check_authorization_selectors(objects, context):
    workloads = context.get("workloads") or {}
    out = []
    for ap in _by_kind(objects, "AuthorizationPolicy"):
        ns = _ns(ap)
        selector = ((ap.get("spec") or {}).get("selector") or {}).get("matchLabels")
        if not selector or ns not in workloads:
            continue
        if not any(_matches(selector, labels) for labels in workloads[ns]):
            out.append(_finding("MESH005", ap, f"selector {selector} matches no workload in {ns} (workloads: {workloads[ns]})"))
    return out


def check_peer_authentications(objects, context):
    per_ns = {}
    for pa in _by_kind(objects, "PeerAuthentication"):
        if not (pa.get("spec") or {}).get("selector"):
            per_ns.setdefault(_ns(pa), []).append(pa)
    out = []
    for ns, pas in sorted(per_ns.items()):
        if len(pas) > 1:
            names = sorted(p["metadata"]["name"] for p in pas)
            out += [
                _finding("MESH006", p, f"{len(pas)} PeerAuthentications without a selector in {ns} ({', '.join(names)}); Istio picks the oldest")
                for p in pas[1:]
            ]
    return out


def check_telemetry_providers(objects, context):
    known = set(provider_names(context.get("mesh_config"))) | {"prometheus"}
    out = []
    for tel in _by_kind(objects, "Telemetry"):
        for part in ("tracing", "accessLogging"):
            for item in (tel.get("spec") or {}).get(part) or []:
                for prov in item.get("providers") or []:
                    if prov.get("name") not in known:
                        out.append(_finding("MESH007", tel, f"{part} provider {prov.get('name')!r} is not in meshConfig.extensionProviders ({sorted(known)})"))
    return out


def check_injection_revisions(objects, context):
    served = set(context.get("revisions") or [])
    out = []
    for ns in _by_kind(objects, "Namespace"):
        rev = ((ns.get("metadata") or {}).get("labels") or {}).get("istio.io/rev")
        if rev and rev not in served:
            out.append(_finding("MESH008", ns, f"istio.io/rev={rev} but no istiod serves that revision or tag (served: {sorted(served) or 'none'})"))
    return out


CHECKS = (
    check_subsets,
    check_gateway_bindings,
    check_credentials,
    check_authorization_selectors,
    check_peer_authentications,
    check_telemetry_providers,
    check_injection_revisions,
)


def analyze(objects, context=None):
    """Findings for ``objects``, errors first. ``context``: mesh_config, revisions (served names and tags),
    workloads {namespace: [pod labels]}, secrets [[namespace, name]] that exist outside the set."""
    context = context or {}
    findings = []
    for check in CHECKS:
        findings += check(list(objects or []), context)
    return sorted(findings, key=lambda f: (f["severity"] != ERROR, f["code"], f["object"]))


def summary(findings):
    errors = [f for f in findings if f["severity"] == ERROR]
    lines = [f"{f['severity'].upper()} {f['code']} {f['object']}: {f['reason']}" for f in findings]
    return {"errors": len(errors), "warnings": len(findings) - len(errors), "lines": lines}
