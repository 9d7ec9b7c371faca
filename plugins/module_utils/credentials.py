# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The credential plugins of the Kubernetes client, plugged in by the modules: kube.py knows no cloud provider.

Today there is one: the EKS token provider (``eks/auth.py`` ``use_boto3_token``), which authenticates a kubeconfig
whose user runs ``aws eks get-token`` with a token minted in-process by boto3, fresh per connection, so the AWS CLI
is not needed. Kubernetes modules connect with ``credentials.connect`` (``kube.connect`` after ``register()``); a
module whose service builds its own clients calls ``register()`` first.
"""

from __future__ import annotations

from ansible_collections.platform.runtime.plugins.module_utils import kube
from ansible_collections.platform.runtime.plugins.module_utils.eks import auth

PLUGINS = (auth.use_boto3_token,)


def register():
    """Register every credential plugin with the Kubernetes client (idempotent)."""
    for plugin in PLUGINS:
        kube.register_credential_plugin(plugin)


def connect(module, pool_size=16):
    """``kube.connect`` with the credential plugins registered: the ``connect`` of the Kubernetes modules."""
    register()
    return kube.connect(module, pool_size=pool_size)
