# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who may talk to whom in one namespace, as enforced: from NetworkPolicies and Istio AuthorizationPolicies.

Pure: ``flows(namespace, network_policies, authorization_policies)`` takes the objects as read back from the
cluster and returns nodes and edges. Each edge says whether the NetworkPolicies allow it (the destination's
ingress, and for a source pod in the namespace its egress too) and whether the AuthorizationPolicies allow it
(ALLOW policies selecting the destination; none means the mesh allows it). Edges where the two disagree are
marked. Services are identified by their ``app`` label and service account (the onboarding's convention).
"""

from __future__ import annotations

ALL_PODS = "*"  # every pod of the namespace (a podSelector {})
ANY = "any"  # any source (an ingress rule without `from`)


def node_id(kind, name):
    return f"{kind}:{name}"


def _app(selector):
    """The app label a selector picks, ALL_PODS for {} and None for anything else."""
    sel = selector or {}
    labels = sel.get("matchLabels") or {}
    if not labels and not sel.get("matchExpressions"):
        return ALL_PODS
    return labels.get("app")


def _peer(peer, namespace):
    """A NetworkPolicy peer as a node id (None for peers the diagram does not draw, such as ipBlocks)."""
    if "namespaceSelector" in peer:
        labels = (peer["namespaceSelector"] or {}).get("matchLabels") or {}
        ns = labels.get("kubernetes.io/metadata.name")
        if ns is None:
            return node_id("ns", "any namespace")
        if ns == namespace:
            app = _app(peer.get("podSelector"))
            return node_id("svc", app) if app else None
        return node_id("ns", ns)
    if "podSelector" in peer:
        app = _app(peer["podSelector"])
        return node_id("svc", app) if app else None
    if "ipBlock" in peer:
        return node_id("cidr", peer["ipBlock"].get("cidr", "?"))
    return None


def _types(np):
    spec = np.get("spec") or {}
    types = spec.get("policyTypes")
    if types:
        return set(types)
    return {"Ingress"} | ({"Egress"} if spec.get("egress") else set())


def _netpol_rules(namespace, policies):
    """[(target app or ALL_PODS, direction, peer node id or ANY)] and the set of (target, direction) that are isolated."""
    rules, isolated = [], set()
    for np in policies:
        spec = np.get("spec") or {}
        target = _app(spec.get("podSelector"))
        if target is None:
            continue
        for direction, key, peer_key in (("Ingress", "ingress", "from"), ("Egress", "egress", "to")):
            if direction not in _types(np):
                continue
            isolated.add((target, direction))
            for rule in spec.get(key) or []:
                peers = rule.get(peer_key)
                if not peers:
                    rules.append((target, direction, ANY))
                    continue
                for p in peers:
                    pid = _peer(p, namespace)
                    if pid:
                        rules.append((target, direction, pid))
    return rules, isolated


def _selects(target, app):
    return target == ALL_PODS or target == app


def _peer_matches(peer, node):
    if peer == ANY or peer == node:
        return True
    return peer == node_id("svc", ALL_PODS) and node.startswith("svc:")


def np_allows(src, dst_app, rules, isolated):
    """NetworkPolicy verdict for src -> pods with app=dst_app: the destination's ingress, and a local source's egress."""
    ingress_isolated = any(_selects(t, dst_app) for t, d in isolated if d == "Ingress")
    ingress_ok = not ingress_isolated or any(d == "Ingress" and _selects(t, dst_app) and _peer_matches(p, src) for t, d, p in rules)
    if not ingress_ok:
        return False
    if not src.startswith("svc:"):
        return True  # the source's own egress policies live in its namespace
    src_app = src.split(":", 1)[1]
    dst = node_id("svc", dst_app)
    egress_isolated = any(_selects(t, src_app) for t, d in isolated if d == "Egress")
    return not egress_isolated or any(d == "Egress" and _selects(t, src_app) and _peer_matches(p, dst) for t, d, p in rules)


def _principal_node(principal, namespace):
    # cluster.local/ns/<ns>/sa/<sa>
    parts = principal.split("/")
    if len(parts) == 5 and parts[1] == "ns" and parts[3] == "sa":
        return node_id("svc", parts[4]) if parts[2] == namespace else node_id("ns", parts[2])
    return node_id("principal", principal)


def _ap_sources(rule, namespace):
    """Node ids a rule admits; ANY for a rule without `from`."""
    froms = rule.get("from")
    if not froms:
        return {ANY}
    out = set()
    for f in froms:
        src = f.get("source") or {}
        for p in src.get("principals") or []:
            out.add(_principal_node(p, namespace))
        for n in src.get("namespaces") or []:
            out.add(node_id("svc", ALL_PODS) if n == namespace else node_id("ns", n))
        if not src.get("principals") and not src.get("namespaces"):
            out.add(ANY)
    return out


def _ap_index(namespace, policies):
    """{target app or ALL_PODS: {"allow": [sources], "deny": [sources]}} of the policies in the namespace."""
    index = {}
    for ap in policies:
        spec = ap.get("spec") or {}
        action = (spec.get("action") or "ALLOW").upper()
        if action not in ("ALLOW", "DENY"):
            continue
        target = _app(spec.get("selector")) if spec.get("selector") else ALL_PODS
        if target is None:
            continue
        entry = index.setdefault(target, {"ALLOW": [], "DENY": [], "has_allow": False})
        if action == "ALLOW":
            entry["has_allow"] = True
        for rule in spec.get("rules") or []:
            entry[action].append(_ap_sources(rule, namespace))
    return index


def ap_allows(src, dst_app, index):
    """AuthorizationPolicy verdict: DENY first, then ALLOW policies selecting the destination (none: allowed)."""
    entries = [e for t, e in index.items() if _selects(t, dst_app)]
    for e in entries:
        for srcs in e["DENY"]:
            if any(_peer_matches(s, src) for s in srcs):
                return False
    if not any(e["has_allow"] for e in entries):
        return True
    return any(any(_peer_matches(s, src) for s in srcs) for e in entries for srcs in e["ALLOW"])


def flows(namespace, network_policies, authorization_policies):
    """{"nodes": [{id, label, kind}], "edges": [{src, dst, netpol, authz, agree}]} for one namespace.

    ``authorization_policies`` None means the cluster does not serve them (no mesh): edges then carry ``authz`` None
    and only the NetworkPolicies decide.
    """
    rules, isolated = _netpol_rules(namespace, network_policies)
    mesh = authorization_policies is not None
    index = _ap_index(namespace, authorization_policies or [])
    apps = set()
    sources = set()
    for t, d, p in rules:
        if t != ALL_PODS:
            apps.add(t)
        if d == "Ingress" and p != ANY:
            sources.add(p)  # egress-only peers (DNS, istiod) are destinations outside the team's graph
    for t, e in index.items():
        if t != ALL_PODS:
            apps.add(t)
        for srcs in e["ALLOW"] + e["DENY"]:
            sources |= {s for s in srcs if s != ANY}
    targets = sorted(apps) or [ALL_PODS]
    candidates = {node_id("svc", a) for a in targets} | {s for s in sources if not s.startswith("cidr:")}
    if apps:
        candidates.discard(node_id("svc", ALL_PODS))
    edges = []
    for dst_app in targets:
        dst = node_id("svc", dst_app)
        for src in sorted(candidates):
            if src == dst and dst_app != ALL_PODS:
                continue
            n = np_allows(src, dst_app, rules, isolated)
            a = ap_allows(src, dst_app, index) if mesh else None
            if n or a:
                edges.append({"src": src, "dst": dst, "netpol": n, "authz": a, "agree": a is None or n == a})
    used = {e["src"] for e in edges} | {e["dst"] for e in edges} | {node_id("svc", a) for a in targets}
    nodes = [{"id": nid, "label": _label(nid, namespace), "kind": nid.split(":", 1)[0]} for nid in sorted(used)]
    return {"nodes": nodes, "edges": edges}


def _label(nid, namespace):
    kind, name = nid.split(":", 1)
    if kind == "svc":
        return f"all pods in {namespace}" if name == ALL_PODS else name
    if kind == "ns":
        return f"namespace {name}"
    return name
