#!/usr/bin/env python3
"""Side-by-side comparison of pelsim and SimGrid's reference simulator sgref.

Both programs read the same DOT file and execute the same schedule (task,core,order CSV) on
the same model, chosen with --net:
  fatpipe  sgref --net fatpipe  = pelsim --network latency_bandwidth (no contention)
  private  sgref --net private  = pelsim --topology crossbar, each link L/2 (flow network)
  bus      sgref --net bus      = pelsim --topology bus, its link L (flow network)
The runs alternate (sgref, pelsim, sgref, ...) so that both see the same machine load, and the
script prints, per program, the median process time (user + sys, from wait4), the median
simulation time each program reports itself (sgref's wall_s: Engine::run(); pelsim's sim_s:
the event loop), the peak RSS, the makespans, their relative difference, and the time ratios
sgref / pelsim.

Example (the Communication issue's check: 100k tasks, 64 cores, contention):
  python3 ../shared/tools/sgref/gen_dag.py layered --tasks 100000 --outdeg 2 --seed 1 -o /tmp/l100k.dot
  sgref /tmp/l100k.dot -p 64 --net fatpipe --write-schedule /tmp/l100k.csv
  python3 bench/compare_sgref.py --dag /tmp/l100k.dot --schedule /tmp/l100k.csv --cores 64 \
      --latency 1e-5 --bandwidth 1e8 --net private      # then --net bus

Example (the Foundation issue's 1M-task check):
  python3 ../shared/tools/sgref/gen_dag.py layered --tasks 1000000 --outdeg 2 --seed 1 -o /tmp/l1m.dot
  sgref /tmp/l1m.dot -p 64 --net fatpipe --write-schedule /tmp/l1m.csv      # once, to get the schedule
  python3 bench/compare_sgref.py --dag /tmp/l1m.dot --schedule /tmp/l1m.csv --cores 64 \
      --sgref /tmp/sgref-build/sgref --pelsim build/release/cli/pelsim --repeat 3

Standard library only (Python 3.11).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys


def run(cmd):
    """Runs cmd, returns (stdout, user+sys seconds, peak RSS MB) of that child alone.

    No preexec_fn: with one, Python forks a copy of itself and the child's user+sys time
    includes the copy's page faults before the exec (about 12 ms here, for either program);
    without, it starts the child with vfork and the time is the program's own. Pinning is done
    on this process instead, and children inherit it."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed with status {proc.returncode}:\n{err.decode()}")
    return out.decode(), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def last_json_line(text):
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    sys.exit("no JSON line in output:\n" + text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dag", required=True)
    ap.add_argument("--schedule", required=True)
    ap.add_argument("--cores", type=int, required=True)
    ap.add_argument("--speed", default="1e9")
    ap.add_argument("--latency", default="1e-6")
    ap.add_argument("--bandwidth", default="1e9")
    ap.add_argument("--sgref", default="/tmp/sgref-build/sgref")
    ap.add_argument("--pelsim", default="build/release/cli/pelsim")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--net", choices=["fatpipe", "private", "bus"], default="fatpipe")
    ap.add_argument("--cpu", type=int, help="run every child on this CPU only: on a VM whose CPUs "
                    "differ in speed, unpinned runs mix both speeds (this one's two differ by 30 %%)")
    a = ap.parse_args()
    if a.cpu is not None:
        os.sched_setaffinity(0, {a.cpu})  # inherited by every child

    sgref_cmd = [a.sgref, a.dag, "-p", str(a.cores), "-s", a.speed, "-l", a.latency, "-b", a.bandwidth,
                 "--net", a.net, "--schedule", a.schedule]
    if a.net == "fatpipe":
        network = ["--latency", a.latency, "--network", "latency_bandwidth"]
    elif a.net == "private":  # up(src) + down(dst), L/2 each
        network = ["--latency", repr(float(a.latency) / 2), "--topology", "crossbar"]
    else:
        network = ["--latency", a.latency, "--topology", "bus"]
    pelsim_cmd = [a.pelsim, "simulate", a.dag, "--cores", str(a.cores), "--core-speed", a.speed,
                  "--bandwidth", a.bandwidth, *network, "--schedule", a.schedule, "--json"]
    times = {"sgref": [], "pelsim": []}
    sim = {"sgref": [], "pelsim": []}
    rss = {"sgref": 0.0, "pelsim": 0.0}
    makespan = {}
    for _ in range(a.repeat):
        for name, cmd in (("sgref", sgref_cmd), ("pelsim", pelsim_cmd)):
            out, cpu, peak = run(cmd)
            times[name].append(cpu)
            rss[name] = max(rss[name], peak)
            result = last_json_line(out)
            makespan[name] = result["makespan"]
            sim[name].append(result["wall_s" if name == "sgref" else "sim_s"])

    t_s, t_p = statistics.median(times["sgref"]), statistics.median(times["pelsim"])
    s_s, s_p = statistics.median(sim["sgref"]), statistics.median(sim["pelsim"])
    rel = abs(makespan["pelsim"] - makespan["sgref"]) / max(1.0, abs(makespan["sgref"]))
    print(f"dag               {a.dag} on {a.cores} cores, --net {a.net}, {a.repeat} alternating runs each")
    print(f"sgref  makespan   {makespan['sgref']:.17g} s   process {t_s:.3f} s (runs {', '.join(f'{t:.3f}' for t in times['sgref'])})   peak RSS {rss['sgref']:.0f} MB")
    print(f"pelsim makespan   {makespan['pelsim']:.17g} s   process {t_p:.3f} s (runs {', '.join(f'{t:.3f}' for t in times['pelsim'])})   peak RSS {rss['pelsim']:.0f} MB")
    print(f"relative makespan difference {rel:.3g}  ({'OK' if rel <= 1e-9 else 'MISMATCH'} at 1e-9)")
    print(f"simulation only   sgref {s_s:.3f} s, pelsim {s_p:.3f} s")
    print(f"speed ratio sgref/pelsim     {t_s / t_p:.1f}x process, {s_s / s_p:.1f}x simulation")
    return 0 if rel <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
