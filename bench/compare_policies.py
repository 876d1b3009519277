#!/usr/bin/env python3
"""Side-by-side simulate time of the dynamic policies against `static` on one DAG.

Runs `pelsim simulate DAG --policy P --json` for `static` (with --schedule) and each dynamic
policy, alternating them round after round (static, fifo, central_queue, ..., static, fifo,
...) so that every policy sees the same machine load, and prints per policy the minimum
`sim_s` (the event loop only: no loading, no planning), `plan_s` and `wall_s` (the whole
command: reading the DAG, and static's schedule, planning, simulating) over the rounds, their
ratios to static's, the makespan, events and bytes moved (which must not vary between rounds).
With several --pelsim binaries (e.g. a baseline build and the current one) every binary runs
every policy in each round, and the table has one block per binary.

With --replay, each dynamic policy's executed schedule is first written (--write-schedule,
by the first binary) and `static` also replays it in every round, right after the policy:
the column `own` is the policy's sim_s over static's on that same schedule. The two runs then
place and order every task alike and visit the tasks' data in nearly the same order, so `own`
is what deciding at run time adds; `ratio` also includes what the policy's order costs
against the reference schedule's (a bottom-level order spans more of the graph at a time).

Example (the Scheduling issue's check: 1M tasks, 64 cores, the Foundation benchmark's model):
  python3 bench/compare_policies.py --dag /work/bench_data/layered_1m.dot \
      --schedule /work/bench_data/layered_1m.schedule.csv --cores 64 --repeat 7 \
      --pelsim build/release/cli/pelsim

Standard library only (Python 3.11).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

POLICIES = [
    ("static", []),
    ("fifo", []),
    ("central_queue fifo", ["--policy-param", "priority=fifo"]),
    ("central_queue bottom_level", ["--policy-param", "priority=bottom_level"]),
    ("central_queue random", ["--policy-param", "priority=random"]),
    ("work_stealing", []),
    ("locality", []),
]


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed with status {proc.returncode}:\n{proc.stderr}")
    for line in reversed(proc.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    sys.exit("no JSON line in output:\n" + proc.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dag", required=True)
    ap.add_argument("--schedule", required=True, help="task,core,order CSV for static")
    ap.add_argument("--cores", default="64")
    ap.add_argument("--speed", default="1e9")
    ap.add_argument("--latency", default="1e-6")
    ap.add_argument("--bandwidth", default="1e9")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pelsim", action="append", help="pelsim binary (repeatable)")
    ap.add_argument("--policies", help="comma-separated subset of: " + ", ".join(p for p, _ in POLICIES))
    ap.add_argument("--replay", action="store_true",
                    help="also time static replaying each dynamic policy's own executed schedule")
    ap.add_argument("--cpu", type=int, help="run every child on this CPU only: on a VM whose CPUs "
                    "differ in speed, unpinned runs mix both speeds (this one's two differ by 30 %%)")
    a = ap.parse_args()
    if a.cpu is not None:
        os.sched_setaffinity(0, {a.cpu})  # inherited by every child
    binaries = a.pelsim or ["build/release/cli/pelsim"]
    wanted = [p for p, _ in POLICIES] if not a.policies else a.policies.split(",")
    policies = [(p, extra) for p, extra in POLICIES if p in wanted]
    if policies[0][0] != "static":
        policies.insert(0, POLICIES[0])

    def cmd(binary, name, extra, schedule=None):
        c = [binary, "simulate", a.dag, "--cores", a.cores, "--core-speed", a.speed,
             "--network", "latency_bandwidth", "--latency", a.latency, "--bandwidth", a.bandwidth,
             "--policy", name.split()[0], *extra, "--json"]
        if name == "static":
            c += ["--schedule", schedule or a.schedule]
        return c

    own = {}  # dynamic policy -> its executed schedule (--replay)
    tmp = tempfile.TemporaryDirectory(prefix="compare_policies.") if a.replay else None
    if a.replay:
        for name, extra in policies:
            if name != "static":
                own[name] = os.path.join(tmp.name, name.replace(" ", "_") + ".csv")
                run(cmd(binaries[0], name, extra) + ["--write-schedule", own[name]])

    sim = {}
    plan = {}
    wall = {}
    facts = {}
    for r in range(a.repeat):
        for b in binaries:
            for name, extra in policies:
                j = run(cmd(b, name, extra))
                key = (b, name)
                sim.setdefault(key, []).append(j["sim_s"])
                plan.setdefault(key, []).append(j["plan_s"])
                wall.setdefault(key, []).append(j["wall_s"])
                f = (j["makespan"], j["events"], j["bytes_moved"])
                if facts.setdefault(key, f) != f:
                    sys.exit(f"{b} {name}: results differ between rounds: {facts[key]} vs {f}")
                if name in own:
                    j = run(cmd(b, "static", [], own[name]))
                    sim.setdefault((b, "own " + name), []).append(j["sim_s"])
        print(f"round {r + 1}/{a.repeat} done", file=sys.stderr)

    for b in binaries:
        print(f"\n{b}  (min of {a.repeat}, alternated)")
        own_head = f" {'own':>5} {'static on it':>12}" if own else ""
        print(f"{'policy':28} {'sim_s':>8} {'ratio':>6}{own_head} {'plan_s':>8} {'plan+sim':>9} {'ratio':>6} {'wall_s':>8} {'ratio':>6}  makespan, events, bytes moved")
        s0 = min(sim[(b, 'static')])
        ps0 = min(p + s for p, s in zip(plan[(b, 'static')], sim[(b, 'static')]))
        w0 = min(wall[(b, 'static')])
        for name, _ in policies:
            s = min(sim[(b, name)])
            ps = min(p + q for p, q in zip(plan[(b, name)], sim[(b, name)]))
            m, e, by = facts[(b, name)]
            own_col = ""
            if own:
                so = min(sim[(b, "own " + name)]) if name in own else s0
                own_col = f" {s / so:5.2f} {so:12.4f}"
            w = min(wall[(b, name)])
            print(f"{name:28} {s:8.4f} {s / s0:6.2f}{own_col} {min(plan[(b, name)]):8.4f} {ps:9.4f} {ps / ps0:6.2f} {w:8.4f} {w / w0:6.2f}  {m!r}, {e}, {by!r}")


if __name__ == "__main__":
    main()
