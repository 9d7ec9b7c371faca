"""runner.run: the one way modules run, with a real AnsibleModule (and AnsibleAWSModule for the AWS failure path)."""

from __future__ import annotations

import botocore.exceptions
import pytest
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform.runtime.plugins.module_utils import aws, runner
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError, ValidationError
from ansible_collections.platform.runtime.tests.support.modules import run_module

SPEC = dict(name=dict(type="str", default="x"), fail_on_failure=dict(type="bool", default=False))


def run(monkeypatch, service, args=None, check_mode=False, diff=False, **kwargs):
    def main():
        runner.run(AnsibleModule(argument_spec=SPEC, supports_check_mode=True), service, **kwargs)

    return run_module(monkeypatch, main, args or {}, check_mode=check_mode, diff=diff)


def test_result_is_returned_with_the_parameters_and_modes_the_service_saw(monkeypatch):
    seen = {}

    def service(ctx):
        seen.update(name=ctx.params["name"], check=ctx.check_mode, diff=ctx.diff)
        return {"changed": True, "diff": {"before": "a", "after": "b"}}

    result = run(monkeypatch, service, {"name": "web"}, check_mode=True, diff=True)
    assert seen == {"name": "web", "check": True, "diff": True}
    assert result == {"changed": True, "diff": {"before": "a", "after": "b"}}


def test_diff_is_dropped_unless_asked_for(monkeypatch):
    result = run(monkeypatch, lambda ctx: {"changed": True, "diff": {"before": "a", "after": "b"}})
    assert result == {"changed": True}


def test_client_is_made_lazily_and_once(monkeypatch):
    made = []

    def connect(module):
        made.append(module)
        return object()

    assert run(monkeypatch, lambda ctx: {"changed": False}, connect=connect) == {"changed": False}
    assert made == []
    result = run(monkeypatch, lambda ctx: {"same": ctx.connect() is ctx.client}, connect=connect)
    assert result == {"same": True, "changed": False}
    assert len(made) == 1 and isinstance(made[0], AnsibleModule)


def test_a_service_that_needs_a_client_without_connect_fails_with_a_message(monkeypatch):
    result = run(monkeypatch, lambda ctx: ctx.client)
    assert result["failed"] and "no connect" in result["msg"]


def test_validation_error_fails_naming_field_value_and_expected(monkeypatch):
    def service(ctx):
        raise ValidationError(["name='Bad': expected a DNS-1123 label", "size=-1: expected a positive number"])

    result = run(monkeypatch, service)
    assert result == {
        "failed": True,
        "msg": "name='Bad': expected a DNS-1123 label; size=-1: expected a positive number",
        "errors": ["name='Bad': expected a DNS-1123 label", "size=-1: expected a positive number"],
    }


def test_platform_error_result_fields_go_into_the_failure(monkeypatch):
    class Failed(PlatformError):
        result = {"summary": {"failed": ["Namespace/a"]}}

    def service(ctx):
        raise Failed("1 object failed")

    assert run(monkeypatch, service) == {"failed": True, "msg": "1 object failed", "summary": {"failed": ["Namespace/a"]}}


def test_other_exceptions_are_not_swallowed(monkeypatch):
    def service(ctx):
        raise KeyError("bug")

    with pytest.raises(KeyError):
        run(monkeypatch, service)


@pytest.mark.parametrize("violations, failed", [(0, False), (2, True)])
def test_fail_on_option_fails_with_the_message_and_the_whole_result(monkeypatch, violations, failed):
    def message(result):
        return result["violations"] and f"{result['violations']} object(s) would be denied"

    result = run(monkeypatch, lambda ctx: {"changed": False, "violations": violations}, {"fail_on_failure": True}, fail_on={"fail_on_failure": message})
    assert result.get("failed", False) is failed
    assert result["violations"] == violations
    if failed:
        assert result["msg"] == "2 object(s) would be denied"


def test_fail_on_option_off_reports_without_failing(monkeypatch):
    result = run(monkeypatch, lambda ctx: {"violations": 3}, fail_on={"fail_on_failure": lambda r: "denied"})
    assert result == {"violations": 3, "changed": False}


def test_missing_library_fails_before_the_service_runs(monkeypatch):
    ran = []
    result = run(monkeypatch, ran.append, requires=[(True, "yaml"), (False, "jsonschema", ImportError("No module named 'jsonschema'"))])
    assert ran == []
    assert result["failed"] and "jsonschema" in result["msg"] and "No module named" in result["exception"]


def test_aws_error_is_reported_with_fail_json_aws(monkeypatch):
    cause = botocore.exceptions.ClientError({"Error": {"Code": "ResourceInUseException", "Message": "busy"}}, "UpdateClusterConfig")

    def service(ctx):
        try:
            raise cause
        except botocore.exceptions.ClientError as e:
            raise aws.AWSError("cluster prod: ResourceInUseException: busy") from e

    def main():
        module = AnsibleAWSModule(argument_spec=dict(name=dict(type="str")), supports_check_mode=True)
        runner.run(module, service)

    result = run_module(monkeypatch, main, {"region": "eu-west-1"})
    assert result["failed"] and result["msg"].startswith("cluster prod: ResourceInUseException: busy")
    assert result["error"]["code"] == "ResourceInUseException"  # fail_json_aws adds AWS's error details
