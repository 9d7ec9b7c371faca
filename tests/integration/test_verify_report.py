"""verify.yml and the platform report against a platform that site.yml built on its own local control plane.

One site.yml run builds the platform (with Istio's CRDs served, so the onboarding applies AuthorizationPolicies);
then verify passes with JUnit XML, the report passes a real browser (headless Chromium), and a broken platform (a
deleted Flux CRD, a team namespace without its quota) fails exactly those checks, naming the objects.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import envtest, kube, upstream
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient
from ansible_collections.platform.runtime.tests.support import browser
from ansible_collections.platform.runtime.tests.support.site import installed_components

pytestmark = [pytest.mark.k8s, pytest.mark.slow]

COMPONENTS = installed_components()


def _apply_istio_crds(kubeconfig, upstream_dir):
    """Serve Istio's API (what the istio role does first), so the onboarding applies its mesh policies."""
    client = KubeClient(kubeconfig=kubeconfig)
    crds = [
        c for c in upstream.load_documents(os.path.join(upstream_dir, "istio-1.30.3", "crd-all.gen.yaml")) if c and c.get("kind") == "CustomResourceDefinition"
    ]
    kube.apply_crds(client, crds)


@pytest.fixture(scope="module")
def platform(tmp_path_factory, control_plane, upstream_dir, run_playbook):
    tmp = tmp_path_factory.mktemp("verify")
    ev = {
        "envtest_cluster_name": "verify-test",
        "envtest_cluster_state_dir": str(tmp / "state"),
        "envtest_cluster_kubeconfig_path": str(tmp / "verify.kubeconfig"),
        "platform_components": COMPONENTS,
        "platform_report_path": str(tmp / "report.html"),
        "verify_junit_path": str(tmp / "verify.xml"),
    }
    env = {}
    cp = envtest.LocalControlPlane(ev["envtest_cluster_state_dir"], name="verify-test")
    try:
        state = cp.start(timeout=180)[1]
        _apply_istio_crds(state["kubeconfig"], upstream_dir)
        first = run_playbook("site.yml", inventory="inventories/local", extra_vars=ev, env=env)
        yield {"run": first, "vars": ev, "env": env, "tmp": tmp, "kube": KubeClient(kubeconfig=ev["envtest_cluster_kubeconfig_path"])}
    finally:
        cp.stop()


def _debug_messages(result):
    return "\n".join(str(r.get("msg", "")) for r in result.task_results("Show the results"))


def test_site_ends_with_verify_passing_and_junit_xml(platform):
    run = platform["run"]
    assert run.rc == 0, run.explain()
    table = _debug_messages(run)
    for line in (
        "cluster              PASSED",
        "nodes                SKIPPED  the cluster has no nodes",
        "team_quotas          PASSED",
        "flux                 PASSED",
    ):
        assert line in table, table
    suite = ET.parse(platform["vars"]["verify_junit_path"]).getroot().find("testsuite")
    assert suite.get("name") == "platform.verify[localhost]"
    assert suite.get("failures") == "0"
    assert {c.get("name") for c in suite.findall("testcase")} >= {"cluster", "nodes", "namespaces", "flux", "team_quotas", "helm_releases"}
    report = run.task_results("Say where the report is")
    assert report and report[0]["msg"] == f"platform report: {platform['vars']['platform_report_path']}"


def test_report_in_a_real_browser(platform, tmp_path):
    if not browser.chromium_binary():
        pytest.skip("chromium is not installed (apt install chromium)") if os.environ.get("CI") != "true" else pytest.fail("CI needs chromium")
    url = "file://" + platform["vars"]["platform_report_path"]
    dom = browser.dump_dom(url)
    for text in ("Team backend", "Team payments", "backend-local", "payments-local", "Cluster localhost"):
        assert text in dom
    for comp in COMPONENTS:
        assert f"<td>{comp}</td>" in dom
    # The call graph read back from the cluster: payment-api -> fraud-detector -> notification-service, the gateway to payment-api.
    for src, dst in (("svc:payment-api", "svc:fraud-detector"), ("svc:fraud-detector", "svc:notification-service"), ("ns:istio-ingress", "svc:payment-api")):
        edge_id = f"edge--localhost--payments-local--{src.replace(':', '_')}--{dst.replace(':', '_')}"
        assert f'id="{edge_id}"' in dom, edge_id
    # L3 as tight as L7 (issue 22): the gateway reaches only payment-api, monitoring only the metrics ports, and no
    # payments edge from outside the team is "NetworkPolicy only"; backend (no call graph) keeps its namespace-wide rules.
    for svc in ("fraud-detector", "notification-service"):
        assert f'id="edge--localhost--payments-local--ns_istio-ingress--svc_{svc}"' not in dom
    for svc in ("payment-api", "fraud-detector", "notification-service"):
        assert f'id="edge--localhost--payments-local--ns_monitoring--svc_{svc}"' in dom
    payments = dom[dom.index('id="team--localhost--payments-local"') :].split('<div class="team"')[0].split("<h3>Policy</h3>")[0]
    assert "NetworkPolicy only" not in payments and "AuthorizationPolicy only" not in payments
    assert "NetworkPolicy only" in dom  # backend's namespace-wide rules against the mesh's deny-all
    shot = browser.screenshot(url, str(tmp_path / "report.png"))
    assert os.path.getsize(shot) > 10_000
    assert browser.pixel_stddev(shot) > 20, "the screenshot is blank"


def test_a_broken_platform_fails_the_checks_by_name(platform, run_playbook):
    client = platform["kube"]
    client.delete({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "team-quota", "namespace": "payments-local"}})
    client.delete({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "buckets.source.toolkit.fluxcd.io"}})
    junit = str(platform["tmp"] / "broken.xml")
    ev = dict(platform["vars"], verify_junit_path=junit, platform_report_path=str(platform["tmp"] / "broken.html"))
    bad = run_playbook("verify.yml", inventory="inventories/local", extra_vars=ev, env=platform["env"])
    assert bad.rc != 0
    (failed,) = bad.task_results("Fail when a check failed")[-1:]
    msg = failed["msg"]
    assert "cluster localhost: 2 check(s) failed: team_quotas, flux" in msg, msg
    assert "team_quotas: ResourceQuota/payments-local/* missing (NotFound): team namespace payments-local has no ResourceQuota" in msg
    assert "flux: CustomResourceDefinition/buckets.source.toolkit.fluxcd.io missing (NotFound)" in msg
    cases = {c.get("name"): c for c in ET.parse(junit).getroot().iter("testcase")}
    assert cases["team_quotas"].find("failure") is not None and "ResourceQuota/payments-local/*" in cases["team_quotas"].find("failure").text
    assert cases["namespaces"].find("failure") is None
    assert os.path.exists(ev["platform_report_path"]), "the report is written before the play fails"


def test_check_plan_names_what_would_change_per_component_and_team(platform, run_playbook):
    """After test_a_broken_platform_fails_the_checks_by_name (quota and a Flux CRD deleted), with one setting changed:
    --check --diff prints one plan naming exactly that, per component and team, and changes nothing."""
    client = platform["kube"]
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "team-quota", "namespace": "payments-local"}}
    client.delete(quota)  # idempotent: also when this test runs alone
    ev = dict(platform["vars"], gatekeeper_enforcement_action="warn", platform_report_path=str(platform["tmp"] / "plan.html"))
    run = run_playbook("site.yml", "--diff", inventory="inventories/local", extra_vars=ev, env=platform["env"], check=True)
    plan = run.plan["hosts"]["localhost"]
    assert run.plan["check"] is True, run.explain()
    assert plan["teams"]["payments"]["created"] == ["ResourceQuota/payments-local/team-quota"], plan["teams"]
    assert not any(plan["teams"]["backend"][a] for a in ("created", "changed", "pruned")), plan["teams"]["backend"]
    gatekeeper = plan["components"]["gatekeeper"]
    assert gatekeeper["changed"] and all(not ref.startswith(("ConstraintTemplate/", "HelmRelease/")) for ref in gatekeeper["changed"]), gatekeeper
    assert not gatekeeper["created"] and not gatekeeper["pruned"]
    assert "CustomResourceDefinition/buckets.source.toolkit.fluxcd.io" in plan["components"]["flux"]["created"], plan["components"]["flux"]
    for name in ("cert_manager", "istio", "monitoring", "backup", "onboarding"):
        entry = plan["components"].get(name)
        assert entry is None or not any(entry[a] for a in ("created", "changed", "pruned")), (name, entry)
    text = run.stdout[run.stdout.index("PLATFORM PLAN") :]
    assert "+ ResourceQuota/payments-local/team-quota" in text and "to change" in text, text
    # --check changed nothing: the quota is still missing and the constraints keep dryrun.
    assert client.get(quota) is None
    constraint = gatekeeper["changed"][0].split("/")
    live = client.list("constraints.gatekeeper.sh/v1beta1", constraint[0])
    assert live and all(o["spec"]["enforcementAction"] == "dryrun" for o in live)
