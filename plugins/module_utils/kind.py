# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state of a kind cluster, as plain data in and plain data out.

Everything here is pure: parameter validation (a table of per-field checks on the shared
``validation`` collector), presets, the node-image table, rendering of the
``kind.x-k8s.io/v1alpha4`` Cluster config, its hash, the drift comparison (recorded config,
node topology and the kind release that created the cluster) and the readiness report built
from ``kubectl get nodes -o json``. The ``kind_cluster`` module (through ``kind_service``) and
the ``kind_config`` filter share it.
"""

from __future__ import annotations

import copy
import hashlib
import ipaddress
import json
import re

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.validation import DNS1123_LABEL_RE, Errors, is_label_key, is_label_value

try:
    import yaml

    HAS_YAML = True
    YAML_IMPORT_ERROR = None
except ImportError as exc:  # reported by the module with missing_required_lib
    HAS_YAML = False
    YAML_IMPORT_ERROR = exc

try:
    import tomllib

    HAS_TOML = True
except ImportError:  # Python < 3.11: containerd patches are then only checked for being non-empty strings
    HAS_TOML = False

API_VERSION = "kind.x-k8s.io/v1alpha4"

# -- the node-image table -----------------------------------------------------------------------
# kind supports a node image only with the release that built it, so the table is keyed by kind release.
# Each row records where its image and digest were read. The project's machines have no internet: the rows
# come from stored copies of the release notes ("Images pre-built for this release").
_SRC_V033 = "kind v0.33.0 release notes, 'Images pre-built for this release' (https://github.com/kubernetes-sigs/kind/releases/tag/v0.33.0)"
_SRC_V032_DEFAULT = (
    "kind v0.32.0 release notes, 'The default node image is now ...' (https://github.com/kubernetes-sigs/kind/releases/tag/v0.32.0,"
    " as quoted in full by the renovate PRs cloudfoundry/kind-deployment#417 and backube/volsync#2027)"
)
_SRC_V032 = (
    "kind v0.32.0 release notes, 'Images pre-built for this release' (https://github.com/kubernetes-sigs/kind/releases/tag/v0.32.0);"
    " the stored copies of the release page cut off before this list, so the digest is the one that independent public"
    " repositories quote from those notes (the same digest in each)"
)
_SRC_V031_DEFAULT = (
    "kind v0.31.0 release notes, 'The default node image is now ...' (https://github.com/kubernetes-sigs/kind/releases/tag/v0.31.0,"
    " as quoted by openSUSE's kind.changes and the renovate PR cloudnative-pg/postgres-trunk-containers#112)"
)
_SRC_V031 = (
    "kind v0.31.0 release notes, 'Images pre-built for this release' (https://github.com/kubernetes-sigs/kind/releases/tag/v0.31.0);"
    " the stored copies of the release page cut off before this list, so the digest is the one that independent public"
    " repositories quote from those notes (the same digest in each)"
)
IMAGE_TABLE = (
    # (kind release, Kubernetes version, image, the release's default, source)
    ("v0.33.0", "1.37.0", "kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5", True, _SRC_V033),
    ("v0.33.0", "1.36.4", "kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed", False, _SRC_V033),
    ("v0.33.0", "1.35.8", "kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0", False, _SRC_V033),
    ("v0.33.0", "1.34.11", "kindest/node:v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d", False, _SRC_V033),
    ("v0.32.0", "1.36.1", "kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5", True, _SRC_V032_DEFAULT),
    ("v0.32.0", "1.35.5", "kindest/node:v1.35.5@sha256:ce977ae6d65918d0b58a5f8b5e940429c2ce42fa3a5619ec2bbc60b949c0ac95", False, _SRC_V032),
    ("v0.32.0", "1.34.8", "kindest/node:v1.34.8@sha256:02722c2dedddcfc00febf5d27fbeb9b7b2c14294c82109ff4a85d89ac9ba3256", False, _SRC_V032),
    ("v0.32.0", "1.33.12", "kindest/node:v1.33.12@sha256:3f5c8443c620245e4d355cfe09e96a91ead32ceaa569d3f1ca9edf0cb2fe2ff4", False, _SRC_V032),
    ("v0.31.0", "1.35.0", "kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f", True, _SRC_V031_DEFAULT),
    ("v0.31.0", "1.34.3", "kindest/node:v1.34.3@sha256:08497ee19eace7b4b5348db5c6a1591d7752b164530a36f855cb0f2bdcbadd48", False, _SRC_V031),
    ("v0.31.0", "1.33.7", "kindest/node:v1.33.7@sha256:d26ef333bdb2cbe9862a0f7c3803ecc7b4303d8cea8e814b481b09949d353040", False, _SRC_V031),
    ("v0.31.0", "1.32.11", "kindest/node:v1.32.11@sha256:5fc52d52a7b9574015299724bd68f183702956aa4a2116ae75a63cb574b35af8", False, _SRC_V031),
    ("v0.31.0", "1.31.14", "kindest/node:v1.31.14@sha256:6f86cf509dbb42767b6e79debc3f2c32e4ee01386f0489b3b2be24b0a55aac2b", False, _SRC_V031),
)
NODE_IMAGES = {}
DEFAULT_VERSIONS = {}
for _release, _version, _image, _default, _source in IMAGE_TABLE:
    NODE_IMAGES.setdefault(_release, {})[_version] = _image
    if _default:
        DEFAULT_VERSIONS[_release] = _version
DEFAULT_KIND_RELEASE = "v0.33.0"

PRESETS = {
    "dev": {"control_plane_nodes": 1, "worker_nodes": 2},
    "prod-like": {
        "control_plane_nodes": 1,
        "worker_nodes": 3,
        "networking": {"api_server_port": 6443},
        "extra_port_mappings": [{"container_port": 443, "host_port": 8443}],
    },
}

HASH_ANNOTATION = "platform.runtime/kind-config-hash"
CONFIG_ANNOTATION = "platform.runtime/kind-config"
# What was asked for when the cluster was created: the kind release, the requested Kubernetes version and whether
# node_image was set. A newer kind CLI asked for the same version is not drift (see compare()).
REQUEST_ANNOTATION = "platform.runtime/kind-request"

PROVIDERS = ("docker", "podman", "nerdctl")
PROTOCOLS = ("TCP", "UDP", "SCTP")
PROPAGATIONS = ("None", "HostToContainer", "Bidirectional")
KUBE_PROXY_MODES = ("iptables", "ipvs", "nftables", "none")
IP_FAMILIES = ("ipv4", "ipv6", "dual")
ROLES = ("control-plane", "worker")
JSON6902_OPS = ("add", "remove", "replace", "move", "copy", "test")
MAX_NODES = 20

# kind's effective subnets when networking.pod_subnet / service_subnet are unset (kind's v1alpha4 defaulting).
KIND_DEFAULT_SUBNETS = {
    "ipv4": {"pod_subnet": "10.244.0.0/16", "service_subnet": "10.96.0.0/16"},
    "ipv6": {"pod_subnet": "fd00:10:244::/56", "service_subnet": "fd00:10:96::/112"},
    "dual": {"pod_subnet": "10.244.0.0/16,fd00:10:244::/56", "service_subnet": "10.96.0.0/16,fd00:10:96::/112"},
}

# Labels kubelet accepts in --node-labels inside the kubernetes.io and k8s.io namespaces (kubernetes/kubernetes#85073);
# any other key there makes kubelet exit, and kind create cluster fails after the containers exist.
KUBELET_LABEL_KEYS = (
    "kubernetes.io/hostname",
    "kubernetes.io/arch",
    "kubernetes.io/os",
    "beta.kubernetes.io/arch",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/instance-type",
    "node.kubernetes.io/instance-type",
    "topology.kubernetes.io/region",
    "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
)
KUBELET_LABEL_PREFIXES = ("kubelet.kubernetes.io", "node.kubernetes.io")
RESERVED_LABEL_DOMAINS = ("kubernetes.io", "k8s.io")

VERSION_RE = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?$")
RELEASE_RE = re.compile(r"\bv?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?")
FEATURE_GATE_RE = re.compile(r"^[A-Z][A-Za-z0-9]*$")

# Module/filter options and their defaults; None means "from the preset, else kind's default".
OPTION_DEFAULTS = {
    "name": "kind",
    "preset": None,
    "kubernetes_version": None,
    "node_image": None,
    "kind_release": None,
    "control_plane_nodes": None,
    "worker_nodes": None,
    "nodes": None,
    "extra_port_mappings": None,
    "node_labels": None,
    "worker_labels": None,
    "extra_mounts": None,
    "kubeadm_config_patches": None,
    "kubeadm_config_patches_json6902": None,
    "containerd_config_patches": None,
    "containerd_config_patches_json6902": None,
    "runtime_config": None,
    "networking": None,
    "feature_gates": None,
}
NETWORKING_KEYS = {
    "api_server_address": "apiServerAddress",
    "api_server_port": "apiServerPort",
    "pod_subnet": "podSubnet",
    "service_subnet": "serviceSubnet",
    "disable_default_cni": "disableDefaultCNI",
    "kube_proxy_mode": "kubeProxyMode",
    "ip_family": "ipFamily",
    "dns_search": "dnsSearch",
}
PORT_MAPPING_KEYS = {
    "container_port": "containerPort",
    "host_port": "hostPort",
    "listen_address": "listenAddress",
    "protocol": "protocol",
}
MOUNT_KEYS = {
    "host_path": "hostPath",
    "container_path": "containerPath",
    "read_only": "readOnly",
    "selinux_relabel": "selinuxRelabel",
    "propagation": "propagation",
}
JSON6902_KEYS = {"group": "group", "version": "version", "kind": "kind", "patch": "patch"}
NODE_KEYS = ("role", "image", "labels", "extra_port_mappings", "extra_mounts", "kubeadm_config_patches", "kubeadm_config_patches_json6902")


class KindError(ValidationError):
    """Invalid input or state; ``errors`` lists every problem found, each naming its field."""


# -- kind releases and node images --------------------------------------------------------------
def parse_release(text):
    """'kind v0.33.0 go1.24.2 linux/amd64' -> 'v0.33.0'; a pre-release keeps its suffix ('v0.33.0-alpha.2+abc'); None when absent."""
    m = RELEASE_RE.search(text or "")
    if not m:
        return None
    return f"v{m.group(1)}.{m.group(2)}.{m.group(3)}{m.group(4) or ''}{m.group(5) or ''}"


def is_prerelease(release):
    m = RELEASE_RE.match(release or "")
    return bool(m and m.group(4))


def release_key(release):
    """Sort key of a release: a pre-release sorts before its release (semver)."""
    m = RELEASE_RE.match(release or "")
    if not m:
        return (-1, -1, -1, 0)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), 0 if m.group(4) else 1)


def known_releases():
    return sorted(NODE_IMAGES, key=release_key, reverse=True)


def known_versions():
    """Every Kubernetes version in the table, newest first."""
    return sorted({row[1] for row in IMAGE_TABLE}, key=_version_key, reverse=True)


def _version_key(v):
    return tuple(int(p) for p in v.split("."))


def table_release(detected):
    """(release whose images to use, [warnings]) for the kind CLI's release; KindError when the table cannot serve it.

    A release in the table uses its own row. A release newer than every row (a later kind) gets the newest row with a
    warning, as kind supports older images on a best-effort basis. Any other release, a pre-release of a known one
    included, is refused: its images are not the table's (warn about pre-releases with ``prerelease_warning``).
    """
    known = ", ".join(known_releases())
    warnings = []
    if detected in NODE_IMAGES:
        return detected, warnings
    newest = known_releases()[0]
    if detected and release_key(detected) > release_key(newest):
        warnings.append(
            f"kind {detected} is newer than the node-image table ({known}); using the images of {newest}, which kind supports only on a"
            f" best-effort basis. Set node_image to an image from the release notes of kind {detected} to be sure"
        )
        return newest, warnings
    shown = detected or "(unreadable kind version output)"
    raise KindError(
        f"kind release {shown} is not in the node-image table, which knows {known}; each kind release supports only the node images"
        f" built for it, so none of the table's images can be chosen for it. Expected node_image set to an image from the release notes"
        f" of kind {shown} (kindest/node:vX.Y.Z@sha256:...), or kind_release/an installed kind of one of {known}"
    )


def prerelease_warning(detected):
    """The warning for a pre-release kind (``v0.33.0-alpha.4+sha``), or None."""
    if not is_prerelease(detected):
        return None
    return f"kind {detected} is a pre-release; the node-image table knows only the releases {', '.join(known_releases())}"


def match_version(version, images):
    """'1.35' or 'v1.35.8' -> the newest matching key of ``images`` (None when there is none)."""
    m = VERSION_RE.match(str(version))
    if not m:
        return None
    major_minor = f"{m.group(1)}.{m.group(2)}"
    if m.group(3) is not None:
        full = f"{major_minor}.{m.group(3)}"
        return full if full in images else None
    candidates = [v for v in images if v.rsplit(".", 1)[0] == major_minor]
    return sorted(candidates, key=_version_key, reverse=True)[0] if candidates else None


def resolve_node_image(kubernetes_version=None, kind_release=None, node_image=None):
    """(image, kubernetes_version) for a kind release; ``node_image`` wins when set."""
    if node_image:
        return node_image, kubernetes_version
    release = kind_release or DEFAULT_KIND_RELEASE
    if release not in NODE_IMAGES:
        raise KindError(f"kind_release: {release!r} is not in the node-image table; expected one of {', '.join(known_releases())}, or set node_image")
    images = NODE_IMAGES[release]
    if kubernetes_version in (None, ""):
        version = DEFAULT_VERSIONS[release]
    else:
        version = match_version(kubernetes_version, images)
        if version is None:
            elsewhere = sorted(r for r, imgs in NODE_IMAGES.items() if match_version(kubernetes_version, imgs))
            hint = f" (it is published for kind {', '.join(elsewhere)})" if elsewhere else ""
            raise KindError(
                f"kubernetes_version: {kubernetes_version!r} has no node image for kind {release}{hint}"
                f"; expected one of {', '.join(sorted(images, key=_version_key, reverse=True))}, or set node_image"
            )
    return images[version], version


# -- labels kubelet refuses ---------------------------------------------------------------------
def kubelet_refuses(key):
    """True when kubelet refuses ``key`` in --node-labels (a kubernetes.io/k8s.io key that is not one of its own)."""
    prefix = key.rpartition("/")[0]
    if not any(prefix == d or prefix.endswith("." + d) for d in RESERVED_LABEL_DOMAINS):
        return False
    if key in KUBELET_LABEL_KEYS:
        return False
    return not any(prefix == p or prefix.endswith("." + p) for p in KUBELET_LABEL_PREFIXES)


def _kubelet_label_message(field, key):
    return (
        f"{field}: key {key!r} is in the kubernetes.io/k8s.io namespace that kubelet reserves; kubelet refuses it in --node-labels and"
        f" kind create cluster would fail after the node containers exist (kubernetes/kubernetes#85073). Expected a key outside"
        f" kubernetes.io and k8s.io, one under node.kubernetes.io/ or kubelet.kubernetes.io/, or one of {', '.join(KUBELET_LABEL_KEYS)}."
        f" Set it after creation instead, for example: kubectl --context kind-<name> label node <node> {key}="
    )


# -- validation: one check per field, run from a table -------------------------------------------
def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _port(errs, field, value, low=1):
    if not _is_int(value) or not low <= value <= 65535:
        return errs.add(field, value, f"{value!r} is not a port; expected an integer from {low} to 65535")
    return True


def _ip(errs, field, value):
    try:
        ipaddress.ip_address(str(value))
        return True
    except ValueError:
        return errs.add(field, value, f"{value!r} is not an IP address; expected for example 127.0.0.1 or 0.0.0.0")


def _networks(errs, field, value):
    """Comma-separated CIDRs (dual stack takes one of each family) -> list of ip_network, or None after an error."""
    if not isinstance(value, str) or not value.strip():
        errs.add(field, value, f"{value!r} is not a CIDR; expected for example 10.244.0.0/16")
        return None
    nets = []
    for part in value.split(","):
        try:
            nets.append(ipaddress.ip_network(part.strip(), strict=True))
        except ValueError as e:
            errs.add(field, part, f"{part.strip()!r} is not a valid CIDR ({e}); expected a network address such as 10.244.0.0/16")
            return None
    return nets


def _label_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if _is_int(v):
        return str(v)
    return v


def _labels(errs, field, labels):
    if labels is None:
        return {}
    if not isinstance(labels, dict):
        errs.add(field, labels, f"{labels!r} is not a mapping; expected label keys mapped to values")
        return {}
    out = {}
    for key, value in labels.items():
        key = str(key)
        if not is_label_key(key):
            errs.add(field, key, f"key {key!r} is not a label key; expected [prefix/]name with name of at most 63 alphanumerics, '-', '_' or '.'")
            continue
        if kubelet_refuses(key):
            errs.messages.append(_kubelet_label_message(field, key))
            continue
        value = _label_value(value)
        if not is_label_value(value):
            errs.add(f"{field}.{key}", value, f"{value!r} is not a label value; expected a string of at most 63 alphanumerics, '-', '_' or '.'")
            continue
        out[key] = value
    return out


def _string_list(errs, field, value):
    if value is None:
        return []
    if not isinstance(value, list):
        errs.add(field, value, f"{value!r} is not a list; expected a list of strings")
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            errs.add(f"{field}[{i}]", item, f"{item!r} is empty or not a string; expected a non-empty string")
        else:
            out.append(item)
    return out


def _yaml_error(e):
    return str(e).splitlines()[0]


def _kubeadm_patches(errs, field, patches):
    out = _string_list(errs, field, patches)
    for i, patch in enumerate(out):
        try:
            doc = yaml.safe_load(patch)
        except yaml.YAMLError as e:
            errs.add(f"{field}[{i}]", patch, f"not valid YAML ({_yaml_error(e)}); expected a YAML mapping with a kind key")
            continue
        if not isinstance(doc, dict) or not doc.get("kind"):
            errs.add(f"{field}[{i}]", patch, f"{patch!r} has no kind key; expected a kubeadm object such as kind: ClusterConfiguration")
    return out


def _json6902_ops(errs, field, text):
    """A JSON 6902 patch (YAML or JSON text): a list of {op, path[, value|from]}."""
    try:
        ops = yaml.safe_load(text)
    except yaml.YAMLError as e:
        return errs.add(field, text, f"not valid YAML/JSON ({_yaml_error(e)}); expected a JSON 6902 patch, a list of {{op, path, value}}")
    if not isinstance(ops, list) or not ops:
        return errs.add(field, text, f"{text!r} is not a list of operations; expected a JSON 6902 patch such as - {{op: add, path: /a, value: 1}}")
    ok = True
    for j, op in enumerate(ops):
        if not isinstance(op, dict) or op.get("op") not in JSON6902_OPS or not isinstance(op.get("path"), str):
            ok = errs.add(f"{field}[{j}]", op, f"{op!r} is not a JSON 6902 operation; expected op one of {', '.join(JSON6902_OPS)} and a path")
    return ok


def _kubeadm_json6902(errs, field, value):
    out = []
    for sub, item in _entries(errs, field, value, JSON6902_KEYS, "{group, version, kind, patch}"):
        for key in ("group", "version", "kind"):
            if not isinstance(item.get(key), str) or not item.get(key):
                errs.add(
                    f"{sub}.{key}",
                    item.get(key),
                    f"{item.get(key)!r} is empty or not a string; expected for example kubeadm.k8s.io, v1beta3, ClusterConfiguration",
                )
        if isinstance(item.get("patch"), str) and item["patch"].strip():
            _json6902_ops(errs, f"{sub}.patch", item["patch"])
        else:
            errs.add(f"{sub}.patch", item.get("patch"), f"{item.get('patch')!r} is empty or not a string; expected a JSON 6902 patch")
        out.append({k: item[k] for k in JSON6902_KEYS if k in item})
    return out


def _containerd_patches(errs, field, value):
    out = _string_list(errs, field, value)
    if HAS_TOML:
        for i, patch in enumerate(out):
            try:
                tomllib.loads(patch)
            except tomllib.TOMLDecodeError as e:
                errs.add(f"{field}[{i}]", patch, f'not valid TOML ({e}); expected a containerd config fragment such as [plugins."io.containerd.grpc.v1.cri"]')
    return out


def _containerd_json6902(errs, field, value):
    out = _string_list(errs, field, value)
    for i, patch in enumerate(out):
        _json6902_ops(errs, f"{field}[{i}]", patch)
    return out


def _runtime_config(errs, field, value):
    if value is None:
        return {}
    if not isinstance(value, dict):
        errs.add(field, value, f"{value!r} is not a mapping; expected API groups to enable or disable, for example api/alpha: 'false'")
        return {}
    out = {}
    for k, v in value.items():
        if not isinstance(k, str) or not k or any(c.isspace() or c == "=" for c in k):
            errs.add(field, k, f"key {k!r} is not a runtime-config key; expected for example api/alpha or batch/v2alpha1")
            continue
        v = _label_value(v)
        if not isinstance(v, str):
            errs.add(f"{field}.{k}", v, f"{v!r} is not a string; expected 'true' or 'false'")
            continue
        out[k] = v
    return out


def _count(errs, field, value, low):
    if not _is_int(value) or not low <= value <= MAX_NODES:
        errs.add(field, value, f"{value!r} is out of range; expected an integer from {low} to {MAX_NODES}")


def _normal_mapping(m):
    """Drop unset keys and spell out the default protocol, so equal mappings compare equal."""
    if not isinstance(m, dict):
        return m
    out = {k: v for k, v in m.items() if v is not None}
    out.setdefault("protocol", "TCP")
    return out


def _entries(errs, field, value, keys, what):
    """(field[i], entry) for each mapping of the list ``value``; records a non-list, non-mappings and unknown keys."""
    if value is None:
        return []
    if not isinstance(value, list):
        errs.add(field, value, f"{value!r} is not a list; expected a list of {what}")
        return []
    out = []
    for i, m in enumerate(value):
        sub = f"{field}[{i}]"
        if not isinstance(m, dict):
            errs.add(sub, m, f"{m!r} is not a mapping; expected {what}")
            continue
        for key in sorted(set(m) - set(keys)):
            errs.add(f"{sub}.{key}", key, f"unknown key; expected one of {', '.join(keys)}")
        out.append((sub, m))
    return out


def _port_mappings(errs, field, mappings, bound):
    """Check a list of port mappings; records each host binding in ``bound`` to find collisions."""
    for sub, m in _entries(errs, field, mappings, PORT_MAPPING_KEYS, "{container_port, host_port, listen_address, protocol}"):
        ok = _port(errs, sub + ".container_port", m.get("container_port"))
        ok = _port(errs, sub + ".host_port", m.get("host_port")) and ok
        proto = m.get("protocol") or "TCP"
        if proto not in PROTOCOLS:
            ok = errs.add(sub + ".protocol", proto, f"{proto!r} is not a protocol; expected one of {', '.join(PROTOCOLS)}")
        listen = m.get("listen_address") or "0.0.0.0"
        if m.get("listen_address") is not None and not _ip(errs, sub + ".listen_address", listen):
            ok = False
        if ok:
            bound.append((sub + ".host_port", m["host_port"], proto, listen))
    return mappings if isinstance(mappings, list) else []


def _mounts(errs, field, mounts, targets):
    for sub, m in _entries(errs, field, mounts, MOUNT_KEYS, "{host_path, container_path, read_only, selinux_relabel, propagation}"):
        for key in ("host_path", "container_path"):
            v = m.get(key)
            if not isinstance(v, str) or not v.startswith("/"):
                errs.add(f"{sub}.{key}", v, f"{v!r} is not an absolute path; expected a path starting with /")
        cpath = m.get("container_path")
        if isinstance(cpath, str) and cpath in targets:
            errs.add(f"{sub}.container_path", cpath, f"{cpath!r} is already mounted by {targets[cpath]}; expected each container path once")
        targets.setdefault(cpath, sub)
        for key in ("read_only", "selinux_relabel"):
            v = m.get(key)
            if v is not None and not isinstance(v, bool):
                errs.add(f"{sub}.{key}", v, f"{v!r} is not a boolean; expected true or false")
        prop = m.get("propagation")
        if prop is not None and prop not in PROPAGATIONS:
            errs.add(f"{sub}.propagation", prop, f"{prop!r} is not a propagation mode; expected one of {', '.join(PROPAGATIONS)}")
    return mounts if isinstance(mounts, list) else []


def _image_ref(errs, field, image):
    if image is not None and (not isinstance(image, str) or not image.strip() or any(c.isspace() for c in image)):
        errs.add(field, image, f"{image!r} is not an image reference; expected for example kindest/node:v1.35.8@sha256:<digest>")
    return image


def _merged_options(params):
    """Options with the preset applied underneath the explicit values."""
    p = dict(OPTION_DEFAULTS)
    p.update({k: v for k, v in (params or {}).items() if v is not None})
    preset = p.get("preset")
    base = PRESETS.get(preset, {}) if preset else {}
    out = copy.deepcopy(p)
    explicit_counts = [k for k in ("control_plane_nodes", "worker_nodes") if out[k] is not None]
    for key in ("control_plane_nodes", "worker_nodes"):
        if out[key] is None:
            out[key] = base.get(key, 1 if key == "control_plane_nodes" else 0)
    out["_explicit_counts"] = explicit_counts
    net = dict(base.get("networking", {}))
    if isinstance(out["networking"], dict):
        net.update({k: v for k, v in out["networking"].items() if v is not None})
        out["networking"] = net
    elif out["networking"] is None:
        out["networking"] = net
    if isinstance(out["extra_port_mappings"], list) or out["extra_port_mappings"] is None:
        mappings = [_normal_mapping(m) for m in base.get("extra_port_mappings", [])]
        for m in out["extra_port_mappings"] or []:
            m = _normal_mapping(m)
            if m not in mappings:
                mappings.append(m)
        out["extra_port_mappings"] = mappings
    return out


# Field checks, run in this order; each takes (errs, options) and may normalise options in place.
def _check_name(errs, p):
    name = p["name"]
    if not isinstance(name, str) or not DNS1123_LABEL_RE.match(name) or len(name) > 50:
        errs.add("name", name, f"{name!r} is not a valid cluster name; expected at most 50 lowercase letters, digits and '-', starting and ending alphanumeric")


def _check_kubernetes_version(errs, p):
    version = p["kubernetes_version"]
    if version is None:
        return
    if not isinstance(version, str) or not VERSION_RE.match(version):
        errs.add("kubernetes_version", version, f"{version!r} is not a version; expected MAJOR.MINOR or MAJOR.MINOR.PATCH such as 1.35 or 1.35.8")
    elif not p["node_image"] and not any(match_version(version, imgs) for imgs in NODE_IMAGES.values()):
        errs.add("kubernetes_version", version, f"{version!r} is unknown; expected one of {', '.join(known_versions())}, or set node_image")


def _check_node_image(errs, p):
    _image_ref(errs, "node_image", p["node_image"])


def _check_kind_release(errs, p):
    release = p["kind_release"]
    if release is not None and (not isinstance(release, str) or not re.match(r"^v\d+\.\d+\.\d+$", release)):
        errs.add("kind_release", release, f"{release!r} is not a kind release; expected vMAJOR.MINOR.PATCH such as {DEFAULT_KIND_RELEASE}")


def _check_counts(errs, p):
    _count(errs, "control_plane_nodes", p["control_plane_nodes"], 1)
    _count(errs, "worker_nodes", p["worker_nodes"], 0)


def _check_cluster_labels(errs, p):
    p["node_labels"] = _labels(errs, "node_labels", p["node_labels"])
    p["worker_labels"] = _labels(errs, "worker_labels", p["worker_labels"])


def _check_nodes(errs, p):
    """``nodes`` lists every node with its own settings; without it the counts make the topology."""
    nodes = p["nodes"]
    if nodes is None:
        counts = {role: p[key] if _is_int(p[key]) else 0 for role, key in (("control-plane", "control_plane_nodes"), ("worker", "worker_nodes"))}
        p["_topology"] = [{"role": role} for role, count in counts.items() for _i in range(count)]
        return
    p["_topology"] = []
    if p["_explicit_counts"]:
        errs.add("nodes", nodes, f"nodes is set together with {' and '.join(p['_explicit_counts'])}; expected either nodes (each node listed) or the counts")
    if isinstance(nodes, list) and not nodes:
        errs.add("nodes", nodes, "[] lists no node; expected at least one node with role control-plane")
    for field, n in _entries(errs, "nodes", nodes, NODE_KEYS, "{role, image, labels, extra_port_mappings, ...}"):
        if n.get("role") not in ROLES:
            errs.add(f"{field}.role", n.get("role"), f"{n.get('role')!r} is not a node role; expected one of {', '.join(ROLES)}")
        node = {"role": n.get("role"), "image": _image_ref(errs, f"{field}.image", n.get("image"))}
        node["labels"] = _labels(errs, f"{field}.labels", n.get("labels"))
        node["extra_port_mappings"] = (
            [_normal_mapping(m) for m in n.get("extra_port_mappings") or []] if isinstance(n.get("extra_port_mappings"), list) else n.get("extra_port_mappings")
        )
        node["extra_mounts"] = n.get("extra_mounts")
        node["kubeadm_config_patches"] = _kubeadm_patches(errs, f"{field}.kubeadm_config_patches", n.get("kubeadm_config_patches"))
        node["kubeadm_config_patches_json6902"] = _kubeadm_json6902(errs, f"{field}.kubeadm_config_patches_json6902", n.get("kubeadm_config_patches_json6902"))
        p["_topology"].append(node)
    roles = [n.get("role") for n in p["_topology"]]
    if roles and "control-plane" not in roles:
        errs.add("nodes", roles, f"roles {roles!r} have no control-plane; expected at least one node with role control-plane")
    for role in ROLES:
        if roles.count(role) > MAX_NODES:
            errs.add("nodes", roles, f"{roles.count(role)} {role} nodes; expected at most {MAX_NODES}")


def _check_networking(errs, p):
    net = p["networking"]
    if not isinstance(net, dict):
        errs.add("networking", net, f"{net!r} is not a mapping; expected keys {', '.join(NETWORKING_KEYS)}")
        p["networking"] = net = {}
    for key in sorted(set(net) - set(NETWORKING_KEYS)):
        errs.add(f"networking.{key}", key, f"unknown key; expected one of {', '.join(NETWORKING_KEYS)}")
    if net.get("api_server_address") is not None:
        _ip(errs, "networking.api_server_address", net["api_server_address"])
    api_port = net.get("api_server_port")
    p["_api_port"] = api_port if api_port is not None and _port(errs, "networking.api_server_port", api_port) else None
    family = net.get("ip_family")
    if family is not None and family not in IP_FAMILIES:
        errs.add("networking.ip_family", family, f"{family!r} is not an IP family; expected one of {', '.join(IP_FAMILIES)}")
    _check_subnets(errs, net, family if family in IP_FAMILIES else "ipv4")
    cni = net.get("disable_default_cni")
    if cni is not None and not isinstance(cni, bool):
        errs.add("networking.disable_default_cni", cni, f"{cni!r} is not a boolean; expected true or false")
    mode = net.get("kube_proxy_mode")
    if mode is not None and mode not in KUBE_PROXY_MODES:
        errs.add("networking.kube_proxy_mode", mode, f"{mode!r} is not a mode; expected one of {', '.join(KUBE_PROXY_MODES)}")
    search = net.get("dns_search")
    if search is not None:
        if not isinstance(search, list) or not all(isinstance(s, str) and s and not any(c.isspace() for c in s) for s in search):
            errs.add("networking.dns_search", search, f"{search!r} is not a list of domains; expected for example [corp.example.com] or [] for none")


def _check_subnets(errs, net, family):
    """Each given subnet matches the family; pods and services must not overlap, counting kind's defaults for the unset one."""
    effective = {}
    given = {}
    want = {"ipv4": [4], "ipv6": [6], "dual": [4, 6]}[family]
    for key in ("pod_subnet", "service_subnet"):
        if net.get(key) is None:
            effective[key] = _networks(errs, key, KIND_DEFAULT_SUBNETS[family][key])
            continue
        nets = _networks(errs, "networking." + key, net[key])
        if nets is None:
            return
        if sorted(n.version for n in nets) != want:
            expected = {"ipv4": "one IPv4 CIDR", "ipv6": "one IPv6 CIDR", "dual": "one IPv4 and one IPv6 CIDR, comma-separated"}[family]
            errs.add("networking." + key, net[key], f"{net[key]!r} does not match ip_family {family}; expected {expected}")
            return
        effective[key] = given[key] = nets
    if not given:
        return
    for a in effective["pod_subnet"]:
        for b in effective["service_subnet"]:
            if a.version != b.version or not a.overlaps(b):
                continue
            if "pod_subnet" in given and "service_subnet" in given:
                errs.add("networking.service_subnet", str(b), f"{b} overlaps networking.pod_subnet {a}; expected disjoint ranges")
            elif "pod_subnet" in given:
                errs.add(
                    "networking.pod_subnet",
                    str(a),
                    f"{a} overlaps kind's default service subnet {b} (networking.service_subnet is unset);"
                    " expected disjoint ranges, or set networking.service_subnet",
                )
            else:
                errs.add(
                    "networking.service_subnet",
                    str(b),
                    f"{b} overlaps kind's default pod subnet {a} (networking.pod_subnet is unset); expected disjoint ranges, or set networking.pod_subnet",
                )


def _check_ports(errs, p):
    bound = []
    if p.get("_api_port") is not None:
        bound.append(("networking.api_server_port", p["_api_port"], "TCP", p["networking"].get("api_server_address") or "127.0.0.1"))
    p["extra_port_mappings"] = _port_mappings(errs, "extra_port_mappings", p["extra_port_mappings"], bound)
    for i, node in enumerate(p["_topology"]):
        node["extra_port_mappings"] = _port_mappings(errs, f"nodes[{i}].extra_port_mappings", node.get("extra_port_mappings"), bound)
    for i, (fa, pa, proto_a, la) in enumerate(bound):
        for fb, pb, proto_b, lb in bound[:i]:
            if pa == pb and proto_a == proto_b and (la == lb or "0.0.0.0" in (la, lb) or "::" in (la, lb)):
                errs.add(fa, pa, f"host port {pa}/{proto_a} on {la} collides with {fb}; expected each host port to be bound once")


def _check_mounts(errs, p):
    targets = {}
    p["extra_mounts"] = _mounts(errs, "extra_mounts", p["extra_mounts"], targets)
    for i, node in enumerate(p["_topology"]):
        node["extra_mounts"] = _mounts(errs, f"nodes[{i}].extra_mounts", node.get("extra_mounts"), dict(targets))


def _check_patches(errs, p):
    p["kubeadm_config_patches"] = _kubeadm_patches(errs, "kubeadm_config_patches", p["kubeadm_config_patches"])
    p["kubeadm_config_patches_json6902"] = _kubeadm_json6902(errs, "kubeadm_config_patches_json6902", p["kubeadm_config_patches_json6902"])
    p["containerd_config_patches"] = _containerd_patches(errs, "containerd_config_patches", p["containerd_config_patches"])
    p["containerd_config_patches_json6902"] = _containerd_json6902(errs, "containerd_config_patches_json6902", p["containerd_config_patches_json6902"])


def _check_runtime_config(errs, p):
    p["runtime_config"] = _runtime_config(errs, "runtime_config", p["runtime_config"])


def _check_feature_gates(errs, p):
    gates = p["feature_gates"]
    if gates is None:
        gates = p["feature_gates"] = {}
    if not isinstance(gates, dict):
        errs.add("feature_gates", gates, f"{gates!r} is not a mapping; expected FeatureName: true|false")
        return
    for k, v in gates.items():
        if not isinstance(k, str) or not FEATURE_GATE_RE.match(k):
            errs.add("feature_gates", k, f"key {k!r} is not a feature gate name; expected CamelCase such as InPlacePodVerticalScaling")
        elif not isinstance(v, bool):
            errs.add(f"feature_gates.{k}", v, f"{v!r} is not a boolean; expected true or false")


FIELD_CHECKS = (
    _check_name,
    _check_kubernetes_version,
    _check_node_image,
    _check_kind_release,
    _check_counts,
    _check_cluster_labels,
    _check_nodes,
    _check_networking,
    _check_ports,
    _check_mounts,
    _check_patches,
    _check_runtime_config,
    _check_feature_gates,
)


def validate(params):
    """Check every option; returns the normalized options (preset applied) or raises KindError listing all problems."""
    errs = Errors(template="{field}: {expected}")
    unknown = sorted(set(params or {}) - set(OPTION_DEFAULTS))
    if unknown:
        errs.messages.append(f"{', '.join(unknown)}: unknown option(s); expected only {', '.join(sorted(OPTION_DEFAULTS))}")
    preset = (params or {}).get("preset")
    if preset is not None and preset not in PRESETS:
        errs.add("preset", preset, f"{preset!r} is not a preset; expected one of {', '.join(sorted(PRESETS))}")
        errs.raise_if_any(KindError)
    p = _merged_options(params)
    for check in FIELD_CHECKS:
        check(errs, p)
    errs.raise_if_any(KindError)
    if p["kind_release"] is not None:
        resolve_node_image(p["kubernetes_version"], p["kind_release"], p["node_image"])
    return p


def needs_table(options):
    """Whether any node takes its image from the table (no node_image and no per-node image)."""
    return not options["node_image"] and any(not n.get("image") for n in options["_topology"])


# -- rendering -----------------------------------------------------------------------------------
def _camel(d, keys):
    return {keys[k]: v for k, v in d.items() if v is not None and k in keys}


def resolve(params, kind_release=None):
    """(options, node image, Kubernetes version) for ``params``; an explicit ``kind_release`` option beats the detected one."""
    p = validate(params)
    if not needs_table(p) and not p["node_image"]:
        return p, None, p["kubernetes_version"]
    image, version = resolve_node_image(p["kubernetes_version"], p["kind_release"] or kind_release, p["node_image"])
    return p, image, version


def _node_config(p, spec, image, first_cp):
    role = spec["role"]
    n = {"role": role, "image": spec.get("image") or image}
    labels = dict(p["node_labels"]) if first_cp else (dict(p["worker_labels"]) if role == "worker" else {})
    labels.update(spec.get("labels") or {})
    if labels:
        n["labels"] = labels
    mappings = list(p["extra_port_mappings"]) if first_cp else []
    mappings += list(spec.get("extra_port_mappings") or [])
    if mappings:
        n["extraPortMappings"] = [dict(_camel(m, PORT_MAPPING_KEYS), protocol=m.get("protocol") or "TCP") for m in mappings]
    mounts = list(p["extra_mounts"]) + list(spec.get("extra_mounts") or [])
    if mounts:
        n["extraMounts"] = [_camel(m, MOUNT_KEYS) for m in mounts]
    if spec.get("kubeadm_config_patches"):
        n["kubeadmConfigPatches"] = list(spec["kubeadm_config_patches"])
    if spec.get("kubeadm_config_patches_json6902"):
        n["kubeadmConfigPatchesJSON6902"] = [dict(x) for x in spec["kubeadm_config_patches_json6902"]]
    return n


def render(params, kind_release=None):
    """Validate ``params`` and return the kind Cluster config as a dict (key order as kind documents it)."""
    p, image = resolve(params, kind_release)[:2]
    config = {"kind": "Cluster", "apiVersion": API_VERSION, "name": p["name"]}
    if p["feature_gates"]:
        config["featureGates"] = dict(p["feature_gates"])
    if p["runtime_config"]:
        config["runtimeConfig"] = dict(p["runtime_config"])
    networking = _camel(p["networking"], NETWORKING_KEYS)
    if networking:
        config["networking"] = networking
    if p["kubeadm_config_patches"]:
        config["kubeadmConfigPatches"] = list(p["kubeadm_config_patches"])
    if p["kubeadm_config_patches_json6902"]:
        config["kubeadmConfigPatchesJSON6902"] = [dict(x) for x in p["kubeadm_config_patches_json6902"]]
    if p["containerd_config_patches"]:
        config["containerdConfigPatches"] = list(p["containerd_config_patches"])
    if p["containerd_config_patches_json6902"]:
        config["containerdConfigPatchesJSON6902"] = list(p["containerd_config_patches_json6902"])
    nodes, first_cp_done = [], False
    for spec in p["_topology"]:
        first = spec["role"] == "control-plane" and not first_cp_done
        first_cp_done = first_cp_done or first
        nodes.append(_node_config(p, spec, image, first))
    config["nodes"] = nodes
    return config


def _str_representer(dumper, data):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


if HAS_YAML:

    class _Dumper(yaml.SafeDumper):
        """Block literals for multi-line strings (kubeadm patches read like the documents they are)."""

    _Dumper.add_representer(str, _str_representer)


def to_yaml(config):
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True)


def config_hash(config):
    """sha256 of the canonical JSON form, shortened to 32 hex characters."""
    canonical = json.dumps(config, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def request(options, kind_release):
    """What a cluster is asked for, recorded next to its config: the kind release and the requested version."""
    return {"kind_release": kind_release, "kubernetes_version": options["kubernetes_version"], "node_image": bool(options["node_image"])}


# -- drift ---------------------------------------------------------------------------------------
def _describe(v):
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True)
    return json.dumps(v)


def diff_fields(recorded, desired, path=""):
    """Dotted paths where ``recorded`` and ``desired`` differ, each with both values: ['networking.apiServerPort: 6443 -> 7443']."""
    out = []
    if isinstance(recorded, dict) and isinstance(desired, dict):
        for key in sorted(set(recorded) | set(desired), key=str):
            sub = f"{path}.{key}" if path else str(key)
            if key not in recorded:
                out.append(f"{sub}: (unset) -> {_describe(desired[key])}")
            elif key not in desired:
                out.append(f"{sub}: {_describe(recorded[key])} -> (unset)")
            else:
                out.extend(diff_fields(recorded[key], desired[key], sub))
    elif isinstance(recorded, list) and isinstance(desired, list):
        if len(recorded) != len(desired):
            out.append(f"{path}: {len(recorded)} entries -> {len(desired)} entries")
        for i in range(min(len(recorded), len(desired))):
            out.extend(diff_fields(recorded[i], desired[i], f"{path}[{i}]"))
    elif recorded != desired:
        out.append(f"{path}: {_describe(recorded)} -> {_describe(desired)}")
    return out


_IMAGE_DIFF_RE = re.compile(r"^nodes\[\d+\]\.image: ")


def compare(recorded_hash, recorded_config, desired, recorded_request=None, desired_request=None):
    """('match'|'drift'|'unknown'|'release_changed', differences) for an existing cluster against the desired config.

    ``release_changed``: only the table's node images differ, because another kind release resolved the same requested
    Kubernetes version (or the same default request). That is not drift: the cluster is kept and the change reported.
    """
    if recorded_hash is None:
        return "unknown", [f"the cluster has no {HASH_ANNOTATION} annotation: it was not created by platform.runtime.kind_cluster"]
    if recorded_hash == config_hash(desired):
        return "match", []
    if recorded_config is None:
        return "drift", [f"config hash {recorded_hash} -> {config_hash(desired)} (the recorded config is unreadable)"]
    diffs = diff_fields(recorded_config, desired) or [f"config hash {recorded_hash} -> {config_hash(desired)}"]
    same_request = (
        isinstance(recorded_request, dict)
        and isinstance(desired_request, dict)
        and not recorded_request.get("node_image")
        and not desired_request.get("node_image")
        and recorded_request.get("kubernetes_version") == desired_request.get("kubernetes_version")
        and recorded_request.get("kind_release") != desired_request.get("kind_release")
    )
    if same_request and all(_IMAGE_DIFF_RE.match(d) for d in diffs):
        old, new = recorded_request.get("kind_release"), desired_request.get("kind_release")
        return "release_changed", [
            f"kind CLI {old} -> {new}: the same request (kubernetes_version {recorded_request.get('kubernetes_version') or 'default'}) now resolves"
            f" to other node images ({'; '.join(diffs)}); the cluster keeps its nodes. Recreate it (state=absent, then present) to move to the new images"
        ]
    return "drift", diffs


# -- nodes ---------------------------------------------------------------------------------------
def expected_node_names(config):
    """Container names kind gives the nodes of ``config``: <name>-control-plane, -control-plane2, ..., -worker, -worker2, ..."""
    names, counters = [], {}
    for node in config["nodes"]:
        role = node["role"]
        counters[role] = counters.get(role, 0) + 1
        suffix = "" if counters[role] == 1 else str(counters[role])
        names.append(f"{config['name']}-{role}{suffix}")
    return sorted(names, key=lambda n: (not re.search(r"-control-plane\d*$", n), len(n), n))


def topology_differences(expected, actual):
    """Node containers missing from or extra to the requested topology."""
    out = [f"node {n} is missing (kind get nodes lists {', '.join(actual) or 'none'})" for n in expected if n not in actual]
    out += [f"node {n} is not in the requested topology ({len(expected)} nodes)" for n in actual if n not in expected]
    return out


def control_plane_nodes(names):
    """Control-plane container names from ``kind get nodes`` output, first one first."""
    cps = [n for n in names if re.search(r"-control-plane\d*$", n)]
    return sorted(cps, key=lambda n: (len(n), n))


def cluster_nodes(text):
    """Node names from ``kind get nodes`` output, control planes first, without the external load balancer."""
    names = [line.strip() for line in (text or "").splitlines() if line.strip() and not line.strip().endswith("-external-load-balancer")]
    return sorted(names, key=lambda n: (not re.search(r"-control-plane\d*$", n), len(n), n))


def recorded_state(nodes_json):
    """(hash, config, request) recorded as annotations on any node, or (None, None, None)."""
    for item in (nodes_json or {}).get("items", []):
        ann = item.get("metadata", {}).get("annotations") or {}
        if HASH_ANNOTATION in ann:
            return ann[HASH_ANNOTATION], _json_or_none(ann.get(CONFIG_ANNOTATION)), _json_or_none(ann.get(REQUEST_ANNOTATION))
    return None, None, None


def _json_or_none(text):
    try:
        return json.loads(text or "null")
    except ValueError:
        return None


def readiness(nodes_json, expected):
    """One entry per expected node: {name, ready, reason}; ``reason`` explains a node that is not Ready."""
    by_name = {i.get("metadata", {}).get("name"): i for i in (nodes_json or {}).get("items", [])}
    report = []
    for name in expected:
        item = by_name.get(name)
        if item is None:
            report.append({"name": name, "ready": False, "reason": "not registered with the API server"})
            continue
        cond = next((c for c in item.get("status", {}).get("conditions", []) or [] if c.get("type") == "Ready"), None)
        if cond is None:
            report.append({"name": name, "ready": False, "reason": "no Ready condition reported yet"})
        elif cond.get("status") == "True":
            report.append({"name": name, "ready": True, "reason": ""})
        else:
            why = cond.get("reason") or f"Ready={cond.get('status')}"
            if cond.get("message"):
                why += ": " + cond["message"]
            report.append({"name": name, "ready": False, "reason": why})
    return report


def not_ready_summary(report):
    return ", ".join(f"{r['name']} ({r['reason']})" for r in report if not r["ready"])
