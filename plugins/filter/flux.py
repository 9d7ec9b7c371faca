# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that build Flux objects and check Helm values; documented in the sibling <filter>.yml files."""

import json

from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.module_utils import flux, helm_values
from ansible_collections.platform.runtime.plugins.plugin_utils.filters import plain

try:
    import yaml

    HAS_YAML = True
except ImportError:  # pragma: no cover
    HAS_YAML = False


def _build(filter_name, builder, params):
    if not isinstance(params, dict):
        raise AnsibleFilterError(f"{filter_name}: input={params!r}: expected a mapping of the builder's options")
    try:
        return builder(**plain(params))
    except TypeError as e:
        raise AnsibleFilterError(f"{filter_name}: {e}") from e
    except flux.FluxError as e:
        raise AnsibleFilterError(f"{filter_name} {params.get('name', '')}: {e}") from e


def flux_git_repository(params):
    return _build("flux_git_repository", flux.git_repository, params)


def flux_helm_repository(params):
    return _build("flux_helm_repository", flux.helm_repository, params)


def flux_helm_release(params):
    return _build("flux_helm_release", flux.helm_release, params)


def flux_kustomization(params):
    return _build("flux_kustomization", flux.kustomization, params)


def flux_app_of_apps(params):
    return _build("flux_app_of_apps", lambda **kw: flux.app_of_apps(kw), params)


def flux_check_dependencies(objects):
    try:
        return flux.check_dependencies(plain(list(objects)))
    except flux.FluxError as e:
        raise AnsibleFilterError(f"flux_check_dependencies: {e}") from e


def flux_export_layout(groups):
    if not isinstance(groups, dict):
        raise AnsibleFilterError(f"flux_export_layout: input={groups!r}: expected a mapping of directory -> objects")
    return flux.export_layout(plain(groups))


def flux_ref(obj):
    """An object reference for platform.runtime.wait_ready."""
    try:
        md = obj["metadata"]
        ref = {"api_version": obj["apiVersion"], "kind": obj["kind"], "name": md["name"]}
    except (KeyError, TypeError) as e:
        raise AnsibleFilterError(f"flux_ref: input={obj!r}: expected an object with apiVersion, kind and metadata.name") from e
    if md.get("namespace"):
        ref["namespace"] = md["namespace"]
    return ref


def _read(path, what):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise AnsibleFilterError(f"helm_values_check: {what}={path!r} cannot be read: {e}") from e


def helm_values_check(values, values_file, schema_file=None, free_form=None, aliases=None):
    if not HAS_YAML:
        raise AnsibleFilterError("helm_values_check: PyYAML is required")
    defaults = yaml.safe_load(_read(values_file, "values_file")) or {}
    schema = json.loads(_read(schema_file, "schema_file")) if schema_file else None
    problems = helm_values.validate(plain(values or {}), defaults, schema=schema, free_form=free_form or (), aliases=aliases)
    if problems:
        raise AnsibleFilterError(f"helm_values_check ({values_file}): {' | '.join(p['message'] for p in problems)}")
    return plain(values)


class FilterModule:
    def filters(self):
        return {
            "flux_git_repository": flux_git_repository,
            "flux_helm_repository": flux_helm_repository,
            "flux_helm_release": flux_helm_release,
            "flux_kustomization": flux_kustomization,
            "flux_app_of_apps": flux_app_of_apps,
            "flux_check_dependencies": flux_check_dependencies,
            "flux_export_layout": flux_export_layout,
            "flux_ref": flux_ref,
            "helm_values_check": helm_values_check,
        }
