#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: namespace_onboarding
short_description: Onboard teams into namespaces (quota, limits, network policies, RBAC, mesh, GitOps) or offboard them
version_added: 0.1.0
description:
  - Computes every object a team needs in one environment with pure builders, validates every input first, and applies
    the whole set as one batch of server-side applies (field manager C(platform.runtime)), namespaces first.
  - "Per namespace (C(<team>-<env>) unless the team sets C(namespace)): the Namespace with team, environment, cost-center,
    mesh injection and Pod Security Admission labels and owner/contact annotations; a ResourceQuota C(team-quota); a
    LimitRange C(team-limits) that fits inside it; NetworkPolicies C(default-deny-all), C(allow-same-namespace),
    C(allow-from-istio-ingress), C(allow-from-monitoring), C(allow-egress-dns-istiod) and optionally C(allow-egress-cidrs);
    ServiceAccounts C(deployer) and C(default) (no token automount); RoleBindings C(team-admin), C(team-edit) (with the
    deployer) and C(team-view) to the collection's tenant ClusterRoles C(platform-tenant-admin), C(platform-tenant-edit)
    and C(platform-tenant-view). Nothing cluster-scoped is ever granted."
  - The tenant ClusterRoles (aggregated from C(platform-tenant-<role>-rules)) are applied with every run. They let teams
    run workloads, services, config and secrets, and the team admin manage RoleBindings; NetworkPolicies, ResourceQuota,
    LimitRange, Istio PeerAuthentication and AuthorizationPolicy and the Flux objects are read-only for teams. RoleBindings
    that still point at other roles (the built-in C(admin)/C(edit)/C(view) of earlier versions) are deleted and re-created,
    because a roleRef cannot change in place; RV(replaced) lists them.
  - "Before anything is applied, the live namespaces are read: a namespace that exists and does not carry the team's
    ownership label C(platform.runtime/team) is refused, naming its owner (or that the platform does not manage it). A
    namespace no team owns is taken over only with the team's C(adopt=true) (listed in RV(adopted)); another team's
    namespace never is. Reserved namespaces (C(kube-*), C(default) and the platform components', see O(platform_namespaces))
    are refused even with C(adopt)."
  - "C(system:) groups are refused; service accounts are bound only through the team's C(service_accounts), from the
    team's own namespaces. A group that several teams bind is a warning. An egress CIDR wider than O(egress) allows (or any
    /0) is refused unless the team sets C(allow_internet_egress=true), and is then a warning. Warnings are Ansible's
    standard C(warnings) of the result."
  - "A team with C(services) gets per-service NetworkPolicies C(svc-<name>) from its call graph instead of
    C(allow-same-namespace), C(allow-from-istio-ingress) and C(allow-from-monitoring): ingress from the callers on the
    service's port, from the ingress gateway namespace on that port when C(expose=true), and from the monitoring
    namespace on C(metrics.port) when C(metrics) is set. It also gets one ServiceAccount per service, and Istio
    AuthorizationPolicies that allow the same sources (the callers' principals C(cluster.local/ns/<ns>/sa/<caller>))."
  - Istio resources (C(security.istio.io/v1)) and Flux resources (C(source.toolkit.fluxcd.io/v1),
    C(kustomize.toolkit.fluxcd.io/v1)) depend on O(istio) and O(gitops); with V(auto) they are built only when the CRDs are
    served, and the result's RV(left_out) says when they were left out.
  - Every managed object carries the labels C(app.kubernetes.io/managed-by=platform.runtime),
    C(platform.runtime/team) and C(platform.runtime/environment). With O(prune=true) objects with these labels for the
    selected teams and environment that are no longer desired are deleted (never namespaces; use O(state=absent)).
  - The live state is read with one LIST per kind (by the ownership labels), not one GET per object. Every object carries
    the annotation C(platform.runtime/desired-hash); an object whose live state already holds every desired field and the
    same hash is not sent again, so an unchanged re-run costs a handful of requests. Everything else is server-side applied.
  - Drift is corrected by the forced server-side apply and reported in RV(drift), for example a hand-edited quota.
  - O(state=absent) deletes the teams' namespaces (only those carrying the ownership labels). It refuses while a namespace
    still holds pods, deployments, statefulsets, daemonsets, jobs, cronjobs or persistent volume claims unless O(force=true),
    and waits until the namespaces are gone.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.k8s_auth
  - platform.runtime.attributes
attributes:
  check_mode:
    support: full
    details:
      - Applies and deletes are sent with C(dryRun=All). Objects in a namespace the same run would create cannot be dry-run
        by the server; they are predicted locally and listed in RV(predicted_locally).
      - With O(state=absent) nothing is deleted; RV(would_delete) lists the namespaces and every object in them.
  diff_mode:
    support: full
    details: One before/after entry per created, updated or pruned object.
options:
  teams:
    description:
      - The team definitions, usually C(platform_teams) from the inventory. See C(docs/onboarding.md) for the schema.
      - "Fields: C(name) (required), C(owners), C(contacts), C(cost_center), C(groups) (C(admin)/C(edit)/C(view) lists;
        at least one group), C(environments), C(quota_size) (a preset, or a mapping of environment to preset), C(quota)
        (overrides; C(cpu), C(memory), C(pods), C(services), C(pvcs), C(storage), C(loadbalancers) or full quota keys),
        C(limits) (C(default_cpu), C(default_memory), C(default_request_cpu), C(default_request_memory), C(max_cpu),
        C(max_memory)), C(labels), C(annotations), C(namespace) (a name, or a mapping of environment to name),
        C(pod_security), C(egress_cidrs), C(allow_internet_egress) (bool), C(adopt) (bool), C(service_accounts)
        (C(admin)/C(edit)/C(view) lists of C(<namespace>/<name>) in the team's namespaces), C(services) (each
        C({name, port, calls, expose, traffic, metrics})), C(gitops) (C({url, branch, path, interval, secret})),
        C(iam_roles) and C(alerting)."
      - C(iam_roles), C(alerting) and the services' C(traffic) and C(metrics) are mappings used by other roles
        (eks_cluster, monitoring, istio); this module checks that they are mappings and passes them through unchanged.
    type: list
    elements: dict
    required: true
  select:
    description: Only these teams (by name); all of O(teams) when empty. A name that is not in O(teams) fails.
    type: list
    elements: str
    default: []
  environment:
    description: The environment to onboard into; must be a key of the merged O(environments).
    type: str
    required: true
  environments:
    description:
      - Per-environment settings merged over the built-in ones (V(local), V(dev), V(staging), V(prod)).
      - Keys C(pod_security) (V(privileged), V(baseline), V(restricted)), C(mtls) (V(STRICT), V(PERMISSIVE), V(DISABLE)),
        C(loadbalancers) (bool; when false the quota allows 0 LoadBalancer services) and C(quota_size) (default preset).
    type: dict
    default: {}
  presets:
    description:
      - Quota size presets merged over the built-in V(small), V(medium) and V(large), each C({quota, limits}).
    type: dict
    default: {}
  network:
    description: Namespaces the network policies refer to.
    type: dict
    default: {}
    suboptions:
      ingress_gateway_namespace:
        description: Namespace of the Istio ingress gateway.
        type: str
        default: istio-ingress
      monitoring_namespace:
        description: Namespace of the monitoring stack that scrapes the team.
        type: str
        default: monitoring
      istio_namespace:
        description: Namespace of istiod (egress on 15012 and 15017 to pods C(app=istiod)).
        type: str
        default: istio-system
      dns_namespace:
        description: Namespace of cluster DNS (egress on 53 TCP and UDP to pods C(k8s-app=kube-dns)).
        type: str
        default: kube-system
  egress:
    description: How wide a team's C(egress_cidrs) may be without C(allow_internet_egress=true). A /0 always needs it.
    type: dict
    default: {}
    suboptions:
      ipv4_min_prefix:
        description: IPv4 CIDRs with a shorter prefix than this are refused without C(allow_internet_egress).
        type: int
        default: 8
      ipv6_min_prefix:
        description: IPv6 CIDRs with a shorter prefix than this are refused without C(allow_internet_egress).
        type: int
        default: 32
  platform_namespaces:
    description:
      - Namespaces of the platform components (component name to namespace), merged over the built-in ones (flux-system,
        cert-manager, istio-system, istio-ingress, gatekeeper-system, monitoring, velero); usually the inventory's
        C(platform_namespaces). No team may use them, nor C(kube-*) or C(default).
    type: dict
    default: {}
  istio_revision:
    description: When set, namespaces get C(istio.io/rev=<revision>) instead of C(istio-injection=enabled).
    type: str
  mesh_injection:
    description: Whether namespaces get a sidecar injection label at all.
    type: bool
    default: true
  istio:
    description:
      - V(auto) builds PeerAuthentication and AuthorizationPolicies only when the Istio CRDs are served; V(always) fails
        before applying anything when they are not; V(never) leaves them out.
    type: str
    choices: [auto, always, never]
    default: auto
  gitops:
    description:
      - V(auto) builds the Flux GitRepository and Kustomization of teams with C(gitops) only when the Flux CRDs are served,
        and says in RV(left_out) when not; V(always) fails when they are not; V(never) leaves them out.
    type: str
    choices: [auto, always, never]
    default: auto
  prune:
    description: Delete owned objects of the selected teams in this environment that are no longer desired.
    type: bool
    default: true
  state:
    description: V(present) onboards; V(absent) offboards (deletes the teams' namespaces in this environment).
    type: str
    choices: [present, absent]
    default: present
  force:
    description: With O(state=absent), delete namespaces even though they still hold workloads or persistent volume claims.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait for namespace deletion to complete with O(state=absent).
    type: int
    default: 300
  workers:
    description: Parallel API requests.
    type: int
    default: 16
"""

EXAMPLES = r"""
- name: Onboard every inventory team into this environment
  platform.runtime.namespace_onboarding:
    kubeconfig: "{{ platform_kubeconfig }}"
    teams: "{{ platform_teams }}"
    environment: "{{ platform_environment }}"

- name: Onboard one team with a larger quota, without touching the inventory
  platform.runtime.namespace_onboarding:
    kubeconfig: "{{ platform_kubeconfig }}"
    environment: staging
    teams:
      - name: backend
        namespace: app-team-1
        groups:
          admin: [backend-admins]
          edit: [backend-developers]
          view: [backend-viewers]
        quota:
          cpu: "10"
          memory: 20Gi
          pods: "100"

- name: A team with a call graph and a GitOps repository
  platform.runtime.namespace_onboarding:
    kubeconfig: "{{ platform_kubeconfig }}"
    environment: prod
    teams:
      - name: payments
        owners: [payments-lead@example.com]
        groups:
          edit: [payments-developers]
        services:
          - name: payment-api
            port: 8080
            expose: true
            calls: [fraud-detector]
          - name: fraud-detector
            calls: [notification-service]
          - name: notification-service
        gitops:
          url: https://git.example.com/payments/deploy.git
          path: ./prod

- name: Adopt an existing namespace, bind a CI service account and allow internet egress on purpose
  platform.runtime.namespace_onboarding:
    kubeconfig: "{{ platform_kubeconfig }}"
    environment: dev
    teams:
      - name: search
        namespace: search-legacy
        adopt: true
        groups:
          admin: [search-admins]
        service_accounts:
          edit: [search-legacy/ci]
        egress_cidrs: [0.0.0.0/0]
        allow_internet_egress: true

- name: Offboard a team, even with workloads left
  platform.runtime.namespace_onboarding:
    kubeconfig: "{{ platform_kubeconfig }}"
    teams: "{{ platform_teams }}"
    select: [backend]
    environment: "{{ platform_environment }}"
    state: absent
    force: true
"""

RETURN = r"""
summary:
  description: Object references by action (created, updated, unchanged, pruned, failed, skipped, deleted).
  returned: always
  type: dict
  sample: {"created": ["Namespace/backend-dev", "ResourceQuota/backend-dev/team-quota"], "unchanged": []}
teams:
  description:
    - What the run did, or in check mode would do, per selected team, for the whole-run plan of C(site.yml).
    - C(namespaces) are the team's namespaces in this environment; C(created), C(changed) (updated, or a RoleBinding
      replaced because its roleRef changed) and C(pruned) are object references owned by the team.
    - The tenant ClusterRoles every team shares are in RV(summary) only.
  returned: state=present
  type: dict
  sample: {"payments": {"namespaces": ["payments-dev"], "created": [], "changed": ["ResourceQuota/payments-dev/team-quota"], "pruned": []}}
drift:
  description: Objects that existed and were changed back to the desired state.
  returned: state=present
  type: list
  elements: str
  sample: ["ResourceQuota/backend-dev/team-quota"]
pruned:
  description: Owned objects deleted because they are no longer desired.
  returned: state=present
  type: list
  elements: str
left_out:
  description: What was left out and why (teams without this environment, Istio or Flux CRDs not installed).
  returned: always
  type: list
  elements: str
predicted_locally:
  description: In check mode, objects the server could not dry-run because their namespace does not exist yet.
  returned: check mode
  type: list
  elements: str
namespaces:
  description: The namespaces of the selected teams in this environment.
  returned: always
  type: list
  elements: str
blocking:
  description: Workloads and persistent volume claims found when offboarding.
  returned: state=absent
  type: list
  elements: str
would_delete:
  description: With O(state=absent), the namespaces and every object in them that the run deletes (or would delete).
  returned: state=absent
  type: list
  elements: str
adopted:
  description: Existing namespaces no team owned that the run took over because the team sets C(adopt=true).
  returned: state=present
  type: list
  elements: str
replaced:
  description: RoleBindings deleted and re-created because their roleRef changed (it cannot change in place).
  returned: state=present
  type: list
  elements: str
not_owned:
  description: Namespaces that exist but do not carry the team's ownership labels; offboarding leaves them alone.
  returned: state=absent
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import credentials, kube, runner
from ansible_collections.platform.runtime.plugins.module_utils import onboarding_service as service

ARGUMENT_SPEC = dict(
    teams=dict(type="list", elements="dict", required=True),
    select=dict(type="list", elements="str", default=[]),
    environment=dict(type="str", required=True),
    environments=dict(type="dict", default={}),
    presets=dict(type="dict", default={}),
    network=dict(
        type="dict",
        default={},
        options=dict(
            ingress_gateway_namespace=dict(type="str", default="istio-ingress"),
            monitoring_namespace=dict(type="str", default="monitoring"),
            istio_namespace=dict(type="str", default="istio-system"),
            dns_namespace=dict(type="str", default="kube-system"),
        ),
    ),
    egress=dict(type="dict", default={}, options=dict(ipv4_min_prefix=dict(type="int", default=8), ipv6_min_prefix=dict(type="int", default=32))),
    platform_namespaces=dict(type="dict", default={}),
    istio_revision=dict(type="str"),
    mesh_injection=dict(type="bool", default=True),
    istio=dict(type="str", choices=["auto", "always", "never"], default="auto"),
    gitops=dict(type="str", choices=["auto", "always", "never"], default="auto"),
    prune=dict(type="bool", default=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    force=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=300),
    workers=dict(type="int", default=16),
    **kube.AUTH_ARG_SPEC,
)


def connect(module):
    """One client with a connection pool as large as the parallel requests."""
    return credentials.connect(module, pool_size=max(module.params["workers"], 1))


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, lambda ctx: service.run(ctx.params, ctx.connect, check=ctx.check_mode, diff=ctx.diff), connect=connect)


if __name__ == "__main__":
    main()
