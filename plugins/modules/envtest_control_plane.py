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
  - All files live in O(state_dir); kubeconfigs are written with mode 0600. Stopping removes O(state_dir) and every process.
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
"""

import os
import shutil

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils.envtest import (
    DEFAULT_VERSION,
    ControlPlaneError,
    LocalControlPlane,
    cache_root,
    find_binaries,
    normalize_users,
)


def _result(state, cp):
    return dict(
        kubeconfig=state["kubeconfig"],
        context=state["name"],
        server=state["server"],
        user_kubeconfigs=state["user_kubeconfigs"],
        pids=state["pids"],
        state_dir=cp.state_dir,
    )


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", default="envtest"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            state_dir=dict(type="path"),
            version=dict(type="str", default=DEFAULT_VERSION),
            bin_dir=dict(type="path"),
            users=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(name=dict(type="str", required=True), groups=dict(type="list", elements="str", default=[])),
            ),
            kubeconfig_path=dict(type="path"),
            start_timeout=dict(type="int", default=120),
        ),
        supports_check_mode=True,
    )
    p = module.params
    state_dir = p["state_dir"] or os.path.join(cache_root(), "envtest", "clusters", p["name"])
    cp = LocalControlPlane(state_dir, name=p["name"], version=p["version"], bin_dir=p["bin_dir"], users=p["users"])
    status, state = cp.status()

    if p["state"] == "absent":
        changed = status != "stopped" or os.path.isdir(state_dir)
        if changed and not module.check_mode:
            cp.stop(state)
        module.exit_json(changed=changed, state_dir=state_dir, previous_status=status)

    try:
        normalize_users(p["users"])
        if status != "running":
            find_binaries(p["version"], p["bin_dir"])
    except ControlPlaneError as e:
        module.fail_json(msg=str(e))

    changed = False
    if status != "running":
        if module.check_mode:
            module.exit_json(
                changed=True,
                state_dir=state_dir,
                msg=f"would start control plane {p['name']}",
                context=p["name"],
            )
        try:
            changed, state = cp.start(timeout=p["start_timeout"])
        except ControlPlaneError as e:
            module.fail_json(msg=f"control plane {p['name']} failed to start: {e}", state_dir=state_dir)
    elif sorted(u["name"] for u in state.get("users", [])) != sorted(u["name"] for u in p["users"]):
        module.warn(
            f"control plane {p['name']} is running with users {[u['name'] for u in state.get('users', [])]}"
            f"; restart it (state=absent, then present) to change users"
        )

    result = _result(state, cp)
    dest = p["kubeconfig_path"]
    if dest:
        with open(state["kubeconfig"], "rb") as f:
            content = f.read()
        current = None
        if os.path.exists(dest):
            with open(dest, "rb") as f:
                current = f.read()
        if current != content or (os.stat(dest).st_mode & 0o777) != 0o600:
            changed = True
            if not module.check_mode:
                os.makedirs(os.path.dirname(os.path.abspath(dest)), exist_ok=True)
                tmp = dest + ".tmp"
                shutil.copyfile(state["kubeconfig"], tmp)
                os.chmod(tmp, 0o600)
                os.replace(tmp, dest)
        result["kubeconfig"] = dest
    module.exit_json(changed=changed, **result)


if __name__ == "__main__":
    main()
