"""plugin_utils.plan: task results in, one plan per cluster, component and team out."""

from ansible_collections.platform.runtime.plugins.plugin_utils.plan import Plan, component_of, counts, render

APPLY = {
    "changed": True,
    "summary": {"created": ["Namespace/velero"], "updated": ["HelmRelease/flux-system/velero"], "unchanged": ["HelmRepository/flux-system/vmware"]},
}
ONBOARD = {
    "changed": True,
    "summary": {
        "created": ["ClusterRole/platform-tenant-view", "ResourceQuota/payments-dev/team-quota"],
        "updated": ["LimitRange/backend-dev/team-limits"],
        "pruned": ["NetworkPolicy/backend-dev/allow-egress-cidrs"],
        "unchanged": ["Namespace/backend-dev"],
    },
    "teams": {
        "backend": {
            "namespaces": ["backend-dev"],
            "created": [],
            "changed": ["LimitRange/backend-dev/team-limits"],
            "pruned": ["NetworkPolicy/backend-dev/allow-egress-cidrs"],
        },
        "payments": {"namespaces": ["payments-dev"], "created": ["ResourceQuota/payments-dev/team-quota"], "changed": [], "pruned": []},
    },
}


def test_component_names():
    assert component_of("platform.runtime.envtest_cluster") == "cluster" and component_of("eks_cluster") == "cluster"
    assert component_of("platform.runtime.namespace_onboarding") == "onboarding"
    assert component_of("platform.runtime.cert_manager", "platform.runtime.manifest_apply") == "cert_manager"
    assert component_of(None, "platform.runtime.platform_export") == "platform_export"
    assert component_of(None, "ansible.builtin.debug") == "debug"


def test_apply_summaries_become_created_changed_and_pruned():
    plan = Plan()
    plan.add("prod-use1", "platform.runtime.backup", "platform.runtime.manifest_apply", "Apply", APPLY)
    plan.add("prod-use1", "platform.runtime.backup", "ansible.builtin.set_fact", "Name", {"changed": False})
    entry = plan.as_dict()["prod-use1"]["components"]["backup"]
    assert entry == {"created": ["Namespace/velero"], "changed": ["HelmRelease/flux-system/velero"], "pruned": [], "other": [], "failed": []}


def test_onboarding_goes_to_its_teams_and_shared_objects_stay_with_the_component():
    plan = Plan()
    plan.add("dev", "platform.runtime.namespace_onboarding", "platform.runtime.namespace_onboarding", "Apply", ONBOARD)
    host = plan.as_dict()["dev"]
    assert host["components"]["onboarding"]["created"] == ["ClusterRole/platform-tenant-view"]
    assert host["components"]["onboarding"]["changed"] == [] and host["components"]["onboarding"]["pruned"] == []
    assert host["teams"]["backend"]["pruned"] == ["NetworkPolicy/backend-dev/allow-egress-cidrs"]
    assert host["teams"]["payments"]["created"] == ["ResourceQuota/payments-dev/team-quota"]


def test_other_changes_no_log_quiet_roles_and_failures():
    plan = Plan()
    plan.add("h", "platform.runtime.monitoring", "platform.runtime.manifest_apply", "Apply the receivers Secret", {"censored": "hidden", "changed": True})
    started = {"changed": True, "action": "started"}
    plan.add("h", "platform.runtime.envtest_cluster", "platform.runtime.envtest_control_plane", "Run the local control plane", started)
    plan.add("h", "platform.runtime.validate_inventory", "ansible.builtin.assert", "Check", {"changed": False})
    plan.add("h", None, "ansible.builtin.debug", "Say", {"changed": False})
    plan.fail("h", "platform.runtime.gatekeeper", "platform.runtime.gatekeeper_policy", "Apply the constraints", "refused")
    comps = plan.as_dict()["h"]["components"]
    assert list(comps) == ["monitoring", "cluster", "gatekeeper"]  # read-only roles and play tasks only when they change
    assert comps["monitoring"]["other"] == ["Apply the receivers Secret (details hidden: no_log)"]
    assert comps["cluster"]["other"] == ["Run the local control plane"]
    assert comps["gatekeeper"]["failed"] == ["Apply the constraints: refused"]


def test_counts_words_follow_check_mode():
    entry = {"created": ["a"], "changed": ["b", "c"], "pruned": [], "other": [], "failed": []}
    assert counts(entry, True) == "1 to create, 2 to change"
    assert counts(entry, False) == "1 created, 2 changed"
    empty = {"created": [], "changed": [], "pruned": [], "other": [], "failed": []}
    assert counts(empty, True) == "nothing to change" and counts(empty, False) == "unchanged"
    assert counts(dict(empty, other=["x", "y"], failed=["z"]), True) == "2 other changes, FAILED"


def test_render_lists_each_cluster_component_and_team_with_marked_refs():
    plan = Plan()
    for host in ("prod-use1", "prod-usw2"):
        plan.add(host, "platform.runtime.backup", "platform.runtime.manifest_apply", "Apply", APPLY)
        plan.add(host, "platform.runtime.namespace_onboarding", "platform.runtime.namespace_onboarding", "Apply", ONBOARD)
    lines = render(plan.as_dict(), check=True, limit=1)
    text = "\n".join(lines)
    assert lines[0] == "PLATFORM PLAN (--check: what the run would do)"
    assert text.count("prod-use1:") == 1 and text.count("prod-usw2:") == 1
    assert "      + Namespace/velero" in text and "      ~ HelmRelease/flux-system/velero" in text
    assert "    payments" in text and "(payments-dev)" in text and "      + ResourceQuota/payments-dev/team-quota" in text
    assert "      - NetworkPolicy/backend-dev/allow-egress-cidrs" in text
    assert "{" not in text  # the JSON stdout callback's document stays parseable before it
    many = Plan()
    many.add("h", "platform.runtime.backup", "platform.runtime.manifest_apply", "Apply", {"summary": {"created": [f"ConfigMap/x/c{i}" for i in range(5)]}})
    assert "      + ... and 3 more" in render(many.as_dict(), check=False, limit=2)
    assert render({}, check=False) == ["PLATFORM CHANGES (what the run did)", "  no platform task ran"]
