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

Connection options are kubernetes.core's: ``AUTH_ARG_SPEC`` is its argument
spec, and the client configuration is built by its own client setup
(``K8S_AUTH_*`` environment variables, in-cluster config, kubeconfig file or
dict with context, host with token, basic auth or client certificate, proxy,
``no_proxy``, proxy headers, ``persist_config``, impersonation), so a user who
sets ``module_defaults: group/kubernetes.core.k8s`` gets the same behaviour here.

Requests are sent as raw JSON over the generated client's urllib3 pool (same TLS
settings, client certificate and proxy, the token taken from the configuration
per request as ``call_api`` does, so refresh hooks still run), without the
generated model layer.
Callers that know their objects by label can read the live state with one LIST
per kind (``list_index``) and pass it to ``apply_batch(live=...)``, and opt into
skipping objects that are already up to date (``skip_unchanged``, which uses the
``platform.runtime/desired-hash`` annotation).

The ``kubernetes`` library is imported on first use (in ``KubeClient``), not at
import time: it takes 1 to 3 s to import. ``HAS_KUBERNETES`` and
``KUBERNETES_IMPORT_ERROR`` try the import when first read.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from ansible_collections.kubernetes.core.plugins.module_utils.args_common import AUTH_ARG_SPEC as _KUBERNETES_CORE_AUTH_ARG_SPEC
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.objects import obj_key, obj_ref

_K8S = {}
_K8S_LOCK = threading.Lock()


def _kubernetes():
    """(client module, config module, import error); the import happens once, on first use."""
    with _K8S_LOCK:
        if not _K8S:
            try:
                import urllib3  # a dependency of kubernetes; the raw transport uses its pool
                from kubernetes import client as k8s_client
                from kubernetes import config as k8s_config

                # kubernetes.core's client setup imports kubernetes at import time, so it is imported here too.
                from ansible_collections.kubernetes.core.plugins.module_utils.k8s import client as core_client
            except ImportError as e:  # reported with missing_required_lib
                _K8S.update(client=None, config=None, error=e, http_error=None, core=None)
            else:
                _K8S.update(client=k8s_client, config=k8s_config, error=None, http_error=urllib3.exceptions.HTTPError, core=core_client)
        return _K8S["client"], _K8S["config"], _K8S["error"]


def __getattr__(name):
    """``HAS_KUBERNETES`` and ``KUBERNETES_IMPORT_ERROR`` import the library when first read."""
    if name == "HAS_KUBERNETES":
        return _kubernetes()[2] is None
    if name == "KUBERNETES_IMPORT_ERROR":
        return _kubernetes()[2]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def require_kubernetes(module):
    """Fail ``module`` with Ansible's standard message when the kubernetes library is missing (as kubernetes.core's modules do)."""
    error = _kubernetes()[2]
    if error is not None:
        from ansible.module_utils.basic import missing_required_lib

        module.fail_json(msg=missing_required_lib("kubernetes"), exception=str(error))


# Credential plugins, registered by the layers that know a provider (credentials.py registers the EKS token provider of
# eks/auth.py): ``plugin(configuration, kubeconfig, context) -> bool``, called in order on a configuration loaded from a
# kubeconfig; the first that returns True has set the credentials. This module imports no provider.
CREDENTIAL_PLUGINS = []


def register_credential_plugin(plugin):
    """Add ``plugin`` to the credential plugins every new client tries (once, however often it is registered)."""
    if plugin not in CREDENTIAL_PLUGINS:
        CREDENTIAL_PLUGINS.append(plugin)


def connect(module, pool_size=16):
    """A KubeClient from the module's connection options (``runner.run(module, service, connect=kube.connect)``)."""
    require_kubernetes(module)
    return KubeClient.from_params(module.params, pool_size=pool_size)


DEFAULT_FIELD_MANAGER = "platform.runtime"
HASH_ANNOTATION = "platform.runtime/desired-hash"
USER_AGENT = "platform.runtime"

# kubernetes.core's connection options, names, aliases and no_log flags (documented by the doc fragment
# kubernetes.core.k8s_auth_options, which every Kubernetes module here extends next to platform.runtime.k8s_auth).
AUTH_ARG_SPEC = copy.deepcopy(_KUBERNETES_CORE_AUTH_ARG_SPEC)
# kubernetes.core 6.3.0 dropped the kubeconfig option's no_log for a redaction of the secrets of an inline kubeconfig
# that its own module class does and ours do not: an inline kubeconfig carries tokens and keys, so it stays no_log
# here, the same on every supported kubernetes.core.
AUTH_ARG_SPEC["kubeconfig"]["no_log"] = True
# kubernetes.core's configuration setup reads and writes the library's process-wide default Configuration.
_CONFIG_LOCK = threading.Lock()

# Objects other objects depend on go first; each wave is applied in parallel.
KIND_WAVES = [
    {"CustomResourceDefinition", "Namespace"},
    {
        "ServiceAccount",
        "ClusterRole",
        "Role",
        "ResourceQuota",
        "LimitRange",
        "ConfigMap",
        "Secret",
        "PriorityClass",
        "StorageClass",
    },
    {"ClusterRoleBinding", "RoleBinding", "Service", "NetworkPolicy"},
]

VOLATILE_METADATA = ("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink")

# Objects that controllers create in every new namespace, so they can exist before the batch applies them.
CONTROLLER_MADE = {("ServiceAccount", "default"), ("ConfigMap", "kube-root-ca.crt")}


class KubeError(PlatformError):
    def __init__(self, message, status=None, reason=None, body=None):
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.body = body


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


def desired_hash(obj):
    """A short hash of the desired state of ``obj``, ignoring its own ``platform.runtime/desired-hash`` annotation."""
    data = copy.deepcopy(obj)
    ann = data.get("metadata", {}).get("annotations")
    if ann is not None and HASH_ANNOTATION in ann:
        ann.pop(HASH_ANNOTATION)
        if not ann:
            data["metadata"].pop("annotations")
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:16]


def with_hash(obj):
    """A copy of ``obj`` annotated with the hash of its desired state."""
    out = copy.deepcopy(obj)
    out.setdefault("metadata", {}).setdefault("annotations", {})[HASH_ANNOTATION] = desired_hash(obj)
    return out


def _empty(value):
    return value in (None, "", [], {})


def contains(live, want):
    """Whether ``live`` holds every field of ``want`` (lists element by element); missing equals empty."""
    if isinstance(want, dict):
        if not isinstance(live, dict):
            return _empty(want) and _empty(live)
        return all(contains(live.get(k), v) if k in live else _empty(v) for k, v in want.items())
    if isinstance(want, list):
        if not isinstance(live, list):
            return _empty(want) and _empty(live)
        return len(live) == len(want) and all(contains(a, b) for a, b in zip(live, want))
    return live == want


def up_to_date(live, want):
    """Whether ``live`` carries the desired-hash of ``want`` (a ``with_hash`` copy) and holds every field of it.

    The subset check alone misses fields removed from the desired state; the hash catches those.
    """
    if live is None:
        return False
    want_hash = ((want.get("metadata") or {}).get("annotations") or {}).get(HASH_ANNOTATION)
    live_hash = ((live.get("metadata") or {}).get("annotations") or {}).get(HASH_ANNOTATION)
    return want_hash is not None and live_hash == want_hash and contains(live, want)


def auth_options(params):
    """The connection options of module ``params`` (the keys of ``AUTH_ARG_SPEC``)."""
    return {k: params.get(k) for k in AUTH_ARG_SPEC}


def client_configuration(auth, pool_size=16):
    """(kubernetes Configuration, impersonation headers) from connection options, by kubernetes.core's client setup.

    Unset options fall back to ``K8S_AUTH_<OPTION>`` environment variables. Without host credentials, kubeconfig
    or context, the in-cluster config (a pod's service account) is tried first, then ``~/.kube/config``.
    """
    _k8s_client, _k8s_config, error = _kubernetes()
    if error is not None:
        raise KubeError(f"the 'kubernetes' Python library is required: {error}")
    core = _K8S["core"]
    unknown = sorted(set(auth) - set(AUTH_ARG_SPEC) - {a for o in AUTH_ARG_SPEC.values() for a in o.get("aliases", ())})
    if unknown:
        raise KubeError(f"unknown connection option(s) {', '.join(unknown)}: expected some of {', '.join(AUTH_ARG_SPEC)}")
    spec = core._create_auth_spec(None, **auth)
    with _CONFIG_LOCK:
        # Start from a blank default, so one client's kubeconfig never leaks into the next client of the process.
        _k8s_client.Configuration.set_default(None)
        try:
            cfg = core._create_configuration(spec)
        except Exception as e:  # kubernetes raises ConfigException, OSError and plain errors alike
            where = spec.get("kubeconfig") if isinstance(spec.get("kubeconfig"), str) else ("the kubeconfig dict" if spec.get("kubeconfig") else None)
            raise KubeError(f"cannot load kubeconfig {where or '~/.kube/config'} (context {spec.get('context') or 'current'}): {e}") from e
        finally:
            _k8s_client.Configuration.set_default(None)
    if not spec.get("host"):
        # A kubeconfig: a registered credential plugin may authenticate it instead of the exec command it names.
        for plugin in CREDENTIAL_PLUGINS:
            if plugin(cfg, spec.get("kubeconfig"), spec.get("context")):
                break
    cfg.connection_pool_maxsize = pool_size
    return cfg, core._create_headers(None, **auth)


class KubeClient:
    """Thin wrapper over kubernetes.client.ApiClient with cached, lazy discovery and a raw JSON transport.

    ``auth`` takes the options of ``AUTH_ARG_SPEC`` (kubernetes.core's names); ``KubeClient.from_params(module.params)``
    is the usual way to build one in a module.
    """

    def __init__(self, pool_size=16, api_client=None, **auth):
        k8s_client, _k8s_config, error = _kubernetes()
        if error is not None:
            raise KubeError(f"the 'kubernetes' Python library is required: {error}")
        headers = {}
        if api_client is None:
            cfg, headers = client_configuration(auth, pool_size)
            api_client = k8s_client.ApiClient(configuration=cfg)
            for name, value in headers.items():  # for call_api; the raw transport sends them itself
                _K8S["core"]._set_header(api_client, name, value)
        self.api = api_client
        self._api_exception = k8s_client.exceptions.ApiException
        self._http_error = _K8S["http_error"]
        self._lock = threading.Lock()
        self._groups = {}  # "group/version" -> {kind: {"name":..., "namespaced":...}}
        # The raw transport needs the generated client's urllib3 pool and host; a custom api_client without them goes through call_api.
        self._cfg = getattr(api_client, "configuration", None)
        self._pool = getattr(getattr(api_client, "rest_client", None), "pool_manager", None)
        self.raw = self._pool is not None and bool(getattr(self._cfg, "host", None)) and hasattr(self._cfg, "get_api_key_with_prefix")
        self._headers = self._base_headers(headers)

    @classmethod
    def from_params(cls, params, pool_size=16):
        """A client from a module's parameters (the ``AUTH_ARG_SPEC`` keys)."""
        return cls(pool_size=pool_size, **auth_options(params))

    @staticmethod
    def _base_headers(impersonation):
        from urllib3 import HTTPHeaderDict  # imported with kubernetes

        headers = HTTPHeaderDict({"Accept": "application/json", "User-Agent": USER_AGENT})
        for name, value in impersonation.items():
            for v in value if isinstance(value, list) else [value]:
                headers.add(name, v)  # one header line per impersonated group, as the API server expects
        return headers

    # -- transport -----------------------------------------------------------
    def request(self, method, path, body=None, query=None, content_type="application/json", allow_404=False):
        """One API request with a JSON (or apply-patch) body; returns the decoded JSON response, or None for an allowed 404."""
        if self.raw:
            return self._raw_request(method, path, body, query, content_type, allow_404)
        return self._call_api(method, path, body, query, content_type, allow_404)

    def _raw_request(self, method, path, body, query, content_type, allow_404):
        url = self._cfg.host + path + ("?" + urlencode(query) if query else "")
        headers = self._headers.copy()
        # Per request, as call_api does: get_api_key_with_prefix runs the refresh hook (exec plugins, expiring tokens).
        token = self._cfg.get_api_key_with_prefix("authorization")
        if token:
            headers["Authorization"] = token
        elif self._cfg.username and self._cfg.password:
            headers["Authorization"] = self._cfg.get_basic_auth_token()
        data = None
        if body is not None:
            headers["Content-Type"] = content_type
            data = json.dumps(body).encode()
        try:
            resp = self._pool.request(method, url, body=data, headers=headers, preload_content=True)
        except self._http_error as e:
            raise KubeError(f"{method} {path}: {type(e).__name__}: {e}", status=0, reason=type(e).__name__) from e
        if resp.status == 404 and allow_404:
            return None
        if resp.status >= 400:
            raise self._error(resp.status, resp.reason, resp.data)
        return json.loads(resp.data) if resp.data else {}

    def _call_api(self, method, path, body, query, content_type, allow_404):
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
        except self._api_exception as e:
            if e.status == 404 and allow_404:
                return None
            raise self._error(e.status, e.reason, e.body) from e

    @staticmethod
    def _error(status, reason, body):
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        message = str(body or reason)
        try:
            payload = json.loads(body)
            if isinstance(payload, dict):
                reason, message = payload.get("reason", reason), payload.get("message", message)
        except (TypeError, ValueError):
            pass
        return KubeError(message, status=status, reason=reason, body=body)

    def version(self):
        return self.request("GET", "/version")

    # -- discovery -----------------------------------------------------------
    def resource_info(self, api_version, kind):
        with self._lock:
            kinds = self._groups.get(api_version)
        if kinds is None:
            path = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
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
            raise KubeError(
                f"the server does not know {api_version} {kind} (is its CRD installed and Established?)",
                status=404,
                reason="NotFound",
            )
        return info

    def served(self, kinds):
        """Whether the server serves every ``(apiVersion, kind)`` of ``kinds`` (a CRD not installed yet: False)."""
        for api_version, kind in kinds:
            try:
                self.resource_info(api_version, kind)
            except KubeError as e:
                if e.status != 404:
                    raise
                return False
        return True

    def forget(self, api_version=None):
        """Drop cached discovery (after CRDs were installed)."""
        with self._lock:
            if api_version:
                self._groups.pop(api_version, None)
            else:
                self._groups.clear()

    def path(self, api_version, kind, namespace=None, name=None):
        info = self.resource_info(api_version, kind)
        base = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        if info["namespaced"]:
            if not namespace and name:
                raise KubeError(f"{kind} {name} is namespaced; metadata.namespace is required")
            if namespace:
                base += f"/namespaces/{namespace}"
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


def list_index(client, kinds, label_selector=None, namespaces=None):
    """{obj_key: live object} with one LIST per (apiVersion, kind), by ``label_selector``.

    Without ``namespaces`` each kind is listed cluster-wide; with them, namespaced kinds are listed once per namespace
    and cluster-scoped kinds once. A kind the server does not serve lists as empty.
    """
    index = {}
    for api_version, kind in kinds:
        scopes = [None]
        if namespaces:
            if not client.served([(api_version, kind)]):
                continue
            if client.resource_info(api_version, kind)["namespaced"]:
                scopes = list(namespaces)
        for ns in scopes:
            for item in client.list(api_version, kind, namespace=ns, label_selector=label_selector):
                index[obj_key(item)] = item
    return index


def _live_state(client, obj, live, new_namespaces):
    """The object as the server has it (None when absent); from ``live`` when given, else read with a GET."""
    if live is None:
        return client.get(obj)
    key = obj_key(obj)
    if key in live:
        return live[key]
    md = obj.get("metadata", {})
    if md.get("namespace") in new_namespaces and (obj.get("kind"), md.get("name")) not in CONTROLLER_MADE:
        return None  # nothing but controller-made objects can be in a namespace this batch just created
    return client.get(obj)


def _apply_one(client, obj, field_manager, dry_run, new_namespaces, live=None, skip_unchanged=False):
    ref = obj_ref(obj)
    try:
        before = _live_state(client, obj, live, new_namespaces)
        if skip_unchanged and up_to_date(before, obj):
            same = clean(before)
            return {
                "ref": ref,
                "action": "unchanged",
                "changed": False,
                "diff": {"before": same, "after": copy.deepcopy(same)},
                "object": before,
            }
        ns = obj.get("metadata", {}).get("namespace")
        if dry_run and ns and ns in new_namespaces:
            after = copy.deepcopy(obj)
            prediction = "local"
        else:
            after = client.apply(obj, field_manager=field_manager, dry_run=dry_run)
            prediction = "server"
    except KubeError as e:
        return {"ref": ref, "action": "failed", "error": f"{ref}: {e}", "status": e.status}
    changed, diff = diff_objects(before, after)
    if prediction == "local" and before is None:
        changed = True
    action = "created" if before is None else ("updated" if changed else "unchanged")
    return {
        "ref": ref,
        "action": action,
        "changed": action != "unchanged",
        "diff": diff,
        "prediction": prediction,
        "object": after,
    }


def apply_batch(client, objects, field_manager=DEFAULT_FIELD_MANAGER, dry_run=False, workers=8, live=None, skip_unchanged=False):
    """Server-side apply ``objects`` in dependency waves, each wave in parallel.

    Returns a list of per-object results in input order:
    ``{ref, action: created|updated|unchanged|failed|skipped, changed, diff, prediction, object | error}``.
    Stops after the first wave that has a failure, so later waves are not half-applied on top of it.

    ``live``: the live state read beforehand, ``{obj_key: object}`` (see ``list_index``). Objects found there are not
    read again; the others are read with a GET, except in namespaces this batch creates, where only controller-made
    objects (``CONTROLLER_MADE``) can already exist. Without ``live`` every object is read with a GET.

    ``skip_unchanged``: every object is applied with the ``platform.runtime/desired-hash`` annotation, and an object
    whose live state already carries the same hash and holds every desired field is not sent (action ``unchanged``).
    """
    if skip_unchanged:
        objects = [with_hash(o) for o in objects]
    results = [None] * len(objects)
    waves = {}
    for i, obj in enumerate(objects):
        waves.setdefault(wave_of(obj), []).append(i)
    new_namespaces = set()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for w in sorted(waves):
            idx = waves[w]
            created_here = frozenset(new_namespaces)
            futures = {i: pool.submit(_apply_one, client, objects[i], field_manager, dry_run, created_here, live, skip_unchanged) for i in idx}
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
            return {"ref": ref, "action": "failed", "error": f"{ref}: {e}", "status": e.status}

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


def apply_crds(client, crds, server_version=None, field_manager=DEFAULT_FIELD_MANAGER, dry_run=False, workers=8):
    """Apply CRDs, stripping what older servers reject (upstream.strip_crd_for_legacy_server). Returns (results, warnings)."""
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
            crd, dropped = strip_crd_for_legacy_server(crd, version)
            if dropped:
                warnings.append(compat_warning(crd, dropped))
        prepared.append(crd)
    results = apply_batch(client, prepared, field_manager=field_manager, dry_run=dry_run, workers=workers)
    client.forget()
    return results, warnings
