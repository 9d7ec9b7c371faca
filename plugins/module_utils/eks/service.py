# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EKS flows that talk to AWS, one per eks_* module: validate, describe, ensure present or absent, report.

The planning is pure (``eks/plans.py``, ``eks/access.py``); this module makes the calls. Each flow takes the EKS
client (``connect(module)``) and the module parameters and returns the module result; the modules run them through
``runner.run``. Bad input raises ``ValidationError`` before any call; AWS failures raise ``aws.AWSError``.
"""

from __future__ import annotations

import os
import time

from ansible_collections.platform.runtime.plugins.module_utils import autoscaling, aws, files
from ansible_collections.platform.runtime.plugins.module_utils.eks import access, auth
from ansible_collections.platform.runtime.plugins.module_utils.eks import plans as eks
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError

# The options every owner-scoped set module adds (doc fragment aws_common.OWNED).
OWNED_ARG_SPEC = dict(
    owners=dict(type="list", elements="str"),
    tags=dict(type="dict"),
    purge=dict(type="bool", default=True),
)


def connect(module):
    """The EKS client of an AnsibleAWSModule (credentials, region, endpoint and retries resolved by amazon.aws)."""
    return module.client("eks")


class Kind:
    """How one EKS resource is named, described, created and deleted; the flow is the same for all of them."""

    def __init__(self, result_key, describe_op, label, ids, plan, validate, delete_op, create_requires=(), delete_extra=None, before_delete=None):
        self.result_key = result_key
        self.describe_op = describe_op
        self.label = label  # params -> "cluster prod", "node group prod/workers"
        self.ids = ids  # params -> the describe and waiter arguments
        self.plan = plan
        self.validate = validate
        self.delete_op = delete_op
        self.create_requires = create_requires
        self.delete_extra = delete_extra or (lambda params: {})
        self.before_delete = before_delete

    def describe(self, api, params):
        return aws.describe(api, self.describe_op, self.result_key, self.label(params), **self.ids(params))

    def update_ids(self, params):
        """The describe_update identifiers: the cluster as ``name`` and the resource's own name."""
        ids = self.ids(params)
        return {"name": ids.pop("clusterName", None) or ids.pop("name"), **ids}


def ensure_present(kind, api, params, current, check_mode, sleep=time.sleep, clock=time.monotonic):
    """Return ``(changed, predicted, steps)``; in check mode no call is made."""
    if current is None:
        missing = [k for k in kind.create_requires if not params.get(k)]
        if missing:
            raise ValidationError(f"{kind.label(params)} does not exist; to create it set {' and '.join(missing)}")
    steps, predicted = kind.plan(params, current)
    if check_mode or not steps:
        return bool(steps), predicted, steps
    aws.apply_plan(
        api, steps, kind.label(params), params["wait"], params["wait_timeout"], kind.update_ids(params), sleep=sleep, clock=clock, waiter_args=kind.ids(params)
    )
    return True, kind.describe(api, params), steps


def ensure_absent(kind, api, params, current, check_mode):
    """Return ``(changed, None, steps)``; ``kind.before_delete`` may refuse (raise) before anything is deleted."""
    if current is None:
        return False, None, []
    steps = [eks.step(kind.delete_op, dict(kind.ids(params), **kind.delete_extra(params)), wait=f"{kind.result_key}_deleted")]
    if kind.before_delete:
        kind.before_delete(api, params)
    if not check_mode:
        aws.apply_plan(api, steps, kind.label(params), params["wait"], params["wait_timeout"], {}, waiter_args=kind.ids(params))
    return True, None, steps


def reconcile(kind, api, params, check_mode=False, want_diff=False, sleep=time.sleep, clock=time.monotonic):
    """Reconcile one resource and return the module result. Raises ValidationError, eks.PlanError or aws.AWSError.

    With ``state=present`` the resource is returned under ``kind.result_key``.
    """
    errors = kind.validate(params)
    if errors:
        raise ValidationError(errors)
    current = kind.describe(api, params)
    if params["state"] == "absent":
        changed, after, steps = ensure_absent(kind, api, params, current, check_mode)
    else:
        changed, after, steps = ensure_present(kind, api, params, current, check_mode, sleep=sleep, clock=clock)
    result = {"changed": changed, "updates": [{"op": s["op"], "args": s["args"]} for s in steps]}
    if params["state"] == "present":
        result[kind.result_key] = aws.jsonable(after)
    if want_diff:
        result["diff"] = eks.diff(aws.jsonable(current), aws.jsonable(after))[1]
    return result


def _refuse_while_nodegroups(api, params):
    name = params["name"]
    nodegroups = aws.call(api, "list_nodegroups", f"cluster {name}", clusterName=name).get("nodegroups") or []
    if nodegroups:
        raise ValidationError(f"cluster {name} still has node groups {', '.join(nodegroups)}: delete them first (eks_nodegroup state=absent)")


CLUSTER = Kind(
    "cluster",
    "describe_cluster",
    lambda p: f"cluster {p['name']}",
    lambda p: {"name": p["name"]},
    eks.plan_cluster,
    eks.validate_cluster,
    "delete_cluster",
    create_requires=("role_arn", "subnets"),
    before_delete=_refuse_while_nodegroups,
)
NODEGROUP = Kind(
    "nodegroup",
    "describe_nodegroup",
    lambda p: f"node group {p['cluster_name']}/{p['name']}",
    lambda p: {"clusterName": p["cluster_name"], "nodegroupName": p["name"]},
    eks.plan_nodegroup,
    eks.validate_nodegroup,
    "delete_nodegroup",
    create_requires=("node_role", "subnets"),
)
ADDON = Kind(
    "addon",
    "describe_addon",
    lambda p: f"add-on {p['cluster_name']}/{p['name']}",
    lambda p: {"clusterName": p["cluster_name"], "addonName": p["name"]},
    eks.plan_addon,
    eks.validate_addon,
    "delete_addon",
    delete_extra=lambda p: {"preserve": p.get("preserve", False)},
)


def cluster(api, params, check_mode=False, want_diff=False, sleep=time.sleep, clock=time.monotonic):
    """The eks_cluster flow: one cluster; refuses to delete it while node groups remain, naming them."""
    return reconcile(CLUSTER, api, params, check_mode, want_diff, sleep=sleep, clock=clock)


def nodegroup(api, params, check_mode=False, want_diff=False, sleep=time.sleep, clock=time.monotonic, asg_api=None):
    """The eks_nodegroup flow: one managed node group.

    With ``asg_api`` (an Auto Scaling client) and ``autoscaler_discovery``, also tags its Auto Scaling groups.
    """
    result = reconcile(NODEGROUP, api, params, check_mode, want_diff, sleep=sleep, clock=clock)
    if asg_api is not None and params.get("autoscaler_discovery") and params["state"] == "present":
        changed, steps, groups = ensure_autoscaler_tags(asg_api, params, result.get("nodegroup"), check_mode)
        result["changed"] = result["changed"] or changed
        result["updates"] += [{"op": s["op"], "args": s["args"]} for s in steps]
        result["autoscaling_groups"] = groups
    return result


def run_nodegroup(ctx):
    """The eks_nodegroup module's run: the EKS client, and an Auto Scaling client when it tags for discovery."""
    asg_api = ctx.module.client("autoscaling") if ctx.params.get("autoscaler_discovery") else None
    return nodegroup(ctx.client, ctx.params, ctx.check_mode, ctx.diff, asg_api=asg_api)


def ensure_autoscaler_tags(asg_api, params, nodegroup_view, check_mode):
    """Put the Cluster Autoscaler's discovery tags on the node group's Auto Scaling groups.

    Returns ``(changed, steps, groups)``. Only the two discovery tags are compared and written; the group's size and
    its other tags are left alone, so a re-run after the autoscaler resized the group changes nothing.
    """
    groups = [g["name"] for g in ((nodegroup_view or {}).get("resources") or {}).get("autoScalingGroups") or [] if g.get("name")]
    if not groups:
        return False, [], []
    resource = f"{NODEGROUP.label(params)} Auto Scaling groups {', '.join(groups)}"
    current = aws.call(asg_api, "describe_tags", resource, Filters=[{"Name": "auto-scaling-group", "Values": groups}]).get("Tags", [])
    tags = autoscaling.asg_tag_plan(params["cluster_name"], groups, current)
    if not tags:
        return False, [], groups
    if not check_mode:
        aws.call(asg_api, "create_or_update_tags", resource, Tags=tags)
    return True, [eks.step("create_or_update_tags", {"Tags": tags})], groups


def addon(api, params, check_mode=False, want_diff=False, sleep=time.sleep, clock=time.monotonic):
    """The eks_addon flow: one add-on."""
    return reconcile(ADDON, api, params, check_mode, want_diff, sleep=sleep, clock=clock)


def get_cluster(api, name):
    return CLUSTER.describe(api, {"name": name})


def reconcile_owned(api, params, items_key, validate, describe, plan, view, after_view, result_key, check_mode=False, want_diff=False):
    """The flow of the owner-scoped set modules (access entries, pod identity associations).

    ``validate(items, owners)`` returns errors; ``describe(api, cluster)`` the current set; ``plan(cluster, items,
    current, owners, tags=, purge=)`` ``(steps, predicted)``; ``view(current)`` and ``after_view(current, predicted,
    steps)`` the comparable before and after. Bad input raises ValidationError before any call.
    """
    cluster = params["cluster_name"]
    items = params.get(items_key) or []
    owners = params.get("owners") or sorted({i.get("owner") for i in items if i.get("owner")})
    errors = validate(items, owners)
    if not owners:
        errors.append(f"owners=[]: expected at least one owner (or {items_key} naming their owner)")
    if errors:
        raise ValidationError(errors)
    if params.get("wait") and not check_mode:
        aws.wait_for(api, "cluster_active", f"cluster {cluster}", params.get("wait_timeout") or 1200, name=cluster)
    current = describe(api, cluster)
    steps, predicted = plan(cluster, items, current, owners, tags=params.get("tags"), purge=params.get("purge", True))
    if not check_mode:
        for s in steps:
            aws.call(api, s["op"], f"cluster {cluster}", **s["args"])
    after = after_view(current, predicted, steps)
    result = {"changed": bool(steps), "updates": [{"op": s["op"], "args": s["args"]} for s in steps], result_key: after}
    if want_diff:
        result["diff"] = {"before": view(current), "after": after}
    return result


def describe_entries(api, cluster):
    """ARN -> {"entry", "policies"} for every access entry of the cluster."""
    resource = f"cluster {cluster}"
    current = {}
    for arn in aws.paginate(api, "list_access_entries", "accessEntries", resource, clusterName=cluster):
        entry = aws.describe(api, "describe_access_entry", "accessEntry", f"{resource} access entry {arn}", clusterName=cluster, principalArn=arn)
        if entry is None:
            continue
        policies = aws.paginate(
            api, "list_associated_access_policies", "associatedAccessPolicies", f"{resource} access entry {arn}", clusterName=cluster, principalArn=arn
        )
        current[arn] = {"entry": entry, "policies": policies}
    return current


def describe_associations(api, cluster):
    """Every pod identity association of the cluster, described."""
    resource = f"cluster {cluster}"
    out = []
    for summary in aws.paginate(api, "list_pod_identity_associations", "associations", resource, clusterName=cluster):
        described = aws.describe(
            api,
            "describe_pod_identity_association",
            "association",
            f"{resource} association {summary['associationId']}",
            clusterName=cluster,
            associationId=summary["associationId"],
        )
        if described is not None:
            out.append(described)
    return out


def access_entries(api, params, check_mode=False, want_diff=False):
    """The eks_access_entries flow: the access entries of ``params['owners']``."""
    return reconcile_owned(
        api,
        params,
        "entries",
        access.validate_entries,
        describe_entries,
        access.plan_access_entries,
        access.snapshot,
        access.predicted_view,
        "entries",
        check_mode=check_mode,
        want_diff=want_diff,
    )


def pod_identity(api, params, check_mode=False, want_diff=False):
    """The eks_pod_identity flow: the pod identity associations of ``params['owners']``."""
    return reconcile_owned(
        api,
        params,
        "associations",
        access.validate_associations,
        describe_associations,
        access.plan_associations,
        access.association_view,
        access.associations_after,
        "associations",
        check_mode=check_mode,
        want_diff=want_diff,
    )


def kubeconfig(api, params, region, check_mode=False, want_diff=False):
    """The eks_kubeconfig flow: write the kubeconfig of ``params['cluster_name']`` (0600); returns the module result."""
    name = params["cluster_name"]
    path = os.path.abspath(params["path"])  # type=path has expanded ~ already
    context = params.get("context") or name
    result = {"changed": False, "path": path, "context": context}
    found = get_cluster(api, name)
    if found is None:
        if not check_mode:
            raise auth.KubeconfigError(f"cluster {name} does not exist: create it before writing its kubeconfig")
        result.update(changed=True, msg=f"cluster {name} does not exist yet; a real run writes its kubeconfig once it does")
        return result
    if params.get("wait", True) and found.get("status") == "CREATING" and not check_mode:
        aws.wait_for(api, "cluster_active", f"cluster {name}", params.get("wait_timeout", 1200), name=name)
        found = get_cluster(api, name)
    config = auth.kubeconfig(
        found, region, context=context, role_arn=params.get("role_arn"), profile=params.get("exec_profile"), command=params.get("command") or "aws"
    )
    from ansible.module_utils.common.yaml import yaml_dump  # PyYAML: the module checks HAS_YAML first

    content = yaml_dump(config, default_flow_style=False, sort_keys=False)
    try:
        with open(path) as f:
            before = f.read()
    except OSError:
        before = ""
    mode_ok = not before or (os.stat(path).st_mode & 0o777) == 0o600
    result["exec"] = config["users"][0]["user"]["exec"]
    if check_mode:
        result["changed"] = before != content or not mode_ok
    else:
        result["changed"] = files.write_private(path, content)
    if want_diff:
        result["diff"] = {"before": before, "after": content, "before_header": path, "after_header": path}
    return result
