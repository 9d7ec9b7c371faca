# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole-platform inventory rules that site.yml checks before anything changes.

Pure: ``inventory_errors(settings)`` takes the inventory's values and returns one message per problem, each naming
the variable, its value and what is expected. Component dependencies live here, in one table.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ansible_collections.platform.runtime.plugins.module_utils import alerting
from ansible_collections.platform.runtime.plugins.module_utils.platform import COMPONENTS, PLATFORM_NAMESPACES
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors

ENVIRONMENTS = ("dev", "staging", "prod", "local")
PROVIDERS = ("kind", "eks", "envtest")
# Every component but Flux is installed as Flux HelmReleases, so it needs Flux.
REQUIRES = {
    "cert_manager": ("flux",),
    "istio": ("flux",),
    "gatekeeper": ("flux",),
    "monitoring": ("flux",),
    "backup": ("flux",),
    "autoscaling": ("flux",),
    "secrets": ("flux",),
    "sealed_secrets": ("flux",),
}


def component_errors(components, errs):
    if not isinstance(components, list) or not all(isinstance(c, str) for c in components):
        return errs.add("platform_components", components, f"a list of component names among {', '.join(COMPONENTS)}")
    ok = True
    for i, comp in enumerate(components):
        if errs.one_of(f"platform_components[{i}]", comp, COMPONENTS):
            ok = errs.require(comp not in components[:i], f"platform_components[{i}]", comp, "each component once") and ok
        else:
            ok = False
    for comp in components:
        for need in REQUIRES.get(comp, ()):
            ok = errs.require(need in components, "platform_components", components, f"{need} as well: {comp} is installed as Flux HelmReleases") and ok
    return ok


def gateway_errors(components, gateway, errs):
    """A Gateway that terminates TLS (credentialName) needs cert-manager to issue the certificate."""
    if "istio" not in components or not isinstance(gateway, dict) or not gateway.get("hosts") or not gateway.get("credential_name"):
        return True
    return errs.require(
        "cert_manager" in components,
        "istio_gateway.credential_name",
        gateway["credential_name"],
        f"cert_manager in platform_components (the gateway serves {', '.join(gateway['hosts'])} over TLS); "
        "add cert_manager, or leave istio_gateway.hosts empty for a gateway without TLS hosts",
    )


def _team_traffic_hosts(teams):
    """[(field, host)] of every service's traffic.hosts (the VirtualServices bound to the ingress Gateway)."""
    out = []
    for team in teams if isinstance(teams, list) else []:
        if not isinstance(team, dict):
            continue
        for svc in team.get("services") or []:
            if not isinstance(svc, dict):
                continue
            for i, host in enumerate(((svc.get("traffic") or {}).get("hosts")) or []):
                out.append((f"platform_teams[{team.get('name')}].services[{svc.get('name')}].traffic.hosts[{i}]", host))
    return out


def dns_errors(s, errs):
    """Public names must reach a Gateway that serves them over TLS.

    - every ``global_dns_hosts`` entry is served by some region's Gateway (``region_gateway_hosts``: the union of every
      cluster's ``istio_gateway_hosts``): otherwise Route 53 sends traffic no Gateway accepts;
    - every Gateway host has a Certificate (the istio role's Certificate covers ``istio_gateway_hosts`` when
      ``istio_certificate_enabled``);
    - every team's traffic host is one the Gateway serves (so its Certificate covers it).
    """
    components = s.get("platform_components", ["flux"]) or []
    gateway = s.get("istio_gateway") if isinstance(s.get("istio_gateway"), dict) else {}
    hosts = list(gateway.get("hosts") or []) if "istio" in components else []
    served = set(s.get("region_gateway_hosts") or []) | set(hosts)
    dns_hosts = s.get("global_dns_hosts") or []
    if s.get("global_dns_zone") and isinstance(dns_hosts, list):
        for i, host in enumerate(dns_hosts):
            errs.require(
                host in served,
                f"global_dns_hosts[{i}]",
                host,
                f"a host some region's ingress Gateway serves (istio_gateway_hosts: {', '.join(sorted(served)) or 'none'});"
                " Route 53 would send its traffic to Gateways that do not accept it",
            )
    if hosts and "cert_manager" in components and not s.get("gateway_certificate", True):
        for i, host in enumerate(hosts):
            errs.add(
                f"istio_gateway_hosts[{i}]",
                host,
                "a Certificate for it: istio_certificate_enabled is false, so the Gateway's credentialName"
                f" {gateway.get('credential_name')!r} has nothing to serve; enable it (with cert_manager), or leave the host out",
            )
    if "istio" in components:
        for field, host in _team_traffic_hosts(s.get("platform_teams")):
            errs.require(
                host in hosts,
                field,
                host,
                f"a host the ingress Gateway serves and its Certificate covers (istio_gateway_hosts: {', '.join(hosts) or 'none'})",
            )


def inventory_errors(settings, environments=ENVIRONMENTS, providers=PROVIDERS):
    """All problems of the inventory ``settings`` (platform_* variables as a mapping), as messages."""
    s = settings or {}
    errs = Errors()
    errs.one_of("platform_environment", s.get("platform_environment"), environments)
    errs.one_of("platform_cluster_provider", s.get("platform_cluster_provider"), providers)
    errs.require(
        s.get("platform_cluster_state", "present") in ("present", "absent"), "platform_cluster_state", s.get("platform_cluster_state"), "present or absent"
    )
    components = s.get("platform_components", ["flux"])
    if component_errors(components, errs):
        gateway_errors(components, s.get("istio_gateway"), errs)
        dns_errors(s, errs)
    errs.boolean("platform_controllers_running", s.get("platform_controllers_running", True))
    overrides = s.get("platform_namespaces") or {}
    if errs.require(isinstance(overrides, dict), "platform_namespaces", overrides, f"a mapping of component to namespace ({', '.join(PLATFORM_NAMESPACES)})"):
        for key, value in overrides.items():
            if errs.require(key in PLATFORM_NAMESPACES, f"platform_namespaces.{key}", value, f"keys among {', '.join(PLATFORM_NAMESPACES)}"):
                errs.dns1123_label(f"platform_namespaces.{key}", value)
    teams = s.get("platform_teams", [])
    errs.require(
        isinstance(teams, list) and all(isinstance(t, dict) and t.get("name") for t in teams),
        "platform_teams",
        teams,
        "a list of mappings that each have a name",
    )
    return errs.messages


# RFC 2606/6761 names: a URL on them is a placeholder that no Git server answers.
PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "example", "invalid", "test", "localhost")


def is_placeholder_url(url):
    """True for an empty URL or one whose host is a reserved example name (git.example.com, ...)."""
    if not isinstance(url, str) or not url.strip():
        return True
    text = url.strip()
    if "://" not in text and "@" in text:  # scp-like git@host:path
        text = "ssh://" + text.replace(":", "/", 1)
    host = (urlsplit(text).hostname or "").lower().rstrip(".")
    return not host or any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)


def run_checks(settings):
    """(errors, warnings) for values that cannot work at run time, each by name: the App of Apps on a placeholder Git
    URL, a receiver without its secret (or its documented fallback to the null receiver), a backup location without
    credentials."""
    s = settings or {}
    errs = Errors()
    warnings = []
    components = s.get("platform_components", ["flux"]) or []
    controllers = s.get("platform_controllers_running", True) is not False
    if "flux" in components and s.get("flux_app_of_apps_enabled") is True and controllers and is_placeholder_url(s.get("flux_git_url")):
        errs.add(
            "flux_git_url",
            s.get("flux_git_url"),
            "the URL of your platform repository while flux_app_of_apps_enabled is true (a placeholder or empty URL never"
            " becomes Ready); set it, or leave the App of Apps off (the inventories turn it on when flux_git_url is set)",
        )
    if "monitoring" in components and s.get("monitoring_manage_receiver_secret", True) is not False:
        available = [k for k, v in (s.get("monitoring_receiver_secrets") or {}).items() if v not in (None, "")]
        _alerting, _teams, notes = alerting.without_missing_secrets(
            s.get("monitoring_alerting") or {}, s.get("platform_teams") or [], s.get("platform_environment"), available
        )
        if notes and s.get("monitoring_receiver_fallback") is True:
            warnings += [n + " (monitoring_receiver_fallback: true)" for n in notes]
        else:
            for note in notes:
                errs.messages.append(
                    f"monitoring_receiver_secrets: {note.split(';')[0]}; expected a value for each key (from vault), or"
                    " monitoring_receiver_fallback: true to send those alerts to the null receiver"
                )
    if "backup" in components:
        backup = s.get("backup_settings") or {}
        bucket = backup.get("bucket") or {}
        errs.require(bool(bucket.get("name")), "backup_settings.bucket.name", bucket.get("name"), "the bucket Velero writes to")
        if bucket.get("s3_url") and not backup.get("credentials_secret"):
            errs.add(
                "backup_settings.credentials_secret",
                backup.get("credentials_secret"),
                f"a Secret with the keys of the S3-compatible store {bucket['s3_url']} (outside AWS no service account gives access)",
            )
        if s.get("platform_cluster_provider") == "eks" and not bucket.get("s3_url") and not backup.get("credentials_secret"):
            pass  # EKS: Velero's service account has access through Pod Identity (eks_cluster_pod_identities)
    return errs.messages, warnings
