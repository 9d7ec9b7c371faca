"""eks/service.py directly: the per-resource table (names, identifiers, deletes), and what the flows decide before
any AWS call (bad input, missing create fields, owners, check-mode deletes). The calls themselves are tested against
moto (tests/integration/test_eks_modules.py, test_eks_identity.py) and, where moto lacks them, with botocore's
Stubber (tests/unit/plugins/modules/test_eks_stubbed.py, test_eks_access_stubbed.py)."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.platform.runtime.plugins.module_utils.eks import service
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.tests.support.eks import CLUSTER, NODEGROUP, addon_params, cluster_params, ng_params


@pytest.fixture
def no_calls():
    """An EKS client that fails the test on any call: nothing is queued on its Stubber."""
    client = boto3.client("eks", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x", endpoint_url="https://eks.invalid")
    with Stubber(client):
        yield client


def wait(params, **kw):
    return dict(params, wait=True, wait_timeout=60, **kw)


@pytest.mark.parametrize(
    "kind, params, label, ids, update_ids",
    [
        (service.CLUSTER, cluster_params(name="prod"), "cluster prod", {"name": "prod"}, {"name": "prod"}),
        (
            service.NODEGROUP,
            ng_params(cluster_name="prod", name="workers"),
            "node group prod/workers",
            {"clusterName": "prod", "nodegroupName": "workers"},
            {"name": "prod", "nodegroupName": "workers"},
        ),
        (
            service.ADDON,
            addon_params(cluster_name="prod", name="vpc-cni"),
            "add-on prod/vpc-cni",
            {"clusterName": "prod", "addonName": "vpc-cni"},
            {"name": "prod", "addonName": "vpc-cni"},
        ),
    ],
)
def test_each_kind_names_its_resource_and_identifiers(kind, params, label, ids, update_ids):
    assert kind.label(params) == label
    assert kind.ids(params) == ids
    assert kind.update_ids(params) == update_ids  # describe_update names the cluster "name"


@pytest.mark.parametrize(
    "flow, params, fragment",
    [
        (service.cluster, cluster_params(version="1.x"), "version='1.x' is not a Kubernetes version"),
        (service.nodegroup, ng_params(scaling={"min_size": 4, "max_size": 2, "desired_size": 3}), "min_size=4 is greater than scaling.max_size=2"),
    ],
)
def test_bad_input_is_a_validation_error_before_any_call(no_calls, flow, params, fragment):
    with pytest.raises(ValidationError, match=fragment):
        flow(no_calls, wait(params))


@pytest.mark.parametrize(
    "kind, params, missing",
    [
        (service.CLUSTER, cluster_params(name="new", role_arn=None, subnets=None), "cluster new does not exist; to create it set role_arn and subnets"),
        (
            service.NODEGROUP,
            ng_params(cluster_name="c1", name="ng", node_role=None, subnets=None),
            "node group c1/ng does not exist; to create it set node_role and subnets",
        ),
    ],
)
def test_creating_names_the_missing_fields_before_any_call(no_calls, kind, params, missing):
    with pytest.raises(ValidationError) as err:
        service.ensure_present(kind, no_calls, wait(params), None, check_mode=False)
    assert str(err.value) == missing


def test_an_existing_resource_needs_no_create_fields(no_calls):
    changed, predicted, steps = service.ensure_present(service.CLUSTER, no_calls, wait(cluster_params(role_arn=None, subnets=None)), CLUSTER, check_mode=True)
    assert (changed, steps) == (False, []) and predicted["name"] == CLUSTER["name"]


def test_deleting_what_does_not_exist_is_a_no_op(no_calls):
    assert service.ensure_absent(service.NODEGROUP, no_calls, wait(ng_params()), None, check_mode=False) == (False, None, [])


@pytest.mark.parametrize(
    "kind, params, current, step",
    [
        (service.NODEGROUP, ng_params(cluster_name="c1", name="ng"), NODEGROUP, ("delete_nodegroup", {"clusterName": "c1", "nodegroupName": "ng"})),
        (
            service.ADDON,
            addon_params(cluster_name="c1", name="coredns", preserve=True),
            {"addonName": "coredns"},
            ("delete_addon", {"clusterName": "c1", "addonName": "coredns", "preserve": True}),
        ),
    ],
)
def test_check_mode_delete_predicts_the_step_and_makes_no_call(no_calls, kind, params, current, step):
    changed, after, steps = service.ensure_absent(kind, no_calls, wait(params), current, check_mode=True)
    assert (changed, after) == (True, None)
    assert [(s["op"], s["args"]) for s in steps] == [step]
    assert steps[0]["wait"] == f"{kind.result_key}_deleted"


def test_owner_scoped_sets_need_an_owner_before_any_call(no_calls):
    params = {"cluster_name": "c1", "entries": [], "owners": [], "wait": True}
    with pytest.raises(ValidationError, match=r"owners=\[\]: expected at least one owner \(or entries naming their owner\)"):
        service.access_entries(no_calls, params)
    with pytest.raises(ValidationError, match="associations naming their owner"):
        service.pod_identity(no_calls, {"cluster_name": "c1", "associations": [], "owners": None, "wait": True})


def test_connect_asks_the_aws_module_for_an_eks_client():
    class Module:
        def client(self, name):
            return ("client", name)

    assert service.connect(Module()) == ("client", "eks")
