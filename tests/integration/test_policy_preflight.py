"""The policy preflight playbook on a seeded local control plane: live objects that violate and objects that pass.

One playbook run (inventories/local, policy_preflight_live=true): the strict run over the platform's own components
finds nothing, and the live run reports, per constraint, exactly the seeded objects that would be denied.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.k8s, pytest.mark.upstream]


def pod(name, ns, image, privileged=False, limits=True):
    container = {"name": "app", "image": image}
    if limits:
        container["resources"] = {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}
    if privileged:
        container["securityContext"] = {"privileged": True}
    # no token mount: the ServiceAccount admission plugin would wait for the new namespace's default token
    spec = {"automountServiceAccountToken": False, "containers": [container]}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns}, "spec": spec}


@pytest.fixture(scope="module")
def seeded(kube, unique):
    good_ns, bad_ns = f"pf-good-{unique}", f"pf-bad-{unique}"
    objects = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": good_ns, "labels": {"team": "pf", "environment": "local"}}},
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": bad_ns}},
        pod("compliant", good_ns, "registry.example.com/app:1.0"),
        pod("latest", good_ns, "registry.example.com/app:latest"),
        pod("privileged", good_ns, "registry.example.com/app:1.0", privileged=True),
        pod("foreign", good_ns, "docker.io/library/nginx:1.27"),
        pod("no-limits", good_ns, "registry.example.com/app:1.0", limits=False),
        pod("system", "kube-system", "docker.io/library/nginx:latest", privileged=True, limits=False),
    ]
    for obj in objects:
        kube.apply(obj)
    return good_ns, bad_ns


@pytest.fixture(scope="module")
def unique():
    import uuid

    return uuid.uuid4().hex[:6]


def test_preflight_reports_the_seeded_violations(run_playbook, control_plane, upstream_dir, helm, seeded):
    good_ns, bad_ns = seeded
    result = run_playbook(
        "policy_preflight.yml",
        inventory="inventories/local",
        extra_vars={
            "platform_kubeconfig": control_plane["kubeconfig"],
            "gatekeeper_upstream_dir": upstream_dir,
            "policy_preflight_helm": helm.helm_binary(),
            "policy_preflight_live": True,
            # the test's own team (the inventory's teams follow other branches' schema changes)
            "platform_teams": [{"name": "pf", "owners": ["pf@example.com"], "groups": {"admin": ["pf-admins"]}, "environments": ["local"]}],
        },
    )
    assert result.rc == 0, result.explain()
    assert result.changed() == 0
    platform = result.task_results("against the platform's own components")[0]
    assert platform["violations"] == 0, platform["table"]
    assert platform["report"]["sources"]["chart:gatekeeper"] > 20
    live = result.task_results("onboarding objects and the live cluster")[0]
    assert live["report"]["sources"]["onboarding"] > 0 and live["report"]["sources"]["live"] > 0
    found = {c["constraint"]: {v["object"]: v for v in c["violations"] if v["source"] == "live"} for c in live["report"]["constraints"]}

    def objects(constraint):
        return {o for o in found[constraint] if good_ns in o or bad_ns in o or "kube-system" in o}

    assert objects("K8sDisallowedTags/no-latest-or-untagged-images") == {f"Pod/{good_ns}/latest"}
    assert objects("K8sPSPPrivilegedContainer/no-privileged-containers") == {f"Pod/{good_ns}/privileged"}
    assert objects("K8sAllowedRepos/allowed-registries") == {f"Pod/{good_ns}/foreign"}
    assert objects("K8sContainerLimits/container-limits") == {f"Pod/{good_ns}/no-limits"}
    assert objects("K8sRequiredResources/container-requests") == {f"Pod/{good_ns}/no-limits"}
    assert objects("K8sRequiredLabels/namespace-required-labels") == {f"Namespace/{bad_ns}"}
    foreign = found["K8sAllowedRepos/allowed-registries"][f"Pod/{good_ns}/foreign"]["messages"]
    assert foreign == [
        "container <app> has an invalid image repo <docker.io/library/nginx:1.27>, "
        'allowed repos are ["openpolicyagent/", "curlimages/", "registry.example.com/"]'
    ]
    assert not [o for c in found.values() for o in c if o.startswith("Pod/kube-system/")]  # system namespaces are excluded
    text = "\n".join(live["table"])
    assert f"[live] Pod/{good_ns}/latest: container <app> uses a disallowed tag" in text
