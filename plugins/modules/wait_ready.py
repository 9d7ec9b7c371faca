#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: wait_ready
short_description: Wait until a list of Kubernetes objects is ready, and say why when it is not
version_added: 0.1.0
description:
  - Polls every object of O(resources) until all are ready, one has failed for good, or O(timeout) seconds passed.
    One module call for the whole list, with one discovery cache.
  - On failure it fails with a table of the objects that are not ready, with their state, reason and message, in
    C(msg) and as the list RV(not_ready).
  - "Readiness by kind:"
  - "Flux objects (C(*.toolkit.fluxcd.io)): C(status.observedGeneration) equals C(metadata.generation) and the
    C(Ready) condition is C(True). It fails at once when C(Stalled=True), or when C(Ready=False) with a terminal reason
    on the current generation and no fresh attempt under way (C(Reconciling=True) with a reason other than
    C(ProgressingWithRetry)). Terminal reasons: C(InstallFailed), C(UpgradeFailed), C(RollbackFailed),
    C(UninstallFailed), C(TestFailed), C(RetriesExceeded), C(ArtifactFailed), C(BuildFailed), C(ReconciliationFailed),
    C(ChartNotFound), C(InvalidChartReference), C(AuthenticationFailed), C(InvalidSTSConfiguration); change the set with
    O(terminal_reasons). Any other C(Ready=False) reason (C(DependencyNotReady), C(Progressing), C(HealthCheckFailed)...)
    keeps waiting."
  - "CustomResourceDefinitions: C(Established=True); C(NamesAccepted=False) fails at once."
  - "Deployments: the current generation observed, all replicas updated and available, no old replicas left;
    C(Progressing) with reason C(ProgressDeadlineExceeded) fails at once. StatefulSets: replicas updated (respecting a
    partition), revision current, replicas ready. DaemonSets: pods updated and available on every scheduled node."
  - "Gatekeeper ConstraintTemplates: C(status.created=true); errors reported by the Gatekeeper pods for the current
    generation fail at once."
  - "Any other kind: the C(Ready) condition, else the C(Available) condition, must be C(True); an object without
    either condition is ready when it exists."
  - A missing object, or a label selector that matches nothing, is not ready and waits.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.k8s_auth
attributes:
  check_mode:
    support: full
    details: The module only reads, so it runs normally in check mode.
  diff_mode:
    support: none
options:
  resources:
    description: The objects to wait for.
    type: list
    elements: dict
    required: true
    suboptions:
      api_version:
        description: API version, for example V(helm.toolkit.fluxcd.io/v2).
        type: str
        required: true
        aliases: [apiVersion]
      kind:
        description: Kind, for example V(HelmRelease).
        type: str
        required: true
      name:
        description: Object name. Exactly one of O(resources[].name) and O(resources[].label_selector).
        type: str
      namespace:
        description: Namespace of namespaced objects (for a selector, omit it to search all namespaces).
        type: str
      label_selector:
        description: Label selector such as V(app.kubernetes.io/part-of=flux); every match must be ready.
        type: str
  timeout:
    description: Seconds to wait in total.
    type: int
    default: 300
  poll_interval:
    description: Seconds between polls.
    type: float
    default: 2
  terminal_reasons:
    description: Flux C(Ready=False) reasons that fail at once. Defaults to the list above.
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: Wait for the platform releases, failing fast on a broken install
  platform.runtime.wait_ready:
    kubeconfig: "{{ platform_kubeconfig }}"
    timeout: 900
    resources:
      - {api_version: helm.toolkit.fluxcd.io/v2, kind: HelmRelease, namespace: istio-system, name: istiod}
      - {api_version: kustomize.toolkit.fluxcd.io/v1, kind: Kustomization, namespace: flux-system, name: platform-services}
      - {api_version: apps/v1, kind: Deployment, namespace: flux-system, label_selector: app.kubernetes.io/part-of=flux}
"""

RETURN = r"""
outcome:
  description: V(ready), V(failed) (a terminal failure) or V(timeout).
  returned: always
  type: str
elapsed:
  description: Seconds waited.
  returned: always
  type: float
resources:
  description: One row per object, with C(ref), C(state) (V(ready), V(progressing), V(failed), V(missing)), C(reason) and C(message).
  returned: always
  type: list
  elements: dict
not_ready:
  description: The rows of the objects that are not ready.
  returned: always
  type: list
  elements: dict
table:
  description: RV(not_ready) as a text table (also in C(msg) on failure).
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import credentials, kube, readiness, runner

REFERENCE_SPEC = dict(
    api_version=dict(type="str", required=True, aliases=["apiVersion"]),
    kind=dict(type="str", required=True),
    name=dict(type="str"),
    namespace=dict(type="str"),
    label_selector=dict(type="str"),
)
ARGUMENT_SPEC = dict(
    resources=dict(type="list", elements="dict", required=True, options=REFERENCE_SPEC),
    timeout=dict(type="int", default=300),
    poll_interval=dict(type="float", default=2),
    terminal_reasons=dict(type="list", elements="str"),
    **kube.AUTH_ARG_SPEC,
)


def wait(ctx):
    p = ctx.params
    return readiness.wait(ctx.connect, p["resources"], timeout=p["timeout"], poll_interval=p["poll_interval"], terminal_reasons=p["terminal_reasons"])


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, wait, connect=credentials.connect)


if __name__ == "__main__":
    main()
