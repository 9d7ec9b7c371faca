# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin AWS plumbing for the eks_* modules: clients, retries, waiting, applying a plan, error messages.

Clients use botocore's ``standard`` retry mode (exponential backoff with full jitter on throttling and transient
errors); ``call`` adds a jittered retry on ``ResourceInUseException``, which EKS returns while another update runs.
Helpers raise ``AWSError``; only ``main()`` of a module turns that into ``fail_json``.
"""

import random
import time

try:
    import boto3
    import botocore
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError, WaiterError

    HAS_BOTO3 = True
    BOTO3_IMPORT_ERROR = None
except ImportError as e:  # pragma: no cover - exercised by ansible-test sanity only
    HAS_BOTO3 = False
    BOTO3_IMPORT_ERROR = e

    class BotoCoreError(Exception):
        pass

    class ClientError(Exception):
        pass

    class WaiterError(Exception):
        pass


AWS_ARG_SPEC = dict(
    region=dict(type="str", aliases=["aws_region"]),
    endpoint_url=dict(type="str", aliases=["aws_endpoint_url"]),
    profile=dict(type="str", aliases=["aws_profile"]),
    access_key=dict(type="str", aliases=["aws_access_key_id"], no_log=True),
    secret_key=dict(type="str", aliases=["aws_secret_access_key"], no_log=True),
    session_token=dict(type="str", aliases=["aws_session_token"], no_log=True),
)

WAIT_ARG_SPEC = dict(
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1200),
)

# Seconds between polls; tests lower it.
POLL_DELAY = 15
MUTATING_PREFIXES = ("create_", "delete_", "update_", "tag_", "untag_", "associate_", "disassociate_")


class AWSError(Exception):
    """An AWS failure with a message that names the resource and AWS's reason."""


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


def session(params):
    return boto3.session.Session(
        aws_access_key_id=params.get("access_key"),
        aws_secret_access_key=params.get("secret_key"),
        aws_session_token=params.get("session_token"),
        profile_name=params.get("profile"),
        region_name=params.get("region"),
    )


def client(params, service="eks", max_attempts=10):
    """A client with jittered exponential backoff. ``endpoint_url`` falls back to E(AWS_ENDPOINT_URL) in botocore."""
    config = Config(retries={"max_attempts": max_attempts, "mode": "standard"}, user_agent_extra="platform.runtime")
    try:
        return session(params).client(service, endpoint_url=params.get("endpoint_url") or None, config=config)
    except (BotoCoreError, ValueError) as e:
        raise AWSError(f"cannot create the {service} client: {e}") from e


def call(api, op, resource, retries=5, sleep=time.sleep, **kwargs):
    """Call ``api.<op>(**kwargs)``; retry ResourceInUseException with full jitter; raise AWSError naming ``resource``."""
    attempt = 0
    while True:
        try:
            return getattr(api, op)(**kwargs)
        except ClientError as e:
            if error_code(e) == "ResourceInUseException" and attempt < retries:
                attempt += 1
                sleep(random.uniform(0, min(60, 2**attempt)))
                continue
            raise AWSError(f"{resource}: {op} failed: {aws_reason(e)}") from e
        except BotoCoreError as e:
            raise AWSError(f"{resource}: {op} failed: {e}") from e


def describe(api, op, key, resource, **kwargs):
    """``describe_*(...)[key]``, or None when the resource does not exist."""
    try:
        return getattr(api, op)(**kwargs)[key]
    except ClientError as e:
        if error_code(e) == "ResourceNotFoundException":
            return None
        raise AWSError(f"{resource}: {op} failed: {aws_reason(e)}") from e
    except BotoCoreError as e:
        raise AWSError(f"{resource}: {op} failed: {e}") from e


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
        response = call(api, s["op"], resource, sleep=sleep, **s["args"])
        must_wait = wait or s["op"] in ("update_cluster_version", "update_nodegroup_version")
        if s["wait"] == "update" and must_wait:
            update = (response or {}).get("update")
            if update and update.get("id") and update.get("status") != "Successful":
                wait_update(api, update["id"], resource, timeout, sleep=sleep, clock=clock, **ids)
        elif s["wait"] and s["wait"] != "update" and wait:
            wait_for(api, s["wait"], resource, timeout, **(waiter_args or {}))


class OperationRecorder:
    """Records the operation names a client sends; used by tests to prove check mode is read-only."""

    def __init__(self, api):
        self.operations = []
        api.meta.events.register("before-call.*.*", self._record)

    def _record(self, model, **kwargs):
        self.operations.append(botocore.xform_name(model.name))

    @property
    def mutating(self):
        return [op for op in self.operations if op.startswith(MUTATING_PREFIXES)]


def jsonable(obj):
    """Describe output with datetimes turned into ISO strings, so it can be returned to Ansible."""
    if isinstance(obj, dict):
        return dict((k, jsonable(v)) for k, v in obj.items() if k != "ResponseMetadata")
    if isinstance(obj, list):
        return [jsonable(v) for v in obj]
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


def eks_token(params, cluster_name, expires=60):
    """The bearer token ``aws eks get-token`` makes: ``k8s-aws-v1.`` + unpadded base64url of a presigned STS
    GetCallerIdentity URL whose signature covers the ``x-k8s-aws-id: <cluster>`` header."""
    import base64

    sts = session(params).client("sts", endpoint_url=params.get("endpoint_url") or None)

    def _add_cluster_header(request, **kwargs):
        request.headers["x-k8s-aws-id"] = cluster_name

    sts.meta.events.register("before-sign.sts.GetCallerIdentity", _add_cluster_header)
    url = sts.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=expires, HttpMethod="GET")
    return "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode("utf-8")).decode("ascii").rstrip("=")
