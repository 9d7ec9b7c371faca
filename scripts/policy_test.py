#!/usr/bin/env python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run Gatekeeper policy suites (the library's suite.yaml format) from the command line; exit 1 when a case fails.

    .venv/bin/python scripts/policy_test.py [--failures] SUITE_OR_DIR...

``--failures`` prints only the failing rows. The same runner as the platform.runtime.policy_test module.
"""

from __future__ import annotations

import os
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.platform.runtime.plugins.module_utils.policy.suite import SuiteRunner, find_suites, table  # noqa: E402


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    failures_only = "--failures" in argv
    paths = [a for a in argv if not a.startswith("--")]
    if not paths:
        print("usage: policy_test.py [--failures] SUITE_OR_DIR...", file=sys.stderr)
        return 2
    start = time.perf_counter()
    results = SuiteRunner().run(paths)
    print(table(results, failures_only))
    print(f"{len(find_suites(paths))} suites in {time.perf_counter() - start:.2f}s")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
