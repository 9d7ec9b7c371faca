from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import envtest


def test_find_binaries_search_order_and_missing(tmp_path):
    explicit, assets = tmp_path / "explicit", tmp_path / "assets"
    for d in (explicit, assets):
        d.mkdir()
    for d, names in ((explicit, ["kube-apiserver"]), (assets, ["kube-apiserver", "kube-controller-manager", "etcd"])):
        for n in names:
            p = d / n
            p.write_text("#!/bin/sh\n")
            p.chmod(0o755)
    env = {"KUBEBUILDER_ASSETS": str(assets), "PATH": "", "PLATFORM_RUNTIME_CACHE": str(tmp_path / "cache")}
    found = envtest.find_binaries(bin_dir=str(explicit), env=env)
    assert found["kube-apiserver"] == str(explicit / "kube-apiserver")
    assert found["etcd"] == str(assets / "etcd")
    with pytest.raises(envtest.ControlPlaneError) as err:
        envtest.find_binaries(env={"PATH": "", "PLATFORM_RUNTIME_CACHE": str(tmp_path / "cache")})
    assert "kube-apiserver, kube-controller-manager, etcd" in str(err.value)
    assert "build-control-plane.sh" in str(err.value)


@pytest.mark.parametrize(
    "users,field",
    [
        ([{"name": ""}], "users[0].name"),
        ([{"name": "a,b"}], "users[0].name"),
        ([{"name": "admin"}], "users[0].name"),
        ([{"name": "x"}, {"name": "x"}], "users[1].name"),
        ([{"name": "x", "groups": ["a,b"]}], "users[0].groups"),
    ],
)
def test_normalize_users_rejects_bad_input(users, field):
    with pytest.raises(envtest.ControlPlaneError) as err:
        envtest.normalize_users(users)
    assert str(err.value).startswith(field)


def test_token_file_and_kubeconfig():
    users = envtest.normalize_users([{"name": "alice", "groups": ["team-a", "devs"]}])
    assert len(users[0]["token"]) == 48
    text = envtest.render_token_file("admintoken", users)
    assert text.splitlines() == [
        'admintoken,admin,admin,"system:masters"',
        f'{users[0]["token"]},alice,alice,"team-a,devs"',
    ]
    kc = envtest.render_kubeconfig("https://127.0.0.1:1", "/ca.crt", "alice", "t", "ctx")
    assert kc["current-context"] == "ctx" and kc["users"][0]["user"]["token"] == "t"


def test_apiserver_args_have_what_the_platform_relies_on(tmp_path):
    args = envtest.apiserver_args(str(tmp_path), 2379, 6443)
    assert "--authorization-mode=RBAC" in args
    assert "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota" in args
    assert "--insecure-port=0" in args and "--secure-port=6443" in args
    assert any(a.startswith("--token-auth-file=") for a in args)


def test_generate_pki_modes(tmp_path):
    envtest.generate_pki(str(tmp_path))
    for name, mode in (("serving.key", 0o600), ("sa.key", 0o600), ("ca.crt", 0o644)):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == mode


def test_stop_of_nothing_is_a_noop(tmp_path):
    cp = envtest.LocalControlPlane(str(tmp_path / "none"))
    assert cp.status() == ("stopped", None)
    assert cp.stop() is False
