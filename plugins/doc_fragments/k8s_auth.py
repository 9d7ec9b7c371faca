# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options of every Kubernetes module here: kubernetes.core's own, documented by its own fragment.

``kube.AUTH_ARG_SPEC`` is kubernetes.core's ``AUTH_ARG_SPEC`` and the client configuration is built by
kubernetes.core's client setup, so this fragment takes the option documentation from kubernetes.core's
``k8s_auth_options`` fragment (without its version_added, which counts kubernetes.core's versions) and adds how
this collection uses them.
"""

from __future__ import annotations

import yaml

from ansible_collections.kubernetes.core.plugins.doc_fragments.k8s_auth_options import ModuleDocFragment as _KubernetesCoreAuth


def _documentation():
    doc = yaml.safe_load(_KubernetesCoreAuth.DOCUMENTATION)
    for option in doc["options"].values():
        option.pop("version_added", None)
        for sub in (option.get("suboptions") or {}).values():
            sub.pop("version_added", None)
    doc["notes"] = list(doc.get("notes") or []) + [
        "The connection options, their names, aliases and C(K8S_AUTH_*) environment variables are those of kubernetes.core's"
        " modules, so C(module_defaults) for C(group/kubernetes.core.k8s) and C(group/platform.runtime.k8s) can share one set"
        " of values.",
        "Without O(host) credentials, O(kubeconfig) or O(context), the in-cluster configuration (the service account of the"
        " pod running Ansible) is tried first, then C(~/.kube/config) or E(KUBECONFIG).",
        "O(impersonate_user) and O(impersonate_groups) send C(Impersonate-User) and one C(Impersonate-Group) header per"
        " group; the API server checks that the authenticated user may C(impersonate) them.",
    ]
    doc["requirements"] = ["kubernetes >= 24.2.0 (Python client)", "kubernetes.core collection (its client setup is used)"]
    return yaml.safe_dump(doc, sort_keys=False, width=120)


class ModuleDocFragment:
    DOCUMENTATION = _documentation()
