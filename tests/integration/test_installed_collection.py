"""The collection as a user installs it: the built artifact, installed into another collections path, run from a
project directory outside the checkout, with only a mirror URL set.

1. ``ansible-galaxy collection build`` and ``install`` (``--no-deps``: kubernetes.core, amazon.aws and
   community.aws come with the ``ansible`` package, and Galaxy cannot be reached here);
2. a project with its own ``ansible.cfg`` and an inventory started by ``platform.runtime.init``;
3. ``platform.runtime.site`` (whole platform, every file fetched through the mirror and verified), the re-run
   with ``changed=0`` and no request, ``platform.runtime.onboard -e team=...`` and ``platform.runtime.verify``;
4. a tampered file, and no mirror with no network: both refused in the first play, before the cluster exists;
5. ``platform.runtime.fetch_upstream`` into a directory, then the platform from it with every download refused.

The subprocesses get no PYTHONPATH and an ``ansible.cfg`` whose collections path is the installed one only, and
the test checks that the playbooks ran from there.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import envtest, upstream_pins, upstream_store
from ansible_collections.platform.runtime.tests.support.mirror import Mirror

pytestmark = [pytest.mark.k8s, pytest.mark.slow]

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VENV_BIN = os.path.dirname(sys.executable)
COMPONENTS = ["flux", "cert_manager", "istio", "gatekeeper", "monitoring", "backup"]
RECAP = re.compile(r"^localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


@pytest.fixture(scope="module")
def project(tmp_path_factory, control_plane):  # control_plane: the binaries are there (skip/fail consistently)
    tmp = tmp_path_factory.mktemp("user")
    build, collections, proj = tmp / "build", tmp / "collections", tmp / "project"
    proj.mkdir()
    (proj / "ansible.cfg").write_text(
        f"[defaults]\ncollections_path = {collections}\ninventory = inventory\nstdout_callback = ansible.builtin.default\n"
        "interpreter_python = auto_silent\nretry_files_enabled = false\n"
    )
    p = {"tmp": tmp, "dir": proj, "collections": collections, "installed": collections / "ansible_collections" / "platform" / "runtime"}
    # Built from the checkout, installed with the user's configuration (which knows nothing of the checkout).
    galaxy = os.path.join(VENV_BIN, "ansible-galaxy")
    subprocess.run([galaxy, "collection", "build", ROOT, "--output-path", str(build)], check=True, capture_output=True, env=clean_env(p))
    artifact = glob.glob(str(build / "platform-runtime-*.tar.gz"))[0]
    subprocess.run([galaxy, "collection", "install", artifact, "-p", str(collections), "--no-deps"], check=True, capture_output=True, env=clean_env(p))
    assert (p["installed"] / "MANIFEST.json").is_file()
    init = ansible(p, "platform.runtime.init", "-e", "dest=inventory", "-e", "provider=local")
    assert init.returncode == 0, init.stdout + init.stderr
    # The user's own cluster settings: a control plane of this test, with its files in the temp dir.
    hv = proj / "inventory" / "host_vars"
    hv.mkdir(exist_ok=True)
    (hv / "localhost.yml").write_text(
        json.dumps(
            {
                "envtest_cluster_name": "installed",
                "envtest_cluster_state_dir": str(tmp / "state"),
                "envtest_cluster_kubeconfig_path": str(tmp / "kubeconfig"),
                "platform_kubeconfig": str(tmp / "kubeconfig"),
                "platform_components": COMPONENTS,
                "platform_report_path": str(tmp / "report.html"),
                "verify_junit_path": str(tmp / "verify.xml"),
            }
        )
    )
    yield p
    ansible(p, "platform.runtime.site", "-e", "platform_cluster_state=absent")


def clean_env(project, xdg="xdg"):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PLATFORM_", "PYTHONPATH", "K8S_AUTH", "XDG_"))}
    env.update(
        PATH=VENV_BIN + os.pathsep + env.get("PATH", ""),
        ANSIBLE_CONFIG=str(project["dir"] / "ansible.cfg"),
        # The default download cache, kept apart from the machine's; the control-plane binaries are then found
        # the way a user with envtest binaries elsewhere points at them.
        XDG_CACHE_HOME=str(project["tmp"] / xdg),
        KUBEBUILDER_ASSETS=os.path.dirname(envtest.find_binaries()["kube-apiserver"]),
        ANSIBLE_NOCOLOR="1",
    )
    return env


def ansible(project, playbook, *args, xdg="xdg", verbose=False):
    env = clean_env(project, xdg)
    cmd = [os.path.join(VENV_BIN, "ansible-playbook"), playbook, *args] + (["-vv"] if verbose else [])
    return subprocess.run(cmd, cwd=project["dir"], env=env, capture_output=True, text=True, timeout=1500, check=False)


def recap(proc):
    m = RECAP.findall(proc.stdout)
    assert m, proc.stdout[-3000:]
    ok, changed, unreachable, failed = (int(x) for x in m[-1])
    return {"ok": ok, "changed": changed, "unreachable": unreachable, "failed": failed}


def needed_files():
    return {entry[0] for entry in upstream_store.plan(upstream_pins.items_for(COMPONENTS))}


@pytest.fixture(scope="module")
def mirror(upstream_dir):
    with Mirror(upstream_dir) as m:
        yield m


@pytest.fixture(scope="module")
def converged(project, mirror):
    first = ansible(project, "platform.runtime.site", "-e", f"platform_upstream_mirror={mirror.url}", verbose=True)
    assert first.returncode == 0, first.stdout[-6000:] + first.stderr[-2000:]
    return first


def test_the_artifact_holds_no_test_bed_path(project):
    installed = project["installed"]
    assert (installed / "playbooks" / "site.yml").is_file() and (installed / "inventories" / "local" / "hosts.yml").is_file()
    assert not (installed / "tests").exists() and not (installed / "inventories" / "local-multi").exists()
    code = [p for top in ("roles", "plugins", "playbooks") for p in glob.glob(str(installed / top / "**" / "*"), recursive=True)]
    assert len(code) > 100
    for path in code:
        if os.path.isfile(path):
            with open(path, errors="replace") as f:
                assert "shared/upstream" not in f.read(), path


def test_site_from_the_installed_collection_through_the_mirror(project, mirror, converged):
    # The playbooks ran from the installed copy, never from the checkout.
    assert "running playbook inside collection platform.runtime" in converged.stdout
    assert f"task path: {project['installed']}/roles/platform_upstream/tasks/main.yml" in converged.stdout
    assert f"task path: {ROOT}" not in converged.stdout
    assert recap(converged)["failed"] == 0 and recap(converged)["changed"] > 0
    # Every file the components read was fetched through the mirror and verified into the default cache.
    cache = project["tmp"] / "xdg" / "platform-runtime" / "upstream"
    for key in needed_files():
        assert (cache / key).is_file(), key
    asked = {p.split("/", 2)[1] for p in mirror.requests}
    assert asked <= {"raw.githubusercontent.com", "github.com"}
    # The release assets were pinned on first use, beside the inventory, and the output says so.
    with open(project["dir"] / "inventory" / "platform-upstream.lock.json") as f:
        lock = json.load(f)["files"]
    assert set(lock) == {"flux-2.9.4/install.yaml", "cert-manager-1.21.1/cert-manager.crds.yaml"}
    assert "Pinned on first use" in converged.stdout


def test_rerun_changes_nothing_and_asks_for_nothing(project, mirror, converged):
    asked = len(mirror.requests)
    again = ansible(project, "platform.runtime.site", "-e", f"platform_upstream_mirror={mirror.url}")
    assert again.returncode == 0, again.stdout[-4000:]
    assert recap(again)["changed"] == 0, again.stdout[-4000:]
    assert len(mirror.requests) == asked


def test_onboard_and_verify_from_the_installed_collection(project, converged):
    onboard = ansible(project, "platform.runtime.onboard", "-e", "team=payments")
    assert onboard.returncode == 0, onboard.stdout[-4000:]
    assert recap(onboard)["changed"] == 0  # site.yml onboarded every team already
    # Its own report file: site.yml's verify play writes report.html with what the run knows, which verify.yml alone
    # does not (a later site run would otherwise rewrite it and report a change).
    verify = ansible(project, "platform.runtime.verify", "-e", f"platform_report_path={project['tmp'] / 'verify-report.html'}")
    assert verify.returncode == 0, verify.stdout[-4000:]
    assert (project["tmp"] / "verify.xml").is_file() and (project["tmp"] / "verify-report.html").is_file()


def test_a_tampered_file_is_refused_before_any_change(project, mirror, tmp_path):
    mirror.tamper.add("gatekeeper-library-5c441fb/library/general/httpsonly/template.yaml")
    try:
        state = tmp_path / "untouched-state"
        run = ansible(
            project, "platform.runtime.site", "-e", f"platform_upstream_mirror={mirror.url}", "-e", f"envtest_cluster_state_dir={state}", xdg="xdg-tampered"
        )
    finally:
        mirror.tamper.clear()
    assert run.returncode != 0
    assert "upstream gatekeeper-library-5c441fb/library/general/httpsonly/template.yaml: sha256 mismatch" in run.stdout
    assert "Create or reconcile the cluster" not in run.stdout  # stopped in the first play
    assert not state.exists()
    assert not (
        project["tmp"] / "xdg-tampered" / "platform-runtime" / "upstream" / "gatekeeper-library-5c441fb" / "library" / "general" / "httpsonly" / "template.yaml"
    ).exists()


def test_no_mirror_and_no_network_fails_before_any_change(project, tmp_path):
    state = tmp_path / "untouched-state"
    run = ansible(project, "platform.runtime.site", "-e", f"envtest_cluster_state_dir={state}", xdg="xdg-offline")
    assert run.returncode != 0
    assert re.search(r"upstream [a-z0-9.-]+/\S+: could not fetch https://(raw\.githubusercontent\.com|github\.com)/", run.stdout), run.stdout[-3000:]
    assert "ansible-playbook platform.runtime.fetch_upstream -e platform_upstream_dir=DIR" in run.stdout
    assert "Create or reconcile the cluster" not in run.stdout
    assert not state.exists()


def test_after_fetch_upstream_it_works_with_no_network(project, mirror, converged):
    prefetched = project["tmp"] / "prefetched"
    fetch = ansible(project, "platform.runtime.fetch_upstream", "-e", f"platform_upstream_dir={prefetched}", "-e", f"platform_upstream_mirror={mirror.url}")
    assert fetch.returncode == 0, fetch.stdout[-4000:]
    every = {entry[0] for entry in upstream_store.plan(upstream_pins.items_for())}
    there = {os.path.relpath(os.path.join(d, f), prefetched) for d, _s, files in os.walk(prefetched) for f in files}
    assert every == there - {"platform-upstream.lock.json"}
    # No network at all: any download would go to a proxy that is not there.
    offline = ansible(
        project,
        "platform.runtime.site",
        "-e",
        f"platform_upstream_dir={prefetched}",
        "-e",
        "platform_upstream_mirror=http://127.0.0.1:9",
        xdg="xdg-empty",
    )
    assert offline.returncode == 0, offline.stdout[-4000:]
    assert recap(offline)["changed"] == 0
    assert not (project["tmp"] / "xdg-empty" / "platform-runtime").exists()
    shutil.rmtree(prefetched)
