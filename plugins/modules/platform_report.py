#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: platform_report
short_description: Write a self-contained HTML report of one or more platform clusters
version_added: 0.1.0
description:
  - Reads each cluster of O(clusters) and writes one HTML page with, per cluster, the components (namespace, version,
    HelmRelease status), the teams (namespaces, quota used against hard from the ResourceQuota status, Pod Security
    level, mTLS mode, alert receiver), a traffic diagram per team namespace, the policy (constraints per enforcement
    action, audit violations) and how to reach Grafana and the ingress gateway, plus the kubeconfig path.
  - The traffic diagrams are derived from the NetworkPolicies and Istio AuthorizationPolicies read back from the
    cluster, not from the inventory. An edge allowed by one kind of policy and not by the other is drawn dashed and
    labelled with the one that allows it.
  - An "AuthorizationPolicy only" edge (a flow the AuthorizationPolicies allow and the NetworkPolicies block) is a
    bug in the L3 policies; the module writes the report and then fails, naming each such edge
    (RV(blocked_flows)). "NetworkPolicy only" edges are marked in the report and do not fail.
  - Diagrams are inline SVG rendered with Graphviz (the C(dot) program and the C(graphviz) Python package); the page
    has no external assets. Without Graphviz the diagrams are left out with a warning; the edge tables remain.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
attributes:
  check_mode:
    support: full
    details: In check mode the file is not written; the result says whether it would change.
  diff_mode:
    support: none
options:
  path:
    description: Where the HTML file is written (mode 0644).
    type: path
    required: true
  title:
    description: Title of the page.
    type: str
    default: Platform report
  clusters:
    description: The clusters to report on.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Name of the cluster (the inventory host).
        type: str
        required: true
      kubeconfig:
        description: Kubeconfig of the cluster.
        type: path
      context:
        description: Kubeconfig context.
        type: str
      environment:
        description: Environment; team namespaces are those labelled for it.
        type: str
      components:
        description: Components installed on the cluster.
        type: list
        elements: str
        default: []
      controllers_running:
        description: Whether controllers run (V(false) shows objects as applied, not reconciled).
        type: bool
        default: true
      platform_namespaces:
        description: Overrides of the component namespaces.
        type: dict
        default: {}
      verify:
        description: The results of M(platform.runtime.platform_verify) for this cluster, shown as a table.
        type: list
        elements: dict
        default: []
"""

EXAMPLES = r"""
- name: Write the report of every cluster
  run_once: true
  platform.runtime.platform_report:
    path: ./platform-report.html
    clusters:
      - name: prod-use1
        kubeconfig: ~/.kube/platform-runtime-prod-use1.kubeconfig
        environment: prod
        components: [flux, istio, gatekeeper]
"""

RETURN = r"""
path:
  description: Where the report was written.
  returned: always
  type: str
clusters:
  description: Per cluster, the number of components and teams and the edges where the policies disagree.
  returned: always
  type: list
  elements: dict
blocked_flows:
  description: One line per "AuthorizationPolicy only" edge (cluster, team, source, destination, namespace); the module fails when any.
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import credentials, errors, report, runner

ARGUMENT_SPEC = dict(report.ARG_SPEC)


def write(ctx):
    credentials.register()  # the report builds a client per environment
    if not report.HAS_GRAPHVIZ:
        ctx.warn("the graphviz Python package is not installed: the report has no diagrams (pip install graphviz; apt install graphviz)")
    out = report.write_report(ctx.params, check_mode=ctx.check_mode)
    if out["blocked_flows"]:
        # A flow the design wants (AuthorizationPolicy) that L3 blocks is a bug: the run fails on it, with the report.
        error = errors.PlatformError(f"{len(out['blocked_flows'])} flow(s) allowed by AuthorizationPolicy only: " + "; ".join(out["blocked_flows"]))
        error.result = out
        raise error
    return out


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, write)


if __name__ == "__main__":
    main()
