# -*- coding: utf-8 -*-
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small, fast Kubernetes client for batch server-side apply.

Why not ``kubernetes.dynamic`` per object: its discovery walks every API group
on first use and each Ansible loop item pays for it again. Here discovery is
lazy and per group/version, cached for the client's lifetime, and a batch of
objects is applied in dependency waves with a thread pool. Check mode is a
server-side dry run (``dryRun=All``); where the server cannot answer (an object
in a namespace the same batch would create), the prediction is local and the
result says so.
"""

from __future__ import absolute_import, annotations, division, print_function

__metaclass__ = type

import copy
import json
import threading
from concurrent.futures import ThreadPoolExecutor

try:
    from kubernetes import client as k8s_client
    from kubernetes import config as k8s_config

    HAS_KUBERNETES = True
    KUBERNETES_IMPORT_ERROR = None
except ImportError as e:  # pragma: no cover - reported with missing_required_lib
    HAS_KUBERNETES = False
    KUBERNETES_IMPORT_ERROR = e

DEFAULT_FIELD_MANAGER = "platform.runtime"

AUTH_ARG_SPEC = dict(
    kubeconfig=dict(type="path"),
    context=dict(type="str"),
    host=dict(type="str"),
    api_key=dict(type="str", no_log=True),
    ca_cert=dict(type="path"),
    validate_certs=dict(type="bool", default=True),
)

# Objects other objects depend on go first; each wave is applied in parallel.
KIND_WAVES = [
    {"CustomResourceDefinition", "Namespace"},
    {"ServiceAccount", "ClusterRole", "Role", "ResourceQuota", "LimitRange", "ConfigMap", "Secret", "PriorityClass", "StorageClass"},
    {"ClusterRoleBinding", "RoleBinding", "Service", "NetworkPolicy"},
]

VOLATILE_METADATA = ("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink")


class KubeError(Exception):
    def __init__(self, message, status=None, reason=None, body=None):
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.body = body


def obj_ref(obj):
    md = obj.get("metadata", {})
    ns = md.get("namespace")
    return "%s/%s%s" % (obj.get("kind"), (ns + "/") if ns else "", md.get("name"))


def obj_key(obj):
    md = obj.get("metadata", {})
    return (obj.get("apiVersion"), obj.get("kind"), md.get("namespace") or "", md.get("name"))


def wave_of(obj):
    for i, kinds in enumerate(KIND_WAVES):
        if obj.get("kind") in kinds:
            return i
    return len(KIND_WAVES)


def clean(obj):
    """Copy without server-managed bookkeeping, for comparison and diffs."""
    if obj is None:
        return None
    obj = copy.deepcopy(obj)
    md = obj.get("metadata", {})
    for k in VOLATILE_METADATA:
        md.pop(k, None)
    ann = md.get("annotations")
    if ann is not None:
        ann.pop("kubectl.kubernetes.io/last-applied-configuration", None)
        if not ann:
            md.pop("annotations")
    obj.pop("status", None)
    return obj


def diff_objects(before, after):
    """(changed, {'before': ..., 'after': ...}) on cleaned copies. The one diff path of the collection."""
    b, a = clean(before), clean(after)
    return b != a, {"before": b or {}, "after": a or {}}


class KubeClient:
    """Thin wrapper over kubernetes.client.ApiClient with cached, lazy discovery."""

    def __init__(self, kubeconfig=None, context=None, host=None, api_key=None, ca_cert=None, validate_certs=True, pool_size=16, api_client=None):
        if not HAS_KUBERNETES:
            raise KubeError("the 'kubernetes' Python library is required: %s" % KUBERNETES_IMPORT_ERROR)
        if api_client is None:
            if host:
                cfg = k8s_client.Configuration()
                cfg.host = host
                if api_key:
                    cfg.api_key = {"authorization": "Bearer " + api_key}
                cfg.verify_ssl = validate_certs
                if ca_cert:
                    cfg.ssl_ca_cert = ca_cert
            else:
                cfg = k8s_client.Configuration()
                try:
                    k8s_config.load_kube_config(config_file=kubeconfig, context=context, client_configuration=cfg)
                except Exception as e:  # kubernetes raises ConfigException and plain errors
                    raise KubeError("cannot load kubeconfig %s (context %s): %s" % (kubeconfig or "~/.kube/config", context or "current", e)) from e
                if not validate_certs:
                    cfg.verify_ssl = False
            cfg.connection_pool_maxsize = pool_size
            api_client = k8s_client.ApiClient(configuration=cfg)
        self.api = api_client
        self._lock = threading.Lock()
        self._groups = {}  # "group/version" -> {kind: {"name":..., "namespaced":...}}

    # -- transport -----------------------------------------------------------
    def request(self, method, path, body=None, query=None, content_type="application/json", allow_404=False):
        headers = {"Accept": "application/json", "Content-Type": content_type}
        # the REST layer JSON-encodes dict bodies for json and apply-patch content types
        try:
            resp = self.api.call_api(
                path,
                method,
                query_params=list((query or {}).items()),
                header_params=headers,
                body=body,
                auth_settings=["BearerToken"],
                _preload_content=False,
                _return_http_data_only=True,
            )
            data = resp.data
            return json.loads(data) if data else {}
        except k8s_client.exceptions.ApiException as e:
            if e.status == 404 and allow_404:
                return None
            reason, message = e.reason, str(e.body or e.reason)
            try:
                status = json.loads(e.body)
                reason, message = status.get("reason", reason), status.get("message", message)
            except (TypeError, ValueError):
                pass
            raise KubeError(message, status=e.status, reason=reason, body=e.body) from e

    def version(self):
        return self.request("GET", "/version")

    # -- discovery -----------------------------------------------------------
    def resource_info(self, api_version, kind):
        with self._lock:
            kinds = self._groups.get(api_version)
        if kinds is None:
            path = "/api/v1" if api_version == "v1" else "/apis/%s" % api_version
            data = self.request("GET", path, allow_404=True)
            kinds = {}
            for r in (data or {}).get("resources", []):
                if "/" in r["name"]:
                    continue
                kinds[r["kind"]] = {"name": r["name"], "namespaced": r["namespaced"]}
            with self._lock:
                self._groups[api_version] = kinds
        info = kinds.get(kind)
        if info is None:
            raise KubeError("the server does not know %s %s (is its CRD installed and Established?)" % (api_version, kind), status=404, reason="NotFound")
        return info

    def forget(self, api_version=None):
        """Drop cached discovery (after CRDs were installed)."""
        with self._lock:
            if api_version:
                self._groups.pop(api_version, None)
            else:
                self._groups.clear()

    def path(self, api_version, kind, namespace=None, name=None):
        info = self.resource_info(api_version, kind)
        base = "/api/v1" if api_version == "v1" else "/apis/%s" % api_version
        if info["namespaced"]:
            if not namespace and name:
                raise KubeError("%s %s is namespaced; metadata.namespace is required" % (kind, name))
            if namespace:
                base += "/namespaces/%s" % namespace
        base += "/" + info["name"]
        if name:
            base += "/" + name
        return base

    def obj_path(self, obj):
        md = obj.get("metadata", {})
        return self.path(obj["apiVersion"], obj["kind"], md.get("namespace"), md.get("name"))

    # -- verbs ---------------------------------------------------------------
    def get(self, obj):
        return self.request("GET", self.obj_path(obj), allow_404=True)

    def list(self, api_version, kind, namespace=None, label_selector=None):
        q = {"labelSelector": label_selector} if label_selector else None
        data = self.request("GET", self.path(api_version, kind, namespace), query=q, allow_404=True) or {}
        items = data.get("items", [])
        for it in items:
            it.setdefault("apiVersion", api_version)
            it.setdefault("kind", kind)
        return items

    def apply(self, obj, field_manager=DEFAULT_FIELD_MANAGER, force=True, dry_run=False):
        q = {"fieldManager": field_manager, "force": "true" if force else "false"}
        if dry_run:
            q["dryRun"] = "All"
        return self.request("PATCH", self.obj_path(obj), body=obj, query=q, content_type="application/apply-patch+yaml")

    def delete(self, obj, dry_run=False, propagation="Background"):
        q = {"dryRun": "All"} if dry_run else {}
        body = {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": propagation}
        if dry_run:
            body["dryRun"] = ["All"]
        return self.request("DELETE", self.obj_path(obj), body=body, query=q, allow_404=True)

    def patch_status(self, obj, status, field_manager=DEFAULT_FIELD_MANAGER):
        """Merge-patch the status subresource (used by tests to drive readiness)."""
        return self.request("PATCH", self.obj_path(obj) + "/status", body={"status": status}, content_type="application/merge-patch+json")


def _apply_one(client, obj, field_manager, dry_run, new_namespaces):
    ref = obj_ref(obj)
    try:
        before = client.get(obj)
        ns = obj.get("metadata", {}).get("namespace")
        if dry_run and ns and ns in new_namespaces:
            after = copy.deepcopy(obj)
            prediction = "local"
        else:
            after = client.apply(obj, field_manager=field_manager, dry_run=dry_run)
            prediction = "server"
    except KubeError as e:
        return {"ref": ref, "action": "failed", "error": "%s: %s" % (ref, e), "status": e.status}
    changed, diff = diff_objects(before, after)
    if prediction == "local" and before is None:
        changed = True
    action = "created" if before is None else ("updated" if changed else "unchanged")
    return {"ref": ref, "action": action, "changed": action != "unchanged", "diff": diff, "prediction": prediction, "object": after}


def apply_batch(client, objects, field_manager=DEFAULT_FIELD_MANAGER, dry_run=False, workers=8):
    """Server-side apply ``objects`` in dependency waves, each wave in parallel.

    Returns a list of per-object results in input order:
    ``{ref, action: created|updated|unchanged|failed, changed, diff, prediction, object | error}``.
    Stops after the first wave that has a failure, so later waves are not half-applied on top of it.
    """
    results = [None] * len(objects)
    waves = {}
    for i, obj in enumerate(objects):
        waves.setdefault(wave_of(obj), []).append(i)
    new_namespaces = set()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for w in sorted(waves):
            idx = waves[w]
            futures = {i: pool.submit(_apply_one, client, objects[i], field_manager, dry_run, frozenset(new_namespaces)) for i in idx}
            for i, fut in futures.items():
                results[i] = fut.result()
                if objects[i].get("kind") == "Namespace" and results[i]["action"] == "created":
                    new_namespaces.add(objects[i]["metadata"]["name"])
            if any(results[i]["action"] == "failed" for i in idx):
                for j, r in enumerate(results):
                    if r is None:
                        results[j] = {"ref": obj_ref(objects[j]), "action": "skipped", "changed": False}
                break
    return results


def delete_batch(client, objects, dry_run=False, workers=8):
    """Delete ``objects`` (reverse waves, parallel within a wave); missing objects count as absent."""
    results = [None] * len(objects)
    waves = {}
    for i, obj in enumerate(objects):
        waves.setdefault(wave_of(obj), []).append(i)

    def one(obj):
        ref = obj_ref(obj)
        try:
            before = client.get(obj)
            if before is None:
                return {"ref": ref, "action": "absent", "changed": False}
            client.delete(obj, dry_run=dry_run)
            return {"ref": ref, "action": "deleted", "changed": True, "diff": {"before": clean(before), "after": {}}}
        except KubeError as e:
            return {"ref": ref, "action": "failed", "error": "%s: %s" % (ref, e), "status": e.status}

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for w in sorted(waves, reverse=True):
            idx = waves[w]
            for i, r in zip(idx, pool.map(lambda i: one(objects[i]), idx)):
                results[i] = r
    return results


def summarize(results):
    out = {}
    for r in results:
        out.setdefault(r["action"], []).append(r["ref"])
    return out


def condition(obj, ctype):
    for c in (obj or {}).get("status", {}).get("conditions", []) or []:
        if c.get("type") == ctype:
            return c
    return None


def crd_established(obj):
    c = condition(obj, "Established")
    return bool(c and c.get("status") == "True")


def apply_crds(client, crds, server_version=None, field_manager=DEFAULT_FIELD_MANAGER, dry_run=False, workers=8):
    """Apply CRDs, stripping what servers older than 1.25 reject. Returns (results, warnings)."""
    from ansible_collections.platform.runtime.plugins.module_utils.upstream import (
        compat_warning,
        needs_crd_compat,
        parse_server_minor,
        strip_crd_for_legacy_server,
    )

    version = server_version or parse_server_minor(client.version())
    warnings = []
    prepared = []
    for crd in crds:
        if needs_crd_compat(version):
            crd, dropped = strip_crd_for_legacy_server(crd)
            if dropped:
                warnings.append(compat_warning(crd, dropped))
        prepared.append(crd)
    results = apply_batch(client, prepared, field_manager=field_manager, dry_run=dry_run, workers=workers)
    client.forget()
    return results, warnings
