# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apply a set of manifests that may contain CRDs and objects of those CRDs.

CRDs go first through ``kube.apply_crds`` (with the pre-1.25 compatibility step
and its warnings), then the module waits for them to be Established and forgets
cached discovery, then the rest goes through ``kube.apply_batch``. In check mode
the server cannot dry-run objects of a CRD that does not exist yet; those are
predicted locally and the result says so.

``run`` is the service behind the ``manifest_apply`` module: it reads and checks the
input before it connects, applies, and returns the module's result.
"""

from __future__ import annotations

import copy

from ansible_collections.platform.runtime.plugins.module_utils import kube, readiness
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents


class ManifestError(PlatformError):
    """Applying failed; ``results`` holds the per-object results so far, ``not_ready`` the CRDs that were not Established."""

    def __init__(self, message, results=None, not_ready=None):
        super().__init__(message)
        self.results = results or []
        self.not_ready = not_ready or []

    @property
    def result(self):
        """The module's return fields for this failure."""
        out = report(self.results, False)
        if self.not_ready:
            out["not_ready"] = self.not_ready
        return out


def split_crds(objects):
    crds = [o for o in objects if o.get("kind") == "CustomResourceDefinition"]
    others = [o for o in objects if o.get("kind") != "CustomResourceDefinition"]
    return crds, others


def check_objects(objects):
    for i, o in enumerate(objects):
        if not isinstance(o, dict) or not o.get("apiVersion") or not o.get("kind") or not (o.get("metadata") or {}).get("name"):
            raise ManifestError(f"definitions[{i}]: expected an object with apiVersion, kind and metadata.name, got {str(o)[:200]!r}")


def _failed(results):
    return [r for r in results if r["action"] == "failed"]


def apply_manifests(client, objects, field_manager=kube.DEFAULT_FIELD_MANAGER, dry_run=False, crd_timeout=120, poll_interval=1):
    """Returns (results, warnings); raises ManifestError when something failed."""
    check_objects(objects)
    crds, others = split_crds(objects)
    results, warnings = [], []
    new_groups = set()
    if crds:
        crd_results, warnings = kube.apply_crds(client, crds, field_manager=field_manager, dry_run=dry_run)
        results += crd_results
        if _failed(crd_results):
            raise ManifestError("; ".join(r["error"] for r in _failed(crd_results)), results)
        new_groups = {c["spec"]["group"] for c, r in zip(crds, crd_results) if r["action"] == "created"}
        if not dry_run:
            refs = [{"api_version": c["apiVersion"], "kind": c["kind"], "name": c["metadata"]["name"]} for c in crds]
            outcome = readiness.wait_for(client, refs, timeout=crd_timeout, poll_interval=poll_interval)
            if not outcome["ok"]:
                raise ManifestError(
                    f"CRDs not Established after {outcome['elapsed']}s:\n{readiness.format_table(outcome['not_ready'])}",
                    results,
                    outcome["not_ready"],
                )
            client.forget()
    if dry_run:
        local = [o for o in others if o["apiVersion"].split("/")[0] in new_groups or not client.served([(o["apiVersion"], o["kind"])])]
        others = [o for o in others if not any(o is x for x in local)]
        for o in local:
            results.append(
                {
                    "ref": kube.obj_ref(o),
                    "action": "created",
                    "changed": True,
                    "prediction": "local",
                    "diff": {"before": {}, "after": copy.deepcopy(o)},
                }
            )
    if others:
        other_results = kube.apply_batch(client, others, field_manager=field_manager, dry_run=dry_run)
        results += other_results
        if _failed(other_results):
            raise ManifestError("; ".join(r["error"] for r in _failed(other_results)), results)
    return results, warnings


def report(results, with_diff):
    """Module result fields from per-object results."""
    out = {
        "changed": any(r.get("changed") for r in results),
        "summary": kube.summarize(results),
        "results": [{k: r.get(k) for k in ("ref", "action", "prediction", "error") if r.get(k) is not None} for r in results],
    }
    if with_diff:
        out["diff"] = [dict(r["diff"], before_header=r["ref"], after_header=r["ref"]) for r in results if r.get("changed") and r.get("diff")]
    return out


def compat_summary(warnings):
    since = "1.25" if any("older than 1.25" in w for w in warnings) else "1.31"
    return f"API server older than {since}: adjusted {len(warnings)} CRD(s) before applying them: {'; '.join(warnings)}"


def read(definitions, src=None):
    """The objects of ``definitions`` and of the YAML file ``src``, checked; ManifestError names what is wrong."""
    objects = list(definitions or [])
    if src:
        try:
            objects += load_documents(src)
        except Exception as e:  # yaml errors and I/O errors alike
            raise ManifestError(f"src={src}: cannot read the manifests: {e}") from e
    check_objects(objects)
    return objects


def run(connect, definitions, src=None, field_manager=kube.DEFAULT_FIELD_MANAGER, crd_timeout=120, check_mode=False, diff=False, warn=None):
    """The manifest_apply flow: read and check the input, connect (``connect()`` returns a client), apply, report.

    Returns the module result; raises ManifestError (with ``.result``) or KubeError.
    """
    objects = read(definitions, src)
    results, warnings = apply_manifests(connect(), objects, field_manager=field_manager, dry_run=check_mode, crd_timeout=crd_timeout)
    if warnings and warn:
        warn(compat_summary(warnings))
    return dict(report(results, diff), warnings_compat=warnings)
