from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import flux
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents


def release(**kw):
    args = dict(
        name="istiod",
        namespace="istio-system",
        chart="istiod",
        version="1.30.3",
        source_name="istio",
        source_namespace="flux-system",
    )
    args.update(kw)
    return flux.helm_release(**args)


@pytest.mark.parametrize(
    "version",
    [
        "*",
        "latest",
        "",
        None,
        "^1.30.0",
        "~1.30",
        ">=1.0.0",
        "1.x",
        "1.30",
        "1.30.*",
        "1.0.0 - 2.0.0",
        "1.0.0 || 2.0.0",
    ],
)
def test_unpinned_chart_version_is_refused(version):
    with pytest.raises(flux.FluxError) as e:
        release(version=version)
    assert "version=" in str(e.value) and "pinned" in str(e.value)


@pytest.mark.parametrize("version", ["1.30.3", "v1.30.3", "1.0.0-rc.1", "88.5.3+build.1"])
def test_exact_chart_versions_are_accepted(version):
    assert release(version=version)["spec"]["chart"]["spec"]["version"] == version


@pytest.mark.parametrize("interval", ["5", "5 m", "1d", "1h30", "-1m", "1.m", 5])
def test_bad_interval_names_field_value_expectation(interval):
    with pytest.raises(flux.FluxError) as e:
        release(interval=interval)
    msg = str(e.value)
    assert msg.startswith(f"interval={interval!r}") and "Go duration" in msg


@pytest.mark.parametrize("interval", ["10m", "1h30m", "500ms", "1.5h", "30s"])
def test_go_durations_are_accepted(interval):
    assert release(interval=interval)["spec"]["interval"] == interval


def test_helm_release_shape():
    obj = release(
        depends_on=["istio-base"],
        known_releases=["istio-base", "istiod"],
        values={"pilot": {"resources": {"requests": {"cpu": "100m"}}}},
        values_from=[{"kind": "ConfigMap", "name": "istiod-values", "values_key": "values.yaml", "optional": True}],
        target_namespace="istio-system",
        create_namespace=True,
        install_retries=5,
        upgrade_retries=2,
    )
    spec = obj["spec"]
    assert obj["apiVersion"] == "helm.toolkit.fluxcd.io/v2"
    assert spec["chart"]["spec"]["sourceRef"] == {"kind": "HelmRepository", "name": "istio", "namespace": "flux-system"}
    assert spec["install"] == {"crds": "CreateReplace", "createNamespace": True, "remediation": {"retries": 5}}
    assert spec["upgrade"]["crds"] == "CreateReplace"
    assert spec["upgrade"]["remediation"] == {"retries": 2, "remediateLastFailure": True, "strategy": "rollback"}
    assert spec["dependsOn"] == [{"name": "istio-base"}]
    assert spec["valuesFrom"] == [{"kind": "ConfigMap", "name": "istiod-values", "valuesKey": "values.yaml", "optional": True}]
    assert spec["timeout"] == "5m"


def test_non_atomic_release_has_no_rollback():
    assert "strategy" not in release(atomic=False)["spec"]["upgrade"]["remediation"]


def test_depends_on_unknown_name():
    with pytest.raises(flux.FluxError) as e:
        release(depends_on=["istio-bsae"], known_releases=["istio-base"])
    assert "depends_on[0].name='istio-bsae'" in str(e.value) and "istio-base" in str(e.value)


def test_depends_on_self_is_refused():
    with pytest.raises(flux.FluxError, match="itself"):
        release(depends_on=["istiod"])


def test_create_namespace_needs_target_namespace():
    with pytest.raises(flux.FluxError, match="target_namespace"):
        release(create_namespace=True)


def test_negative_retries_are_refused():
    with pytest.raises(flux.FluxError, match="install_retries=-1"):
        release(install_retries=-1)


@pytest.mark.parametrize("url", ["github.com/org/repo", "git@github.com:org/repo.git", "ftp://x/y", ""])
def test_git_url_needs_scheme(url):
    with pytest.raises(flux.FluxError) as e:
        flux.git_repository("platform", "flux-system", url)
    assert str(e.value).startswith(f"url={url!r}") and "scheme" in str(e.value)


def test_private_git_repository_needs_secret():
    with pytest.raises(flux.FluxError) as e:
        flux.git_repository("platform", "flux-system", "https://git.example.com/p.git", private=True)
    assert str(e.value).startswith("secret_ref=None") and "private" in str(e.value)
    with pytest.raises(flux.FluxError, match="ssh"):
        flux.git_repository("platform", "flux-system", "ssh://git@git.example.com/p.git")


def test_git_repository_refs():
    repo = flux.git_repository("platform", "flux-system", "ssh://git@git.example.com/p.git", ref={"semver": ">=1.0.0"}, secret_ref="deploy-key")
    assert repo["spec"]["ref"] == {"semver": ">=1.0.0"} and repo["spec"]["secretRef"] == {"name": "deploy-key"}
    assert flux.git_repository("p", "flux-system", "https://x/y", ref="release")["spec"]["ref"] == {"branch": "release"}
    with pytest.raises(flux.FluxError, match="ref="):
        flux.git_repository("p", "flux-system", "https://x/y", ref={"bramch": "main"})


def test_helm_repository_http_and_oci():
    http = flux.helm_repository("istio", "flux-system", "https://istio-release.storage.googleapis.com/charts")
    assert "type" not in http["spec"]
    oci = flux.helm_repository("podinfo", "flux-system", "oci://ghcr.io/stefanprodan/charts", provider="generic")
    assert oci["spec"]["type"] == "oci"
    with pytest.raises(flux.FluxError, match="url='ghcr.io/x'"):
        flux.helm_repository("x", "flux-system", "ghcr.io/x")
    with pytest.raises(flux.FluxError, match="secret_ref"):
        flux.helm_repository("x", "flux-system", "https://charts.example.com", private=True)
    with pytest.raises(flux.FluxError, match="provider='aws'"):
        flux.helm_repository("x", "flux-system", "https://charts.example.com", provider="aws")


def test_kustomization_wait_and_health_checks_exclude_each_other():
    with pytest.raises(flux.FluxError, match="health_checks"):
        flux.kustomization(
            "k",
            "flux-system",
            "./x",
            "platform",
            wait=True,
            health_checks=[{"kind": "Deployment", "name": "a", "namespace": "b"}],
        )


def test_bad_name():
    with pytest.raises(flux.FluxError, match="name='Bad_Name'"):
        flux.kustomization("Bad_Name", "flux-system", "./x", "platform")


def test_app_of_apps_dependencies_and_settings():
    objs = flux.app_of_apps(
        {
            "url": "ssh://git@git.example.com/platform.git",
            "secret_name": "platform-deploy-key",
            "ref": {"tag": "v1.0.0"},
            "kustomization_interval": "30m",
        }
    )
    kinds = [(o["kind"], o["metadata"]["name"]) for o in objs]
    assert kinds == [
        ("GitRepository", "platform"),
        ("Kustomization", "platform-root"),
        ("Kustomization", "platform-services"),
        ("Kustomization", "workloads"),
    ]
    assert objs[2]["spec"]["dependsOn"] == [{"name": "platform-root"}]
    assert objs[3]["spec"]["dependsOn"] == [{"name": "platform-services"}]
    assert all(o["spec"]["interval"] == "30m" for o in objs[1:])
    assert objs[0]["spec"]["secretRef"] == {"name": "platform-deploy-key"}


def test_app_of_apps_health_checks_replace_wait():
    objs = flux.app_of_apps(
        {
            "url": "https://x/y",
            "health_checks": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "istiod", "namespace": "istio-system"}],
        }
    )
    assert "wait" not in objs[2]["spec"] and objs[2]["spec"]["healthChecks"][0]["name"] == "istiod"


def test_app_of_apps_unknown_key():
    with pytest.raises(flux.FluxError, match="urll"):
        flux.app_of_apps({"urll": "https://x/y"})


def test_check_dependencies():
    a = flux.kustomization("a", "flux-system", "./a", "platform")
    b = flux.kustomization("b", "flux-system", "./b", "platform", depends_on=["c"])
    with pytest.raises(flux.FluxError) as e:
        flux.check_dependencies([a, b])
    assert "dependsOn[0].name='c'" in str(e.value) and "['a', 'b']" in str(e.value)


@pytest.mark.parametrize(
    "server,allow,ok",
    [
        ({"gitVersion": "v1.34.1"}, False, True),
        ({"gitVersion": "v1.36.0-eks-1"}, False, True),
        ({"gitVersion": "v1.34.0"}, False, False),
        ("v1.20.2", True, True),
    ],
)
def test_kubernetes_version_check(server, allow, ok):
    if ok:
        warning = flux.check_kubernetes_version(server, allow_unsupported=allow)
        assert (warning is not None) == allow
        if allow:
            assert "1.20.2 is older than 1.34.1" in warning
    else:
        with pytest.raises(flux.FluxError, match="older than 1.34.1"):
            flux.check_kubernetes_version(server)


def test_prepare_install_components_and_multi_tenancy(upstream_dir):
    docs = load_documents(upstream_dir + "/flux-2.9.4/install.yaml")
    crds, others = flux.prepare_install(docs, multi_tenancy=True)
    assert len(crds) == 11
    deps = {o["metadata"]["name"]: o for o in others if o["kind"] == "Deployment"}
    assert set(deps) == set(flux.COMPONENTS)
    kc_args = deps["kustomize-controller"]["spec"]["template"]["spec"]["containers"][0]["args"]
    assert "--no-cross-namespace-refs=true" in kc_args and "--default-service-account=default" in kc_args and "--no-remote-bases=true" in kc_args
    assert "--default-service-account=default" not in deps["source-controller"]["spec"]["template"]["spec"]["containers"][0].get("args", [])
    # idempotent: applying the patch twice gives the same args
    again = flux.prepare_install([o for o in others if o["kind"] == "Deployment"], multi_tenancy=True)[1]
    assert [o["spec"] for o in again] == [deps[o["metadata"]["name"]]["spec"] for o in again]

    crds, others = flux.prepare_install(docs, components=["source-controller", "kustomize-controller"])
    assert {c["spec"]["group"] for c in crds} == {"source.toolkit.fluxcd.io", "kustomize.toolkit.fluxcd.io"}
    assert {o["metadata"]["name"] for o in others if o["kind"] == "Deployment"} == {
        "source-controller",
        "kustomize-controller",
    }
    with pytest.raises(flux.FluxError, match="source-controller"):
        flux.prepare_install(docs, components=["helm-controller"])
    with pytest.raises(flux.FluxError, match="image-controller"):
        flux.prepare_install(docs, components=["source-controller", "image-controller"])


def test_export_layout():
    objs = flux.app_of_apps({"url": "https://x/y"})
    files = flux.export_layout({"apps": objs})
    assert files["kustomization.yaml"]["resources"] == ["apps"]
    assert files["apps/kustomization.yaml"]["resources"][0] == "gitrepository-flux-system-platform.yaml"
    assert len(files) == 6
    files = flux.export_layout({"flux-system": ["gotk-components.yaml"]})
    assert files["flux-system/kustomization.yaml"]["resources"] == ["gotk-components.yaml"]
