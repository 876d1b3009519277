#!/usr/bin/env python3
"""Gap of every pelsim policy to the optimal schedule lengths of the Kasahara STG set.

Runs `pelsim simulate` (ideal network, 1 cost unit = 1 s on 1 Gflop/s cores) on the 360 random
graphs of ../shared/workloads/stg (50 and 100 tasks) on 2, 4, 8 and 16 cores under each policy,
and compares the makespan with the reference length: the exact optimum where the verification
(optimal_verification.csv) established it, for the gap table; the proven lower bound
otherwise, for the "never below" check. Prints a markdown table of the mean gap in percent per
policy, size and core count, and the number of makespans below a bound (must be 0).

Usage: python3 bench/stg_gaps.py [--pelsim build/release/cli/pelsim] [--stg ../shared/workloads/stg]
Standard library only (Python 3.11). Takes a few minutes (about 20k runs: 360 graphs, 4 core
counts, 16 policies).
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor

POLICIES = [
    ("heft", []), ("cpop", []), ("hlfet", []), ("peft", []), ("mcp", []), ("etf", []),
    ("dls", []), ("min_min", []), ("max_min", []), ("fifo", []),
    ("central_queue/bottom_level", ["--policy-param", "priority=bottom_level"]),
    ("central_queue/random", ["--policy-param", "priority=random"]),
    ("work_stealing", ["--policy-param", "steal_latency=0", "--policy-param", "retry_delay=1ms"]),
    ("locality", []),
    ("round_robin", []), ("random", []),
]
PES = [2, 4, 8, 16]


def references(stg_dir):
    """(graph, pe) -> (exact optimum or None, a proven lower bound)."""
    refs = {}
    with open(os.path.join(stg_dir, "optimal_verification.csv")) as f:
        for row in csv.DictReader(f):
            key = (row["graph"], int(row["pe"]))
            exact = None
            if row["status"] == "proven_optimal":
                exact = float(row["table_value"])
            elif row["exact_optimum"]:
                exact = float(row["exact_optimum"])
            bound = exact if exact is not None else float(row["proven_lower_bound"] or row["trivial_lb"])
            refs[key] = (exact, bound)
    return refs


def simulate(pelsim, path, pe, policy, extra):
    name = policy.split("/")[0]
    out = subprocess.run([pelsim, "simulate", path, "--cores", str(pe), "--policy", name,
                          "--network", "ideal", "--json", *extra],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["makespan"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pelsim", default=os.path.join(here, "..", "build", "release", "cli", "pelsim"))
    ap.add_argument("--stg", default=os.path.join(here, "..", "..", "shared", "workloads", "stg"))
    args = ap.parse_args()
    refs = references(args.stg)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(os.path.join(args.stg, "stg-rnc50-rnc100-all360.tar.xz")) as tar:
            tar.extractall(tmp)
        graphs = sorted({g for g, _ in refs})
        jobs = [(g, pe, p, extra) for g in graphs for pe in PES for p, extra in POLICIES]

        def one(job):
            g, pe, p, extra = job
            path = os.path.join(tmp, g)
            if not os.path.exists(path):
                path = os.path.join(tmp, "stg", g)
            return job, simulate(args.pelsim, path, pe, p, extra)

        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(one, jobs))

    gaps = {}       # (policy, size, pe) -> [gap %]
    below = []
    for (g, pe, p, _), makespan in results:
        exact, bound = refs[(g, pe)]
        if makespan < bound - 1e-9:
            below.append((g, pe, p, makespan, bound))
        if exact is not None:
            size = g.split("/")[0]
            gaps.setdefault((p, size, pe), []).append(100.0 * (makespan - exact) / exact)
    print("| policy | " + " | ".join(f"{s} tasks, {pe} cores" for s in ("50", "100") for pe in PES) + " |")
    print("|---|" + "---:|" * 8)
    for p, _ in POLICIES:
        cells = []
        for s in ("50", "100"):
            for pe in PES:
                v = gaps.get((p, s, pe), [])
                cells.append(f"{sum(v) / len(v):.2f}" if v else "–")
        print(f"| `{p}` | " + " | ".join(cells) + " |")
    counts = {(s, pe): len(gaps.get((POLICIES[0][0], s, pe), [])) for s in ("50", "100") for pe in PES}
    print("\ngraphs with a known optimum per column: " +
          ", ".join(f"{s}/{pe}: {n}" for (s, pe), n in counts.items()))
    print(f"makespans below the optimum or a proven lower bound: {len(below)}")
    for b in below[:20]:
        print("  BELOW:", b)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
