"""Fail when the built collection artifact carries tests or dev tooling, or lacks what users start from."""

from __future__ import annotations

import sys
import tarfile

FORBIDDEN = (
    ".github/",
    "inventories/local-multi/",
    "tests/",
    "molecule/",
    "benchmarks/",
    "scripts/",
    ".ci/",
    ".venv/",
    ".collections/",
    "tests/",
    "requirements-test.txt",
)
REQUIRED = (
    "galaxy.yml",
    "MANIFEST.json",
    "plugins/modules/envtest_control_plane.py",
    "roles/envtest_cluster/tasks/main.yml",
    "playbooks/site.yml",
    "playbooks/fetch_upstream.yml",
    "playbooks/init.yml",
    "inventories/local/hosts.yml",
    "plugins/module_utils/upstream_pins.py",
    "meta/runtime.yml",
    "meta/execution-environment.yml",
    "requirements-ee.txt",
    "bindep.txt",
)


def main(path):
    with tarfile.open(path) as tar:
        names = tar.getnames()
    bad = [n for n in names if n.startswith(FORBIDDEN)]
    missing = [r for r in REQUIRED if r not in names and r != "galaxy.yml"]
    print(f"artifact {path}: {len(names)} files")
    if bad:
        print(f"artifact carries dev files: {', '.join(sorted(bad)[:20])}")
    if missing:
        print(f"artifact lacks: {', '.join(missing)}")
    return 1 if bad or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
