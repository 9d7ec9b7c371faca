# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real local Kubernetes control plane: etcd + kube-apiserver + kube-controller-manager.

Used by the ``envtest_control_plane`` module, the ``envtest_cluster`` role, the
pytest fixture and the Molecule ``default`` scenario. Pure helpers (argument and
file rendering) are separated from process handling so they unit-test without
binaries.

The control plane keeps its data. ``ensure`` on a control plane with a dead process
restarts only what is missing, on the same etcd data, PKI and tokens, and re-issues a
certificate or moves a port only where it must. Only ``stop`` (state=absent) removes
the data. A data directory that cannot be reused (unreadable state, missing files,
another version, etcd refusing its data) is left untouched and reported, unless
``recreate`` is asked for.
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

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.files import write_private

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


PROCESSES = ("etcd", "kube-apiserver", "kube-controller-manager")
# Files a data directory needs to be reused; ca.key is optional (older directories lack it) and only needed to re-issue.
REQUIRED_FILES = ("ca.crt", "serving.crt", "serving.key", "sa.key", "sa.pub", "tokens.csv")
# Re-issue the serving certificate when it expires within this many seconds.
CERT_MIN_VALIDITY = 3600
# A process that is alive but not ready (kube-apiserver's /readyz, etcd's client port) gets READY_GRACE seconds; then
# it is taken as stopping (after a SIGTERM, kube-apiserver 1.20 drains for 60 to 110 s) or hung: the run waits
# EXIT_TIMEOUT seconds for it to exit, sends SIGKILL after that, and restarts it on the kept data.
READY_GRACE = 10
EXIT_TIMEOUT = 30


class ControlPlaneError(PlatformError):
    """A control plane could not be found, started or stopped."""


class DataDirError(ControlPlaneError):
    """The data directory cannot be reused; it was left untouched."""


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


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())


def _cert(subject_cn, issuer_name, public_key, signing_key, now, ca=False, sans=None, issuer_cert=None):
    """A certificate that passes strict (RFC 5280) verification, as Python 3.13's default context does it.

    Every certificate carries a Subject Key Identifier and an Authority Key Identifier: taken from the issuer's
    Subject Key Identifier when it has one, otherwise computed from the signing key (a self-signed CA's own).
    """
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)]))
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(_authority_key_id(signing_key, issuer_cert), critical=False)
    )
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        builder = builder.add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
    else:
        builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        builder = builder.add_extension(x509.KeyUsage(True, False, True, False, False, False, False, False, False), critical=True)
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _authority_key_id(signing_key, issuer_cert=None):
    if issuer_cert is not None:
        try:
            ski = issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
            return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)
        except x509.ExtensionNotFound:
            pass
    return x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key())


def _has_extension(cert, cls):
    try:
        cert.extensions.get_extension_for_class(cls)
    except x509.ExtensionNotFound:
        return False
    return True


def _resign_ca(d, ca, ca_key):
    """``ca`` again with a Subject Key Identifier, same name, key and validity: what it signed still verifies."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(ca.subject)
        .issuer_name(ca.subject)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(ca.not_valid_before_utc)
        .not_valid_after(ca.not_valid_after_utc)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .add_extension(_authority_key_id(ca_key), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
    )
    ca = builder.sign(ca_key, hashes.SHA256())
    write_private(os.path.join(d, "ca.crt"), ca.public_bytes(serialization.Encoding.PEM), 0o644)
    return ca


def _need_cryptography():
    if not HAS_CRYPTOGRAPHY:
        raise ControlPlaneError("the Python 'cryptography' library is required to create the control plane's certificates")


def issue_serving_cert(d):
    """A serving certificate for 127.0.0.1/localhost signed by the CA in ``d`` (ca.crt + ca.key).

    A CA made before the certificates carried key identifiers is first re-signed with its own key (same name, key
    and validity), so that strict verification accepts it and what it signed before still verifies.
    """
    _need_cryptography()
    import ipaddress

    with open(os.path.join(d, "ca.crt"), "rb") as f:
        ca = x509.load_pem_x509_certificate(f.read())
    with open(os.path.join(d, "ca.key"), "rb") as f:
        ca_key = serialization.load_pem_private_key(f.read(), password=None)
    if not _has_extension(ca, x509.SubjectKeyIdentifier):
        ca = _resign_ca(d, ca, ca_key)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sans = [
        x509.DNSName("localhost"),
        x509.DNSName("kubernetes"),
        x509.DNSName("kubernetes.default.svc"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("10.0.0.1")),
    ]
    cert = _cert("kube-apiserver", ca.subject, key.public_key(), ca_key, datetime.datetime.now(datetime.UTC), sans=sans, issuer_cert=ca)
    write_private(os.path.join(d, "serving.key"), _pem_key(key))
    write_private(os.path.join(d, "serving.crt"), cert.public_bytes(serialization.Encoding.PEM), 0o644)


def generate_pki(d):
    """A CA (its key kept, 0600, to re-issue later), a serving certificate for 127.0.0.1/localhost and a service-account key pair."""
    _need_cryptography()
    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "platform-runtime-envtest-ca")])
    ca = _cert("platform-runtime-envtest-ca", ca_name, ca_key.public_key(), ca_key, now, ca=True)
    write_private(os.path.join(d, "ca.crt"), ca.public_bytes(serialization.Encoding.PEM), 0o644)
    write_private(os.path.join(d, "ca.key"), _pem_key(ca_key))
    issue_serving_cert(d)
    sa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    write_private(os.path.join(d, "sa.key"), _pem_key(sa_key))
    write_private(
        os.path.join(d, "sa.pub"),
        sa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
        0o644,
    )


def serving_cert_problem(d, now=None, min_validity=CERT_MIN_VALIDITY):
    """Why the serving certificate in ``d`` must be re-issued (expired, expiring, not signed by ca.crt), or None."""
    _need_cryptography()
    now = now or datetime.datetime.now(datetime.UTC)
    try:
        with open(os.path.join(d, "serving.crt"), "rb") as f:
            cert = x509.load_pem_x509_certificate(f.read())
        with open(os.path.join(d, "ca.crt"), "rb") as f:
            ca = x509.load_pem_x509_certificate(f.read())
    except (OSError, ValueError) as e:
        return f"unreadable ({e})"
    if cert.issuer != ca.subject:
        return "not issued by ca.crt"
    if not _has_extension(ca, x509.SubjectKeyIdentifier):
        return "ca.crt has no Subject Key Identifier (refused by strict verification, Python 3.13's default)"
    if not _has_extension(cert, x509.AuthorityKeyIdentifier):
        return "no Authority Key Identifier (refused by strict verification, Python 3.13's default)"
    if cert.not_valid_after_utc - now < datetime.timedelta(seconds=min_validity):
        return f"expires {cert.not_valid_after_utc.isoformat()}"
    return None


def reuse_problems(state_dir, state, version):
    """Why the data in ``state_dir`` cannot be reused by a control plane of ``version`` (empty when it can)."""
    if state is None:
        return [f"{STATE_FILE} is missing or unreadable"]
    problems = []
    if state.get("version") != version:
        problems.append(f"it holds the data of Kubernetes {state.get('version')!r}, and this run asks for {version!r}")
    missing = [n for n in REQUIRED_FILES if not os.path.isfile(os.path.join(state_dir, n))]
    if missing:
        problems.append(f"{', '.join(missing)} missing")
    if not os.path.isdir(os.path.join(state_dir, "etcd", "member")):
        problems.append("etcd/member (the etcd data) missing")
    for key in ("server", "admin_token", "ports", "kubeconfig", "user_kubeconfigs"):
        if key not in state:
            problems.append(f"{STATE_FILE} has no {key!r}")
    return problems


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


def _proc_runs(pid, binary):
    """True when ``pid`` is alive and runs ``binary`` (a reused PID of another program is not ours)."""
    if not pid or not _pid_alive(pid):
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv0 = f.read().split(b"\0")[0].decode("utf-8", "replace")
    except OSError:
        return True
    return os.path.basename(argv0) == os.path.basename(binary)


def _tail(path, lines=25):
    try:
        with open(path, "rb") as f:
            data = f.read()[-8192:].decode("utf-8", "replace")
        return "\n".join(data.splitlines()[-lines:])
    except OSError:
        return ""


class LocalControlPlane:
    """Start, inspect and stop one control plane whose files live in ``state_dir``."""

    def __init__(self, state_dir, name="envtest", version=DEFAULT_VERSION, bin_dir=None, users=None, ready_grace=READY_GRACE, exit_timeout=EXIT_TIMEOUT):
        if not state_dir or not str(state_dir).strip():
            raise ControlPlaneError("state_dir is empty: expected the control plane's own directory (it is removed on state=absent)")
        self.state_dir = os.path.abspath(os.path.expanduser(state_dir))
        self.name = name
        self.version = version
        self.bin_dir = bin_dir
        self.users = DEFAULT_USERS if users is None else users
        self.ready_grace = ready_grace
        self.exit_timeout = exit_timeout
        self._spent = 0.0
        self._procs = {}
        self._fresh = True

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
        bins = state.get("binaries") or {}
        alive = {n: _proc_runs(pid, bins.get(n, n)) for n, pid in state.get("pids", {}).items()}
        if all(alive.get(n) for n in PROCESSES) and self._http_ok(state):
            return "running", state
        if any(alive.values()):
            return "degraded", state
        return "stopped", state

    def _readiness(self, state):
        """{process: predicate} for the processes whose readiness is probed: etcd's client port, kube-apiserver's /readyz."""
        return {"etcd": lambda: _port_open(state["ports"]["etcd"]), "kube-apiserver": lambda: self._http_ok(state)}

    def not_ready(self, state=None):
        """[(process, pid)] of the processes that are alive but not ready now (starting, stopping after a signal, or hung)."""
        state = state or self.read_state()
        if not state or "ports" not in state:
            return []
        bins = state.get("binaries") or {}
        pids = state.get("pids", {})
        out = []
        for name, ready in self._readiness(state).items():
            if _proc_runs(pids.get(name), bins.get(name, name)) and not ready():
                out.append((name, pids[name]))
        return out

    def _settle(self, name, state, report):
        """True when the live process ``name`` is ready within ``ready_grace``. Otherwise it is stopping or hung: wait up to
        ``exit_timeout`` for it to exit, SIGKILL it after that, note it in ``report['waited']`` and return False (restart it)."""
        pid = state["pids"][name]
        ready = self._readiness(state)[name]
        start = time.monotonic()
        while time.monotonic() - start < self.ready_grace and _pid_alive(pid):
            if ready():
                return True
            time.sleep(0.2)
        exit_from = time.monotonic()
        while _pid_alive(pid) and time.monotonic() - exit_from < self.exit_timeout:
            time.sleep(0.2)
        if _pid_alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            end = time.monotonic() + 10
            while _pid_alive(pid) and time.monotonic() < end:
                time.sleep(0.1)
            how = f"it had not exited {self.exit_timeout:g} s later, so it was killed (SIGKILL)"
        else:
            how = f"it exited {time.monotonic() - exit_from:.0f} s later"
        report["waited"].append(
            f"{name} (pid {pid}) was alive but not ready after {self.ready_grace:g} s (stopping after a signal, or hung): {how}; restarted on the kept data"
        )
        self._spent += time.monotonic() - start
        return False

    # -- start ---------------------------------------------------------------
    def _spawn(self, name, argv):
        log = open(os.path.join(self.state_dir, name + ".log"), "ab")
        try:
            # A daemon that outlives this module run, in its own session: run_command (what ansible-core 2.21's
            # sanity asks for) waits for the command to exit, so it cannot start the control plane.
            proc = subprocess.Popen(  # pylint: disable=ansible-bad-function
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

    def _logs(self):
        return "\n".join(f"--- {n}.log ---\n{_tail(os.path.join(self.state_dir, n + '.log'))}" for n in PROCESSES)

    def _fail(self, msg, state):
        """Stop what this run started and raise. A fresh start removes its half-made directory; a resumed one keeps its data."""
        logs = self._logs()
        if self._fresh:
            self.stop(state)
            raise ControlPlaneError(f"{msg}\n{logs}")
        self.halt({"pids": {n: p.pid for n, p in self._procs.items()}})
        raise DataDirError(
            f"{msg}. The data directory {self.state_dir} was left untouched (etcd data, PKI and tokens kept); fix the cause, or set"
            f" recreate: true to delete it and start an empty control plane (every object is lost).\n{logs}"
        )

    def _wait(self, what, predicate, deadline, state):
        while time.monotonic() < deadline:
            for n, p in self._procs.items():
                if p.poll() is not None:
                    self._fail(f"{n} exited with code {p.returncode} while waiting for {what}", state)
            if predicate():
                return
            time.sleep(0.2)
        self._fail(f"timed out waiting for {what}", state)

    def _has_data(self):
        return os.path.isdir(self.state_dir) and bool(os.listdir(self.state_dir))

    def plan(self):
        """What ``ensure`` would do, without doing it: ('none'|'start'|'resume'|'refuse', state, [dead processes or problems])."""
        status, state = self.status()
        if status == "running" and state.get("version") == self.version:
            return "none", state, []
        if not self._has_data():
            return "start", state, list(PROCESSES)
        problems = reuse_problems(self.state_dir, state, self.version)
        if problems:
            return "refuse", state, problems
        bins = state.get("binaries") or {}
        dead = [n for n in PROCESSES if not _proc_runs(state.get("pids", {}).get(n), bins.get(n, n))]
        return "resume", state, dead

    def ensure(self, timeout=120, recreate=False):
        """Start, resume or keep the control plane; returns (changed, state, report).

        ``report``: {action: none|started|resumed|recreated, restarted: [...], reissued: [...], ports_changed: [...], reasons: [...]}.
        """
        action, state, detail = self.plan()
        report = {"action": "none", "restarted": [], "reissued": [], "ports_changed": [], "reasons": [], "waited": []}
        if action == "none":
            return False, state, report
        if action == "refuse" and not recreate:
            raise DataDirError(
                f"the data directory {self.state_dir} of control plane {self.name} cannot be reused: {'; '.join(detail)}. It was left untouched;"
                " set recreate: true to delete it and start an empty control plane (every object is lost), or state: absent to remove it"
            )
        if action == "resume":
            try:
                state = self._resume(state, report, timeout)
                report["action"] = "resumed"
                return True, state, report
            except DataDirError as e:
                if not recreate:
                    raise
                detail = [str(e).split("\n", maxsplit=1)[0]]
        if action in ("refuse", "resume"):
            report.update(action="recreated", reasons=detail)
            self.stop(state)
        else:
            report["action"] = "started"
        state = self.start(timeout)[1]
        report["restarted"] = list(PROCESSES)
        return True, state, report

    # -- resume --------------------------------------------------------------
    def _resume(self, state, report, timeout):
        """Restart the dead processes on the kept data; re-issue the serving certificate or move a port only where needed."""
        self._fresh = False
        self._procs = {}
        bins = find_binaries(self.version, self.bin_dir)
        old_bins = state.get("binaries") or {}
        alive = {n: _proc_runs(state.get("pids", {}).get(n), old_bins.get(n, bins[n])) for n in PROCESSES}
        state["binaries"] = bins
        ports = state["ports"]
        deadline = time.monotonic() + timeout

        problem = serving_cert_problem(self.state_dir)
        if problem:
            if not os.path.isfile(os.path.join(self.state_dir, "ca.key")):
                raise DataDirError(
                    f"the serving certificate of {self.state_dir} must be re-issued ({problem}) but the directory has no ca.key to sign it. It was"
                    " left untouched; set recreate: true to delete it and start an empty control plane (every object is lost)"
                )
            issue_serving_cert(self.state_dir)
            report["reissued"].append(f"serving.crt ({problem})")

        self._spent = 0.0
        restart = {n: not alive[n] for n in PROCESSES}
        if alive["etcd"] and not self._settle("etcd", state, report):
            alive["etcd"] = False
            restart["etcd"] = True
        if restart["etcd"]:
            if not _port_free(ports["etcd"]):
                ports["etcd"] = free_port()
                report["ports_changed"].append("etcd")
            if not ports.get("etcd_peer") or not _port_free(ports["etcd_peer"]):
                ports["etcd_peer"] = free_port()
        restart["kube-apiserver"] = restart["kube-apiserver"] or "etcd" in report["ports_changed"] or bool(report["reissued"])
        if restart["kube-apiserver"] and alive["kube-apiserver"]:
            self.halt({"pids": {"kube-apiserver": state["pids"]["kube-apiserver"]}})
            alive["kube-apiserver"] = False
        if restart["etcd"]:
            self._start_etcd(state, bins, deadline + self._spent)
        # A live kube-apiserver that does not become ready (stopping after a SIGTERM, or hung) is replaced, not waited on.
        if not restart["kube-apiserver"] and not self._settle("kube-apiserver", state, report):
            alive["kube-apiserver"] = False
            restart["kube-apiserver"] = True
        deadline += self._spent
        if restart["kube-apiserver"] and not _port_free(ports["apiserver"]):
            ports["apiserver"] = free_port()
            report["ports_changed"].append("kube-apiserver")
            self._write_kubeconfigs(state, f"https://127.0.0.1:{ports['apiserver']}")
        restart["kube-controller-manager"] = restart["kube-controller-manager"] or "kube-apiserver" in report["ports_changed"]
        if restart["kube-controller-manager"] and alive["kube-controller-manager"]:
            self.halt({"pids": {"kube-controller-manager": state["pids"]["kube-controller-manager"]}})

        if restart["kube-apiserver"]:
            self._start_apiserver(state, bins, deadline)
        self._wait("kube-apiserver /readyz on the kept etcd data", lambda: self._http_ok(state), deadline, state)
        if restart["kube-controller-manager"]:
            self._start_controller_manager(state, bins, deadline)
        report["restarted"] = [n for n in PROCESSES if restart[n]]
        state["restarted"] = time.time()
        self._save(state)
        return state

    def _save(self, state):
        write_private(self.state_path, json.dumps(state, indent=2))

    def _save_if_fresh(self, state):
        """A new control plane records each pid at once; a resumed one keeps its state file until the restart succeeded."""
        if self._fresh:
            self._save(state)

    def _write_kubeconfigs(self, state, server):
        state["server"] = server
        ca_file = os.path.join(self.state_dir, "ca.crt")
        tokens = _read_tokens(os.path.join(self.state_dir, "tokens.csv"))
        paths = {ADMIN_USER: state["kubeconfig"]}
        paths.update(state.get("user_kubeconfigs") or {})
        for user, path in paths.items():
            write_private(path, json.dumps(render_kubeconfig(server, ca_file, user, tokens[user], self.name), indent=2))
        write_private(
            os.path.join(self.state_dir, "kubeconfig-controller-manager"),
            json.dumps(render_kubeconfig(server, ca_file, ADMIN_USER, tokens[ADMIN_USER], self.name)),
        )

    def _start_etcd(self, state, bins, deadline):
        ports = state["ports"]
        proc = self._spawn("etcd", [bins["etcd"]] + etcd_args(self.state_dir, ports["etcd"], ports["etcd_peer"]))
        state["pids"]["etcd"] = proc.pid
        self._save_if_fresh(state)
        self._wait("etcd", lambda: _port_open(ports["etcd"]), deadline, state)

    def _start_apiserver(self, state, bins, deadline):
        ports = state["ports"]
        proc = self._spawn("kube-apiserver", [bins["kube-apiserver"]] + apiserver_args(self.state_dir, ports["etcd"], ports["apiserver"]))
        state["pids"]["kube-apiserver"] = proc.pid
        self._save_if_fresh(state)
        self._wait("kube-apiserver /readyz", lambda: self._http_ok(state), deadline, state)

    def _start_controller_manager(self, state, bins, deadline):
        proc = self._spawn("kube-controller-manager", [bins["kube-controller-manager"]] + controller_manager_args(self.state_dir))
        state["pids"]["kube-controller-manager"] = proc.pid
        self._save_if_fresh(state)
        self._wait(
            "the default ServiceAccount (token controller)",
            lambda: self._http_ok(state, "/api/v1/namespaces/default/serviceaccounts/default"),
            deadline,
            state,
        )

    # -- start ---------------------------------------------------------------
    def start(self, timeout=120):
        """Start a new control plane in an empty (or absent) state directory."""
        status, state = self.status()
        if status == "running":
            return False, state
        if self._has_data():
            raise DataDirError(f"{self.state_dir} already holds a control plane's data; ensure() resumes it, stop() removes it")
        self._fresh = True
        bins = find_binaries(self.version, self.bin_dir)
        users = normalize_users(self.users)
        os.makedirs(self.state_dir, mode=0o700, exist_ok=True)
        os.chmod(self.state_dir, 0o700)
        generate_pki(self.state_dir)
        admin_token = secrets.token_hex(24)
        write_private(os.path.join(self.state_dir, "tokens.csv"), render_token_file(admin_token, users))
        api_port = free_port()
        state = {
            "name": self.name,
            "version": self.version,
            "ca_file": os.path.join(self.state_dir, "ca.crt"),
            "admin_token": admin_token,
            "kubeconfig": os.path.join(self.state_dir, "kubeconfig"),
            "user_kubeconfigs": {u["name"]: os.path.join(self.state_dir, f"kubeconfig-{u['name']}") for u in users},
            "users": [{"name": u["name"], "groups": u["groups"]} for u in users],
            "binaries": bins,
            "ports": {"etcd": free_port(), "etcd_peer": free_port(), "apiserver": api_port},
            "pids": {},
            "started": time.time(),
        }
        self._write_kubeconfigs(state, f"https://127.0.0.1:{api_port}")
        deadline = time.monotonic() + timeout
        self._start_etcd(state, bins, deadline)
        self._start_apiserver(state, bins, deadline)
        self._start_controller_manager(state, bins, deadline)
        return True, state

    # -- stop ----------------------------------------------------------------
    def stop(self, state=None, grace=10.0):
        """Stop every process and remove the state directory (state=absent). Returns True when something was there."""
        state = state or self.read_state()
        existed = os.path.isdir(self.state_dir)
        if existed and os.listdir(self.state_dir) and not os.path.exists(self.state_path) and not self._procs:
            # Never remove a directory that is not a control plane's: a wrong path must not cost anyone data.
            raise ControlPlaneError(f"{self.state_dir} is not a control plane state directory (no {STATE_FILE}); refusing to remove it")
        stopped = self.halt(state, grace)
        if existed:
            shutil.rmtree(self.state_dir, ignore_errors=True)
        return existed or stopped

    def halt(self, state=None, grace=10.0):
        """Stop the processes of ``state`` (and those this object started); the data stays. True when there were any."""
        state = state or self.read_state()
        bins = (state or {}).get("binaries") or {}
        pids = dict((state or {}).get("pids", {}))
        for name, proc in self._procs.items():
            pids.setdefault(name, proc.pid)
        for name in reversed(PROCESSES):
            pid = pids.get(name)
            if pid and _proc_runs(pid, bins.get(name, name)):
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
        self._procs = {n: p for n, p in self._procs.items() if n not in pids}
        return bool(pids)

    def _reap(self):
        for proc in self._procs.values():
            proc.poll()


def _read_tokens(path):
    """{user: token} from a --token-auth-file."""
    tokens = {}
    with open(path) as f:
        for line in f:
            parts = line.strip().split(",", 3)
            if len(parts) >= 3:
                tokens[parts[1]] = parts[0]
    return tokens


def _port_free(port, host="127.0.0.1"):
    """True when ``port`` can be bound (as the restarted process will). A connect probe can self-connect on an ephemeral port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


def _port_open(port, host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _result(state, state_dir):
    return dict(
        kubeconfig=state["kubeconfig"],
        context=state["name"],
        server=state["server"],
        user_kubeconfigs=state["user_kubeconfigs"],
        pids=state["pids"],
        state_dir=state_dir,
    )


def ensure_control_plane(p, check_mode=False):
    """The envtest_control_plane flow for the module's parameters; returns (result, warnings) or raises ControlPlaneError."""
    state_dir = p["state_dir"] or os.path.join(cache_root(), "envtest", "clusters", p["name"])
    cp = LocalControlPlane(
        state_dir,
        name=p["name"],
        version=p["version"],
        bin_dir=p["bin_dir"],
        users=p["users"],
        ready_grace=p.get("ready_grace", READY_GRACE),
        exit_timeout=p.get("exit_timeout", EXIT_TIMEOUT),
    )
    if p["state"] == "absent":
        status, state = cp.status()
        changed = status != "stopped" or os.path.isdir(state_dir)
        if changed and not check_mode:
            cp.stop(state)
        return dict(changed=changed, state_dir=state_dir, previous_status=status), []
    normalize_users(p["users"])
    action, state, detail = cp.plan()
    if action != "none":
        find_binaries(p["version"], p["bin_dir"])
    if check_mode and action != "none":
        if action == "refuse" and not p["recreate"]:
            cp.ensure(recreate=False)  # raises DataDirError naming the problems; nothing is started
        verb = {"start": "start", "resume": "restart " + (", ".join(detail) or "what is not ready of"), "refuse": "recreate"}[action]
        not_ready = [{"name": n, "pid": pid} for n, pid in cp.not_ready(state)] if action == "resume" else []
        msg = f"would {verb} control plane {p['name']}"
        if not_ready:
            who = ", ".join("{name} (pid {pid})".format(**x) for x in not_ready)
            msg += (
                f"; {who} alive but not ready: each gets {cp.ready_grace:g} s, then"
                f" (stopping or hung) up to {cp.exit_timeout:g} s to exit, then SIGKILL, then a restart on the kept data"
            )
        return dict(changed=True, state_dir=state_dir, context=p["name"], action=action, not_ready=not_ready, msg=msg), []
    try:
        changed, state, report = cp.ensure(timeout=p["start_timeout"], recreate=p["recreate"])
    except DataDirError:
        raise
    except ControlPlaneError as e:
        raise ControlPlaneError(f"control plane {p['name']} failed to start: {e}") from e
    warnings = [f"control plane {p['name']}: {w}" for w in report["waited"]]
    if sorted(u["name"] for u in state.get("users", [])) != sorted(u["name"] for u in p["users"]):
        warnings.append(
            f"control plane {p['name']} is running with users {[u['name'] for u in state.get('users', [])]}"
            "; restart it (state=absent, then present) to change users"
        )
    result = dict(changed=changed, **_result(state, state_dir), **report)
    if report["action"] in ("resumed", "recreated"):
        what = ", ".join(report["restarted"]) or "nothing"
        result["msg"] = f"control plane {p['name']} {report['action']}: restarted {what} on the kept etcd data and PKI"
        if report["action"] == "recreated":
            result["msg"] = f"control plane {p['name']} recreated empty (recreate: true): {'; '.join(report['reasons'])}"
    dest = p["kubeconfig_path"]
    if dest:
        with open(state["kubeconfig"]) as f:
            content = f.read()
        if check_mode:
            result["changed"] |= not os.path.exists(dest) or open(dest).read() != content or (os.stat(dest).st_mode & 0o777) != 0o600
        else:
            result["changed"] |= write_private(dest, content)
        result["kubeconfig"] = dest
    return result, warnings
