# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the eks_* modules need from AWS beyond amazon.aws: error messages, waiting, applying a plan, EKS tokens.

Credentials, region, endpoint and ``fail_json_aws`` come from amazon.aws's ``AnsibleAWSModule``; retries from its
``AWSRetry`` (jittered backoff); tag comparison (in eks.py) from its ``compare_aws_tags``. What stays here is EKS-specific:
``call`` (one API call with a jittered retry on ``ResourceInUseException``, which EKS returns while another update
runs), the waiters that stop at once on a failed resource or update, and ``apply_plan``.
Helpers raise ``AWSError``; only ``main()`` of a module turns that into a failure.
"""

from __future__ import annotations

import base64
import time

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError

try:
    from botocore.exceptions import BotoCoreError, ClientError, WaiterError
except ImportError:  # pragma: no cover - HAS_BOTO3 is False and the modules fail before any call

    class BotoCoreError(Exception):
        pass

    class ClientError(Exception):
        pass

    class WaiterError(Exception):
        pass


# The wait options every eks_* module adds to AnsibleAWSModule's connection options (doc fragment aws_common).
WAIT_ARG_SPEC = dict(
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1200),
)

# The tag options of the single-resource eks_* modules (doc fragment aws_common.TAGS).
TAGS_ARG_SPEC = dict(
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)

# Seconds between polls; tests lower it.
POLL_DELAY = 15
# ResourceInUseException: EKS is busy with another update of the resource; retried with full jitter.
RETRY = AWSRetry.jittered_backoff(retries=6, delay=2, max_delay=60, catch_extra_error_codes=["ResourceInUseException"])


class AWSError(PlatformError):
    """An AWS failure with a message that names the resource and AWS's reason."""

    @property
    def botocore_error(self):
        """The botocore error behind it, for ``fail_json_aws`` (AWS's error code and request ID), or None."""
        return self.__cause__ if isinstance(self.__cause__, (ClientError, BotoCoreError)) else None


def aws_reason(exc):
    """``Code: message`` from a ClientError, or the text of any other exception."""
    if isinstance(exc, ClientError) and hasattr(exc, "response"):
        err = exc.response.get("Error", {})
        code = err.get("Code") or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return f"{code}: {err.get('Message') or 'no message'}"
    return str(exc)


def error_code(exc):
    if isinstance(exc, ClientError) and hasattr(exc, "response"):
        return exc.response.get("Error", {}).get("Code")
    return None


def call(api, op, resource, **kwargs):
    """``api.<op>(**kwargs)`` with AWSRetry's jittered backoff (throttling, ResourceInUseException); AWSError names ``resource``."""
    try:
        return RETRY(getattr(api, op))(**kwargs)
    except ClientError as e:
        raise AWSError(f"{resource}: {op} failed: {aws_reason(e)}") from e
    except BotoCoreError as e:
        raise AWSError(f"{resource}: {op} failed: {e}") from e


def describe(api, op, key, resource, **kwargs):
    """``describe_*(...)[key]``, or None when the resource does not exist."""
    try:
        return RETRY(getattr(api, op))(**kwargs)[key]
    except ClientError as e:
        if error_code(e) == "ResourceNotFoundException":
            return None
        raise AWSError(f"{resource}: {op} failed: {aws_reason(e)}") from e
    except BotoCoreError as e:
        raise AWSError(f"{resource}: {op} failed: {e}") from e


def paginate(api, op, key, resource, **kwargs):
    """Every item of a paginated ``list_*`` call."""
    items = []
    try:
        for page in api.get_paginator(op).paginate(**kwargs):
            items.extend(page.get(key) or [])
    except ClientError as e:
        raise AWSError(f"{resource}: {op} failed: {aws_reason(e)}") from e
    except BotoCoreError as e:
        raise AWSError(f"{resource}: {op} failed: {e}") from e
    return items


def waiter_config(timeout, delay=None):
    """Size a botocore waiter from ``wait_timeout``."""
    delay = POLL_DELAY if delay is None else delay
    delay = max(1, min(delay, timeout)) if timeout > 0 else 1
    return {"Delay": delay, "MaxAttempts": max(1, int(timeout // delay))}


def wait_for(api, waiter_name, resource, timeout, **kwargs):
    """Run a botocore EKS waiter sized from ``timeout``; a failed resource stops the wait at once."""
    try:
        api.get_waiter(waiter_name).wait(WaiterConfig=waiter_config(timeout), **kwargs)
    except WaiterError as e:
        last = getattr(e, "last_response", None) or {}
        obj = last.get("cluster") or last.get("nodegroup") or last.get("addon") or {}
        detail = obj.get("status") or aws_reason(e)
        issues = (obj.get("health") or {}).get("issues") or []
        if issues:
            detail += " (" + "; ".join(f"{i.get('code')}: {i.get('message')}" for i in issues) + ")"
        if "Max attempts exceeded" in str(e):
            raise AWSError(f"{resource}: timed out after {timeout}s waiting for {waiter_name} (last status: {detail})") from e
        raise AWSError(f"{resource}: {waiter_name} failed: {detail}") from e


def wait_update(api, update_id, resource, timeout, sleep=time.sleep, clock=time.monotonic, **ids):
    """Poll describe_update until it succeeds; stop at once on Failed/Cancelled with AWS's errors."""
    deadline = clock() + timeout
    while True:
        update = call(api, "describe_update", resource, updateId=update_id, **ids)["update"]
        status = update.get("status")
        if status == "Successful":
            return update
        if status in ("Failed", "Cancelled"):
            reasons = "; ".join(f"{e.get('errorCode')}: {e.get('errorMessage')}" for e in update.get("errors") or []) or "no reason given"
            raise AWSError(f"{resource}: update {update_id} ({update.get('type')}) {status.lower()}: {reasons}")
        if clock() >= deadline:
            raise AWSError(f"{resource}: timed out after {timeout}s waiting for update {update_id} ({update.get('type')}), last status {status}")
        sleep(max(0, min(POLL_DELAY, deadline - clock())))


def apply_plan(api, steps, resource, wait, timeout, ids, sleep=time.sleep, clock=time.monotonic, waiter_args=None):
    """Apply planned steps in order, waiting on each update when ``wait`` (version steps always wait).

    ``ids`` are the describe_update identifiers (``name``, ``nodegroupName``, ``addonName``); ``waiter_args`` the
    arguments of the create waiter.
    """
    for s in steps:
        response = call(api, s["op"], resource, **s["args"])
        must_wait = wait or s["op"] in ("update_cluster_version", "update_nodegroup_version")
        if s["wait"] == "update" and must_wait:
            update = (response or {}).get("update")
            if update and update.get("id") and update.get("status") != "Successful":
                wait_update(api, update["id"], resource, timeout, sleep=sleep, clock=clock, **ids)
        elif s["wait"] and s["wait"] != "update" and wait:
            wait_for(api, s["wait"], resource, timeout, **(waiter_args or {}))


def jsonable(obj):
    """Describe output with datetimes turned into ISO strings, so it can be returned to Ansible."""
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items() if k != "ResponseMetadata"}
    if isinstance(obj, list):
        return [jsonable(v) for v in obj]
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


def eks_token(sts, cluster_name, expires=60):
    """The bearer token ``aws eks get-token`` makes, from an STS client: ``k8s-aws-v1.`` + unpadded base64url of a
    presigned GetCallerIdentity URL whose signature covers the ``x-k8s-aws-id: <cluster>`` header."""

    def _add_cluster_header(request, **kwargs):
        request.headers["x-k8s-aws-id"] = cluster_name

    sts.meta.events.register("before-sign.sts.GetCallerIdentity", _add_cluster_header)
    try:
        url = sts.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=expires, HttpMethod="GET")
    finally:
        sts.meta.events.unregister("before-sign.sts.GetCallerIdentity", _add_cluster_header)
    return "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode("utf-8")).decode("ascii").rstrip("=")
