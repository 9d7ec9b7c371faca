#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: platform_verify
short_description: Check that the platform is healthy, one pass/fail line per check, with JUnit XML
version_added: 0.1.0
description:
  - Runs the platform's health checks against one cluster and returns one result per check (V(passed), V(failed) or
    V(skipped), with a one-line summary). A failing check lists the objects that made it fail, with state, reason and
    message, in the same table as M(platform.runtime.wait_ready).
  - "Checks, in order: C(cluster) (the API server answers); C(nodes) (every node Ready; skipped without nodes);
    C(system_pods) (pods in kube-system and the component namespaces running; skipped without nodes);
    C(namespaces) (the component and team namespaces exist and are Active); C(team_quotas) (each team namespace has
    a ResourceQuota and a LimitRange); C(flux) (the CRDs of O(flux_components) Established, their controller
    Deployments Available, the Kustomizations in the Flux namespace Ready); C(injection) (team namespaces and
    O(inject_namespaces) labelled for sidecar injection); C(peer_authentication) (the effective mTLS mode of each team
    namespace is O(mtls_mode)); C(helm_releases) (every HelmRelease Ready, and each component of O(components) has one
    in its namespace); C(gatekeeper) (ConstraintTemplates present and their constraints set to O(enforcement_action));
    C(prometheus_rules) (PrometheusRules present); C(backup_schedules) (Velero Schedules present); C(autoscaling)
    (its HelmReleases and, with controllers, the metrics API; skipped without nodes); C(secrets) (the External Secrets
    HelmRelease, stores and ExternalSecrets); C(tenant_isolation) (see below)."
  - "C(tenant_isolation) asks the API server, with SubjectAccessReviews, what each team identity may do: the groups,
    users and service accounts of the team's C(team-admin), C(team-edit) and C(team-view) RoleBindings, its
    C(deployer) ServiceAccount and the ServiceAccount its Flux Kustomizations run as. Each is asked about 8 verbs on
    the platform-owned kinds (NetworkPolicy, ResourceQuota, LimitRange, PeerAuthentication, AuthorizationPolicy,
    ExternalSecret, SecretStore, GitRepository, Kustomization, and the RoleBindings to the tenant roles by name) and on
    what teams run (pods, pods/exec, secrets, configmaps, services, service accounts, deployments, roles,
    rolebindings), in its own namespaces, in other teams' namespaces and cluster-wide (with cluster kinds,
    impersonation and C(bind)/C(escalate) on ClusterRoles). A kind that is not installed is still asked. Any grant in
    another team's namespace, any cluster-wide grant and any write to a platform-owned kind fails, naming the identity,
    the verbs, the resource and the namespace (and the RoleBinding that grants it). The team admin managing RoleBindings
    in its own namespaces is the tenant design and a note. The reviews go concurrently over one connection pool."
  - "Other teams' namespaces: a RoleBinding grants only the subjects it names, so each identity is asked in every other
    team namespace where a RoleBinding names it or one of its groups (C(system:authenticated) among them);
    ClusterRoleBinding grants, which hold in every namespace, show in the cluster-wide reviews."
  - "C(tenant_isolation) also compares the NetworkPolicies with the AuthorizationPolicies of each team namespace, as
    M(platform.runtime.platform_report) draws them. With O(mtls_mode=STRICT) an C(AuthorizationPolicy only) edge and a
    C(NetworkPolicy only) edge from outside the team fail; otherwise they are warnings in the notes. The result's
    C(properties) (and the JUnit testcase's properties) give the number of cells checked, teams, identities, traffic
    edges, warnings and the seconds the reviews took. Identities that the same bindings name share their reviews
    (see O(isolation_every_cell))."
  - A check of a component that is not in O(components) is skipped and says so.
  - With O(controllers_running=false) (a cluster where no controller runs), objects that only a controller would make
    Ready are reported "applied, not reconciled (no controllers)" and do not fail their check.
  - Every check lists objects by kind (one LIST per kind), so it covers whatever the component roles applied.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.k8s_auth
attributes:
  check_mode:
    support: full
    details: The module only reads the cluster, so it runs normally in check mode; it still writes O(junit_path).
  diff_mode:
    support: none
options:
  checks:
    description: Which checks to run, in this order. Default all of them.
    type: list
    elements: str
  components:
    description: The platform components installed on this cluster (C(platform_components)).
    type: list
    elements: str
    default: []
  controllers_running:
    description: Whether controllers run; V(false) reports controller-managed objects as applied, not reconciled.
    type: bool
    default: true
  environment:
    description: The environment (C(platform_environment)); team namespaces are those labelled for it.
    type: str
    default: ""
  cluster_name:
    description: Name of the cluster, used in the JUnit suite name and the messages.
    type: str
    default: ""
  platform_namespaces:
    description: Overrides of the component namespaces (C(platform_namespaces)).
    type: dict
    default: {}
  flux_namespace:
    description: Namespace of Flux; default the C(flux) entry of O(platform_namespaces).
    type: str
  flux_components:
    description: The Flux controllers that were installed (C(flux_components)); their CRDs and Deployments are checked.
    type: list
    elements: str
    default: [source-controller, kustomize-controller, helm-controller, notification-controller]
  flux_manifest:
    description:
      - The Flux install manifest that was applied. When readable, the exact CRDs of O(flux_components) are taken
        from it; otherwise every CRD group of O(flux_components) must have at least one Established CRD.
    type: path
  team_namespaces:
    description: Team namespaces that must exist; default every namespace labelled as a team's for O(environment).
    type: list
    elements: str
  namespaces:
    description: More namespaces that must exist.
    type: list
    elements: str
    default: []
  inject_namespaces:
    description: Namespaces besides the team namespaces that must be labelled for sidecar injection.
    type: list
    elements: str
    default: []
  mtls_mode:
    description: Expected mTLS mode of every team namespace; empty takes the onboarding's built-in mode of O(environment).
    type: str
    choices: [STRICT, PERMISSIVE, DISABLE, ""]
    default: ""
  enforcement_action:
    description: Expected C(enforcementAction) of every Gatekeeper constraint; empty accepts any.
    type: str
    choices: [deny, dryrun, warn, ""]
    default: ""
  junit_path:
    description:
      - Write the results as JUnit XML to this file (one testcase per check, with C(tenant_isolation)'s counts as
        testcase properties); empty writes nothing.
    type: path
  isolation_every_cell:
    description:
      - C(tenant_isolation) asks one set of SubjectAccessReviews for the identities that the same bindings name (the
        RBAC authorizer's answers depend only on those), and judges every cell for its own identity and namespace.
      - V(true) sends one review per cell instead, for clusters with an authorizer besides RBAC (a webhook) whose
        answers may depend on the identity itself. Slower by the number of teams.
    type: bool
    default: false
  fail_on_failure:
    description: Fail the task when a check failed (the results are returned either way).
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: Verify the platform
  platform.runtime.platform_verify:
    kubeconfig: ~/.kube/platform-runtime-local.kubeconfig
    components: [flux, istio, gatekeeper]
    controllers_running: false
    environment: local
    mtls_mode: PERMISSIVE
    enforcement_action: dryrun
    junit_path: ./platform-verify.xml
"""

RETURN = r"""
results:
  description:
    - One entry per check with C(name), C(status) (V(passed), V(failed), V(skipped)), C(summary), C(rows) (failing
      objects), C(notes) and C(seconds).
    - C(tenant_isolation) adds C(properties) (C(cells) checked, C(reviews) sent, C(teams), C(identities), C(edges),
      C(warnings), C(review_seconds)).
  returned: always
  type: list
  elements: dict
failed_checks:
  description: Names of the checks that failed.
  returned: always
  type: list
  elements: str
failures:
  description: One line per failing object, naming the cluster, the check, the object, its state, the reason and the message.
  returned: always
  type: list
  elements: str
table:
  description: The results as a text table, with the failing objects under their check.
  returned: always
  type: str
junit_path:
  description: Where the JUnit XML was written.
  returned: when O(junit_path) is set
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import credentials, kube, runner, verify

ARGUMENT_SPEC = dict(verify.ARG_SPEC, **kube.AUTH_ARG_SPEC)


def check(ctx):
    credentials.register()  # verify builds its clients from the connection options
    return dict(changed=False, **verify.run(ctx.params))


def failed(result):
    """The fail_on_failure message: how many checks failed, which, and the table."""
    checks = result["failed_checks"]
    return checks and f"{len(checks)} check(s) failed: {', '.join(checks)}\n{result['table']}"


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, check, fail_on={"fail_on_failure": failed})


if __name__ == "__main__":
    main()
