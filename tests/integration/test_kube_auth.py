"""Every connection option of KubeClient that the local control plane can answer, against its real authenticators.

The control plane (kube-apiserver 1.20) authenticates bearer tokens (token file and ServiceAccount tokens) and
client certificates signed by its CA, and authorizes with RBAC. Each case connects one way and proves who it is
by what RBAC lets it do: list ConfigMaps in the namespace its group (or ServiceAccount) is bound in, and get a 403
that names the authenticated user in a namespace where it is not.
The proxy case goes through a real CONNECT proxy on loopback (tests/support/proxy.py).
Not exercised here: username/password (the 1.20 API server has no basic auth) and ``persist_config`` (needs an exec
or OIDC credential that refreshes and writes back).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient, KubeError, apply_batch
from ansible_collections.platform.runtime.tests.support.pki import issue_client_cert

pytestmark = pytest.mark.k8s

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
AUTH_ENV = [k for k in os.environ if k.startswith("K8S_AUTH_")]


@pytest.fixture(scope="module")
def setup(kube, control_plane, tmp_path_factory):
    """Two namespaces; a group and a ServiceAccount that may read ConfigMaps in the first one only."""
    u = os.urandom(3).hex()
    allowed, denied, group, sa = f"auth-ok-{u}", f"auth-no-{u}", f"auth-team-{u}", "reader"
    role = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": {"name": "cm-reader", "namespace": allowed},
        "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]}],
    }
    binding = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": {"name": "cm-reader", "namespace": allowed},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "cm-reader"},
        "subjects": [
            {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": group},
            {"kind": "ServiceAccount", "name": sa, "namespace": allowed},
        ],
    }
    objects = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": allowed}},
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": denied}},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": sa, "namespace": allowed}},
        role,
        binding,
    ]
    for n in (allowed, denied):
        objects.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "probe", "namespace": n}, "data": {"ns": n}})
    results = apply_batch(kube, objects)
    assert all(r["action"] == "created" for r in results), results
    # the token controller of kube-controller-manager issues the ServiceAccount's token Secret
    deadline, token = time.monotonic() + 60, None
    while token is None and time.monotonic() < deadline:
        secrets = kube.list("v1", "Secret", namespace=allowed)
        token = next(
            (s["data"]["token"] for s in secrets if s.get("type") == "kubernetes.io/service-account-token" and s["metadata"]["name"].startswith(sa)), None
        )
        time.sleep(0.2)
    assert token, "no ServiceAccount token was issued"
    work = tmp_path_factory.mktemp("auth")
    yield {
        "allowed": allowed,
        "denied": denied,
        "group": group,
        "sa_user": f"system:serviceaccount:{allowed}:{sa}",
        "sa_token": base64.b64decode(token).decode(),
        "server": control_plane["server"],
        "ca": control_plane["ca_file"],
        "state_dir": os.path.dirname(control_plane["ca_file"]),
        "work": str(work),
    }
    for n in (allowed, denied):
        kube.delete({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}})


@pytest.fixture(autouse=True)
def no_auth_env(monkeypatch):
    """No K8S_AUTH_* variable of the caller's shell may decide a case."""
    for k in AUTH_ENV:
        monkeypatch.delenv(k)


def assert_identity(client, setup, user):
    """``client`` reads ConfigMaps where ``user`` is bound and is refused, by name, where it is not."""
    items = client.list("v1", "ConfigMap", namespace=setup["allowed"])
    assert "probe" in [i["metadata"]["name"] for i in items]
    with pytest.raises(KubeError) as e:
        client.list("v1", "ConfigMap", namespace=setup["denied"])
    assert e.value.status == 403, e.value
    assert f'User "{user}" cannot list resource "configmaps"' in str(e.value)


def test_token_with_host_and_ca_cert(setup):
    client = KubeClient(host=setup["server"], api_key=setup["sa_token"], ca_cert=setup["ca"])
    assert_identity(client, setup, setup["sa_user"])


def test_client_certificate_issued_by_the_cluster_ca(setup):
    cert, key = issue_client_cert(setup["state_dir"], "cert-user", [setup["group"]], out_dir=setup["work"])
    client = KubeClient(host=setup["server"], client_cert=cert, client_key=key, ca_cert=setup["ca"])
    assert_identity(client, setup, "cert-user")
    # kubernetes.core's aliases work the same
    assert_identity(KubeClient(host=setup["server"], cert_file=cert, key_file=key, ssl_ca_cert=setup["ca"]), setup, "cert-user")


def test_impersonating_a_team_group_gets_what_the_group_gets(kube, control_plane, setup):
    # Two groups: a decoy first, so a client that joined them into one header would impersonate neither.
    client = KubeClient(kubeconfig=control_plane["kubeconfig"], impersonate_user="imp-user", impersonate_groups=["decoy", setup["group"]])
    assert_identity(client, setup, "imp-user")
    assert kube.list("v1", "ConfigMap", namespace=setup["denied"]), "the admin itself may read both namespaces"
    # A team member may not impersonate anyone.
    team = KubeClient(kubeconfig=control_plane["user_kubeconfigs"]["alice"], impersonate_user="imp-user", impersonate_groups=[setup["group"]])
    with pytest.raises(KubeError) as e:
        team.list("v1", "ConfigMap", namespace=setup["allowed"])
    assert e.value.status == 403 and 'User "alice" cannot impersonate resource "users"' in str(e.value)


def write_kubeconfig(setup, path, cert, key):
    with open(control_plane_kubeconfig(setup)) as f:
        admin = json.load(f)
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": admin["clusters"],
        "users": admin["users"] + [{"name": "team", "user": {"client-certificate": cert, "client-key": key}}],
        "contexts": admin["contexts"] + [{"name": "team", "context": {"cluster": admin["clusters"][0]["name"], "user": "team"}}],
        "current-context": admin["current-context"],
    }
    with open(path, "w") as f:
        json.dump(config, f)
    return config


def control_plane_kubeconfig(setup):
    return os.path.join(setup["state_dir"], "kubeconfig")


def test_kubeconfig_and_context_file_and_dict(setup):
    cert, key = issue_client_cert(setup["state_dir"], "ctx-user", [setup["group"]], out_dir=setup["work"])
    path = os.path.join(setup["work"], "two-contexts.json")
    config = write_kubeconfig(setup, path, cert, key)
    assert_identity(KubeClient(kubeconfig=path, context="team"), setup, "ctx-user")
    assert KubeClient(kubeconfig=path).list("v1", "ConfigMap", namespace=setup["denied"]), "the current context is the admin's"
    assert_identity(KubeClient(kubeconfig=config, context="team"), setup, "ctx-user")
    with pytest.raises(KubeError, match=f"cannot load kubeconfig {path} \\(context nope\\)"):
        KubeClient(kubeconfig=path, context="nope")


def test_k8s_auth_environment_variables(setup, monkeypatch):
    monkeypatch.setenv("K8S_AUTH_HOST", setup["server"])
    monkeypatch.setenv("K8S_AUTH_API_KEY", setup["sa_token"])
    monkeypatch.setenv("K8S_AUTH_SSL_CA_CERT", setup["ca"])
    assert_identity(KubeClient(), setup, setup["sa_user"])
    for k in ("K8S_AUTH_HOST", "K8S_AUTH_API_KEY", "K8S_AUTH_SSL_CA_CERT"):
        monkeypatch.delenv(k)
    cert, key = issue_client_cert(setup["state_dir"], "env-user", [], out_dir=setup["work"])
    path = os.path.join(setup["work"], "env-contexts.json")
    admin_context = write_kubeconfig(setup, path, cert, key)["current-context"]
    monkeypatch.setenv("K8S_AUTH_KUBECONFIG", path)
    monkeypatch.setenv("K8S_AUTH_CONTEXT", "team")
    monkeypatch.setenv("K8S_AUTH_IMPERSONATE_USER", "env-imp")  # refused: env-user has no impersonate rights
    with pytest.raises(KubeError, match='User "env-user" cannot impersonate resource "users"'):
        KubeClient().list("v1", "ConfigMap", namespace=setup["allowed"])
    monkeypatch.setenv("K8S_AUTH_CONTEXT", admin_context)
    monkeypatch.setenv("K8S_AUTH_IMPERSONATE_GROUPS", f"decoy,{setup['group']}")
    assert_identity(KubeClient(), setup, "env-imp")


def test_in_cluster_service_account(setup, monkeypatch):
    from kubernetes.config import incluster_config

    token = os.path.join(setup["work"], "token")
    with open(token, "w") as f:
        f.write(setup["sa_token"])
    host, port = setup["server"].removeprefix("https://").rsplit(":", 1)
    monkeypatch.setattr(incluster_config, "SERVICE_TOKEN_FILENAME", token)
    monkeypatch.setattr(incluster_config, "SERVICE_CERT_FILENAME", setup["ca"])
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", host)
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", port)
    monkeypatch.setenv("KUBECONFIG", os.devnull)  # so a fallback to a kubeconfig could not succeed
    assert_identity(KubeClient(), setup, setup["sa_user"])


def test_a_module_takes_its_connection_from_k8s_auth_environment_variables(setup):
    """One module process: wait_ready with nothing but K8S_AUTH_* variables, refused by name where the account is not bound."""
    args = {
        "resources": [{"api_version": "v1", "kind": "ConfigMap", "namespace": setup["denied"], "name": "probe"}],
        "timeout": 0,
    }
    env = dict(
        {k: v for k, v in os.environ.items() if not k.startswith("K8S_AUTH_")},
        K8S_AUTH_HOST=setup["server"],
        K8S_AUTH_API_KEY=setup["sa_token"],
        K8S_AUTH_SSL_CA_CERT=setup["ca"],
        KUBECONFIG=os.devnull,
        ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
    )
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible"), "localhost", "-m", "platform.runtime.wait_ready", "-a", json.dumps(args)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode != 0, proc.stdout
    assert f'User \\"{setup["sa_user"]}\\" cannot get resource \\"configmaps\\"' in proc.stdout or (
        f'User "{setup["sa_user"]}" cannot get resource "configmaps"' in proc.stdout
    ), proc.stdout[-3000:]
    assert setup["sa_token"] not in proc.stdout, "the token must never be printed"


def test_proxy_with_proxy_headers_and_no_proxy(setup):
    from ansible_collections.platform.runtime.tests.support.proxy import ConnectProxy

    target = setup["server"].removeprefix("https://")
    with ConnectProxy() as proxy:
        client = KubeClient(
            host=setup["server"],
            api_key=setup["sa_token"],
            ca_cert=setup["ca"],
            proxy=proxy.url,
            proxy_headers={"proxy_basic_auth": "squid:secret"},
        )
        assert_identity(client, setup, setup["sa_user"])
        assert proxy.tunnels and {t for t, _h in proxy.tunnels} == {target}
        assert proxy.tunnels[0][1]["proxy-authorization"] == "Basic " + base64.b64encode(b"squid:secret").decode()
        opened = len(proxy.tunnels)
        bypass = KubeClient(host=setup["server"], api_key=setup["sa_token"], ca_cert=setup["ca"], proxy=proxy.url, no_proxy="127.0.0.1,localhost")
        assert_identity(bypass, setup, setup["sa_user"])
        assert len(proxy.tunnels) == opened, "no_proxy must bypass the proxy"
