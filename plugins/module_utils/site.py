# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole-platform inventory rules that site.yml checks before anything changes.

Pure: ``inventory_errors(settings)`` takes the inventory's values and returns one message per problem, each naming
the variable, its value and what is expected. Component dependencies live here, in one table.
"""

from __future__ import annotations

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
