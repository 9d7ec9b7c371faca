# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: platform_plan
type: aggregate
short_description: One plan for the whole run, per cluster, per component and per team
version_added: 0.1.0
description:
  - At the end of a run, prints per cluster (Ansible host) what each component and each team got, or with C(--check)
    would get, as the object references created, changed and pruned.
  - Reads the C(summary) the collection's apply modules return (M(platform.runtime.manifest_apply),
    M(platform.runtime.flux_install), M(platform.runtime.gatekeeper_policy), M(platform.runtime.namespace_onboarding),
    whose C(teams) gives the per-team part). Any other task that reports a change is listed by its name, and so is a C(no_log)
    task, whose details stay hidden.
  - A component is the role a task belongs to (the cluster roles are C(cluster), C(namespace_onboarding) is
    C(onboarding)); read-only roles (C(validate_inventory), C(platform_verify)) appear only when they changed something.
  - The per-object diffs are C(--diff)'s, printed with each task as usual; this plan sums them up.
  - Enabled in the collection's C(ansible.cfg) (C(callbacks_enabled)); elsewhere add C(platform.runtime.platform_plan) to
    C(callbacks_enabled).
requirements:
  - enabling in configuration
options:
  path:
    description: Also write the plan as JSON to this file (mode 0600), for CI systems and tests; components in run order.
    type: path
    env:
      - name: PLATFORM_PLAN_PATH
    ini:
      - section: callback_platform_plan
        key: path
  max_refs:
    description: Object references listed per action before the rest is counted.
    type: int
    default: 20
    env:
      - name: PLATFORM_PLAN_MAX_REFS
    ini:
      - section: callback_platform_plan
        key: max_refs
"""

import json

from ansible import context
from ansible.plugins.callback import CallbackBase

from ansible_collections.platform.runtime.plugins.module_utils.files import write_private
from ansible_collections.platform.runtime.plugins.plugin_utils.plan import Plan, render


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "platform.runtime.platform_plan"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super().__init__(display=display)
        self._plan = Plan()

    @staticmethod
    def _task(result):
        task = result._task
        role = task._role.get_name() if task._role else None
        return role, task.action, task.name or task.action

    def v2_runner_on_ok(self, result):
        if result._task.loop and "results" in result._result:
            return  # each item came through v2_runner_item_on_ok
        self._plan.add(result._host.get_name(), *self._task(result), result._result)

    def v2_runner_item_on_ok(self, result):
        self._plan.add(result._host.get_name(), *self._task(result), result._result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if not ignore_errors:
            self._plan.fail(result._host.get_name(), *self._task(result), str(result._result.get("msg", ""))[:300])

    def v2_playbook_on_stats(self, stats):
        check = bool(context.CLIARGS.get("check"))
        hosts = self._plan.as_dict()
        for line in render(hosts, check, limit=self.get_option("max_refs")):
            self._display.display(line)
        path = self.get_option("path")
        if path:
            write_private(path, json.dumps({"check": check, "hosts": hosts}, indent=2) + "\n")
