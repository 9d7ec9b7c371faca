# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure kind config model: snapshots against hand-written v1alpha4 configs, presets, images, drift, readiness."""

from __future__ import annotations

import json
import os
import re

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import kind

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "kind")

FULL_INPUT = {
    "name": "full",
    "node_image": "registry.example/kindest/node:v1.35.8",
    "control_plane_nodes": 3,
    "worker_nodes": 1,
    "extra_port_mappings": [
        {"container_port": 30080, "host_port": 8080},
        {"container_port": 30053, "host_port": 8080, "listen_address": "127.0.0.1", "protocol": "UDP"},
    ],
    "node_labels": {"ingress-ready": True, "topology.kubernetes.io/zone": "a"},
    "worker_labels": {"tier": "general"},
    "extra_mounts": [
        {"host_path": "/srv/data", "container_path": "/data", "read_only": True},
        {"host_path": "/var/run/registry", "container_path": "/registry", "propagation": "HostToContainer"},
    ],
    "kubeadm_config_patches": ["kind: ClusterConfiguration\napiServer:\n  extraArgs:\n    enable-admission-plugins: NodeRestriction\n"],
    "containerd_config_patches": ['[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/etc/containerd/certs.d"\n'],
    "networking": {
        "api_server_address": "127.0.0.1",
        "api_server_port": 7443,
        "pod_subnet": "10.244.0.0/16,fd00:10:244::/56",
        "service_subnet": "10.96.0.0/16,fd00:10:96::/112",
        "disable_default_cni": True,
        "kube_proxy_mode": "nftables",
        "ip_family": "dual",
    },
    "feature_gates": {"InPlacePodVerticalScaling": True, "SidecarContainers": False},
}

SNAPSHOTS = [
    ("minimal.yaml", {"name": "minimal"}),
    (
        "dev.yaml",
        {
            "name": "dev",
            "preset": "dev",
            "extra_port_mappings": [
                {"container_port": 80, "host_port": 80, "listen_address": "127.0.0.1"},
                {"container_port": 443, "host_port": 443, "listen_address": "127.0.0.1"},
            ],
            "node_labels": {"ingress-ready": "true"},
        },
    ),
    ("prod-like.yaml", {"name": "staging-like", "preset": "prod-like", "kubernetes_version": "1.36"}),
    ("full.yaml", FULL_INPUT),
]


def _fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return yaml.safe_load(f)


@pytest.mark.parametrize("fixture,params", SNAPSHOTS, ids=[s[0] for s in SNAPSHOTS])
def test_render_matches_hand_written_snapshot(fixture, params):
    rendered = kind.render(params, "v0.33.0")
    assert rendered == _fixture(fixture)
    # The YAML given to kind parses back to the same config, block literals included.
    assert yaml.safe_load(kind.to_yaml(rendered)) == rendered


def test_to_yaml_keeps_kind_key_order_and_block_literals():
    text = kind.to_yaml(kind.render(FULL_INPUT))
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "-"))]
    assert keys == [
        "kind",
        "apiVersion",
        "name",
        "featureGates",
        "networking",
        "kubeadmConfigPatches",
        "containerdConfigPatches",
        "nodes",
    ]
    assert "- |\n  kind: ClusterConfiguration\n" in text


def test_presets_are_the_designed_shapes():
    dev = kind.render({"name": "a", "preset": "dev"})
    assert [n["role"] for n in dev["nodes"]] == ["control-plane", "worker", "worker"]
    assert "networking" not in dev
    prod = kind.render({"name": "a", "preset": "prod-like"})
    assert [n["role"] for n in prod["nodes"]] == ["control-plane"] + ["worker"] * 3
    assert prod["networking"] == {"apiServerPort": 6443}
    assert prod["nodes"][0]["extraPortMappings"] == [{"containerPort": 443, "hostPort": 8443, "protocol": "TCP"}]


def test_explicit_options_override_preset_and_add_port_mappings():
    cfg = kind.render(
        {
            "name": "a",
            "preset": "prod-like",
            "worker_nodes": 1,
            "networking": {"api_server_port": 7443},
            "extra_port_mappings": [{"container_port": 80, "host_port": 80}],
        }
    )
    assert len(cfg["nodes"]) == 2
    assert cfg["networking"]["apiServerPort"] == 7443
    assert [m["hostPort"] for m in cfg["nodes"][0]["extraPortMappings"]] == [8443, 80]


def test_repeating_a_preset_mapping_is_not_a_collision():
    cfg = kind.render(
        {
            "name": "a",
            "preset": "prod-like",
            "extra_port_mappings": [{"container_port": 443, "host_port": 8443, "protocol": "TCP", "listen_address": None}],
        }
    )
    assert len(cfg["nodes"][0]["extraPortMappings"]) == 1


def test_preset_and_equivalent_explicit_options_hash_the_same():
    a = kind.render({"name": "a", "preset": "dev"})
    b = kind.render({"name": "a", "control_plane_nodes": 1, "worker_nodes": 2})
    assert kind.config_hash(a) == kind.config_hash(b)
    assert len(kind.config_hash(a)) == 32
    c = kind.render({"name": "a", "control_plane_nodes": 1, "worker_nodes": 3})
    assert kind.config_hash(a) != kind.config_hash(c)


@pytest.mark.parametrize(
    "version,release,image_tag",
    [
        (None, "v0.33.0", "v1.37.0@"),
        ("1.35", "v0.33.0", "v1.35.8@"),
        ("v1.34.11", "v0.33.0", "v1.34.11@"),
        (None, "v0.32.0", "v1.36.1@"),
        ("1.35", "v0.31.0", "v1.35.0@"),
    ],
)
def test_node_image_pinned_by_digest_per_release(version, release, image_tag):
    image, resolved = kind.resolve_node_image(version, release)
    assert image.startswith("kindest/node:" + image_tag + "sha256:")
    assert len(image.split("@sha256:")[1]) == 64
    assert resolved == image_tag[1:-1]


def test_node_image_override_wins():
    assert kind.resolve_node_image("1.35", "v0.10.0", "my/node:x") == ("my/node:x", "1.35")


def test_unknown_version_for_release_says_where_it_exists():
    with pytest.raises(kind.KindError) as err:
        kind.resolve_node_image("1.37", "v0.31.0")
    assert "kubernetes_version: '1.37' has no node image for kind v0.31.0 (it is published for kind v0.33.0)" in str(err.value)


def test_parse_release_and_table_fallback():
    assert kind.parse_release("kind v0.33.0 go1.24.2 linux/amd64") == "v0.33.0"
    assert kind.parse_release("kind version 0.31.0") == "v0.31.0"
    assert kind.parse_release("") is None
    assert kind.parse_release("kind v0.34.0-alpha.12+3f2a9c1 go1.25 linux/amd64") == "v0.34.0-alpha.12+3f2a9c1"
    assert kind.table_release("v0.32.0") == ("v0.32.0", [])
    release, warnings = kind.table_release("v0.40.0")
    assert release == "v0.33.0" and "v0.40.0 is newer than the node-image table (v0.33.0, v0.32.0, v0.31.0)" in warnings[0]


@pytest.mark.parametrize("release", ["v0.30.0", "v0.31.5", "v0.33.0-alpha.4+abcdef0", None])
def test_table_release_refuses_releases_it_does_not_know(release):
    with pytest.raises(kind.KindError) as err:
        kind.table_release(release)
    assert "is not in the node-image table, which knows v0.33.0, v0.32.0, v0.31.0" in str(err.value)
    assert "node_image" in str(err.value)


def test_prerelease_newer_than_table_uses_newest_row_with_warnings():
    release, warnings = kind.table_release("v0.34.0-alpha.1+abc")
    assert release == "v0.33.0" and "newer than the node-image table" in warnings[0]
    assert "is a pre-release" in kind.prerelease_warning("v0.34.0-alpha.1+abc")
    assert kind.prerelease_warning("v0.34.0") is None


def test_every_table_row_is_pinned_sourced_and_each_release_has_one_default():
    digest = re.compile(r"^kindest/node:v(\d+\.\d+\.\d+)@sha256:[0-9a-f]{64}$")
    for release, version, image, _default, source in kind.IMAGE_TABLE:
        m = digest.match(image)
        assert m, f"{release} {version}: {image!r} is not pinned by a 64-hex sha256 digest"
        assert m.group(1) == version, f"{release}: the tag of {image} does not match {version}"
        assert f"releases/tag/{release}" in source, f"{release} {version}: source {source!r} does not name the release notes"
    for release in {row[0] for row in kind.IMAGE_TABLE}:
        defaults = [row[1] for row in kind.IMAGE_TABLE if row[0] == release and row[3]]
        assert len(defaults) == 1, f"{release}: {len(defaults)} rows marked default"
        assert kind.DEFAULT_VERSIONS[release] == defaults[0]
    assert len({(row[0], row[1]) for row in kind.IMAGE_TABLE}) == len(kind.IMAGE_TABLE)


# -- validation: each bad value is named with the field and what is expected ----------------
@pytest.mark.parametrize(
    "params,message",
    [
        ({"name": "-x"}, "name: '-x' is not a valid cluster name"),
        ({"name": "a" * 51}, "is not a valid cluster name; expected at most 50"),
        ({"preset": "tiny"}, "preset: 'tiny' is not a preset; expected one of dev, prod-like"),
        ({"kubernetes_version": "1.99"}, "kubernetes_version: '1.99' is unknown"),
        ({"kubernetes_version": "stable"}, "kubernetes_version: 'stable' is not a version"),
        ({"node_image": ""}, "node_image: '' is not an image reference"),
        ({"kind_release": "latest"}, "kind_release: 'latest' is not a kind release"),
        ({"kind_release": "v0.1.0"}, "kind_release: 'v0.1.0' is not in the node-image table"),
        ({"control_plane_nodes": 0}, "control_plane_nodes: 0 is out of range; expected an integer from 1 to 20"),
        ({"control_plane_nodes": True}, "control_plane_nodes: True is out of range"),
        ({"worker_nodes": 21}, "worker_nodes: 21 is out of range; expected an integer from 0 to 20"),
        ({"extra_port_mappings": "80:80"}, "extra_port_mappings: '80:80' is not a list"),
        ({"extra_port_mappings": [42]}, "extra_port_mappings[0]: 42 is not a mapping"),
        (
            {"extra_port_mappings": [{"container_port": 80, "host_port": 80, "hostPort": 1}]},
            "extra_port_mappings[0].hostPort: unknown key",
        ),
        (
            {"extra_port_mappings": [{"container_port": 80, "host_port": 65536}]},
            "extra_port_mappings[0].host_port: 65536 is not a port",
        ),
        (
            {"extra_port_mappings": [{"container_port": "80", "host_port": 80}]},
            "extra_port_mappings[0].container_port: '80' is not a port",
        ),
        (
            {"extra_port_mappings": [{"container_port": 80, "host_port": 80, "protocol": "tcp"}]},
            "extra_port_mappings[0].protocol: 'tcp' is not a protocol",
        ),
        (
            {"extra_port_mappings": [{"container_port": 80, "host_port": 80, "listen_address": "::1x"}]},
            "extra_port_mappings[0].listen_address: '::1x' is not an IP",
        ),
        (
            {
                "extra_port_mappings": [
                    {"container_port": 80, "host_port": 80, "listen_address": "127.0.0.1"},
                    {"container_port": 81, "host_port": 80},
                ]
            },
            "extra_port_mappings[1].host_port: host port 80/TCP on 0.0.0.0 collides with extra_port_mappings[0].host_port",
        ),
        (
            {
                "networking": {"api_server_port": 6443},
                "extra_port_mappings": [{"container_port": 1, "host_port": 6443}],
            },
            "collides with networking.api_server_port",
        ),
        ({"node_labels": ["a"]}, "node_labels: ['a'] is not a mapping"),
        ({"node_labels": {"a/b/c": "x"}}, "node_labels: key 'a/b/c' is not a label key"),
        ({"node_labels": {"Example.COM/x": "y"}}, "node_labels: key 'Example.COM/x' is not a label key"),
        ({"worker_labels": {"x": "v" * 64}}, "worker_labels.x: '" + "v" * 64 + "' is not a label value"),
        ({"extra_mounts": {"a": 1}}, "extra_mounts: {'a': 1} is not a list"),
        (
            {"extra_mounts": [{"host_path": "/a", "container_path": "b"}]},
            "extra_mounts[0].container_path: 'b' is not an absolute path",
        ),
        (
            {"extra_mounts": [{"host_path": "/a", "container_path": "/b", "read_only": "yes"}]},
            "extra_mounts[0].read_only: 'yes' is not a boolean",
        ),
        (
            {"extra_mounts": [{"host_path": "/a", "container_path": "/b", "propagation": "rslave"}]},
            "extra_mounts[0].propagation: 'rslave' is not a propagation mode",
        ),
        ({"kubeadm_config_patches": "kind: X"}, "kubeadm_config_patches: 'kind: X' is not a list"),
        ({"kubeadm_config_patches": ["- a\n- b\n"]}, "kubeadm_config_patches[0]: '- a\\n- b\\n' has no kind key"),
        ({"containerd_config_patches": [3]}, "containerd_config_patches[0]: 3 is empty or not a string"),
        ({"networking": "x"}, "networking: 'x' is not a mapping"),
        ({"networking": {"podSubnet": "10.0.0.0/8"}}, "networking.podSubnet: unknown key"),
        ({"networking": {"pod_subnet": "10.244.0.0/33"}}, "networking.pod_subnet: '10.244.0.0/33' is not a valid CIDR"),
        ({"networking": {"service_subnet": ""}}, "networking.service_subnet: '' is not a CIDR"),
        (
            {"networking": {"pod_subnet": "10.244.0.0/16", "service_subnet": "10.244.128.0/20"}},
            "networking.service_subnet: 10.244.128.0/20 overlaps networking.pod_subnet 10.244.0.0/16",
        ),
        (
            {"networking": {"ip_family": "dual", "pod_subnet": "10.244.0.0/16"}},
            "does not match ip_family dual; expected one IPv4 and one IPv6 CIDR",
        ),
        ({"networking": {"ip_family": "ipv5"}}, "networking.ip_family: 'ipv5' is not an IP family"),
        (
            {"networking": {"api_server_address": "0.0.0.0.0"}},
            "networking.api_server_address: '0.0.0.0.0' is not an IP address",
        ),
        ({"networking": {"api_server_port": 70000}}, "networking.api_server_port: 70000 is not a port"),
        ({"networking": {"disable_default_cni": "true"}}, "networking.disable_default_cni: 'true' is not a boolean"),
        ({"networking": {"kube_proxy_mode": "userspace"}}, "networking.kube_proxy_mode: 'userspace' is not a mode"),
        ({"feature_gates": ["A"]}, "feature_gates: ['A'] is not a mapping"),
        ({"feature_gates": {"my-gate": True}}, "feature_gates: key 'my-gate' is not a feature gate name"),
        ({"feature_gates": {"MyGate": 1}}, "feature_gates.MyGate: 1 is not a boolean"),
        ({"topology": []}, "topology: unknown option(s)"),
    ],
)
def test_validate_names_field_value_and_expectation(params, message):
    with pytest.raises(kind.KindError) as err:
        kind.render(dict({"name": "t"}, **params))
    assert message in str(err.value)
    assert "expected" in str(err.value)


def test_validate_collects_every_error():
    with pytest.raises(kind.KindError) as err:
        kind.validate({"name": "X", "control_plane_nodes": 0, "worker_nodes": -1})
    assert [e.split(":")[0] for e in err.value.errors] == ["name", "control_plane_nodes", "worker_nodes"]


def test_label_values_from_yaml_booleans_and_numbers_become_strings():
    cfg = kind.render({"name": "a", "node_labels": {"ingress-ready": True, "rank": 3}})
    assert cfg["nodes"][0]["labels"] == {"ingress-ready": "true", "rank": "3"}


def test_validate_does_not_mutate_input():
    params = {"name": "a", "preset": "prod-like", "extra_port_mappings": [{"container_port": 80, "host_port": 80}]}
    before = json.dumps(params, sort_keys=True)
    kind.render(params)
    assert json.dumps(params, sort_keys=True) == before


# -- drift -----------------------------------------------------------------------------------
def test_compare_match_drift_and_unknown():
    old = kind.render({"name": "a", "preset": "dev"})
    new = kind.render(
        {
            "name": "a",
            "preset": "dev",
            "worker_nodes": 1,
            "networking": {"pod_subnet": "10.1.0.0/16"},
            "node_labels": {"x": "y"},
        }
    )
    assert kind.compare(kind.config_hash(old), old, old) == ("match", [])
    status, diffs = kind.compare(kind.config_hash(old), old, new)
    assert status == "drift"
    assert diffs == [
        'networking: (unset) -> {"podSubnet": "10.1.0.0/16"}',
        "nodes: 3 entries -> 2 entries",
        'nodes[0].labels: (unset) -> {"x": "y"}',
    ]
    assert kind.compare(None, None, new)[0] == "unknown"
    status, diffs = kind.compare("0" * 32, None, new)
    assert status == "drift" and "recorded config is unreadable" in diffs[0]


def test_diff_fields_names_nested_value_changes():
    a = {"networking": {"apiServerPort": 6443}, "nodes": [{"image": "x:1"}]}
    b = {"networking": {"apiServerPort": 7443}, "nodes": [{"image": "x:2"}]}
    assert kind.diff_fields(a, b) == ["networking.apiServerPort: 6443 -> 7443", 'nodes[0].image: "x:1" -> "x:2"']


def test_recorded_state_reads_annotations():
    cfg = kind.render({"name": "a"})
    nodes = {
        "items": [
            {"metadata": {"name": "a-worker"}},
            {
                "metadata": {
                    "name": "a-control-plane",
                    "annotations": {kind.HASH_ANNOTATION: "h", kind.CONFIG_ANNOTATION: json.dumps(cfg)},
                }
            },
        ]
    }
    assert kind.recorded_state(nodes) == ("h", cfg, None)
    broken = {"items": [{"metadata": {"annotations": {kind.HASH_ANNOTATION: "h", kind.CONFIG_ANNOTATION: "{"}}}]}
    assert kind.recorded_state(broken) == ("h", None, None)
    assert kind.recorded_state({"items": []}) == (None, None, None)


# -- nodes -----------------------------------------------------------------------------------
def test_node_names_sorted_without_load_balancer():
    out = "ha-worker2\nha-external-load-balancer\nha-control-plane2\nha-worker\nha-control-plane\n"
    names = kind.cluster_nodes(out)
    assert names == ["ha-control-plane", "ha-control-plane2", "ha-worker", "ha-worker2"]
    assert kind.control_plane_nodes(names) == ["ha-control-plane", "ha-control-plane2"]


def test_readiness_explains_each_node_not_ready():
    nodes = {
        "items": [
            {"metadata": {"name": "a-control-plane"}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}},
            {
                "metadata": {"name": "a-worker"},
                "status": {
                    "conditions": [
                        {
                            "type": "Ready",
                            "status": "False",
                            "reason": "KubeletNotReady",
                            "message": "cni plugin not initialized",
                        }
                    ]
                },
            },
            {"metadata": {"name": "a-worker2"}, "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}},
            {"metadata": {"name": "a-worker3"}, "status": {}},
        ]
    }
    report = kind.readiness(nodes, ["a-control-plane", "a-worker", "a-worker2", "a-worker3", "a-worker4"])
    assert [r["ready"] for r in report] == [True, False, False, False, False]
    assert kind.not_ready_summary(report) == (
        "a-worker (KubeletNotReady: cni plugin not initialized), a-worker2 (Ready=Unknown), "
        "a-worker3 (no Ready condition reported yet), a-worker4 (not registered with the API server)"
    )


# -- issue 16: pure rules ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "key,refused",
    [
        ("node-role.kubernetes.io/worker", True),
        ("node-role.kubernetes.io/control-plane", True),
        ("kubernetes.io/role", True),
        ("example.k8s.io/x", True),
        ("k8s.io/x", True),
        ("node.kubernetes.io/exclude-from-external-load-balancers", False),
        ("team.node.kubernetes.io/x", False),
        ("kubelet.kubernetes.io/x", False),
        ("topology.kubernetes.io/zone", False),
        ("kubernetes.io/hostname", False),
        ("failure-domain.beta.kubernetes.io/zone", False),
        ("beta.kubernetes.io/instance-type", False),
        ("ingress-ready", False),
        ("example.com/role", False),
        ("notkubernetes.io/x", False),
    ],
)
def test_kubelet_refuses_only_foreign_keys_in_its_namespaces(key, refused):
    assert kind.kubelet_refuses(key) is refused


def test_expected_node_names_follow_kinds_naming():
    cfg = kind.render({"name": "ha", "control_plane_nodes": 3, "worker_nodes": 2})
    assert kind.expected_node_names(cfg) == ["ha-control-plane", "ha-control-plane2", "ha-control-plane3", "ha-worker", "ha-worker2"]
    assert kind.topology_differences(["a-control-plane", "a-worker"], ["a-control-plane", "a-worker2"]) == [
        "node a-worker is missing (kind get nodes lists a-control-plane, a-worker2)",
        "node a-worker2 is not in the requested topology (2 nodes)",
    ]


def test_compare_reports_a_kind_cli_change_only_for_the_same_request():
    params = {"name": "a", "kubernetes_version": "1.35"}
    old, new = kind.render(params, "v0.32.0"), kind.render(params, "v0.33.0")
    opts = kind.validate(params)
    status, diffs = kind.compare(kind.config_hash(old), old, new, kind.request(opts, "v0.32.0"), kind.request(opts, "v0.33.0"))
    assert status == "release_changed" and diffs[0].startswith("kind CLI v0.32.0 -> v0.33.0")
    # an unrecorded request (a cluster created before the request was recorded) stays drift
    assert kind.compare(kind.config_hash(old), old, new, None, kind.request(opts, "v0.33.0"))[0] == "drift"
    # another requested version is drift
    other = kind.validate({"name": "a", "kubernetes_version": "1.34"})
    assert kind.compare(kind.config_hash(old), old, new, kind.request(other, "v0.32.0"), kind.request(opts, "v0.33.0"))[0] == "drift"
    # a node_image request is never a CLI change
    pinned = kind.validate({"name": "a", "kubernetes_version": "1.35", "node_image": "x/y:z"})
    assert kind.compare(kind.config_hash(old), old, new, kind.request(pinned, "v0.32.0"), kind.request(pinned, "v0.33.0"))[0] == "drift"


@pytest.mark.parametrize(
    "networking,message",
    [
        ({"pod_subnet": "10.96.0.0/12"}, "networking.pod_subnet: 10.96.0.0/12 overlaps kind's default service subnet 10.96.0.0/16"),
        ({"service_subnet": "10.244.10.0/24"}, "networking.service_subnet: 10.244.10.0/24 overlaps kind's default pod subnet 10.244.0.0/16"),
        ({"ip_family": "ipv6", "pod_subnet": "fd00:10:96::/64"}, "overlaps kind's default service subnet fd00:10:96::/112"),
    ],
)
def test_overlap_is_checked_against_kinds_effective_defaults(networking, message):
    with pytest.raises(kind.KindError) as err:
        kind.validate({"name": "a", "networking": networking})
    assert message in str(err.value)


def test_subnets_clear_of_defaults_pass():
    single = kind.validate({"name": "a", "networking": {"pod_subnet": "10.200.0.0/16"}})
    assert single["networking"]["pod_subnet"] == "10.200.0.0/16"
    dual = kind.validate({"name": "a", "networking": {"ip_family": "dual", "service_subnet": "10.97.0.0/16,fd00:10:97::/112"}})
    assert dual["networking"]["ip_family"] == "dual" and dual["networking"]["service_subnet"] == "10.97.0.0/16,fd00:10:97::/112"
