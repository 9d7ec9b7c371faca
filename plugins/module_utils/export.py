# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GitOps export of the platform: the objects a run applies, as a Flux repository (flux2-multi-tenancy layout).

    clusters/<cluster>/kustomization.yaml   the cluster's entry point: its Flux install and App of Apps (written
                                            by the flux role into clusters/<cluster>/flux) plus the shared dirs
    infrastructure/                         HelmRepositories, HelmReleases (and their values) of the components
    policies/                               Gatekeeper templates and constraints
    tenants/<team>/                         everything the onboarding applies for the team in this environment
    tenants/_roles/                         the shared tenant ClusterRoles the teams' RoleBindings refer to

``layout`` is pure and deterministic (sorted keys, one object per file, sorted file lists), so an unchanged
inventory exports byte-identical files. ``write_tree`` writes only files whose content changed and removes files
of the managed directories that are no longer part of the export. Secrets are never exported.
"""

from __future__ import annotations

import os

from ansible_collections.platform.runtime.plugins.module_utils import onboarding
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError

try:
    import yaml

    HAS_YAML = True
except ImportError:  # pragma: no cover
    HAS_YAML = False


class ExportError(PlatformError):
    """The export cannot be produced (bad input) or written."""


def _dump(obj):
    return yaml.safe_dump(obj, sort_keys=True, default_flow_style=False)


def _file_name(obj):
    md = obj.get("metadata") or {}
    ns = md.get("namespace")
    return f"{obj['kind'].lower()}-{ns + '-' if ns else ''}{md['name']}.yaml"


def _kustomization(resources):
    return _dump({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": sorted(resources)})


def _directory(prefix, objects):
    files = {}
    for obj in objects:
        if obj.get("kind") == "Secret":
            continue
        name = _file_name(obj)
        if f"{prefix}/{name}" in files:
            raise ExportError(f"{prefix}: two objects export to {name} ({obj['kind']} {obj['metadata'].get('name')})")
        files[f"{prefix}/{name}"] = _dump(obj)
    files[f"{prefix}/kustomization.yaml"] = _kustomization([os.path.basename(p) for p in files])
    return files


def tenant_objects(teams, environment, settings, istio=False, flux=False):
    """{team name: objects} the onboarding applies in ``environment`` (the same pure builders as the module)."""
    try:
        normalized = onboarding.validate_teams(teams, environment, settings)
    except onboarding.OnboardingError as e:
        raise ExportError("invalid onboarding input, nothing was exported: " + "; ".join(e.errors)) from e
    out = {}
    for team in normalized:
        if environment in team["environments"]:
            out[team["name"]] = onboarding.build_team(team, environment, settings, istio=istio, flux=flux)
    return out


def layout(cluster, tenants, infrastructure=(), policies=(), cluster_resources=()):
    """{relative path: file content} of the whole export."""
    files = {}
    files.update(_directory("infrastructure", infrastructure))
    files.update(_directory("policies", policies))
    for team, objects in sorted(tenants.items()):
        files.update(_directory(f"tenants/{team}", objects))
    tenant_dirs = [f"../../tenants/{t}" for t in sorted(tenants)]
    if tenants:
        # The tenant ClusterRoles every team's RoleBindings refer to: cluster-scoped, shared, applied with the teams.
        files.update(_directory("tenants/_roles", onboarding.build_tenant_roles()))
        tenant_dirs.insert(0, "../../tenants/_roles")
    resources = list(cluster_resources) + ["../../infrastructure", "../../policies"] + tenant_dirs
    files[f"clusters/{cluster}/kustomization.yaml"] = _dump({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": resources})
    return dict(sorted(files.items()))


MANAGED = ("infrastructure", "policies", "tenants")


def write_tree(root, files, check_mode=False):
    """Write changed files, remove stale ones under the managed directories. Returns (written, removed)."""
    written, removed = [], []
    for rel, content in files.items():
        path = os.path.join(root, rel)
        try:
            with open(path, encoding="utf-8") as f:
                same = f.read() == content
        except FileNotFoundError:
            same = False
        if same:
            continue
        written.append(rel)
        if not check_mode:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = f"{path}.{os.getpid()}.tmp"  # several clusters of one run may export the shared directories at once
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(content)
            os.replace(tmp, path)
    for top in MANAGED:
        base = os.path.join(root, top)
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                if rel not in files:
                    removed.append(rel)
                    if not check_mode:
                        os.unlink(os.path.join(root, rel))
    return written, sorted(removed)


def export(params, check_mode=False):
    """The module's flow: render tenants, lay out, write."""
    if not HAS_YAML:
        raise ExportError("PyYAML is required")
    settings = onboarding.merge_settings(params.get("environments"), params.get("presets"), params.get("network"), params.get("istio_revision"))
    tenants = tenant_objects(params["teams"], params["environment"], settings, istio=params.get("istio", False), flux=params.get("gitops", False))
    files = layout(params["cluster"], tenants, params.get("infrastructure") or [], params.get("policies") or [], params.get("cluster_resources") or [])
    written, removed = write_tree(params["path"], files, check_mode=check_mode)
    return {"changed": bool(written or removed), "files": sorted(files), "written": written, "removed": removed, "teams": sorted(tenants)}


ARG_SPEC = dict(
    path=dict(type="path", required=True),
    cluster=dict(type="str", required=True),
    environment=dict(type="str", required=True),
    teams=dict(type="list", elements="dict", default=[]),
    environments=dict(type="dict", default={}),
    presets=dict(type="dict", default={}),
    network=dict(type="dict", default={}),
    istio_revision=dict(type="str"),
    istio=dict(type="bool", default=False),
    gitops=dict(type="bool", default=False),
    infrastructure=dict(type="list", elements="dict", default=[]),
    policies=dict(type="list", elements="dict", default=[]),
    cluster_resources=dict(type="list", elements="str", default=[]),
)
