#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: envtest_control_plane
short_description: Run a real local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager)
version_added: 0.1.0
description:
  - Starts or stops a local control plane made of Debian's etcd and a kube-apiserver and kube-controller-manager
    built from source (see C(scripts/build-control-plane.sh)) or taken from E(KUBEBUILDER_ASSETS).
  - The control plane has no nodes and no CNI; pods are admitted and stored but never run.
  - The API server uses RBAC, token authentication (an admin in C(system:masters) plus the users in O(users)) and the
    C(NamespaceLifecycle), C(LimitRanger), C(ServiceAccount) and C(ResourceQuota) admission plugins.
  - All files live in O(state_dir); kubeconfigs are written with mode 0600.
  - The control plane keeps its data. V(present) on a control plane with a dead process (killed, out of memory, machine
    suspended) restarts only the processes that are missing, on the same etcd data, certificates and tokens. It re-issues
    the serving certificate only when it expires within an hour, and moves a port only when another program took it
    (then the kubeconfigs are rewritten). The result says what was restarted, re-issued or moved.
  - A process that is alive but not ready (kube-apiserver's C(/readyz) failing, etcd's client port closed) gets
    O(ready_grace) seconds. After that it is taken as stopping (kube-apiserver 1.20 drains for 60 to 110 s after a
    SIGTERM) or hung. The module waits up to O(exit_timeout) seconds for it to exit, sends SIGKILL after that, and
    restarts it on the kept data. A warning and RV(waited) say so. In check mode, RV(not_ready) lists such processes.
  - Only V(absent) removes O(state_dir). A data directory that cannot be reused (an unreadable state file, missing
    certificates or etcd data, data of another O(version), or etcd refusing its data) fails with a message and is left
    untouched, unless O(recreate=true).
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
options:
  name:
    description: Name of the control plane; also the kubeconfig context name.
    type: str
    default: envtest
  state:
    description: V(present) starts the control plane unless it is already running and healthy; V(absent) stops it.
    type: str
    choices: [present, absent]
    default: present
  state_dir:
    description:
      - Directory for certificates, tokens, etcd data, logs and kubeconfigs. Created with mode 0700.
      - Defaults to C(~/.cache/platform-runtime/envtest/clusters/<name>).
    type: path
  version:
    description: Kubernetes version of the binaries to look for in the cache.
    type: str
    default: 1.20.2
  bin_dir:
    description: Directory holding C(kube-apiserver), C(kube-controller-manager) and optionally C(etcd). Searched first.
    type: path
  users:
    description:
      - Users besides the admin, each with a generated token and its own kubeconfig C(<state_dir>/kubeconfig-<name>).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: User name.
        type: str
        required: true
      groups:
        description: Groups the user belongs to.
        type: list
        elements: str
        default: []
  kubeconfig_path:
    description: Also copy the admin kubeconfig here (mode 0600).
    type: path
  start_timeout:
    description: Seconds to wait for the control plane to become ready.
    type: int
    default: 120
  ready_grace:
    description: Seconds a live process that is not ready gets to become ready before it is taken as stopping or hung.
    type: int
    default: 10
  exit_timeout:
    description: Seconds to wait for a stopping or hung process to exit before it gets SIGKILL and is restarted.
    type: int
    default: 30
  recreate:
    description:
      - When the data directory cannot be reused, delete it and start an empty control plane instead of failing.
        Every object in the old control plane is lost. A directory that can be reused is never deleted.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Start a local control plane with two team users
  platform.runtime.envtest_control_plane:
    name: local
    users:
      - name: alice
        groups: [team-a]
      - name: bob
        groups: [team-b]
    kubeconfig_path: "{{ playbook_dir }}/.kube/local.kubeconfig"
  register: cp

- name: Stop it again
  platform.runtime.envtest_control_plane:
    name: local
    state: absent
"""

RETURN = r"""
kubeconfig:
  description: Path of the admin kubeconfig (mode 0600).
  returned: state=present
  type: str
context:
  description: Context name in the kubeconfig.
  returned: state=present
  type: str
  sample: envtest
server:
  description: API server URL.
  returned: state=present and not in check mode on a stopped control plane
  type: str
  sample: https://127.0.0.1:40123
user_kubeconfigs:
  description: Kubeconfig path for each user in O(users).
  returned: state=present
  type: dict
state_dir:
  description: The state directory.
  returned: always
  type: str
pids:
  description: Process IDs of etcd, kube-apiserver and kube-controller-manager.
  returned: state=present
  type: dict
action:
  description: V(none) (running), V(started) (new), V(resumed) (dead processes restarted on the kept data) or V(recreated) (O(recreate=true)).
  returned: state=present
  type: str
restarted:
  description: Processes started by this run.
  returned: state=present
  type: list
  elements: str
  sample: [kube-apiserver]
reissued:
  description: Certificates re-issued by this run, each with the reason.
  returned: state=present
  type: list
  elements: str
ports_changed:
  description: Processes that had to move to another port because their port was taken.
  returned: state=present
  type: list
  elements: str
reasons:
  description: Why the data directory could not be reused (with O(recreate=true)).
  returned: state=present
  type: list
  elements: str
waited:
  description: Processes that were alive but not ready, how long the run waited for them to exit or that it killed them.
  returned: state=present
  type: list
  elements: str
  sample:
    - "kube-apiserver (pid 4242) was alive but not ready after 10 s (stopping after a signal, or hung): it had not exited 30 s later,
      so it was killed (SIGKILL); restarted on the kept data"
not_ready:
  description: In check mode, the processes that are alive but not ready now, each with C(name) and C(pid).
  returned: check mode, when the control plane would be resumed
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import runner
from ansible_collections.platform.runtime.plugins.module_utils.envtest import DEFAULT_VERSION, EXIT_TIMEOUT, READY_GRACE, ensure_control_plane

USER_SPEC = dict(name=dict(type="str", required=True), groups=dict(type="list", elements="str", default=[]))
ARGUMENT_SPEC = dict(
    name=dict(type="str", default="envtest"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    state_dir=dict(type="path"),
    version=dict(type="str", default=DEFAULT_VERSION),
    bin_dir=dict(type="path"),
    users=dict(type="list", elements="dict", default=[], options=USER_SPEC),
    kubeconfig_path=dict(type="path"),
    start_timeout=dict(type="int", default=120),
    ready_grace=dict(type="int", default=READY_GRACE),
    exit_timeout=dict(type="int", default=EXIT_TIMEOUT),
    recreate=dict(type="bool", default=False),
)


def ensure(ctx):
    result, warnings = ensure_control_plane(ctx.params, check_mode=ctx.check_mode)
    for warning in warnings:
        ctx.warn(warning)
    return result


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, ensure)


if __name__ == "__main__":
    main()
