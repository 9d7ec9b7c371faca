# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Session-wide test harness: the real local control plane, moto server and ansible-playbook runs.

- ``control_plane``: one etcd + kube-apiserver + kube-controller-manager for the whole session.
  Missing binaries skip the Kubernetes tests with the reason, except under CI (``CI=true``), where they fail.
- ``moto_server``: a real moto server on 127.0.0.1 at a free port (``MOTO_IAM_LOAD_MANAGED_POLICIES=true``).
- ``upstream_dir``: ``../shared/upstream`` beside the checkout; tests skip with a reason when absent (fail under CI).
- ``helm`` / ``chart_render``: helm v3.19.0 (tests/support/helm.py) rendering the pinned charts offline.
- ``run_playbook``: ansible-playbook from the checkout with the JSON callback, returning per-host stats.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COLLECTIONS = os.path.join(ROOT, ".collections")
_link = os.path.join(COLLECTIONS, "ansible_collections", "platform", "runtime")
if not os.path.islink(_link):
    os.makedirs(os.path.dirname(_link), exist_ok=True)
    os.symlink(ROOT, _link)
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.platform.runtime.plugins.module_utils import envtest  # noqa: E402
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient  # noqa: E402

VENV_BIN = os.path.dirname(sys.executable)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

TEST_USERS = [
    {"name": "alice", "groups": ["team-a"]},
    {"name": "bob", "groups": ["team-b"]},
    {"name": "vera", "groups": ["team-a-viewers"]},
    {"name": "backend-dev", "groups": ["backend-developers"]},
    {"name": "backend-viewer", "groups": ["backend-viewers"]},
    {"name": "payments-dev", "groups": ["payments-developers"]},
]


def _need(reason):
    if IN_CI:
        pytest.fail("CI requires this: " + reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def upstream_dir():
    from ansible_collections.platform.runtime.tests.support.upstream import shared_upstream_dir

    d = shared_upstream_dir()
    if not d:
        _need("pinned upstream data not found at ../shared/upstream beside the checkout")
    return d


@pytest.fixture(scope="session")
def helm():
    """tests/support/helm.py with its pinned binary present (scripts/install-test-tools.sh installs it)."""
    from ansible_collections.platform.runtime.tests.support import helm as helm_support

    try:
        helm_support.helm_binary()
    except (helm_support.ToolMissing, subprocess.CalledProcessError) as e:
        _need(f"helm for chart rendering: {e}")
    return helm_support


@pytest.fixture(scope="session")
def chart_render(helm, upstream_dir):
    """render(relative_chart_dir, values, release, namespace, **kw): a pinned upstream chart rendered with helm."""

    def render(chart, values=None, release="test", namespace="default", **kw):
        return helm.render(os.path.join(upstream_dir, chart), values, release=release, namespace=namespace, **kw)

    return render


@pytest.fixture(scope="session")
def control_plane():
    """A real control plane for the session; stopped and removed afterwards, even on failure."""
    try:
        envtest.find_binaries()
    except envtest.ControlPlaneError as e:
        _need(str(e))
    state_dir = tempfile.mkdtemp(prefix="platform-runtime-envtest-")
    cp = envtest.LocalControlPlane(state_dir, name="pytest", users=TEST_USERS)
    try:
        state = cp.start(timeout=180)[1]
    except Exception:
        cp.stop()
        raise
    try:
        yield state
    finally:
        cp.stop(state)
        assert not os.path.exists(state_dir)


@pytest.fixture(scope="session")
def kube(control_plane):
    return KubeClient(kubeconfig=control_plane["kubeconfig"])


@pytest.fixture(scope="session")
def kube_as(control_plane):
    clients = {}

    def make(user):
        if user not in clients:
            clients[user] = KubeClient(kubeconfig=control_plane["user_kubeconfigs"][user])
        return clients[user]

    return make


@pytest.fixture
def unique():
    """A short unique DNS-1123 suffix for names a test creates."""
    return uuid.uuid4().hex[:6]


def _port_open(port):
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


class MotoEndpoint(str):
    """The moto server's URL; ``requests()`` lists the HTTP requests it has served so far (its access log)."""

    log_path = ""

    def requests(self):
        with open(self.log_path, errors="replace") as f:
            return [line.rstrip("\n") for line in f if '"' in line and " HTTP/" in line]


@pytest.fixture(scope="session")
def moto_server():
    """A real moto server; yields its endpoint URL (a ``MotoEndpoint``) and sets AWS_* variables for boto3 and Ansible."""
    exe = shutil.which("moto_server", path=VENV_BIN + os.pathsep + os.environ.get("PATH", ""))
    if not exe:
        _need("moto_server not installed (pip install 'moto[server]')")
    port = envtest.free_port()
    env = dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true")
    log = tempfile.NamedTemporaryFile(prefix="moto-", suffix=".log", delete=False)
    proc = subprocess.Popen([exe, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while not _port_open(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.seek(0)
            pytest.fail(f"moto server did not start: {log.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.2)
    url = MotoEndpoint(f"http://127.0.0.1:{port}")
    url.log_path = log.name
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_REGION")}
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_REGION="us-east-1",
        AWS_ENDPOINT_URL=url,
    )
    try:
        yield url
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        os.unlink(log.name)


class PlaybookResult:
    def __init__(self, proc, data, plan=None):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.data = data
        self.stats = data.get("stats", {}) if data else {}
        # The platform.runtime.platform_plan callback's JSON (ansible.cfg enables it): {"check": bool, "hosts": {...}}.
        self.plan = plan or {}

    def changed(self, host="localhost"):
        return self.stats.get(host, {}).get("changed")

    def failed(self, host="localhost"):
        s = self.stats.get(host, {})
        return s.get("failures", 0) + s.get("unreachable", 0)

    def task_results(self, name_contains, host="localhost"):
        out = []
        for play in self.data.get("plays", []):
            for task in play.get("tasks", []):
                if name_contains in task["task"]["name"]:
                    r = task["hosts"].get(host)
                    if r is not None:
                        out.append(r)
        return out

    def explain(self):
        return f"rc={self.rc}\nstdout (tail):\n{self.stdout[-6000:]}\nstderr (tail):\n{self.stderr[-3000:]}"


@pytest.fixture(scope="session")
def run_playbook():
    """Run ansible-playbook from the checkout; returns PlaybookResult with parsed JSON output."""

    def run(playbook, *args, extra_vars=None, env=None, check=False, diff=False, inventory=None, upstream=True):
        cmd = [os.path.join(VENV_BIN, "ansible-playbook"), playbook]
        if inventory:
            cmd += ["-i", inventory]
        if extra_vars:
            cmd += ["-e", json.dumps(extra_vars)]
        # The pinned data through the documented setting a user with a pre-fetched directory has, unless the test
        # sets its own upstream settings (or upstream=False: the test is about resolving them).
        from ansible_collections.platform.runtime.tests.support.upstream import shared_upstream_dir

        if upstream and shared_upstream_dir() and not any(k.startswith("platform_upstream_") for k in (extra_vars or {})):
            cmd += ["-e", json.dumps({"platform_upstream_dir": shared_upstream_dir()})]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        cmd += list(args)
        e = dict(os.environ)
        e.update(
            ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
            ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
            ANSIBLE_NOCOLOR="1",
            PATH=VENV_BIN + os.pathsep + e.get("PATH", ""),
        )
        e.update(env or {})
        with tempfile.TemporaryDirectory(prefix="plan-") as tmp:
            plan_path = e.setdefault("PLATFORM_PLAN_PATH", os.path.join(tmp, "plan.json"))
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=e, timeout=1800, check=False)
            plan = None
            if os.path.exists(plan_path):
                with open(plan_path) as f:
                    plan = json.load(f)
        try:  # the JSON callback's document; the plan callback's text follows it
            data = json.JSONDecoder().raw_decode(proc.stdout[proc.stdout.index("{") :])[0] if "{" in proc.stdout else {}
        except ValueError:
            data = {}
        return PlaybookResult(proc, data, plan)

    return run
