# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The flow the eks_* modules share: validate, describe, ensure present or absent, report; and main()'s error handling.

Each module keeps its own documentation, argument spec and ``AnsibleAWSModule`` (validate-modules reads the spec from
the module's ``main()``) and passes its resource-specific functions in here.
"""

from __future__ import annotations

import time

from ansible_collections.platform.runtime.plugins.module_utils import aws
from ansible_collections.platform.runtime.plugins.module_utils.eks import plans as eks
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError


def reconcile(
    api,
    params,
    validate,
    describe,
    ensure_present,
    ensure_absent,
    result_key,
    check_mode=False,
    want_diff=False,
    sleep=time.sleep,
    clock=time.monotonic,
):
    """Reconcile one resource and return the module result. Raises ValueError, eks.PlanError or aws.AWSError.

    ``validate(params)`` returns a list of errors; ``describe(api, params)`` the current resource or None;
    ``ensure_present``/``ensure_absent`` return ``(changed, after, steps)``. With ``state=present`` the resource
    is returned under ``result_key``.
    """
    errors = validate(params)
    if errors:
        raise ValueError("; ".join(errors))
    current = describe(api, params)
    if params["state"] == "absent":
        changed, after, steps = ensure_absent(api, params, current, check_mode)
    else:
        changed, after, steps = ensure_present(api, params, current, check_mode, sleep=sleep, clock=clock)
    result = {"changed": changed, "updates": [{"op": s["op"], "args": s["args"]} for s in steps]}
    if params["state"] == "present":
        result[result_key] = aws.jsonable(after)
    if want_diff:
        result["diff"] = eks.diff(aws.jsonable(current), aws.jsonable(after))[1]
    return result


def run_module(module, run, service="eks"):
    """The body of an eks_* ``main()`` after ``AnsibleAWSModule``: make the client, call ``run``, exit or fail.

    AnsibleAWSModule has already checked boto3 and resolved credentials, region and endpoint. An AWS failure is
    reported with ``fail_json_aws`` (AWS's error code and request ID), with our message naming the resource.
    """
    api = module.client(service)
    try:
        result = run(api, module.params, check_mode=module.check_mode, want_diff=module._diff)
    except aws.AWSError as e:
        if isinstance(e.__cause__, (aws.ClientError, aws.BotoCoreError)):
            module.fail_json_aws(e.__cause__, msg=str(e))
        module.fail_json(msg=str(e))
    except (ValueError, PlatformError) as e:
        module.fail_json(msg=str(e))
    module.exit_json(**result)


def reconcile_owned(api, params, items_key, validate, describe, plan, view, after_view, result_key, check_mode=False, want_diff=False):
    """The flow of the owner-scoped set modules (access entries, pod identity associations).

    ``validate(items, owners)`` returns errors; ``describe(api, cluster)`` the current set; ``plan(cluster, items,
    current, owners, tags=, purge=)`` ``(steps, predicted)``; ``view(current)`` and ``after_view(current, predicted,
    steps)`` the comparable before and after. Bad input raises ValueError before any call.
    """
    cluster = params["cluster_name"]
    items = params.get(items_key) or []
    owners = params.get("owners") or sorted({i.get("owner") for i in items if i.get("owner")})
    errors = validate(items, owners)
    if not owners:
        errors.append(f"owners=[]: expected at least one owner (or {items_key} naming their owner)")
    if errors:
        raise ValueError("; ".join(errors))
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


# The options every owner-scoped set module adds (doc fragment aws_common.OWNED).
OWNED_ARG_SPEC = dict(
    owners=dict(type="list", elements="str"),
    tags=dict(type="dict"),
    purge=dict(type="bool", default=True),
)
