#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: policy_test
short_description: Run Gatekeeper policy suites (the library's suite.yaml format) without a cluster
version_added: 0.1.0
description:
  - A C(gator verify) in Python. Runs every C(suite.yaml) found under O(paths) (files or directories). Each test names
    a ConstraintTemplate and a constraint; each case an object (plain or an AdmissionReview), an optional C(inventory)
    (files whose objects fill C(data.inventory)) and assertions C(violations) V(yes), V(no) or a count, with an optional
    C(message) regex. A test with C(invalid=true) passes when the constraint is refused; C(skip=true) skips it.
  - "Emulates what Gatekeeper does outside Rego: C(input.review) (kind, object, name, namespace, operation, userInfo;
    an AdmissionReview's request, with C(oldObject) as the object on DELETE), C(input.parameters), C(data.inventory)
    (cluster and namespaced) and C(spec.match) (kinds, namespaces and excludedNamespaces with globs, labelSelector,
    namespaceSelector, scope, name). Template libs (C(spec.targets[].libs)) are loaded with the template."
  - The Rego engine is regorus (the C(gordon-to-regorus) package), which runs Gatekeeper's Rego v0 unmodified. Where it
    is known to differ from Gatekeeper the template is refused with the construct and line, never given a wrong verdict;
    docs/policy.md lists the constructs and the agreement over the whole pinned library.
  - Also available as a command line for CI, C(scripts/policy_test.py PATH...) in the collection's repository.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
attributes:
  check_mode:
    support: full
    details: The module only reads files.
  diff_mode:
    support: none
options:
  paths:
    description: Suite files, or directories searched for C(suite.yaml).
    type: list
    elements: path
    required: true
  fail_on_failure:
    description: Fail when a case fails.
    type: bool
    default: true
requirements:
  - gordon-to-regorus
  - jsonschema
"""

EXAMPLES = r"""
- name: Run the collection's own policy suites
  platform.runtime.policy_test:
    paths: ["{{ playbook_dir }}/../policies"]
"""

RETURN = r"""
summary:
  description: C({cases, passed, failed}).
  returned: always
  type: dict
results:
  description: One entry per case, C({suite, test, case, passed, reason, messages}).
  returned: always
  type: list
  elements: dict
table:
  description: The results as text lines (tests and cases with PASS/FAIL and the mismatching messages).
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import runner
from ansible_collections.platform.runtime.plugins.module_utils.policy.engine import ENGINE_PACKAGE, HAS_REGORUS
from ansible_collections.platform.runtime.plugins.module_utils.policy.suite import run_paths

ARGUMENT_SPEC = dict(paths=dict(type="list", elements="path", required=True), fail_on_failure=dict(type="bool", default=True))


def test(ctx):
    return dict(changed=False, **run_paths(ctx.params["paths"]))


def failed(result):
    """The fail_on_failure message: how many of the cases failed."""
    summary = result["summary"]
    return summary["failed"] and f"{summary['failed']} of {summary['cases']} policy test cases failed"


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, test, requires=[(HAS_REGORUS, ENGINE_PACKAGE)], fail_on={"fail_on_failure": failed})


if __name__ == "__main__":
    main()
