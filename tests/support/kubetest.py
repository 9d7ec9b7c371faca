# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubernetes test helpers: a recording fake client for service unit tests, and status patching for readiness tests.

Nothing here ships in the collection: the fake client stands in for ``kube.KubeClient`` in unit tests of the
services (``apply_batch``, ``manifests.run``, ``flux_installer.install``...); ``patch_status`` plays the controller
that does not run on the local control plane, and only in tests that say so.
"""

from __future__ import annotations

import copy
import time

from ansible_collections.platform.runtime.plugins.module_utils import kube, readiness


class FakeClient:
    """Records requests; answers GET and LIST from ``objects``, echoes applies and knows every kind but ``unknown``.

    ``fail``: object names whose apply is refused with 403. ``unknown``: kinds the server does not serve.
    ``statuses``: ``{name: status}`` merged into GET answers (a controller's work). Applies are stored, so a later
    GET sees them, as on a real server; dry-run applies are not.
    """

    def __init__(self, objects=(), fail=(), unknown=("Unknown",), statuses=None, version="v1.34.1"):
        self.objects = {kube.obj_key(o): o for o in objects}
        self.fail = set(fail)
        self.unknown = set(unknown)
        self.statuses = dict(statuses or {})
        self.git_version = version
        self.calls = []
        self.lists = []
        self.forgotten = 0

    served = kube.KubeClient.served

    def version(self):
        self.calls.append(("VERSION", ""))
        return {"gitVersion": self.git_version, "major": "1", "minor": self.git_version.split(".")[1]}

    def resource_info(self, api_version, kind):
        if kind in self.unknown:
            raise kube.KubeError(f"the server does not know {api_version} {kind}", status=404, reason="NotFound")
        return {"name": kind.lower() + "s", "namespaced": kind not in ("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding")}

    def forget(self, api_version=None):
        self.forgotten += 1

    def get(self, obj):
        self.calls.append(("GET", kube.obj_ref(obj)))
        live = self.objects.get(kube.obj_key(obj))
        status = self.statuses.get(obj["metadata"]["name"])
        if live is not None and status is not None:
            live = dict(copy.deepcopy(live), status=copy.deepcopy(status))
        return live

    def apply(self, obj, field_manager=None, dry_run=False):
        self.calls.append(("APPLY", kube.obj_ref(obj)) if not dry_run else ("DRYRUN", kube.obj_ref(obj)))
        if obj["metadata"]["name"] in self.fail:
            raise kube.KubeError("denied", status=403)
        out = dict(copy.deepcopy(obj), applied=True)
        if not dry_run:
            self.objects[kube.obj_key(obj)] = out
        return out

    def list(self, api_version, kind, namespace=None, label_selector=None):
        self.lists.append((kind, namespace, label_selector))
        return [o for o in self.objects.values() if o["kind"] == kind and namespace in (None, o["metadata"].get("namespace"))]


def patch_status(client, obj, status):
    """Merge-patch the status subresource of ``obj``: what a controller would do (nothing reconciles here)."""
    return client.request("PATCH", client.obj_path(obj) + "/status", body={"status": status}, content_type="application/merge-patch+json")


def crd_established(obj):
    """Whether a CustomResourceDefinition is Established, by the collection's own readiness rule."""
    return readiness.evaluate_crd(obj or {})["state"] == readiness.READY


def wait_until(predicate, timeout=60, interval=0.3):
    """The first truthy value of ``predicate()``, polled until ``timeout`` seconds; its last value after that.

    For what a real controller or server does asynchronously (integration tests only; unit tests use a fake clock).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
