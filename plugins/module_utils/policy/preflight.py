# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Policy preflight: what an environment's constraint set would deny, before it is switched to deny.

Sources: (a) what the platform itself would apply (charts rendered with helm and the environment's values, the
onboarding objects, any other objects), (b) the live objects of a cluster, read with one LIST per kind.
Workloads are also reviewed as the Pods they create, like Gatekeeper's generator expansion
(``enableGeneratorResourceExpansion``), so Pod constraints see what a Deployment would run.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.policy.builders import Constraint, Evaluator, build_inventory
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents

# Workload kinds and where their Pod template is.
POD_TEMPLATES = {
    ("apps", "Deployment"): ("spec", "template"),
    ("apps", "StatefulSet"): ("spec", "template"),
    ("apps", "DaemonSet"): ("spec", "template"),
    ("apps", "ReplicaSet"): ("spec", "template"),
    ("", "ReplicationController"): ("spec", "template"),
    ("batch", "Job"): ("spec", "template"),
    ("batch", "CronJob"): ("spec", "jobTemplate", "spec", "template"),
}


EXPANDED_FROM = "platform.runtime/expanded-from"


class PreflightError(PlatformError):
    pass


def ref_of(obj):
    meta = obj.get("metadata") or {}
    ns = meta.get("namespace")
    return f"{obj.get('kind')}/{ns + '/' if ns else ''}{meta.get('name')}"


def expand_workloads(objects):
    """The objects plus one Pod per workload, built from its Pod template (Gatekeeper's expansion does the same)."""
    out = list(objects)
    for obj in objects:
        group = obj.get("apiVersion", "").rpartition("/")[0]
        path = POD_TEMPLATES.get((group, obj.get("kind")))
        if not path:
            continue
        node = obj
        for key in path:
            node = (node or {}).get(key)
        if not isinstance(node, dict):
            continue
        meta = copy.deepcopy(node.get("metadata") or {})
        meta["name"] = f"{(obj.get('metadata') or {}).get('name')}-pod"
        if (obj.get("metadata") or {}).get("namespace"):
            meta["namespace"] = obj["metadata"]["namespace"]
        meta["annotations"] = dict(meta.get("annotations") or {}, **{EXPANDED_FROM: ref_of(obj)})
        out.append({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": copy.deepcopy(node.get("spec") or {})})
    return out


def render_chart(run_command, helm, chart, release, namespace, values, kube_version=None):
    """``helm template`` with an empty, private Helm home (no network). ``run_command`` is module.run_command."""
    import yaml

    home = tempfile.mkdtemp(prefix="platform-runtime-helm-")
    try:
        values_file = os.path.join(home, "values.yaml")
        with open(values_file, "w") as f:
            yaml.safe_dump(values or {}, f)
        cmd = [helm, "template", release, chart, "--namespace", namespace, "--values", values_file]
        if kube_version:
            cmd += ["--kube-version", kube_version]
        env = {k: os.path.join(home, k.lower()) for k in ("HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME")}
        rc, out, err = run_command(cmd, environ_update=env)
        if rc != 0:
            raise PreflightError(f"helm template {release} {chart} failed (rc={rc}): {err.strip() or out.strip()}")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    docs = [d for d in load_documents(out) if isinstance(d, dict)] if out.strip() else []
    for d in docs:
        d.setdefault("metadata", {})
        if not d["metadata"].get("namespace") and d.get("kind") not in CLUSTER_KINDS:
            d["metadata"]["namespace"] = namespace
    return docs


# Kinds a chart may render without a namespace that are cluster-scoped (helm leaves the namespace to the client).
CLUSTER_KINDS = {
    "Namespace",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "PriorityClass",
    "StorageClass",
    "PodSecurityPolicy",
    "APIService",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "IngressClass",
    "RuntimeClass",
}


def constraint_kinds(constraints):
    """(apiVersion-less) (group, kind) pairs the constraints match; None when one matches every kind."""
    pairs = set()
    for c in constraints:
        for entry in ((c.get("spec") or {}).get("match") or {}).get("kinds") or [{}]:
            groups, kinds = entry.get("apiGroups") or ["*"], entry.get("kinds") or ["*"]
            if "*" in groups or "*" in kinds:
                return None
            pairs.update((g, k) for g in groups for k in kinds)
    return pairs


def evaluate(templates, constraints, sources, evaluator=None):
    """Per constraint, the objects it would deny.

    ``templates``: {short name: Template}; ``constraints``: constraint objects; ``sources``: {source name: objects}.
    Returns {"constraints": [{constraint, enforcementAction, violations: [{source, object, messages}]}], "objects", "violations"}.
    """
    evaluator = evaluator or Evaluator()
    by_kind = {t.kind: t for t in templates.values()}
    every = [(name, obj) for name, objs in sources.items() for obj in expand_workloads(objs)]
    reviewed = [o for _source, o in every]
    inventory = build_inventory([o for o in reviewed if EXPANDED_FROM not in ((o.get("metadata") or {}).get("annotations") or {})])
    namespaces = {o["metadata"]["name"]: o for o in reviewed if o.get("kind") == "Namespace" and o.get("apiVersion") == "v1"}
    # An object whose Namespace is not among the sources: a label-less Namespace (a namespaceSelector sees no labels).
    for o in reviewed:
        ns = (o.get("metadata") or {}).get("namespace")
        if ns and ns not in namespaces:
            namespaces[ns] = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}
    report, total = [], 0
    for doc in constraints:
        constraint = Constraint(doc)
        template = by_kind.get(constraint.kind)
        if template is None:
            raise PreflightError(f"constraint {constraint.kind}/{constraint.name}: no template in the set has kind {constraint.kind}")
        found = []
        for source, obj in every:
            violations = evaluator.review(template, constraint, obj, inventory, namespaces)
            if violations:
                found.append({"source": source, "object": ref_of(obj), "messages": sorted(v["msg"] for v in violations)})
        total += len(found)
        report.append({"constraint": f"{constraint.kind}/{constraint.name}", "enforcementAction": constraint.enforcement_action, "violations": found})
    return {"constraints": report, "objects": len(every), "violations": total}


def table(report):
    """Plain text: per constraint, the objects it would deny and why."""
    lines = []
    for c in report["constraints"]:
        lines.append(f"{c['constraint']} ({c['enforcementAction']}): {len(c['violations'])} object(s) would be denied")
        for v in c["violations"]:
            for msg in v["messages"]:
                lines.append(f"  [{v['source']}] {v['object']}: {msg}")
    lines.append(f"{report['violations']} violation(s) over {report['objects']} object(s)")
    return "\n".join(lines)


def read_live(client, constraints, list_fn=None):
    """Live objects of the kinds the constraints match, one LIST per kind (cluster-wide), plus every Namespace."""
    pairs = constraint_kinds(constraints)
    if pairs is None:
        raise PreflightError("a constraint matches every kind (kinds '*'): name the kinds to read them from the cluster")
    pairs = set(pairs) | {("", "Namespace")}
    objects = []
    for group, kind in sorted(pairs):
        api_version = _served_version(client, group, kind)
        if api_version is None:
            continue
        for item in client.list(api_version, kind):
            item.setdefault("apiVersion", api_version)
            item.setdefault("kind", kind)
            objects.append(item)
    return objects


def _served_version(client, group, kind):
    """The preferred served apiVersion of group/kind, or None when the server does not serve it."""
    from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeError

    if group == "":
        return "v1"
    try:
        groups = client.request("GET", "/apis")
    except KubeError:
        return None
    for g in groups.get("groups") or []:
        if g.get("name") == group:
            for version in [g.get("preferredVersion") or {}] + list(g.get("versions") or []):
                gv = version.get("groupVersion")
                if not gv:
                    continue
                try:
                    client.resource_info(gv, kind)
                    return gv
                except KubeError as e:
                    if e.status != 404:
                        raise
    return None


def onboarding_objects(teams, environment, settings):
    """The objects onboarding would apply for ``environment`` (onboarding.build_objects)."""
    from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob

    merged = ob.merge_settings(**(settings or {}))
    try:
        valid = ob.validate_teams(teams, environment, merged)
    except ob.OnboardingError as e:
        raise PreflightError(f"onboarding teams: {e}") from e
    return ob.build_objects(valid, environment, merged)[0]


def run(params, run_command, client_factory):
    """The module's flow: plan the policy set, gather the sources, evaluate. Returns the module result."""
    from ansible_collections.platform.runtime.plugins.module_utils.policy.service import plan

    _upstream, templates, constraints = plan(params)
    sources = {}
    for i, chart in enumerate(params.get("charts") or []):
        for key in ("chart", "namespace"):
            if not chart.get(key):
                raise PreflightError(f"charts[{i}].{key}={chart.get(key)!r}: expected a value")
        name = chart.get("name") or chart.get("release") or os.path.basename(chart["chart"].rstrip("/"))
        sources[f"chart:{name}"] = render_chart(
            run_command,
            params.get("helm") or "helm",
            chart["chart"],
            chart.get("release") or name,
            chart["namespace"],
            chart.get("values"),
            chart.get("kube_version"),
        )
    if params.get("objects"):
        sources["objects"] = list(params["objects"])
    if params.get("teams"):
        if not params.get("environment"):
            raise PreflightError(f"environment={params.get('environment')!r}: expected the environment of the onboarding objects (teams are set)")
        sources["onboarding"] = onboarding_objects(params["teams"], params["environment"], params.get("onboarding"))
    if params.get("live"):
        sources["live"] = read_live(client_factory(), constraints)
    report = evaluate(templates, constraints, sources)
    report["sources"] = {name: len(objs) for name, objs in sources.items()}
    return {"changed": False, "report": report, "violations": report["violations"], "table": table(report).splitlines()}
