# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS test helpers: record the operations a botocore client sends, to prove check mode is read-only."""

from __future__ import annotations

import botocore

MUTATING_PREFIXES = ("create_", "delete_", "update_", "tag_", "untag_", "associate_", "disassociate_", "put_", "attach_", "detach_")


class OperationRecorder:
    """Records the operation names a client sends through botocore's ``before-call`` event."""

    def __init__(self, api):
        self.operations = []
        api.meta.events.register("before-call.*.*", self._record)

    def _record(self, model, **kwargs):
        self.operations.append(botocore.xform_name(model.name))

    @property
    def mutating(self):
        return [op for op in self.operations if op.startswith(MUTATING_PREFIXES)]


def kubeconfig_exec(path):
    """The exec stanza of the current context's user in the kubeconfig at ``path``."""
    import yaml

    with open(path) as f:
        config = yaml.safe_load(f)
    ctx = next(c["context"] for c in config["contexts"] if c["name"] == config["current-context"])
    user = next(u["user"] for u in config["users"] if u["name"] == ctx["user"])
    return user["exec"]


def run_exec(stanza, env=None):
    """Run an exec credential plugin the way client-go does; returns the parsed ExecCredential."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    full_env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    full_env.update({e["name"]: e["value"] for e in stanza.get("env") or []})
    full_env.update(env or {})
    exe = shutil.which(stanza["command"], path=full_env["PATH"])
    assert exe, f"{stanza['command']} is not on PATH"
    out = subprocess.run([exe, *stanza["args"]], env=full_env, capture_output=True, text=True, timeout=60, check=True).stdout
    return json.loads(out)


def decode_token(token):
    """The presigned STS URL inside an EKS token, with its parsed query."""
    import base64
    import urllib.parse

    assert token.startswith("k8s-aws-v1."), token[:20]
    raw = token[len("k8s-aws-v1.") :]
    url = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    return url, urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
