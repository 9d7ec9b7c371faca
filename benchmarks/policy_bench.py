"""The policy tester over the whole pinned Gatekeeper library (49 suites, 270 cases), two ways, in one run.

    .venv/bin/python benchmarks/policy_bench.py [--repeat 5] [--upstream DIR]

1. platform.runtime's SuiteRunner: each template parsed and compiled once, the compiled engine cloned per case;
2. the idiomatic alternative: a fresh engine per case that parses the template's Rego (and libs) again, as a
   straightforward ``gator verify`` port would.

Both use the same Gatekeeper emulation and report the same verdicts (checked). Prints the wall time of each repeat,
the best and the median, cases per second, and the machine's CPU count and load average (the machine is shared).
Target (issue 12): the whole library in under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.platform.runtime.plugins.module_utils.policy import builders as policy  # noqa: E402
from ansible_collections.platform.runtime.plugins.module_utils.policy import engine as policy_engine  # noqa: E402
from ansible_collections.platform.runtime.plugins.module_utils.policy import set as policy_set  # noqa: E402
from ansible_collections.platform.runtime.plugins.module_utils.policy import suite as policy_suite  # noqa: E402
from ansible_collections.platform.runtime.tests.support.upstream import shared_upstream_dir  # noqa: E402


class UncachedEngine(policy_engine.RegorusEngine):
    """Parses the modules again for every evaluation."""

    def compile(self, modules, rule):
        engine = self

        class Fresh:
            def violations(self, input_doc, data=None):
                return policy_engine.RegorusEngine.compile(engine, modules, rule).violations(input_doc, data)

        policy_engine.RegorusEngine.compile(self, modules, rule)  # refuse unsupported templates as the cached one does
        return Fresh()


def run(library, engine):
    start = time.perf_counter()
    results = policy_suite.SuiteRunner(policy.Evaluator(engine)).run([library])
    return time.perf_counter() - start, results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--upstream")
    args = ap.parse_args()
    upstream = args.upstream or shared_upstream_dir()
    if not upstream:
        sys.exit("pinned upstream data not found: put it at ../shared/upstream or pass --upstream")
    library = os.path.join(upstream, policy_set.LIBRARY_SUBDIR)
    print(f"CPUs: {os.cpu_count()}, load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    methods = {"compiled once (SuiteRunner)": policy_engine.RegorusEngine, "fresh engine per case": UncachedEngine}
    verdicts, times = {}, {}
    for _repeat in range(args.repeat):
        for name, cls in methods.items():
            seconds, results = run(library, cls())
            times.setdefault(name, []).append(seconds)
            verdicts[name] = [(r.suite, r.test, r.case, r.passed) for r in results]
    first = next(iter(verdicts.values()))
    assert all(v == first for v in verdicts.values()), "the methods disagree"
    s = policy_suite.summary(results)
    print(f"{len(policy_suite.find_suites([library]))} suites, {s['cases']} cases: {s['passed']} agree with Gatekeeper, {s['failed']} refused")
    for name, ts in times.items():
        best, median = min(ts), statistics.median(ts)
        print(f"{name:30s} best {best:6.3f} s  median {median:6.3f} s  ({s['cases'] / best:7.0f} cases/s)  runs: {' '.join(f'{t:.3f}' for t in ts)}")
    base = statistics.median(times["compiled once (SuiteRunner)"])
    print(f"fresh engine per case / compiled once (median): {statistics.median(times['fresh engine per case']) / base:.2f}x")
    print(f"target < 10 s (median): {'met' if base < 10 else 'NOT met'}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
