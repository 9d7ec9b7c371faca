# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state of a kind cluster, as plain data in and plain data out.

Everything here is pure: parameter validation, presets, the node-image table,
rendering of the ``kind.x-k8s.io/v1alpha4`` Cluster config, its hash, the drift
comparison and the readiness report built from ``kubectl get nodes -o json``.
The ``kind_cluster`` module and the ``kind_config`` filter share it.
"""

from __future__ import annotations

import copy
import hashlib
import ipaddress
import json
import re

try:
    import yaml

    HAS_YAML = True
    YAML_IMPORT_ERROR = None
except ImportError as exc:  # reported by the module with missing_required_lib
    HAS_YAML = False
    YAML_IMPORT_ERROR = exc

API_VERSION = "kind.x-k8s.io/v1alpha4"

# Node images each kind release was published with, pinned by digest. kind only
# supports a node image with the release that built it (the release notes list
# them), so the table is keyed by kind release first. Source: the release notes
# of kind v0.33.0 (all four images) and the "default node image" line of v0.32.0
# and v0.31.0.
NODE_IMAGES = {
    "v0.33.0": {
        "1.37.0": "kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5",
        "1.36.4": "kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed",
        "1.35.8": "kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0",
        "1.34.11": "kindest/node:v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d",
    },
    "v0.32.0": {
        "1.36.1": "kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5",
    },
    "v0.31.0": {
        "1.35.0": "kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f",
    },
}
DEFAULT_KIND_RELEASE = "v0.33.0"
# The image each release uses when no version is asked for.
DEFAULT_VERSIONS = {"v0.33.0": "1.37.0", "v0.32.0": "1.36.1", "v0.31.0": "1.35.0"}

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

PROTOCOLS = ("TCP", "UDP", "SCTP")
PROPAGATIONS = ("None", "HostToContainer", "Bidirectional")
KUBE_PROXY_MODES = ("iptables", "ipvs", "nftables", "none")
IP_FAMILIES = ("ipv4", "ipv6", "dual")
MAX_NODES = 20

NAME_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
VERSION_RE = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?$")
LABEL_NAME_RE = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
LABEL_PREFIX_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
LABEL_VALUE_RE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")
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
    "extra_port_mappings": None,
    "node_labels": None,
    "worker_labels": None,
    "extra_mounts": None,
    "kubeadm_config_patches": None,
    "containerd_config_patches": None,
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
    "propagation": "propagation",
}


class KindError(Exception):
    """Invalid input or state; ``errors`` lists every problem found, each naming its field."""

    def __init__(self, errors):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("; ".join(self.errors))


# -- node images ---------------------------------------------------------------
def parse_release(text):
    """'kind v0.33.0 go1.24.2 linux/amd64' -> 'v0.33.0' (None when no release is found)."""
    m = re.search(r"\bv?(\d+\.\d+\.\d+)\b", text or "")
    return "v" + m.group(1) if m else None


def known_versions():
    """Every Kubernetes version in the table, newest first."""
    seen = set()
    for images in NODE_IMAGES.values():
        seen.update(images)
    return sorted(seen, key=_version_key, reverse=True)


def _version_key(v):
    return tuple(int(p) for p in v.split("."))


def table_release(kind_release):
    """The table row for ``kind_release``: (release used, warning or None)."""
    if kind_release in NODE_IMAGES:
        return kind_release, None
    newest = sorted(NODE_IMAGES, key=lambda r: _version_key(r.lstrip("v")), reverse=True)[0]
    return (
        newest,
        f"kind {kind_release} is not in the node-image table ({', '.join(sorted(NODE_IMAGES, reverse=True))})"
        f"; using the images of {newest}, which kind supports only on a best-effort basis",
    )


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
        raise KindError(
            f"kind_release: {release!r} is not in the node-image table; expected one of {', '.join(sorted(NODE_IMAGES, reverse=True))}, or set node_image"
        )
    images = NODE_IMAGES[release]
    if kubernetes_version in (None, ""):
        version = DEFAULT_VERSIONS[release]
    else:
        version = match_version(kubernetes_version, images)
        if version is None:
            elsewhere = sorted(r for r, imgs in NODE_IMAGES.items() if match_version(kubernetes_version, imgs))
            hint = (f" (it is published for kind {', '.join(elsewhere)})") if elsewhere else ""
            raise KindError(
                f"kubernetes_version: {kubernetes_version!r} has no node image for kind {release}{hint}"
                f"; expected one of {', '.join(sorted(images, key=_version_key, reverse=True))}, or set node_image"
            )
    return images[version], version


# -- validation ------------------------------------------------------------------
def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _check_port(errors, field, value, low=1):
    if not _is_int(value) or not low <= value <= 65535:
        errors.append(f"{field}: {value!r} is not a port; expected an integer from {low} to 65535")
        return False
    return True


def _check_ip(errors, field, value):
    try:
        ipaddress.ip_address(str(value))
        return True
    except ValueError:
        errors.append(f"{field}: {value!r} is not an IP address; expected for example 127.0.0.1 or 0.0.0.0")
        return False


def _networks(errors, field, value):
    """Comma-separated CIDRs (dual stack takes one of each family) -> list of ip_network."""
    nets = []
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{field}: {value!r} is not a CIDR; expected for example 10.244.0.0/16")
        return nets
    for part in value.split(","):
        try:
            nets.append(ipaddress.ip_network(part.strip(), strict=True))
        except ValueError as e:
            errors.append(f"{field}: {part.strip()!r} is not a valid CIDR ({e}); expected a network address such as 10.244.0.0/16")
    return nets


def _label_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if _is_int(v):
        return str(v)
    return v


def _check_labels(errors, field, labels):
    if labels is None:
        return {}
    if not isinstance(labels, dict):
        errors.append(f"{field}: {labels!r} is not a mapping; expected label keys mapped to values")
        return {}
    out = {}
    for key, value in labels.items():
        key = str(key)
        prefix, _sep, name = key.rpartition("/")
        if not LABEL_NAME_RE.match(name) or (prefix and (len(prefix) > 253 or not LABEL_PREFIX_RE.match(prefix))):
            errors.append(f"{field}: key {key!r} is not a label key; expected [prefix/]name with name of at most 63 alphanumerics, '-', '_' or '.'")
            continue
        value = _label_value(value)
        if not isinstance(value, str) or not LABEL_VALUE_RE.match(value):
            errors.append(f"{field}.{key}: {value!r} is not a label value; expected a string of at most 63 alphanumerics, '-', '_' or '.'")
            continue
        out[key] = value
    return out


def _check_count(errors, field, value, low):
    if not _is_int(value) or not low <= value <= MAX_NODES:
        errors.append(f"{field}: {value!r} is out of range; expected an integer from {low} to {MAX_NODES}")


def _check_string_list(errors, field, value):
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(f"{field}: {value!r} is not a list; expected a list of strings")
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            errors.append(f"{field}[{i}]: {item!r} is empty or not a string; expected a non-empty string")
        else:
            out.append(item)
    return out


def _check_kubeadm_patches(errors, patches):
    out = _check_string_list(errors, "kubeadm_config_patches", patches)
    for i, patch in enumerate(out):
        try:
            doc = yaml.safe_load(patch)
        except yaml.YAMLError as e:
            first_line = str(e).splitlines()[0]
            errors.append(f"kubeadm_config_patches[{i}]: not valid YAML ({first_line}); expected a YAML mapping with a kind key")
            continue
        if not isinstance(doc, dict) or not doc.get("kind"):
            errors.append(f"kubeadm_config_patches[{i}]: {patch!r} has no kind key; expected a kubeadm object such as kind: ClusterConfiguration")
    return out


def _normal_mapping(m):
    """Drop unset keys and spell out the default protocol, so equal mappings compare equal."""
    if not isinstance(m, dict):
        return m
    out = {k: v for k, v in m.items() if v is not None}
    out.setdefault("protocol", "TCP")
    return out


def _merged_options(params):
    """Options with the preset applied underneath the explicit values."""
    p = dict(OPTION_DEFAULTS)
    p.update({k: v for k, v in (params or {}).items() if v is not None})
    preset = p.get("preset")
    base = PRESETS.get(preset, {}) if preset else {}
    out = copy.deepcopy(p)
    for key in ("control_plane_nodes", "worker_nodes"):
        if out[key] is None:
            out[key] = base.get(key, 1 if key == "control_plane_nodes" else 0)
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


def validate(params):
    """Check every option; returns the normalized options (preset applied) or raises KindError listing all problems."""
    errors = []
    unknown = sorted(set(params or {}) - set(OPTION_DEFAULTS))
    if unknown:
        errors.append(f"{', '.join(unknown)}: unknown option(s); expected only {', '.join(sorted(OPTION_DEFAULTS))}")
    preset = (params or {}).get("preset")
    if preset is not None and preset not in PRESETS:
        raise KindError(errors + [f"preset: {preset!r} is not a preset; expected one of {', '.join(sorted(PRESETS))}"])
    p = _merged_options(params)

    name = p["name"]
    if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > 50:
        errors.append(f"name: {name!r} is not a valid cluster name; expected at most 50 lowercase letters, digits and '-', starting and ending alphanumeric")

    version = p["kubernetes_version"]
    if version is not None:
        if not isinstance(version, str) or not VERSION_RE.match(version):
            errors.append(f"kubernetes_version: {version!r} is not a version; expected MAJOR.MINOR or MAJOR.MINOR.PATCH such as 1.35 or 1.35.8")
        elif not p["node_image"] and not any(match_version(version, imgs) for imgs in NODE_IMAGES.values()):
            errors.append(f"kubernetes_version: {version!r} is unknown; expected one of {', '.join(known_versions())}, or set node_image")
    image = p["node_image"]
    if image is not None and (not isinstance(image, str) or not image.strip() or any(c.isspace() for c in image)):
        errors.append(f"node_image: {image!r} is not an image reference; expected for example kindest/node:v1.35.8@sha256:<digest>")
    release = p["kind_release"]
    if release is not None and (not isinstance(release, str) or not re.match(r"^v\d+\.\d+\.\d+$", release)):
        errors.append(f"kind_release: {release!r} is not a kind release; expected vMAJOR.MINOR.PATCH such as {DEFAULT_KIND_RELEASE}")

    _check_count(errors, "control_plane_nodes", p["control_plane_nodes"], 1)
    _check_count(errors, "worker_nodes", p["worker_nodes"], 0)

    p["node_labels"] = _check_labels(errors, "node_labels", p["node_labels"])
    p["worker_labels"] = _check_labels(errors, "worker_labels", p["worker_labels"])

    net = p["networking"]
    if not isinstance(net, dict):
        errors.append(f"networking: {net!r} is not a mapping; expected keys {', '.join(NETWORKING_KEYS)}")
        net = {}
    for key in sorted(set(net) - set(NETWORKING_KEYS)):
        errors.append(f"networking.{key}: unknown key; expected one of {', '.join(NETWORKING_KEYS)}")
    api_address = net.get("api_server_address")
    if api_address is not None:
        _check_ip(errors, "networking.api_server_address", api_address)
    api_port = net.get("api_server_port")
    if api_port is not None and not _check_port(errors, "networking.api_server_port", api_port):
        api_port = None
    family = net.get("ip_family")
    if family is not None and family not in IP_FAMILIES:
        errors.append(f"networking.ip_family: {family!r} is not an IP family; expected one of {', '.join(IP_FAMILIES)}")
    subnets = {}
    expected_versions = {"ipv4": [4], "ipv6": [6], "dual": [4, 6]}.get(family or "ipv4")
    for key in ("pod_subnet", "service_subnet"):
        if net.get(key) is None:
            continue
        before = len(errors)
        nets = _networks(errors, "networking." + key, net[key])
        if len(errors) > before:
            continue
        subnets[key] = nets
        if expected_versions and sorted(n.version for n in nets) != expected_versions:
            want = {
                "ipv4": "one IPv4 CIDR",
                "ipv6": "one IPv6 CIDR",
                "dual": "one IPv4 and one IPv6 CIDR, comma-separated",
            }[family or "ipv4"]
            errors.append(f"networking.{key}: {net[key]!r} does not match ip_family {family or 'ipv4'}; expected {want}")
    if subnets.get("pod_subnet") and subnets.get("service_subnet"):
        for a in subnets["pod_subnet"]:
            for b in subnets["service_subnet"]:
                if a.version == b.version and a.overlaps(b):
                    errors.append(f"networking.service_subnet: {b} overlaps networking.pod_subnet {a}; expected disjoint ranges")
    cni = net.get("disable_default_cni")
    if cni is not None and not isinstance(cni, bool):
        errors.append(f"networking.disable_default_cni: {cni!r} is not a boolean; expected true or false")
    mode = net.get("kube_proxy_mode")
    if mode is not None and mode not in KUBE_PROXY_MODES:
        errors.append(f"networking.kube_proxy_mode: {mode!r} is not a mode; expected one of {', '.join(KUBE_PROXY_MODES)}")

    mappings = p["extra_port_mappings"]
    if not isinstance(mappings, list):
        errors.append(f"extra_port_mappings: {mappings!r} is not a list; expected a list of {{container_port, host_port, listen_address, protocol}}")
        mappings = []
    bound = []  # (field, host_port, protocol, listen_address)
    if api_port is not None:
        bound.append(("networking.api_server_port", api_port, "TCP", api_address or "127.0.0.1"))
    for i, m in enumerate(mappings):
        field = f"extra_port_mappings[{i}]"
        if not isinstance(m, dict):
            errors.append(f"{field}: {m!r} is not a mapping; expected {{container_port, host_port, listen_address, protocol}}")
            continue
        for key in sorted(set(m) - set(PORT_MAPPING_KEYS)):
            errors.append(f"{field}.{key}: unknown key; expected one of {', '.join(PORT_MAPPING_KEYS)}")
        ok = _check_port(errors, field + ".container_port", m.get("container_port"))
        ok = _check_port(errors, field + ".host_port", m.get("host_port")) and ok
        proto = m.get("protocol") or "TCP"
        if proto not in PROTOCOLS:
            errors.append(f"{field}.protocol: {proto!r} is not a protocol; expected one of {', '.join(PROTOCOLS)}")
            ok = False
        listen = m.get("listen_address") or "0.0.0.0"
        if m.get("listen_address") is not None and not _check_ip(errors, field + ".listen_address", listen):
            ok = False
        if ok:
            bound.append((field + ".host_port", m["host_port"], proto, listen))
    for i, (fa, pa, proto_a, la) in enumerate(bound):
        for fb, pb, proto_b, lb in bound[:i]:
            if pa == pb and proto_a == proto_b and (la == lb or "0.0.0.0" in (la, lb) or "::" in (la, lb)):
                errors.append(f"{fa}: host port {pa}/{proto_a} on {la} collides with {fb}; expected each host port to be bound once")

    mounts = p["extra_mounts"]
    if mounts is None:
        mounts = p["extra_mounts"] = []
    if not isinstance(mounts, list):
        errors.append(f"extra_mounts: {mounts!r} is not a list; expected a list of {{host_path, container_path, read_only, propagation}}")
        mounts = []
    targets = {}
    for i, m in enumerate(mounts):
        field = f"extra_mounts[{i}]"
        if not isinstance(m, dict):
            errors.append(f"{field}: {m!r} is not a mapping; expected {{host_path, container_path, read_only, propagation}}")
            continue
        for key in sorted(set(m) - set(MOUNT_KEYS)):
            errors.append(f"{field}.{key}: unknown key; expected one of {', '.join(MOUNT_KEYS)}")
        for key in ("host_path", "container_path"):
            v = m.get(key)
            if not isinstance(v, str) or not v.startswith("/"):
                errors.append(f"{field}.{key}: {v!r} is not an absolute path; expected a path starting with /")
        cpath = m.get("container_path")
        if isinstance(cpath, str) and cpath in targets:
            errors.append(f"{field}.container_path: {cpath!r} is already mounted by {targets[cpath]}; expected each container path once")
        targets.setdefault(cpath, field)
        ro = m.get("read_only")
        if ro is not None and not isinstance(ro, bool):
            errors.append(f"{field}.read_only: {ro!r} is not a boolean; expected true or false")
        prop = m.get("propagation")
        if prop is not None and prop not in PROPAGATIONS:
            errors.append(f"{field}.propagation: {prop!r} is not a propagation mode; expected one of {', '.join(PROPAGATIONS)}")

    p["kubeadm_config_patches"] = _check_kubeadm_patches(errors, p["kubeadm_config_patches"])
    p["containerd_config_patches"] = _check_string_list(errors, "containerd_config_patches", p["containerd_config_patches"])

    gates = p["feature_gates"]
    if gates is None:
        gates = p["feature_gates"] = {}
    if not isinstance(gates, dict):
        errors.append(f"feature_gates: {gates!r} is not a mapping; expected FeatureName: true|false")
    else:
        for k, v in gates.items():
            if not isinstance(k, str) or not FEATURE_GATE_RE.match(k):
                errors.append(f"feature_gates: key {k!r} is not a feature gate name; expected CamelCase such as InPlacePodVerticalScaling")
            elif not isinstance(v, bool):
                errors.append(f"feature_gates.{k}: {v!r} is not a boolean; expected true or false")

    if errors:
        raise KindError(errors)
    if p["kind_release"] is not None:
        resolve_node_image(p["kubernetes_version"], p["kind_release"], p["node_image"])
    return p


# -- rendering -------------------------------------------------------------------
def _camel(d, keys):
    return {keys[k]: v for k, v in d.items() if v is not None and k in keys}


def resolve(params, kind_release=None):
    """(options, node image, Kubernetes version) for ``params``; an explicit ``kind_release`` option beats the detected one."""
    p = validate(params)
    image, version = resolve_node_image(p["kubernetes_version"], p["kind_release"] or kind_release, p["node_image"])
    return p, image, version


def render(params, kind_release=None):
    """Validate ``params`` and return the kind Cluster config as a dict (key order as kind documents it)."""
    p, image = resolve(params, kind_release)[:2]
    mounts = [_camel(m, MOUNT_KEYS) for m in p["extra_mounts"]]
    mappings = []
    for m in p["extra_port_mappings"]:
        out = _camel(m, PORT_MAPPING_KEYS)
        out.setdefault("protocol", "TCP")
        mappings.append(out)

    def node(role, first=False):
        n = {"role": role, "image": image}
        labels = p["node_labels"] if first else (p["worker_labels"] if role == "worker" else {})
        if labels:
            n["labels"] = dict(labels)
        if first and mappings:
            n["extraPortMappings"] = [dict(m) for m in mappings]
        if mounts:
            n["extraMounts"] = [dict(m) for m in mounts]
        return n

    config = {"kind": "Cluster", "apiVersion": API_VERSION, "name": p["name"]}
    if p["feature_gates"]:
        config["featureGates"] = dict(p["feature_gates"])
    networking = _camel(p["networking"], NETWORKING_KEYS)
    if networking:
        config["networking"] = networking
    if p["kubeadm_config_patches"]:
        config["kubeadmConfigPatches"] = list(p["kubeadm_config_patches"])
    if p["containerd_config_patches"]:
        config["containerdConfigPatches"] = list(p["containerd_config_patches"])
    nodes = [node("control-plane", first=(i == 0)) for i in range(p["control_plane_nodes"])]
    nodes += [node("worker") for _i in range(p["worker_nodes"])]
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


# -- drift -----------------------------------------------------------------------
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


def compare(recorded_hash, recorded_config, desired):
    """('match'|'drift'|'unknown', differences) for an existing cluster against the desired config."""
    if recorded_hash is None:
        return "unknown", [f"the cluster has no {HASH_ANNOTATION} annotation: it was not created by platform.runtime.kind_cluster"]
    if recorded_hash == config_hash(desired):
        return "match", []
    if recorded_config is None:
        return "drift", [f"config hash {recorded_hash} -> {config_hash(desired)} (the recorded config is unreadable)"]
    return "drift", diff_fields(recorded_config, desired) or [f"config hash {recorded_hash} -> {config_hash(desired)}"]


# -- nodes -------------------------------------------------------------------------
def control_plane_nodes(names):
    """Control-plane container names from ``kind get nodes`` output, first one first."""
    cps = [n for n in names if re.search(r"-control-plane\d*$", n)]
    return sorted(cps, key=lambda n: (len(n), n))


def cluster_nodes(text):
    """Node names from ``kind get nodes`` output, control planes first, without the external load balancer."""
    names = [line.strip() for line in (text or "").splitlines() if line.strip() and not line.strip().endswith("-external-load-balancer")]
    return sorted(names, key=lambda n: (not re.search(r"-control-plane\d*$", n), len(n), n))


def recorded_state(nodes_json):
    """(hash, config) recorded as annotations on any node, or (None, None)."""
    for item in (nodes_json or {}).get("items", []):
        ann = item.get("metadata", {}).get("annotations") or {}
        if HASH_ANNOTATION in ann:
            try:
                cfg = json.loads(ann.get(CONFIG_ANNOTATION) or "null")
            except ValueError:
                cfg = None
            return ann[HASH_ANNOTATION], cfg
    return None, None


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
