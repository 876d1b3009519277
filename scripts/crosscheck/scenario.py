#!/usr/bin/env python3
"""Random YAML scenarios for `pelsim run`, cross-checked against `pelsim simulate`.

Usage: python3 scripts/crosscheck/scenario.py [--n N] [--seed S] [--case K]
                                              [--pelsim PATH] [--out DIR] [--keep]

For each scenario: `pelsim check` and `pelsim run -j 2` succeed; `run -j 1` gives a
byte-identical results.csv; running again in the same --out reads every run back and gives the
same results.csv; every row's makespan, lower bound, utilisation, bytes, steals, failures, lost
work, checkpoints and planned makespan equal those of the equivalent `pelsim simulate`
command; speedup = T1 / Tp against the 1-core row of the same point; energy_j (uniform speeds)
= busy time x busy power + idle time x idle power.

Scenarios run in a temporary directory; a failing one is copied to DIR/scenario-s<S>-<K>/ with
problems.txt. Exit status: 0 when no scenario fails, 1 when one does, 2 when pelsim is not found.
"""
import argparse
import csv
import io
import json
import math
import os
import random
import shutil
import subprocess
import sys
import traceback

sys.dont_write_bytecode = True  # no __pycache__ in the repository
import common  # noqa: E402  (scripts/crosscheck/common.py)

PELSIM = None  # set by main(): absolute path of the binary
WORK = None  # set by main(): the temporary work directory, one s<K>/ per scenario

POLICIES = ["hlfet", "heft", "cpop", "peft", "mcp", "etf", "dls", "min_min", "max_min", "round_robin", "random",
            "fifo", "central_queue", "work_stealing", "locality"]
GENS = {
    "layered": lambda r: {"tasks": r.randint(5, 40)},
    "fork_join": lambda r: {"n": r.randint(2, 20), "fraction": 0.1, "work": 1e10},
    "cholesky": lambda r: {"tiles": r.randint(2, 4), "bytes": r.choice([0, 1e6])},
    "series_parallel": lambda r: {"n": r.randint(5, 40), "bytes": r.choice([0, 1e7])},
    "map_reduce": lambda r: {"mappers": r.randint(2, 8), "reducers": r.randint(1, 4), "bytes": r.choice([0, 1e8])},
    "independent": lambda r: {"n": r.randint(3, 30)},
}
FIELDS = ["makespan", "lower_bound", "utilisation", "bytes_moved", "steals", "failed_steals", "failures",
          "interrupted", "lost_work_s", "checkpoints", "checkpoint_s", "planned_makespan", "max_link_utilisation"]
JSON_OF = {"lost_work_s": "lost_work", "checkpoint_s": "checkpoint_time"}


def close(a, b, rel=1e-9):
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), 1e-12)


def build(rng, d):
    sc = {}
    cli = {"graph": None, "gen": None, "args": [], "policy_args": []}
    wk = rng.choice(["gen", "gen", "inline", "file"])
    if wk == "gen":
        kind = rng.choice(list(GENS))
        params = GENS[kind](rng)
        sc["workload"] = f"  generator: {kind}\n  params: {{{', '.join(f'{k}: {v}' for k, v in params.items())}}}"
        cli["gen"] = (kind, params)
    else:
        n = rng.randint(3, 15)
        tasks = [(f"t{i}", rng.choice([0.5, 1, 2, 3]) * 1e9, rng.choice([None, None, "db"])) for i in range(n)]
        edges = []
        for j in range(1, n):
            for i in range(j):
                if rng.random() < 0.2:
                    edges.append((f"t{i}", f"t{j}", rng.choice([0, 1e6, 1e8])))
        ylines = ["tasks:"] + [f"  - {{name: {t}, work: {int(w)}" + (f", lock: {l}" if l else "") + "}" for t, w, l in tasks]
        if edges:
            ylines += ["edges:"] + [f"  - {{from: {a}, to: {b}, bytes: {int(x)}}}" for a, b, x in edges]
        with open(os.path.join(d, "g.yaml"), "w") as f:
            f.write("\n".join(ylines) + "\n")
        cli["graph"] = "g.yaml"
        if wk == "inline":
            sc["workload"] = "\n".join("  " + l for l in ylines)
        else:
            sc["workload"] = "  file: g.yaml"
    plat = []
    cores = rng.choice([[1, 2, 4], [1, 3], [2, 4, 8], [4], [1, 2, 3, 4, 5], [2, 3], [3, 6]])
    net = rng.choice(["ideal", "latency_bandwidth", "flow"])
    plat.append(f"  network: {net}")
    if net != "ideal":
        L, B = rng.choice(["1us", "0", "10us"]), rng.choice(["1GB/s", "100MB/s"])
        plat += [f"  latency: {L}", f"  bandwidth: {B}"]
        cli["args"] += ["--latency", L, "--bandwidth", B]
    topo = None
    if net == "flow":
        topo = rng.choice(["bus", "crossbar", "ring", "mesh2d", "fat_tree"])
        plat.append(f"  topology: {topo}")
    cli["args"] += ["--network", net] + (["--topology", topo] if topo else [])
    sp = rng.random()
    if sp < 0.3:
        s = rng.choice(["2GHz", "500MHz"])
        plat.append(f"  core_speed: {s}")
        cli["args"] += ["--core-speed", s]
    elif sp < 0.5:
        s = rng.choice([["1GHz", "2GHz"], ["3GHz", "1GHz", "1GHz"]])
        plat.append(f"  speeds: [{', '.join(s)}]")
        cli["args"] += ["--speeds", ",".join(s)]
    fl = rng.random()
    faults = []
    if fl < 0.25:
        fs = []
        for _ in range(rng.randint(1, 2)):
            c = 0 if rng.random() < 0.5 else rng.randint(0, min(cores) - 1)
            at = rng.choice([0.5, 1, 1.3, 2.5])
            rep = rng.choice([0.5, 1])
            fs.append(f"{{core: {c}, at: {at}s, repair: {rep}s}}")
            cli["args"] += ["--fail", f"{c}@{at}+{rep}"]
        faults.append(f"failures: [{', '.join(fs)}]")
    elif fl < 0.4:
        m = rng.choice(["5s", "20s"])
        faults.append(f"mtbf: {m}")
        faults.append("mttr: 1s")
        cli["args"] += ["--mtbf", m, "--mttr", "1s"]
    if rng.random() < 0.2:
        faults.append("checkpoint: {interval: 0.5s, cost: 0.1s, restart: 0.2s}")
        cli["args"] += ["--checkpoint-interval", "0.5", "--checkpoint-cost", "0.1", "--restart-cost", "0.2"]
    if faults:
        plat.append("  faults: {" + ", ".join(faults) + "}")
    if rng.random() < 0.4:
        idle, busy = rng.choice([(20, 95), (0, 100), (10, 10)])
        plat.append(f"  power: {{idle: {idle}W, busy: {busy}W}}")
        cli["power"] = (idle, busy)
    sc["platform"] = "\n".join(plat)
    pols = rng.sample(POLICIES, rng.randint(1, 3))
    params = {}
    if rng.random() < 0.3:
        params["decision_overhead"] = rng.choice(["1ms", "0.1s"])
    if rng.random() < 0.3:
        params["dispatch_latency"] = rng.choice(["1ms", "0.1s"])
    for k, v in params.items():
        cli["policy_args"] += ["--policy-param", f"{k}={v}"]
    pol_txt = "{name: " + pols[0] + "".join(f", {k}: {v}" for k, v in params.items()) + "}"
    sweep = [f"  platform.cores: [{', '.join(map(str, cores))}]"]
    if len(pols) > 1:
        sweep.insert(0, f"  policy.name: [{', '.join(pols)}]")
    reps = rng.choice([1, 1, 2])
    seed = rng.randint(0, 50)
    text = (f"description: random scenario\nworkload:\n{sc['workload']}\nseed: {seed}\nrepetitions: {reps}\n"
            f"platform:\n{sc['platform']}\npolicy: {pol_txt}\nsweep:\n" + "\n".join(sweep) + "\n")
    with open(os.path.join(d, "s.yaml"), "w") as f:
        f.write(text)
    return cli, text


def run(cmd, cwd, timeout=120):
    return common.run(cmd, cwd=cwd, timeout=timeout)


def check(case, seed):
    rng = random.Random(f"sc-{seed}-{case}")
    d = os.path.join(WORK, f"s{case}")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    cli, text = build(rng, d)
    probs = []
    r = run([PELSIM, "check", "s.yaml"], d)
    if r is None or r.returncode != 0:
        return [f"check failed: {None if r is None else r.returncode} {r and r.stderr}"], text
    r1 = run([PELSIM, "run", "s.yaml", "--out", "o1", "-j", "2", "--no-plot"], d)
    if r1 is None or r1.returncode != 0:
        rc = None if r1 is None else r1.returncode
        if rc == 2 and r1.stderr.strip().startswith("pelsim: error:"):
            return [], "rc2: " + r1.stderr.strip().splitlines()[-1]
        return [f"run failed rc={rc}: {r1 and r1.stderr[-2000:]}"], text
    r2 = run([PELSIM, "run", "s.yaml", "--out", "o2", "-j", "1", "--no-plot"], d)
    res1 = open(os.path.join(d, "o1", "results.csv")).read()
    if r2 is None or r2.returncode != 0 or open(os.path.join(d, "o2", "results.csv")).read() != res1:
        probs.append("results.csv differs between -j 2 and -j 1")
    r3 = run([PELSIM, "run", "s.yaml", "--out", "o1", "--no-plot"], d)
    if r3 is None or r3.returncode != 0 or open(os.path.join(d, "o1", "results.csv")).read() != res1:
        probs.append(f"results.csv differs after resuming a finished run: {r3 and r3.stderr[-500:]}")
    rows = list(csv.DictReader(io.StringIO(res1)))
    t1 = {}
    for row in rows:
        if int(row["cores"]) == 1:
            t1[(row.get("policy.name", row.get("policy", "")), row["repetition"])] = float(row["makespan"])
    for row in rows:
        P = int(row["cores"])
        pol = row.get("policy.name") or row.get("policy") or None
        if pol is None:
            pol = text.split("policy: {name: ")[1].split(",")[0].split("}")[0]
        rs = row["seed"]
        graph = cli["graph"]
        if cli["gen"]:
            kind, params = cli["gen"]
            graph = f"gen_{rs}.dot"
            if not os.path.exists(os.path.join(d, graph)):
                subprocess.run([PELSIM, "generate", kind] + sum((["-P", f"{k}={v}"] for k, v in params.items()), [])
                               + ["--seed", rs, "-o", graph], cwd=d, capture_output=True, check=True)
        args = list(cli["args"])
        # given failures of cores the run does not have are not applied
        fa = []
        i = 0
        while i < len(args):
            if args[i] == "--fail" and int(args[i + 1].split("@")[0]) >= P:
                i += 2
                continue
            fa.append(args[i])
            i += 1
        if P == 1 and "--topology" in fa:
            pass
        cmd = [PELSIM, "simulate", graph, "--cores", str(P), "--policy", pol, "--seed", rs, "--json"] + fa + cli["policy_args"]
        rr = run(cmd, d, 30)
        if rr is None or rr.returncode != 0:
            probs.append(f"simulate failed for row {row['run']}: {' '.join(cmd)}: {rr and rr.stderr.strip()}")
            continue
        js = json.loads(rr.stdout.strip().splitlines()[-1])
        for f in FIELDS:
            v = row.get(f, "")
            jv = js.get(JSON_OF.get(f, f))
            if f == "planned_makespan":
                if (v == "") != (jv is None):
                    probs.append(f"row {row['run']} {f}: results.csv {v!r}, simulate {jv!r}: cd {d} && {' '.join(cmd)}")
                if v == "" or jv is None:
                    continue
            v = v or "0"
            jv = 0 if jv is None else jv
            if not close(float(v), float(jv)):
                probs.append(f"row {row['run']} ({pol}, {P} cores, seed {rs}) {f}: results.csv {v}, simulate {jv}: cd {d} && {' '.join(cmd)}")
        if cli.get("power") and not any(x in cli["args"] for x in ("--speeds",)):
            idle, busy = cli["power"]
            b = float(row["utilisation"]) * P * float(row["makespan"])
            e = b * busy + (P * float(row["makespan"]) - b) * idle
            if not row.get("energy_j") or not close(float(row["energy_j"]), e, 1e-6):
                probs.append(f"row {row['run']} energy_j {row.get('energy_j')!r} != busy x P_busy + idle time x P_idle = {e}")
        key = (row.get("policy.name", row.get("policy", "")), row["repetition"])
        if key not in t1 and row["speedup"]:
            # the reference run: core 0 alone, no network, core 0's repaired failures and the random ones
            ra = []
            i = 0
            A = cli["args"]
            while i < len(A):
                if A[i] in ("--latency", "--bandwidth", "--network", "--topology"):
                    i += 2
                    continue
                if A[i] == "--fail" and not A[i + 1].startswith("0@"):
                    i += 2
                    continue
                if A[i] == "--speeds":
                    ra += ["--core-speed", A[i + 1].split(",")[0]]
                    i += 2
                    continue
                ra.append(A[i])
                i += 1
            refpol = "round_robin" if pol == "static" else pol
            cmd1 = [PELSIM, "simulate", graph, "--cores", "1", "--policy", refpol, "--seed", rs, "--json", "--network", "ideal"] + ra + cli["policy_args"]
            rr1 = run(cmd1, d, 30)
            if rr1 is not None and rr1.returncode == 0:
                T1 = json.loads(rr1.stdout.strip().splitlines()[-1])["makespan"]
                t1[key] = T1
                t1[("ref",) + key] = " ".join(cmd1)
        if key in t1 and row["speedup"]:
            if not close(float(row["speedup"]), t1[key] / float(row["makespan"])):
                probs.append(f"row {row['run']} speedup {row['speedup']} != T1/Tp {t1[key] / float(row['makespan'])} (T1 {t1[key]} from {t1.get(('ref',) + key, 'the 1-core row')})")
    return probs, text


def main():
    global PELSIM, WORK
    ap = argparse.ArgumentParser(
        description="Random YAML scenarios for `pelsim run`, each row cross-checked against the equivalent "
                    "`pelsim simulate`; -j 1, -j 2 and a resumed run must give the same results.csv "
                    "(docs/crosscheck.md).",
        epilog="Exit status: 0 no failing scenario, 1 some scenario failed, 2 pelsim not found.")
    ap.add_argument("--n", type=int, default=30, help="number of scenarios (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=1, metavar="S",
                    help="master seed: scenario K of seed S is always the same (default: %(default)s)")
    ap.add_argument("--case", type=int, metavar="K", help="check only scenario K (of --seed), e.g. to reproduce one")
    common.add_options(ap)
    a = ap.parse_args()
    PELSIM = common.pelsim_path(a.pelsim, ap.prog)
    faildir = os.path.abspath(a.out)
    WORK = common.make_workdir("scenario")
    ids = [a.case] if a.case is not None else range(a.n)
    nf = 0
    try:
        for i in ids:
            try:
                probs, text = check(i, a.seed)
            except Exception:
                probs, text = [f"SCRIPT ERROR: {traceback.format_exc()}"], "(scenario not built)"
            d = os.path.join(WORK, f"s{i}")
            if probs:
                nf += 1
                name = f"scenario-s{a.seed}-{i}"
                again = f"cd {os.path.join(faildir, name)} && {PELSIM} run s.yaml --out o1 -j 2 --no-plot"
                dst, probs = common.save_failure(d, faildir, name, probs,
                                                 header=f"# scenario {i} of seed {a.seed} (s.yaml): {again}\n\n")
                print(f"=== scenario {i} (seed {a.seed}) FAILED, saved in {dst}\n{text}")
                for p in probs[:6]:
                    print("  - " + p[:1500])
                print(f"  again: {again}")
            elif text.startswith("rc2"):
                print(f"[scenario {i}] {text}")
            if not a.keep:
                shutil.rmtree(d, ignore_errors=True)
            sys.stdout.flush()
    finally:
        common.remove_workdir(WORK, a.keep)
    print(f"{len(list(ids))} scenarios, {nf} failing")
    if nf:
        print(f"failing scenarios saved in {faildir}")
    return 1 if nf else 0


if __name__ == "__main__":
    sys.exit(main())
