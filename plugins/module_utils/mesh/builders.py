# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Istio: the three Flux HelmReleases (with sizing presets and canary revisions) and the mesh resources.

Pure builders, no I/O. Every mesh object is an Istio ``v1`` API object. Bad input is refused with a
``ValidationError`` that lists every problem (field, value, expectation) before anything is applied.
One builder per Istio kind: onboarding's ``build_istio`` calls ``team_objects`` here.
"""

from __future__ import annotations

import copy

from ansible_collections.platform.runtime.plugins.module_utils import flux
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, is_dns1123_label, is_dns1123_subdomain

SECURITY_API = "security.istio.io/v1"
NETWORKING_API = "networking.istio.io/v1"
TELEMETRY_API = "telemetry.istio.io/v1"
ISTIO_VERSION = "1.30.3"
RELEASE_HUB = "docker.io/istio"
CHART_REPOSITORY = "https://istio-release.storage.googleapis.com/charts"
MTLS_MODES = ("STRICT", "PERMISSIVE", "DISABLE", "UNSET")
INGRESS_SELECTOR = {"istio": "ingress"}

# Sizing presets for istiod and the gateway (requests / limits / replicas; PDB when more than one replica).
SIZING_PRESETS = {
    "dev": {"requests": {"cpu": "25m", "memory": "64Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}, "min": 1, "max": 1},
    "standard": {"requests": {"cpu": "500m", "memory": "512Mi"}, "limits": {"cpu": "2000m", "memory": "2Gi"}, "min": 2, "max": 5},
    "ha": {"requests": {"cpu": "1000m", "memory": "1Gi"}, "limits": {"cpu": "4000m", "memory": "8Gi"}, "min": 3, "max": 10},
    "enterprise": {"requests": {"cpu": "2000m", "memory": "4Gi"}, "limits": {"cpu": "8000m", "memory": "16Gi"}, "min": 3, "max": 10},
}

# What each environment sets unless the inventory overrides it.
ENVIRONMENTS = {
    "local": {"preset": "dev", "service_type": "ClusterIP", "mtls": "PERMISSIVE", "sampling": 10.0},
    "dev": {"preset": "dev", "service_type": "NodePort", "mtls": "PERMISSIVE", "sampling": 10.0},
    "staging": {"preset": "standard", "service_type": "LoadBalancer", "mtls": "STRICT", "sampling": 10.0},
    "prod": {"preset": "ha", "service_type": "LoadBalancer", "mtls": "STRICT", "sampling": 10.0},
}

# Istio <= 1.2x nested istiod's values under ``pilot``; in 1.30 they are top-level and ``pilot.*`` silently wins.
LEGACY_PILOT_KEYS = {
    "autoscaleEnabled": "autoscaleEnabled",
    "autoscaleMin": "autoscaleMin",
    "autoscaleMax": "autoscaleMax",
    "replicaCount": "replicaCount",
    "resources": "resources",
    "env": "env",
    "hub": "global.hub (or hub)",
    "tag": "global.tag (or tag)",
    "image": "image",
    "traceSampling": "traceSampling",
    "nodeSelector": "nodeSelector",
    "podAnnotations": "podAnnotations",
    "cpu": "cpu",
    "memory": "memory",
}

TRAFFIC_DEFAULTS = {
    "subsets": {"stable": {"version": "stable"}, "canary": {"version": "canary"}},
    "routes": [{"subset": "stable", "weight": 90}, {"subset": "canary", "weight": 10}],
    "timeout": "10s",
    "retries": {"attempts": 3, "per_try_timeout": "2s", "retry_on": "5xx,connect-failure"},
    "max_connections": 100,
    "outlier_detection": {"consecutive_5xx_errors": 5, "interval": "30s", "base_ejection_time": "30s", "max_ejection_percent": 50},
}
TRAFFIC_KEYS = ("subsets", "routes", "timeout", "retries", "max_connections", "outlier_detection", "hosts")


def _meta(name, namespace, labels=None):
    md = {"name": name, "namespace": namespace}
    if labels:
        md["labels"] = dict(labels)
    return md


def _raise(errs):
    errs.raise_if_any(ValidationError)


def deep_merge(base, over):
    out = copy.deepcopy(base)
    for k, v in (over or {}).items():
        out[k] = deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else copy.deepcopy(v)
    return out


# -- control plane: values, releases, revisions --------------------------------------------------
def check_legacy_pilot(values, release="istiod"):
    """Refuse ``pilot.*`` keys (Istio 1.30 reads istiod's values at the top level and pilot.* silently overrides them)."""
    errs = Errors(prefix=f"{release} values: ")
    pilot = (values or {}).get("pilot")
    if pilot is not None:
        keys = sorted(pilot) if isinstance(pilot, dict) else [None]
        for key in keys:
            top = LEGACY_PILOT_KEYS.get(key, key) if key else "the top-level keys"
            errs.add(
                f"pilot.{key}" if key else "pilot",
                pilot.get(key) if isinstance(pilot, dict) else pilot,
                f"the top-level key {top!r} instead (Istio 1.30 istiod values are top-level)",
            )
    _raise(errs)
    return values


def sizing(preset, overrides=None):
    """A preset merged with explicit overrides {requests, limits, min, max}."""
    errs = Errors()
    errs.one_of("preset", preset, list(SIZING_PRESETS))
    _raise(errs)
    size = deep_merge(SIZING_PRESETS[preset], overrides or {})
    for part in ("requests", "limits"):
        for res in ("cpu", "memory"):
            errs.quantity(f"sizing.{part}.{res}", size[part].get(res))
    errs.integer("sizing.min", size.get("min"), low=1)
    if errs.integer("sizing.max", size.get("max"), low=1) and isinstance(size.get("min"), int) and size["max"] < size["min"]:
        errs.add("sizing.max", size["max"], f"at least sizing.min ({size['min']})")
    _raise(errs)
    return size


def istiod_values(size, revision="", revision_tags=(), version=ISTIO_VERSION, hub=RELEASE_HUB, mesh_config=None, ingress_namespace="istio-ingress", extra=None):
    resources = {"requests": dict(size["requests"]), "limits": dict(size["limits"])}
    values = {
        "global": {"hub": hub, "tag": version},
        "resources": resources,
        "autoscaleEnabled": size["max"] > 1,
        "autoscaleMin": size["min"],
        "autoscaleMax": size["max"],
        "replicaCount": size["min"],
        "pdb": {"minAvailable": 1},
        # cert-manager's HTTP-01 solver creates an Ingress; istiod serves it through the ingress gateway.
        "meshConfig": deep_merge(
            {"ingressService": "istio-ingress", "ingressSelector": "ingress", "ingressControllerMode": "STRICT", "ingressClass": "istio"},
            mesh_config or {},
        ),
        "env": {"K8S_INGRESS_NS": ingress_namespace},
    }
    if revision:
        values["revision"] = revision
    if revision_tags:
        values["revisionTags"] = list(revision_tags)
    return deep_merge(values, extra or {})


def gateway_values(size, service_type, revision="", version=ISTIO_VERSION, hub=RELEASE_HUB, node_ports=None, extra=None):
    values = {
        "global": {"hub": hub, "tag": version},
        "labels": {"istio": "ingress"},
        "resources": {"requests": dict(size["requests"]), "limits": dict(size["limits"])},
        "autoscaling": {"enabled": size["max"] > 1, "minReplicas": size["min"], "maxReplicas": size["max"]},
        "replicaCount": size["min"],
        "service": {"type": service_type},
    }
    if size["min"] > 1:
        values["podDisruptionBudget"] = {"minAvailable": 1}
    if revision:
        values["revision"] = revision
    if service_type == "NodePort" and node_ports:
        # kind maps these node ports to the host (kind_cluster extraPortMappings).
        values["service"]["ports"] = [
            {"name": "status-port", "port": 15021, "protocol": "TCP", "targetPort": 15021},
            {"name": "http2", "port": 80, "protocol": "TCP", "targetPort": 80, "nodePort": int(node_ports["http"])},
            {"name": "https", "port": 443, "protocol": "TCP", "targetPort": 443, "nodePort": int(node_ports["https"])},
        ]
    return deep_merge(values, extra or {})


def release_name(revision):
    return f"istiod-{revision}" if revision else "istiod"


def _check_revisions(cfg, errs):
    revisions = cfg.get("revisions") or [{"name": "", "version": cfg.get("version") or ISTIO_VERSION}]
    names = []
    for i, rev in enumerate(revisions):
        if not isinstance(rev, dict):
            errs.add(f"revisions[{i}]", rev, "a mapping with name and version")
            continue
        name = rev.get("name") or ""
        if name and not is_dns1123_label(name, 40):
            errs.add(f"revisions[{i}].name", name, "a revision name such as 1-30-3 (DNS-1123 label, at most 40 characters)")
        if name in names:
            errs.add(f"revisions[{i}].name", name, "a revision name not listed twice")
        names.append(name)
        errs.semver(f"revisions[{i}].version", str(rev.get("version") or ""))
    tags = cfg.get("revision_tags") or {}
    if errs.mapping("revision_tags", tags):
        for tag, target in tags.items():
            if not is_dns1123_label(tag):
                errs.add(f"revision_tags.{tag}", tag, "a tag name such as prod-stable (DNS-1123 label)")
            errs.one_of(f"revision_tags.{tag}", target, [n for n in names if n])
    for i, rem in enumerate(cfg.get("remove_revisions") or []):
        if rem in names:
            errs.add(f"remove_revisions[{i}]", rem, "a revision no longer listed in revisions (remove it from revisions first)")
        if rem in tags.values():
            errs.add(f"remove_revisions[{i}]", rem, f"a revision no tag points to (tags: {tags})")
    return revisions, tags


def injection_label(cfg, revisions, tags):
    """The ``istio.io/rev`` value team namespaces get ('' means istio-injection=enabled)."""
    label = cfg.get("injection")
    if label in (None, "auto"):
        if tags:
            label = sorted(tags)[0]
        else:
            label = revisions[-1].get("name") or ""
    return label


def istio_plan(cfg):
    """Everything the istio role applies or removes for the control plane.

    ``cfg``: environment, version, preset, sizing (overrides), gateway_sizing, service_type, node_ports, revisions
    [{name, version}], revision_tags {tag: revision}, remove_revisions, injection, namespace, ingress_namespace,
    flux_namespace, source_name, timeout, mesh_config, istiod_values, gateway_values, base_values,
    service_account_name.
    """
    errs = Errors(prefix="istio: ")
    env_name = cfg.get("environment") or "local"
    env = dict(ENVIRONMENTS.get(env_name, ENVIRONMENTS["dev"]))
    for key in ("preset", "service_type"):
        if cfg.get(key):
            env[key] = cfg[key]
    errs.one_of("service_type", env["service_type"], ("LoadBalancer", "NodePort", "ClusterIP"))
    errs.semver("version", str(cfg.get("version") or ISTIO_VERSION))
    errs.duration("timeout", cfg.get("timeout") or "180s")
    errs.one_of("preset", env["preset"], list(SIZING_PRESETS))
    revisions, tags = _check_revisions(cfg, errs)
    label = injection_label(cfg, revisions, tags)
    served = [r.get("name") for r in revisions if isinstance(r, dict) and r.get("name")] + list(tags)
    if label and label not in served:
        errs.add("injection", label, f"a revision or tag that an istiod serves ({', '.join(served) or 'none: no revisions'})")
    _raise(errs)
    for chart in ("istiod", "gateway", "base"):
        check_legacy_pilot(cfg.get(f"{chart}_values") or {}, chart)
    size = sizing(env["preset"], cfg.get("sizing"))
    gw_size = sizing(env["preset"], cfg.get("gateway_sizing") or cfg.get("sizing"))
    ns, ingress_ns = cfg.get("namespace") or "istio-system", cfg.get("ingress_namespace") or "istio-ingress"
    fns, source = cfg.get("flux_namespace") or "flux-system", cfg.get("source_name") or "istio"
    timeout = cfg.get("timeout") or "180s"
    common = {
        "namespace": fns,
        "source_name": source,
        "timeout": timeout,
        "atomic": True,
        "service_account_name": cfg.get("service_account_name") or None,
        "labels": {"app.kubernetes.io/part-of": "istio", "app.kubernetes.io/managed-by": "platform.runtime"},
    }

    def release(name, chart, version, target, values, depends_on=None):
        return flux.helm_release(
            name=name, chart=chart, version=str(version), target_namespace=target, release_name=name, depends_on=depends_on, values=values, **common
        )

    base_values = deep_merge({"defaultRevision": revisions[0].get("name") or "default"}, cfg.get("base_values"))
    releases = [release("istio-base", "base", revisions[0].get("version"), ns, base_values)]
    by_rev = {}
    for tag, rev in tags.items():
        by_rev.setdefault(rev, []).append(tag)
    hub = cfg.get("hub") or RELEASE_HUB
    for rev in revisions:
        name = rev.get("name") or ""
        tags_here = sorted(by_rev.get(name, []))
        values = istiod_values(size, name, tags_here, str(rev["version"]), hub, cfg.get("mesh_config"), ingress_ns, cfg.get("istiod_values"))
        releases.append(release(release_name(name), "istiod", rev["version"], ns, values, ["istio-base"]))
    newest = revisions[-1]
    gw_revision = label if label else (newest.get("name") or "")
    gw_values = gateway_values(gw_size, env["service_type"], gw_revision, str(newest["version"]), hub, cfg.get("node_ports"), cfg.get("gateway_values"))
    releases.append(release("istio-ingress", "gateway", newest["version"], ingress_ns, gw_values, [release_name(newest.get("name") or "")]))
    flux.check_dependencies(releases)
    namespaces = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": {"app.kubernetes.io/part-of": "istio"}}},
        # No istio-injection=disabled here: the gateway pods (image: auto) are injected.
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ingress_ns, "labels": {"app.kubernetes.io/part-of": "istio"}}},
    ]
    source_obj = flux.helm_repository(source, fns, cfg.get("chart_repository") or CHART_REPOSITORY, interval="1h", labels=common["labels"])
    remove = [
        {"apiVersion": flux.HELM_API, "kind": "HelmRelease", "metadata": {"name": release_name(r), "namespace": fns}} for r in cfg.get("remove_revisions") or []
    ]
    return {
        "environment": env_name,
        "preset": env["preset"],
        "service_type": env["service_type"],
        "namespaces": namespaces,
        "sources": [source_obj],
        "releases": releases,
        "remove": remove,
        "injection_label": label,
        "served_revisions": sorted(set(served) | ({"default"} if any(not r.get("name") for r in revisions) else set())),
        "revisions": [r.get("name") or "" for r in revisions],
        "revision_tags": dict(tags),
        "istiod_service": f"{release_name(revisions[-1].get('name') or '')}.{ns}.svc",
        "sizing": size,
    }


# -- security --------------------------------------------------------------------------------------
def peer_authentication(namespace, mode, name="default", selector=None, port_modes=None, labels=None):
    """PeerAuthentication; ``port_modes`` ({port: mode}) only when given explicitly and only with a selector."""
    errs = Errors(prefix=f"PeerAuthentication {namespace}/{name}: ")
    errs.one_of("mtls.mode", mode, MTLS_MODES)
    spec = {"mtls": {"mode": mode}}
    if selector:
        spec["selector"] = {"matchLabels": dict(selector)}
    if port_modes:
        if not selector:
            errs.add("port_modes", port_modes, "a selector as well (Istio applies per-port mTLS only to selected workloads)")
        out = {}
        for port, pmode in port_modes.items():
            p = int(port) if str(port).isdigit() else port
            errs.integer(f"port_modes.{port}", p, 1, 65535)
            errs.one_of(f"port_modes.{port}.mode", pmode, MTLS_MODES)
            out[str(port)] = {"mode": pmode}
        spec["portLevelMtls"] = out
    _raise(errs)
    return {"apiVersion": SECURITY_API, "kind": "PeerAuthentication", "metadata": _meta(name, namespace, labels), "spec": spec}


def deny_all(namespace, labels=None):
    """An AuthorizationPolicy with an empty spec: allow nothing in the namespace unless another policy allows it."""
    return {"apiVersion": SECURITY_API, "kind": "AuthorizationPolicy", "metadata": _meta("deny-all", namespace, labels), "spec": {}}


def request_authentication(name, namespace, selector, rules, labels=None):
    """RequestAuthentication from JWT rules {issuer, jwks_uri, audiences, forward_original_token}. Keys stay out: only jwksUri."""
    errs = Errors(prefix=f"RequestAuthentication {namespace}/{name}: ")
    out = []
    for i, rule in enumerate(rules or []):
        if not errs.mapping(f"jwt_rules[{i}]", rule):
            continue
        for secret_key in ("jwks", "token", "key"):
            if rule.get(secret_key):
                errs.add(f"jwt_rules[{i}].{secret_key}", "(hidden)", "no inline keys or tokens; publish the keys at jwks_uri")
        errs.string(f"jwt_rules[{i}].issuer", rule.get("issuer"))
        errs.url(f"jwt_rules[{i}].jwks_uri", rule.get("jwks_uri"))
        item = {"issuer": rule.get("issuer"), "jwksUri": rule.get("jwks_uri")}
        if rule.get("audiences"):
            errs.string_list(f"jwt_rules[{i}].audiences", rule["audiences"])
            item["audiences"] = list(rule["audiences"])
        if rule.get("forward_original_token") is not None:
            item["forwardOriginalToken"] = bool(rule["forward_original_token"])
        out.append(item)
    errs.require(bool(out), "jwt_rules", rules, "at least one rule with issuer and jwks_uri")
    _raise(errs)
    spec = {"selector": {"matchLabels": dict(selector)}, "jwtRules": out}
    return {"apiVersion": SECURITY_API, "kind": "RequestAuthentication", "metadata": _meta(name, namespace, labels), "spec": spec}


def require_jwt(name, namespace, selector, issuers=None, labels=None):
    """ALLOW only requests with a validated JWT principal (``<issuer>/*``, or any principal ``*``)."""
    principals = [f"{i}/*" for i in issuers] if issuers else ["*"]
    spec = {"selector": {"matchLabels": dict(selector)}, "action": "ALLOW", "rules": [{"from": [{"source": {"requestPrincipals": principals}}]}]}
    return {"apiVersion": SECURITY_API, "kind": "AuthorizationPolicy", "metadata": _meta(name, namespace, labels), "spec": spec}


def jwt_objects(cfg, ingress_namespace="istio-ingress"):
    """RequestAuthentication + require-JWT policy for each {name, namespace, selector, rules} (default: the ingress gateway)."""
    out = []
    for item in cfg or []:
        ns = item.get("namespace") or ingress_namespace
        sel = item.get("selector") or INGRESS_SELECTOR
        ra = request_authentication(item["name"], ns, sel, item.get("rules"))
        out += [ra, require_jwt(f"{item['name']}-require-jwt", ns, sel, [r["issuer"] for r in ra["spec"]["jwtRules"]])]
    return out


def callers_of(services):
    out = {s["name"]: [] for s in services}
    for s in services:
        for callee in s.get("calls") or []:
            if callee in out and s["name"] not in out[callee]:
                out[callee].append(s["name"])
    return out


def service_policies(namespace, services, ingress_namespace="istio-ingress", labels=None, monitoring_namespace=None):
    """One ALLOW AuthorizationPolicy per service: callers' principals, the ingress gateway only for ``expose``, and
    ``monitoring_namespace`` only on the ``metrics`` port."""
    callers = callers_of(services)
    out = []
    for svc in services:
        port = [str(svc.get("port", 8080))]
        rules = []
        if callers[svc["name"]]:
            principals = [f"cluster.local/ns/{namespace}/sa/{c}" for c in sorted(callers[svc["name"]])]
            rules.append({"from": [{"source": {"principals": principals}}], "to": [{"operation": {"ports": port}}]})
        if svc.get("expose"):
            rules.append({"from": [{"source": {"namespaces": [ingress_namespace]}}], "to": [{"operation": {"ports": port}}]})
        metrics_port = (svc.get("metrics") or {}).get("port")
        if monitoring_namespace and metrics_port:
            rules.append({"from": [{"source": {"namespaces": [monitoring_namespace]}}], "to": [{"operation": {"ports": [str(metrics_port)]}}]})
        spec = {"selector": {"matchLabels": {"app": svc["name"]}}, "action": "ALLOW"}
        if rules:
            spec["rules"] = rules
        # An ALLOW policy without rules matches nothing: a service nobody calls accepts no traffic.
        out.append({"apiVersion": SECURITY_API, "kind": "AuthorizationPolicy", "metadata": _meta("svc-" + svc["name"], namespace, labels), "spec": spec})
    return out


# -- telemetry -------------------------------------------------------------------------------------
def provider_names(mesh_config):
    return [p.get("name") for p in (mesh_config or {}).get("extensionProviders") or [] if isinstance(p, dict)]


def telemetry(namespace, tracing_provider=None, sampling=10.0, mesh_config=None, tag_overrides=None, name="mesh-default", labels=None):
    """Telemetry: tracing through a provider meshConfig defines, and Prometheus metrics with tag overrides."""
    errs = Errors(prefix=f"Telemetry {namespace}/{name}: ")
    spec = {}
    if tracing_provider:
        known = provider_names(mesh_config)
        errs.one_of("tracing_provider", tracing_provider, known or ["(none: meshConfig.extensionProviders is empty)"])
        ok = isinstance(sampling, (int, float)) and not isinstance(sampling, bool) and 0 <= sampling <= 100
        errs.require(ok, "sampling", sampling, "a percentage from 0 to 100")
        spec["tracing"] = [{"providers": [{"name": tracing_provider}], "randomSamplingPercentage": float(sampling) if ok else sampling}]
    metrics = {"providers": [{"name": "prometheus"}]}
    overrides = []
    for metric, tags in (tag_overrides or {}).items():
        if not errs.mapping(f"tag_overrides.{metric}", tags):
            continue
        tag_map = {}
        for tag, value in tags.items():
            if value is None:
                tag_map[tag] = {"operation": "REMOVE"}
            else:
                tag_map[tag] = {"operation": "UPSERT", "value": str(value)}
        overrides.append({"match": {"metric": metric, "mode": "CLIENT_AND_SERVER"}, "tagOverrides": tag_map})
    if overrides:
        metrics["overrides"] = overrides
    spec["metrics"] = [metrics]
    _raise(errs)
    return {"apiVersion": TELEMETRY_API, "kind": "Telemetry", "metadata": _meta(name, namespace, labels), "spec": spec}


# -- ingress ---------------------------------------------------------------------------------------
def gateway(name, namespace, hosts, credential_name, https_redirect=True, labels=None):
    """Gateway on the ingress (selector istio: ingress): HTTPS for every host with ``credential_name``, HTTP redirecting to HTTPS."""
    errs = Errors(prefix=f"Gateway {namespace}/{name}: ")
    if errs.string_list("hosts", hosts):
        for h in hosts:
            errs.require(is_dns1123_subdomain(h.removeprefix("*.")), "hosts", h, "DNS names such as pay.example.com or *.example.com")
    errs.dns1123_subdomain("credential_name", credential_name)
    _raise(errs)
    http = {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": list(hosts)}
    if https_redirect:
        http["tls"] = {"httpsRedirect": True}
    https = {"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": list(hosts), "tls": {"mode": "SIMPLE", "credentialName": credential_name}}
    spec = {"selector": dict(INGRESS_SELECTOR), "servers": [http, https]}
    return {"apiVersion": NETWORKING_API, "kind": "Gateway", "metadata": _meta(name, namespace, labels), "spec": spec}


def host_matches(host, pattern):
    if pattern in ("*", host):
        return True
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and host != pattern[2:]
    return False


# -- traffic ---------------------------------------------------------------------------------------
def normalize_traffic(svc_name, traffic, gateway_hosts=None, expose=False):
    """Traffic settings merged over TRAFFIC_DEFAULTS and checked; raises ValidationError listing every problem.

    ``gateway_hosts`` None means the Gateway is not known here (the analyzer checks the binding instead)."""
    errs = Errors(prefix=f"service {svc_name!r} traffic: ")
    if traffic in (None, True):
        traffic = {}
    if not errs.mapping("traffic", traffic):
        _raise(errs)
    for key in traffic:
        errs.require(key in TRAFFIC_KEYS, str(key), traffic[key], f"a known field ({', '.join(TRAFFIC_KEYS)})")
    t = deep_merge(
        {k: v for k, v in TRAFFIC_DEFAULTS.items() if k not in ("subsets", "routes")}, {k: v for k, v in traffic.items() if k not in ("subsets", "routes")}
    )
    t["subsets"] = copy.deepcopy(traffic.get("subsets", TRAFFIC_DEFAULTS["subsets"]))
    t["routes"] = copy.deepcopy(traffic.get("routes", TRAFFIC_DEFAULTS["routes"]))
    if errs.mapping("subsets", t["subsets"]):
        for sub, lab in t["subsets"].items():
            errs.dns1123_label(f"subsets.{sub}", sub)
            errs.labels(f"subsets.{sub}", lab)
    total = 0
    if isinstance(t["routes"], list) and t["routes"]:
        for i, r in enumerate(t["routes"]):
            if not errs.mapping(f"routes[{i}]", r):
                continue
            if r.get("subset") not in (t["subsets"] or {}):
                errs.add(f"routes[{i}].subset", r.get("subset"), f"a subset defined in subsets ({', '.join(sorted(t['subsets'] or {}))})")
            w = r.get("weight")
            if errs.integer(f"routes[{i}].weight", w, 0, 100):
                total += w
        if total != 100 and not any(not isinstance(r, dict) or not isinstance(r.get("weight"), int) for r in t["routes"]):
            errs.add("routes[*].weight", [r.get("weight") for r in t["routes"]], "weights that sum to 100")
    else:
        errs.add("routes", t["routes"], "a non-empty list of {subset, weight}")
    errs.duration("timeout", t["timeout"])
    retries = t["retries"]
    if errs.mapping("retries", retries):
        errs.integer("retries.attempts", retries.get("attempts"), low=0)
        errs.duration("retries.per_try_timeout", retries.get("per_try_timeout"))
        errs.string("retries.retry_on", retries.get("retry_on"))
    errs.integer("max_connections", t["max_connections"], low=1)
    od = t["outlier_detection"]
    if errs.mapping("outlier_detection", od):
        errs.integer("outlier_detection.consecutive_5xx_errors", od.get("consecutive_5xx_errors"), low=1)
        errs.duration("outlier_detection.interval", od.get("interval"))
        errs.duration("outlier_detection.base_ejection_time", od.get("base_ejection_time"))
        errs.integer("outlier_detection.max_ejection_percent", od.get("max_ejection_percent"), 0, 100)
    hosts = t.get("hosts") or []
    if hosts:
        if not expose:
            errs.add("hosts", hosts, "no public hosts: the service is not marked expose")
        elif errs.string_list("hosts", hosts) and gateway_hosts is not None:
            for h in hosts:
                if not any(host_matches(h, g) for g in gateway_hosts or []):
                    errs.add("hosts", h, f"a host the ingress Gateway serves ({', '.join(gateway_hosts or []) or 'none'})")
    t["hosts"] = list(hosts)
    _raise(errs)
    return t


def virtual_service(svc_name, namespace, traffic, gateway_ref=None, labels=None):
    host = f"{svc_name}.{namespace}.svc.cluster.local"
    r = traffic["retries"]
    route = {
        "route": [{"destination": {"host": host, "subset": x["subset"]}, "weight": x["weight"]} for x in traffic["routes"]],
        "timeout": traffic["timeout"],
        "retries": {"attempts": r["attempts"], "perTryTimeout": r["per_try_timeout"], "retryOn": r["retry_on"]},
    }
    spec = {"hosts": [host], "http": [route]}
    if traffic.get("hosts") and gateway_ref:
        spec["hosts"] = [host] + list(traffic["hosts"])
        spec["gateways"] = ["mesh", gateway_ref]
    return {"apiVersion": NETWORKING_API, "kind": "VirtualService", "metadata": _meta(svc_name, namespace, labels), "spec": spec}


def destination_rule(svc_name, namespace, traffic, labels=None):
    od = traffic["outlier_detection"]
    spec = {
        "host": f"{svc_name}.{namespace}.svc.cluster.local",
        "trafficPolicy": {
            "connectionPool": {"tcp": {"maxConnections": traffic["max_connections"]}},
            "outlierDetection": {
                "consecutive5xxErrors": od["consecutive_5xx_errors"],
                "interval": od["interval"],
                "baseEjectionTime": od["base_ejection_time"],
                "maxEjectionPercent": od["max_ejection_percent"],
            },
        },
        "subsets": [{"name": name, "labels": dict(lab)} for name, lab in sorted(traffic["subsets"].items())],
    }
    return {"apiVersion": NETWORKING_API, "kind": "DestinationRule", "metadata": _meta(svc_name, namespace, labels), "spec": spec}


def team_objects(
    namespace, services, mtls=None, ingress_namespace="istio-ingress", gateway_ref=None, gateway_hosts=None, labels=None, monitoring_namespace=None
):
    """A team namespace's mesh objects: PeerAuthentication (when STRICT), deny-all (always: zero trust) plus ALLOW
    from the call graph, and VirtualService/DestinationRule for services with ``traffic``."""
    out = []
    if mtls == "STRICT":
        out.append(peer_authentication(namespace, "STRICT", labels=labels))
    elif mtls not in (None, "", "PERMISSIVE"):
        out.append(peer_authentication(namespace, mtls, labels=labels))
    out.append(deny_all(namespace, labels))
    if services:
        out += service_policies(namespace, services, ingress_namespace, labels, monitoring_namespace)
    errors = []
    for svc in services or []:
        if svc.get("traffic") is None:
            continue
        try:
            t = normalize_traffic(svc["name"], svc["traffic"], gateway_hosts, bool(svc.get("expose")))
        except ValidationError as e:
            errors += e.errors
            continue
        out += [virtual_service(svc["name"], namespace, t, gateway_ref, labels), destination_rule(svc["name"], namespace, t, labels)]
    if errors:
        raise ValidationError(errors)
    return out


def platform_objects(cfg):
    """Mesh-wide objects: PeerAuthentication in istio-system, Telemetry, the ingress Gateway and JWT objects.

    ``cfg``: environment, namespace, ingress_namespace, mtls, tracing_provider, sampling, mesh_config,
    tag_overrides, gateway {name, hosts, credential_name, https_redirect}, jwt [...].
    """
    env = ENVIRONMENTS.get(cfg.get("environment") or "local", ENVIRONMENTS["dev"])
    ns, ingress_ns = cfg.get("namespace") or "istio-system", cfg.get("ingress_namespace") or "istio-ingress"
    labels = {"app.kubernetes.io/managed-by": "platform.runtime", "app.kubernetes.io/part-of": "istio"}
    sampling = cfg.get("sampling")
    out = [
        peer_authentication(ns, cfg.get("mtls") or env["mtls"], labels=labels),
        telemetry(
            ns,
            cfg.get("tracing_provider"),
            env["sampling"] if sampling is None else sampling,
            cfg.get("mesh_config"),
            cfg.get("tag_overrides"),
            labels=labels,
        ),
    ]
    gw = cfg.get("gateway") or {}
    if gw.get("hosts"):
        out.append(gateway(gw.get("name") or "platform-gateway", ingress_ns, gw["hosts"], gw.get("credential_name"), gw.get("https_redirect", True), labels))
    out += jwt_objects(cfg.get("jwt"), ingress_ns)
    return out
