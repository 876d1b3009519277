#!/usr/bin/env python3
"""Targeted checks of formulas and worked examples stated in the docs, through the CLI.

Usage: python3 scripts/crosscheck/targeted.py [--pelsim PATH] [--out DIR] [--keep]

About 2200 `pelsim simulate` runs with known answers (dispatch costs, Amdahl on fork_join,
locks, checkpoints, the work-stealing, locality, map_reduce replay and core-type examples,
failures with restarts and checkpoints). The files are written in a temporary directory; when a
check fails, that directory is copied to DIR/targeted/ with problems.txt, whose command lines
run there. Exit status: 0 when every check passes, 1 when one fails, 2 when pelsim is not found.
"""
import argparse
import json
import math
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
import common  # noqa: E402  (scripts/crosscheck/common.py)

PELSIM = None  # set by main(): absolute path of the binary
D = None  # set by main(): the temporary work directory, where every command runs
fails = []
count = 0


def sim(graph, *args):
    cmd = [PELSIM, "simulate", graph, "--json"] + [str(a) for a in args]
    r = common.run(cmd, cwd=D, timeout=30)
    where = "cd " + D + " && " + " ".join(cmd)
    if r is None:
        return None, where + "\nHANG (> 30 s)"
    if r.returncode != 0:
        return None, where + "\n" + r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1]), where


def expect(name, got, want, cmd, rel=1e-9):
    global count
    count += 1
    if got is None or not math.isclose(got, want, rel_tol=rel, abs_tol=1e-12):
        fails.append(f"{name}: got {got!r}, expected {want!r}\n   {cmd}")


def write(name, text):
    p = os.path.join(D, name)
    with open(p, "w") as f:
        f.write(text)
    return name


def checks():
    # 1. dispatch costs: n independent tasks of w s on P cores
    for n in (1, 3, 7, 8, 13):
        for P in (1, 2, 3, 4):
            for w in (1.0, 0.5):
                g = write(f"ind{n}_{w}.dot", "digraph G {\n" + "".join(f" t{i} [size=\"{int(w * 1e9)}\"];\n" for i in range(n)) + "}\n")
                for L, o in ((0.25, 0.5), (0.1, 0.0), (0.0, 0.3)):
                    pp = ["--policy-param", f"dispatch_latency={L}", "--policy-param", f"decision_overhead={o}"]
                    for pol in ("central_queue", "fifo", "locality"):
                        js, cmd = sim(g, "--cores", P, "--policy", pol, *pp)
                        expect(f"dispatch {pol} n={n} P={P} w={w} L={L} o={o}", js and js["makespan"],
                               math.ceil(n / P) * (L + o + w), cmd)
                    for pol in ("round_robin", "hlfet", "heft", "etf", "mcp", "min_min", "max_min", "dls", "cpop", "peft"):
                        js, cmd = sim(g, "--cores", P, "--policy", pol, *pp)
                        expect(f"dispatch {pol} n={n} P={P} w={w} L={L} o={o}", js and js["makespan"],
                               L + math.ceil(n / P) * (o + w), cmd)

    # 2. Amdahl: fork_join on the ideal network
    for n in (3, 4, 8, 10):
        for f in (0.1, 0.5):
            W = 6.4e10
            name = f"fj{n}_{f}.dot"
            subprocess.run([PELSIM, "generate", "fork_join", "-P", f"n={n}", "-P", f"fraction={f}", "-P", f"work={W}",
                            "-o", os.path.join(D, name)], capture_output=True, check=True)
            for P in (1, 2, 3, 4, 8):
                want = f * W / 1e9 + math.ceil(n / P) * (1 - f) * W / n / 1e9
                for pol in ("hlfet", "heft", "fifo", "central_queue", "etf", "mcp", "dls", "cpop", "peft", "min_min",
                            "max_min", "locality"):
                    js, cmd = sim(name, "--cores", P, "--network", "ideal", "--policy", pol)
                    expect(f"amdahl {pol} n={n} f={f} P={P}", js and js["makespan"], want, cmd)

    # 3. locks: n independent tasks of one lock take n*w on any number of cores
    for n in (2, 5):
        g = write(f"lock{n}.dot", "digraph G {\n" + "".join(f" t{i} [size=\"1e9\", lock=\"db\"];\n" for i in range(n)) + " x [size=\"1e9\"];\n}\n")
        for P in (1, 2, 4):
            for pol in ("hlfet", "heft", "fifo", "work_stealing", "locality", "round_robin", "random", "min_min", "etf"):
                js, cmd = sim(g, "--cores", P, "--policy", pol, *(["--policy-param", "steal_latency=0"] if pol == "work_stealing" else []))
                if pol not in ("round_robin", "random"):
                    expect(f"locks {pol} n={n} P={P}", js and js["makespan"], max(n * 1.0, math.ceil((n + 1) / P)) if P > 1 else n + 1.0, cmd, 1e-3 if pol == "work_stealing" else 1e-9)
                expect(f"locks lower_bound {pol} n={n} P={P}", js and js["lower_bound"], max(n * 1.0, (n + 1) / P), cmd)

    g = write("lock3.yaml", "tasks:\n  - {name: a, work: 2Gflop, lock: db}\n  - {name: b, work: 1Gflop, lock: db}\n  - {name: c, work: 3Gflop, lock: db}\n")
    js, cmd = sim(g, "--cores", 3, "--policy", "fifo", "--network", "ideal")
    expect("synchronization.md three tasks 2,1,3 of one lock on 3 cores", js and js["makespan"], 6.0, cmd)
    g = write("lock4.yaml", "tasks:\n  - {name: a, work: 1Gflop, lock: db}\n  - {name: b, work: 1Gflop, lock: db}\n  - {name: c, work: 1Gflop, lock: db}\n  - {name: d, work: 1Gflop}\n")
    js, cmd = sim(g, "--cores", 4, "--policy", "fifo", "--network", "ideal")
    expect("synchronization.md scenario a,b,c of db with d: 3 s", js and js["makespan"], 3.0, cmd)
    expect("synchronization.md scenario lower bound 3 s", js and js["lower_bound"], 3.0, cmd)
    g = write("lock2.dot", 'digraph G {\n a [size="2e9", lock="db"];\n b [size="2e9", lock="db"];\n}\n')
    js, cmd = sim(g, "--speeds", "1e9,2e9", "--cores", 2, "--policy", "heft", "--network", "ideal")
    # planned 2 s? the doc: "two tasks of one lock that HEFT runs side by side on a 1 and a 2 Gflop/s core ... planned 2 s, simulated 3 s"
    g = write("lock2b.dot", 'digraph G {\n a [size="2e9", lock="db"];\n b [size="1e9", lock="db"];\n}\n')

    # 4. checkpoints without failures: w + (ceil(w/tau) - 1) * C, with the 1e-9 whole-number rule
    for w, tau, C in ((2.1, 0.3, 0.1), (1.0, 0.25, 0.5), (1.0, 0.3, 0.1), (0.9, 0.3, 0.1), (3.0, 1.0, 0.25),
                      (0.7, 0.1, 0.01), (1.0, 2.0, 1.0), (0.0, 0.5, 1.0)):
        g = write(f"one_{w}.dot", f'digraph G {{\n a [size="{w * 1e9:.0f}"];\n}}\n')
        q = w / tau
        k = round(q) if abs(q - round(q)) <= 1e-9 * max(1, q) else math.ceil(q)
        want = w + max(0, k - 1) * C
        for pol in ("fifo", "heft", "work_stealing"):
            js, cmd = sim(g, "--cores", 1, "--policy", pol, "--checkpoint-interval", tau, "--checkpoint-cost", C)
            expect(f"checkpoint w={w} tau={tau} C={C} {pol}", js and js["makespan"], want, cmd)
            expect(f"checkpoints count w={w} tau={tau} {pol}", js and js.get("checkpoints"), max(0, k - 1), cmd)

    # 5. work stealing hand example: root 1 s forking 4 tasks of 1 s on 2 cores, steal 0.25, retry 0.5
    g = write("ws.dot", 'digraph G {\n r [size="1e9"];\n' + "".join(f' c{i} [size="1e9"];\n r -> c{i};\n' for i in range(1, 5)) + "}\n")
    js, cmd = sim(g, "--cores", 2, "--policy", "work_stealing", "--policy-param", "steal_latency=0.25",
                  "--policy-param", "retry_delay=0.5")
    expect("work stealing example makespan", js and js["makespan"], 3.5, cmd)
    expect("work stealing example steals", js and js["steals"], 2, cmd)
    expect("work stealing example failed steals", js and js["failed_steals"], 2, cmd)
    js, cmd = sim(g, "--cores", 2, "--policy", "central_queue")
    expect("central_queue on the work stealing example", js and js["makespan"], 3.0, cmd)

    # 6. locality hand example
    g = write("loc.dot", 'digraph G {\n t0 [size="2e9"];\n t1 [size="1e9"];\n t2 [size="1e9"];\n t0 -> t2 [size="1000"];\n t1 -> t2 [size="1000000"];\n}\n')
    js, cmd = sim(g, "--cores", 2, "--policy", "locality", "-b", "1e6", "-l", "0")
    expect("locality example makespan", js and js["makespan"], 3.001, cmd)
    expect("locality example bytes", js and js["bytes_moved"], 1000, cmd)
    js, cmd = sim(g, "--cores", 2, "--policy", "fifo", "-b", "1e6", "-l", "0")
    expect("fifo on the locality example", js and js["makespan"], 4.0, cmd)

    # 7. map_reduce replay example from scheduling.md
    subprocess.run([PELSIM, "generate", "map_reduce", "--param", "bytes=100MB", "-o", os.path.join(D, "mr.dot")],
                   capture_output=True, check=True)
    js, cmd = sim("mr.dot", "--cores", 3, "--policy", "fifo", "--write-schedule", "mr.csv")
    expect("map_reduce fifo 3 cores", js and js["makespan"], 5.200002, cmd)
    js, cmd = sim("mr.dot", "--cores", 3, "--schedule", "mr.csv")
    expect("map_reduce fifo schedule replayed", js and js["makespan"], 5.100001, cmd)

    # 8. core types example
    g = write("ct.dot", 'digraph G {\n t0 [size="1e10", type="gemm"];\n t1 [size="1e10", type="io"];\n t0 -> t1;\n}\n')
    js, cmd = sim(g, "--core-types", "cpu:1@2GHz,gpu:1@1GHz", "--policy", "heft")
    expect("core types example without factors", js and js["makespan"], 10.0, cmd)
    js, cmd = sim(g, "--core-types", "cpu:1@2GHz,gpu:1@1GHz", "--type-factors", "gpu:gemm=10", "--policy", "heft")
    expect("core types example with gpu:gemm=10", js and js["makespan"], 6.0, cmd)

    # 9. faults: restart model on one task, given failure
    g = write("one1.dot", 'digraph G {\n a [size="1e9"];\n}\n')
    for pol in ("fifo", "heft", "work_stealing", "central_queue", "locality", "round_robin", "random", "static"):
        extra = ["--schedule", write("one1.csv", "a,0,0\n")] if pol == "static" else ["--policy", pol]
        js, cmd = sim(g, "--cores", 1, "--fail", "0@0.5+0.25", *extra)
        expect(f"one task cut at 0.5, repaired 0.25 later, {pol}", js and js["makespan"], 1.75, cmd)
        expect(f"lost work {pol}", js and js.get("lost_work"), 0.5, cmd)
        # failure exactly at the finish: the task has finished
        js, cmd = sim(g, "--cores", 1, "--fail", "0@1+0.25", *extra)
        expect(f"failure at the finish instant {pol}", js and js["makespan"], 1.0, cmd)
        # checkpoints: interval 0.3, cost 0.1, restart 0.2; fail at 0.85 (after 2 checkpoints written at 0.4, 0.8)
        js, cmd = sim(g, "--cores", 1, "--fail", "0@0.85+0.15", "--checkpoint-interval", 0.3, "--checkpoint-cost", 0.1,
                      "--restart-cost", 0.2, *extra)
        # run: [0,0.3] comp, [0.3,0.4] ck, [0.4,0.7] comp, [0.7,0.8] ck, cut at 0.85 (0.05 lost); repaired 1.0;
        # restart 0.2 -> 1.2, remaining 0.4 of compute: 0.3 + ck 0.1 + 0.1 = 1.7
        expect(f"checkpointed task resumes {pol}", js and js["makespan"], 1.7, cmd)
        expect(f"checkpointed lost work {pol}", js and js.get("lost_work"), 0.05, cmd)


def main():
    global PELSIM, D
    ap = argparse.ArgumentParser(
        description="Targeted checks of the formulas and worked examples of the docs through the CLI "
                    "(docs/crosscheck.md): about 2200 runs, some 10 seconds.",
        epilog="Exit status: 0 every check passes, 1 some check failed, 2 pelsim not found.")
    common.add_options(ap)
    a = ap.parse_args()
    PELSIM = common.pelsim_path(a.pelsim, ap.prog)
    out = os.path.abspath(a.out)
    D = common.make_workdir("targeted")
    try:
        checks()
        print(f"{count} targeted checks, {len(fails)} failing")
        if fails:
            saved, shown = common.save_failure(D, out, "targeted", fails)
            for f in shown:
                print(" - " + f)
            print(f"the files and problems.txt are saved in {saved}")
    finally:
        common.remove_workdir(D, a.keep)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
