# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Readiness of Kubernetes objects, explained.

``evaluate(obj)`` is pure: it takes an object as read from the API server (or
None when it is missing) and returns ``{"state", "reason", "message"}`` where
state is one of ``ready``, ``progressing``, ``failed`` (terminal: waiting longer
will not help) or ``missing``. ``wait_for`` polls a client until everything is
ready, something failed, or the timeout passed. ``wait`` is the service behind the
``wait_ready`` module: it checks the input, waits, and returns the module's result
or raises ``NotReadyError`` carrying it.
"""

from __future__ import annotations

import time

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError, ValidationError

READY, PROGRESSING, FAILED, MISSING = "ready", "progressing", "failed", "missing"

# Ready=False reasons that Flux controllers set when a reconciliation has failed and another
# attempt with the same spec will fail the same way (or only after remediation retries ran out).
TERMINAL_REASONS = frozenset(
    (
        "InstallFailed",
        "UpgradeFailed",
        "RollbackFailed",
        "UninstallFailed",
        "TestFailed",
        "RetriesExceeded",
        "ArtifactFailed",
        "BuildFailed",
        "ReconciliationFailed",
        "ChartNotFound",
        "InvalidChartReference",
        "AuthenticationFailed",
        "InvalidSTSConfiguration",
    )
)


def _result(state, reason="", message=""):
    return {"state": state, "reason": reason or "", "message": (message or "").strip()}


def conditions(obj):
    return {c.get("type"): c for c in (obj or {}).get("status", {}).get("conditions", []) or [] if isinstance(c, dict)}


def _generation_lag(obj):
    gen = obj.get("metadata", {}).get("generation")
    seen = obj.get("status", {}).get("observedGeneration")
    if gen is not None and (seen is None or seen < gen):
        return _result(PROGRESSING, "NotObserved", f"generation {gen} not observed yet (observedGeneration {seen})")
    return None


def _is_flux(obj):
    return ".toolkit.fluxcd.io/" in obj.get("apiVersion", "")


def evaluate_flux(obj, terminal_reasons=TERMINAL_REASONS):
    """Flux objects: Ready=True on the current generation; Stalled=True or a terminal Ready=False reason fails at once."""
    conds = conditions(obj)
    stalled = conds.get("Stalled")
    if stalled and stalled.get("status") == "True":
        return _result(FAILED, stalled.get("reason"), stalled.get("message"))
    lag = _generation_lag(obj)
    ready = conds.get("Ready")
    if lag:
        return lag
    if ready is None:
        return _result(PROGRESSING, "NoReadyCondition", "the controller has not reported a Ready condition yet")
    status = ready.get("status")
    if status == "True":
        return _result(READY, ready.get("reason"), ready.get("message"))
    # Flux keeps Reconciling=True with reason ProgressingWithRetry after a failure; only a fresh attempt
    # (Reconciling=True for any other reason) means the failure may still be superseded.
    reconciling = conds.get("Reconciling") or {}
    in_flight = reconciling.get("status") == "True" and reconciling.get("reason") != "ProgressingWithRetry"
    if status == "False" and ready.get("reason") in terminal_reasons and not in_flight:
        return _result(FAILED, ready.get("reason"), ready.get("message"))
    return _result(PROGRESSING, ready.get("reason"), ready.get("message"))


def evaluate_crd(obj):
    conds = conditions(obj)
    names = conds.get("NamesAccepted")
    if names and names.get("status") == "False":
        return _result(FAILED, names.get("reason"), names.get("message"))
    est = conds.get("Established")
    if est and est.get("status") == "True":
        return _result(READY, "Established", est.get("message"))
    return _result(PROGRESSING, (est or {}).get("reason", "NotEstablished"), (est or {}).get("message", "not Established yet"))


def _replicas(obj):
    r = obj.get("spec", {}).get("replicas")
    return 1 if r is None else r


def evaluate_deployment(obj):
    lag = _generation_lag(obj)
    if lag:
        return lag
    st = obj.get("status", {})
    prog = conditions(obj).get("Progressing")
    if prog and prog.get("reason") == "ProgressDeadlineExceeded":
        return _result(FAILED, "ProgressDeadlineExceeded", prog.get("message"))
    want = _replicas(obj)
    updated, available, total = st.get("updatedReplicas", 0), st.get("availableReplicas", 0), st.get("replicas", 0)
    if updated < want:
        return _result(PROGRESSING, "RollingOut", f"{updated} of {want} replicas updated")
    if total > updated:
        return _result(PROGRESSING, "RollingOut", f"{total - updated} old replicas pending termination")
    if available < want:
        return _result(PROGRESSING, "Unavailable", f"{available} of {want} updated replicas available")
    return _result(READY, "RolledOut", f"{available} of {want} replicas available")


def evaluate_statefulset(obj):
    lag = _generation_lag(obj)
    if lag:
        return lag
    st = obj.get("status", {})
    want = _replicas(obj)
    strategy = obj.get("spec", {}).get("updateStrategy", {}).get("type", "RollingUpdate")
    if strategy == "RollingUpdate":
        partition = obj.get("spec", {}).get("updateStrategy", {}).get("rollingUpdate", {}).get("partition", 0) or 0
        if st.get("updatedReplicas", 0) < want - partition:
            return _result(
                PROGRESSING,
                "RollingOut",
                f"{st.get('updatedReplicas', 0)} of {want - partition} replicas updated",
            )
        if not partition and st.get("updateRevision") and st.get("currentRevision") != st.get("updateRevision"):
            return _result(PROGRESSING, "RollingOut", f"revision {st.get('updateRevision')} not current yet")
    if st.get("readyReplicas", 0) < want:
        return _result(PROGRESSING, "Unavailable", f"{st.get('readyReplicas', 0)} of {want} replicas ready")
    return _result(READY, "RolledOut", f"{st.get('readyReplicas', 0)} of {want} replicas ready")


def evaluate_daemonset(obj):
    lag = _generation_lag(obj)
    if lag:
        return lag
    st = obj.get("status", {})
    desired = st.get("desiredNumberScheduled", 0)
    if st.get("updatedNumberScheduled", 0) < desired:
        return _result(PROGRESSING, "RollingOut", f"{st.get('updatedNumberScheduled', 0)} of {desired} pods updated")
    if st.get("numberAvailable", 0) < desired:
        return _result(PROGRESSING, "Unavailable", f"{st.get('numberAvailable', 0)} of {desired} pods available")
    return _result(READY, "RolledOut", f"{st.get('numberAvailable', 0)} of {desired} pods available")


def evaluate_constraint_template(obj):
    st = obj.get("status", {})
    errors = []
    for pod in st.get("byPod", []) or []:
        if pod.get("observedGeneration", 0) >= obj.get("metadata", {}).get("generation", 0):
            for e in pod.get("errors", []) or []:
                errors.append(f"{e.get('code', 'error')}: {e.get('message', '')}")
    if errors:
        return _result(FAILED, "TemplateError", "; ".join(errors))
    if st.get("created") is True:
        return _result(READY, "Created", "constraint CRD created")
    return _result(PROGRESSING, "NotCreated", "status.created is not true yet")


def evaluate_generic(obj):
    """Ready, else Available, else present: objects without conditions are ready when they exist."""
    conds = conditions(obj)
    for ctype in ("Ready", "Available"):
        c = conds.get(ctype)
        if c is not None:
            if c.get("status") == "True":
                return _result(READY, c.get("reason") or ctype, c.get("message"))
            return _result(PROGRESSING, c.get("reason") or ("Not" + ctype), c.get("message"))
    return _result(READY, "Exists", "no Ready or Available condition; present")


def evaluate_velero_restore(obj):
    """velero.io Restore: phase Completed is ready; PartiallyFailed, Failed and FailedValidation fail with Velero's reasons."""
    if not obj.get("apiVersion", "").startswith("velero.io/"):
        return evaluate_generic(obj)
    st = obj.get("status") or {}
    phase = st.get("phase") or "New"
    counts = f"{st.get('errors', 0)} error(s), {st.get('warnings', 0)} warning(s)"
    if phase == "Completed":
        return _result(READY, phase, counts)
    if phase in ("PartiallyFailed", "Failed", "FailedValidation"):
        details = [st["failureReason"]] if st.get("failureReason") else []
        details += list(st.get("validationErrors") or [])
        return _result(FAILED, phase, "; ".join(details + [counts]))
    return _result(PROGRESSING, phase, counts)


EVALUATORS = {
    "CustomResourceDefinition": evaluate_crd,
    "Deployment": evaluate_deployment,
    "StatefulSet": evaluate_statefulset,
    "DaemonSet": evaluate_daemonset,
    "ConstraintTemplate": evaluate_constraint_template,
    "Restore": evaluate_velero_restore,
}


def evaluate(obj, terminal_reasons=TERMINAL_REASONS):
    if obj is None:
        return _result(MISSING, "NotFound", "the object does not exist")
    if _is_flux(obj):
        return evaluate_flux(obj, terminal_reasons)
    return EVALUATORS.get(obj.get("kind"), evaluate_generic)(obj)


def format_table(rows):
    """Plain-text table of rows {ref, state, reason, message}."""
    headers = ("OBJECT", "STATE", "REASON", "MESSAGE")
    data = [(r["ref"], r["state"], r["reason"], (r["message"] or "").replace("\n", " ")[:200]) for r in rows]
    widths = [max(len(h), *(len(d[i]) for d in data)) if data else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(v.ljust(widths[i]) for i, v in enumerate(row)).rstrip() for row in [headers] + data]
    return "\n".join(lines)


class NotReadyError(PlatformError):
    """Objects did not become ready; ``result`` holds the module's return fields (rows, not_ready, table...)."""

    def __init__(self, message, result):
        super().__init__(message)
        self.result = result


def normalize_refs(refs):
    """Validate the module's ``resources`` entries; raise ValidationError (a ValueError) naming the bad field."""
    out = []
    for i, r in enumerate(refs or []):
        api, kind = r.get("api_version") or r.get("apiVersion"), r.get("kind")
        if not api or not kind:
            raise ValidationError(f"resources[{i}]={r!r}: expected api_version and kind")
        name, selector = r.get("name"), r.get("label_selector")
        if bool(name) == bool(selector):
            raise ValidationError(f"resources[{i}]={r!r}: expected exactly one of name and label_selector")
        out.append(
            {
                "api_version": api,
                "kind": kind,
                "name": name,
                "namespace": r.get("namespace"),
                "label_selector": selector,
            }
        )
    if not out:
        raise ValidationError("resources=[]: expected at least one object reference")
    return out


def _ref_text(ref):
    ns = ref.get("namespace")
    target = ref["name"] if ref.get("name") else "-l " + ref["label_selector"]
    return f"{ref['kind']}/{((ns + '/') if ns else '')}{target}"


def observe(client, refs, terminal_reasons=TERMINAL_REASONS):
    """One round: a row per object (selectors expand to their matches)."""
    rows = []
    for ref in refs:
        if ref.get("name"):
            obj = client.get(
                {
                    "apiVersion": ref["api_version"],
                    "kind": ref["kind"],
                    "metadata": {"name": ref["name"], "namespace": ref.get("namespace")},
                }
            )
            row = evaluate(obj, terminal_reasons)
            row["ref"] = _ref_text(ref)
            rows.append(row)
            continue
        items = client.list(ref["api_version"], ref["kind"], namespace=ref.get("namespace"), label_selector=ref["label_selector"])
        if not items:
            row = _result(MISSING, "NoMatch", "no object matches the label selector")
            row["ref"] = _ref_text(ref)
            rows.append(row)
        for obj in items:
            row = evaluate(obj, terminal_reasons)
            md = obj.get("metadata", {})
            row["ref"] = f"{ref['kind']}/{((md['namespace'] + '/') if md.get('namespace') else '')}{md.get('name')}"
            rows.append(row)
    return rows


def wait_for(
    client,
    refs,
    timeout=300,
    poll_interval=2,
    terminal_reasons=TERMINAL_REASONS,
    clock=time.monotonic,
    sleep=time.sleep,
):
    """Poll until every row is ready (ok), a row failed (terminal) or ``timeout`` seconds passed.

    Returns {"ok", "outcome": ready|failed|timeout, "rows", "not_ready", "elapsed"}.
    """
    start = clock()
    while True:
        rows = observe(client, refs, terminal_reasons)
        elapsed = round(clock() - start, 2)
        not_ready = [r for r in rows if r["state"] != READY]
        if not not_ready:
            return {"ok": True, "outcome": "ready", "rows": rows, "not_ready": [], "elapsed": elapsed}
        if any(r["state"] == FAILED for r in not_ready):
            return {"ok": False, "outcome": "failed", "rows": rows, "not_ready": not_ready, "elapsed": elapsed}
        if elapsed >= timeout:
            return {"ok": False, "outcome": "timeout", "rows": rows, "not_ready": not_ready, "elapsed": elapsed}
        sleep(min(poll_interval, max(0.05, timeout - elapsed)))


def wait(connect, resources, timeout=300, poll_interval=2, terminal_reasons=None, clock=time.monotonic, sleep=time.sleep):
    """The wait_ready flow: check the input, connect (``connect()`` returns a client), wait, report.

    Returns the module result; raises ValidationError before connecting, NotReadyError (with ``.result``) when
    something failed for good or the timeout passed.
    """
    refs = normalize_refs(resources)
    if timeout < 0 or poll_interval <= 0:
        raise ValidationError(f"timeout={timeout}, poll_interval={poll_interval}: expected timeout >= 0 and poll_interval > 0")
    terminal = frozenset(terminal_reasons) if terminal_reasons is not None else TERMINAL_REASONS
    outcome = wait_for(connect(), refs, timeout=timeout, poll_interval=poll_interval, terminal_reasons=terminal, clock=clock, sleep=sleep)
    table = format_table(outcome["not_ready"]) if outcome["not_ready"] else ""
    result = dict(
        changed=False,
        outcome=outcome["outcome"],
        elapsed=outcome["elapsed"],
        resources=outcome["rows"],
        not_ready=outcome["not_ready"],
        table=table,
    )
    if not outcome["ok"]:
        what = "failed" if outcome["outcome"] == "failed" else f"not ready after {timeout}s"
        raise NotReadyError(f"{len(outcome['not_ready'])} of {len(outcome['rows'])} object(s) {what}:\n{table}", result)
    return result
