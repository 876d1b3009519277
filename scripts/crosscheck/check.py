#!/usr/bin/env python3
"""Randomized cross-feature property check of `pelsim simulate`.

Usage: python3 scripts/crosscheck/check.py [--n N] [--seed S] [--jobs J] [--minutes M]
                                           [--case K] [--pelsim PATH] [--out DIR] [--keep]

Each case builds a small random DAG (own DOT / YAML, or `pelsim generate`), picks a random
combination of features (policy + params, cores, speeds / core types / costs, network,
dispatch costs, locks, faults, checkpoints) and checks invariants (docs/crosscheck.md lists
them). Cases run in a temporary directory; a failing case is copied to DIR/check-s<S>-c<K>/
with problems.txt, whose command lines run there. Exit status: 0 when no case fails, 1 when
one does, 2 when pelsim is not found.
"""
import argparse
import csv
import io
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the repository
import common  # noqa: E402  (scripts/crosscheck/common.py)

# Set by configure() in the main process and in every worker.
PELSIM = None  # absolute path of the binary
WORK = None  # the temporary work directory: one c<K>/ per case
FAILDIR = None  # --out, absolute
TIMEOUT = 20

PLAN_POLICIES = ["hlfet", "heft", "cpop", "peft", "mcp", "etf", "dls", "min_min", "max_min"]
BASELINES = ["round_robin", "random"]
DYNAMIC = ["fifo", "central_queue", "work_stealing", "locality"]
ALL_POLICIES = PLAN_POLICIES + BASELINES + DYNAMIC
TOPOLOGIES = ["bus", "crossbar", "ring", "mesh2d", "torus2d", "torus3d", "fat_tree", "dragonfly"]
TASK_TYPES = ["gemm", "io", "potrf"]
LOCKS = ["db", "fs"]
TIMING_KEYS = ("load_s", "plan_s", "sim_s", "wall_s", "peak_rss_mb")


def rel_close(a, b, rel=1e-9, abs_=1e-12):
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)


def fmt(x):
    return repr(float(x))


# ---------------------------------------------------------------- graph building
class Graph:
    def __init__(self):
        self.names = []
        self.work = {}
        self.types = {}
        self.locks = {}
        self.costs = {}
        self.edges = []  # (u, v, bytes) bytes <0 : no data
        self.has_root_end = False

    def preds(self):
        p = {n: [] for n in self.names}
        for u, v, b in self.edges:
            p[v].append((u, b))
        return p

    def topo(self):
        indeg = {n: 0 for n in self.names}
        succ = {n: [] for n in self.names}
        for u, v, _ in self.edges:
            indeg[v] += 1
            succ[u].append(v)
        order = [n for n in self.names if indeg[n] == 0]
        i = 0
        while i < len(order):
            for s in succ[order[i]]:
                indeg[s] -= 1
                if indeg[s] == 0:
                    order.append(s)
            i += 1
        return order


ATTR_RE = re.compile(r'(\w+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s\]]+)')


def parse_dot(text):
    g = Graph()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("//") or line.startswith("digraph") or line == "}":
            continue
        attrs = {}
        m = re.match(r'^("?[^"\[\s;]+"?)\s*(->\s*("?[^"\[\s;]+"?))?\s*(\[(.*)\])?\s*;?$', line)
        if not m:
            raise ValueError("cannot parse DOT line: " + line)
        if m.group(5):
            for k, v in ATTR_RE.findall(m.group(5)):
                attrs[k] = v.strip('"')
        a = m.group(1).strip('"')
        if m.group(3):
            b = m.group(3).strip('"')
            g.edges.append((a, b, float(attrs.get("size", "0"))))
        else:
            g.names.append(a)
            g.work[a] = float(attrs.get("size", "0"))
            if "type" in attrs:
                g.types[a] = attrs["type"]
    return g


def random_dag(rng, n, P, want_types, want_locks, want_costs, style):
    g = Graph()
    ids = list(range(n))
    prefix = rng.choice(["t", "task_", "n"])
    g.names = [f"{prefix}{i}" for i in ids]
    scale = rng.choice([1e6, 1e8, 1e9, 3e9]) if not rng.nice else 1e9
    for i, name in enumerate(g.names):
        r = rng.random()
        if r < 0.08:
            w = 0.0
        elif r < 0.15:
            w = float(int(scale))
        else:
            w = float(int(rng.uniform(0.05, 2.0) * scale)) if not rng.nice else rng.choice([0.5, 1, 1, 2, 3]) * 1e9
        g.work[name] = w
        if want_types and rng.random() < 0.8:
            g.types[name] = rng.choice(TASK_TYPES)
        if want_locks and rng.random() < 0.35:
            g.locks[name] = rng.choice(LOCKS[: rng.randint(1, 2)])
        if want_costs:
            g.costs[name] = [(round(rng.uniform(0.01, 2.0) * scale / 1e9, 6) if not rng.nice
                              else rng.choice([0.5, 1.0, 1.0, 2.0])) if rng.random() > 0.05 else 0.0
                             for _ in range(P)]
    density = rng.choice([0.0, 0.05, 0.1, 0.2, 0.4])
    bscale = rng.choice([0, 1e3, 1e6, 1e8]) if not rng.nice else 1e9
    for j in range(1, n):
        cands = list(range(max(0, j - rng.choice([3, 8, 60])), j))
        for i in cands:
            if rng.random() < density or (i == j - 1 and style == "chainy"):
                r = rng.random()
                if r < 0.1:
                    b = -1.0
                elif r < 0.25:
                    b = 0.0
                else:
                    b = float(int(rng.uniform(0.1, 2.0) * bscale)) if not rng.nice else rng.choice([0.5e9, 1e9])
                g.edges.append((g.names[i], g.names[j], b))
    return g


def write_dot(g, path, rng):
    lines = ["digraph G {"]
    order = list(g.names)
    for name in order:
        attrs = []
        w = g.work[name]
        if w != 0 or rng.random() < 0.5:
            attrs.append(f'size="{int(w) if w == int(w) else w}"')
        if name in g.types:
            attrs.append(f'type="{g.types[name]}"')
        if name in g.locks:
            attrs.append(f'lock="{g.locks[name]}"')
        if name in g.costs:
            attrs.append('costs="' + ",".join(repr(c) for c in g.costs[name]) + '"')
        lines.append(f'  {name} [{", ".join(attrs)}];' if attrs else f"  {name};")
    edges = list(g.edges)
    rng.shuffle(edges)
    g.edges = edges
    for u, v, b in edges:
        if b == 0 and rng.random() < 0.5:
            lines.append(f"  {u} -> {v};")
        else:
            lines.append(f'  {u} -> {v} [size="{int(b)}"];')
    lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def write_yaml(g, path, rng):
    lines = ["tasks:"]
    for name in g.names:
        parts = [f"name: {name}"]
        w = g.work[name]
        if w != 0 or rng.random() < 0.5:
            if w >= 1e9 and w % 1e9 == 0 and rng.random() < 0.5:
                parts.append(f"work: {int(w // 1e9)}Gflop")
            else:
                parts.append(f"work: {int(w)}")
        if name in g.types:
            parts.append(f"type: {g.types[name]}")
        if name in g.locks:
            parts.append(f"lock: {g.locks[name]}")
        lines.append("  - {" + ", ".join(parts) + "}")
    if g.edges:
        lines.append("edges:")
        for u, v, b in g.edges:
            if b > 0 and b % 1e6 == 0 and rng.random() < 0.5:
                lines.append(f"  - {{from: {u}, to: {v}, bytes: {int(b // 1e6)}MB}}")
            elif b > 0:
                lines.append(f"  - {{from: {u}, to: {v}, bytes: {int(b)}}}")
            else:
                lines.append(f"  - {{from: {u}, to: {v}}}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


GEN_KINDS = {
    "chain": lambda r: {"n": r.randint(5, 30)},
    "independent": lambda r: {"n": r.randint(5, 40)},
    "fork_join": lambda r: {"n": r.randint(3, 40), "fraction": r.choice([0.1, 0.5, 0.01])},
    "layered": lambda r: {"tasks": r.randint(5, 60), "outdeg": r.choice([1, 2, 3])},
    "series_parallel": lambda r: {"n": r.randint(5, 60)},
    "fft": lambda r: {"points": r.choice([2, 4, 8, 16])},
    "gaussian_elimination": lambda r: {"m": r.randint(3, 10)},
    "cholesky": lambda r: {"tiles": r.randint(2, 4)},
    "lu": lambda r: {"tiles": r.randint(2, 4)},
    "wavefront": lambda r: {"width": r.randint(2, 7), "height": r.randint(2, 7)},
    "stencil": lambda r: {"width": r.randint(2, 4), "height": r.randint(2, 4), "iterations": r.randint(1, 3)},
    "map_reduce": lambda r: {"mappers": r.randint(1, 10), "reducers": r.randint(1, 6)},
    "bsp": lambda r: {"supersteps": r.randint(1, 5), "width": r.randint(2, 8)},
}


# ---------------------------------------------------------------- platform model
class Platform:
    def __init__(self):
        self.P = 1
        self.speeds = []
        self.ctypes = []  # per core type name
        self.factors = {}  # (ctype, ttype) -> f
        self.network = "latency_bandwidth"
        self.L = 1e-6
        self.B = 1e9
        self.topology = None
        self.nodes = None
        self.cpn = 1
        self.nic_L = None
        self.nic_B = None
        self.intra_L = 0.0
        self.intra_B = math.inf
        self.dims = None

    def duration(self, g, t, c):
        if g.costs:
            return g.costs[t][c]
        f = self.factors.get((self.ctypes[c], g.types.get(t)), 1.0)
        return g.work[t] / (self.speeds[c] * f)

    def transfer_lb(self, src, dst, nbytes):
        """Smallest time for a transfer alone (a lower bound), None when unknown."""
        if nbytes <= 0 or src == dst:
            return 0.0
        if self.network == "ideal":
            return 0.0
        if self.network == "latency_bandwidth":
            return self.L + nbytes / self.B
        # flow
        if src // self.cpn == dst // self.cpn:
            return self.intra_L + (0.0 if math.isinf(self.intra_B) else nbytes / self.intra_B)
        if self.topology == "bus":
            return self.L + nbytes / self.B
        nl = self.L if self.nic_L is None else self.nic_L
        nb = self.B if self.nic_B is None else self.nic_B
        if self.nic_B is None and self.nic_L == 0:
            nb = math.inf
        nic = not (nl == 0 and math.isinf(nb))
        a, b = src // self.cpn, dst // self.cpn
        hops = 0
        N = self.nodes
        dims = self.dims
        if dims is None and self.topology in ("mesh2d", "torus2d"):
            Y = max(d for d in range(1, int(math.isqrt(N)) + 1) if N % d == 0)
            dims = (N // Y, Y)
        if self.topology == "ring":
            d = abs(a - b)
            hops = min(d, N - d)
        elif self.topology in ("mesh2d", "torus2d"):
            X, Y = dims
            dx, dy = abs(a % X - b % X), abs(a // X - b // X)
            if self.topology == "torus2d":
                dx, dy = min(dx, X - dx), min(dy, Y - dy)
            hops = dx + dy
        lat = (2 * nl if nic else 0.0) + hops * self.L
        bws = ([nb] if nic else []) + ([self.B] if hops > 0 else [])
        bw = min(bws) if bws else math.inf
        return lat + (0.0 if math.isinf(bw) else nbytes / bw)


def parse_speed(s):
    units = {"GHz": 1e9, "MHz": 1e6, "Gf": 1e9}
    for u, m in units.items():
        if s.endswith(u):
            return float(s[: -len(u)]) * m
    return float(s)


# ---------------------------------------------------------------- case generation
def build_case(case_id, master_seed, cdir):
    rng = random.Random(f"{master_seed}-{case_id}")
    rng.nice = rng.random() < 0.4
    plat = Platform()
    args = []
    files = {}
    info = {"faults": False, "checkpoint": False, "dispatch": False, "locks": False, "mtbf": False,
            "fail_for_good": False}

    # --- network first (it decides the core count for flow)
    net = rng.choice(["ideal", "latency_bandwidth", "latency_bandwidth", "flow", "flow"])
    focus = os.environ.get("FOCUS", "")
    if focus == "wc":
        net = "ideal"
    plat.network = net
    if net == "flow":
        topo = rng.choice(TOPOLOGIES)
        plat.topology = topo
        cpn = rng.choice([1, 1, 2, 4])
        maxnodes = max(1, 16 // cpn)
        if topo == "torus2d":
            nodes = rng.choice([n for n in [9, 12, 15, 16] if n <= maxnodes] or [1])
        elif topo == "torus3d":
            nodes = 1 if maxnodes < 27 else 27
        else:
            nodes = rng.randint(1, maxnodes)
        if topo in ("torus2d", "torus3d") and nodes == 1:
            topo = plat.topology = rng.choice(["ring", "mesh2d", "crossbar"])
            nodes = rng.randint(1, maxnodes)
        plat.nodes, plat.cpn = nodes, cpn
        plat.P = nodes * cpn
        args += ["--topology", topo, "--nodes", str(nodes)]
        if rng.random() < 0.3 or cpn > 1:
            args += ["--cores-per-node", str(cpn)]
        if rng.random() < 0.3:
            args += ["--network", "flow"]
        if rng.random() < 0.3:
            args += ["--cores", str(plat.P)]
        if topo == "mesh2d" and rng.random() < 0.4:
            divs = [d for d in range(1, nodes + 1) if nodes % d == 0]
            d = rng.choice(divs)
            args += ["--dims", f"{d},{nodes // d}"]
            plat.dims = (d, nodes // d)
        if topo == "fat_tree" and rng.random() < 0.3:
            divs = [d for d in range(1, nodes + 1) if nodes % d == 0]
            m1 = rng.choice(divs)
            args += ["--topology-params", f"2;{m1},{nodes // m1};1,{rng.randint(1, 2)};1,{rng.randint(1, 2)}"]
        if topo == "dragonfly" and rng.random() < 0.3:
            # g,gl;c,cl;r,rl;n with g*c*r*n = nodes
            n_ = rng.choice([d for d in range(1, nodes + 1) if nodes % d == 0])
            rest = nodes // n_
            g_ = rng.choice([d for d in range(1, rest + 1) if rest % d == 0])
            rest //= g_
            c_ = rng.choice([d for d in range(1, rest + 1) if rest % d == 0])
            r_ = rest // c_
            args += ["--topology-params", f"{g_},{rng.randint(1, 2)};{c_},1;{r_},1;{n_}"]
        if topo != "bus" and rng.random() < 0.3:
            plat.nic_L = rng.choice([0.0, 5e-7, 1e-5])
            args += ["--nic-latency", repr(plat.nic_L)]
            if rng.random() < 0.5:
                plat.nic_B = rng.choice([1e8, 1e10]) if plat.nic_L > 0 or rng.random() < 0.5 else math.inf
                args += ["--nic-bandwidth", "inf" if math.isinf(plat.nic_B) else repr(plat.nic_B)]
        if cpn > 1 and rng.random() < 0.5:
            plat.intra_L = rng.choice([0.0, 5e-8, 1e-5])
            args += ["--intra-latency", repr(plat.intra_L)]
            if rng.random() < 0.7:
                plat.intra_B = rng.choice([1e9, 1e11])
                args += ["--intra-bandwidth", repr(plat.intra_B)]
            if rng.random() < 0.3:
                args += ["--intra-private"]
        # SimGrid's LV08 instead of CM02: its transfers are slower (latency x13.01, rate x0.97
        # at most), so the bounds below still hold.
        if rng.random() < 0.3:
            args += ["--flow-model", "lv08"]
    else:
        plat.P = rng.choice([1, 2, 2, 3, 4, 4, 5, 7, 8, 8, 12, 16])
        args += ["--network", net] if (net != "latency_bandwidth" or rng.random() < 0.5) else []
    if net != "ideal":
        if rng.random() < 0.6:
            plat.L = rng.choice([0.0, 1e-6, 1e-4, 1e-2]) if not rng.nice else rng.choice([0.0, 0.5])
            args += ["--latency", repr(plat.L)]
        if rng.random() < 0.6:
            plat.B = rng.choice([1e7, 1e8, 1e9, 1e10]) if not rng.nice else 1e9
            args += ["--bandwidth", repr(plat.B)]
    P = plat.P

    # --- speeds
    mode = rng.choice(["uniform", "uniform", "speeds", "types", "costs"])
    base = 1e9
    if rng.random() < 0.4:
        base = rng.choice([5e8, 2e9, 2.5e9])
        if (mode in ("uniform", "types") and rng.random() < 0.9) or rng.random() < 0.05:
            cs_arg = ["--core-speed", rng.choice([repr(base), f"{base / 1e9}GHz"])]
        else:
            base = 1e9
            cs_arg = []
    else:
        cs_arg = []
    plat.speeds = [base] * P
    plat.ctypes = ["cpu"] * P
    want_types = rng.random() < 0.4 or mode == "types"
    if mode == "speeds":
        k = rng.randint(1, 4)
        sp = [rng.choice([5e8, 1e9, 2e9, 3e9]) for _ in range(k)]
        args += ["--speeds", ",".join(repr(s) for s in sp)]
        plat.speeds = [sp[i % k] for i in range(P)]
    elif mode == "types" and "--cores" not in args:
        # split the cores into 1-3 types (in order)
        ntypes = min(P, rng.randint(1, 3))
        cuts = sorted(rng.sample(range(1, P), ntypes - 1)) if ntypes > 1 else []
        bounds = [0] + cuts + [P]
        names = ["cpu", "gpu", "fpga"]
        specs = []
        plat.speeds, plat.ctypes = [], []
        for i in range(ntypes):
            cnt = bounds[i + 1] - bounds[i]
            sp = None
            if rng.random() < 0.6:
                sp = rng.choice([5e8, 2e9, 1e10])
            specs.append(f"{names[i]}:{cnt}" + (f"@{sp / 1e9}GHz" if sp else ""))
            plat.speeds += [sp or base] * cnt
            plat.ctypes += [names[i]] * cnt
        args += ["--core-types", ",".join(specs)]
        if all("@" in x for x in specs) and rng.random() < 0.95:
            cs_arg = []
        if net == "flow":
            # --core-types gives the cores; --nodes must agree
            pass
    elif mode == "types":
        mode = "uniform"
    args += cs_arg
    want_costs = mode == "costs"
    want_locks = rng.random() < 0.3 and focus != "wc"
    info["locks"] = want_locks

    # --- graph
    gsrc = rng.choice(["dot", "dot", "dot", "yaml", "gen", "gen"])
    if want_costs:
        gsrc = "dot"
    n = rng.randint(5, 60)
    if gsrc == "gen":
        kind = rng.choice(list(GEN_KINDS))
        params = GEN_KINDS[kind](rng)
        if kind != "chain" and kind != "independent" and rng.random() < 0.6:
            params["bytes"] = rng.choice([0, 1000, 1000000, 100000000])
        if kind == "layered":
            params.pop("bytes", None)
        if rng.random() < 0.3 and kind != "layered":
            params["work"] = rng.choice([1e8, 1e9, 5e9])
        gpath = os.path.join(cdir, "g.dot")
        gen_cmd = [PELSIM, "generate", kind] + sum((["-P", f"{k}={v}"] for k, v in params.items()), []) + \
                  ["--seed", str(rng.randint(0, 1000)), "-o", gpath]
        r = subprocess.run(gen_cmd, capture_output=True, text=True, timeout=TIMEOUT)
        if r.returncode != 0:
            return None, f"generate failed rc={r.returncode}: {' '.join(gen_cmd)}\n{r.stderr}"
        with open(gpath) as f:
            g = parse_dot(f.read())
        files["g.dot"] = gpath
        info["gen"] = " ".join(gen_cmd[1:])
    else:
        g = random_dag(rng, n, P, want_types, want_locks, want_costs, rng.choice(["chainy", "random"]))
        if gsrc == "yaml":
            gpath = os.path.join(cdir, "g.yaml")
            write_yaml(g, gpath, rng)
        else:
            gpath = os.path.join(cdir, "g.dot")
            write_dot(g, gpath, rng)
    info["locks"] = bool(g.locks)
    gtypes = sorted(set(g.types.values()))
    if mode == "types" and gtypes and not want_costs and rng.random() < 0.8:
        fac = []
        for ct in sorted(set(plat.ctypes)):
            for tt in gtypes:
                if rng.random() < 0.4:
                    f = rng.choice([0.5, 2.0, 10.0])
                    fac.append(f"{ct}:{tt}={f}")
                    plat.factors[(ct, tt)] = f
        if fac:
            args += ["--type-factors", ",".join(fac)]

    # --- policy
    policy = rng.choice(ALL_POLICIES + ["static"])
    if focus == "wc":
        policy = rng.choice(["fifo", "central_queue", "locality"])
    pargs = ["--policy", policy]
    if policy == "static":
        # a random schedule: random cores, per-core order from one topological order (valid),
        # or a broken one (must be refused with exit 2)
        topo = g.topo()
        rng.shuffle(topo) if rng.random() < 0.05 else None
        spath = os.path.join(cdir, "given.csv")
        mapping = {t: rng.randrange(P) for t in g.names}
        if rng.random() < 0.3:
            mapping = {t: 0 for t in g.names}
        mul, off = rng.choice([1, 3]), rng.choice([0, -50, 7])
        order = {t: i * mul + off for i, t in enumerate(topo)}
        lines = ["task,core,order"] if rng.random() < 0.7 else []
        items = list(g.names)
        rng.shuffle(items)
        broken = None
        if rng.random() < 0.1:
            broken = rng.choice(["core", "missing", "dup", "unknown"])
        if broken == "missing":
            # A task of no work may be left out (a source or a sink without data goes on core
            # 0, docs/models/scheduling.md): leave out one with work, or none.
            with_work = [t for t in items
                         if g.work.get(t, 0) > 0 or any(c > 0 for c in g.costs.get(t, []))]
            if with_work:
                i = items.index(with_work[0])
                items[0], items[i] = items[i], items[0]
            else:
                broken = None
        for t in items:
            cc = mapping[t]
            if broken == "core" and t == items[0]:
                cc = P + rng.randint(0, 3)
            if broken == "missing" and t == items[0]:
                continue
            lines.append(f"{t},{cc},{order[t]}")
        if broken == "dup":
            lines.append(f"{items[0]},{mapping[items[0]]},{len(items) + 5}")
        if broken == "unknown":
            lines.append(f"nosuchtask,0,{len(items) + 5}")
        with open(spath, "w") as f:
            f.write("\n".join(lines) + "\n")
        pargs += ["--schedule", "../given.csv"] if rng.random() < 0.5 else ["--schedule", "../given.csv"][:]
        if rng.random() < 0.3:
            pargs = pargs[2:]  # static is the default with --schedule
        info["given_schedule"] = {t: (mapping[t], order[t]) for t in g.names}
        info["broken_schedule"] = broken or (topo != g.topo() and "shuffled")
    if policy in ("hlfet", "etf") and rng.random() < 0.4:
        pargs += ["--policy-param", f"level={rng.choice(['bottom_level', 'static_level'])}"]
    if policy == "central_queue" and rng.random() < 0.7:
        pargs += ["--policy-param", f"priority={rng.choice(['fifo', 'bottom_level', 'random'])}"]
    if policy == "work_stealing":
        if rng.random() < 0.5:
            pargs += ["--policy-param", f"steal_latency={rng.choice(['0', '1us', '1ms', '0.5'])}"]
        if rng.random() < 0.5:
            pargs += ["--policy-param", f"retry_delay={rng.choice(['1us', '10us', '1ms', '0.5'])}"]
    o = lat = 0.0
    if rng.random() < 0.3 and focus != "wc":
        info["dispatch"] = True
        if rng.random() < 0.7:
            o = rng.choice([1e-6, 1e-3, 0.01]) if not rng.nice else rng.choice([0.25, 0.5])
            pargs += ["--policy-param", f"decision_overhead={o}"]
        if rng.random() < 0.7:
            lat = rng.choice([1e-6, 1e-3, 0.01]) if not rng.nice else rng.choice([0.25, 0.5])
            pargs += ["--policy-param", f"dispatch_latency={lat}"]
    info["policy"], info["overhead"], info["latency"] = policy, o, lat
    if rng.random() < 0.3:
        args += ["--seed", str(rng.randint(0, 100))]

    # --- faults
    est = sum(min(plat.duration(g, t, c) for c in range(P)) for t in g.names) / max(1, P) + 1e-3
    avg = est * P / max(1, len(g.names)) + 1e-4
    fr = rng.random() if focus != "wc" else 1.0
    if fr < 0.35:
        info["faults"] = True
        nf = rng.randint(1, 4)
        down_for_good = 0
        for _ in range(nf):
            c = rng.randrange(P)
            t = rng.uniform(0, est * 1.5) if not rng.nice else rng.randint(0, int(2 * est * 1.5) + 1) / 2
            if rng.random() < 0.25 and down_for_good < P - 1:
                args += ["--fail", f"{c}@{t:.6g}"]
                info.setdefault("given", []).append((c, float(f"{t:.6g}"), math.inf))
                down_for_good += 1
                info["fail_for_good"] = True
            else:
                rep = float(f"{rng.uniform(0, est * 0.3):.6g}") if not rng.nice else rng.choice([0, 0.5, 1, 2])
                args += ["--fail", f"{c}@{t:.6g}+{rep:.6g}"]
                info.setdefault("given", []).append((c, float(f"{t:.6g}"), rep))
    elif fr < 0.5:
        info["faults"] = info["mtbf"] = True
        args += ["--mtbf", f"{avg * rng.choice([3, 10, 50]):.6g}"]
        if rng.random() < 0.7:
            args += ["--mttr", f"{avg * rng.choice([0, 0.5, 2]):.6g}"]
        if net == "flow" and plat.cpn > 1 and rng.random() < 0.5:
            args += ["--fault-unit", "node"]
        if rng.random() < 0.5:
            args += ["--fault-seed", str(rng.randint(0, 50))]
    if rng.random() < 0.25:
        info["checkpoint"] = True
        tau = avg * rng.choice([0.1, 0.3, 1.0]) if not rng.nice else rng.choice([0.25, 0.5, 1.0])
        info["tau"] = float(f"{tau:.6g}")
        args += ["--checkpoint-interval", f"{tau:.6g}"]
        info["ckcost"] = 0.0
        if rng.random() < 0.6:
            info["ckcost"] = float(f"{avg * 0.05:.6g}") if not rng.nice else 0.25
            args += ["--checkpoint-cost", f"{info['ckcost']:.6g}"]
        if rng.random() < 0.5:
            args += ["--restart-cost", f"{avg * 0.1:.6g}" if not rng.nice else "0.5"]
    info["P"] = P
    info["mode"] = mode
    info["net"] = net
    info["link_stats"] = net == "flow" and rng.random() < 0.4
    return dict(graph=g, gpath=gpath, plat=plat, args=args, pargs=pargs, info=info), None


# ---------------------------------------------------------------- running
def run(cmd, cwd):
    t0 = time.time()
    r = common.run(cmd, cwd=cwd, timeout=TIMEOUT)
    return r, time.time() - t0


def strip_timing(stdout):
    out = []
    for line in stdout.splitlines():
        try:
            d = json.loads(line)
        except Exception:
            out.append(line)
            continue
        for k in TIMING_KEYS:
            d.pop(k, None)
        out.append(json.dumps(d, sort_keys=True))
    return "\n".join(out)


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def sim_cmd(c, outdir_rel, extra_outputs=True):
    g = os.path.relpath(c["gpath"], os.path.join(os.path.dirname(c["gpath"]), "r1"))
    cmd = [PELSIM, "simulate", g] + c["args"] + c["pargs"] + ["--json"]
    if extra_outputs:
        cmd += ["--trace", "trace.csv", "--explain", "explain.jsonl", "--write-schedule", "sched.csv"]
        if c["info"]["link_stats"]:
            cmd += ["--link-stats", "links.csv"]
    if "--cores" not in cmd and "--core-types" not in cmd and "--nodes" not in cmd:
        cmd += ["--cores", str(c["info"]["P"])]
    return cmd


def check_case(case_id, master_seed):
    cdir = os.path.join(WORK, f"c{case_id}")
    shutil.rmtree(cdir, ignore_errors=True)
    os.makedirs(cdir)
    problems = []
    try:
        c, err = build_case(case_id, master_seed, cdir)
    except Exception as e:  # a bug of this script
        return case_id, [f"SCRIPT ERROR build: {e!r}"], {}
    if c is None:
        return case_id, ["generate: " + err], {}
    info = c["info"]
    g, plat = c["graph"], c["plat"]
    P = plat.P
    r1 = os.path.join(cdir, "r1")
    r2 = os.path.join(cdir, "r2")
    os.makedirs(r1)
    os.makedirs(r2)
    cmd = sim_cmd(c, "r1")
    res1, dt = run(cmd, r1)
    stats = {"policy": info["policy"], "net": info["net"], "mode": info["mode"], "rc": None}
    cmdline = "cd " + r1 + " && " + " ".join(cmd)
    if res1 is None:
        return case_id, [f"HANG (> {TIMEOUT}s): {cmdline}"], stats
    stats["rc"] = res1.returncode
    outs = ["trace.csv", "explain.jsonl", "sched.csv", "links.csv"]
    if info.get("broken_schedule") in ("core", "missing", "dup", "unknown") and res1.returncode == 0:
        problems.append(f"broken schedule ({info['broken_schedule']}) accepted: {cmdline}")
    if res1.returncode != 0:
        if res1.returncode == 2:
            msg = res1.stderr.strip()
            left = [f for f in os.listdir(r1)]
            if left:
                problems.append(f"rc 2 but output files left behind: {left}: {cmdline}\n{msg}")
            if not (re.search(r"^pelsim: error: ", msg, re.M)):
                problems.append(f"rc 2 without a clear message: {cmdline}\n{msg}")
            stats["err"] = msg.splitlines()[-1] if msg else ""
        else:
            problems.append(f"exit status {res1.returncode}: {cmdline}\nstderr: {res1.stderr[-2000:]}")
        return case_id, problems, stats

    # ---------------- determinism
    res2, _ = run(cmd, r2)
    if res2 is None or res2.returncode != 0:
        problems.append(f"second identical run differs in status: {cmdline}")
    else:
        if strip_timing(res1.stdout) != strip_timing(res2.stdout):
            problems.append(f"non-deterministic stdout: {cmdline}\n{res1.stdout}\n{res2.stdout}")
        for f in outs:
            if read(os.path.join(r1, f)) != read(os.path.join(r2, f)):
                problems.append(f"non-deterministic {f}: {cmdline}")

    try:
        js = json.loads(res1.stdout.strip().splitlines()[-1])
    except Exception as e:
        problems.append(f"stdout is not JSON ({e}): {cmdline}\n{res1.stdout}")
        return case_id, problems, stats
    ms = js["makespan"]
    eps = 1e-9 * max(ms, 1e-9) + 1e-12
    faults = info["faults"]
    ck = info["checkpoint"]
    o = info["overhead"]

    # ---------------- JSON basics
    if js.get("cores") != P:
        problems.append(f"json cores {js.get('cores')} != {P}: {cmdline}")
    if not g.has_root_end:
        if js.get("tasks") != len(g.names):
            problems.append(f"json tasks {js.get('tasks')} != {len(g.names)}: {cmdline}")
        if js.get("edges") != len(g.edges):
            problems.append(f"json edges {js.get('edges')} != {len(g.edges)}: {cmdline}")
        tw = sum(g.work.values())
        if not rel_close(js.get("total_work", -1), tw):
            problems.append(f"json total_work {js.get('total_work')} != {tw}: {cmdline}")
    if faults and "failures" not in js and not info["mtbf"]:
        problems.append(f"json has no failures field with --fail: {cmdline}")

    # ---------------- lower bound (my own)
    shortest = {t: min(plat.duration(g, t, cc) for cc in range(P)) for t in g.names}
    order = g.topo()
    preds = g.preds()
    ef = {}
    for t in order:
        ef[t] = max((ef[u] for u, _ in preds[t]), default=0.0) + shortest[t]
    cp = max(ef.values()) if ef else 0.0
    spread = sum(shortest.values()) / P
    lb = max(cp, spread)
    if not g.costs:
        groups = {}
        for t in g.names:
            k = g.types.get(t)
            vec = tuple(plat.speeds[cc] * plat.factors.get((plat.ctypes[cc], k), 1.0) for cc in range(P))
            groups[vec] = groups.get(vec, 0.0) + g.work[t]
        for vec, Wk in groups.items():
            lb = max(lb, Wk / sum(vec))
    for lk in set(g.locks.values()):
        lb = max(lb, sum(shortest[t] for t in g.names if g.locks.get(t) == lk))
    # the documented formula (scheduling.md): per task type k when factors exist, else W / sum speed
    lb_doc = max(cp, spread)
    if not g.costs:
        if not plat.factors:
            lb_doc = max(lb_doc, sum(g.work.values()) / sum(plat.speeds))
        else:
            for k in set(g.types.get(t) for t in g.names):
                Wk = sum(g.work[t] for t in g.names if g.types.get(t) == k)
                Rk = sum(plat.speeds[cc] * plat.factors.get((plat.ctypes[cc], k), 1.0) for cc in range(P))
                lb_doc = max(lb_doc, Wk / Rk)
    for lk in set(g.locks.values()):
        lb_doc = max(lb_doc, sum(shortest[t] for t in g.names if g.locks.get(t) == lk))
    stats["lb_ratio"] = ms / lb if lb > 0 else None
    if ms < lb * (1 - 1e-9) - 1e-12:
        problems.append(f"makespan {ms!r} below lower bound {lb!r} (cp {cp!r}, spread {spread!r}): {cmdline}")
    if not rel_close(js.get("critical_path", -1), cp, 1e-9):
        problems.append(f"json critical_path {js.get('critical_path')!r} != mine {cp!r}: {cmdline}")
    if not rel_close(js.get("lower_bound", -1), lb_doc, 1e-9):
        problems.append(f"json lower_bound {js.get('lower_bound')!r} != documented formula {lb_doc!r}: {cmdline}")
    if ms < js.get("lower_bound", 0) * (1 - 1e-9) - 1e-12:
        problems.append(f"makespan {ms!r} below the reported lower_bound {js.get('lower_bound')!r}: {cmdline}")

    # ---------------- planned makespan reproduced
    if (info["policy"] in PLAN_POLICIES and info["net"] in ("ideal", "latency_bandwidth") and not faults
            and not ck and not info["dispatch"] and not g.locks):
        pm = js.get("planned_makespan")
        if pm is None or not rel_close(pm, ms, 1e-9):
            problems.append(f"planned_makespan {pm!r} != makespan {ms!r} ({info['policy']} on {info['net']}): {cmdline}")

    # ---------------- trace
    tr_text = read(os.path.join(r1, "trace.csv"))
    if tr_text is None:
        problems.append(f"no trace written: {cmdline}")
        return case_id, problems, stats
    rows = list(csv.reader(io.StringIO(tr_text.decode())))
    if rows and rows[0] == ["task", "core", "start", "finish"]:
        rows = rows[1:]
    runs = {}
    for row in rows:
        t, cc, s, f = row[0], int(row[1]), float(row[2]), float(row[3])
        runs.setdefault(t, []).append((cc, s, f))
    missing = [t for t in g.names if t not in runs]
    multi = [t for t, v in runs.items() if len(v) != 1]
    unknown = [t for t in runs if t not in g.work]
    if missing or multi or unknown:
        problems.append(f"trace: missing {missing[:5]} repeated {multi[:5]} unknown {unknown[:5]}: {cmdline}")
        return case_id, problems, stats
    tmax = max((v[0][2] for v in runs.values()), default=0.0)
    if not rel_close(tmax, ms, 1e-12, 1e-15):
        problems.append(f"makespan {ms!r} != last finish in trace {tmax!r}: {cmdline}")
    for t, v in runs.items():
        cc, s, f = v[0]
        if not (0 <= cc < P):
            problems.append(f"trace: task {t} on core {cc} outside 0..{P - 1}: {cmdline}")
        if s < -eps or f < s - eps:
            problems.append(f"trace: task {t} start {s} finish {f}: {cmdline}")
    # precedence + transfers
    bad = 0
    for t in g.names:
        cc, s, f = runs[t][0]
        for u, b in preds[t]:
            uc, us, uf = runs[u][0]
            need = uf
            lbt = plat.transfer_lb(uc, cc, b)
            if lbt:
                need = uf + lbt
            if s < need - eps - 1e-12 * need:
                bad += 1
                if bad <= 3:
                    problems.append(f"trace: {t} starts {s!r} on core {cc} before its input from {u} (core {uc}, "
                                    f"finish {uf!r}, bytes {b}, transfer >= {lbt!r}) can be there {need!r}: {cmdline}")
    # core overlap
    percore = {}
    for t, v in runs.items():
        percore.setdefault(v[0][0], []).append((v[0][1], v[0][2], t))
    for cc, lst in percore.items():
        lst.sort()
        for (s0, f0, t0), (s1, f1, t1) in zip(lst, lst[1:]):
            if s1 < f0 + o - eps - 1e-12 * f0:
                problems.append(f"trace: core {cc} runs {t1} at {s1!r} before {t0} finished {f0!r}"
                                f" (+overhead {o}): {cmdline}")
                break
    # locks
    for lk in set(g.locks.values()):
        lst = sorted((runs[t][0][1], runs[t][0][2], t) for t in g.names if g.locks.get(t) == lk)
        for (s0, f0, t0), (s1, f1, t1) in zip(lst, lst[1:]):
            if s1 < f0 - eps and f1 > s1 and f0 > s0:
                problems.append(f"trace: lock {lk} held by {t0} [{s0!r},{f0!r}] and {t1} [{s1!r},{f1!r}] at once: {cmdline}")
                break
    # durations of completed runs (also with faults: a completed run ran from its start)
    if not ck:
        bad = 0
        for t, v in runs.items():
            cc, s, f = v[0]
            d = plat.duration(g, t, cc)
            if not rel_close(f - s, d, 1e-9, 1e-12 + 1e-15 * f):
                bad += 1
                if bad <= 3:
                    problems.append(f"trace: {t} on core {cc} lasts {f - s!r}, expected {d!r}: {cmdline}")
    # given failures: no completed run on a core while it is down, none across a failure
    for (fc, ft, fr) in info.get("given", []):
        if fc >= P:
            continue
        for s0, f0, t0 in percore.get(fc, []):
            b0 = s0 - o
            if (b0 < ft - eps and ft < f0 - eps and f0 - b0 > 0):
                problems.append(f"trace: {t0} on core {fc} ran [{s0!r},{f0!r}] through the failure at {ft}: {cmdline}")
            if ft + eps < s0 and s0 < ft + fr - eps and f0 > s0:
                problems.append(f"trace: {t0} on core {fc} started {s0!r} while the core was down [{ft}, {ft + fr}): {cmdline}")
    if faults and not ck and ms > 0 and "lost_work" in js:
        useful = sum(plat.duration(g, t, v[0][0]) for t, v in runs.items())
        busy = js["utilisation"] * P * ms
        if not rel_close(busy, useful + js["lost_work"], 1e-6, 1e-9):
            problems.append(f"busy {busy!r} (utilisation x P x makespan) != useful {useful!r} + lost {js['lost_work']!r}: {cmdline}")
    if faults and js.get("lost_work", 0) < -1e-12:
        problems.append(f"negative lost_work {js['lost_work']}: {cmdline}")
    if faults and not info["mtbf"] and "failures" in js:
        nfail = len([1 for (fc, ft, fr) in info.get("given", []) if fc < P])
        if js["failures"] > nfail:
            problems.append(f"json failures {js['failures']} > given {nfail}: {cmdline}")
        if js.get("interrupted", 0) > js["failures"]:
            problems.append(f"json interrupted {js['interrupted']} > failures {js['failures']}: {cmdline}")
    if not faults:
        bad = 0
        for t, v in runs.items():
            if not ck:
                break
            cc, s, f = v[0]
            d = plat.duration(g, t, cc)
            if ck and d > 0:
                tau = info["tau"]
                q = d / tau
                nq = round(q)
                k = nq if abs(q - nq) <= 1e-9 * max(1.0, q) else math.ceil(q)
                d = d + (k - 1) * info["ckcost"]
            if not rel_close(f - s, d, 1e-9, 1e-12 + 1e-15 * f):
                bad += 1
                if bad <= 3:
                    problems.append(f"trace: {t} on core {cc} lasts {f - s!r}, expected {d!r}: {cmdline}")
        # utilisation
        if ms > 0:
            busy = sum(v[0][2] - v[0][1] for v in runs.values())
            u = busy / (P * ms)
            if not rel_close(js.get("utilisation", -1), u, 1e-6, 1e-9):
                problems.append(f"json utilisation {js.get('utilisation')!r} != trace's {u!r}: {cmdline}")
            types = sorted(set(plat.ctypes))
            if len(types) > 1:
                for ty in types:
                    cs = [i for i in range(P) if plat.ctypes[i] == ty]
                    bt = sum(v[0][2] - v[0][1] for v in runs.values() if plat.ctypes[v[0][0]] == ty)
                    ut = bt / (len(cs) * ms)
                    key = f"utilisation_{ty}"
                    if key not in js or not rel_close(js[key], ut, 1e-6, 1e-9):
                        problems.append(f"json {key} {js.get(key)!r} != trace's {ut!r}: {cmdline}")
        # bytes moved (all networks: edges between different cores with bytes > 0)
        bm = sum(b for u, v, b in g.edges if b > 0 and runs[u][0][0] != runs[v][0][0])
        ntr = sum(1 for u, v, b in g.edges if b > 0 and runs[u][0][0] != runs[v][0][0])
        if info["net"] != "ideal" and not rel_close(js.get("bytes_moved", -1), bm, 1e-12, 0.5):
            problems.append(f"json bytes_moved {js.get('bytes_moved')!r} != trace's {bm!r}: {cmdline}")
        stats["transfers_diff"] = (js.get("transfers"), ntr)
        if info["net"] != "ideal" and js.get("transfers") != ntr:
            problems.append(f"json transfers {js.get('transfers')} != cross-core edges with bytes {ntr}: {cmdline}")

    # ---------------- static: trace follows the given schedule
    gs = info.get("given_schedule")
    if gs and not info.get("fail_for_good"):
        for t in g.names:
            if runs[t][0][0] != gs[t][0]:
                problems.append(f"static: {t} ran on core {runs[t][0][0]}, schedule says {gs[t][0]}: {cmdline}")
                break
        for cc, lst in percore.items():
            seq = [t for s0, f0, t in sorted(lst, key=lambda x: (x[0], x[1]))]
            if [gs[t][1] for t in seq] != sorted(gs[t][1] for t in seq):
                # zero-length tasks may share a start; only flag strict inversions
                inv = [(a, b) for a, b in zip(seq, seq[1:]) if gs[a][1] > gs[b][1] and runs[a][0][1] < runs[b][0][1]]
                if inv:
                    problems.append(f"static: core {cc} runs out of the schedule's order {inv[:2]}: {cmdline}")
                    break

    # ---------------- work conservation (Graham list scheduling): fifo, central_queue, locality on
    # the ideal network, no dispatch costs, faults or locks: no core idles while a task is ready
    if (info["policy"] in ("fifo", "central_queue", "locality") and info["net"] == "ideal" and not faults
            and not info["dispatch"] and not g.locks):
        busy = {cc: sorted((v[0][1], v[0][2]) for t, v in runs.items() if v[0][0] == cc) for cc in range(P)}
        def idle_during(cc, a, b):
            # is core cc idle at some time in (a, b)?
            t0 = a
            for s0, f0 in busy[cc]:
                if f0 <= t0 + eps:
                    continue
                if s0 > t0 + eps:
                    return True
                t0 = max(t0, f0)
                if t0 >= b - eps:
                    return False
            return t0 < b - eps
        nviol = 0
        for t in g.names:
            rdy = max((runs[u][0][2] for u, _ in preds[t]), default=0.0)
            st = runs[t][0][1]
            if st > rdy + eps:
                idle = [cc for cc in range(P) if idle_during(cc, rdy, st)]
                if idle:
                    nviol += 1
                    if nviol <= 2:
                        problems.append(f"work conservation: {t} ready at {rdy!r} waits until {st!r} while core(s) {idle[:4]} idle: {cmdline}")
    # ---------------- round_robin: task i of the topological order (Kahn, FIFO, sources in file
    # order, out-edges in file order) to core i mod P
    if info["policy"] == "round_robin" and not info.get("fail_for_good") and not g.has_root_end:
        kahn = g.topo()
        for i, t in enumerate(kahn):
            if runs[t][0][0] != i % P:
                problems.append(f"round_robin: {t} (topological position {i}) on core {runs[t][0][0]}, expected {i % P}: {cmdline}")
                break

    # ---------------- link stats
    if info["link_stats"]:
        ls = read(os.path.join(r1, "links.csv"))
        if ls is None:
            problems.append(f"no link stats written: {cmdline}")
        else:
            lrows = list(csv.DictReader(io.StringIO(ls.decode())))
            mu = max((float(r["utilisation"]) for r in lrows), default=0.0)
            for r in lrows:
                bw, by, bt, ut = float(r["bandwidth"]), float(r["bytes"]), float(r["busy_time"]), float(r["utilisation"])
                mu = max(mu, ut)
                if ms > 0 and not rel_close(ut, by / (bw * ms), 1e-6, 1e-12):
                    problems.append(f"link {r['link']}: utilisation {ut} != bytes/(bw x makespan) {by / (bw * ms)}: {cmdline}")
                    break
                if bt > ms * (1 + 1e-9) + 1e-12 or (by > bw * bt * (1 + 1e-6) + 1e-3 and not
                                                     ("intra" in r["link"] and "--intra-private" in c["args"])):
                    problems.append(f"link {r['link']}: busy {bt} bytes {by} bw {bw} makespan {ms}: {cmdline}")
                    break
            if lrows and not rel_close(js.get("max_link_utilisation", -1), mu, 1e-9, 1e-15):
                problems.append(f"json max_link_utilisation {js.get('max_link_utilisation')} != links.csv max {mu}: {cmdline}")

    # ---------------- explain
    ex = read(os.path.join(r1, "explain.jsonl"))
    if ex is None:
        problems.append(f"no explain written: {cmdline}")
    else:
        finals = {}
        lastcore = {}
        kinds = {}
        nplanbad = [0]
        plan_exact = (info["net"] in ("ideal", "latency_bandwidth") and not faults and not ck
                      and not info["dispatch"] and not g.locks)
        for i, line in enumerate(ex.decode().splitlines()):
            try:
                d = json.loads(line)
            except Exception as e:
                problems.append(f"explain line {i + 1} is not JSON ({e}): {line[:200]}: {cmdline}")
                break
            if d.get("final"):
                finals[d.get("task")] = finals.get(d.get("task"), 0) + 1
                lastcore[d.get("task")] = d.get("core")
                if (d.get("kind") == "planned" and "start" in d and info["policy"] in PLAN_POLICIES
                        and plan_exact and d.get("task") in runs):
                    rs, rf = runs[d["task"]][0][1], runs[d["task"]][0][2]
                    if not (rel_close(rs, d["start"], 1e-9, 1e-12) and rel_close(rf, d["finish"], 1e-9, 1e-12)):
                        nplanbad[0] += 1
                        if nplanbad[0] <= 2:
                            problems.append(f"explain: planned [{d['start']!r},{d['finish']!r}] of {d['task']} != trace [{rs!r},{rf!r}]: {cmdline}")
            kinds[d.get("kind")] = kinds.get(d.get("kind"), 0) + 1
            if d.get("task") is not None and d.get("task") not in g.work:
                problems.append(f"explain names unknown task {d.get('task')}: {cmdline}")
            if "core" in d and not (0 <= d["core"] < P):
                problems.append(f"explain line {i + 1} core {d['core']} outside: {cmdline}")
        if not faults:
            wrong = [(t, finals.get(t, 0)) for t in g.names if finals.get(t, 0) != 1]
            if wrong:
                problems.append(f"explain: tasks without exactly one final decision {wrong[:5]}: {cmdline}")
            wc = [(t, lastcore.get(t), runs[t][0][0]) for t in g.names if t in lastcore and lastcore[t] != runs[t][0][0]]
            if wc:
                problems.append(f"explain: final decision core != trace core (task, explain, trace) {wc[:3]}: {cmdline}")
        if info["policy"] == "work_stealing" and js.get("steals") != kinds.get("steal", 0):
            problems.append(f"json steals {js.get('steals')} != explain steal lines {kinds.get('steal', 0)}: {cmdline}")
        if info["policy"] == "locality" and not faults:
            if js.get("local_dispatches", -1) + js.get("remote_dispatches", -1) != len(g.names):
                problems.append(f"locality: local {js.get('local_dispatches')} + remote {js.get('remote_dispatches')} != tasks {len(g.names)}: {cmdline}")
            # the final decision's core is where the task ran
        else:
            wrong = [t for t in g.names if finals.get(t, 0) < 1]
            if wrong:
                problems.append(f"explain: tasks without a final decision {wrong[:5]}: {cmdline}")

    # ---------------- schedule: consistent with trace, replay
    sc = read(os.path.join(r1, "sched.csv"))
    if sc is None:
        problems.append(f"no schedule written: {cmdline}")
    else:
        srows = list(csv.reader(io.StringIO(sc.decode())))
        if srows and srows[0] == ["task", "core", "order"]:
            srows = srows[1:]
        smap = {r[0]: (int(r[1]), int(r[2])) for r in srows}
        if sorted(smap) != sorted(g.names) or len(srows) != len(g.names):
            problems.append(f"schedule does not list every task once: {cmdline}")
        else:
            for t in g.names:
                if smap[t][0] != runs[t][0][0]:
                    problems.append(f"schedule puts {t} on core {smap[t][0]} but trace on {runs[t][0][0]}: {cmdline}")
                    break
            # per-core order consistent with trace start order
            for cc, lst in percore.items():
                ords = [smap[t][1] for s, f, t in sorted(lst, key=lambda x: (x[0], x[1]))]
                if ords != sorted(ords) and not any(x[0] == y[0] for x, y in zip(lst, lst[1:])):
                    problems.append(f"schedule order on core {cc} differs from trace order: {cmdline}")
                    break
        if not faults:
            r3 = os.path.join(cdir, "r3")
            os.makedirs(r3)
            shutil.copy(os.path.join(r1, "sched.csv"), os.path.join(r3, "in.csv"))
            pargs = [a for a in c["pargs"]]
            # keep only dispatch params
            new_p = ["--policy", "static", "--schedule", "in.csv"]
            i = 0
            while i < len(pargs):
                if pargs[i] == "--policy-param" and pargs[i + 1].split("=")[0] in ("decision_overhead", "dispatch_latency"):
                    new_p += pargs[i:i + 2]
                i += 1
            c3 = dict(c)
            c3["pargs"] = new_p
            cmd3 = sim_cmd(c3, "r3", extra_outputs=False) + ["--trace", "trace.csv"]
            res3, _ = run(cmd3, r3)
            cl3 = "cd " + r3 + " && " + " ".join(cmd3)
            if res3 is None:
                problems.append(f"replay HANG: {cl3}")
            elif res3.returncode != 0:
                problems.append(f"replay exit {res3.returncode}: {cl3}\n{res3.stderr[-1500:]}")
            else:
                ms3 = json.loads(res3.stdout.strip().splitlines()[-1])["makespan"]
                stats["replay"] = (ms, ms3)
                pol = info["policy"]
                if pol in PLAN_POLICIES + BASELINES:
                    if not rel_close(ms, ms3, 1e-9):
                        problems.append(f"replay of a plan ({pol}) gives makespan {ms3!r} != {ms!r}: {cmdline}  ;; {cl3}")
                elif not g.locks and info["net"] != "flow":
                    if ms3 > ms * (1 + 1e-9) + 1e-12:
                        problems.append(f"SOFT replay of dynamic {pol} is LONGER {ms3!r} > {ms!r}: {cmdline}  ;; {cl3}")
    # ---------------- outputs do not change the run; equivalent commands give the same run
    variants = []
    base_cmd = sim_cmd(c, "r4", extra_outputs=False)
    variants.append(("without --explain/--write-schedule/--link-stats", base_cmd + ["--trace", "trace.csv"]))
    if info["mtbf"] and "--fault-seed" not in c["args"]:
        sd = c["args"][c["args"].index("--seed") + 1] if "--seed" in c["args"] else "1"
        variants.append((f"with --fault-seed {sd} (the default: --seed)", base_cmd + ["--trace", "trace.csv", "--fault-seed", sd]))
    pol = info["policy"]
    cqf = pol == "central_queue" and ("priority=fifo" in c["pargs"] or not any("priority=" in x for x in c["pargs"]))
    if not faults and (pol == "fifo" or cqf):
        other = ["--policy", "central_queue", "--policy-param", "priority=fifo"] if pol == "fifo" else ["--policy", "fifo"]
        pp = [x for x in c["pargs"] if x not in ("--policy", pol, "priority=fifo")]
        # keep dispatch params only
        keep = []
        for i, x in enumerate(pp):
            if x == "--policy-param" and i + 1 < len(pp) and pp[i + 1].split("=")[0] in ("decision_overhead", "dispatch_latency"):
                keep += [x, pp[i + 1]]
        c5 = dict(c)
        c5["pargs"] = other + keep
        variants.append((f"{' '.join(other)} (docs: identical to fifo)", sim_cmd(c5, "r5", extra_outputs=False) + ["--trace", "trace.csv"]))
    for k, (what, vcmd) in enumerate(variants):
        rd = os.path.join(cdir, f"v{k}")
        os.makedirs(rd)
        rv, _ = run(vcmd, rd)
        clv = "cd " + rd + " && " + " ".join(vcmd)
        if rv is None or rv.returncode != 0:
            problems.append(f"variant {what} failed ({None if rv is None else rv.returncode}): {clv}")
            continue
        a1 = json.loads(strip_timing(res1.stdout).splitlines()[-1])
        a2 = json.loads(strip_timing(rv.stdout).splitlines()[-1])
        for d in (a1, a2):
            for key in ("policy", "max_link_utilisation", "busiest_link", "links_used", "events"):
                d.pop(key, None)
        if a1 != a2:
            diff = {key: (a1.get(key), a2.get(key)) for key in set(a1) | set(a2) if a1.get(key) != a2.get(key)}
            problems.append(f"variant {what} gives another result {diff}: {cmdline}  ;;  {clv}")
        elif read(os.path.join(rd, "trace.csv")) != read(os.path.join(r1, "trace.csv")):
            problems.append(f"variant {what} gives another trace: {cmdline}  ;;  {clv}")
    return case_id, problems, stats


def configure(pelsim, work, faildir):
    global PELSIM, WORK, FAILDIR
    PELSIM, WORK, FAILDIR = pelsim, work, faildir


def init_worker(pelsim, work, faildir):
    configure(pelsim, work, faildir)
    common.end_child_on_sigterm()


def worker(a):
    cid, seed, keep = a
    try:
        cid, probs, stats = check_case(cid, seed)
    except Exception as e:
        import traceback
        probs, stats = [f"SCRIPT ERROR: {traceback.format_exc()}"], {}
    saved = None
    if probs:
        # a killed hang leaves GBs of temporaries: *.tmp.* are not copied
        saved, probs = common.save_failure(os.path.join(WORK, f"c{cid}"), FAILDIR, f"check-s{seed}-c{cid}", probs,
                                           ignore=shutil.ignore_patterns("*.tmp.*"))
    if not keep:
        shutil.rmtree(os.path.join(WORK, f"c{cid}"), ignore_errors=True)
    return cid, probs, stats, saved


def main():
    ap = argparse.ArgumentParser(
        description="Randomized cross-feature property check of `pelsim simulate`: random small DAGs, "
                    "platforms, policies, faults and checkpoints; invariants checked on the JSON, trace, "
                    "explain, schedule and link-stats outputs (docs/crosscheck.md).",
        epilog="Environment: FOCUS=wc draws only fifo, central_queue and locality on the ideal network, "
               "without locks, dispatch costs or faults: the cases the work-conservation check applies to. "
               "Exit status: 0 no failing case, 1 some case failed, 2 pelsim not found.")
    ap.add_argument("--n", type=int, default=None,
                    help="number of cases (default: 200, or no limit with --minutes)")
    ap.add_argument("--seed", type=int, default=1, metavar="S", help="master seed: case K of seed S is always the same case "
                                                         "(default: %(default)s)")
    ap.add_argument("--start", type=int, default=0, metavar="K", help="number of the first case (default: %(default)s)")
    ap.add_argument("--jobs", type=int, default=2, metavar="J", help="cases checked in parallel (default: %(default)s)")
    ap.add_argument("--minutes", type=float, default=0, metavar="M",
                    help="stop after M minutes (the cases still running are dropped)")
    ap.add_argument("--case", type=int, default=None, metavar="K", help="check only case K (of --seed), e.g. to reproduce one")
    common.add_options(ap)
    a = ap.parse_args()
    pelsim = common.pelsim_path(a.pelsim, ap.prog)
    faildir = os.path.abspath(a.out)
    n = a.n if a.n is not None else (10 ** 9 if a.minutes else 200)
    work = common.make_workdir("check")
    configure(pelsim, work, faildir)
    ids = [a.case] if a.case is not None else range(a.start, a.start + n)
    t0 = time.time()
    nfail = 0
    summary = {"rc": {}, "policy": {}, "net": {}, "mode": {}}
    done = 0
    try:
        with multiprocessing.Pool(a.jobs, initializer=init_worker, initargs=(pelsim, work, faildir)) as pool:
            for cid, probs, stats, saved in pool.imap_unordered(worker, ((i, a.seed, a.keep) for i in ids)):
                done += 1
                for k in summary:
                    summary[k][str(stats.get(k))] = summary[k].get(str(stats.get(k)), 0) + 1
                if stats.get("err"):
                    print(f"[case {cid}] rc2: {stats['err'][:200]}")
                if probs:
                    nfail += 1
                    print(f"=== case {cid} (seed {a.seed}) FAILED, saved in {saved}")
                    for p in probs:
                        print("  - " + p[:3000])
                    print(f"  again: python3 {sys.argv[0]} --seed {a.seed} --case {cid} --pelsim {pelsim}")
                sys.stdout.flush()
                if a.minutes and time.time() - t0 > a.minutes * 60:
                    pool.terminate()
                    break
    finally:
        common.remove_workdir(work, a.keep)
    print(f"done {done} cases, {nfail} failing, {time.time() - t0:.0f}s")
    print(json.dumps(summary, indent=None))
    if nfail:
        print(f"failing cases saved in {faildir}")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
