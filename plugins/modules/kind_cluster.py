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
  - Drift is also the node topology. Node containers missing from, or extra to, the requested nodes (for example a deleted
    worker container) are named as differences.
  - A newer kind CLI asked for the same O(kubernetes_version) (or for the default again) is not drift, although it picks other
    node images. The cluster is kept. The change is warned about and returned as RV(release_change).
  - The node image comes from a table of images pinned by digest for each kind release. The release is read from
    C(kind version) unless O(kind_release) is set. O(node_image) overrides it (and so does O(nodes[].image) for one node).
    The table records the release notes each row was read from (see C(docs/kind.md)).
  - A kind release the table does not know is refused unless O(node_image) is set, because kind supports a node image only
    with the release that built it. The exception is a release newer than every row, which gets the newest row's images with
    a warning. A pre-release kind (C(v0.33.0-alpha.N+sha)) is warned about and treated as a release the table does not know.
  - Checked before any command runs, besides the types and ranges. Node labels that kubelet refuses in C(--node-labels)
    (keys in C(kubernetes.io) or C(k8s.io), other than kubelet's own keys and the C(node.kubernetes.io/) and
    C(kubelet.kubernetes.io/) prefixes) are refused, because kind would fail only after the containers exist. Set role
    labels such as C(node-role.kubernetes.io/worker) after creation with C(kubectl label node).
    Containerd patches are parsed as TOML. JSON 6902 patches are parsed as lists of operations.
    The pod and service subnets must not overlap, counting kind's defaults for the one not given
    (services C(10.96.0.0/16) and C(fd00:10:96::/112), pods C(10.244.0.0/16) and C(fd00:10:244::/56)).
  - A missing C(kind) or provider CLI, or a provider that is not running, fails before anything else with an install hint.
    A failed C(kind create cluster) deletes the half-created cluster and reports kind's stderr.
  - Every command is run with an argument list through C(run_command); no shell strings are built from input.
    Every C(kind) command runs with C(KIND_EXPERIMENTAL_PROVIDER) set to O(provider). The nodes are read with the
    C(kubectl) inside the first control-plane container (C(<provider> exec)), so the host needs no C(kubectl).
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
  - kind and the CLI of O(provider) (docker, podman or nerdctl) on the controller, with a running engine
  - Python 3.11 or later to parse containerd patches as TOML (older Pythons only check that they are non-empty strings)
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
  provider:
    description:
      - The container engine kind runs the nodes with, passed to kind as C(KIND_EXPERIMENTAL_PROVIDER). Its CLI is used
        for C(info), C(exec) and C(image inspect).
      - O(load_images) needs V(docker), because C(kind load docker-image) reads the Docker image store.
    type: str
    choices: [docker, podman, nerdctl]
    default: docker
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
  nodes:
    description:
      - Every node, listed with its own settings, instead of O(control_plane_nodes) and O(worker_nodes) (set one or the other).
        At least one node is a control plane.
      - The cluster-wide options still apply. O(node_labels) and O(extra_port_mappings) go to the first control plane,
        O(worker_labels) to every worker and O(extra_mounts) to every node. A node's own values are added to them; its labels win.
    type: list
    elements: dict
    suboptions:
      role:
        description: Role of the node.
        type: str
        required: true
        choices: [control-plane, worker]
      image:
        description: Node image of this node instead of the table's or O(node_image).
        type: str
      labels:
        description: Labels of this node; the same kubelet rules as O(node_labels) apply.
        type: dict
      extra_port_mappings:
        description: Host ports forwarded to this node; the same keys as O(extra_port_mappings). Every host port is bound once across all nodes.
        type: list
        elements: dict
        suboptions:
          container_port:
            description: Port inside the node container.
            type: int
            required: true
          host_port:
            description: Port on the host.
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
      extra_mounts:
        description: Host paths mounted into this node; the same keys as O(extra_mounts).
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
          selinux_relabel:
            description: Relabel the mount for SELinux.
            type: bool
          propagation:
            description: Mount propagation.
            type: str
            choices: [None, HostToContainer, Bidirectional]
      kubeadm_config_patches:
        description: kubeadm config patches of this node only (for example its InitConfiguration or JoinConfiguration).
        type: list
        elements: str
      kubeadm_config_patches_json6902:
        description: JSON 6902 kubeadm patches of this node only; the same keys as O(kubeadm_config_patches_json6902).
        type: list
        elements: dict
        suboptions:
          group:
            description: API group of the kubeadm object, for example C(kubeadm.k8s.io).
            type: str
            required: true
          version:
            description: API version of the kubeadm object, for example C(v1beta3).
            type: str
            required: true
          kind:
            description: Kind of the kubeadm object, for example C(JoinConfiguration).
            type: str
            required: true
          patch:
            description: The JSON 6902 patch, a YAML or JSON list of operations.
            type: str
            required: true
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
      selinux_relabel:
        description: Relabel the mount for SELinux (kind's C(selinuxRelabel)).
        type: bool
      propagation:
        description: Mount propagation.
        type: str
        choices: [None, HostToContainer, Bidirectional]
  kubeadm_config_patches:
    description: kubeadm config patches, each a YAML document with a C(kind) key, applied to every node.
    type: list
    elements: str
  kubeadm_config_patches_json6902:
    description: JSON 6902 patches of kubeadm objects, applied to every node (kind's C(kubeadmConfigPatchesJSON6902)).
    type: list
    elements: dict
    suboptions:
      group:
        description: API group of the kubeadm object, for example C(kubeadm.k8s.io).
        type: str
        required: true
      version:
        description: API version of the kubeadm object, for example C(v1beta3).
        type: str
        required: true
      kind:
        description: Kind of the kubeadm object, for example C(ClusterConfiguration).
        type: str
        required: true
      patch:
        description: The JSON 6902 patch, a YAML or JSON list of operations (C(op), C(path), C(value)).
        type: str
        required: true
  containerd_config_patches:
    description: containerd config patches (TOML, parsed before anything runs), for example registry mirrors.
    type: list
    elements: str
  containerd_config_patches_json6902:
    description: JSON 6902 patches of the containerd config, each a YAML or JSON list of operations (kind's C(containerdConfigPatchesJSON6902)).
    type: list
    elements: str
  runtime_config:
    description: API server C(--runtime-config) entries, for example C(api/alpha) to V(false). Booleans become strings.
    type: dict
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
      dns_search:
        description: DNS search domains of the nodes (kind's C(dnsSearch)); an empty list sets none instead of the host's.
        type: list
        elements: str
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
  - name: Why kubelet refuses some node labels
    description: The kubelet rule for labels in the kubernetes.io and k8s.io namespaces.
    link: https://github.com/kubernetes/kubernetes/issues/85073
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

- name: Two nodes, each with its own ports and a worker on another Kubernetes version, run by podman
  platform.runtime.kind_cluster:
    name: lab
    provider: podman
    runtime_config:
      api/alpha: false
    networking:
      dns_search: []
    nodes:
      - role: control-plane
        extra_port_mappings:
          - container_port: 80
            host_port: 8080
      - role: worker
        image: kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed
        extra_port_mappings:
          - container_port: 80
            host_port: 8081

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
release_change:
  description: >-
    A newer kind CLI was asked for the same Kubernetes version (or the default again) and resolves it to other node images.
    The cluster is kept; this says what changed and how to move to the new images.
  returned: an existing cluster was created by another kind release for the same request
  type: str
kind_release:
  description: Output of C(kind version) reduced to the release (a pre-release keeps its suffix).
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

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import kind as kindlib
from ansible_collections.platform.runtime.plugins.module_utils import runner
from ansible_collections.platform.runtime.plugins.module_utils.kind_service import KindService

PORT_MAPPING_SPEC = dict(
    container_port=dict(type="int", required=True),
    host_port=dict(type="int", required=True),
    listen_address=dict(type="str"),
    protocol=dict(type="str", choices=list(kindlib.PROTOCOLS), default="TCP"),
)
MOUNT_SPEC = dict(
    host_path=dict(type="path", required=True),
    container_path=dict(type="str", required=True),
    read_only=dict(type="bool"),
    selinux_relabel=dict(type="bool"),
    propagation=dict(type="str", choices=list(kindlib.PROPAGATIONS)),
)
JSON6902_SPEC = dict(
    group=dict(type="str", required=True), version=dict(type="str", required=True), kind=dict(type="str", required=True), patch=dict(type="str", required=True)
)
NETWORKING_SPEC = dict(
    api_server_address=dict(type="str"),
    api_server_port=dict(type="int"),
    pod_subnet=dict(type="str"),
    service_subnet=dict(type="str"),
    disable_default_cni=dict(type="bool"),
    kube_proxy_mode=dict(type="str", choices=list(kindlib.KUBE_PROXY_MODES)),
    ip_family=dict(type="str", choices=list(kindlib.IP_FAMILIES)),
    dns_search=dict(type="list", elements="str"),
)
NODE_SPEC = dict(
    role=dict(type="str", required=True, choices=list(kindlib.ROLES)),
    image=dict(type="str"),
    labels=dict(type="dict"),
    extra_port_mappings=dict(type="list", elements="dict", options=PORT_MAPPING_SPEC),
    extra_mounts=dict(type="list", elements="dict", options=MOUNT_SPEC),
    kubeadm_config_patches=dict(type="list", elements="str"),
    kubeadm_config_patches_json6902=dict(type="list", elements="dict", options=JSON6902_SPEC),
)
ARGUMENT_SPEC = dict(
    name=dict(type="str", default=kindlib.OPTION_DEFAULTS["name"]),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    provider=dict(type="str", choices=list(kindlib.PROVIDERS), default="docker"),
    preset=dict(type="str", choices=sorted(kindlib.PRESETS)),
    kubernetes_version=dict(type="str"),
    node_image=dict(type="str"),
    kind_release=dict(type="str"),
    control_plane_nodes=dict(type="int"),
    worker_nodes=dict(type="int"),
    nodes=dict(type="list", elements="dict", options=NODE_SPEC),
    extra_port_mappings=dict(type="list", elements="dict", options=PORT_MAPPING_SPEC),
    node_labels=dict(type="dict"),
    worker_labels=dict(type="dict"),
    extra_mounts=dict(type="list", elements="dict", options=MOUNT_SPEC),
    kubeadm_config_patches=dict(type="list", elements="str"),
    kubeadm_config_patches_json6902=dict(type="list", elements="dict", options=JSON6902_SPEC),
    containerd_config_patches=dict(type="list", elements="str"),
    containerd_config_patches_json6902=dict(type="list", elements="str"),
    runtime_config=dict(type="dict"),
    networking=dict(type="dict", options=NETWORKING_SPEC),
    feature_gates=dict(type="dict"),
    recreate_on_change=dict(type="bool", default=False),
    kubeconfig_path=dict(type="path"),
    wait_timeout=dict(type="int", default=300),
    load_images=dict(type="list", elements="str", default=[]),
)


def reconcile(ctx):
    return KindService(ctx.module, ctx.params, check_mode=ctx.check_mode, diff=ctx.diff, tmpdir=ctx.tmpdir).run()


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, reconcile, requires=[(kindlib.HAS_YAML, "PyYAML", kindlib.YAML_IMPORT_ERROR)])


if __name__ == "__main__":
    main()
