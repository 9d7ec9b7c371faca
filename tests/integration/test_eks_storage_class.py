# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The eks_cluster role's default StorageClass, checked by a real kube-apiserver (server-side dry run)."""

import pathlib

import jinja2
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import kube as kube_utils
from ansible_collections.platform.runtime.tests.support.schemas import validate_k8s

ROLE = pathlib.Path(__file__).resolve().parents[2] / "roles" / "eks_cluster"


def storage_class():
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text())
    text = yaml.safe_dump(yaml.safe_load((ROLE / "vars" / "main.yml").read_text())["_eks_cluster_storage_class"])
    return yaml.safe_load(jinja2.Template(text).render(eks_cluster_default_storage_class=defaults["eks_cluster_default_storage_class"]))


def test_gp3_storage_class_is_the_default_and_accepted_by_the_api_server(kube):
    sc = storage_class()
    assert sc["metadata"]["name"] == "gp3" and sc["metadata"]["annotations"]["storageclass.kubernetes.io/is-default-class"] == "true"
    assert sc["provisioner"] == "ebs.csi.aws.com" and sc["parameters"]["type"] == "gp3" and sc["volumeBindingMode"] == "WaitForFirstConsumer"
    assert validate_k8s([sc], version="1.34") == []
    [result] = kube_utils.apply_batch(kube, [sc], field_manager="platform.runtime-eks", dry_run=True)
    assert result["action"] == "created", result
    assert result["object"]["allowVolumeExpansion"] is True and result["object"]["reclaimPolicy"] == "Delete"
    assert kube.request("GET", "/apis/storage.k8s.io/v1/storageclasses/gp3", allow_404=True) is None
