# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Team namespace onboarding: validation and the desired object set, as pure functions.

Nothing here talks to a cluster. ``validate_teams`` turns raw inventory data into normalised team specs (or
raises ``OnboardingError`` with every message naming team, field, value and expectation); ``team_warnings`` lists
what is allowed but must be visible; ``ownership`` decides from the live namespaces which ones a run may touch;
``build_objects`` and ``build_tenant_roles`` turn normalised teams into the Kubernetes objects one environment needs;
``prune_candidates`` and ``blocking_objects`` decide from listed objects what to delete or what blocks offboarding.
The flows that do the I/O are in ``onboarding_service``.
"""

from __future__ import annotations

import copy
import ipaddress

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.objects import obj_key
from ansible_collections.platform.runtime.plugins.module_utils.platform import is_system_namespace, system_namespaces
from ansible_collections.platform.runtime.plugins.module_utils.validation import (
    QUANTITY_HINT,
    Errors,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_label_key,
    is_label_value,
    parse_duration,
    parse_quantity,
)

MANAGED_BY = "platform.runtime"
TEAM_LABEL = "platform.runtime/team"
ENV_LABEL = "platform.runtime/environment"
ROLES = ("admin", "edit", "view")
DEPLOYER_SA = "deployer"

# Pod Security levels and mesh mTLS per environment; LoadBalancer services only in prod by default.
DEFAULT_ENVIRONMENTS = {
    "local": {"pod_security": "baseline", "mtls": "PERMISSIVE", "loadbalancers": False, "quota_size": "small"},
    "dev": {"pod_security": "baseline", "mtls": "PERMISSIVE", "loadbalancers": False, "quota_size": "small"},
    "staging": {"pod_security": "baseline", "mtls": "STRICT", "loadbalancers": False, "quota_size": "medium"},
    "prod": {"pod_security": "restricted", "mtls": "STRICT", "loadbalancers": True, "quota_size": "large"},
}

# Quota and per-container LimitRange values per size. Every container max fits in the quota's limits.
DEFAULT_PRESETS = {
    "small": {
        "quota": {
            "requests.cpu": "2",
            "requests.memory": "4Gi",
            "limits.cpu": "4",
            "limits.memory": "8Gi",
            "pods": "20",
            "services": "10",
            "persistentvolumeclaims": "5",
            "requests.storage": "20Gi",
            "services.loadbalancers": "1",
        },
        "limits": {
            "default_cpu": "500m",
            "default_memory": "512Mi",
            "default_request_cpu": "100m",
            "default_request_memory": "128Mi",
            "max_cpu": "1",
            "max_memory": "2Gi",
        },
    },
    "medium": {
        "quota": {
            "requests.cpu": "4",
            "requests.memory": "8Gi",
            "limits.cpu": "8",
            "limits.memory": "16Gi",
            "pods": "50",
            "services": "20",
            "persistentvolumeclaims": "10",
            "requests.storage": "100Gi",
            "services.loadbalancers": "2",
        },
        "limits": {
            "default_cpu": "500m",
            "default_memory": "512Mi",
            "default_request_cpu": "100m",
            "default_request_memory": "128Mi",
            "max_cpu": "2",
            "max_memory": "4Gi",
        },
    },
    "large": {
        "quota": {
            "requests.cpu": "16",
            "requests.memory": "32Gi",
            "limits.cpu": "32",
            "limits.memory": "64Gi",
            "pods": "200",
            "services": "50",
            "persistentvolumeclaims": "30",
            "requests.storage": "500Gi",
            "services.loadbalancers": "4",
        },
        "limits": {
            "default_cpu": "1",
            "default_memory": "1Gi",
            "default_request_cpu": "250m",
            "default_request_memory": "256Mi",
            "max_cpu": "4",
            "max_memory": "8Gi",
        },
    },
}

DEFAULT_NETWORK = {
    "ingress_gateway_namespace": "istio-ingress",
    "monitoring_namespace": "monitoring",
    "istio_namespace": "istio-system",
    "dns_namespace": "kube-system",
}

QUOTA_KEYS = (
    "requests.cpu",
    "requests.memory",
    "limits.cpu",
    "limits.memory",
    "pods",
    "services",
    "persistentvolumeclaims",
    "requests.storage",
    "services.loadbalancers",
)
# Short names accepted in overrides (the namespace-provisioner fields: cpu, memory, pods).
QUOTA_ALIASES = {
    "cpu": ("requests.cpu", "limits.cpu"),
    "memory": ("requests.memory", "limits.memory"),
    "pvcs": ("persistentvolumeclaims",),
    "storage": ("requests.storage",),
    "loadbalancers": ("services.loadbalancers",),
}
COUNT_KEYS = ("pods", "services", "persistentvolumeclaims", "services.loadbalancers")
LIMIT_KEYS = ("default_cpu", "default_memory", "default_request_cpu", "default_request_memory", "max_cpu", "max_memory")
PSA_LEVELS = ("privileged", "baseline", "restricted")
MTLS_MODES = ("STRICT", "PERMISSIVE", "DISABLE")


# A CIDR with a shorter prefix than this is "wide" and needs the team's allow_internet_egress: true (a /0 always does).
DEFAULT_EGRESS = {"ipv4_min_prefix": 8, "ipv6_min_prefix": 32}
# Team fields other roles read and validate; onboarding accepts them (a mapping) and passes them through unchanged.
PASS_THROUGH_TEAM = {
    "iam_roles": "the eks_cluster role (EKS access entries)",
    "alerting": "the monitoring role (the team's alert receivers)",
    "secrets": "the secrets role (the team's ExternalSecrets)",
}
PASS_THROUGH_SERVICE = {"traffic": "the istio role (canary, timeouts, retries)", "metrics": "the monitoring role (scrape port and path)"}
SERVICE_KEYS = ("name", "port", "calls", "expose") + tuple(PASS_THROUGH_SERVICE)
SYSTEM_GROUP_HINT = (
    "a group of the team's own; 'system:' groups (system:authenticated, system:masters, system:serviceaccounts, system:unauthenticated, ...) "
    "are Kubernetes' built-in identities and are never bound to a team (bind service accounts with service_accounts)"
)
RESERVED_LABELS = ("team", "environment", "cost-center", "app.kubernetes.io/managed-by", TEAM_LABEL, ENV_LABEL, "istio-injection", "istio.io/rev")
TEMPLATE = "field {field!r} = {value!r}: expected {expected}"


class OnboardingError(ValidationError):
    """Raised with every validation message at once (``errors``)."""


def _strings(value):
    """A string or list of strings as a list; None when the shape is wrong."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) and v for v in value):
        return list(value)
    return None


def _quantity_ok(value):
    try:
        return parse_quantity(value) >= 0
    except ValueError:
        return False


# -- settings -------------------------------------------------------------------------------------
def merge_settings(environments=None, presets=None, network=None, istio_revision=None, mesh_injection=True, egress=None, platform_namespaces=None):
    """Defaults merged with caller overrides (per environment and per preset, key by key)."""
    envs = copy.deepcopy(DEFAULT_ENVIRONMENTS)
    for name, values in (environments or {}).items():
        envs.setdefault(name, {"pod_security": "baseline", "mtls": "PERMISSIVE", "loadbalancers": False, "quota_size": "small"}).update(values or {})
    pre = copy.deepcopy(DEFAULT_PRESETS)
    for name, values in (presets or {}).items():
        target = pre.setdefault(name, {"quota": {}, "limits": {}})
        for part in ("quota", "limits"):
            target.setdefault(part, {}).update(_stringify((values or {}).get(part) or {}))
    net = dict(DEFAULT_NETWORK)
    net.update({k: v for k, v in (network or {}).items() if v})
    egress_limits = dict(DEFAULT_EGRESS)
    egress_limits.update({k: v for k, v in (egress or {}).items() if v is not None})
    return {
        "environments": envs,
        "presets": pre,
        "network": net,
        "istio_revision": istio_revision or "",
        "mesh_injection": bool(mesh_injection),
        "egress": egress_limits,
        "platform_namespaces": dict(platform_namespaces or {}),
    }


def _stringify(d):
    return {k: (str(v) if not isinstance(v, bool) and v is not None else v) for k, v in d.items()}


def validate_settings(settings, environment):
    errors = []
    envs = settings["environments"]
    if environment not in envs:
        errors.append(f"environment {environment!r} is not known: expected one of {', '.join(sorted(envs))}")
    for name, env in sorted(envs.items()):
        errs = Errors(prefix=f"environment {name!r}: ", template=TEMPLATE)
        errs.one_of("pod_security", env.get("pod_security"), PSA_LEVELS)
        errs.one_of("mtls", env.get("mtls"), MTLS_MODES)
        errs.boolean("loadbalancers", env.get("loadbalancers"))
        errs.one_of("quota_size", env.get("quota_size"), sorted(settings["presets"]))
        errors.extend(errs.messages)
    for name, preset in sorted(settings["presets"].items()):
        for part, keys in (("quota", QUOTA_KEYS), ("limits", LIMIT_KEYS)):
            for key, value in (preset.get(part) or {}).items():
                if key not in keys:
                    errors.append(f"preset {name!r}: field '{part}.{key}': expected one of {', '.join(keys)}")
                elif not _quantity_ok(value):
                    errors.append(f"preset {name!r}: field '{part}.{key}' = {value!r}: expected {QUANTITY_HINT}")
    for key, value in sorted(settings["network"].items()):
        if not is_dns1123_label(value):
            errors.append(f"network: field {key!r} = {value!r}: expected a namespace name (DNS-1123 label, at most 63 characters)")
    errs = Errors(prefix="egress: ", template=TEMPLATE)
    errs.integer("ipv4_min_prefix", settings["egress"].get("ipv4_min_prefix"), low=0, high=32)
    errs.integer("ipv6_min_prefix", settings["egress"].get("ipv6_min_prefix"), low=0, high=128)
    errors.extend(errs.messages)
    rev = settings.get("istio_revision")
    if rev and not is_label_value(rev):
        errors.append(f"istio_revision = {rev!r}: expected a label value (at most 63 alphanumerics, '-', '_' or '.')")
    return errors


# -- team normalisation: one checker per field, run in table order -------------------------------------
def namespace_for(team, environment):
    explicit = team.get("namespace")
    if isinstance(explicit, dict):
        explicit = explicit.get(environment)
    return explicit or f"{team['name']}-{environment}"


def team_namespaces(team):
    """Every namespace of the team, over all its environments."""
    return sorted({namespace_for(team, e) for e in team["environments"]})


def _string_or_list(errs, field, value, team, settings):
    values = _strings(value)
    if values is None:
        errs.add(field, value, "a string or a list of non-empty strings")
        return []
    return values


def _cost_center(errs, field, value, team, settings):
    if value is None:
        return ""
    errs.require(str(value) and is_label_value(str(value)), field, value, "a label value (at most 63 alphanumerics, '-', '_' or '.')")
    return str(value)


def _role_members(errs, field, value, expected_shape):
    """{role: [names]} from a mapping of role to a list of names, recording shape errors."""
    out = {r: [] for r in ROLES}
    if value is None:
        return out
    if not isinstance(value, dict):
        errs.add(field, value, expected_shape)
        return out
    for role, members in value.items():
        if role not in ROLES:
            errs.add(f"{field}.{role}", members, "a role among admin, edit, view")
            continue
        names = _strings(members)
        if names is None:
            errs.add(f"{field}.{role}", members, "a list of non-empty " + ("group names" if field == "groups" else "names"))
            continue
        out[role] = names
    return out


def _groups(errs, field, value, team, settings):
    if not isinstance(value, dict):
        errs.add(field, value, "a mapping of role (admin, edit, view) to a list of group names")
        return {r: [] for r in ROLES}
    before = len(errs)
    groups = _role_members(errs, field, value, "")
    for role, names in groups.items():
        for g in names:
            if g.startswith("system:"):
                errs.add(f"groups.{role}", g, SYSTEM_GROUP_HINT)
        groups[role] = [g for g in names if not g.startswith("system:")]
    if len(errs) == before and not any(groups.values()):
        errs.add("groups", value, "at least one group for admin, edit or view")
    return groups


def _environments(errs, field, value, team, settings):
    if value is None:
        return sorted(settings["environments"])
    values = _strings(value)
    if values is None:
        errs.add(field, value, "a list of environment names")
        return []
    for e in values:
        errs.require(e in settings["environments"], field, e, "a known environment: " + ", ".join(sorted(settings["environments"])))
    return values


def _quota_size(errs, field, value, team, settings):
    presets = "a preset among " + ", ".join(sorted(settings["presets"]))
    if isinstance(value, dict):
        for k, v in value.items():
            errs.require(v in settings["presets"], f"quota_size.{k}", v, presets)
        return dict(value)
    if value is not None and value not in settings["presets"]:
        errs.add(field, value, presets)
        return None
    return value


def _items(errs, field, value, expected):
    """The (key, value) pairs of an optional mapping; none (and an error) when it is not one."""
    if value is None:
        return []
    if not isinstance(value, dict):
        errs.add(field, value, expected)
        return []
    return list(value.items())


def _quota(errs, field, value, team, settings):
    out = {}
    for key, amount in _items(errs, field, value, "a mapping of quota key (cpu, memory, pods, ...) to a quantity"):
        targets = QUOTA_ALIASES.get(key, (key,) if key in QUOTA_KEYS else None)
        if targets is None:
            errs.add(f"quota.{key}", amount, "a key among " + ", ".join(sorted(set(QUOTA_KEYS) | set(QUOTA_ALIASES))))
        elif not _quantity_ok(amount):
            errs.add(f"quota.{key}", amount, QUANTITY_HINT)
        elif key in COUNT_KEYS and parse_quantity(amount) != int(parse_quantity(amount)):
            errs.add(f"quota.{key}", amount, "a whole number")
        else:
            out.update({t: str(amount) for t in targets})
    return out


def _limits(errs, field, value, team, settings):
    out = {}
    for key, amount in _items(errs, field, value, "a mapping with keys among " + ", ".join(LIMIT_KEYS)):
        if key not in LIMIT_KEYS:
            errs.add(f"limits.{key}", amount, "a key among " + ", ".join(LIMIT_KEYS))
        elif not _quantity_ok(amount):
            errs.add(f"limits.{key}", amount, QUANTITY_HINT)
        else:
            out[key] = str(amount)
    return out


def _metadata_map(errs, field, value, team, settings):
    out = {}
    for k, v in _items(errs, field, value, "a mapping of key to string value"):
        v = "" if v is None else (str(v).lower() if isinstance(v, bool) else str(v))
        if not is_label_key(k):
            errs.add(field, k, "a qualified key such as example.com/name (name at most 63 characters)")
        elif field == "labels" and (k in RESERVED_LABELS or k.startswith("pod-security.kubernetes.io/")):
            reserved = ", ".join(sorted(RESERVED_LABELS))
            errs.add(field, k, f"a key the platform does not set itself (reserved: {reserved}, pod-security.kubernetes.io/*)")
        elif field == "labels" and not is_label_value(v):
            errs.add(f"labels.{k}", v, "a label value (at most 63 alphanumerics, '-', '_' or '.')")
        else:
            out[k] = v
    return out


def _namespace(errs, field, value, team, settings):
    explicit = list(value.values()) if isinstance(value, dict) else ([] if value is None else [value])
    for n in explicit:
        errs.require(is_dns1123_label(n), field, n, "a DNS-1123 label (lowercase alphanumerics and '-', at most 63 characters)")
    if isinstance(value, dict):
        for e in value:
            errs.require(e in settings["environments"], field, e, "environment keys among " + ", ".join(sorted(settings["environments"])))
    shaped = dict(team, namespace=value)
    generated = []
    if value is None or isinstance(value, dict):
        for e in team["environments"]:
            n = namespace_for(shaped, e)
            if not is_dns1123_label(n):
                errs.add(field, n, f"a DNS-1123 label of at most 63 characters for environment {e} (set namespace explicitly)")
            else:
                generated.append(n)
    reserved = ", ".join(system_namespaces(settings["platform_namespaces"]))
    for n in sorted({n for n in explicit + generated if is_dns1123_label(n)}):
        if is_system_namespace(n, settings["platform_namespaces"]):
            errs.add(field, n, f"a namespace that Kubernetes or the platform does not reserve ({reserved}); adopt does not change this")
    return value


def _pod_security(errs, field, value, team, settings):
    if value is not None:
        errs.one_of(field, value, PSA_LEVELS)
    return value


def _flag(errs, field, value, team, settings):
    if value is None:
        return False
    errs.boolean(field, value)
    return value is True


def wide_cidr(network, egress_settings):
    """The prefix limit ``network`` is wider than, or None when it is narrow enough (a /0 is always wide)."""
    limit = egress_settings["ipv4_min_prefix"] if network.version == 4 else egress_settings["ipv6_min_prefix"]
    if network.prefixlen == 0 or network.prefixlen < limit:
        return limit
    return None


def _egress_cidrs(errs, field, value, team, settings):
    cidrs = _strings(value)
    if cidrs is None:
        errs.add(field, value, "a list of CIDRs such as 10.20.0.0/16")
        return []
    out = []
    for c in cidrs:
        try:
            net = ipaddress.ip_network(c, strict=True)
        except ValueError as e:
            errs.add(field, c, f"a network in CIDR notation with no host bits set ({e})")
            continue
        limit = wide_cidr(net, settings["egress"])
        if limit is not None and not team["allow_internet_egress"]:
            what = "all of the internet" if net.prefixlen == 0 else f"a network wider than /{limit}"
            errs.add(
                field,
                c,
                f"a network no wider than /{limit}: it opens egress to {what}; set allow_internet_egress: true on the team to allow it on purpose",
            )
            continue
        out.append(str(net))
    return out


def _service_accounts(errs, field, value, team, settings):
    shape = "a mapping of role (admin, edit, view) to a list of service accounts <namespace>/<name> in the team's own namespaces"
    accounts = _role_members(errs, field, value, shape)
    own = team_namespaces(team)
    for role, members in accounts.items():
        good = []
        for m in members:
            ns, _sep, name = m.rpartition("/")
            if ns in own and is_dns1123_subdomain(name):
                good.append(m)
            else:
                errs.add(f"{field}.{role}", m, f"<namespace>/<name> of a service account in one of the team's own namespaces ({', '.join(own)})")
        accounts[role] = good
    return accounts


def _services(errs, field, services, team, settings):
    if services is None:
        return []
    if not isinstance(services, list):
        errs.add(field, services, "a list of {name, port, calls, expose}")
        return []
    out, names = [], set()
    for i, svc in enumerate(services):
        where = f"services[{i}]"
        if not isinstance(svc, dict):
            errs.add(where, svc, "a mapping with a name")
            continue
        name = svc.get("name")
        if not is_dns1123_label(name):
            errs.add(where + ".name", name, "a DNS-1123 label of at most 63 characters")
            continue
        if name in names:
            errs.add(where + ".name", name, "a name not used by another service of the team")
            continue
        names.add(name)
        for key in svc:
            if key not in SERVICE_KEYS:
                errs.add(f"{where}.{key}", svc[key], "no such field; known fields are " + ", ".join(SERVICE_KEYS))
        port = svc.get("port", 8080)
        if isinstance(port, str) and port.isdigit():
            port = int(port)
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            errs.add(where + ".port", port, "a port number from 1 to 65535")
        calls = _strings(svc.get("calls"))
        if calls is None:
            errs.add(where + ".calls", svc.get("calls"), "a list of service names")
            calls = []
        expose = svc.get("expose", False)
        if not isinstance(expose, bool):
            errs.add(where + ".expose", expose, "true or false: true admits the ingress gateway namespace to the service's port")
        normal = {"name": name, "port": port, "calls": calls, "expose": expose is True}
        for key, used_by in PASS_THROUGH_SERVICE.items():
            normal[key] = _pass_through(errs, f"{where}.{key}", svc.get(key), used_by)
        if isinstance(normal["metrics"], dict):
            _metrics_port(errs, where + ".metrics.port", normal["metrics"])
        out.append(normal)
    for svc in out:
        for callee in svc["calls"]:
            if callee not in names:
                errs.add(f"services[{svc['name']}].calls", callee, f"a service defined in the team's services ({', '.join(sorted(names))})")
    return out


def _metrics_port(errs, field, metrics):
    """The port the monitoring namespace may reach (the NetworkPolicy and AuthorizationPolicy need it as a number)."""
    port = metrics.get("port")
    if isinstance(port, str) and port.isdigit():
        port = metrics["port"] = int(port)
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        errs.add(field, port, "the port number (1 to 65535) the monitoring namespace scrapes")


def _gitops(errs, field, gitops, team, settings):
    if not gitops:
        return None
    if isinstance(gitops, str):
        gitops = {"url": gitops}
    if not isinstance(gitops, dict):
        errs.add(field, gitops, "a mapping with url (and optional branch, path, interval, secret)")
        return None
    url = gitops.get("url")
    ok = isinstance(url, str) and url.split("://", 1)[0] in ("https", "ssh") and "://" in url and len(url.split("://", 1)[1]) > 0
    errs.require(ok and not any(ch.isspace() for ch in url), "gitops.url", url, "an https:// or ssh:// Git URL")
    path = str(gitops.get("path", "./"))
    errs.require(".." not in path.split("/"), "gitops.path", path, "a path inside the repository (no '..')")
    interval = str(gitops.get("interval", "5m"))
    try:
        parse_duration(interval, units=("ms", "s", "m", "h"))
    except ValueError:
        errs.add("gitops.interval", interval, "a Go duration such as 1m or 5m30s")
    branch = gitops.get("branch", "main")
    errs.require(isinstance(branch, str) and branch and " " not in branch, "gitops.branch", branch, "a branch name")
    secret = gitops.get("secret")
    errs.require(secret is None or is_dns1123_label(secret, 253), "gitops.secret", secret, "the name of a Secret in the team namespace")
    return {"url": url, "branch": branch, "path": path, "interval": interval, "secret": secret}


def _pass_through(errs, field, value, used_by):
    if value is None:
        return None
    errs.require(isinstance(value, dict), field, value, f"a mapping (validated by {used_by})")
    return copy.deepcopy(value)


def _team_pass_through(errs, field, value, team, settings):
    return _pass_through(errs, field, value, PASS_THROUGH_TEAM[field])


# Order matters: a checker sees the fields normalised before it (namespace needs environments; egress_cidrs needs
# allow_internet_egress; service_accounts needs the namespaces).
TEAM_FIELDS = (
    ("owners", _string_or_list),
    ("contacts", _string_or_list),
    ("cost_center", _cost_center),
    ("groups", _groups),
    ("environments", _environments),
    ("quota_size", _quota_size),
    ("quota", _quota),
    ("limits", _limits),
    ("labels", _metadata_map),
    ("annotations", _metadata_map),
    ("namespace", _namespace),
    ("service_accounts", _service_accounts),
    ("pod_security", _pod_security),
    ("adopt", _flag),
    ("allow_internet_egress", _flag),
    ("egress_cidrs", _egress_cidrs),
    ("services", _services),
    ("gitops", _gitops),
    ("iam_roles", _team_pass_through),
    ("alerting", _team_pass_through),
    ("secrets", _team_pass_through),
)
TEAM_KEYS = ("name",) + tuple(field for field, _check in TEAM_FIELDS)


def normalize_team(raw, settings):
    """(team, errors): a normalised copy of one raw team mapping and every problem found in it."""
    if not isinstance(raw, dict):
        return None, [f"team entry {raw!r}: expected a mapping with at least a name"]
    name = raw.get("name")
    errs = Errors(prefix=f"team {name!r}: ", template=TEMPLATE)
    if not is_dns1123_label(name, max_len=50):
        errs.add("name", name, "a DNS-1123 label (lowercase alphanumerics and '-', at most 50 characters so that <team>-<env> fits in 63)")
        return None, errs.messages
    for key in raw:
        if key not in TEAM_KEYS:
            errs.add(key, raw[key], "no such field; known fields are " + ", ".join(TEAM_KEYS))
    team = {"name": name}
    for field, check in TEAM_FIELDS:
        team[field] = check(errs, field, raw.get(field), team, settings)
    return (None if errs else team), errs.messages


def resolve_sizes(team, environment, settings):
    """(quota, limits) for one team in one environment: preset, then environment rules, then overrides."""
    size = team.get("quota_size")
    if isinstance(size, dict):
        size = size.get(environment)
    size = size or settings["environments"][environment]["quota_size"]
    preset = settings["presets"][size]
    quota = dict(preset.get("quota") or {})
    if not settings["environments"][environment]["loadbalancers"]:
        quota["services.loadbalancers"] = "0"
    quota.update(team.get("quota") or {})
    limits = dict(DEFAULT_PRESETS["small"]["limits"])
    limits.update(preset.get("limits") or {})
    limits.update(team.get("limits") or {})
    return size, quota, limits


def check_sizes(team_name, quota, limits):
    """Messages for a LimitRange that does not fit the quota, or a quota that contradicts itself."""
    err = Errors(prefix=f"team {team_name!r}: ", template=TEMPLATE)
    q = {k: parse_quantity(v) for k, v in quota.items()}
    lim = {k: parse_quantity(v) for k, v in limits.items()}
    for res in ("cpu", "memory"):
        if "requests." + res in q and "limits." + res in q and q["requests." + res] > q["limits." + res]:
            err.add(
                "quota.requests." + res,
                quota["requests." + res],
                f"at most quota limits.{res} ({quota['limits.' + res]})",
            )
        if lim["default_request_" + res] > lim["default_" + res]:
            err.add(
                "limits.default_request_" + res,
                limits["default_request_" + res],
                f"at most limits.default_{res} ({limits['default_' + res]})",
            )
        if lim["default_" + res] > lim["max_" + res]:
            err.add(
                "limits.default_" + res,
                limits["default_" + res],
                f"at most limits.max_{res} ({limits['max_' + res]})",
            )
        if "limits." + res in q and lim["max_" + res] > q["limits." + res]:
            err.add(
                "limits.max_" + res,
                limits["max_" + res],
                f"a per-container maximum within quota limits.{res} ({quota['limits.' + res]}); lower limits.max_{res} or raise the quota",
            )
        if "requests." + res in q and lim["default_request_" + res] > q["requests." + res]:
            err.add(
                "limits.default_request_" + res,
                limits["default_request_" + res],
                f"at most quota requests.{res} ({quota['requests.' + res]})",
            )
    return err.messages


def validate_teams(raw_teams, environment, settings):
    """Normalised teams for ``environment``; raises OnboardingError with every problem found."""
    errors = validate_settings(settings, environment)
    if errors:
        raise OnboardingError(errors)
    if not isinstance(raw_teams, list):
        raise OnboardingError([f"teams = {raw_teams!r}: expected a list of team mappings"])
    teams, names, namespaces = [], set(), {}
    for raw in raw_teams:
        team, errs = normalize_team(raw, settings)
        errors.extend(errs)
        if team is None:
            continue
        if team["name"] in names:
            errors.append(f"team {team['name']!r}: field 'name' = {team['name']!r}: expected a name no other team uses")
            continue
        names.add(team["name"])
        if environment in team["environments"]:
            ns = namespace_for(team, environment)
            if ns in namespaces:
                msg = "team {!r}: field 'namespace' = {!r}: expected a namespace no other team uses (team {!r} has it)"
                errors.append(msg.format(team["name"], ns, namespaces[ns]))
            namespaces[ns] = team["name"]
            _size, quota, limits = resolve_sizes(team, environment, settings)
            errors.extend(check_sizes(team["name"], quota, limits))
        teams.append(team)
    if errors:
        raise OnboardingError(errors)
    return teams


def team_warnings(teams, settings):
    """What is allowed but must be visible: wide egress allowed on purpose, and groups that several teams bind."""
    out = []
    for team in teams:
        for c in team["egress_cidrs"]:
            limit = wide_cidr(ipaddress.ip_network(c), settings["egress"])
            if limit is not None:
                out.append(f"team {team['name']!r}: egress_cidrs {c} is wider than /{limit} and opens egress to the internet (allow_internet_egress: true)")
    users = {}
    for team in teams:
        for role in ROLES:
            for g in team["groups"][role]:
                users.setdefault(g, {}).setdefault(team["name"], role)
    for group, by_team in sorted(users.items()):
        if len(by_team) > 1:
            listed = [f"{t} ({r})" for t, r in sorted(by_team.items())]
            shared = ", ".join(listed[:10]) + (f" and {len(listed) - 10} more" if len(listed) > 10 else "")
            out.append(f"group {group!r} is bound by several teams: {shared}; its members get each of these roles")
    return out


CHANGE_ACTIONS = {"created": "created", "updated": "changed", "replaced": "changed", "deleted": "pruned"}


def changes_by_team(team_names, desired, results):
    """What a run did (or would do) per team: ``{team: {namespaces, created, changed, pruned}}``.

    ``desired`` are the run's objects, whose Namespaces carry the ownership label; ``results`` the apply and delete
    results (``ref`` and ``action``: created, updated, replaced or deleted; anything else changes nothing). A ref goes
    to the team owning its namespace; cluster-scoped objects of no team (the tenant ClusterRoles every team shares) are
    left out.
    """
    out = {name: {"namespaces": [], "created": [], "changed": [], "pruned": []} for name in sorted(team_names)}
    team_of = {}
    for obj in desired:
        team = namespace_owner(obj) if obj.get("kind") == "Namespace" else None
        if team in out:
            team_of[obj["metadata"]["name"]] = team
            out[team]["namespaces"].append(obj["metadata"]["name"])
    for r in results:
        bucket = CHANGE_ACTIONS.get(r.get("action"))
        parts = r["ref"].split("/")
        team = team_of.get(parts[1]) if parts[0] == "Namespace" or len(parts) == 3 else None
        if bucket and team and r["ref"] not in out[team][bucket]:
            out[team][bucket].append(r["ref"])
    return out


def namespace_owner(live_namespace):
    """The team a live Namespace belongs to by the platform's ownership labels, or None."""
    labels = (live_namespace or {}).get("metadata", {}).get("labels") or {}
    return labels.get(TEAM_LABEL) or None


def ownership(teams, environment, live_namespaces):
    """(errors, adopted) for the teams' namespaces in ``environment`` from ``{name: live Namespace}``.

    A namespace that exists and is not the team's by the ownership labels is refused, unless it belongs to no team
    and the team sets ``adopt: true``; those are returned in ``adopted``. Another team's namespace is never taken over.
    """
    errors, adopted = [], []
    for team in teams:
        if environment not in team["environments"]:
            continue
        ns = namespace_for(team, environment)
        if ns not in live_namespaces:
            continue
        owner = namespace_owner(live_namespaces[ns])
        head = f"team {team['name']!r}: field 'namespace' = {ns!r}: expected a namespace the team owns, but namespace {ns!r} exists and "
        if owner == team["name"]:
            continue
        if owner:
            env = (live_namespaces[ns]["metadata"].get("labels") or {}).get(ENV_LABEL, "?")
            errors.append(
                head + f"is owned by team {owner!r} (environment {env}); adopt does not move a namespace between teams: "
                f"offboard it from team {owner!r} first, then onboard it with adopt: true"
            )
        elif team["adopt"]:
            adopted.append(ns)
        else:
            errors.append(
                head + "is not managed by the platform; to adopt it on purpose set adopt: true on the team (the platform then manages its labels, "
                "quota, limits, network policies and role bindings)"
            )
    return errors, adopted


# -- builders -------------------------------------------------------------------------------------
def owner_labels(team, environment):
    return {"app.kubernetes.io/managed-by": MANAGED_BY, TEAM_LABEL: team["name"], ENV_LABEL: environment}


def _meta(name, namespace, labels, annotations=None):
    md = {"name": name, "labels": dict(labels)}
    if namespace:
        md["namespace"] = namespace
    if annotations:
        md["annotations"] = dict(annotations)
    return md


def build_namespace(team, environment, settings):
    env = settings["environments"][environment]
    level = team.get("pod_security") or env["pod_security"]
    labels = dict(team.get("labels") or {})
    labels.update(owner_labels(team, environment))
    labels.update({"team": team["name"], "environment": environment})
    if team.get("cost_center"):
        labels["cost-center"] = team["cost_center"]
    if settings.get("mesh_injection", True):
        if settings.get("istio_revision"):
            labels["istio.io/rev"] = settings["istio_revision"]
        else:
            labels["istio-injection"] = "enabled"
    for mode in ("enforce", "audit", "warn"):
        labels["pod-security.kubernetes.io/" + mode] = level
    annotations = dict(team.get("annotations") or {})
    if team.get("owners"):
        annotations["platform.runtime/owners"] = ", ".join(team["owners"])
    if team.get("contacts"):
        annotations["platform.runtime/contacts"] = ", ".join(team["contacts"])
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": _meta(namespace_for(team, environment), None, labels, annotations),
    }


def build_quota(team, environment, ns, quota):
    return {
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": _meta("team-quota", ns, owner_labels(team, environment)),
        "spec": {"hard": dict(quota)},
    }


def build_limit_range(team, environment, ns, limits):
    container = {
        "type": "Container",
        "default": {"cpu": limits["default_cpu"], "memory": limits["default_memory"]},
        "defaultRequest": {"cpu": limits["default_request_cpu"], "memory": limits["default_request_memory"]},
        "max": {"cpu": limits["max_cpu"], "memory": limits["max_memory"]},
    }
    return {
        "apiVersion": "v1",
        "kind": "LimitRange",
        "metadata": _meta("team-limits", ns, owner_labels(team, environment)),
        "spec": {"limits": [container]},
    }


def _ns_peer(name, pod_labels=None):
    peer = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}
    if pod_labels:
        peer["podSelector"] = {"matchLabels": dict(pod_labels)}
    return peer


def platform_egress_rules(settings):
    net = settings["network"]
    return [
        {
            "to": [_ns_peer(net["dns_namespace"], {"k8s-app": "kube-dns"})],
            "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
        },
        {
            "to": [_ns_peer(net["istio_namespace"], {"app": "istiod"})],
            "ports": [{"protocol": "TCP", "port": 15012}, {"protocol": "TCP", "port": 15017}],
        },
    ]


def _netpol(team, environment, ns, name, spec):
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": _meta(name, ns, owner_labels(team, environment)),
        "spec": spec,
    }


def build_network_policies(team, environment, ns, settings):
    net = settings["network"]
    labels = (team, environment, ns)
    pols = [
        _netpol(*labels, "default-deny-all", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}),
        _netpol(
            *labels,
            "allow-egress-dns-istiod",
            {"podSelector": {}, "policyTypes": ["Egress"], "egress": platform_egress_rules(settings)},
        ),
    ]
    if not team.get("services"):
        # With a call graph the per-service policies replace the namespace-wide allows (policies add up): the gateway
        # reaches only exposed services, monitoring only metrics ports, and pods only their callees.
        pols[1:1] = [
            _netpol(
                *labels,
                "allow-from-istio-ingress",
                {
                    "podSelector": {},
                    "policyTypes": ["Ingress"],
                    "ingress": [{"from": [_ns_peer(net["ingress_gateway_namespace"])]}],
                },
            ),
            _netpol(
                *labels,
                "allow-from-monitoring",
                {
                    "podSelector": {},
                    "policyTypes": ["Ingress"],
                    "ingress": [{"from": [_ns_peer(net["monitoring_namespace"])]}],
                },
            ),
        ]
        pols.insert(
            1,
            _netpol(
                *labels,
                "allow-same-namespace",
                {
                    "podSelector": {},
                    "policyTypes": ["Ingress", "Egress"],
                    "ingress": [{"from": [{"podSelector": {}}]}],
                    "egress": [{"to": [{"podSelector": {}}]}],
                },
            ),
        )
    if team.get("egress_cidrs"):
        pols.append(
            _netpol(
                *labels,
                "allow-egress-cidrs",
                {
                    "podSelector": {},
                    "policyTypes": ["Egress"],
                    "egress": [{"to": [{"ipBlock": {"cidr": c}} for c in team["egress_cidrs"]]}],
                },
            )
        )
    return pols


def callers_of(team):
    out = {s["name"]: [] for s in team.get("services") or []}
    for s in team.get("services") or []:
        for callee in s["calls"]:
            if s["name"] not in out[callee]:
                out[callee].append(s["name"])
    return out


def build_service_policies(team, environment, ns, settings):
    """Per-service NetworkPolicies from the call graph: ingress only from callers, from the ingress gateway namespace
    when ``expose`` and from the monitoring namespace on the ``metrics`` port; egress only to callees (plus DNS, istiod)."""
    services = {s["name"]: s for s in team.get("services") or []}
    callers = callers_of(team)
    out = []
    for name, svc in services.items():
        ingress = []
        if callers[name]:
            ingress.append(
                {
                    "from": [{"podSelector": {"matchLabels": {"app": c}}} for c in sorted(callers[name])],
                    "ports": [{"protocol": "TCP", "port": svc["port"]}],
                }
            )
        if svc["expose"]:
            ingress.append(
                {
                    "from": [_ns_peer(settings["network"]["ingress_gateway_namespace"])],
                    "ports": [{"protocol": "TCP", "port": svc["port"]}],
                }
            )
        if (svc.get("metrics") or {}).get("port"):
            ingress.append(
                {
                    "from": [_ns_peer(settings["network"]["monitoring_namespace"])],
                    "ports": [{"protocol": "TCP", "port": svc["metrics"]["port"]}],
                }
            )
        egress = [
            {
                "to": [{"podSelector": {"matchLabels": {"app": c}}}],
                "ports": [{"protocol": "TCP", "port": services[c]["port"]}],
            }
            for c in svc["calls"]
        ]
        egress.extend(platform_egress_rules(settings))
        spec = {
            "podSelector": {"matchLabels": {"app": name}},
            "policyTypes": ["Ingress", "Egress"],
            "ingress": ingress,
            "egress": egress,
        }
        out.append(_netpol(team, environment, ns, "svc-" + name, spec))
    return out


def build_istio(team, environment, ns, settings):
    """The team's mesh objects from mesh.py: PeerAuthentication where the environment asks for STRICT; with a call
    graph a deny-all policy, an ALLOW AuthorizationPolicy per service and, for services with ``traffic``, a
    VirtualService and a DestinationRule. ``settings['mesh']`` may name the ingress Gateway and its hosts."""
    # Imported here so that this edit stays inside the function (onboarding.py belongs to the tenancy work).
    from ansible_collections.platform.runtime.plugins.module_utils.mesh import builders as mesh

    ingress_ns = settings["network"]["ingress_gateway_namespace"]
    gw = settings.get("mesh") or {}
    mtls = settings["environments"][environment]["mtls"]
    return mesh.team_objects(
        ns,
        team.get("services") or [],
        mtls="STRICT" if mtls == "STRICT" else None,
        ingress_namespace=ingress_ns,
        monitoring_namespace=settings["network"]["monitoring_namespace"],
        gateway_ref=gw.get("gateway_ref") or f"{ingress_ns}/platform-gateway",
        gateway_hosts=gw.get("gateway_hosts"),
        labels=owner_labels(team, environment),
    )


def build_service_accounts(team, environment, ns):
    lab = owner_labels(team, environment)
    out = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(DEPLOYER_SA, ns, lab)},
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": _meta("default", ns, lab),
            "automountServiceAccountToken": False,
        },
    ]
    for svc in team.get("services") or []:
        out.append(
            {
                "apiVersion": "v1",
                "kind": "ServiceAccount",
                "metadata": _meta(svc["name"], ns, lab),
                "automountServiceAccountToken": False,
            }
        )
    return out


# -- tenant roles ------------------------------------------------------------------------------------
# The collection's own ClusterRoles for teams, bound per namespace by RoleBindings (never by ClusterRoleBindings).
# They replace the built-in admin/edit/view, which let a team member delete the platform's NetworkPolicies and which
# other charts (Istio's among them) extend through the aggregate-to-admin/edit/view labels. Each tenant role
# aggregates the rule sets labelled for it, so another role can extend tenants on purpose with a labelled ClusterRole.
TENANT_ROLE = {role: f"platform-tenant-{role}" for role in ROLES}
AGGREGATE_LABEL = "platform.runtime/aggregate-to-tenant-{}"
READ = ["get", "list", "watch"]
WRITE = ["create", "update", "patch", "delete", "deletecollection"]
WORKLOADS = {
    "": ["pods", "services", "configmaps", "persistentvolumeclaims", "serviceaccounts", "replicationcontrollers"],
    "apps": ["deployments", "replicasets", "statefulsets", "daemonsets"],
    "batch": ["jobs", "cronjobs"],
    "autoscaling": ["horizontalpodautoscalers"],
    "policy": ["poddisruptionbudgets"],
    "networking.k8s.io": ["ingresses"],
}
# Objects the platform owns in a team namespace: read-only for every tenant role. Changes come through the inventory.
PLATFORM_OWNED = {
    "": ["resourcequotas", "limitranges"],
    "networking.k8s.io": ["networkpolicies"],
    "security.istio.io": ["peerauthentications", "authorizationpolicies"],
    "source.toolkit.fluxcd.io": ["gitrepositories"],
    "kustomize.toolkit.fluxcd.io": ["kustomizations"],
}


def _rules(groups, verbs):
    return [{"apiGroups": [g], "resources": sorted(r), "verbs": list(verbs)} for g, r in groups.items()]


TENANT_RULES = {
    # Read what runs in the namespace, and the platform's objects; no secrets; the namespace itself by name only.
    "view": _rules(WORKLOADS, READ)
    + _rules(PLATFORM_OWNED, READ)
    + _rules(
        {
            "": ["pods/log", "pods/status", "endpoints", "events", "resourcequotas/status"],
            "apps": ["deployments/status", "statefulsets/status", "replicasets/status", "daemonsets/status"],
            "discovery.k8s.io": ["endpointslices"],
            "events.k8s.io": ["events"],
        },
        READ,
    )
    + [{"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get"]}],
    # Run workloads: write them, their services, config and secrets; exec, port-forward, scale.
    "edit": _rules(WORKLOADS, WRITE)
    + _rules({"": ["secrets"]}, READ + WRITE)
    + _rules({"": ["pods/exec", "pods/attach", "pods/portforward", "pods/eviction"]}, ["create", "get"])
    + _rules({"apps": ["deployments/scale", "statefulsets/scale", "replicasets/scale"]}, ["get", "update", "patch"]),
    # Manage the namespace's RoleBindings. The API server refuses a binding to a role with rights the admin does not
    # hold (RBAC escalation prevention), so an admin can bind only the tenant roles, never admin/edit or cluster-admin.
    "admin": _rules({"rbac.authorization.k8s.io": ["rolebindings"]}, READ + WRITE) + _rules({"rbac.authorization.k8s.io": ["roles"]}, READ),
}
# Which tenant roles include each rule set.
TENANT_INCLUDES = {"view": ("view", "edit", "admin"), "edit": ("edit", "admin"), "admin": ("admin",)}


def build_tenant_roles():
    """The tenant ClusterRoles: platform-tenant-<role> (aggregated) and platform-tenant-<role>-rules (the rule sets)."""
    labels = {"app.kubernetes.io/managed-by": MANAGED_BY, "app.kubernetes.io/component": "tenant-rbac"}
    out = []
    for role in ROLES:
        selector = {"matchLabels": {AGGREGATE_LABEL.format(role): "true"}}
        out.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRole",
                "metadata": _meta(TENANT_ROLE[role], None, labels),
                "aggregationRule": {"clusterRoleSelectors": [selector]},
            }
        )
    for rules_of in ROLES:
        member = dict(labels, **{AGGREGATE_LABEL.format(role): "true" for role in TENANT_INCLUDES[rules_of]})
        out.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRole",
                "metadata": _meta(f"{TENANT_ROLE[rules_of]}-rules", None, member),
                "rules": copy.deepcopy(TENANT_RULES[rules_of]),
            }
        )
    return out


def tenant_role_selector():
    return "app.kubernetes.io/managed-by=platform.runtime,app.kubernetes.io/component=tenant-rbac"


def build_role_bindings(team, environment, ns):
    """Namespace RoleBindings to the tenant ClusterRoles; the deployer joins edit. Nothing cluster-scoped is granted."""
    out = []
    for role in ROLES:
        subjects = [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": g} for g in team["groups"][role]]
        for account in (team.get("service_accounts") or {}).get(role, []):
            sa_ns, _sep, sa_name = account.rpartition("/")
            subjects.append({"kind": "ServiceAccount", "name": sa_name, "namespace": sa_ns})
        if role == "edit":
            subjects.append({"kind": "ServiceAccount", "name": DEPLOYER_SA, "namespace": ns})
        if not subjects:
            continue
        out.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "RoleBinding",
                "metadata": _meta("team-" + role, ns, owner_labels(team, environment)),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": TENANT_ROLE[role]},
                "subjects": subjects,
            }
        )
    return out


def build_gitops(team, environment, ns):
    g = team["gitops"]
    lab = owner_labels(team, environment)
    repo_spec = {"url": g["url"], "interval": g["interval"], "ref": {"branch": g["branch"]}}
    if g.get("secret"):
        repo_spec["secretRef"] = {"name": g["secret"]}
    return [
        {
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "GitRepository",
            "metadata": _meta(team["name"], ns, lab),
            "spec": repo_spec,
        },
        {
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
            "kind": "Kustomization",
            "metadata": _meta(team["name"], ns, lab),
            "spec": {
                "interval": g["interval"],
                "path": g["path"],
                "prune": True,
                "sourceRef": {"kind": "GitRepository", "name": team["name"]},
                "serviceAccountName": DEPLOYER_SA,
                "targetNamespace": ns,
            },
        },
    ]


ISTIO_KINDS = (("security.istio.io/v1", "PeerAuthentication"), ("security.istio.io/v1", "AuthorizationPolicy"))
FLUX_KINDS = (("source.toolkit.fluxcd.io/v1", "GitRepository"), ("kustomize.toolkit.fluxcd.io/v1", "Kustomization"))
CORE_KINDS = (
    ("v1", "ResourceQuota"),
    ("v1", "LimitRange"),
    ("v1", "ServiceAccount"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"),
)


def build_team(team, environment, settings, istio=True, flux=True):
    """Every object one team needs in one environment, namespace first."""
    ns = namespace_for(team, environment)
    _size, quota, limits = resolve_sizes(team, environment, settings)
    objs = [
        build_namespace(team, environment, settings),
        build_quota(team, environment, ns, quota),
        build_limit_range(team, environment, ns, limits),
    ]
    objs += build_service_accounts(team, environment, ns)
    objs += build_role_bindings(team, environment, ns)
    objs += build_network_policies(team, environment, ns, settings)
    objs += build_service_policies(team, environment, ns, settings)
    if istio:
        objs += build_istio(team, environment, ns, settings)
    if flux and team.get("gitops"):
        objs += build_gitops(team, environment, ns)
    return objs


def build_objects(teams, environment, settings, istio=True, flux=True):
    """(objects, skipped): objects for the teams that have ``environment``; the others with the reason."""
    objs, skipped = [], []
    for team in teams:
        if environment not in team["environments"]:
            skipped.append(f"team {team['name']}: environment {environment} is not in its environments ({', '.join(team['environments'])})")
            continue
        objs.extend(build_team(team, environment, settings, istio=istio, flux=flux))
    return objs, skipped


def select_teams(teams, names):
    """Only the named teams (all when ``names`` is empty); raises for names not defined."""
    if not names:
        return teams
    known = {t["name"] for t in teams}
    missing = [n for n in names if n not in known]
    if missing:
        raise OnboardingError([f"team {n!r} is not defined: expected one of {', '.join(sorted(known)) or '(no teams)'}" for n in missing])
    return [t for t in teams if t["name"] in names]


def owner_selector(environment, teams=None):
    sel = f"{ENV_LABEL}={environment},{TEAM_LABEL}"
    if teams:
        sel = f"{ENV_LABEL}={environment},{TEAM_LABEL} in ({','.join(sorted(teams))})"
    return sel


def prune_candidates(existing, desired, team_names, environment):
    """Listed objects owned by these teams in this environment, in their desired namespaces, that are no longer desired.

    Namespaces themselves are never pruned here: deleting one deletes its workloads; that is offboarding (state=absent).
    """
    want = {obj_key(o) for o in desired}
    namespaces = {o["metadata"]["name"] for o in desired if o["kind"] == "Namespace"}
    out = []
    for obj in existing:
        md = obj.get("metadata", {})
        labels = md.get("labels") or {}
        if obj.get("kind") == "Namespace" or labels.get(TEAM_LABEL) not in team_names or labels.get(ENV_LABEL) != environment:
            continue
        if md.get("namespace") not in namespaces:
            continue
        if obj_key(obj) not in want:
            out.append(
                {
                    "apiVersion": obj["apiVersion"],
                    "kind": obj["kind"],
                    "metadata": {"name": md["name"], "namespace": md["namespace"]},
                }
            )
    return sorted(out, key=obj_key)


WORKLOAD_KINDS = (
    ("v1", "Pod"),
    ("apps/v1", "Deployment"),
    ("apps/v1", "StatefulSet"),
    ("apps/v1", "DaemonSet"),
    ("batch/v1", "Job"),
    ("batch/v1", "CronJob"),
    ("v1", "PersistentVolumeClaim"),
)


def blocking_objects(listed):
    """Refs of workloads and PVCs that make offboarding refuse without force."""
    return sorted(f"{o['kind']}/{o['metadata']['namespace']}/{o['metadata']['name']}" for o in listed)
