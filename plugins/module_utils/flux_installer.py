# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The flux_install flow as a service that takes a client: read, select, check the server, apply, wait.

``install`` reads the Flux install manifest and checks it before it connects, optionally exports the rendered
objects, checks the API server's version against Flux's minimum, applies CRDs then the rest (``manifests``), and
waits for the controller Deployments (``readiness``). It returns the module's result and raises a ``PlatformError``
whose ``result`` attribute holds the fields to report on failure.
"""

from __future__ import annotations

import os

from ansible_collections.platform.runtime.plugins.module_utils import flux, kube, manifests, readiness
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents


class InstallError(PlatformError):
    """The install failed after it started; ``result`` holds what was done so far."""

    def __init__(self, message, result):
        super().__init__(message)
        self.result = result


def read_install(src, components=flux.COMPONENTS, multi_tenancy=False):
    """(crds, others) of the install manifest at ``src``, with the selected components; FluxError names the problem."""
    try:
        crds, others = flux.prepare_install(load_documents(src), components=components, multi_tenancy=multi_tenancy)
    except flux.FluxError:
        raise
    except (OSError, ValueError, RuntimeError) as e:  # yaml errors are ValueErrors; RuntimeError: no PyYAML
        raise flux.FluxError(f"src={src}: cannot read the install manifest: {e}") from e
    if not crds or not any(o["kind"] == "Deployment" for o in others):
        raise flux.FluxError(f"src={src}: expected a Flux install manifest with CRDs and controller Deployments")
    return crds, others


def export(path, objects, check_mode=False):
    """Write ``objects`` to ``path`` as multi-document YAML; True when the file changed (or would, in check mode)."""
    import yaml  # load_documents already required it

    text = yaml.safe_dump_all(objects, sort_keys=False, default_flow_style=False)
    old = None
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
    if old == text:
        return False
    if not check_mode:
        with open(path, "w") as f:
            f.write(text)
    return True


def deployment_refs(objects):
    return [
        {"api_version": "apps/v1", "kind": "Deployment", "name": d["metadata"]["name"], "namespace": d["metadata"]["namespace"]}
        for d in objects
        if d["kind"] == "Deployment"
    ]


def install(
    connect,
    src,
    components=flux.COMPONENTS,
    multi_tenancy=False,
    min_kubernetes_version="1.34.1",
    allow_unsupported_kubernetes=False,
    wait_controllers=True,
    timeout=300,
    field_manager="platform.runtime-flux",
    apply=True,
    export_path=None,
    check_mode=False,
    diff=False,
    warn=None,
    poll_interval=2,
):
    """The flux_install flow; ``connect()`` returns a client and is called only when applying."""
    warn = warn or (lambda msg: None)
    crds, others = read_install(src, components, multi_tenancy)
    minimum = flux.parse_version(min_kubernetes_version)
    result = {"changed": False, "summary": {}, "results": []}
    if export_path:
        result["changed"] = export(export_path, crds + others, check_mode)
    if not apply:
        return result
    client = connect()
    try:
        version = client.version()
        result["server_version"] = version.get("gitVersion")
        warning = flux.check_kubernetes_version(version, minimum, allow_unsupported_kubernetes)
        if warning:
            warn(warning)
        results, warnings = manifests.apply_manifests(client, crds + others, field_manager=field_manager, dry_run=check_mode, crd_timeout=timeout)
    except manifests.ManifestError as e:
        raise InstallError(str(e), dict(e.result, not_ready=e.not_ready)) from e
    except (flux.FluxError, kube.KubeError) as e:
        raise InstallError(str(e), result) from e
    if warnings:
        warn(manifests.compat_summary(warnings))
    changed = result["changed"]
    result.update(manifests.report(results, diff))
    result["changed"] = result["changed"] or changed
    refs = deployment_refs(others)
    if not wait_controllers:
        warn(
            f"not waiting for the Flux controllers ({', '.join(r['name'] for r in refs)})"
            f" to be Available: wait_controllers is false; nothing has checked that Flux actually runs"
        )
    elif not check_mode:
        outcome = readiness.wait_for(client, refs, timeout=timeout, poll_interval=poll_interval)
        if not outcome["ok"]:
            table = readiness.format_table(outcome["not_ready"])
            raise InstallError(
                f"Flux controllers not Available ({outcome['outcome']} after {outcome['elapsed']}s):\n{table}",
                dict(result, not_ready=outcome["not_ready"]),
            )
    return result
