# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Monitoring and Velero custom resources on the real local control plane.

The kube-prometheus-stack and Velero CRDs are applied (compat step: the 1.20 server needs
``x-kubernetes-validations`` and empty-string defaults removed). Every object the monitoring role generates and
every Schedule, BackupStorageLocation and VolumeSnapshotLocation the Velero chart renders is applied for real and
re-applied unchanged. restore.yml is run against Restore objects whose status a thread drives as Velero would:
Completed passes; PartiallyFailed and Failed fail with Velero's message. Velero 1.18's Restore CRD declares no
status subresource (Velero updates ``status`` with the object), so the thread merge-patches ``status`` on the object
itself; the test asserts that /status does not exist, so it notices if a later CRD adds one. Nothing reconciles
here: no Prometheus, no Velero runs.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.kube import apply_batch, apply_crds
from ansible_collections.platform.runtime.plugins.module_utils.readiness import wait_for
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_crds
from ansible_collections.platform.runtime.tests.support.observability import backup_plan, monitoring_plan

pytestmark = [pytest.mark.k8s, pytest.mark.upstream]
VELERO_CRDS = "velero-12.1.0/chart/crds"
KPS_CRDS = "kube-prometheus-stack-88.5.3/crds"


@pytest.fixture(scope="module")
def observability_crds(kube, upstream_dir):
    crds = [c for _p, c in load_crds(os.path.join(upstream_dir, KPS_CRDS))] + [c for _p, c in load_crds(os.path.join(upstream_dir, VELERO_CRDS))]
    results, warnings = apply_crds(kube, crds)
    assert all(r["action"] != "failed" for r in results), [r for r in results if r["action"] == "failed"]
    refs = [{"api_version": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "name": c["metadata"]["name"]} for c in crds]
    assert wait_for(kube, refs, timeout=120, poll_interval=0.5)["ok"]
    kube.forget()
    print(f"\ncompat step: {len(crds)} CRDs applied and Established; {len(warnings)} needed stripping for the 1.20 server")
    assert len(crds) == 23
    return crds


def _namespaces(*names):
    return [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}} for n in names]


def test_generated_objects_apply_and_reapply_unchanged(kube, observability_crds, chart_render):
    objects = []
    for env in ("local", "prod"):
        mon, bak = monitoring_plan(env), backup_plan(env)
        rendered = chart_render("velero-12.1.0/chart", bak["values"], release="velero", namespace="velero")
        velero_crs = [o for o in rendered if o["apiVersion"].startswith("velero.io/")]
        assert {o["kind"] for o in velero_crs} >= {"Schedule", "BackupStorageLocation"}
        # Each environment's objects in a namespace of its own, away from what the role tests apply.
        for o in mon["objects"] + velero_crs:
            objects.append(dict(o, metadata=dict(o["metadata"], namespace=f"obs-{env}")))
    objects = _namespaces("obs-local", "obs-prod") + objects
    first = apply_batch(kube, objects)
    failed = [r for r in first if r["action"] == "failed"]
    assert not failed, failed
    again = apply_batch(kube, objects)
    assert {r["action"] for r in again} == {"unchanged"}, [r for r in again if r["action"] != "unchanged"]
    kinds = sorted({o["kind"] for o in objects})
    assert {"PrometheusRule", "PodMonitor", "ServiceMonitor", "ConfigMap", "Schedule", "BackupStorageLocation", "VolumeSnapshotLocation"} <= set(kinds)
    print(f"\napplied {len(objects)} objects ({', '.join(kinds)}); re-apply: {len(again)} unchanged")


# -- restore.yml ----------------------------------------------------------------------------------------
def _set_status(kube, obj, status):
    kube.request("PATCH", kube.obj_path(obj), body={"status": status}, content_type="application/merge-patch+json")


def _drive(kube, name, status, delay=1.0):
    """Play Velero: once the Restore exists, set InProgress, then the final status."""

    def run():
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            obj = kube.get({"apiVersion": "velero.io/v1", "kind": "Restore", "metadata": {"name": name, "namespace": "velero"}})
            if obj:
                _set_status(kube, obj, {"phase": "InProgress"})
                time.sleep(delay)
                _set_status(kube, obj, status)
                return
            time.sleep(0.2)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


@pytest.fixture(scope="module")
def velero_ns(kube, observability_crds):
    apply_batch(kube, _namespaces("velero"))
    return "velero"


def _restore(run_playbook, control_plane, backup, namespace, **extra):
    return run_playbook(
        "restore.yml",
        inventory="inventories/local",
        extra_vars=dict({"platform_kubeconfig": control_plane["kubeconfig"], "backup": backup, "namespace": namespace, "restore_poll_interval": 0.3}, **extra),
    )


def test_restore_crd_has_no_status_subresource(observability_crds):
    restore = next(c for c in observability_crds if c["metadata"]["name"] == "restores.velero.io")
    assert all("subresources" not in v for v in restore["spec"]["versions"])


def test_restore_completed(kube, velero_ns, run_playbook, control_plane, unique):
    backup = f"velero-daily-{unique}"
    t = _drive(kube, f"{backup}-payments-local", {"phase": "Completed", "warnings": 2, "errors": 0})
    result = _restore(run_playbook, control_plane, backup, "payments-local", restore_timeout=120)
    t.join()
    assert result.rc == 0, result.explain()
    report = result.task_results("Report")[0]["msg"]
    assert f"from backup {backup}: Completed (0 error(s), 2 warning(s))" in report
    restore = kube.get({"apiVersion": "velero.io/v1", "kind": "Restore", "metadata": {"name": f"{backup}-payments-local", "namespace": "velero"}})
    assert restore["spec"] == {"backupName": backup, "includedNamespaces": ["payments-local"], "restorePVs": True, "existingResourcePolicy": "none"}
    # Running it again finds the same, completed Restore: nothing changes.
    again = _restore(run_playbook, control_plane, backup, "payments-local", restore_timeout=30)
    assert again.rc == 0 and again.changed() == 0, again.explain()


@pytest.mark.parametrize(
    "status, expected",
    [
        (
            {"phase": "PartiallyFailed", "errors": 3, "warnings": 1},
            "PartiallyFailed  3 error(s), 1 warning(s)",
        ),
        (
            {"phase": "Failed", "failureReason": "error downloading backup: backup not found in the BackupStorageLocation", "errors": 0},
            "Failed  error downloading backup: backup not found in the BackupStorageLocation; 0 error(s), 0 warning(s)",
        ),
    ],
)
def test_restore_failures_report_velero_phase_and_message(kube, velero_ns, run_playbook, control_plane, unique, status, expected):
    backup = f"velero-weekly-{unique}"
    t = _drive(kube, f"{backup}-backend-local", status)
    start = time.monotonic()
    result = _restore(run_playbook, control_plane, backup, "backend-local", restore_timeout=120)
    t.join()
    assert result.rc != 0 and time.monotonic() - start < 120, result.explain()
    task = result.task_results("Wait for Velero")[0]
    assert task["outcome"] == "failed" and expected in task["msg"], task["msg"]


def test_restore_from_another_cluster_reads_its_location_read_only_and_waits_for_the_sync(kube, velero_ns, run_playbook, control_plane, unique):
    """restore.yml -e from_cluster=local-b on local-a: a read-only BackupStorageLocation from-local-b on local-b's own
    location (bucket and the prefix local-b), a wait until Velero has synced the backup in, then the Restore."""
    backup = f"velero-weekly-local-b-{unique}"
    bsl_ref = {"apiVersion": "velero.io/v1", "kind": "BackupStorageLocation", "metadata": {"name": "from-local-b", "namespace": "velero"}}

    def sync():  # Velero's part: once the location exists, the other cluster's backup shows up
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not kube.get(bsl_ref):
            time.sleep(0.2)
        time.sleep(1.0)
        kube.apply(
            {"apiVersion": "velero.io/v1", "kind": "Backup", "metadata": {"name": backup, "namespace": "velero"}, "spec": {"storageLocation": "from-local-b"}}
        )

    syncer = threading.Thread(target=sync, daemon=True)
    syncer.start()
    t = _drive(kube, f"{backup}-payments-local", {"phase": "Completed", "warnings": 0, "errors": 0})
    result = run_playbook(
        "restore.yml",
        "--limit",
        "local-a",
        inventory="inventories/local-multi",
        extra_vars={
            "platform_kubeconfig": control_plane["kubeconfig"],
            "backup": backup,
            "namespace": "payments-local",
            "from_cluster": "local-b",
            "restore_poll_interval": 0.3,
            "restore_timeout": 120,
        },
    )
    syncer.join()
    t.join()
    assert result.rc == 0, result.explain()
    bsl = kube.get(bsl_ref)
    assert bsl["spec"]["accessMode"] == "ReadOnly"
    assert bsl["spec"]["objectStorage"] == {"bucket": "platform-velero-local", "prefix": "local-b"}
    assert bsl["spec"]["credential"] == {"name": "velero-s3-credentials", "key": "cloud"}
    synced = result.task_results("Wait until Velero has synced the backup in", host="local-a")[0]
    assert synced["resources"][0]["metadata"]["name"] == backup
    assert f"from backup {backup}: Completed" in result.task_results("Report", host="local-a")[0]["msg"]

    bad = run_playbook(
        "restore.yml",
        "--limit",
        "local-a",
        inventory="inventories/local-multi",
        extra_vars={"platform_kubeconfig": control_plane["kubeconfig"], "backup": backup, "namespace": "payments-local", "from_cluster": "prod-usw2"},
    )
    assert bad.rc != 0 and 'from_cluster=\\"prod-usw2\\": expected another host of group platform (local-b)' in bad.stdout, bad.stdout[-2000:]
