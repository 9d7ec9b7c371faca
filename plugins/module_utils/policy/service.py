# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apply an environment's policy set to a cluster: ConstraintTemplates, then constraints.

Order: the ConstraintTemplate CRD is Established -> templates -> constraint CRDs Established -> constraints.
Where Gatekeeper runs, its controller creates the constraint CRDs from the templates and this waits for them.
Without the controller (``controllers_running=False``: the local test bed only) nothing would ever create them,
so they are created here from each template's spec.crd, the way Gatekeeper does, and the result says
"applied, not enforced (no controller)".
"""

from __future__ import annotations

import os

from ansible_collections.platform.runtime.plugins.module_utils import kube, manifests, readiness
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.policy.set import constraint_crd, template_objects
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents

TEMPLATE_CRD = "constrainttemplates.templates.gatekeeper.sh"
TEMPLATE_CRD_FILE = os.path.join("gatekeeper-3.23.0", "crds", "constrainttemplate-customresourcedefinition.yaml")
NOT_ENFORCED = "applied, not enforced (no controller)"
ENFORCED = "applied, enforced by Gatekeeper"


# Options describing an environment's policy set; documented by the platform.runtime.policy_set doc fragment.
POLICY_SET_ARG_SPEC = dict(
    templates=dict(type="list", elements="str", required=True),
    constraints=dict(type="list", elements="dict", default=[]),
    enforcement_action=dict(type="str", required=True),
    namespaces=dict(type="dict"),
    upstream_dir=dict(type="path"),
    library_dir=dict(type="path"),
    policies_dir=dict(type="path"),
)


class PolicyApplyError(PlatformError):
    def __init__(self, message, results=None):
        super().__init__(message)
        self.results = results or []

    @property
    def result(self):
        """The failure's fields: each object's ref, action and error."""
        return {"results": [{k: r.get(k) for k in ("ref", "action", "error") if r.get(k)} for r in self.results]}


def _crd_ref(name):
    return {"api_version": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "name": name}


def _wait(client, refs, timeout, what, results):
    outcome = readiness.wait_for(client, refs, timeout=timeout, poll_interval=1)
    if not outcome["ok"]:
        raise PolicyApplyError(f"{what} not ready after {outcome['elapsed']}s ({outcome['outcome']}):\n{readiness.format_table(outcome['not_ready'])}", results)
    client.forget()


def _served(client, api_version, kind):
    try:
        client.resource_info(api_version, kind)
        return True
    except kube.KubeError as e:
        if e.status == 404:
            return False
        raise


def _apply(client, objects, dry_run, results, timeout):
    try:
        res, warnings = manifests.apply_manifests(client, objects, dry_run=dry_run, crd_timeout=timeout)
    except manifests.ManifestError as e:
        results.extend(e.results)
        raise PolicyApplyError(str(e), results) from e
    results.extend(res)
    return warnings


def apply_policy(client, templates, constraints, controllers_running, upstream_dir=None, install_template_crd=False, dry_run=False, timeout=300):
    """Returns {"results", "warnings", "status"}; raises PolicyApplyError (with the results so far)."""
    results, warnings = [], []
    if install_template_crd:
        if not upstream_dir:
            raise PolicyApplyError("install_template_crd needs the upstream directory (the pinned Gatekeeper CRDs)")
        crd = load_documents(os.path.join(upstream_dir, TEMPLATE_CRD_FILE))[0]
        warnings += _apply(client, [crd], dry_run, results, timeout)
    template_crd_live = _served(client, "templates.gatekeeper.sh/v1", "ConstraintTemplate")
    if not template_crd_live and not dry_run:
        _wait(client, [_crd_ref(TEMPLATE_CRD)], timeout, "the ConstraintTemplate CRD", results)
    _apply(client, template_objects(templates), dry_run, results, timeout)
    crd_names = [f"{t.kind.lower()}.constraints.gatekeeper.sh" for t in templates.values()]
    if controllers_running:
        if not dry_run:
            _wait(client, [_crd_ref(n) for n in crd_names], timeout, "the constraint CRDs (created by Gatekeeper from the templates)", results)
    else:
        warnings += _apply(client, [constraint_crd(t) for t in templates.values()], dry_run, results, timeout)
    _apply(client, constraints, dry_run, results, timeout)
    return {"results": results, "warnings": warnings, "status": ENFORCED if controllers_running else NOT_ENFORCED}


def plan(params):
    """(templates, constraints) for the module's parameters; raises ValidationError before anything changes."""
    from ansible_collections.platform.runtime.plugins.module_utils.policy.set import LIBRARY_SUBDIR, OWN_DIR, build_constraints, load_templates

    upstream = params.get("upstream_dir")
    library = params.get("library_dir") or (os.path.join(upstream, LIBRARY_SUBDIR) if upstream else None)
    if not library or not os.path.isdir(library):
        raise PolicyApplyError(f"library_dir={library!r}: expected the Gatekeeper policy library directory (set upstream_dir or library_dir)")
    templates = load_templates(params["templates"], library, params.get("policies_dir") or OWN_DIR)
    constraints = build_constraints(
        params.get("constraints") or [],
        templates,
        params["enforcement_action"],
        params.get("namespaces"),
        exclude_system=not params.get("include_system_namespaces"),
    )
    return upstream, templates, constraints


def run(params, client_factory, check_mode):
    """The module's flow: plan (validation), then apply unless validate_only. Returns the module result."""
    upstream, templates, constraints = plan(params)
    out = {
        "changed": False,
        "templates": sorted(t.name for t in templates.values()),
        "template_objects": sorted(template_objects(templates), key=lambda d: d["metadata"]["name"]),
        "constraints": constraints,
    }
    if params.get("validate_only"):
        return dict(out, status="validated")
    applied = apply_policy(
        client_factory(),
        templates,
        constraints,
        params["controllers_running"],
        upstream_dir=upstream,
        install_template_crd=params.get("install_template_crd"),
        dry_run=check_mode,
        timeout=params.get("timeout", 300),
    )
    out.update(manifests.report(applied["results"], True), status=applied["status"], warnings_compat=applied["warnings"])
    return out
