# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding and offboarding flows over a Kubernetes client (``kube.KubeClient`` or a fake with the same verbs).

``onboard`` and ``offboard`` take a client and plain options and return ``(result, error)``: the result mapping the
module reports, and an error message (None on success). They never call ``exit_json``/``fail_json``.
"""

from __future__ import annotations

import time

from ansible_collections.platform.runtime.plugins.module_utils import kube
from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError

RBAC_V1 = "rbac.authorization.k8s.io/v1"


class OnboardingFailed(PlatformError):
    """A flow failed after it started talking to the cluster; ``result`` holds what it found and did."""

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result or {}


def capability(client, mode, kinds, what, needed):
    """(enabled, message) for an optional API (Istio or Flux): ``mode`` is auto, always or never."""
    if mode == "never" or not needed:
        return False, None
    if client.served(kinds):
        return True, None
    names = ", ".join(f"{group} {kind}" for group, kind in kinds)
    msg = f"{what} CRDs ({names}) are not installed"
    if mode == "always":
        raise ob.OnboardingError([msg + f": expected them because {what.lower()}=always"])
    return False, msg + ": skipped their resources"


def list_workloads(client, namespace):
    found = []
    for api_version, kind in ob.WORKLOAD_KINDS:
        try:
            items = client.list(api_version, kind, namespace=namespace)
        except kube.KubeError as e:
            if e.status != 404 or kind != "CronJob":
                raise
            items = client.list("batch/v1beta1", kind, namespace=namespace)  # servers before 1.21
        found.extend(items)
    return found


def _diff_entry(result):
    return dict(result["diff"], before_header=result["ref"], after_header=result["ref"])


def _rebind(client, desired, index, check, workers):
    """Delete RoleBindings whose roleRef changed (the API server refuses to change a roleRef in place).

    Returns (refs, failed). The deleted bindings are dropped from ``index`` so that the batch re-creates them; in check
    mode they are left out of the batch instead (a dry-run apply would be refused) and reported as replaced.
    """
    stale = []
    for obj in desired:
        if obj["kind"] != "RoleBinding":
            continue
        live = index.get(kube.obj_key(obj))
        if live is not None and live.get("roleRef") != obj["roleRef"]:
            stale.append(obj)
    results = kube.delete_batch(client, stale, dry_run=check, workers=workers)
    for obj in stale:
        index.pop(kube.obj_key(obj), None)
    return [r["ref"] for r in results if r["action"] == "deleted"], [r for r in results if r["action"] == "failed"]


def onboard(client, teams, environment, settings, istio="auto", gitops="auto", prune=True, check=False, diff=False, workers=16):
    """Apply every object of ``teams`` in ``environment`` (validated, normalised teams); returns (result, error)."""
    left_out = []
    wants_istio = any(t.get("services") for t in teams) or settings["environments"][environment]["mtls"] == "STRICT"
    with_istio, msg = capability(client, istio, ob.ISTIO_KINDS, "Istio", wants_istio)
    left_out += [msg] if msg else []
    with_flux, msg = capability(client, gitops, ob.FLUX_KINDS, "Flux", any(t.get("gitops") for t in teams))
    left_out += [msg + f" (teams: {', '.join(t['name'] for t in teams if t.get('gitops'))})"] if msg else []
    team_objects, not_here = ob.build_objects(teams, environment, settings, istio=with_istio, flux=with_flux)
    left_out.extend(not_here)
    desired = team_objects + ob.build_tenant_roles() if team_objects else []

    names = [t["name"] for t in teams]
    kinds = list(ob.CORE_KINDS) + (list(ob.ISTIO_KINDS) if with_istio else []) + (list(ob.FLUX_KINDS) if with_flux else [])
    # One LIST per kind by the ownership labels (a long team list falls back to the environment only), plus every
    # Namespace, so that namespaces without the labels, or with another team's, are known too.
    index = kube.list_index(client, [("v1", "Namespace")])
    live_namespaces = {k[3]: v for k, v in index.items()}
    refused, adopted = ob.ownership(teams, environment, live_namespaces)
    out = {"left_out": left_out, "namespaces": [o["metadata"]["name"] for o in team_objects if o["kind"] == "Namespace"], "adopted": adopted}
    if refused:
        return out, "refusing to onboard, nothing was applied: " + "; ".join(refused)
    index.update(kube.list_index(client, kinds, ob.owner_selector(environment, names if len(names) <= 50 else None)))
    index.update(kube.list_index(client, [(RBAC_V1, "ClusterRole")], ob.tenant_role_selector()))

    replaced, failed = _rebind(client, desired, index, check, workers)
    to_apply = [o for o in desired if not (check and kube.obj_ref(o) in replaced)]
    results = [] if failed else kube.apply_batch(client, to_apply, dry_run=check, workers=workers, live=index, skip_unchanged=True)
    failed += [r for r in results if r["action"] in ("failed", "skipped")]
    # The controller creates the default ServiceAccount of a new namespace first; that is no drift.
    new_ns = {r["ref"].split("/", 1)[1] for r in results if r["ref"].startswith("Namespace/") and r["action"] == "created"}
    out["drift"] = [r["ref"] for r in results if r["action"] == "updated" and r["ref"].split("/")[1] not in new_ns]
    out["replaced"] = replaced
    diffs = [_diff_entry(r) for r in results if r.get("changed")]
    if check:
        out["predicted_locally"] = [r["ref"] for r in results if r.get("prediction") == "local"] + replaced
    pruned = []
    if not failed and prune:
        existing = [o for o in index.values() if o.get("kind") != "Namespace"]
        for r in kube.delete_batch(client, ob.prune_candidates(existing, desired, set(names), environment), dry_run=check, workers=workers):
            if r["action"] == "failed":
                failed.append(r)
            elif r["action"] == "deleted":
                pruned.append(r)
                diffs.append(_diff_entry(r))
    out["pruned"] = [r["ref"] for r in pruned]
    summary = kube.summarize(results)
    if pruned:
        summary["pruned"] = out["pruned"]
    out["summary"] = summary
    # A replaced RoleBinding is deleted and created again (in check mode: left out of the batch); either way it changes.
    changes = [{"ref": r["ref"], "action": "replaced" if r["ref"] in replaced else r["action"]} for r in results]
    changes += pruned + [{"ref": ref, "action": "replaced"} for ref in replaced if check]
    out["teams"] = ob.changes_by_team(names, desired, changes)
    out["changed"] = any(r.get("changed") for r in results) or bool(pruned) or bool(replaced)
    if diff:
        out["diff"] = diffs
    if failed:
        errors = [r.get("error", r["ref"] + " " + r["action"]) for r in failed if r["action"] == "failed"]
        return out, "onboarding failed: " + "; ".join(errors)
    return out, None


def _owned_objects(client, namespace):
    kinds = list(ob.CORE_KINDS)
    for extra in (ob.ISTIO_KINDS, ob.FLUX_KINDS):
        if client.served(extra):
            kinds += list(extra)
    objs = []
    for api_version, kind in kinds:
        objs.extend(client.list(api_version, kind, namespace=namespace))
    return objs


def offboard(client, teams, environment, force=False, check=False, diff=False, workers=16, wait_timeout=300, clock=time.monotonic, sleep=time.sleep):
    """Delete the teams' namespaces in ``environment`` (only those with their ownership labels); returns (result, error)."""
    names = [t["name"] for t in teams]
    candidates = sorted({ob.namespace_for(t, environment) for t in teams if environment in t["environments"]})
    by_name = {n["metadata"]["name"]: n for n in client.list("v1", "Namespace", label_selector=ob.owner_selector(environment, names))}
    not_owned = [n for n in candidates if n not in by_name and client.get(_ns(n)) is not None]
    owned = sorted(by_name)
    blocking, would_delete = [], []
    for name in owned:
        workloads = list_workloads(client, name)
        blocking.extend(ob.blocking_objects(workloads))
        would_delete.append("Namespace/" + name)
        would_delete.extend(sorted(kube.obj_ref(o) for o in _owned_objects(client, name) + workloads))
    out = {"namespaces": owned, "not_owned": not_owned, "blocking": blocking, "would_delete": would_delete}
    out["left_out"] = [f"namespace {n} exists but is not owned by team/environment labels: left alone" for n in not_owned]
    if blocking and not force:
        return out, (
            f"refusing to offboard {', '.join(names)} in {environment}: namespaces still hold workloads or volume claims ({', '.join(blocking)})"
            f"; set force=true to delete them"
        )
    ns_objs = [_ns(n) for n in owned]
    results = kube.delete_batch(client, ns_objs, dry_run=check, workers=workers)
    failed = [r for r in results if r["action"] == "failed"]
    if failed:
        return out, "; ".join(r["error"] for r in failed)
    out["summary"] = {"deleted": [r["ref"] for r in results if r["action"] == "deleted"]}
    out["changed"] = bool(out["summary"]["deleted"])
    if diff:
        out["diff"] = [_diff_entry(r) for r in results if r["action"] == "deleted"]
    if check or not owned:
        return out, None
    return out, _wait_gone(client, ns_objs, wait_timeout, clock, sleep)


def _ns(name):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def _wait_gone(client, ns_objs, wait_timeout, clock, sleep):
    deadline = clock() + wait_timeout
    pending = list(ns_objs)
    while pending and clock() < deadline:
        pending = [n for n in pending if client.get(n) is not None]
        if pending:
            sleep(0.5)
    if not pending:
        return None
    states = []
    for n in pending:
        cur = client.get(n) or {}
        conds = [c.get("message") for c in cur.get("status", {}).get("conditions", []) or [] if c.get("status") == "True"]
        states.append(f"{n['metadata']['name']} ({'; '.join(filter(None, conds)) or cur.get('status', {}).get('phase', 'gone')})")
    return f"namespaces still terminating after {wait_timeout}s: {', '.join(states)}"


def settings_from(params):
    return ob.merge_settings(
        params["environments"],
        params["presets"],
        params["network"],
        params["istio_revision"],
        params["mesh_injection"],
        egress=params.get("egress"),
        platform_namespaces=params.get("platform_namespaces"),
    )


def client_for(params):
    """A KubeClient from the module's connection options (kube.AUTH_ARG_SPEC)."""
    return kube.KubeClient.from_params(params, pool_size=max(params["workers"], 1))


def run(params, connect=None, check=False, diff=False):
    """The module's whole job: validate every input, then onboard or offboard; returns the result mapping.

    Every failure raises ``OnboardingFailed`` with the message and what the flow found and did. Invalid input fails
    before ``connect()`` (default: ``client_for(params)``) is called, so nothing is read or applied. Warnings are in ``result["warnings"]``.
    """
    settings = settings_from(params)
    try:
        all_teams = ob.validate_teams(params["teams"], params["environment"], settings)
        teams = ob.select_teams(all_teams, params["select"])
    except ob.OnboardingError as e:
        raise OnboardingFailed("invalid onboarding input, nothing was applied: " + "; ".join(e.errors), {"errors": e.errors}) from e
    warnings = ob.team_warnings(all_teams, settings) if params["state"] == "present" else []
    common = {"check": check, "diff": diff, "workers": params["workers"]}
    try:
        client = connect() if connect else client_for(params)
        if params["state"] == "absent":
            out, error = offboard(client, teams, params["environment"], force=params["force"], wait_timeout=params["wait_timeout"], **common)
        else:
            out, error = onboard(client, teams, params["environment"], settings, params["istio"], params["gitops"], params["prune"], **common)
    except ob.OnboardingError as e:
        raise OnboardingFailed("; ".join(e.errors), {"errors": e.errors, "warnings": warnings}) from e
    except kube.KubeError as e:
        raise OnboardingFailed(f"Kubernetes API error: {e}", {"status": e.status, "warnings": warnings}) from e
    if warnings:
        out["warnings"] = warnings
    if error:
        raise OnboardingFailed(error, out)
    return out
