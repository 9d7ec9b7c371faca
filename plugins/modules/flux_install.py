#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: flux_install
short_description: Install Flux from its release install manifest with server-side apply
version_added: 0.1.0
description:
  - Reads the Flux install manifest (C(install.yaml) of a Flux release) from O(src), keeps the selected O(components),
    optionally adds the multi-tenancy lockdown flags, checks the API server version against Flux's minimum, and
    applies everything server-side with a fixed field manager.
  - CRDs first (with the compatibility step and a warning on API servers older than 1.25), then it waits for them to
    be Established, then it applies the rest and, unless O(wait_controllers=false), waits for the controller
    Deployments to be Available.
  - Flux 2.9 supports Kubernetes 1.34.1 and later (Flux v2.9.0 release notes, "Kubernetes compatibility"). An older
    server fails unless O(allow_unsupported_kubernetes=true), which only warns; use it for test clusters.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.k8s_auth
attributes:
  check_mode:
    support: full
    details:
      - Server-side dry run. Objects in the C(flux-system) namespace are predicted locally when the namespace does not
        exist yet. No waiting and no export in check mode.
  diff_mode:
    support: full
    details: One before/after pair per changed object.
options:
  src:
    description: Path of the Flux install manifest.
    type: path
    required: true
  components:
    description: Controllers to install; C(source-controller) is required.
    type: list
    elements: str
    default: [source-controller, kustomize-controller, helm-controller, notification-controller]
  multi_tenancy:
    description:
      - Add the flux2-multi-tenancy lockdown flags C(--no-cross-namespace-refs=true) (kustomize, helm and notification
        controllers), C(--default-service-account=default) (kustomize and helm controllers) and
        C(--no-remote-bases=true) (kustomize controller).
    type: bool
    default: false
  min_kubernetes_version:
    description: Oldest API server version accepted.
    type: str
    default: 1.34.1
  allow_unsupported_kubernetes:
    description: Warn instead of failing on an older API server (test clusters only).
    type: bool
    default: false
  wait_controllers:
    description: Wait for the controller Deployments to be Available. Turning it off prints a warning.
    type: bool
    default: true
  timeout:
    description: Seconds to wait for the CRDs and, separately, for the controllers.
    type: int
    default: 300
  field_manager:
    description: Server-side apply field manager.
    type: str
    default: platform.runtime-flux
  apply:
    description: Apply to the cluster. V(false) only renders (and exports with O(export_path)).
    type: bool
    default: true
  export_path:
    description: Also write the rendered install objects to this file, as multi-document YAML.
    type: path
"""

EXAMPLES = r"""
- name: Install Flux
  platform.runtime.flux_install:
    kubeconfig: "{{ platform_kubeconfig }}"
    src: /opt/flux/install.yaml
    multi_tenancy: true
"""

RETURN = r"""
server_version:
  description: The API server's C(gitVersion).
  returned: when O(apply=true)
  type: str
summary:
  description: Object references by action.
  returned: always
  type: dict
results:
  description: One entry per object with C(ref), C(action) and C(prediction).
  returned: always
  type: list
  elements: dict
not_ready:
  description: Controllers that did not become Available, with state, reason and message.
  returned: on failure
  type: list
  elements: dict
"""

import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.platform.runtime.plugins.module_utils import flux, kube, manifests, readiness
from ansible_collections.platform.runtime.plugins.module_utils.upstream import HAS_YAML, load_documents

try:
    import yaml
except ImportError:  # pragma: no cover - reported through HAS_YAML
    pass


def export(module, path, objects):
    text = yaml.safe_dump_all(objects, sort_keys=False, default_flow_style=False)
    old = None
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
    if old == text:
        return False
    if not module.check_mode:
        with open(path, "w") as f:
            f.write(text)
    return True


def main():
    spec = dict(
        src=dict(type="path", required=True),
        components=dict(type="list", elements="str", default=list(flux.COMPONENTS)),
        multi_tenancy=dict(type="bool", default=False),
        min_kubernetes_version=dict(type="str", default="1.34.1"),
        allow_unsupported_kubernetes=dict(type="bool", default=False),
        wait_controllers=dict(type="bool", default=True),
        timeout=dict(type="int", default=300),
        field_manager=dict(type="str", default="platform.runtime-flux"),
        apply=dict(type="bool", default=True),
        export_path=dict(type="path"),
    )
    spec.update(kube.AUTH_ARG_SPEC)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    if not HAS_YAML:
        module.fail_json(msg=missing_required_lib("PyYAML"))
    try:
        crds, others = flux.prepare_install(load_documents(p["src"]), components=p["components"], multi_tenancy=p["multi_tenancy"])
        minimum = flux.parse_version(p["min_kubernetes_version"])
    except flux.FluxError as e:
        module.fail_json(msg=str(e))
    except (OSError, ValueError) as e:
        module.fail_json(msg=f"src={p['src']}: cannot read the install manifest: {e}")
    if not crds or not any(o["kind"] == "Deployment" for o in others):
        module.fail_json(msg=f"src={p['src']}: expected a Flux install manifest with CRDs and controller Deployments")
    result = {"changed": False, "summary": {}, "results": []}
    if p["export_path"]:
        result["changed"] = export(module, p["export_path"], crds + others)
    if not p["apply"]:
        module.exit_json(**result)
    if not kube.HAS_KUBERNETES:
        module.fail_json(msg=missing_required_lib("kubernetes"), exception=str(kube.KUBERNETES_IMPORT_ERROR))
    try:
        client = kube.KubeClient(**{k: p[k] for k in kube.AUTH_ARG_SPEC})
        version = client.version()
        result["server_version"] = version.get("gitVersion")
        warning = flux.check_kubernetes_version(version, minimum, p["allow_unsupported_kubernetes"])
        if warning:
            module.warn(warning)
        results, warnings = manifests.apply_manifests(
            client, crds + others, field_manager=p["field_manager"], dry_run=module.check_mode, crd_timeout=p["timeout"]
        )
    except flux.FluxError as e:
        module.fail_json(msg=str(e), **result)
    except manifests.ManifestError as e:
        module.fail_json(msg=str(e), not_ready=e.not_ready, **manifests.report(e.results, False))
    except kube.KubeError as e:
        module.fail_json(msg=str(e), **result)
    if warnings:
        module.warn(manifests.compat_summary(warnings))
    changed = result["changed"]
    result.update(manifests.report(results, module._diff))
    result["changed"] = result["changed"] or changed
    deployments = [o for o in others if o["kind"] == "Deployment"]
    if not p["wait_controllers"]:
        module.warn(
            f"not waiting for the Flux controllers ({', '.join(d['metadata']['name'] for d in deployments)})"
            f" to be Available: wait_controllers is false; nothing has checked that Flux actually runs"
        )
    elif not module.check_mode:
        refs = [
            {
                "api_version": "apps/v1",
                "kind": "Deployment",
                "name": d["metadata"]["name"],
                "namespace": d["metadata"]["namespace"],
            }
            for d in deployments
        ]
        outcome = readiness.wait_for(client, refs, timeout=p["timeout"], poll_interval=2)
        if not outcome["ok"]:
            module.fail_json(
                msg=f"Flux controllers not Available ({outcome['outcome']} after {outcome['elapsed']}s):\n{readiness.format_table(outcome['not_ready'])}",
                not_ready=outcome["not_ready"],
                **result,
            )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
