#!/usr/bin/env python3
"""Independent reference for pelsim's static list schedulers, checked against the binary.

The schedulers are written here from the papers' definitions as docs/models/scheduling.md
states them (not from pelsim's code): hlfet, heft, cpop, peft, mcp, etf, dls, min_min,
max_min. Each random case is a DOT file (SimGrid's convention: node `size` = flops, edge
`size` = bytes, optional node `costs="c0,c1,..."`) run by `pelsim simulate` on 2 to 5 cores on
the `ideal` or the `latency_bandwidth` network; the script compares, task by task, the core,
the per-core order (`--write-schedule`), the planned start and finish and the decision order
(`--explain`), the `planned_makespan` and the simulated `makespan` (`--json`), which on these
contention-free networks must equal the plan's.

Usage (Python 3.11, standard library only; from any directory):

    python3 scripts/crosscheck/listsched_ref.py                      # 300 cases x 9 policies
    python3 scripts/crosscheck/listsched_ref.py --n 2000 --seed 3 --jobs 4
    python3 scripts/crosscheck/listsched_ref.py --case 17 --seed 3 --keep -v   # one case, its files
    python3 scripts/crosscheck/listsched_ref.py --dot g.dot --cores 3 --policy heft \\
        --network latency_bandwidth -l 0.5 -b 2 --trace      # the reference alone, step by step

Case kinds (drawn per case): `ints` (small integers, rounding can split equal ranks), `exact` (integer works and bytes, speeds 1, 2, 4 flop/s, dyadic
latency and bandwidth, works multiples of 60 so every mean over 2..5 cores is exact: ties are
true ties and floating-point rounding cannot decide them), `costs` (per-core `costs` vectors,
multiples of 60), `ties` (works and bytes from a set of one or two values), `zero` (tasks of
no work, 0-byte and negative-size edges) and `float` (realistic random values: 1e9 flop/s,
1 us latency). In about a third of the cases some pairs of tasks get a second edge (parallel
edges, as a workflow's several files between two tasks). `--exact` runs the reference in
rational arithmetic (fractions.Fraction).

Exit status 0 when every run agreed, 1 otherwise; disagreements are summarised per policy and
their files are kept under --out (default /tmp/listsched-ref-failures).

Conventions taken from the docs (docs/models/scheduling.md, docs/models/network.md):
* duration(t, p) = costs[t][p] if the task has costs, else work / speed(p); speeds repeat
  (core i: the (i mod k)-th of --speeds).
* transfer time c(e) = L + bytes / B between different cores on latency_bandwidth, 0 on the
  same core, 0 for 0 (or negative) bytes, 0 on the ideal network; the mean c̄(e) is the same.
* topological order: Kahn, FIFO, sources in file (task id) order. The order in which a popped
  task's successors join the queue is not documented; the edges' file order is used here
  (and the script checks it against round_robin on as many cores as tasks).
* ties: topological position between tasks, lowest index between cores.
* dls, even core count: the median is the mean of the two middle durations (pelsim's code
  comment; the docs say only "median").
* insertion (heft, cpop, peft, mcp): only the gaps before an interval starting after DRT are
  tried (pelsim's rule, stated in models/src/policies/planner.hpp only). The docs' words ("the
  earliest idle gap that starts (or is cut) at or after DRT") also admit the zero-length gap
  before an interval starting exactly at DRT, which differs for tasks of duration 0 (and can
  put such a task before its own predecessor on a core): `--literal-gaps` follows the words.
* a fractional edge size is floored to whole bytes, as pelsim's DOT reader does (not in the
  docs).

Known, explained differences: with `--exact`, a few float/ints cases differ where rounding
in pelsim's doubles decides a tie that is exact in rational arithmetic (the float reference,
the default, reproduces pelsim there); e.g. cpop's critical path after a task with a direct
and a longer path to the same successor.
"""
import argparse
import heapq
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import math
from fractions import Fraction
from multiprocessing import Pool

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_PELSIM = os.path.join(REPO_ROOT, "build", "release", "cli", "pelsim")
LITERAL_GAPS = False
POLICIES = ["hlfet", "hlfet:static_level", "heft", "cpop", "peft", "mcp", "etf", "etf:static_level",
            "dls", "min_min", "max_min"]


# ----------------------------------------------------------------------------- the problem

class Problem:
    """names (id order), work, costs (None or a list per core), edges (u, v, bytes) in file
    order, P cores with speeds, a network ('ideal' or (L, B))."""

    def __init__(self, names, work, costs, edges, speeds, network, num=float):
        self.num = num
        self.n = len(names)
        self.names = names
        self.work = [num(w) for w in work]
        self.costs = [None if c is None else [num(x) for x in c] for c in costs]
        self.edges = [(u, v, num(b)) for (u, v, b) in edges]
        self.P = len(speeds)
        self.speeds = [num(s) for s in speeds]
        self.network = network if network == "ideal" else (num(network[0]), num(network[1]))
        self.succ = [[] for _ in range(self.n)]
        self.pred = [[] for _ in range(self.n)]
        for e, (u, v, _) in enumerate(self.edges):
            self.succ[u].append((v, e))
            self.pred[v].append((u, e))
        self.topo = self._kahn()
        self.pos = [0] * self.n
        for i, t in enumerate(self.topo):
            self.pos[t] = i
        self.dur = [[self._duration(t, p) for p in range(self.P)] for t in range(self.n)]
        self.wbar = [sum(self.dur[t]) / self.P for t in range(self.n)]

    def _kahn(self):
        indeg = [len(self.pred[t]) for t in range(self.n)]
        queue = [t for t in range(self.n) if indeg[t] == 0]
        order = []
        i = 0
        while i < len(queue):
            u = queue[i]
            i += 1
            order.append(u)
            for v, _ in self.succ[u]:
                indeg[v] -= 1
                if indeg[v] == 0:
                    queue.append(v)
        if len(order) != self.n:
            raise ValueError("cycle")
        return order

    def _duration(self, t, p):
        if self.costs[t] is not None:
            return self.costs[t][p]
        return self.work[t] / self.speeds[p]

    def ctime(self, e):
        """Transfer time of edge e between two different cores (and its mean c̄(e))."""
        b = self.edges[e][2]
        if self.network == "ideal" or b <= 0:
            return self.num(0)
        L, B = self.network
        return L + b / B


class Plan:
    """Per task: core, start, finish; per core: the sequence of tasks (by planned start, an
    inserted task before the interval it precedes); the decision order."""

    def __init__(self, pb):
        self.pb = pb
        self.core = [None] * pb.n
        self.start = [None] * pb.n
        self.finish = [None] * pb.n
        self.seq = [[] for _ in range(pb.P)]   # per core: tasks in start order
        self.decisions = []
        self.log = []

    def drt(self, v, p):
        pb = self.pb
        r = pb.num(0)
        for u, e in pb.pred[v]:
            x = self.finish[u] + (pb.num(0) if self.core[u] == p else pb.ctime(e))
            if x > r:
                r = x
        return r

    def avail(self, p):
        return self.finish[self.seq[p][-1]] if self.seq[p] else self.pb.num(0)

    def slot(self, p, drt, w):
        """Insertion policy: the earliest gap of p from DRT on that holds w (start + w <= the
        next interval's start), else after p's last task. Returns (start, index in seq)."""
        prev_end = self.pb.num(0)
        for i, t in enumerate(self.seq[p]):
            s = max(drt, prev_end)
            # LITERAL_GAPS: the docs' words, every gap that ends at or after DRT. Otherwise
            # pelsim's rule (stated only in planner.hpp): a gap before an interval starting at
            # or before DRT is not considered (it matters only for tasks of duration 0).
            if (LITERAL_GAPS or self.start[t] > drt) and s + w <= self.start[t]:
                return s, i
            prev_end = max(prev_end, self.finish[t])
        return max(drt, prev_end), len(self.seq[p])

    def place(self, v, p, start, idx=None):
        self.core[v] = p
        self.start[v] = start
        self.finish[v] = start + self.pb.dur[v][p]
        if idx is None:
            idx = len(self.seq[p])
        self.seq[p].insert(idx, v)
        self.decisions.append(v)

    def makespan(self):
        return max(self.finish) if self.pb.n else 0

    def eft_insertion(self, v, p):
        w = self.pb.dur[v][p]
        start, idx = self.slot(p, self.drt(v, p), w)
        return start, start + w, idx

    def append_start(self, v, p):
        return max(self.drt(v, p), self.avail(p))


def upward_rank(pb, with_comm=True, cost=None):
    cost = cost or pb.wbar
    r = [None] * pb.n
    for v in reversed(pb.topo):
        best = None
        for s, e in pb.succ[v]:
            x = (pb.ctime(e) + r[s]) if with_comm else r[s]
            if best is None or x > best:
                best = x
        r[v] = cost[v] + best if best is not None else cost[v]
    return r


def ready_loop(pb, plan, pick):
    """Generic ready-set loop: pick(ready) -> (task, core, start, idx or None)."""
    left = [len(pb.pred[t]) for t in range(pb.n)]
    ready = [t for t in range(pb.n) if left[t] == 0]
    while ready:
        v, p, start, idx = pick(ready)
        ready.remove(v)
        plan.place(v, p, start, idx)
        for s, _ in pb.succ[v]:
            left[s] -= 1
            if left[s] == 0:
                ready.append(s)


def best_core_insertion(plan, v, extra=None):
    """Core with the smallest EFT (+ extra[p]) under insertion; ties to the lowest core."""
    best = None
    for p in range(plan.pb.P):
        start, fin, idx = plan.eft_insertion(v, p)
        score = fin + extra[p] if extra is not None else fin
        plan.log.append(f"    {plan.pb.names[v]} on {p}: start {start} finish {fin} score {score}")
        if best is None or score < best[0]:
            best = (score, p, start, idx)
    return best


# ----------------------------------------------------------------------------- the schedulers

def heft(pb):
    plan = Plan(pb)
    rank = upward_rank(pb)
    order = sorted(range(pb.n), key=lambda v: (-rank[v], pb.pos[v]))
    for v in order:
        plan.log.append(f"  {pb.names[v]} rank_u {rank[v]}")
        _, p, start, idx = best_core_insertion(plan, v)
        plan.place(v, p, start, idx)
    return plan


def hlfet(pb, level="bottom_level"):
    plan = Plan(pb)
    lv = upward_rank(pb, with_comm=(level == "bottom_level"))
    order = sorted(range(pb.n), key=lambda v: (-lv[v], pb.pos[v]))
    for v in order:
        best = None
        for p in range(pb.P):
            start = plan.append_start(v, p)
            fin = start + pb.dur[v][p]
            plan.log.append(f"    {pb.names[v]} on {p}: start {start} finish {fin}")
            if best is None or fin < best[0]:
                best = (fin, p, start)
        plan.place(v, best[1], best[2])
    return plan


def cpop(pb):
    plan = Plan(pb)
    ru = upward_rank(pb)
    rd = [None] * pb.n
    for v in pb.topo:
        best = pb.num(0)
        for u, e in pb.pred[v]:
            x = rd[u] + pb.wbar[u] + pb.ctime(e)
            if x > best:
                best = x
        rd[v] = best
    prio = [ru[v] + rd[v] for v in range(pb.n)]
    sources = [v for v in pb.topo if not pb.pred[v]]
    # Priorities compared as integers in units of 1e-12 of the largest (docs: rounding must
    # not break an exact tie), in the walk and the ready queue alike; exact arithmetic
    # compares the values themselves.
    if pb.num is Fraction:
        key = prio
    else:
        finite = [x for x in prio if math.isfinite(x)]
        largest = max([x for x in finite if x > 0], default=0.0)
        unit = largest * 1e-12 if largest > 0 else 1.0
        key = [math.floor(x / unit + 0.5) if math.isfinite(x) else math.inf for x in prio]  # llround

    v = min(sources, key=lambda s: (-key[s], pb.pos[s]))
    cp = [v]
    while pb.succ[v]:
        v = min((s for s, _ in pb.succ[v]), key=lambda s: (-key[s], pb.pos[s]))
        cp.append(v)
    cpset = set(cp)
    cpcore = min(range(pb.P), key=lambda p: (sum_in_order(pb, [pb.dur[t][p] for t in cp]), p))
    plan.log.append(f"  CP {[pb.names[t] for t in cp]} |CP| {prio[cp[0]]} on core {cpcore}")

    def pick(ready):
        v = min(ready, key=lambda t: (-key[t], pb.pos[t]))
        plan.log.append(f"  {pb.names[v]} prio {prio[v]}{' (CP)' if v in cpset else ''}")
        if v in cpset:
            start, _, idx = plan.eft_insertion(v, cpcore)
            return v, cpcore, start, idx
        _, p, start, idx = best_core_insertion(plan, v)
        return v, p, start, idx

    ready_loop(pb, plan, pick)
    return plan


def sum_in_order(pb, xs):
    s = pb.num(0)
    for x in xs:
        s = s + x
    return s


def peft(pb):
    plan = Plan(pb)
    P = pb.P
    oct_ = [None] * pb.n
    for v in reversed(pb.topo):
        row = []
        for p in range(P):
            best = pb.num(0)
            for s, e in pb.succ[v]:
                c = pb.ctime(e)
                m = min(oct_[s][q] + pb.dur[s][q] + (c if q != p else pb.num(0)) for q in range(P))
                if m > best:
                    best = m
            row.append(best)
        oct_[v] = row
    rank = [sum(oct_[v]) / P for v in range(pb.n)]

    def pick(ready):
        v = min(ready, key=lambda t: (-rank[t], pb.pos[t]))
        plan.log.append(f"  {pb.names[v]} rank_oct {rank[v]} OCT {oct_[v]}")
        _, p, start, idx = best_core_insertion(plan, v, extra=oct_[v])
        return v, p, start, idx

    ready_loop(pb, plan, pick)
    return plan


def mcp(pb):
    plan = Plan(pb)
    ru = upward_rank(pb)
    cp = max(ru)
    alap = [cp - ru[v] for v in range(pb.n)]
    desc = [None] * pb.n
    for v in reversed(pb.topo):
        d = set()
        for s, _ in pb.succ[v]:
            d.add(s)
            d |= desc[s]
        desc[v] = d
    key = {v: (alap[v], sorted(alap[d] for d in desc[v]), pb.pos[v]) for v in range(pb.n)}
    lst = sorted(range(pb.n), key=lambda v: key[v])
    rank = {v: i for i, v in enumerate(lst)}

    def pick(ready):
        v = min(ready, key=lambda t: rank[t])
        plan.log.append(f"  {pb.names[v]} alap {alap[v]}")
        _, p, start, idx = best_core_insertion(plan, v)
        return v, p, start, idx

    ready_loop(pb, plan, pick)
    return plan


def best_core_append(plan, v, key):
    """min over cores of key(start, finish, p) -> (start, finish, p)."""
    best = None
    for p in range(plan.pb.P):
        start = plan.append_start(v, p)
        fin = start + plan.pb.dur[v][p]
        k = key(start, fin, p)
        if best is None or k < best[0]:
            best = (k, start, fin, p)
    return best[1], best[2], best[3]


def etf(pb, level="bottom_level"):
    plan = Plan(pb)
    lv = upward_rank(pb, with_comm=(level == "bottom_level"))

    def pick(ready):
        cands = []
        for t in ready:
            start, fin, p = best_core_append(plan, t, lambda s, f, p: (s, f, p))
            cands.append(((start, -lv[t], pb.pos[t]), t, p, start))
        k, t, p, start = min(cands)
        plan.log.append(f"  {pb.names[t]} start {start} on {p} (level {lv[t]}; ready {len(ready)})")
        return t, p, start, None

    ready_loop(pb, plan, pick)
    return plan


def median(xs):
    d = sorted(xs)
    k = len(d)
    return d[k // 2] if k % 2 else (d[k // 2 - 1] + d[k // 2]) / 2


def dls(pb):
    plan = Plan(pb)
    med = [median(pb.dur[t]) for t in range(pb.n)]
    sl = upward_rank(pb, with_comm=False, cost=med)

    def pick(ready):
        best = None
        for t in ready:
            for p in range(pb.P):
                start = plan.append_start(t, p)
                delta = med[t] - pb.dur[t][p]
                dl = sl[t] - (start - delta)
                k = (-dl, pb.pos[t], p)
                if best is None or k < best[0]:
                    best = (k, t, p, start)
        _, t, p, start = best
        plan.log.append(f"  {pb.names[t]} DL {-best[0][0]} on {p} start {start}")
        return t, p, start, None

    ready_loop(pb, plan, pick)
    return plan


def minmax(pb, largest):
    plan = Plan(pb)

    def pick(ready):
        cands = []
        for t in ready:
            start, fin, p = best_core_append(plan, t, lambda s, f, p: (f, p))
            cands.append((fin, t, p, start))
        if largest:
            fin, t, p, start = min(cands, key=lambda c: (-c[0], pb.pos[c[1]]))
        else:
            fin, t, p, start = min(cands, key=lambda c: (c[0], pb.pos[c[1]]))
        plan.log.append(f"  {pb.names[t]} completion {fin} on {p}")
        return t, p, start, None

    ready_loop(pb, plan, pick)
    return plan


SCHEDULERS = {
    "hlfet": hlfet, "heft": heft, "cpop": cpop, "peft": peft, "mcp": mcp, "etf": etf,
    "dls": dls, "min_min": lambda pb: minmax(pb, False), "max_min": lambda pb: minmax(pb, True),
    "hlfet:static_level": lambda pb: hlfet(pb, "static_level"),
    "etf:static_level": lambda pb: etf(pb, "static_level"),
}


# ----------------------------------------------------------------------------- DOT in and out

NODE_RE = re.compile(r'^\s*"?([A-Za-z0-9_]+)"?\s*\[(.*)\]\s*;?\s*$')
EDGE_RE = re.compile(r'^\s*"?([A-Za-z0-9_]+)"?\s*->\s*"?([A-Za-z0-9_]+)"?\s*(?:\[(.*)\])?\s*;?\s*$')
ATTR_RE = re.compile(r'(\w+)\s*=\s*"([^"]*)"|(\w+)\s*=\s*([^,\s\]]+)')


def attrs(s):
    out = {}
    for m in ATTR_RE.finditer(s or ""):
        if m.group(1):
            out[m.group(1)] = m.group(2)
        else:
            out[m.group(3)] = m.group(4)
    return out


def parse_dot(text):
    """The subset this script writes: one node or edge statement per line; ids in order of
    first appearance."""
    ids, names, work, costs, edges = {}, [], [], [], []

    def tid(name):
        if name not in ids:
            ids[name] = len(names)
            names.append(name)
            work.append(0.0)
            costs.append(None)
        return ids[name]

    for line in text.splitlines():
        m = EDGE_RE.match(line)
        if m:
            a = attrs(m.group(3))
            u, v = tid(m.group(1)), tid(m.group(2))
            b = float(a.get("size", "0"))
            # pelsim keeps whole bytes: a fractional edge size is floored (dot_reader.cpp,
            # edge_bytes; not in the docs). SimGrid's payload size is an integer too.
            edges.append((u, v, float(int(b)) if b > 0 else 0.0))
            continue
        m = NODE_RE.match(line)
        if m and m.group(1) not in ("graph", "node", "edge"):
            a = attrs(m.group(2))
            t = tid(m.group(1))
            work[t] = float(a.get("size", "0"))
            if "costs" in a:
                costs[t] = [float(x) for x in a["costs"].split(",")]
    return names, work, costs, edges


def fmtnum(x):
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e15):
        return str(int(x))
    return repr(float(x))


def write_dot(path, names, work, costs, edges, order_nodes, order_edges):
    lines = ["digraph G {"]
    for t in order_nodes:
        a = [f'size="{fmtnum(work[t])}"']
        if costs[t] is not None:
            a.append('costs="' + ",".join(fmtnum(c) for c in costs[t]) + '"')
        lines.append(f"  {names[t]} [{', '.join(a)}];")
    for e in order_edges:
        u, v, b = edges[e]
        lines.append(f'  {names[u]} -> {names[v]} [size="{fmtnum(b)}"];')
    lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


# ----------------------------------------------------------------------------- random cases

def random_case(rng, case_id):
    kind = rng.choice(["exact", "exact", "costs", "ties", "ties", "zero", "float", "ints"])
    n = rng.randint(5, 30)
    P = rng.randint(2, 5)
    shape = rng.choice(["random", "layered", "forkjoin"])
    # edges over a hidden topological permutation
    hidden = list(range(n))
    rng.shuffle(hidden)
    pairs = set()
    if shape == "random":
        dens = rng.uniform(0.05, 0.4)
        for i in range(n):
            for j in range(i + 1, n):
                if rng.random() < dens:
                    pairs.add((hidden[i], hidden[j]))
    elif shape == "layered":
        layers, i = [], 0
        while i < n:
            k = rng.randint(1, 5)
            layers.append(hidden[i:i + k])
            i += k
        for a, b in zip(layers, layers[1:]):
            for v in b:
                for u in rng.sample(a, rng.randint(1, len(a))):
                    pairs.add((u, v))
    else:  # fork-join chains
        src, snk = hidden[0], hidden[-1]
        mid = hidden[1:-1]
        k = rng.randint(1, max(1, len(mid) // 2))
        chains = [mid[i::k] for i in range(k)]
        for ch in chains:
            if not ch:
                continue
            pairs.add((src, ch[0]))
            for a, b in zip(ch, ch[1:]):
                pairs.add((a, b))
            pairs.add((ch[-1], snk))
    names = [f"t{i}" for i in range(n)]
    work, costs, bytes_ = [0] * n, [None] * n, {}
    speeds = [1] * P
    ideal = rng.random() < 0.25
    if kind == "ints":
        # small integers, means over 3 or 5 cores not exact in binary: rounding can split
        # mathematically equal ranks
        work = [rng.randint(1, 9) for _ in range(n)]
        bytes_ = {pr: rng.randint(0, 9) for pr in pairs}
        speeds = [1] * P
        if rng.random() < 0.5:
            costs = [[rng.randint(1, 9) for _ in range(P)] for _ in range(n)]
        net = "ideal" if ideal else (rng.choice([0, 1]), 1)
    elif kind in ("exact", "costs", "ties", "zero"):
        L = rng.choice([0, 0.5, 1, 2, 8])
        B = rng.choice([1, 2, 4])
        if kind == "ties":
            wset = rng.sample([60, 120, 240], rng.randint(1, 2))
            bset = rng.sample([0, 60, 120, 240], rng.randint(1, 2))
        else:
            wset = [60 * k for k in range(1, 9)]
            bset = [0] + [30 * k for k in range(1, 17)]
        if kind == "zero":
            wset = [0, 0] + wset
            bset = [0, 0, -1] + bset
        work = [rng.choice(wset) for _ in range(n)]
        bytes_ = {pr: rng.choice(bset) for pr in pairs}
        if kind != "ties" and rng.random() < 0.5:
            speeds = [rng.choice([1, 2, 4]) for _ in range(P)]
        elif kind == "ties" and rng.random() < 0.3:
            speeds = [rng.choice([1, 2]) for _ in range(P)]
        else:
            s = rng.choice([1, 2])
            speeds = [s] * P
        if kind == "costs":
            costs = [[60 * rng.randint(0 if rng.random() < 0.1 else 1, 8) for _ in range(P)]
                     for _ in range(n)]
        net = "ideal" if ideal else (L, B)
    else:
        work = [rng.uniform(1e8, 5e9) for _ in range(n)]
        bytes_ = {pr: (0 if rng.random() < 0.1 else rng.uniform(1e5, 2e9)) for pr in pairs}
        if rng.random() < 0.5:
            speeds = [rng.choice([1e9, 2e9, 2.5e9, 3e9]) for _ in range(P)]
        else:
            speeds = [1e9] * P
        if rng.random() < 0.3:
            costs = [[rng.uniform(0.1, 5.0) for _ in range(P)] for _ in range(n)]
        net = "ideal" if ideal else (rng.choice([1e-6, 1e-4, 1e-2]), rng.choice([1e8, 1e9, 1e10]))
    edges = [(u, v, bytes_[(u, v)]) for (u, v) in sorted(pairs)]
    if edges and rng.random() < 0.3:
        # Parallel edges, as a workflow's several files between two tasks (one edge each):
        # some pairs get a second edge carrying another edge's bytes.
        edges += [(u, v, edges[rng.randrange(len(edges))][2]) for (u, v, _) in list(edges)
                  if rng.random() < 0.25]
    order_edges = list(range(len(edges)))
    rng.shuffle(order_edges)
    # node declaration order: random (so ids are not topological), or hidden order
    order_nodes = list(range(n))
    rng.shuffle(order_nodes)
    return dict(kind=kind, shape=shape, names=names, work=work, costs=costs, edges=edges,
                order_nodes=order_nodes, order_edges=order_edges, speeds=speeds, net=net, P=P)


def pelsim_cmd(pelsim, dot, P, speeds, net, policy, outdir):
    name, _, level = policy.partition(":")
    cmd = [pelsim, "simulate", dot, "-p", str(P), "--policy", name, "--json",
           "--write-schedule", os.path.join(outdir, "sched.csv"),
           "--explain", os.path.join(outdir, "explain.jsonl"),
           "--trace", os.path.join(outdir, "trace.csv")]
    if level:
        cmd += ["--policy-param", "level=" + level]
    if len(set(speeds)) == 1:
        cmd += ["--core-speed", fmtnum(speeds[0])]
    else:
        cmd += ["--speeds", ",".join(fmtnum(s) for s in speeds)]
    if net == "ideal":
        cmd += ["--network", "ideal"]
    else:
        cmd += ["--network", "latency_bandwidth", "-l", fmtnum(net[0]), "-b", fmtnum(net[1])]
    return cmd


def close(a, b, rel=1e-9, abs_=1e-12):
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def read_pelsim(outdir, stdout, names):
    res = json.loads(stdout.strip().splitlines()[-1])
    idx = {nm: i for i, nm in enumerate(names)}
    core, order = {}, {}
    with open(os.path.join(outdir, "sched.csv")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("task,"):
                continue
            t, c, o = line.split(",")
            core[idx[t]] = int(c)
            order[idx[t]] = int(o)
    dec, start, finish = [], {}, {}
    with open(os.path.join(outdir, "explain.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            if d.get("final"):
                dec.append(idx[d["task"]])
                start[idx[d["task"]]] = d["start"]
                finish[idx[d["task"]]] = d["finish"]
    return res, core, order, dec, start, finish


def compare(pb, plan, res, core, order, dec, start, finish):
    """A list of the differences between pelsim's run and the reference plan."""
    probs = []
    nm = pb.names
    ref_order = {}
    for p in range(pb.P):
        for i, t in enumerate(plan.seq[p]):
            ref_order[t] = i
    for t in range(pb.n):
        if core.get(t) != plan.core[t] or order.get(t) != ref_order[t]:
            probs.append(f"{nm[t]}: pelsim core {core.get(t)} order {order.get(t)}, "
                         f"reference core {plan.core[t]} order {ref_order[t]}")
        elif not (close(float(start[t]), float(plan.start[t])) and close(float(finish[t]), float(plan.finish[t]))):
            probs.append(f"{nm[t]}: pelsim start {start[t]} finish {finish[t]}, "
                         f"reference {float(plan.start[t])!r} {float(plan.finish[t])!r}")
    if dec != plan.decisions:
        probs.append("decision order: pelsim " + " ".join(nm[t] for t in dec) +
                     " | reference " + " ".join(nm[t] for t in plan.decisions))
    ms = float(plan.makespan())
    if not close(res["planned_makespan"], ms):
        probs.append(f"planned_makespan {res['planned_makespan']!r} != reference {ms!r}")
    if not close(res["makespan"], res["planned_makespan"]):
        probs.append(f"makespan {res['makespan']!r} != planned_makespan {res['planned_makespan']!r}")
    return probs


def run_case(args):
    pelsim, seed, case_id, work_root, exact, policies = args
    rng = random.Random(f"{seed}-{case_id}")
    c = random_case(rng, case_id)
    cdir = os.path.join(work_root, f"s{seed}-c{case_id}")
    os.makedirs(cdir, exist_ok=True)
    dot = os.path.join(cdir, "g.dot")
    write_dot(dot, c["names"], c["work"], c["costs"], c["edges"], c["order_nodes"], c["order_edges"])
    with open(dot) as f:
        names, work, costs, edges = parse_dot(f.read())
    speeds = c["speeds"]
    num = Fraction if exact else float
    pb = Problem(names, work, costs, edges, speeds, c["net"], num=num)
    out = {"case": case_id, "kind": c["kind"], "P": c["P"], "n": pb.n, "results": {}}
    # pelsim's topological order: round_robin on as many cores as tasks puts task i on core i
    dot_rr = os.path.join(cdir, "g_nocosts.dot")  # costs need one entry per core
    write_dot(dot_rr, c["names"], c["work"], [None] * len(names), c["edges"], c["order_nodes"],
              c["order_edges"])
    rr = subprocess.run([pelsim, "simulate", dot_rr, "-p", str(pb.n), "--policy", "round_robin",
                         "--network", "ideal", "--write-schedule", "-"], capture_output=True, text=True)
    rr_core = {}
    for line in rr.stdout.splitlines():
        parts = line.split(",")
        if len(parts) == 3 and parts[0] != "task":
            rr_core[parts[1]] = parts[0]
    pel_topo = [names.index(rr_core[str(i)]) for i in range(pb.n)] if len(rr_core) == pb.n else None
    out["topo_ok"] = pel_topo == pb.topo
    for pol in policies:
        od = os.path.join(cdir, pol.replace(":", "-"))
        os.makedirs(od, exist_ok=True)
        cmd = pelsim_cmd(pelsim, dot, pb.P, speeds, c["net"], pol, od)
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            out["results"][pol] = ["pelsim failed: " + r.stderr.strip()]
            continue
        plan = SCHEDULERS[pol](pb)
        probs = compare(pb, plan, *read_pelsim(od, r.stdout, names))
        if probs:
            with open(os.path.join(od, "problems.txt"), "w") as f:
                f.write(" ".join(cmd) + "\n" + "\n".join(probs) + "\n")
        out["results"][pol] = probs
    return out


def reference_only(a):
    with open(a.dot) as f:
        names, work, costs, edges = parse_dot(f.read())
    speeds = [float(s) for s in a.speeds.split(",")] if a.speeds else [a.core_speed]
    speeds = [speeds[i % len(speeds)] for i in range(a.cores)]
    net = "ideal" if a.network == "ideal" else (a.latency, a.bandwidth)
    pb = Problem(names, work, costs, edges, speeds, net, num=Fraction if a.exact else float)
    plan = SCHEDULERS[a.policy](pb)
    print("topological order:", " ".join(names[t] for t in pb.topo))
    print("mean durations:", {names[t]: pb.wbar[t] for t in range(pb.n)})
    if a.trace:
        print("\n".join(plan.log))
    print("task,core,order,start,finish")
    for p in range(pb.P):
        for i, t in enumerate(plan.seq[p]):
            print(f"{names[t]},{p},{i},{plan.start[t]},{plan.finish[t]}")
    print("decisions:", " ".join(names[t] for t in plan.decisions))
    print("makespan", plan.makespan())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pelsim", default=DEFAULT_PELSIM)
    ap.add_argument("--n", type=int, default=300, help="cases (default 300)")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--case", type=int, help="only this case")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--policies", default=",".join(POLICIES))
    ap.add_argument("--exact", action="store_true", help="reference in rational arithmetic")
    ap.add_argument("--out", default="/tmp/listsched-ref-failures")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("-v", action="store_true", help="print every difference")
    # the reference alone on a given DOT file
    ap.add_argument("--dot")
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--policy", default="heft")
    ap.add_argument("--speeds")
    ap.add_argument("--core-speed", type=float, default=1e9)
    ap.add_argument("--network", default="latency_bandwidth")
    ap.add_argument("-l", "--latency", type=float, default=1e-6)
    ap.add_argument("-b", "--bandwidth", type=float, default=1e9)
    ap.add_argument("--trace", action="store_true", help="print the reference's step-by-step trace")
    ap.add_argument("--literal-gaps", action="store_true",
                    help="insertion: also the zero-length gaps before an interval starting at DRT")
    a = ap.parse_args()
    global LITERAL_GAPS
    LITERAL_GAPS = a.literal_gaps
    if a.dot:
        reference_only(a)
        return 0
    pelsim = os.path.abspath(a.pelsim)
    if not os.access(pelsim, os.X_OK):
        print(f"error: {pelsim} is not executable", file=sys.stderr)
        return 2
    policies = a.policies.split(",")
    work_root = tempfile.mkdtemp(prefix="listsched-ref-")
    cases = [a.case] if a.case is not None else range(a.start, a.start + a.n)
    jobs = [(pelsim, a.seed, k, work_root, a.exact, policies) for k in cases]
    with Pool(a.jobs) as pool:
        outs = pool.map(run_case, jobs, chunksize=4)
    agree = {p: 0 for p in policies}
    total = {p: 0 for p in policies}
    by_kind = {}
    bad = 0
    topo_bad = [o["case"] for o in outs if not o["topo_ok"]]
    for o in outs:
        for pol, probs in o["results"].items():
            total[pol] += 1
            kk = by_kind.setdefault((pol, o["kind"]), [0, 0])
            kk[1] += 1
            if not probs:
                agree[pol] += 1
                kk[0] += 1
            else:
                bad += 1
                src = os.path.join(work_root, f"s{a.seed}-c{o['case']}")
                dst = os.path.join(a.out, f"s{a.seed}-c{o['case']}")
                if not os.path.exists(dst):
                    shutil.copytree(src, dst)
                print(f"[case {o['case']} {o['kind']} n={o['n']} P={o['P']}] {pol}: "
                      + ("; ".join(probs) if a.v else probs[0] + (f" (+{len(probs) - 1})" if len(probs) > 1 else "")))
    print("\npolicy             agree/total   per kind (agree/total)")
    kinds = sorted({k for (_, k) in by_kind})
    for pol in policies:
        per = "  ".join(f"{k} {by_kind.get((pol, k), [0, 0])[0]}/{by_kind.get((pol, k), [0, 0])[1]}" for k in kinds)
        print(f"{pol:18s} {agree[pol]:5d}/{total[pol]:<5d}   {per}")
    print(f"topological order differs from round_robin's in {len(topo_bad)} cases {topo_bad[:10]}")
    if a.keep:
        print("work files in", work_root)
    else:
        shutil.rmtree(work_root, ignore_errors=True)
    return 1 if bad or topo_bad else 0


if __name__ == "__main__":
    sys.exit(main())
