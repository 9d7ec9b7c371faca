# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole-platform inventory rules that site.yml checks before anything changes.

Pure: ``inventory_errors(settings)`` takes the inventory's values and returns one message per problem, each naming
the variable, its value and what is expected. Component dependencies live here, in one table.
"""

from __future__ import annotations

from ansible_collections.platform.runtime.plugins.module_utils.onboarding import is_dns1123_label
from ansible_collections.platform.runtime.plugins.module_utils.platform import COMPONENTS, PLATFORM_NAMESPACES

ENVIRONMENTS = ("dev", "staging", "prod", "local")
PROVIDERS = ("kind", "eks", "envtest")
# Every component but Flux is installed as Flux HelmReleases, so it needs Flux.
REQUIRES = {
    "cert_manager": ("flux",),
    "istio": ("flux",),
    "gatekeeper": ("flux",),
    "monitoring": ("flux",),
    "backup": ("flux",),
}


def _err(field, value, expected):
    return f"{field}={value!r}: expected {expected}"


def component_errors(components):
    if not isinstance(components, list) or not all(isinstance(c, str) for c in components):
        return [_err("platform_components", components, f"a list of component names among {', '.join(COMPONENTS)}")]
    errors = []
    for i, comp in enumerate(components):
        if comp not in COMPONENTS:
            errors.append(_err(f"platform_components[{i}]", comp, f"one of {', '.join(COMPONENTS)}"))
        elif comp in components[:i]:
            errors.append(_err(f"platform_components[{i}]", comp, "each component once"))
    for comp in components:
        for need in REQUIRES.get(comp, ()):
            if need not in components:
                errors.append(_err("platform_components", components, f"{need} as well: {comp} is installed as Flux HelmReleases"))
    return errors


def gateway_errors(components, gateway):
    """A Gateway that terminates TLS (credentialName) needs cert-manager to issue the certificate."""
    if "istio" not in components or not isinstance(gateway, dict):
        return []
    if gateway.get("hosts") and gateway.get("credential_name") and "cert_manager" not in components:
        return [
            _err(
                "istio_gateway.credential_name",
                gateway["credential_name"],
                f"cert_manager in platform_components (the gateway serves {', '.join(gateway['hosts'])} over TLS); "
                "add cert_manager, or leave istio_gateway.hosts empty for a gateway without TLS hosts",
            )
        ]
    return []


def inventory_errors(settings, environments=ENVIRONMENTS, providers=PROVIDERS):
    """All problems of the inventory ``settings`` (platform_* variables as a mapping), as messages."""
    s = settings or {}
    errors = []
    if s.get("platform_environment") not in environments:
        errors.append(_err("platform_environment", s.get("platform_environment"), f"one of {', '.join(environments)}"))
    if s.get("platform_cluster_provider") not in providers:
        errors.append(_err("platform_cluster_provider", s.get("platform_cluster_provider"), f"one of {', '.join(providers)}"))
    if s.get("platform_cluster_state", "present") not in ("present", "absent"):
        errors.append(_err("platform_cluster_state", s.get("platform_cluster_state"), "present or absent"))
    components = s.get("platform_components", ["flux"])
    comp_errors = component_errors(components)
    errors += comp_errors
    if not comp_errors:
        errors += gateway_errors(components, s.get("istio_gateway"))
    if not isinstance(s.get("platform_controllers_running", True), bool):
        errors.append(_err("platform_controllers_running", s.get("platform_controllers_running"), "true or false"))
    overrides = s.get("platform_namespaces") or {}
    if not isinstance(overrides, dict):
        errors.append(_err("platform_namespaces", overrides, f"a mapping of component to namespace ({', '.join(PLATFORM_NAMESPACES)})"))
    else:
        for key, value in overrides.items():
            if key not in PLATFORM_NAMESPACES:
                errors.append(_err(f"platform_namespaces.{key}", value, f"keys among {', '.join(PLATFORM_NAMESPACES)}"))
            elif not is_dns1123_label(value):
                errors.append(_err(f"platform_namespaces.{key}", value, "a namespace name (DNS-1123 label)"))
    teams = s.get("platform_teams", [])
    if not isinstance(teams, list) or not all(isinstance(t, dict) and t.get("name") for t in teams):
        errors.append(_err("platform_teams", teams, "a list of mappings that each have a name"))
    return errors
