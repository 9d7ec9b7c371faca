#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: kind_cluster
short_description: Create, reconcile or delete a local kind (Kubernetes in Docker) cluster
version_added: 0.1.0
description:
  - Renders a C(kind.x-k8s.io/v1alpha4) Cluster config from structured options (or a preset), validates it before any
    command runs, and creates, keeps, recreates or deletes the named kind cluster.
  - Idempotent. After creating a cluster the module records the config hash and the rendered config as annotations
    (C(platform.runtime/kind-config-hash), C(platform.runtime/kind-config)) on the first control-plane node. A later run
    that renders the same config reports no change; a different config fails and names every field that differs,
    unless O(recreate_on_change=true).
  - The node image comes from a table of images pinned by digest for each kind release (the release is read from
    C(kind version) unless O(kind_release) is set); O(node_image) overrides it.
  - A missing C(kind) or C(docker) binary, or a Docker daemon that is not running, fails before anything else with an
    install hint. A failed C(kind create cluster) deletes the half-created cluster and reports kind's stderr.
  - Every command is run with an argument list through C(run_command); no shell strings are built from input.
    The nodes are read with the C(kubectl) inside the first control-plane container, so the host needs no C(kubectl).
  - "Presets: V(dev) is one control plane and two workers; V(prod-like) is one control plane and three workers, API
    server port 6443 and host port 8443 mapped to container port 443. Explicit options override the preset's values;
    O(extra_port_mappings) are added to the preset's."
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
attributes:
  check_mode:
    support: full
    details: Nothing is created, deleted, written or loaded; the result says which action would be taken.
  diff_mode:
    support: full
    details: The diff shows the recorded config (before) and the rendered config (after) as YAML.
requirements:
  - kind and the docker CLI on the controller, with a running Docker daemon
options:
  name:
    description: Name of the kind cluster. The kubeconfig context is C(kind-<name>).
    type: str
    default: kind
  state:
    description: V(present) creates or keeps the cluster; V(absent) deletes it (and the file at O(kubeconfig_path)).
    type: str
    choices: [present, absent]
    default: present
  preset:
    description: Starting values for the node counts, API server port and port mappings.
    type: str
    choices: [dev, prod-like]
  kubernetes_version:
    description:
      - Kubernetes version of the nodes, C(MAJOR.MINOR) (the newest patch in the table) or C(MAJOR.MINOR.PATCH).
      - Defaults to the default image of the kind release.
    type: str
  node_image:
    description: Node image to use instead of the table, for example a locally built C(kindest/node) image.
    type: str
  kind_release:
    description: kind release whose node images to use, for example V(v0.33.0). Defaults to the output of C(kind version).
    type: str
  control_plane_nodes:
    description: Number of control-plane nodes (1 to 20). Defaults to the preset's, else 1.
    type: int
  worker_nodes:
    description: Number of worker nodes (0 to 20). Defaults to the preset's, else 0.
    type: int
  extra_port_mappings:
    description: Host ports forwarded to the first control-plane node, for example for an ingress controller.
    type: list
    elements: dict
    suboptions:
      container_port:
        description: Port inside the node container.
        type: int
        required: true
      host_port:
        description: Port on the host. Each host port, protocol and address may be bound once, including the API server port.
        type: int
        required: true
      listen_address:
        description: Host address to bind; kind binds C(0.0.0.0) when unset.
        type: str
      protocol:
        description: Protocol of the mapping.
        type: str
        choices: [TCP, UDP, SCTP]
        default: TCP
  node_labels:
    description: Labels of the first control-plane node, for example C(ingress-ready=true). Booleans and numbers become strings.
    type: dict
  worker_labels:
    description: Labels of every worker node.
    type: dict
  extra_mounts:
    description: Host paths mounted into every node.
    type: list
    elements: dict
    suboptions:
      host_path:
        description: Absolute path on the host.
        type: path
        required: true
      container_path:
        description: Absolute path in the node container.
        type: str
        required: true
      read_only:
        description: Mount read-only.
        type: bool
      propagation:
        description: Mount propagation.
        type: str
        choices: [None, HostToContainer, Bidirectional]
  kubeadm_config_patches:
    description: kubeadm config patches, each a YAML document with a C(kind) key, applied to every node.
    type: list
    elements: str
  containerd_config_patches:
    description: containerd config patches (TOML), for example registry mirrors.
    type: list
    elements: str
  networking:
    description: Cluster networking.
    type: dict
    suboptions:
      api_server_address:
        description: Host address the API server listens on; kind uses C(127.0.0.1) when unset.
        type: str
      api_server_port:
        description: Host port of the API server; kind picks a free port when unset.
        type: int
      pod_subnet:
        description: Pod CIDR; two comma-separated CIDRs (IPv4 and IPv6) for O(networking.ip_family=dual).
        type: str
      service_subnet:
        description: Service CIDR; must not overlap O(networking.pod_subnet).
        type: str
      disable_default_cni:
        description: Do not install kind's default CNI (install your own, for example Calico or Cilium).
        type: bool
      kube_proxy_mode:
        description: kube-proxy mode.
        type: str
        choices: [iptables, ipvs, nftables, none]
      ip_family:
        description: IP family of the cluster.
        type: str
        choices: [ipv4, ipv6, dual]
  feature_gates:
    description: Kubernetes feature gates, C(Name) to V(true) or V(false).
    type: dict
  recreate_on_change:
    description: Delete and recreate an existing cluster whose recorded config differs from the rendered one, instead of failing.
    type: bool
    default: false
  kubeconfig_path:
    description:
      - Write the cluster's kubeconfig here with mode 0600 (also passed to C(kind create cluster) and C(kind delete cluster),
        so the default kubeconfig is left alone).
      - When unset, kind merges the context into the default kubeconfig as usual.
    type: path
  wait_timeout:
    description:
      - Seconds to wait for every node to be Ready. On timeout the module fails and names each node that is not Ready and why.
      - V(0) does not wait; the readiness of the nodes is still returned.
    type: int
    default: 300
  load_images:
    description:
      - Local Docker images to load into every node (C(kind load docker-image)), for offline or air-gapped work.
      - Only images missing from a node (by image ID) are loaded; a run that loads nothing reports no change for them.
    type: list
    elements: str
    default: []
notes:
  - The unit tests of this module fake C(run_command) because kind cannot run on the project's test machines; the
    molecule scenario C(kind) runs it for real on a CI runner that has Docker.
seealso:
  - name: kind configuration
    description: The kind Cluster config this module renders.
    link: https://kind.sigs.k8s.io/docs/user/configuration/
"""

EXAMPLES = r"""
- name: A dev cluster with ingress ports on localhost
  platform.runtime.kind_cluster:
    name: dev
    preset: dev
    extra_port_mappings:
      - container_port: 80
        host_port: 80
        listen_address: 127.0.0.1
      - container_port: 443
        host_port: 443
        listen_address: 127.0.0.1
    node_labels:
      ingress-ready: "true"
    kubeconfig_path: "{{ lookup('ansible.builtin.env', 'HOME') }}/.kube/kind-dev.kubeconfig"
  register: kind

- name: A production-like cluster on Kubernetes 1.35 with a registry mirror, recreated when its config changes
  platform.runtime.kind_cluster:
    name: staging-like
    preset: prod-like
    kubernetes_version: "1.35"
    networking:
      pod_subnet: 10.244.0.0/16
      service_subnet: 10.96.0.0/16
    containerd_config_patches:
      - |
        [plugins."io.containerd.grpc.v1.cri".registry]
          config_path = "/etc/containerd/certs.d"
    recreate_on_change: true

- name: Preload locally built images
  platform.runtime.kind_cluster:
    name: dev
    preset: dev
    load_images:
      - example.invalid/payments:dev

- name: Delete the cluster
  platform.runtime.kind_cluster:
    name: dev
    state: absent
"""

RETURN = r"""
action:
  description: What was done (or would be in check mode).
  returned: always
  type: str
  sample: create
  choices: [create, recreate, none, delete]
context:
  description: Kubeconfig context of the cluster.
  returned: always
  type: str
  sample: kind-dev
kubeconfig:
  description: Path of the exported kubeconfig (mode 0600).
  returned: state=present and O(kubeconfig_path) is set
  type: str
config:
  description: The rendered kind Cluster config.
  returned: state=present
  type: dict
config_yaml:
  description: The rendered kind Cluster config as YAML, as given to C(kind create cluster).
  returned: state=present
  type: str
config_hash:
  description: Hash of the rendered config, recorded on the cluster.
  returned: state=present
  type: str
differences:
  description: "Fields where the recorded config differs from the rendered one, each as C(path: old -> new)."
  returned: state=present
  type: list
  elements: str
  sample: ["networking.apiServerPort: 6443 -> 7443", "nodes: 3 entries -> 4 entries"]
kind_release:
  description: Output of C(kind version) reduced to the release.
  returned: state=present
  type: str
  sample: v0.33.0
node_image:
  description: Node image of the rendered config.
  returned: state=present
  type: str
kubernetes_version:
  description: Kubernetes version of the node image (empty when O(node_image) is set without O(kubernetes_version)).
  returned: state=present
  type: str
  sample: 1.37.0
nodes:
  description: Readiness of each node.
  returned: state=present and not in check mode on a cluster that would be created
  type: list
  elements: dict
  sample: [{"name": "dev-control-plane", "ready": true, "reason": ""}]
images_loaded:
  description: Images of O(load_images) that were loaded (or would be in check mode).
  returned: state=present
  type: list
  elements: str
"""

import json
import os
import tempfile
import time

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.platform.runtime.plugins.module_utils import kind as kindlib

POLL_INTERVAL = 5
NODE_KUBECTL = ["kubectl", "--kubeconfig", "/etc/kubernetes/admin.conf"]
KIND_INSTALL_HINT = "install kind: https://kind.sigs.k8s.io/docs/user/quick-start/#installation (for example the release binary of v0.33.0)"
DOCKER_INSTALL_HINT = "install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop"

# Indirection so unit tests can run the wait loop on a fake clock.
_now = time.monotonic
_sleep = time.sleep

PORT_MAPPING_SPEC = dict(
    container_port=dict(type="int", required=True),
    host_port=dict(type="int", required=True),
    listen_address=dict(type="str"),
    protocol=dict(type="str", choices=["TCP", "UDP", "SCTP"], default="TCP"),
)
MOUNT_SPEC = dict(
    host_path=dict(type="path", required=True),
    container_path=dict(type="str", required=True),
    read_only=dict(type="bool"),
    propagation=dict(type="str", choices=["None", "HostToContainer", "Bidirectional"]),
)
NETWORKING_SPEC = dict(
    api_server_address=dict(type="str"),
    api_server_port=dict(type="int"),
    pod_subnet=dict(type="str"),
    service_subnet=dict(type="str"),
    disable_default_cni=dict(type="bool"),
    kube_proxy_mode=dict(type="str", choices=["iptables", "ipvs", "nftables", "none"]),
    ip_family=dict(type="str", choices=["ipv4", "ipv6", "dual"]),
)
ARGUMENT_SPEC = dict(
    name=dict(type="str", default="kind"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    preset=dict(type="str", choices=["dev", "prod-like"]),
    kubernetes_version=dict(type="str"),
    node_image=dict(type="str"),
    kind_release=dict(type="str"),
    control_plane_nodes=dict(type="int"),
    worker_nodes=dict(type="int"),
    extra_port_mappings=dict(type="list", elements="dict", options=PORT_MAPPING_SPEC),
    node_labels=dict(type="dict"),
    worker_labels=dict(type="dict"),
    extra_mounts=dict(type="list", elements="dict", options=MOUNT_SPEC),
    kubeadm_config_patches=dict(type="list", elements="str"),
    containerd_config_patches=dict(type="list", elements="str"),
    networking=dict(type="dict", options=NETWORKING_SPEC),
    feature_gates=dict(type="dict"),
    recreate_on_change=dict(type="bool", default=False),
    kubeconfig_path=dict(type="path"),
    wait_timeout=dict(type="int", default=300),
    load_images=dict(type="list", elements="str", default=[]),
)


class KindClusterError(Exception):
    """A failure to report from main(); ``details`` go into the result."""

    def __init__(self, msg, **details):
        super().__init__(msg)
        self.details = details


class KindCli:
    """The kind and docker commands this module runs, each an argument list."""

    def __init__(self, module):
        self.module = module
        self.kind = module.get_bin_path("kind")
        self.docker = module.get_bin_path("docker")
        if not self.kind:
            raise KindClusterError("kind was not found in PATH; " + KIND_INSTALL_HINT)
        if not self.docker:
            raise KindClusterError("the docker CLI was not found in PATH (kind runs its nodes as Docker containers); " + DOCKER_INSTALL_HINT)

    def run(self, argv):
        return self.module.run_command(argv, check_rc=False)

    def must(self, argv, what):
        rc, out, err = self.run(argv)
        if rc != 0:
            raise KindClusterError(f"{what} failed (rc={rc}): {(err or out).strip()}", rc=rc, stderr=err, cmd=argv)
        return out

    def check_daemon(self):
        rc, out, err = self.run([self.docker, "info", "--format", "{{.ServerVersion}}"])
        if rc != 0:
            raise KindClusterError(
                f"the Docker daemon is not reachable (docker info: {(err or out).strip()}); start it (sudo systemctl start docker, or open Docker Desktop) "
                f"and make sure your user may use it (the docker group), or {DOCKER_INSTALL_HINT}",
                stderr=err,
            )
        return out.strip()

    def release(self):
        return kindlib.parse_release(self.must([self.kind, "version"], "kind version"))

    def clusters(self):
        return [line.strip() for line in self.must([self.kind, "get", "clusters"], "kind get clusters").splitlines() if line.strip()]

    def nodes(self, name):
        return kindlib.cluster_nodes(self.must([self.kind, "get", "nodes", "--name", name], "kind get nodes"))

    def create(self, name, config_path, kubeconfig):
        argv = [self.kind, "create", "cluster", "--name", name, "--config", config_path]
        if kubeconfig:
            argv += ["--kubeconfig", kubeconfig]
        return self.run(argv)

    def delete(self, name, kubeconfig):
        argv = [self.kind, "delete", "cluster", "--name", name]
        if kubeconfig:
            argv += ["--kubeconfig", kubeconfig]
        return self.run(argv)

    def kubeconfig(self, name):
        return self.must([self.kind, "get", "kubeconfig", "--name", name], "kind get kubeconfig")

    def get_nodes(self, control_plane):
        out = self.must(
            [self.docker, "exec", control_plane] + NODE_KUBECTL + ["get", "nodes", "-o", "json"],
            f"kubectl get nodes on {control_plane}",
        )
        try:
            return json.loads(out)
        except ValueError as e:
            raise KindClusterError(f"kubectl get nodes on {control_plane} returned no JSON: {e}") from e

    def record(self, control_plane, config_hash, config):
        annotations = [
            f"{kindlib.HASH_ANNOTATION}={config_hash}",
            f"{kindlib.CONFIG_ANNOTATION}={json.dumps(config, sort_keys=True, separators=(',', ':'))}",
        ]
        argv = [self.docker, "exec", control_plane] + NODE_KUBECTL + ["annotate", "node", control_plane, "--overwrite"] + annotations
        self.must(argv, f"recording the config on node {control_plane}")

    def local_image_ids(self, images):
        rc, out, err = self.run([self.docker, "image", "inspect", "--format", "{{.Id}}"] + list(images))
        if rc != 0:
            raise KindClusterError(
                f"load_images: {(err or out).strip()}; expected images present in the local Docker image store (docker pull or docker build them first)",
                stderr=err,
            )
        ids = out.split()
        if len(ids) != len(images):
            raise KindClusterError(f"load_images: docker image inspect returned {len(ids)} IDs for {len(images)} images: {out!r}")
        return {img: ids[i] for i, img in enumerate(images)}

    def node_image_ids(self, node):
        out = self.must([self.docker, "exec", node, "crictl", "images", "-o", "json"], f"crictl images on {node}")
        try:
            return {img.get("id") for img in json.loads(out).get("images", [])}
        except (ValueError, AttributeError) as e:
            raise KindClusterError(f"crictl images on {node} returned no JSON: {e}") from e

    def load(self, name, images):
        self.must([self.kind, "load", "docker-image", "--name", name] + list(images), "kind load docker-image")


def _first_control_plane(cli, name):
    nodes = cli.nodes(name)
    cps = kindlib.control_plane_nodes(nodes)
    if not cps:
        raise KindClusterError(f"kind cluster {name} has no control-plane node (kind get nodes: {', '.join(nodes) or 'none'})")
    return nodes, cps[0]


def create_cluster(cli, module, name, config_yaml, kubeconfig):
    """kind create cluster; on failure delete whatever was half-created and report kind's stderr."""
    fd, path = tempfile.mkstemp(prefix=f"kind-{name}-", suffix=".yaml", dir=module.tmpdir)
    with os.fdopen(fd, "w") as f:
        f.write(config_yaml)
    try:
        rc, out, err = cli.create(name, path, kubeconfig)
    finally:
        os.unlink(path)
    if rc == 0:
        return
    drc, dout, derr = cli.delete(name, kubeconfig)
    cleanup = "the partial cluster was deleted" if drc == 0 else f"deleting the partial cluster also failed: {(derr or dout).strip()}"
    raise KindClusterError(
        f"kind create cluster {name} failed (rc={rc}); {cleanup}. kind said:\n{(err or out).strip()}",
        rc=rc,
        stderr=err,
        cleaned_up=drc == 0,
    )


def write_kubeconfig(path, content, check_mode):
    """Write ``content`` to ``path`` with mode 0600; returns whether anything changed."""
    current = None
    if os.path.exists(path):
        with open(path) as f:
            current = f.read()
    if current == content and (os.stat(path).st_mode & 0o777) == 0o600:
        return False
    if check_mode:
        return True
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, mode=0o700, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kubeconfig-", dir=directory)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(content)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True


def wait_ready(cli, control_plane, nodes, timeout, first=None):
    """Poll until every node is Ready; on timeout raise naming the nodes that are not Ready and why."""
    deadline = _now() + timeout
    nodes_json = first
    while True:
        if nodes_json is None:
            nodes_json = cli.get_nodes(control_plane)
        report = kindlib.readiness(nodes_json, nodes)
        if timeout <= 0 or all(r["ready"] for r in report):
            return report
        if _now() >= deadline:
            raise KindClusterError(f"nodes not Ready after {timeout}s: {kindlib.not_ready_summary(report)}", nodes=report)
        _sleep(POLL_INTERVAL)
        nodes_json = None


def missing_images(cli, nodes, images):
    """Images of ``images`` that some node lacks (compared by image ID)."""
    if not images:
        return []
    wanted = cli.local_image_ids(images)
    on_nodes = [cli.node_image_ids(n) for n in nodes]
    return [img for img in images if any(wanted[img] not in ids for ids in on_nodes)]


def ensure_absent(module, cli, name, exists):
    path = module.params["kubeconfig_path"]
    file_there = bool(path) and os.path.exists(path)
    changed = exists or file_there
    result = dict(changed=changed, action="delete" if exists else "none", context="kind-" + name)
    if module._diff:
        result["diff"] = dict(before=f"kind cluster {name}\n" if exists else "", after="")
    if module.check_mode or not changed:
        return result
    if exists:
        rc, out, err = cli.delete(name, path)
        if rc != 0:
            raise KindClusterError(f"kind delete cluster {name} failed (rc={rc}): {(err or out).strip()}", rc=rc, stderr=err)
    if file_there:
        os.unlink(path)
    return result


def ensure_present(module, cli, name, exists, options):
    p = module.params
    detected = cli.release()
    release, warning = kindlib.table_release(detected or "unknown")
    if warning and not p["kind_release"] and not p["node_image"]:
        module.warn(warning)
    try:
        image, version = kindlib.resolve(options, release)[1:]
        desired = kindlib.render(options, release)
    except kindlib.KindError as e:
        raise KindClusterError(str(e), errors=e.errors) from e
    config_yaml = kindlib.to_yaml(desired)
    config_hash = kindlib.config_hash(desired)
    result = dict(
        changed=False,
        action="none",
        context="kind-" + name,
        config=desired,
        config_yaml=config_yaml,
        config_hash=config_hash,
        differences=[],
        kind_release=detected or "",
        node_image=image,
        kubernetes_version=version or "",
        images_loaded=[],
    )

    before_yaml, nodes_json, nodes, control_plane = "", None, [], None
    if exists:
        nodes, control_plane = _first_control_plane(cli, name)
        nodes_json = cli.get_nodes(control_plane)
        recorded_hash, recorded = kindlib.recorded_state(nodes_json)
        status, differences = kindlib.compare(recorded_hash, recorded, desired)
        before_yaml = kindlib.to_yaml(recorded) if recorded else ""
        result["differences"] = differences
        if status != "match":
            if not p["recreate_on_change"]:
                details = dict(differences=differences, action="none", context=result["context"])
                if module._diff:
                    details["diff"] = dict(before=before_yaml, after=config_yaml)
                raise KindClusterError(
                    f"kind cluster {name} differs from the requested config: {'; '.join(differences)}. Set recreate_on_change=true to delete and recreate it.",
                    **details,
                )
            result["action"] = "recreate"
    else:
        result["action"] = "create"
    if module._diff:
        result["diff"] = dict(
            before=before_yaml,
            after=config_yaml,
            before_header=f"kind cluster {name} (recorded)",
            after_header=f"kind cluster {name} (rendered)",
        )

    kubeconfig = p["kubeconfig_path"]
    if kubeconfig:
        result["kubeconfig"] = kubeconfig
    if result["action"] != "none":
        result["changed"] = True
        if module.check_mode:
            result["images_loaded"] = list(p["load_images"])
            result["msg"] = f"would {result['action']} kind cluster {name}"
            return result
        if result["action"] == "recreate":
            rc, out, err = cli.delete(name, kubeconfig)
            if rc != 0:
                raise KindClusterError(
                    f"kind delete cluster {name} (to recreate it) failed (rc={rc}): {(err or out).strip()}",
                    rc=rc,
                    stderr=err,
                )
        create_cluster(cli, module, name, config_yaml, kubeconfig)
        nodes, control_plane = _first_control_plane(cli, name)
        cli.record(control_plane, config_hash, desired)
        nodes_json = None

    if kubeconfig and write_kubeconfig(kubeconfig, cli.kubeconfig(name), module.check_mode):
        result["changed"] = True
    result["nodes"] = wait_ready(cli, control_plane, nodes, p["wait_timeout"], nodes_json)

    missing = missing_images(cli, nodes, p["load_images"])
    if missing:
        result["changed"] = True
        result["images_loaded"] = missing
        if not module.check_mode:
            cli.load(name, missing)
    return result


def check_module_options(p):
    """The options kindlib does not know about; same error style."""
    errors = []
    if p["wait_timeout"] < 0:
        errors.append(f"wait_timeout: {p['wait_timeout']!r} is negative; expected 0 (do not wait) or more seconds")
    for i, image in enumerate(p["load_images"]):
        if not image.strip() or any(c.isspace() for c in image):
            errors.append(f"load_images[{i}]: {image!r} is not an image reference; expected for example registry.example/app:tag")
    if p["kubeconfig_path"] and os.path.isdir(p["kubeconfig_path"]):
        errors.append(f"kubeconfig_path: {p['kubeconfig_path']!r} is a directory; expected a file path such as ~/.kube/kind-{p['name']}.kubeconfig")
    if errors:
        raise kindlib.KindError(errors)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    if not kindlib.HAS_YAML:
        module.fail_json(msg=missing_required_lib("PyYAML"), exception=str(kindlib.YAML_IMPORT_ERROR))
    p = module.params
    options = {k: p[k] for k in kindlib.OPTION_DEFAULTS}
    try:
        kindlib.validate(options)
        check_module_options(p)
    except kindlib.KindError as e:
        module.fail_json(msg=str(e), errors=e.errors)

    try:
        cli = KindCli(module)
        cli.check_daemon()
        exists = p["name"] in cli.clusters()
        if p["state"] == "absent":
            result = ensure_absent(module, cli, p["name"], exists)
        else:
            result = ensure_present(module, cli, p["name"], exists, options)
    except KindClusterError as e:
        module.fail_json(msg=str(e), **e.details)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
