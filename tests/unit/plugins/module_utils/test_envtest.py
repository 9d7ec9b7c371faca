from __future__ import annotations

import datetime
import json
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


# -- the data directory is reused, never silently replaced (issue 9) ------------------------------------------
def _data_dir(tmp_path, version="1.20.2"):
    d = tmp_path / "cp"
    (d / "etcd" / "member").mkdir(parents=True)
    envtest.generate_pki(str(d))
    (d / "tokens.csv").write_text('t,admin,admin,"system:masters"\n')
    state = {"version": version, "server": "https://127.0.0.1:1", "admin_token": "t", "ports": {}, "kubeconfig": str(d / "kubeconfig"), "user_kubeconfigs": {}}
    (d / "state.json").write_text(json.dumps(state))
    return d, state


def test_reuse_problems_name_what_is_wrong(tmp_path):
    d, state = _data_dir(tmp_path)
    assert envtest.reuse_problems(str(d), state, "1.20.2") == []
    assert envtest.reuse_problems(str(d), None, "1.20.2") == ["state.json is missing or unreadable"]
    assert envtest.reuse_problems(str(d), state, "1.21.0") == ["it holds the data of Kubernetes '1.20.2', and this run asks for '1.21.0'"]
    (d / "sa.key").unlink()
    (d / "etcd" / "member").rmdir()
    assert envtest.reuse_problems(str(d), state, "1.20.2") == ["sa.key missing", "etcd/member (the etcd data) missing"]


def test_plan_refuses_and_ensure_leaves_an_unusable_directory_untouched(tmp_path):
    d, _state = _data_dir(tmp_path)
    (d / "state.json").write_text("{not json")
    before = {p: p.read_bytes() for p in d.rglob("*") if p.is_file()}
    cp = envtest.LocalControlPlane(str(d), name="x")
    assert cp.plan()[0] == "refuse"
    with pytest.raises(envtest.DataDirError) as err:
        cp.ensure()
    assert f"the data directory {d} of control plane x cannot be reused: state.json is missing or unreadable" in str(err.value)
    assert "left untouched" in str(err.value) and "recreate: true" in str(err.value)
    assert {p: p.read_bytes() for p in d.rglob("*") if p.is_file()} == before
    with pytest.raises(envtest.DataDirError):
        cp.start()  # start() never writes over existing data either


def test_serving_cert_is_reissued_from_the_kept_ca(tmp_path):
    d, _state = _data_dir(tmp_path)
    assert envtest.serving_cert_problem(str(d)) is None
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=31)
    assert envtest.serving_cert_problem(str(d), now=later).startswith("expires ")
    ca_before = (d / "ca.crt").read_bytes()
    envtest.issue_serving_cert(str(d))
    assert (d / "ca.crt").read_bytes() == ca_before
    assert envtest.serving_cert_problem(str(d)) is None
    assert stat.S_IMODE(os.stat(d / "ca.key").st_mode) == 0o600
