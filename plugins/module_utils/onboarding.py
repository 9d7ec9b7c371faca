# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Team namespace onboarding: validation and the desired object set, as pure functions.

Nothing here talks to a cluster. ``validate_teams`` turns raw inventory data into
normalised team specs (or a list of messages naming team, field, value and
expectation); ``build_objects`` turns normalised teams into the Kubernetes
objects one environment needs. ``prune_candidates`` and ``offboard_plan`` decide
from listed objects what to delete. The module does the I/O.
"""

from __future__ import annotations

import copy
import ipaddress
import re
from decimal import Decimal, InvalidOperation

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
TEAM_KEYS = (
    "name",
    "owners",
    "contacts",
    "cost_center",
    "groups",
    "environments",
    "quota_size",
    "quota",
    "limits",
    "labels",
    "annotations",
    "namespace",
    "egress_cidrs",
    "services",
    "gitops",
    "pod_security",
)
PSA_LEVELS = ("privileged", "baseline", "restricted")
MTLS_MODES = ("STRICT", "PERMISSIVE", "DISABLE")

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
LABEL_NAME = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
QUANTITY = re.compile(r"^(?P<num>[+]?(\d+(\.\d*)?|\.\d+))(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$")
BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
DECIMAL = {
    "n": Decimal("1e-9"),
    "u": Decimal("1e-6"),
    "m": Decimal("1e-3"),
    "": 1,
    "k": 10**3,
    "M": 10**6,
    "G": 10**9,
    "T": 10**12,
    "P": 10**15,
    "E": 10**18,
}
QUANTITY_HINT = "a Kubernetes quantity such as 500m, 2, 512Mi or 4Gi"


class OnboardingError(Exception):
    """Raised with every validation message at once."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = list(errors)


# -- small validators -----------------------------------------------------------------------------
def parse_quantity(value):
    """A Kubernetes quantity as a Decimal; ValueError when it is not one."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not a quantity: {value!r}")
    text = str(value).strip()
    m = QUANTITY.match(text)
    if not m:
        raise ValueError(f"not a quantity: {value!r}")
    try:
        num = Decimal(m.group("num"))
    except InvalidOperation as e:  # pragma: no cover - the regex admits only decimals
        raise ValueError(f"not a quantity: {value!r}") from e
    suffix = m.group("suffix") or ""
    if suffix in BINARY:
        return num * BINARY[suffix]
    if suffix in DECIMAL:
        return num * Decimal(DECIMAL[suffix])
    return num * (Decimal(10) ** int(suffix[1:]))


def is_dns1123_label(value, max_len=63):
    return isinstance(value, str) and 0 < len(value) <= max_len and bool(DNS1123_LABEL.match(value))


def is_label_key(key):
    if not isinstance(key, str) or not key:
        return False
    prefix, name = key.rpartition("/")[0], key.rpartition("/")[2]
    if prefix and (len(prefix) > 253 or not DNS1123_SUBDOMAIN.match(prefix)):
        return False
    return 0 < len(name) <= 63 and bool(LABEL_NAME.match(name))


def is_label_value(value):
    return isinstance(value, str) and (value == "" or (len(value) <= 63 and bool(LABEL_NAME.match(value))))


def _strings(value):
    """A string or list of strings as a list; None when the shape is wrong."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) and v for v in value):
        return list(value)
    return None


class _Errors:
    def __init__(self, team):
        self.team = team
        self.items = []

    def add(self, field, value, expected):
        self.items.append(f"team {self.team!r}: field {field!r} = {value!r}: expected {expected}")


# -- settings -------------------------------------------------------------------------------------
def merge_settings(environments=None, presets=None, network=None, istio_revision=None, mesh_injection=True):
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
    return {
        "environments": envs,
        "presets": pre,
        "network": net,
        "istio_revision": istio_revision or "",
        "mesh_injection": bool(mesh_injection),
    }


def _stringify(d):
    return {k: (str(v) if not isinstance(v, bool) and v is not None else v) for k, v in d.items()}


def validate_settings(settings, environment):
    errors = []
    envs = settings["environments"]
    if environment not in envs:
        errors.append(f"environment {environment!r} is not known: expected one of {', '.join(sorted(envs))}")
    for name, env in sorted(envs.items()):
        if env.get("pod_security") not in PSA_LEVELS:
            errors.append(f"environment {name!r}: field 'pod_security' = {env.get('pod_security')!r}: expected one of {', '.join(PSA_LEVELS)}")
        if env.get("mtls") not in MTLS_MODES:
            errors.append(f"environment {name!r}: field 'mtls' = {env.get('mtls')!r}: expected one of {', '.join(MTLS_MODES)}")
        if not isinstance(env.get("loadbalancers"), bool):
            errors.append(f"environment {name!r}: field 'loadbalancers' = {env.get('loadbalancers')!r}: expected true or false")
        if env.get("quota_size") not in settings["presets"]:
            presets = ", ".join(sorted(settings["presets"]))
            errors.append(f"environment {name!r}: field 'quota_size' = {env.get('quota_size')!r}: expected one of {presets}")
    for name, preset in sorted(settings["presets"].items()):
        for key, value in (preset.get("quota") or {}).items():
            if key not in QUOTA_KEYS:
                errors.append(f"preset {name!r}: field 'quota.{key}': expected one of {', '.join(QUOTA_KEYS)}")
            elif not _quantity_ok(value):
                errors.append(f"preset {name!r}: field 'quota.{key}' = {value!r}: expected {QUANTITY_HINT}")
        for key, value in (preset.get("limits") or {}).items():
            if key not in LIMIT_KEYS:
                errors.append(f"preset {name!r}: field 'limits.{key}': expected one of {', '.join(LIMIT_KEYS)}")
            elif not _quantity_ok(value):
                errors.append(f"preset {name!r}: field 'limits.{key}' = {value!r}: expected {QUANTITY_HINT}")
    for key, value in sorted(settings["network"].items()):
        if not is_dns1123_label(value):
            errors.append(f"network: field {key!r} = {value!r}: expected a namespace name (DNS-1123 label, at most 63 characters)")
    rev = settings.get("istio_revision")
    if rev and not is_label_value(rev):
        errors.append(f"istio_revision = {rev!r}: expected a label value (at most 63 alphanumerics, '-', '_' or '.')")
    return errors


def _quantity_ok(value):
    try:
        return parse_quantity(value) >= 0
    except ValueError:
        return False


# -- team normalisation ---------------------------------------------------------------------------
def namespace_for(team, environment):
    explicit = team.get("namespace")
    if isinstance(explicit, dict):
        explicit = explicit.get(environment)
    return explicit or f"{team['name']}-{environment}"


def normalize_team(raw, settings):
    """(team, errors): a normalised copy of one raw team mapping and every problem found in it."""
    if not isinstance(raw, dict):
        return None, [f"team entry {raw!r}: expected a mapping with at least a name"]
    name = raw.get("name")
    err = _Errors(name)
    if not is_dns1123_label(name, max_len=50):
        err.add(
            "name",
            name,
            "a DNS-1123 label (lowercase alphanumerics and '-', at most 50 characters so that <team>-<env> fits in 63)",
        )
        return None, err.items
    for key in raw:
        if key not in TEAM_KEYS:
            err.add(key, raw[key], "no such field; known fields are " + ", ".join(TEAM_KEYS))

    team = {"name": name}
    for field in ("owners", "contacts"):
        values = _strings(raw.get(field))
        if values is None:
            err.add(field, raw.get(field), "a string or a list of non-empty strings")
            values = []
        team[field] = values

    cost = raw.get("cost_center")
    if cost is not None and not (is_label_value(str(cost)) and str(cost)):
        err.add("cost_center", cost, "a label value (at most 63 alphanumerics, '-', '_' or '.')")
    team["cost_center"] = str(cost) if cost is not None else ""

    groups = raw.get("groups")
    team["groups"] = {r: [] for r in ROLES}
    if not isinstance(groups, dict):
        err.add("groups", groups, "a mapping of role (admin, edit, view) to a list of group names")
    else:
        for role, members in groups.items():
            if role not in ROLES:
                err.add("groups." + str(role), members, "a role among admin, edit, view")
                continue
            values = _strings(members)
            if values is None:
                err.add("groups." + role, members, "a list of non-empty group names")
                continue
            team["groups"][role] = values
        if not any(team["groups"].values()):
            err.add("groups", groups, "at least one group for admin, edit or view")

    envs = raw.get("environments")
    if envs is None:
        team["environments"] = sorted(settings["environments"])
    else:
        values = _strings(envs)
        if values is None:
            err.add("environments", envs, "a list of environment names")
            values = []
        for e in values:
            if e not in settings["environments"]:
                err.add("environments", e, "a known environment: " + ", ".join(sorted(settings["environments"])))
        team["environments"] = values

    size = raw.get("quota_size")
    if isinstance(size, dict):
        bad = {k: v for k, v in size.items() if v not in settings["presets"]}
        for k, v in bad.items():
            err.add("quota_size." + str(k), v, "a preset among " + ", ".join(sorted(settings["presets"])))
        team["quota_size"] = dict(size)
    elif size is not None and size not in settings["presets"]:
        err.add("quota_size", size, "a preset among " + ", ".join(sorted(settings["presets"])))
        team["quota_size"] = None
    else:
        team["quota_size"] = size

    team["quota"] = _normalize_quota(raw.get("quota"), err)
    team["limits"] = {}
    limits = raw.get("limits") or {}
    if not isinstance(limits, dict):
        err.add("limits", limits, "a mapping with keys among " + ", ".join(LIMIT_KEYS))
    else:
        for key, value in limits.items():
            if key not in LIMIT_KEYS:
                err.add("limits." + str(key), value, "a key among " + ", ".join(LIMIT_KEYS))
            elif not _quantity_ok(value):
                err.add("limits." + key, value, QUANTITY_HINT)
            else:
                team["limits"][key] = str(value)

    reserved = {
        "team",
        "environment",
        "cost-center",
        "app.kubernetes.io/managed-by",
        TEAM_LABEL,
        ENV_LABEL,
        "istio-injection",
        "istio.io/rev",
    }
    for field in ("labels", "annotations"):
        values = raw.get(field) or {}
        team[field] = {}
        if not isinstance(values, dict):
            err.add(field, values, "a mapping of key to string value")
            continue
        for k, v in values.items():
            v = "" if v is None else (str(v).lower() if isinstance(v, bool) else str(v))
            if not is_label_key(k):
                err.add(field, k, "a qualified key such as example.com/name (name at most 63 characters)")
            elif field == "labels" and (k in reserved or k.startswith("pod-security.kubernetes.io/")):
                err.add(
                    field,
                    k,
                    f"a key the platform does not set itself (reserved: {', '.join(sorted(reserved))}, pod-security.kubernetes.io/*)",
                )
            elif field == "labels" and not is_label_value(v):
                err.add("labels." + k, v, "a label value (at most 63 alphanumerics, '-', '_' or '.')")
            else:
                team[field][k] = v

    ns = raw.get("namespace")
    if ns is not None:
        candidates = ns.values() if isinstance(ns, dict) else [ns]
        for n in candidates:
            if not is_dns1123_label(n):
                err.add("namespace", n, "a DNS-1123 label (lowercase alphanumerics and '-', at most 63 characters)")
        if isinstance(ns, dict):
            for e in ns:
                if e not in settings["environments"]:
                    err.add("namespace", e, "environment keys among " + ", ".join(sorted(settings["environments"])))
    team["namespace"] = ns
    if ns is None or isinstance(ns, dict):
        for e in team["environments"]:
            n = namespace_for(team, e)
            if not is_dns1123_label(n):
                err.add(
                    "namespace",
                    n,
                    f"a DNS-1123 label of at most 63 characters for environment {e} (set namespace explicitly)",
                )

    pod_security = raw.get("pod_security")
    if pod_security is not None and pod_security not in PSA_LEVELS:
        err.add("pod_security", pod_security, "one of " + ", ".join(PSA_LEVELS))
    team["pod_security"] = pod_security

    cidrs = _strings(raw.get("egress_cidrs"))
    team["egress_cidrs"] = []
    if cidrs is None:
        err.add("egress_cidrs", raw.get("egress_cidrs"), "a list of CIDRs such as 10.20.0.0/16")
    else:
        for c in cidrs:
            try:
                team["egress_cidrs"].append(str(ipaddress.ip_network(c, strict=True)))
            except ValueError as e:
                err.add("egress_cidrs", c, f"a network in CIDR notation with no host bits set ({e})")

    team["services"] = _normalize_services(raw.get("services"), err)
    team["gitops"] = _normalize_gitops(raw.get("gitops"), err)
    return (team if not err.items else None), err.items


def _normalize_quota(quota, err):
    out = {}
    if quota is None:
        return out
    if not isinstance(quota, dict):
        err.add("quota", quota, "a mapping of quota key (cpu, memory, pods, ...) to a quantity")
        return out
    for key, value in quota.items():
        targets = QUOTA_ALIASES.get(key, (key,) if key in QUOTA_KEYS else None)
        if targets is None:
            err.add("quota." + str(key), value, "a key among " + ", ".join(sorted(set(QUOTA_KEYS) | set(QUOTA_ALIASES))))
            continue
        if not _quantity_ok(value):
            err.add("quota." + key, value, QUANTITY_HINT)
            continue
        if key in COUNT_KEYS and parse_quantity(value) != int(parse_quantity(value)):
            err.add("quota." + key, value, "a whole number")
            continue
        for t in targets:
            out[t] = str(value)
    return out


def _normalize_services(services, err):
    if services is None:
        return []
    if not isinstance(services, list):
        err.add("services", services, "a list of {name, port, calls, expose}")
        return []
    out, names = [], set()
    for i, svc in enumerate(services):
        field = f"services[{i}]"
        if not isinstance(svc, dict):
            err.add(field, svc, "a mapping with a name")
            continue
        name = svc.get("name")
        if not is_dns1123_label(name):
            err.add(field + ".name", name, "a DNS-1123 label of at most 63 characters")
            continue
        if name in names:
            err.add(field + ".name", name, "a name not used by another service of the team")
            continue
        names.add(name)
        for key in svc:
            if key not in ("name", "port", "calls", "expose"):
                err.add(field + "." + str(key), svc[key], "no such field; known fields are name, port, calls, expose")
        port = svc.get("port", 8080)
        if isinstance(port, str) and port.isdigit():
            port = int(port)
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            err.add(field + ".port", port, "a port number from 1 to 65535")
        calls = _strings(svc.get("calls"))
        if calls is None:
            err.add(field + ".calls", svc.get("calls"), "a list of service names")
            calls = []
        out.append({"name": name, "port": port, "calls": calls, "expose": bool(svc.get("expose", False))})
    for svc in out:
        for callee in svc["calls"]:
            if callee not in names:
                err.add(
                    f"services[{svc['name']}].calls",
                    callee,
                    f"a service defined in the team's services ({', '.join(sorted(names))})",
                )
    return out


def _normalize_gitops(gitops, err):
    if not gitops:
        return None
    if isinstance(gitops, str):
        gitops = {"url": gitops}
    if not isinstance(gitops, dict):
        err.add("gitops", gitops, "a mapping with url (and optional branch, path, interval, secret)")
        return None
    url = gitops.get("url")
    if not isinstance(url, str) or not re.match(r"^(https|ssh)://[^\s]+$", url):
        err.add("gitops.url", url, "an https:// or ssh:// Git URL")
    path = str(gitops.get("path", "./"))
    if ".." in path.split("/"):
        err.add("gitops.path", path, "a path inside the repository (no '..')")
    interval = str(gitops.get("interval", "5m"))
    if not re.match(r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$", interval):
        err.add("gitops.interval", interval, "a Go duration such as 1m or 5m30s")
    branch = gitops.get("branch", "main")
    if not isinstance(branch, str) or not branch or " " in branch:
        err.add("gitops.branch", branch, "a branch name")
    secret = gitops.get("secret")
    if secret is not None and not is_dns1123_label(secret, 253):
        err.add("gitops.secret", secret, "the name of a Secret in the team namespace")
    return {"url": url, "branch": branch, "path": path, "interval": interval, "secret": secret}


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
    err = _Errors(team_name)
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
    return err.items


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
        _netpol(
            *labels,
            "allow-egress-dns-istiod",
            {"podSelector": {}, "policyTypes": ["Egress"], "egress": platform_egress_rules(settings)},
        ),
    ]
    if not team.get("services"):
        # With a call graph the per-service policies replace the namespace-wide allow (policies add up).
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
    """Per-service NetworkPolicies from the call graph: ingress only from callers, egress only to callees (plus DNS, istiod)."""
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
    from ansible_collections.platform.runtime.plugins.module_utils import mesh

    ingress_ns = settings["network"]["ingress_gateway_namespace"]
    gw = settings.get("mesh") or {}
    mtls = settings["environments"][environment]["mtls"]
    return mesh.team_objects(
        ns,
        team.get("services") or [],
        mtls="STRICT" if mtls == "STRICT" else None,
        ingress_namespace=ingress_ns,
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


def build_role_bindings(team, environment, ns):
    """Namespace RoleBindings to the built-in admin/edit/view ClusterRoles; the deployer joins edit. Nothing cluster-scoped."""
    out = []
    for role in ROLES:
        subjects = [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": g} for g in team["groups"][role]]
        if role == "edit":
            subjects.append({"kind": "ServiceAccount", "name": DEPLOYER_SA, "namespace": ns})
        if not subjects:
            continue
        out.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "RoleBinding",
                "metadata": _meta("team-" + role, ns, owner_labels(team, environment)),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
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


def _key(obj):
    md = obj.get("metadata", {})
    return (obj.get("apiVersion"), obj.get("kind"), md.get("namespace") or "", md.get("name"))


def prune_candidates(existing, desired, team_names, environment):
    """Listed objects owned by these teams in this environment, in their desired namespaces, that are no longer desired.

    Namespaces themselves are never pruned here: deleting one deletes its workloads; that is offboarding (state=absent).
    """
    want = {_key(o) for o in desired}
    namespaces = {o["metadata"]["name"] for o in desired if o["kind"] == "Namespace"}
    out = []
    for obj in existing:
        md = obj.get("metadata", {})
        labels = md.get("labels") or {}
        if obj.get("kind") == "Namespace" or labels.get(TEAM_LABEL) not in team_names or labels.get(ENV_LABEL) != environment:
            continue
        if md.get("namespace") not in namespaces:
            continue
        if _key(obj) not in want:
            out.append(
                {
                    "apiVersion": obj["apiVersion"],
                    "kind": obj["kind"],
                    "metadata": {"name": md["name"], "namespace": md["namespace"]},
                }
            )
    return sorted(out, key=_key)


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
