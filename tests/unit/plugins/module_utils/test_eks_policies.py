# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's own IAM policy documents (where AWS publishes no managed policy) render to valid, least-privilege
JSON; the role's trust policy is the Pod Identity one."""

import json
import pathlib

import jinja2
import pytest
import yaml

ROLE = pathlib.Path(__file__).resolve().parents[4] / "roles" / "eks_cluster"
TEMPLATES = sorted((ROLE / "templates" / "policies").glob("*.json.j2"))
VARS = {"bucket": "platform-prod-backups", "hosted_zone_ids": ["Z0123456789ABC", "Z0987654321XYZ"]}
# Actions whose IAM resource type is "*" only (AWS's service authorization reference lists no resource for them).
STAR_ONLY = {
    "route53:ListHostedZonesByName",
    "ec2:DescribeVolumes",
    "ec2:DescribeSnapshots",
    "ec2:CreateVolume",
    "ec2:CreateSnapshot",
    "ec2:DeleteSnapshot",
    "ec2:CreateTags",
}


def render(path, **extra):
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return json.loads(env.from_string(path.read_text()).render(**dict(VARS, **extra)))


def test_every_document_is_there():
    assert [p.name for p in TEMPLATES] == ["cert-manager-route53.json.j2", "velero-s3.json.j2"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
@pytest.mark.parametrize("snapshots", [False, True])
def test_documents_are_valid_least_privilege_json(path, snapshots):
    doc = render(path, snapshots=snapshots)
    assert doc["Version"] == "2012-10-17" and doc["Statement"]
    sids = [s["Sid"] for s in doc["Statement"]]
    assert len(sids) == len(set(sids))
    for s in doc["Statement"]:
        assert s["Effect"] == "Allow" and set(s) == {"Sid", "Effect", "Action", "Resource"}
        assert all(":" in a and "*" not in a for a in s["Action"]), s
        if s["Resource"] == ["*"]:
            assert set(s["Action"]) <= STAR_ONLY, s
    text = json.dumps(doc)
    if "velero" in path.name:
        assert "arn:aws:s3:::platform-prod-backups/*" in text and ("ec2:CreateSnapshot" in text) == snapshots
    else:
        assert text.count("hostedzone/Z0") == 2


def test_a_missing_variable_fails_instead_of_granting_more():
    with pytest.raises(jinja2.UndefinedError):
        jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(TEMPLATES[1].read_text()).render()


def test_pod_identity_trust_policy():
    trust = yaml.safe_load((ROLE / "vars" / "main.yml").read_text())["_eks_cluster_trust_pods"]
    assert trust["Statement"] == [{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"], "Principal": {"Service": "pods.eks.amazonaws.com"}}]
