#!/usr/bin/env python3
"""Independent reference for pelsim's dynamic policies, checked against the binary.

fifo, central_queue (priority fifo, bottom_level, random), work_stealing and locality are
written here from their documented contracts (docs/models/scheduling.md: `fifo`, "Dispatch
costs", `central_queue`, `work_stealing`, `locality`, "Core types and task types", "Several
edges between two tasks"; docs/models/network.md: `ideal`, `latency_bandwidth`; the contract
comments of the policy headers and of `Simulator`), not from pelsim's code. Random choices
use a Python mt19937_64 and Lemire's mapping (models/include/pelsim/models/rng.hpp).

Each random case is a DOT file (SimGrid's convention: node `size` = flops, `type` = task type,
edge `size` = bytes; repeated edges between two tasks in some cases) of 5 to 40 tasks, run by
`pelsim simulate` on 1 to 8 cores (uniform, `--speeds`, or `--core-types` with
`--type-factors`), on the `ideal` or `latency_bandwidth` network, with or without
`dispatch_latency` / `decision_overhead`, under every dynamic policy setting with a random
`--seed`. The script compares, task by task, the core, the start and the finish of `--trace`
(exactly: the reference does the same double arithmetic in the same order), the `--json`
makespan and counters (transfers, bytes_moved, steals, failed_steals, local and remote
dispatches) and the decisions of `--explain` (time, kind, task, core, victim, queue length).

Usage (Python 3.11, standard library only; from any directory):

    python3 scripts/crosscheck/dynamic_ref.py                     # 300 cases x 7 policy settings
    python3 scripts/crosscheck/dynamic_ref.py --n 2000 --seed 3 --jobs 2
    python3 scripts/crosscheck/dynamic_ref.py --case 17 --seed 3 --keep -v   # one case, its files
    python3 scripts/crosscheck/dynamic_ref.py --dot g.dot --cores 3 --policy work_stealing \\
        --network latency_bandwidth -l 0.5 -b 2 --param steal_latency=0.25   # the reference alone

Exit status 0 when every run agreed, 1 otherwise, 2 when pelsim is not executable. Failing
cases are copied to --out (default crosscheck-failures/dynref-s<S>-c<K>/) with problems.txt,
whose command lines run there.

Conventions the docs leave open, settled by reading pelsim's code (see the notes in the
report of this script's commit, and the comments marked AMBIGUITY below):
* the order of several finishes at one instant (and so of the tasks they make ready) is the
  order in which those tasks were assigned; at one instant every finish comes before any
  policy timer (a steal's arrival, a retry);
* a task joined to its producer by several edges becomes ready at the last of them in the
  producer's out-edge order;
* work_stealing's victim: draw k = below(P - 1), victim = k if k < thief else k + 1; an attempt
  that finds every deque empty draws nothing;
* central_queue/random: the ready tasks are kept in a list (arrival order); a pick swaps the
  drawn index with the last and takes the last;
* a task of no work goes to the idle core of the highest speed (not speed x factor), the
  lowest-numbered among equals (Simulator::idle_core_for's comment; scheduling.md says only
  "the idle core that runs it fastest, the lowest-numbered among equals").
"""
import argparse
import heapq
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
from multiprocessing import Pool

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (scripts/crosscheck/common.py)

POLICIES = ["fifo", "central_queue:fifo", "central_queue:bottom_level", "central_queue:random",
            "work_stealing", "locality"]
TIMEOUT = 20
# When True, a task of no work goes to the lowest-numbered idle core, as the words of
# scheduling.md read ("the idle core that runs it fastest, the lowest-numbered among equals":
# every core runs it in 0 s). --zero-lowest sets it.
ZERO_LOWEST = False
# When True, a task with several edges from one producer is ready at the first of them in
# the out-edge order (--ready-first-edge).
READY_FIRST_EDGE = False
# When True, work_stealing's thieves spin: a thief that finds every deque empty retries
# retry_delay later like any failed thief (no victim drawn), instead of sleeping (--spin).
# The docs say the counts are those of a spinning thief; on 2 cores, the decisions too.
SPIN = False


# ----------------------------------------------------------------------------- mt19937_64

class MT19937_64:
    """std::mt19937_64, as the C++ standard specifies it."""
    N, M = 312, 156
    MASK = (1 << 64) - 1

    def __init__(self, seed=5489):
        mt = [0] * self.N
        mt[0] = seed & self.MASK
        for i in range(1, self.N):
            mt[i] = (6364136223846793005 * (mt[i - 1] ^ (mt[i - 1] >> 62)) + i) & self.MASK
        self.mt = mt
        self.i = self.N

    def _twist(self):
        mt = self.mt
        N, M = self.N, self.M
        for i in range(N):
            x = (mt[i] & 0xFFFFFFFF80000000) | (mt[(i + 1) % N] & 0x7FFFFFFF)
            xa = x >> 1
            if x & 1:
                xa ^= 0xB5026F5AA96619E9
            mt[i] = mt[(i + M) % N] ^ xa
        self.i = 0

    def __call__(self):
        if self.i >= self.N:
            self._twist()
        y = self.mt[self.i]
        self.i += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & self.MASK


class Rng:
    """pelsim's Rng: mt19937_64 and Lemire's multiply-and-reject mapping to [0, n)."""

    def __init__(self, seed):
        self.engine = MT19937_64(seed)

    def below(self, n):
        m = self.engine() * n
        low = m & MT19937_64.MASK
        if low < n:
            threshold = ((1 << 64) - n) % n
            while low < threshold:
                m = self.engine() * n
                low = m & MT19937_64.MASK
        return m >> 64


def _check_mt():
    g = MT19937_64()
    for _ in range(9999):
        g()
    assert g() == 9981545732273789042, "mt19937_64 does not match the standard's check value"


# ----------------------------------------------------------------------------- the problem

class Problem:
    """names (id order), work, types (task type name or ""), edges (u, v, bytes) in file order,
    per-core speeds and core types, factors {(core type, task type): f}, the network ('ideal'
    or (L, B)), dispatch latency and decision overhead."""

    def __init__(self, names, work, types, edges, speeds, ctypes, factors, network, dl=0.0, do=0.0):
        self.n = len(names)
        self.names = names
        self.work = work
        self.types = types
        self.edges = edges
        self.P = len(speeds)
        self.speeds = speeds
        self.ctypes = ctypes
        self.factors = factors
        self.network = network
        self.dl = dl
        self.do = do
        # out-edges in file order (grouped by source); in-edges by producer, then edge id
        self.succ = [[] for _ in range(self.n)]
        self.pred = [[] for _ in range(self.n)]
        for e, (u, v, _) in enumerate(edges):
            self.succ[u].append((v, e))
            self.pred[v].append((u, e))
        for v in range(self.n):
            self.pred[v].sort()
        # factors apply when some factor other than 1 names a task type of the graph
        gtypes = set(t for t in types if t)
        self.typed = any(f != 1.0 and tt in gtypes for (ct, tt), f in factors.items())
        self.dur = [[self._duration(t, c) for c in range(self.P)] for t in range(self.n)]
        self.uniform = all(self.dur[t][c] == self.dur[t][0] for t in range(self.n) for c in range(self.P)) \
            and len(set(speeds)) == 1

    def _duration(self, t, c):
        if not self.typed:
            return self.work[t] / self.speeds[c]
        f = self.factors.get((self.ctypes[c], self.types[t]), 1.0)
        return self.work[t] / (self.speeds[c] * f)

    def transfer(self, e):
        """Seconds for edge e between two different cores (docs/models/network.md)."""
        b = self.edges[e][2]
        if self.network == "ideal" or b <= 0:
            return 0.0
        L, B = self.network
        return L + b / B

    def bottom_levels(self):
        """hlfet's bottom level: mean duration over the cores plus the largest of (edge cost +
        successor's level) over the out-edges (several edges: the largest, not the sum)."""
        order = topo_order(self)
        bl = [0.0] * self.n
        for v in reversed(order):
            best = None
            for s, e in self.succ[v]:
                x = self.transfer(e) + bl[s]
                if best is None or x > best:
                    best = x
            wbar = sum(self.dur[v]) / self.P
            bl[v] = wbar + best if best is not None else wbar
        return bl


def topo_order(pb):
    indeg = [len(pb.pred[t]) for t in range(pb.n)]
    q = [t for t in range(pb.n) if indeg[t] == 0]
    i = 0
    while i < len(q):
        u = q[i]
        i += 1
        for v, _ in pb.succ[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                q.append(v)
    return q


# ----------------------------------------------------------------------------- the execution model

FINISH, TIMER = 0, 2  # at one instant every finish comes before any timer


class Sim:
    """The shared execution model of the dynamic policies (docs/models/scheduling.md,
    network.md, Simulator's contract): a core runs one task at a time; a dynamic policy assigns
    a ready task to a core that holds nothing; the task's inputs start moving then; it starts at
    max(core free, inputs on the core, a + dispatch_latency) + decision_overhead and runs
    duration(t, c)."""

    def __init__(self, pb, policy):
        self.pb = pb
        self.policy = policy
        self.now = 0.0
        self.heap = []
        self.seq = 0
        self.left = [len(pb.pred[t]) for t in range(pb.n)]
        self.core_of = [None] * pb.n
        self.ran_on = [None] * pb.n
        self.start = [None] * pb.n
        self.finish = [None] * pb.n
        self.running = [None] * pb.P  # the task a core holds (running or waiting for inputs)
        self.enabling_core = None
        self.transfers = 0
        self.bytes_moved = 0.0
        self.decisions = []  # (time, kind, task, core, victim, queue_length)
        self.makespan = 0.0
        self.done = 0

    # --- policy API
    def idle_cores(self):
        return [c for c in range(self.pb.P) if self.running[c] is None]

    def idle_core(self):
        for c in range(self.pb.P):
            if self.running[c] is None:
                return c
        return None

    def idle_core_for(self, t):
        """The idle core that runs t fastest, the lowest-numbered among equals; for a task of no
        work (0 s everywhere) the idle core of the highest speed, lowest number among equals."""
        pb = self.pb
        best = None
        for c in self.idle_cores():
            if best is None:
                best = c
                continue
            d, bd = pb.dur[t][c], pb.dur[t][best]
            if d < bd:
                best = c
            elif not ZERO_LOWEST and d == 0 and bd == 0 and pb.speeds[c] > pb.speeds[best]:
                best = c
        return best

    def timer(self, at, tag):
        self._push(at, TIMER, tag)

    def _push(self, at, prio, target):
        heapq.heappush(self.heap, (at, prio, self.seq, target))
        self.seq += 1

    def note(self, kind, task=None, core=None, victim=None, qlen=None):
        self.decisions.append((self.now, kind, task, core, victim, qlen))

    def assign(self, t, c):
        pb = self.pb
        assert self.core_of[t] is None and self.left[t] == 0 and self.running[c] is None
        self.core_of[t] = c
        self.running[c] = t
        now = self.now
        at = now
        if pb.dl > 0:
            at = max(at, now + pb.dl)
        for u, e in pb.pred[t]:
            a = self.ran_on[u]
            if a == c:
                continue
            b = pb.edges[e][2]
            if b > 0:
                self.transfers += 1
                self.bytes_moved += b
            cost = pb.transfer(e)
            if cost > 0 and now + cost > at:
                at = now + cost
        s = at + pb.do
        f = s + pb.dur[t][c]
        self.start[t] = s
        self.finish[t] = f
        self._push(f, FINISH, t)

    # --- the loop
    def run(self):
        pb = self.pb
        pol = self.policy
        pol.on_start(self)
        self.enabling_core = None
        for t in range(pb.n):
            if not pb.pred[t]:
                pol.on_ready(t, self)
        pol.on_sources_queued(self)
        while self.heap:
            at, prio, _, target = heapq.heappop(self.heap)
            self.now = at
            if prio == TIMER:
                pol.on_timer(target, self)
                continue
            t = target
            c = self.core_of[t]
            self.ran_on[t] = c
            self.running[c] = None
            self.done += 1
            if at > self.makespan:
                self.makespan = at
            self.enabling_core = c
            if READY_FIRST_EDGE:
                seen = set()
                for v, _ in pb.succ[t]:
                    self.left[v] -= 1
                for v, _ in pb.succ[t]:
                    if v not in seen:
                        seen.add(v)
                        if self.left[v] == 0:
                            pol.on_ready(v, self)
            else:
                for v, _ in pb.succ[t]:
                    self.left[v] -= 1
                    if self.left[v] == 0:
                        pol.on_ready(v, self)
            last = not (self.heap and self.heap[0][0] == at and self.heap[0][1] == FINISH)
            pol.on_finished(t, c, last, self)
        if self.done != pb.n:
            raise RuntimeError(f"reference left {pb.n - self.done} tasks unscheduled")
        return self


# ----------------------------------------------------------------------------- the policies

class DecidesPerInstant:
    """A policy that decides at time 0, once every source is queued, and after the last finish
    of each instant (subclasses define dispatch())."""

    def on_sources_queued(self, sim):
        self.dispatch(sim)

    def on_finished(self, t, c, last, sim):
        if last:
            self.dispatch(sim)

    def on_timer(self, tag, sim):
        pass


class Fifo(DecidesPerInstant):
    """fifo, and central_queue with priority fifo / bottom_level / random: one ready queue;
    decisions at time 0 and after the finishes of each instant; the best task to the idle core
    that runs it fastest."""

    def __init__(self, priority="fifo", seed=1, levels=None):
        self.priority = priority
        self.rng = Rng(seed)
        self.levels = levels
        self.ready = []

    def on_start(self, sim):
        pass

    def on_ready(self, t, sim):
        self.ready.append(t)

    def take(self):
        if self.priority == "fifo":
            return self.ready.pop(0)
        if self.priority == "bottom_level":
            best = min(self.ready, key=lambda t: (-self.levels[t], t))
            self.ready.remove(best)
            return best
        # AMBIGUITY (random): "a ready task drawn uniformly" — which index maps to which task
        # is pelsim's: swap the drawn one with the last, take the last.
        k = self.rng.below(len(self.ready))
        self.ready[k], self.ready[-1] = self.ready[-1], self.ready[k]
        return self.ready.pop()

    def dispatch(self, sim):
        while self.ready and sim.idle_core() is not None:
            qlen = len(self.ready)
            t = self.take()
            c = sim.idle_core_for(t)
            sim.note("queue_pick", t, c, None, qlen)
            sim.assign(t, c)


class WorkStealing:
    """Per-core deques (newest at the back); sources round-robin; a ready task on the deque of
    the core whose finish made it ready; an idle core pops its newest, else steals the oldest of
    a uniformly drawn other core, which arrives steal_latency later; a failed attempt retries
    retry_delay later; while every deque is empty a thief sleeps and resumes at last attempt +
    k * retry_delay, the skipped attempts counted as failed."""

    def __init__(self, steal_latency, retry_delay, seed):
        self.sl = steal_latency
        self.rd = retry_delay
        self.rng = Rng(seed)

    def on_start(self, sim):
        P = sim.pb.P
        self.P = P
        self.n = sim.pb.n
        self.deque = [[] for _ in range(P)]
        self.next_source = 0
        self.taken = 0
        self.steals = 0
        self.failed = 0
        self.state = ["attempting"] * P  # attempting | stealing | sleeping | running | done
        self.stolen = [None] * P
        self.last_try = [0.0] * P
        self.sleepers = []
        for c in range(P):
            sim.timer(0.0, c)  # every core's first attempt at time 0

    def queued(self):
        return sum(len(d) for d in self.deque)

    def on_ready(self, t, sim):
        c = sim.enabling_core
        if c is None:
            c = self.next_source
            self.next_source = (self.next_source + 1) % self.P
        sim.note("push", t, c)
        self.deque[c].append(t)

    def on_sources_queued(self, sim):
        pass

    def on_finished(self, t, c, last, sim):
        self.state[c] = "attempting"
        self.attempt(c, sim)
        # AMBIGUITY: "once a deque holds a task again" is checked after the finishing core's
        # own pop (pelsim's reading); with exact retry instants either reading counts alike.
        if self.queued() > 0 and self.sleepers:
            self.wake_sleepers(sim)

    def on_timer(self, c, sim):
        if self.state[c] == "stealing":
            self.state[c] = "running"
            sim.assign(self.stolen[c], c)
        elif self.state[c] == "attempting":
            self.attempt(c, sim)

    def attempt(self, c, sim):
        now = sim.now
        if self.deque[c]:
            t = self.deque[c].pop()
            self.state[c] = "running"
            self.taken += 1
            sim.note("local_pop", t, c)
            sim.assign(t, c)
            if self.taken == self.n:
                self.retire_sleepers(now)
            return
        if self.taken == self.n or self.P == 1:
            self.state[c] = "done"
            return
        if self.queued() == 0:
            # every deque empty: fails whatever the victim (no victim drawn); sleep
            self.failed += 1
            sim.note("failed_steal", None, c, None)
            if SPIN:
                sim.timer(now + self.rd, c)
                return
            self.state[c] = "sleeping"
            self.last_try[c] = now
            self.sleepers.append(c)
            return
        # AMBIGUITY: "a victim drawn uniformly among the other cores": pelsim draws
        # k = below(P - 1) and skips the thief.
        k = self.rng.below(self.P - 1)
        v = k if k < c else k + 1
        if not self.deque[v]:
            self.failed += 1
            sim.note("failed_steal", None, c, v)
            sim.timer(now + self.rd, c)
            return
        t = self.deque[v].pop(0)
        self.taken += 1
        self.steals += 1
        sim.note("steal", t, c, v)
        self.stolen[c] = t
        self.state[c] = "stealing"
        sim.timer(now + self.sl, c)
        if self.taken == self.n:
            self.retire_sleepers(now)

    def missed(self, c, now):
        """The retry instants last_try + k * retry_delay (k >= 1) strictly before now."""
        since = self.last_try[c]
        m = max(0.0, math.ceil((now - since) / self.rd) - 1)
        while m > 0 and since + m * self.rd >= now:
            m -= 1
        while since + (m + 1) * self.rd < now:
            m += 1
        return int(m)

    def wake_sleepers(self, sim):
        now = sim.now
        for c in self.sleepers:
            m = self.missed(c, now)
            self.failed += m
            self.state[c] = "attempting"
            sim.timer(self.last_try[c] + float(m + 1) * self.rd, c)
        self.sleepers = []

    def retire_sleepers(self, now):
        for c in self.sleepers:
            self.failed += self.missed(c, now)
            self.state[c] = "done"
        self.sleepers = []


class Locality(DecidesPerInstant):
    """One FIFO queue per core; a ready task queues on the core holding most of its input
    bytes (ties: lowest index; no bytes: the enabling core; sources round-robin); decisions at
    time 0 and after the finishes of each instant: every idle core with a queued task takes its
    oldest (local), then the oldest task of the longest queue goes to the fastest idle core
    (remote)."""

    def on_start(self, sim):
        P = sim.pb.P
        self.P = P
        self.q = [[] for _ in range(P)]
        self.next_source = 0
        self.local = 0
        self.remote = 0

    def preferred(self, t, sim):
        per = {}
        for u, e in sim.pb.pred[t]:
            c = sim.ran_on[u]
            per[c] = per.get(c, 0.0) + sim.pb.edges[e][2]
        best, most = sim.enabling_core, 0.0
        for c in sorted(per):
            if per[c] > most:
                best, most = c, per[c]
        return best

    def on_ready(self, t, sim):
        if sim.enabling_core is None:
            c = self.next_source
            self.next_source = (self.next_source + 1) % self.P
        else:
            c = self.preferred(t, sim)
        sim.note("push", t, c, None, len(self.q[c]))
        self.q[c].append(t)

    def dispatch(self, sim):
        for c in sim.idle_cores():
            if self.q[c]:
                t = self.q[c].pop(0)
                self.local += 1
                sim.note("local_pop", t, c)
                sim.assign(t, c)
        while any(self.q) and sim.idle_core() is not None:
            most = max(len(x) for x in self.q)
            v = min(c for c in range(self.P) if len(self.q[c]) == most)
            t = self.q[v][0]
            c = sim.idle_core_for(t)
            self.q[v].pop(0)
            self.remote += 1
            sim.note("steal", t, c, v)
            sim.assign(t, c)


def make_policy(pb, policy, params, seed):
    name, _, prio = policy.partition(":")
    if name == "fifo":
        return Fifo("fifo")
    if name == "central_queue":
        prio = prio or params.get("priority", "fifo")
        return Fifo(prio, seed, pb.bottom_levels() if prio == "bottom_level" else None)
    if name == "work_stealing":
        return WorkStealing(params.get("steal_latency", 1e-6), params.get("retry_delay", 1e-5), seed)
    if name == "locality":
        return Locality()
    raise ValueError(policy)


def simulate(pb, policy, params, seed):
    pol = make_policy(pb, policy, params, seed)
    sim = Sim(pb, pol).run()
    counters = {"transfers": sim.transfers, "bytes_moved": sim.bytes_moved}
    if isinstance(pol, WorkStealing):
        counters.update(steals=pol.steals, failed_steals=pol.failed)
    else:
        counters.update(steals=0, failed_steals=0)
    if isinstance(pol, Locality):
        counters.update(local_dispatches=pol.local, remote_dispatches=pol.remote)
    return sim, counters


# ----------------------------------------------------------------------------- DOT in and out

def fmtnum(x):
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e15):
        return str(int(x))
    return repr(float(x))


def write_dot(path, g):
    lines = ["digraph G {"]
    for t in g["order_nodes"]:
        a = [f'size="{fmtnum(g["work"][t])}"']
        if g["types"][t]:
            a.append(f'type="{g["types"][t]}"')
        lines.append(f"  {g['names'][t]} [{', '.join(a)}];")
    for e in g["order_edges"]:
        u, v, b = g["edges"][e]
        lines.append(f'  {g["names"][u]} -> {g["names"][v]} [size="{fmtnum(b)}"];')
    lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


NODE_RE = re.compile(r'^\s*"?([A-Za-z0-9_]+)"?\s*\[(.*)\]\s*;?\s*$')
EDGE_RE = re.compile(r'^\s*"?([A-Za-z0-9_]+)"?\s*->\s*"?([A-Za-z0-9_]+)"?\s*(?:\[(.*)\])?\s*;?\s*$')
ATTR_RE = re.compile(r'(\w+)\s*=\s*"([^"]*)"|(\w+)\s*=\s*([^,\s\]]+)')


def parse_dot(text):
    """The subset this script writes (one statement a line); ids in order of first appearance;
    edge bytes floored, negative = 0 (the DOT reader's contract)."""
    ids, names, work, types, edges = {}, [], [], [], []

    def tid(name):
        if name not in ids:
            ids[name] = len(names)
            names.append(name)
            work.append(0.0)
            types.append("")
        return ids[name]

    def attrs(s):
        out = {}
        for m in ATTR_RE.finditer(s or ""):
            out[m.group(1) or m.group(3)] = m.group(2) if m.group(1) else m.group(4)
        return out

    for line in text.splitlines():
        m = EDGE_RE.match(line)
        if m:
            a = attrs(m.group(3))
            u, v = tid(m.group(1)), tid(m.group(2))
            b = float(a.get("size", "0"))
            edges.append((u, v, float(math.floor(b)) if b > 0 else 0.0))
            continue
        m = NODE_RE.match(line)
        if m and m.group(1) not in ("graph", "node", "edge"):
            a = attrs(m.group(2))
            t = tid(m.group(1))
            work[t] = float(a.get("size", "0"))
            types[t] = a.get("type", types[t])
    return names, work, types, edges


# ----------------------------------------------------------------------------- random cases

def random_case(rng, exact=False):
    """exact: every time a dyadic rational (no rounding anywhere), for --spin."""
    n = rng.randint(5, 40)
    P = rng.choice([1, 2, 2, 3, 3, 4, 4, 5, 6, 8])
    kind = rng.choice(["ints", "ints", "ties", "ties", "zero", "float", "dyadic", "unit", "unit"])
    if exact:
        kind = rng.choice(["ints", "ties", "zero", "dyadic"])
    shape = rng.choice(["random", "layered", "forkjoin", "independent", "tree"])
    hidden = list(range(n))
    rng.shuffle(hidden)
    pairs = []
    if shape == "random":
        dens = rng.uniform(0.05, 0.35)
        pairs = [(hidden[i], hidden[j]) for i in range(n) for j in range(i + 1, n) if rng.random() < dens]
    elif shape == "layered":
        layers, i = [], 0
        while i < n:
            k = rng.randint(1, 6)
            layers.append(hidden[i:i + k])
            i += k
        for a, b in zip(layers, layers[1:]):
            for v in b:
                for u in rng.sample(a, rng.randint(1, len(a))):
                    pairs.append((u, v))
    elif shape == "forkjoin":
        src, snk = hidden[0], hidden[-1]
        mid = hidden[1:-1]
        k = rng.randint(1, max(1, len(mid) // 2))
        for i in range(k):
            ch = mid[i::k]
            if ch:
                pairs += [(src, ch[0]), (ch[-1], snk)] + list(zip(ch, ch[1:]))
    elif shape == "tree":
        for i in range(1, n):
            pairs.append((hidden[rng.randrange(i)], hidden[i]))
    names = [f"t{i}" for i in range(n)]
    base = 1e9
    if kind == "ints":
        work = [base * rng.randint(1, 6) for _ in range(n)]
    elif kind == "ties":
        ws = rng.sample([1, 2, 4], rng.randint(1, 2))
        work = [base * rng.choice(ws) for _ in range(n)]
    elif kind == "zero":
        work = [base * rng.choice([0, 0, 0, 1, 2, 3]) for _ in range(n)]
    elif kind == "unit":  # everything 0 or 1 s: many events at one instant
        work = [base * rng.choice([0, 1, 1, 1]) for _ in range(n)]
    elif kind == "dyadic":
        work = [base * rng.choice([0.25, 0.5, 0.75, 1, 1.5, 2]) for _ in range(n)]
    else:
        work = [rng.uniform(1e8, 3e9) for _ in range(n)]
    # network
    net_kind = rng.choice(["ideal", "lb", "lb", "lb"])
    if net_kind == "ideal":
        net = "ideal"
    elif kind == "float":
        net = (rng.choice([1e-6, 1e-4, 1e-2, 0.0]), rng.choice([1e7, 1e8, 1e9]))
    elif exact or kind == "unit":
        net = (rng.choice([0.0, 0.25, 0.5, 1.0]), rng.choice([1.0, 2.0, 4.0]))
    else:
        net = (rng.choice([0.0, 0.25, 0.5, 1.0, 1e-6]), rng.choice([1.0, 2.0, 4.0, 1e9]))
    if net != "ideal" and net[1] < 100:
        bset = [0, 0.25, 0.5, 1, 2, 3]   # seconds at bandwidth 1
        scale = net[1]
        byts = lambda: float(math.floor(rng.choice(bset) * scale))  # noqa: E731
    else:
        byts = lambda: float(rng.choice([0, 0, 1000, 10 ** 6, 10 ** 7, 10 ** 8, 5 * 10 ** 8]))  # noqa: E731
    edges = [(u, v, byts()) for (u, v) in pairs]
    if edges and rng.random() < 0.35:  # several edges between two tasks
        edges += [(u, v, byts()) for (u, v, _) in list(edges) if rng.random() < 0.3]
    if rng.random() < 0.15:  # sizes the DOT reader floors (fractional) or makes 0 (negative)
        edges = [(u, v, b + 0.75 if r < 0.2 else (-1.0 if r < 0.3 else b))
                 for (u, v, b), r in ((e, rng.random()) for e in edges)]
    # platform
    plat = rng.choice(["uniform", "uniform", "speeds", "types"]) if P > 1 else "uniform"
    types = [""] * n
    factors = {}
    args = []
    if plat == "uniform":
        sp = rng.choice([1e9, 1e9, 2e9, 4e9])
        speeds = [sp] * P
        ctypes = ["cpu"] * P
        args += ["-p", str(P), "--core-speed", fmtnum(sp)]
    elif plat == "speeds":
        k = rng.randint(1, P)
        sl = [rng.choice([1e9, 2e9, 4e9, 5e8]) for _ in range(k)]
        speeds = [sl[i % k] for i in range(P)]
        ctypes = ["cpu"] * P
        args += ["-p", str(P), "--speeds", ",".join(fmtnum(s) for s in sl)]
    else:
        ncpu = rng.randint(1, P - 1)
        gsp = rng.choice([1e9, 2e9, 5e8])
        speeds = [1e9] * ncpu + [gsp] * (P - ncpu)
        ctypes = ["cpu"] * ncpu + ["gpu"] * (P - ncpu)
        args += ["--core-types", f"cpu:{ncpu},gpu:{P - ncpu}@{fmtnum(gsp)}", "--core-speed", "1e9"]
        tt = ["gemm", "io"]
        types = [rng.choice(["", "gemm", "gemm", "io"]) for _ in range(n)]
        fac = []
        for ct in ("cpu", "gpu"):
            for t in tt:
                if t in types and rng.random() < 0.5:
                    f = rng.choice([0.5, 2.0, 4.0])
                    factors[(ct, t)] = f
                    fac.append(f"{ct}:{t}={fmtnum(f)}")
        if fac:
            args += ["--type-factors", ",".join(fac)]
    if net == "ideal":
        args += ["--network", "ideal"]
    else:
        args += ["--network", "latency_bandwidth", "-l", fmtnum(net[0]), "-b", fmtnum(net[1])]
    dl = do = 0.0
    if kind == "unit" and rng.random() < 0.3:
        dl, do = rng.choice([(1.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.5, 0.5)])
        args += ["--policy-param", f"dispatch_latency={fmtnum(dl)}",
                 "--policy-param", f"decision_overhead={fmtnum(do)}"]
    elif rng.random() < 0.3:
        dl = rng.choice([0.0, 0.25, 0.5] + ([] if exact else [1e-6]))
        do = rng.choice([0.0, 0.125, 0.5] + ([] if exact else [1e-6]))
        args += ["--policy-param", f"dispatch_latency={fmtnum(dl)}",
                 "--policy-param", f"decision_overhead={fmtnum(do)}"]
    order_edges = list(range(len(edges)))
    rng.shuffle(order_edges)
    order_nodes = list(range(n))
    rng.shuffle(order_nodes)
    ws = dict(steal_latency=rng.choice([0.0, 0.25, 1e-6, 0.5]),
              retry_delay=rng.choice([0.5, 0.125, 1e-5, 0.3, 1.0]))
    if exact:
        ws = dict(steal_latency=rng.choice([0.0, 0.25, 0.5]), retry_delay=rng.choice([0.5, 0.125, 0.25, 1.0]))
    if kind == "unit":
        ws = dict(steal_latency=rng.choice([0.0, 1.0]), retry_delay=rng.choice([0.5, 1.0]))
    return dict(kind=kind, shape=shape, names=names, work=work, types=types, edges=edges,
                order_nodes=order_nodes, order_edges=order_edges, speeds=speeds, ctypes=ctypes,
                factors=factors, net=net, P=P, dl=dl, do=do, args=args, ws=ws,
                seed=rng.randint(0, 2 ** 32))


def pelsim_cmd(pelsim, dot, args, policy, ws, seed, outdir):
    name, _, prio = policy.partition(":")
    cmd = [pelsim, "simulate", dot] + args + ["--policy", name, "--json", "--seed", str(seed),
                                              "--trace", os.path.join(outdir, "trace.csv"),
                                              "--explain", os.path.join(outdir, "explain.jsonl")]
    if prio:
        cmd += ["--policy-param", "priority=" + prio]
    if name == "work_stealing":
        cmd += ["--policy-param", f"steal_latency={fmtnum(ws['steal_latency'])}",
                "--policy-param", f"retry_delay={fmtnum(ws['retry_delay'])}"]
    return cmd


def read_pelsim(outdir, stdout, names):
    res = json.loads(stdout.strip().splitlines()[-1])
    idx = {nm: i for i, nm in enumerate(names)}
    trace = {}
    with open(os.path.join(outdir, "trace.csv")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("task,"):
                continue
            t, c, s, e = line.rsplit(",", 3)
            trace[idx[t]] = (int(c), float(s), float(e))
    dec = []
    with open(os.path.join(outdir, "explain.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            dec.append((d["time"], d["kind"], d.get("task_id"), d.get("core"), d.get("victim"),
                        d.get("queue_length") if d["kind"] in ("queue_pick", "push") else None))
    return res, trace, dec


def compare(pb, policy, sim, counters, res, trace, dec):
    probs = []
    nm = pb.names
    for t in range(pb.n):
        mine = (sim.core_of[t], sim.start[t], sim.finish[t])
        if trace.get(t) != mine:
            probs.append(f"{nm[t]}: pelsim core,start,finish {trace.get(t)}, reference {mine}")
    if res["makespan"] != sim.makespan:
        probs.append(f"makespan: pelsim {res['makespan']!r}, reference {sim.makespan!r}")
    for k, v in counters.items():
        if k in res and res[k] != v:
            probs.append(f"{k}: pelsim {res[k]!r}, reference {v!r}")
        elif k not in res:
            probs.append(f"{k}: missing from pelsim's JSON")
    mine = list(sim.decisions)
    if SPIN:  # a sleeper explains only its first failed attempt, a spinner every one
        dec = [d for d in dec if not (d[1] == "failed_steal" and d[4] is None)]
        mine = [d for d in mine if not (d[1] == "failed_steal" and d[4] is None)]
    if dec != mine:
        for i, (a, b) in enumerate(zip(dec, mine)):
            if a != b:
                probs.append(f"decision {i}: pelsim {fmt_dec(pb, a)}, reference {fmt_dec(pb, b)}")
                break
        else:
            probs.append(f"decisions: pelsim {len(dec)}, reference {len(mine)}")
    return probs


def fmt_dec(pb, d):
    time, kind, task, core, victim, ql = d
    s = f"t={time!r} {kind}"
    if task is not None:
        s += f" {pb.names[task]}"
    s += f" core {core}"
    if victim is not None:
        s += f" victim {victim}"
    if ql is not None:
        s += f" qlen {ql}"
    return s


def run_case(args):
    pelsim, seed, case_id, work_root, policies = args
    common.end_child_on_sigterm()
    rng = random.Random(f"dynref-{seed}-{case_id}")
    c = random_case(rng, exact=SPIN)
    cdir = os.path.join(work_root, f"s{seed}-c{case_id}")
    os.makedirs(cdir, exist_ok=True)
    dot = os.path.join(cdir, "g.dot")
    write_dot(dot, c)
    with open(dot) as f:
        names, work, types, edges = parse_dot(f.read())
    pb = Problem(names, work, types, edges, c["speeds"], c["ctypes"], c["factors"], c["net"], c["dl"], c["do"])
    out = {"case": case_id, "kind": c["kind"], "shape": c["shape"], "P": c["P"], "n": pb.n,
           "features": features(c, pb), "results": {}}
    for pol in policies:
        od = os.path.join(cdir, pol.replace(":", "-"))
        os.makedirs(od, exist_ok=True)
        cmd = pelsim_cmd(pelsim, dot, c["args"], pol, c["ws"], c["seed"], od)
        r = common.run(cmd, timeout=TIMEOUT)
        if r is None or r.returncode != 0:
            out["results"][pol] = ["pelsim failed: " + ("timeout" if r is None else r.stderr.strip())]
            continue
        try:
            sim, counters = simulate(pb, pol, c["ws"], c["seed"])
            probs = compare(pb, pol, sim, counters, *read_pelsim(od, r.stdout, names))
        except Exception as ex:  # a bug of the reference is a failure too
            probs = [f"reference raised {type(ex).__name__}: {ex}"]
        if probs:
            with open(os.path.join(od, "problems.txt"), "w") as f:
                f.write(" ".join(cmd) + "\n" + "\n".join(probs) + "\n")
            probs = [" ".join(cmd)] + probs
        out["results"][pol] = probs
    return out


def features(c, pb):
    f = {c["kind"], "net:" + ("ideal" if c["net"] == "ideal" else "lb")}
    if "--speeds" in c["args"]:
        f.add("speeds")
    if "--core-types" in c["args"]:
        f.add("types+factors" if c["factors"] else "types")
    if c["dl"] or c["do"]:
        f.add("dispatch")
    pairs = [(u, v) for (u, v, _) in pb.edges]
    if len(set(pairs)) != len(pairs):
        f.add("multiedge")
    if any(w == 0 for w in pb.work):
        f.add("zero-work")
    return f


def reference_only(a):
    with open(a.dot) as f:
        names, work, types, edges = parse_dot(f.read())
    speeds = [float(s) for s in a.speeds.split(",")] if a.speeds else [a.core_speed]
    speeds = [speeds[i % len(speeds)] for i in range(a.cores)]
    net = "ideal" if a.network == "ideal" else (a.latency, a.bandwidth)
    params = {}
    for p in a.param or []:
        k, _, v = p.partition("=")
        params[k] = v if k == "priority" else float(v)
    pb = Problem(names, work, types, edges, speeds, ["cpu"] * a.cores, {}, net,
                 params.pop("dispatch_latency", 0.0), params.pop("decision_overhead", 0.0))
    sim, counters = simulate(pb, a.policy, params, a.seed)
    for d in sim.decisions:
        print(fmt_dec(pb, d))
    print("task,core,start,finish")
    for t in range(pb.n):
        print(f"{names[t]},{sim.core_of[t]},{sim.start[t]!r},{sim.finish[t]!r}")
    print("makespan", repr(sim.makespan), counters)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common.add_options(ap)
    ap.add_argument("--n", type=int, default=300, help="cases (default 300)")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--case", type=int, help="only this case")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--policies", default=",".join(POLICIES))
    ap.add_argument("-v", action="store_true", help="print every difference")
    ap.add_argument("--zero-lowest", action="store_true",
                    help="a task of no work to the lowest idle core (scheduling.md's words)")
    ap.add_argument("--ready-first-edge", action="store_true",
                    help="several edges from one producer: ready at the first in out-edge order")
    ap.add_argument("--spin", action="store_true",
                    help="work_stealing only, exact (dyadic) cases: thieves spin instead of sleeping "
                         "(the docs: the same counts; on 2 cores the same decisions)")
    # the reference alone on a given DOT file
    ap.add_argument("--dot")
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--policy", default="fifo")
    ap.add_argument("--param", action="append", help="NAME=VALUE (policy or dispatch parameter)")
    ap.add_argument("--speeds")
    ap.add_argument("--core-speed", type=float, default=1e9)
    ap.add_argument("--network", default="latency_bandwidth")
    ap.add_argument("-l", "--latency", type=float, default=1e-6)
    ap.add_argument("-b", "--bandwidth", type=float, default=1e9)
    a = ap.parse_args()
    opts = dict(ZERO_LOWEST=a.zero_lowest, READY_FIRST_EDGE=a.ready_first_edge, SPIN=a.spin)
    _init(opts)
    _check_mt()
    if a.dot:
        reference_only(a)
        return 0
    pelsim = common.pelsim_path(a.pelsim, "dynamic_ref.py")
    policies = a.policies.split(",")
    if a.spin:
        policies = ["work_stealing"]
    work_root = common.make_workdir("dynref")
    cases = [a.case] if a.case is not None else range(a.start, a.start + a.n)
    jobs = [(pelsim, a.seed, k, work_root, policies) for k in cases]
    if a.jobs > 1 and len(jobs) > 1:
        with Pool(a.jobs, initializer=_init, initargs=(opts,)) as pool:
            outs = pool.map(run_case, jobs, chunksize=4)
    else:
        outs = [run_case(j) for j in jobs]
    total = {p: [0, 0] for p in policies}
    feat = {}
    bad = 0
    for o in outs:
        for pol, probs in o["results"].items():
            total[pol][1] += 1
            for f in o["features"]:
                x = feat.setdefault((pol, f), [0, 0])
                x[1] += 1
                if not probs:
                    x[0] += 1
            if not probs:
                total[pol][0] += 1
                continue
            bad += 1
            name = f"dynref-s{a.seed}-c{o['case']}"
            src = os.path.join(work_root, f"s{a.seed}-c{o['case']}")
            if not os.path.exists(os.path.join(a.out, name)):
                common.save_failure(src, a.out, name, [f"{pol}: " + "\n".join(probs)])
            shown = probs[1:] if a.v else probs[1:2]
            print(f"[case {o['case']} {o['kind']} {o['shape']} n={o['n']} P={o['P']}] {pol}: "
                  + "; ".join(shown) + ("" if a.v or len(probs) <= 2 else f" (+{len(probs) - 2})"))
    allf = sorted({f for (_, f) in feat})
    print("\npolicy                       agree/total")
    for pol in policies:
        print(f"{pol:28s} {total[pol][0]:5d}/{total[pol][1]:<5d}")
    print("\nper feature (agree/total, every policy):")
    for f in allf:
        ag = sum(feat.get((p, f), [0, 0])[0] for p in policies)
        tt = sum(feat.get((p, f), [0, 0])[1] for p in policies)
        print(f"  {f:16s} {ag:5d}/{tt}")
    common.remove_workdir(work_root, a.keep)
    return 1 if bad else 0


def _init(opts):
    """The conventions chosen on the command line, in the main process and in every worker."""
    globals().update(opts)


if __name__ == "__main__":
    sys.exit(main())
