"""What a Kubernetes connection to EKS pays for its token: the kubeconfig's exec credential (`aws eks get-token`,
a new process per use, what kubectl and kubernetes.core do) against the collection's in-process boto3 mint
(what kube.KubeClient does for the same kubeconfig).

    .venv/bin/python benchmarks/eks_token_bench.py [--cli-runs 5] [--boto3-runs 50]

Offline: signing needs no network (no role ARN), so fake credentials are enough. Prints ms per token and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.platform.runtime.plugins.module_utils.eks import auth as eks_auth  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--boto3-runs", type=int, default=50)
    args = parser.parse_args()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="eu-west-1")
    os.environ.pop("AWS_ENDPOINT_URL", None)
    stanza = eks_auth.exec_stanza("bench-cluster", "eu-west-1")
    aws = shutil.which("aws", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if not aws:
        sys.exit("the AWS CLI is not installed (pip install -r requirements-test.txt)")

    start = time.perf_counter()
    for _run in range(args.cli_runs):
        out = subprocess.run([aws, *stanza["args"]], capture_output=True, text=True, check=True).stdout
        assert json.loads(out)["status"]["token"].startswith("k8s-aws-v1.")
    cli = (time.perf_counter() - start) / args.cli_runs

    start = time.perf_counter()
    eks_auth.exec_token(stanza)  # the first call pays the boto3 import and the session, as each module run does once
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _run in range(args.boto3_runs):
        assert eks_auth.exec_token(stanza)[0].startswith("k8s-aws-v1.")
    boto = (time.perf_counter() - start) / args.boto3_runs

    print(f"aws eks get-token (exec credential): {cli * 1000:8.1f} ms per token ({args.cli_runs} runs)")
    print(f"boto3 in-process, first in a process: {first * 1000:8.1f} ms (import, session, client: once per module run)")
    print(f"boto3 in-process, then:              {boto * 1000:8.1f} ms per token ({args.boto3_runs} runs; the refresh hook's cost)")
    print(f"ratio per connection (CLI / first boto3 token): {cli / first:.1f}x")


if __name__ == "__main__":
    main()
