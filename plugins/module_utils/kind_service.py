# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind_cluster flows: create, keep, recreate or delete a kind cluster through a command runner.

``KindService`` takes a runner (an ``AnsibleModule`` or anything with ``run_command(argv, check_rc=False,
environ_update=None)``, ``get_bin_path(name)`` and ``warn(msg)``) and the module's parameters, and returns the
module result or raises ``KindClusterError``/``kind.KindError``. The desired state comes from the pure
``kind`` module_utils; here are only the commands and the order they run in.

Providers: kind runs its nodes with docker, podman or nerdctl (``KIND_EXPERIMENTAL_PROVIDER``). The service sets
that variable for every kind command and uses the provider's own CLI for ``info`` and ``exec``. ``load_images``
needs docker, because ``kind load docker-image`` reads the Docker image store.
"""

from __future__ import annotations

import json
import os
import tempfile
import time

from ansible_collections.platform.runtime.plugins.module_utils import kind as kindlib
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.files import write_private

POLL_INTERVAL = 5
NODE_KUBECTL = ["kubectl", "--kubeconfig", "/etc/kubernetes/admin.conf"]
KIND_INSTALL_HINT = "install kind: https://kind.sigs.k8s.io/docs/user/quick-start/#installation (for example the release binary of v0.33.0)"
PROVIDER_HINTS = {
    "docker": "install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop",
    "podman": "install Podman (https://podman.io/docs/installation)",
    "nerdctl": "install nerdctl with containerd (https://github.com/containerd/nerdctl#install)",
}
PROVIDER_INFO = {
    "docker": ["info", "--format", "{{.ServerVersion}}"],
    "podman": ["info", "--format", "{{.Version.Version}}"],
    "nerdctl": ["info", "--format", "{{.ServerVersion}}"],
}
# The module options that are not part of the kind config.
MODULE_OPTIONS = ("state", "provider", "recreate_on_change", "kubeconfig_path", "wait_timeout", "load_images")

# Indirection so unit tests can run the wait loop on a fake clock.
_now = time.monotonic
_sleep = time.sleep


class KindClusterError(PlatformError):
    """A failure to report; ``details`` go into the module result."""

    def __init__(self, msg, **details):
        super().__init__(msg)
        self.details = details

    @property
    def result(self):
        return self.details


class KindCli:
    """The kind and provider commands, each an argument list."""

    def __init__(self, runner, provider="docker"):
        self.runner = runner
        self.provider = provider
        self.kind = runner.get_bin_path("kind")
        self.engine = runner.get_bin_path(provider)
        if not self.kind:
            raise KindClusterError("kind was not found in PATH; " + KIND_INSTALL_HINT)
        if not self.engine:
            raise KindClusterError(f"the {provider} CLI was not found in PATH (kind runs its nodes as {provider} containers); {PROVIDER_HINTS[provider]}")
        self.env = {"KIND_EXPERIMENTAL_PROVIDER": provider}

    def run(self, argv):
        if argv[0] == self.kind:
            return self.runner.run_command(argv, check_rc=False, environ_update=self.env)
        return self.runner.run_command(argv, check_rc=False)

    def must(self, argv, what):
        rc, out, err = self.run(argv)
        if rc != 0:
            raise KindClusterError(f"{what} failed (rc={rc}): {(err or out).strip()}", rc=rc, stderr=err, cmd=argv)
        return out

    def check_engine(self):
        rc, out, err = self.run([self.engine] + PROVIDER_INFO[self.provider])
        if rc != 0:
            if self.provider == "docker":
                raise KindClusterError(
                    f"the Docker daemon is not reachable (docker info: {(err or out).strip()}); start it (sudo systemctl start docker, or open"
                    f" Docker Desktop) and make sure your user may use it (the docker group), or {PROVIDER_HINTS['docker']}",
                    stderr=err,
                )
            raise KindClusterError(f"{self.provider} is not usable ({self.provider} info: {(err or out).strip()}); {PROVIDER_HINTS[self.provider]}", stderr=err)
        return out.strip()

    def release(self):
        return kindlib.parse_release(self.must([self.kind, "version"], "kind version"))

    def clusters(self):
        return [line.strip() for line in self.must([self.kind, "get", "clusters"], "kind get clusters").splitlines() if line.strip()]

    def nodes(self, name):
        return kindlib.cluster_nodes(self.must([self.kind, "get", "nodes", "--name", name], "kind get nodes"))

    def create(self, name, config_path, kubeconfig):
        argv = [self.kind, "create", "cluster", "--name", name, "--config", config_path]
        return self.run(argv + (["--kubeconfig", kubeconfig] if kubeconfig else []))

    def delete(self, name, kubeconfig):
        argv = [self.kind, "delete", "cluster", "--name", name]
        return self.run(argv + (["--kubeconfig", kubeconfig] if kubeconfig else []))

    def kubeconfig(self, name):
        return self.must([self.kind, "get", "kubeconfig", "--name", name], "kind get kubeconfig")

    def get_nodes(self, control_plane):
        out = self.must([self.engine, "exec", control_plane] + NODE_KUBECTL + ["get", "nodes", "-o", "json"], f"kubectl get nodes on {control_plane}")
        try:
            return json.loads(out)
        except ValueError as e:
            raise KindClusterError(f"kubectl get nodes on {control_plane} returned no JSON: {e}") from e

    def record(self, control_plane, config_hash, config, request):
        annotations = [
            f"{kindlib.HASH_ANNOTATION}={config_hash}",
            f"{kindlib.CONFIG_ANNOTATION}={json.dumps(config, sort_keys=True, separators=(',', ':'))}",
            f"{kindlib.REQUEST_ANNOTATION}={json.dumps(request, sort_keys=True, separators=(',', ':'))}",
        ]
        argv = [self.engine, "exec", control_plane] + NODE_KUBECTL + ["annotate", "node", control_plane, "--overwrite"] + annotations
        self.must(argv, f"recording the config on node {control_plane}")

    def local_image_ids(self, images):
        rc, out, err = self.run([self.engine, "image", "inspect", "--format", "{{.Id}}"] + list(images))
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
        out = self.must([self.engine, "exec", node, "crictl", "images", "-o", "json"], f"crictl images on {node}")
        try:
            return {img.get("id") for img in json.loads(out).get("images", [])}
        except (ValueError, AttributeError) as e:
            raise KindClusterError(f"crictl images on {node} returned no JSON: {e}") from e

    def load(self, name, images):
        self.must([self.kind, "load", "docker-image", "--name", name] + list(images), "kind load docker-image")


def check_module_options(p):
    """The options the kind config does not cover, in the same error style; raises kind.KindError."""
    errs = []
    if p["wait_timeout"] < 0:
        errs.append(f"wait_timeout: {p['wait_timeout']!r} is negative; expected 0 (do not wait) or more seconds")
    for i, image in enumerate(p["load_images"]):
        if not image.strip() or any(c.isspace() for c in image):
            errs.append(f"load_images[{i}]: {image!r} is not an image reference; expected for example registry.example/app:tag")
    if p["load_images"] and p["provider"] != "docker":
        errs.append(
            f"load_images: {p['load_images']!r} needs provider=docker (kind load docker-image reads the Docker image store), not {p['provider']};"
            " expected no load_images, or load an archive yourself with kind load image-archive"
        )
    if p["kubeconfig_path"] and os.path.isdir(p["kubeconfig_path"]):
        errs.append(f"kubeconfig_path: {p['kubeconfig_path']!r} is a directory; expected a file path such as ~/.kube/kind-{p['name']}.kubeconfig")
    if errs:
        raise kindlib.KindError(errs)


def _file_differs(path, content):
    try:
        with open(path) as f:
            return f.read() != content or (os.stat(path).st_mode & 0o777) != 0o600
    except FileNotFoundError:
        return True


class KindService:
    """One run of the kind_cluster module: validate, look, then create/keep/recreate/delete."""

    def __init__(self, runner, params, check_mode=False, diff=False, tmpdir=None):
        self.runner = runner
        self.p = params
        self.check_mode = check_mode
        self.diff = diff
        self.tmpdir = tmpdir
        self.options = {k: params.get(k) for k in kindlib.OPTION_DEFAULTS}
        self.name = params["name"]

    def run(self):
        kindlib.validate(self.options)
        check_module_options(self.p)
        cli = KindCli(self.runner, self.p["provider"])
        cli.check_engine()
        exists = self.name in cli.clusters()
        if self.p["state"] == "absent":
            return self.ensure_absent(cli, exists)
        return self.ensure_present(cli, exists)

    # -- absent --------------------------------------------------------------------------------
    def ensure_absent(self, cli, exists):
        path = self.p["kubeconfig_path"]
        file_there = bool(path) and os.path.exists(path)
        changed = exists or file_there
        result = dict(changed=changed, action="delete" if exists else "none", context="kind-" + self.name)
        if self.diff:
            result["diff"] = dict(before=f"kind cluster {self.name}\n" if exists else "", after="")
        if self.check_mode or not changed:
            return result
        if exists:
            rc, out, err = cli.delete(self.name, path)
            if rc != 0:
                raise KindClusterError(f"kind delete cluster {self.name} failed (rc={rc}): {(err or out).strip()}", rc=rc, stderr=err)
        if file_there:
            os.unlink(path)
        return result

    # -- present -------------------------------------------------------------------------------
    def _release(self, detected, options):
        """The release whose table row to use; warns about pre-releases and newer kinds, refuses unknown older ones."""
        if options["kind_release"]:
            return options["kind_release"]
        if not kindlib.needs_table(options):
            if kindlib.is_prerelease(detected):
                self.runner.warn(f"kind {detected} is a pre-release; node_image is set, so the node-image table is not used")
            return detected
        if kindlib.prerelease_warning(detected):
            self.runner.warn(kindlib.prerelease_warning(detected))
        release, warnings = kindlib.table_release(detected)
        for w in warnings:
            self.runner.warn(w)
        return release

    def _compare(self, cli, desired, request):
        """(status, differences, actual node names, first control plane, nodes JSON, recorded config) of the existing cluster."""
        actual, control_plane = self._first_control_plane(cli)
        nodes_json = cli.get_nodes(control_plane)
        recorded_hash, recorded, recorded_request = kindlib.recorded_state(nodes_json)
        status, differences = kindlib.compare(recorded_hash, recorded, desired, recorded_request, request)
        if status in ("match", "release_changed"):
            topology = kindlib.topology_differences(kindlib.expected_node_names(desired), actual)
            if topology:
                status, differences = "drift", topology
        return status, differences, actual, control_plane, nodes_json, recorded

    def _first_control_plane(self, cli):
        nodes = cli.nodes(self.name)
        cps = kindlib.control_plane_nodes(nodes)
        if not cps:
            raise KindClusterError(f"kind cluster {self.name} has no control-plane node (kind get nodes: {', '.join(nodes) or 'none'})")
        return nodes, cps[0]

    def ensure_present(self, cli, exists):
        p = self.p
        detected = cli.release()
        release = self._release(detected, kindlib.validate(self.options))
        options, image, version = kindlib.resolve(self.options, release)
        desired = kindlib.render(self.options, release)
        request = kindlib.request(options, detected or release)
        config_yaml, config_hash = kindlib.to_yaml(desired), kindlib.config_hash(desired)
        result = dict(
            changed=False,
            action="create",
            context="kind-" + self.name,
            config=desired,
            config_yaml=config_yaml,
            config_hash=config_hash,
            differences=[],
            kind_release=detected or "",
            node_image=image or "",
            kubernetes_version=version or "",
            images_loaded=[],
        )
        before_yaml, nodes_json, actual, control_plane = "", None, [], None
        if exists:
            status, differences, actual, control_plane, nodes_json, recorded = self._compare(cli, desired, request)
            before_yaml = kindlib.to_yaml(recorded) if recorded else ""
            result["action"] = "none"
            if status == "release_changed":
                result["release_change"] = differences[0]
                self.runner.warn(differences[0])
            elif status != "match":
                result["differences"] = differences
                self._refuse_or_recreate(result, differences, before_yaml, config_yaml)
        if self.diff:
            result["diff"] = dict(
                before=before_yaml, after=config_yaml, before_header=f"kind cluster {self.name} (recorded)", after_header=f"kind cluster {self.name} (rendered)"
            )
        kubeconfig = p["kubeconfig_path"]
        if kubeconfig:
            result["kubeconfig"] = kubeconfig
        if result["action"] != "none":
            result["changed"] = True
            if self.check_mode:
                result["images_loaded"] = list(p["load_images"])
                result["msg"] = f"would {result['action']} kind cluster {self.name}"
                return result
            actual, control_plane = self._create(cli, result["action"], config_yaml, kubeconfig)
            cli.record(control_plane, config_hash, desired, request)
            nodes_json = None
        if kubeconfig:
            content = cli.kubeconfig(self.name)
            if _file_differs(kubeconfig, content):
                result["changed"] = True
                if not self.check_mode:
                    write_private(kubeconfig, content)
        result["nodes"] = self.wait_ready(cli, control_plane, kindlib.expected_node_names(desired), p["wait_timeout"], nodes_json)
        missing = self.missing_images(cli, actual, p["load_images"])
        if missing:
            result["changed"] = True
            result["images_loaded"] = missing
            if not self.check_mode:
                cli.load(self.name, missing)
        return result

    def _refuse_or_recreate(self, result, differences, before_yaml, config_yaml):
        if not self.p["recreate_on_change"]:
            details = dict(differences=differences, action="none", context=result["context"])
            if self.diff:
                details["diff"] = dict(before=before_yaml, after=config_yaml)
            raise KindClusterError(
                f"kind cluster {self.name} differs from the requested config: {'; '.join(differences)}. Set recreate_on_change=true to delete and recreate it.",
                **details,
            )
        result["action"] = "recreate"

    def _create(self, cli, action, config_yaml, kubeconfig):
        if action == "recreate":
            rc, out, err = cli.delete(self.name, kubeconfig)
            if rc != 0:
                raise KindClusterError(f"kind delete cluster {self.name} (to recreate it) failed (rc={rc}): {(err or out).strip()}", rc=rc, stderr=err)
        self.create_cluster(cli, config_yaml, kubeconfig)
        return self._first_control_plane(cli)

    def create_cluster(self, cli, config_yaml, kubeconfig):
        """kind create cluster; on failure delete whatever was half-created and report kind's stderr."""
        fd, path = tempfile.mkstemp(prefix=f"kind-{self.name}-", suffix=".yaml", dir=self.tmpdir)
        with os.fdopen(fd, "w") as f:
            f.write(config_yaml)
        try:
            rc, out, err = cli.create(self.name, path, kubeconfig)
        finally:
            os.unlink(path)
        if rc == 0:
            return
        drc, dout, derr = cli.delete(self.name, kubeconfig)
        cleanup = "the partial cluster was deleted" if drc == 0 else f"deleting the partial cluster also failed: {(derr or dout).strip()}"
        raise KindClusterError(
            f"kind create cluster {self.name} failed (rc={rc}); {cleanup}. kind said:\n{(err or out).strip()}", rc=rc, stderr=err, cleaned_up=drc == 0
        )

    @staticmethod
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

    @staticmethod
    def missing_images(cli, nodes, images):
        """Images of ``images`` that some node lacks (compared by image ID)."""
        if not images:
            return []
        wanted = cli.local_image_ids(images)
        on_nodes = [cli.node_image_ids(n) for n in nodes]
        return [img for img in images if any(wanted[img] not in ids for ids in on_nodes)]
