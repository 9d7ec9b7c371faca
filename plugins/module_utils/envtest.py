# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real local Kubernetes control plane: etcd + kube-apiserver + kube-controller-manager.

Used by the ``envtest_control_plane`` module, the ``envtest_cluster`` role, the
pytest fixture and the Molecule ``default`` scenario. Pure helpers (argument and
file rendering) are separated from process handling so they unit-test without
binaries.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import time

from ansible.module_utils.six.moves.urllib.error import HTTPError, URLError
from ansible.module_utils.urls import open_url

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - cryptography ships with ansible-core
    HAS_CRYPTOGRAPHY = False

DEFAULT_VERSION = "1.20.2"
BINARIES = ("kube-apiserver", "kube-controller-manager", "etcd")
STATE_FILE = "state.json"
ADMIN_USER = "admin"
SERVICE_CIDR = "10.0.0.0/24"

DEFAULT_USERS = [
    {"name": "alice", "groups": ["team-a"]},
    {"name": "bob", "groups": ["team-b"]},
    {"name": "vera", "groups": ["team-a-viewers"]},
]


class ControlPlaneError(Exception):
    """A control plane could not be found, started or stopped."""


def cache_root(env=None):
    env = os.environ if env is None else env
    base = env.get("PLATFORM_RUNTIME_CACHE") or os.path.join(env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "platform-runtime")
    return base


def binary_search_dirs(version=DEFAULT_VERSION, bin_dir=None, env=None):
    """Directories searched for binaries, in order: explicit, KUBEBUILDER_ASSETS, cache, PATH."""
    env = os.environ if env is None else env
    dirs = []
    if bin_dir:
        dirs.append(bin_dir)
    if env.get("KUBEBUILDER_ASSETS"):
        dirs.append(env["KUBEBUILDER_ASSETS"])
    dirs.append(os.path.join(cache_root(env), "envtest", version))
    dirs.extend(p for p in env.get("PATH", "").split(os.pathsep) if p)
    return dirs


def find_binaries(version=DEFAULT_VERSION, bin_dir=None, env=None):
    """Return {name: path} for etcd, kube-apiserver and kube-controller-manager, or raise naming what is missing."""
    found = {}
    dirs = binary_search_dirs(version, bin_dir, env)
    for name in BINARIES:
        for d in dirs:
            candidate = os.path.join(d, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                found[name] = candidate
                break
    missing = [n for n in BINARIES if n not in found]
    if missing:
        raise ControlPlaneError(
            f"control-plane binaries not found: {', '.join(missing)} "
            f"(searched {', '.join(dirs)}). Run scripts/build-control-plane.sh (builds {version} from Debian's kubernetes source into the cache)"
            " and install Debian's etcd-server, or point KUBEBUILDER_ASSETS at envtest binaries (setup-envtest use)."
        )
    return found


def free_port(host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def normalize_users(users):
    """Validate users [{name, groups}] and give each a token. Pure apart from token generation."""
    out = []
    seen = set()
    for i, user in enumerate(users or []):
        name = user.get("name")
        if not name or not isinstance(name, str) or "," in name or name == ADMIN_USER:
            raise ControlPlaneError(f"users[{i}].name: {name!r} is not valid; expected a non-empty string without commas, not {ADMIN_USER!r}")
        if name in seen:
            raise ControlPlaneError(f"users[{i}].name: {name!r} is listed twice; expected unique names")
        seen.add(name)
        groups = user.get("groups") or []
        if not isinstance(groups, list) or any((not isinstance(g, str)) or "," in g or '"' in g or not g for g in groups):
            raise ControlPlaneError(f"users[{i}].groups: {groups!r} is not valid; expected a list of non-empty group names without commas or quotes")
        out.append({"name": name, "groups": list(groups), "token": user.get("token") or secrets.token_hex(24)})
    return out


def render_token_file(admin_token, users):
    """CSV for --token-auth-file: token,user,uid,"group1,group2"."""
    lines = [f'{admin_token},{ADMIN_USER},{ADMIN_USER},"system:masters"']
    for u in users:
        groups = ",".join(u["groups"])
        lines.append(f'{u["token"]},{u["name"]},{u["name"]},"{groups}"')
    return "\n".join(lines) + "\n"


def render_kubeconfig(server, ca_file, user, token, context):
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": context, "cluster": {"server": server, "certificate-authority": ca_file}}],
        "users": [{"name": user, "user": {"token": token}}],
        "contexts": [{"name": context, "context": {"cluster": context, "user": user, "namespace": "default"}}],
        "current-context": context,
        "preferences": {},
    }


def apiserver_args(d, etcd_port, secure_port):
    """kube-apiserver flags for a 1.20 server; ``d`` is the state directory."""
    return [
        f"--etcd-servers=http://127.0.0.1:{etcd_port}",
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        f"--secure-port={secure_port}",
        "--insecure-port=0",
        f"--tls-cert-file={os.path.join(d, 'serving.crt')}",
        f"--tls-private-key-file={os.path.join(d, 'serving.key')}",
        f"--client-ca-file={os.path.join(d, 'ca.crt')}",
        f"--token-auth-file={os.path.join(d, 'tokens.csv')}",
        "--authorization-mode=RBAC",
        "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota",
        f"--service-cluster-ip-range={SERVICE_CIDR}",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        f"--service-account-key-file={os.path.join(d, 'sa.pub')}",
        f"--service-account-signing-key-file={os.path.join(d, 'sa.key')}",
        "--allow-privileged=true",
        "--endpoint-reconciler-type=none",
        "--v=1",
    ]


def controller_manager_args(d):
    return [
        f"--kubeconfig={os.path.join(d, 'kubeconfig-controller-manager')}",
        f"--service-account-private-key-file={os.path.join(d, 'sa.key')}",
        f"--root-ca-file={os.path.join(d, 'ca.crt')}",
        "--use-service-account-credentials=false",
        "--leader-elect=false",
        "--port=0",
        "--secure-port=0",
        "--controllers=*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-service,-route,-attachdetach,-persistentvolume-binder,-csrsigning",
        "--v=1",
    ]


def etcd_args(d, client_port, peer_port):
    return [
        f"--data-dir={os.path.join(d, 'etcd')}",
        f"--listen-client-urls=http://127.0.0.1:{client_port}",
        f"--advertise-client-urls=http://127.0.0.1:{client_port}",
        f"--listen-peer-urls=http://127.0.0.1:{peer_port}",
        f"--initial-advertise-peer-urls=http://127.0.0.1:{peer_port}",
        f"--initial-cluster=default=http://127.0.0.1:{peer_port}",
        "--name=default",
        "--unsafe-no-fsync",
        "--log-level=warn",
    ]


def _write(path, data, mode=0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w" if isinstance(data, str) else "wb") as f:
        f.write(data)
    os.chmod(path, mode)


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())


def generate_pki(d):
    """A CA, a serving certificate for 127.0.0.1/localhost and a service-account key pair."""
    if not HAS_CRYPTOGRAPHY:
        raise ControlPlaneError("the Python 'cryptography' library is required to create the control plane's certificates")
    import ipaddress

    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "platform-runtime-envtest-ca")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sans = [
        x509.DNSName("localhost"),
        x509.DNSName("kubernetes"),
        x509.DNSName("kubernetes.default.svc"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("10.0.0.1")),
    ]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    sa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    _write(os.path.join(d, "ca.crt"), ca.public_bytes(serialization.Encoding.PEM), 0o644)
    _write(os.path.join(d, "ca.key"), _pem_key(ca_key))  # lets tests issue client certificates; 0600 like the other keys
    _write(os.path.join(d, "serving.crt"), cert.public_bytes(serialization.Encoding.PEM), 0o644)
    _write(os.path.join(d, "serving.key"), _pem_key(key))
    _write(os.path.join(d, "sa.key"), _pem_key(sa_key))
    _write(
        os.path.join(d, "sa.pub"),
        sa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
        0o644,
    )


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _tail(path, lines=25):
    try:
        with open(path, "rb") as f:
            data = f.read()[-8192:].decode("utf-8", "replace")
        return "\n".join(data.splitlines()[-lines:])
    except OSError:
        return ""


class LocalControlPlane:
    """Start, inspect and stop one control plane whose files live in ``state_dir``."""

    def __init__(self, state_dir, name="envtest", version=DEFAULT_VERSION, bin_dir=None, users=None):
        self.state_dir = os.path.abspath(os.path.expanduser(state_dir))
        self.name = name
        self.version = version
        self.bin_dir = bin_dir
        self.users = DEFAULT_USERS if users is None else users
        self._procs = {}

    # -- state ---------------------------------------------------------------
    @property
    def state_path(self):
        return os.path.join(self.state_dir, STATE_FILE)

    def read_state(self):
        try:
            with open(self.state_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def _http_ok(self, state, path="/readyz", timeout=2.0):
        try:
            resp = open_url(
                state["server"] + path,
                headers={"Authorization": "Bearer " + state["admin_token"]},
                ca_path=state["ca_file"],
                timeout=timeout,
            )
            return resp.status == 200
        except (HTTPError, URLError, OSError, ssl.SSLError):
            return False

    def status(self):
        """('running'|'stopped'|'degraded', state) from the state file and a health probe."""
        state = self.read_state()
        if not state:
            return "stopped", None
        alive = {n: _pid_alive(pid) for n, pid in state.get("pids", {}).items()}
        if alive and all(alive.values()) and self._http_ok(state):
            return "running", state
        if any(alive.values()):
            return "degraded", state
        return "stopped", state

    # -- start ---------------------------------------------------------------
    def _spawn(self, name, argv):
        log = open(os.path.join(self.state_dir, name + ".log"), "ab")
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                close_fds=True,
                start_new_session=True,
            )
        finally:
            log.close()
        self._procs[name] = proc
        return proc

    def _fail(self, msg, state):
        logs = "\n".join(f"--- {n}.log ---\n{_tail(os.path.join(self.state_dir, n + '.log'))}" for n in ("etcd", "kube-apiserver", "kube-controller-manager"))
        self.stop(state)
        raise ControlPlaneError(f"{msg}\n{logs}")

    def _wait(self, what, predicate, deadline, state):
        while time.monotonic() < deadline:
            for n, p in self._procs.items():
                if p.poll() is not None:
                    self._fail(f"{n} exited with code {p.returncode} while waiting for {what}", state)
            if predicate():
                return
            time.sleep(0.2)
        self._fail(f"timed out waiting for {what}", state)

    def start(self, timeout=120):
        status, state = self.status()
        if status == "running":
            return False, state
        if state:
            self.stop(state)
        bins = find_binaries(self.version, self.bin_dir)
        users = normalize_users(self.users)
        os.makedirs(self.state_dir, mode=0o700, exist_ok=True)
        os.chmod(self.state_dir, 0o700)
        generate_pki(self.state_dir)
        admin_token = secrets.token_hex(24)
        _write(os.path.join(self.state_dir, "tokens.csv"), render_token_file(admin_token, users))
        etcd_port, peer_port, api_port = free_port(), free_port(), free_port()
        server = f"https://127.0.0.1:{api_port}"
        ca_file = os.path.join(self.state_dir, "ca.crt")
        kubeconfigs = {}
        for user, token in [(ADMIN_USER, admin_token)] + [(u["name"], u["token"]) for u in users]:
            path = os.path.join(self.state_dir, "kubeconfig" if user == ADMIN_USER else f"kubeconfig-{user}")
            _write(path, json.dumps(render_kubeconfig(server, ca_file, user, token, self.name), indent=2))
            kubeconfigs[user] = path
        _write(
            os.path.join(self.state_dir, "kubeconfig-controller-manager"),
            json.dumps(render_kubeconfig(server, ca_file, ADMIN_USER, admin_token, self.name)),
        )
        state = {
            "name": self.name,
            "version": self.version,
            "server": server,
            "ca_file": ca_file,
            "admin_token": admin_token,
            "kubeconfig": kubeconfigs[ADMIN_USER],
            "user_kubeconfigs": {k: v for k, v in kubeconfigs.items() if k != ADMIN_USER},
            "users": [{"name": u["name"], "groups": u["groups"]} for u in users],
            "binaries": bins,
            "ports": {"etcd": etcd_port, "apiserver": api_port},
            "pids": {},
            "started": time.time(),
        }
        deadline = time.monotonic() + timeout

        def save():
            _write(self.state_path, json.dumps(state, indent=2))

        etcd = self._spawn("etcd", [bins["etcd"]] + etcd_args(self.state_dir, etcd_port, peer_port))
        state["pids"]["etcd"] = etcd.pid
        save()
        self._wait("etcd", lambda: _port_open(etcd_port), deadline, state)
        api = self._spawn("kube-apiserver", [bins["kube-apiserver"]] + apiserver_args(self.state_dir, etcd_port, api_port))
        state["pids"]["kube-apiserver"] = api.pid
        save()
        self._wait("kube-apiserver /readyz", lambda: self._http_ok(state), deadline, state)
        kcm = self._spawn("kube-controller-manager", [bins["kube-controller-manager"]] + controller_manager_args(self.state_dir))
        state["pids"]["kube-controller-manager"] = kcm.pid
        save()
        self._wait(
            "the default ServiceAccount (token controller)",
            lambda: self._http_ok(state, "/api/v1/namespaces/default/serviceaccounts/default"),
            deadline,
            state,
        )
        return True, state

    # -- stop ----------------------------------------------------------------
    def stop(self, state=None, grace=10.0):
        """Stop every process and remove the state directory. Returns True when something was there."""
        state = state or self.read_state()
        existed = os.path.isdir(self.state_dir)
        pids = dict((state or {}).get("pids", {}))
        for name, proc in self._procs.items():
            pids.setdefault(name, proc.pid)
        for name in ("kube-controller-manager", "kube-apiserver", "etcd"):
            pid = pids.get(name)
            if pid and _pid_alive(pid):
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + grace
        for pid in pids.values():
            while _pid_alive(pid) and time.monotonic() < deadline:
                self._reap()
                time.sleep(0.1)
            if _pid_alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._reap()
        self._procs = {}
        if existed:
            shutil.rmtree(self.state_dir, ignore_errors=True)
        return existed or bool(pids)

    def _reap(self):
        for proc in self._procs.values():
            proc.poll()


def _port_open(port, host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0
