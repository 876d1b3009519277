#!/usr/bin/env python3
"""Writes the Floyd / Dijkstra and TORUS test platforms and DAGs of this folder (README.md)."""
import itertools


def ring_platform(routing, order, one_way=False):
    """6 hosts h0..h5, each on its router r_i by link hl_i; routers in a ring by rl_i
    (r_i - r_{i+1}). `order`: "declared" gives the routes host links first, ring in order;
    "shuffled" gives them in another order (Dijkstra numbers its vertices by first
    appearance). one_way: the ring links are given r_i -> r_{i+1} only (symmetrical="NO")."""
    out = ["<?xml version='1.0'?>",
           '<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">',
           '<platform version="4.1">',
           f'  <zone id="ring" routing="{routing}">']
    for i in range(6):
        core = ' core="2"' if i in (1, 5) else ""
        out.append(f'    <host id="h{i}" speed="1Gf"{core}/>')
        out.append(f'    <router id="r{i}"/>')
    for i in range(6):
        out.append(f'    <link id="hl{i}" bandwidth="100MBps" latency="{10 + i}us"/>')
    for i in range(6):
        bw = "20MBps" if i < 3 else "50MBps"
        extra = ' sharing_policy="SPLITDUPLEX"' if i == 1 else (
            ' sharing_policy="FATPIPE"' if i == 4 else "")
        out.append(f'    <link id="rl{i}" bandwidth="{bw}" latency="{100 * (i + 1)}us"{extra}/>')

    def ring_route(i, src, dst, sym):
        d = ' direction="UP"' if i == 1 else ""
        s = '' if sym else ' symmetrical="NO"'
        return f'    <route src="{src}" dst="{dst}"{s}><link_ctn id="rl{i}"{d}/></route>'

    host_routes = [f'    <route src="h{i}" dst="r{i}"><link_ctn id="hl{i}"/></route>'
                   for i in range(6)]
    if one_way:
        host_routes = []
        for i in range(6):
            host_routes.append(f'    <route src="h{i}" dst="r{i}" symmetrical="NO">'
                               f'<link_ctn id="hl{i}"/></route>')
            host_routes.append(f'    <route src="r{i}" dst="h{i}" symmetrical="NO">'
                               f'<link_ctn id="hl{i}"/></route>')
        ring = [ring_route(i, f"r{i}", f"r{(i + 1) % 6}", False) for i in range(6)]
    else:
        ring = [ring_route(i, f"r{i}", f"r{(i + 1) % 6}", True) for i in range(6)]
    if order == "shuffled":
        routes = [ring[3], host_routes[4], ring[0], ring[5], host_routes[0], ring[2]] + \
                 ring[1:2] + ring[4:5] + [r for k, r in enumerate(host_routes) if k not in (0, 4)]
        routes = [r for r in routes]
    else:
        routes = host_routes + ring
    # h1 has its own route to itself (one way, as Floyd and Dijkstra require).
    routes.append('    <route src="h1" dst="h1" symmetrical="NO"><link_ctn id="hl1"/></route>')
    out += routes
    out += ["  </zone>", "</platform>"]
    return "\n".join(out) + "\n"


def tour_dag(hosts_cores):
    """A chain of tasks whose consecutive tasks run on each ordered pair of hosts once (an
    Eulerian circuit of the complete digraph), so every transfer is alone on the network;
    then a fan-out from core 0 to every core and back, transfers at once."""
    n = len(hosts_cores)
    first_core = [sum(hosts_cores[:i]) for i in range(n)]
    # Hierholzer on the complete digraph of n hosts.
    unused = {a: [b for b in range(n) if b != a] for a in range(n)}
    stack, tour = [0], []
    while stack:
        v = stack[-1]
        if unused[v]:
            stack.append(unused[v].pop(0))
        else:
            tour.append(stack.pop())
    tour.reverse()
    lines, sched = ["digraph G {"], ["task,core,order"]
    order = {}

    def place(task, core):
        k = order.get(core, 0)
        order[core] = k + 1
        sched.append(f"{task},{core},{k}")

    for k, h in enumerate(tour):
        lines.append(f'  c{k} [size="1e6"];')
        place(f"c{k}", first_core[h])
        if k:
            lines.append(f'  c{k - 1} -> c{k} [size="{1000000 + 1000 * k}"];')
    # Two cores of one host: h1 (its own route) and the last host (the loopback).
    prev = f"c{len(tour) - 1}"
    for h in (1, n - 1):
        for k in (0, 1):
            lines.append(f'  s{h}_{k} [size="1e6"];')
            place(f"s{h}_{k}", first_core[h] + k)
            lines.append(f'  {prev} -> s{h}_{k} [size="2000000"];')
            prev = f"s{h}_{k}"
    last = prev
    cores = sum(hosts_cores)
    lines.append('  hub [size="1e6"];')
    place("hub", 0)
    lines.append(f'  {last} -> hub [size="1e6"];')
    for c in range(cores):
        lines.append(f'  f{c} [size="{(c + 1) * 1e6:.0f}"];')
        place(f"f{c}", c)
        lines.append(f'  hub -> f{c} [size="{(c + 2) * 500000}"];')
    lines.append('  sink [size="1e6"];')
    for c in range(cores):
        lines.append(f'  f{c} -> sink [size="{(c + 1) * 300000}"];')
    place("sink", 0)
    lines.append("}")
    return "\n".join(lines) + "\n", "\n".join(sched) + "\n"




def cluster(radical, extra, core=""):
    """A platform of one <cluster> of 1Gf hosts node-R on 125MBps, 50us links."""
    return ("<?xml version='1.0'?>\n"
            '<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">\n'
            '<platform version="4.1">\n'
            '  <zone id="world" routing="Full">\n'
            f'    <cluster id="c" prefix="node-" radical="{radical}" suffix="" speed="1Gf"{core} '
            f'bw="125MBps" lat="50us" {extra}/>\n'
            '  </zone>\n</platform>\n')


def fan_dag(cores, hub_core, sink_core, work, out_bytes, in_bytes):
    """hub on hub_core -> f_c on every core c -> sink on sink_core (after f_{sink_core}):
    work(c) flops, out_bytes(c) and in_bytes(c) bytes. Returns the DOT and the schedule."""
    lines, sched = ["digraph G {", '  hub [size="1e6"];', '  sink [size="1e6"];'], ["task,core,order"]
    sched.append(f"hub,{hub_core},0")
    for c in range(cores):
        lines.append(f'  f{c} [size="{work(c):.0f}"];')
        lines.append(f'  hub -> f{c} [size="{out_bytes(c)}"];')
        lines.append(f'  f{c} -> sink [size="{in_bytes(c)}"];')
        sched.append(f"f{c},{c},{1 if c == hub_core else 0}")
    sched.append(f"sink,{sink_core},1")
    lines.append("}")
    return "\n".join(lines) + "\n", "\n".join(sched) + "\n"


def torus_cases():
    """TORUS clusters with even dimensions, where SimGrid's tie rule matters: a ring of 8 with
    two transfers into node 0 (from 4, the tie SimGrid sends the decreasing way, and from 6),
    and a 4x4 torus with a fan-out from node 10 = (2, 2) and a fan-in to node 0."""
    def torus(radical_last, params):
        return cluster(f"0-{radical_last}", f'topology="TORUS" topo_parameters="{params}"')
    files = {"torus_ring8.xml": torus(7, "8"), "torus_4x4.xml": torus(15, "4,4")}
    files["ring8_pair.dot"] = ('digraph G {\n  a1 [size="0"];\n  b1 [size="0"];\n'
                               '  a2 [size="0"];\n  b2 [size="0"];\n'
                               '  a1 -> b1 [size="100000000"];\n  a2 -> b2 [size="100000000"];\n}\n')
    files["ring8_pair.schedule.csv"] = "task,core,order\na1,4,0\nb1,0,0\na2,6,0\nb2,0,1\n"
    files["torus_fan.dot"], files["torus_fan.schedule.csv"] = fan_dag(
        16, 10, 0, lambda i: (i % 5 + 1) * 1e6, lambda i: (i + 3) * 1000000,
        lambda i: (16 - i) * 2000000)
    return files


def multicore_cluster_cases():
    """Clusters of 4 hosts of 2 cores without loopback, where SimGrid sends a transfer between
    two cores of one host out on the host's links and back: FLAT with a backbone, FAT_TREE
    with two parents per host (d-mod-k picks one), DRAGONFLY. A fan-out from core 0 to every
    core and a fan-in to core 1: the same-host transfers share links with the others."""
    def two_cores(extra):
        return cluster("0-3", extra, core=' core="2"')
    files = {
        "multicore_flat.xml": two_cores('bb_bw="500MBps" bb_lat="1ms"'),
        "multicore_fat_tree.xml": two_cores('topology="FAT_TREE" topo_parameters="2;2,2;2,2;1,1"'),
        "multicore_dragonfly.xml": two_cores('topology="DRAGONFLY" topo_parameters="1,1;1,1;2,1;2"'),
    }
    files["multicore_fan.dot"], files["multicore_fan.schedule.csv"] = fan_dag(
        8, 0, 1, lambda c: (c % 3 + 1) * 1e6, lambda c: (c + 2) * 1000000,
        lambda c: (9 - c) * 1500000)
    return files


def star_backbone():
    """Floyd: four hosts, each on router r by its own link and a backbone `bb` that every
    host's route to r also crosses, so a route between two hosts crosses bb twice (SimGrid
    counts it twice: two latencies, twice the flow's rate on bb)."""
    out = ["<?xml version='1.0'?>",
           '<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">',
           '<platform version="4.1">',
           '  <zone id="star" routing="Floyd">']
    for i in range(4):
        core = ' core="2"' if i % 2 else ""
        out.append(f'    <host id="h{i}" speed="1Gf"{core}/>')
    out.append('    <router id="r"/>')
    for i in range(4):
        out.append(f'    <link id="hl{i}" bandwidth="{50 + 25 * i}MBps" latency="{20 + i}us"/>')
    out.append('    <link id="bb" bandwidth="40MBps" latency="300us"/>')
    for i in range(4):
        out.append(f'    <route src="h{i}" dst="r"><link_ctn id="hl{i}"/><link_ctn id="bb"/></route>')
    out += ["  </zone>", "</platform>"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    files = {
        "ring_floyd.xml": ring_platform("Floyd", "declared"),
        "ring_dijkstra.xml": ring_platform("Dijkstra", "shuffled"),
        "one_way_ring_floyd.xml": ring_platform("Floyd", "declared", one_way=True),
        "one_way_ring_dijkstra.xml": ring_platform("Dijkstra", "shuffled", one_way=True),
    }
    dot, sched = tour_dag([1, 2, 1, 1, 1, 2])
    files["ring_tour.dot"] = dot
    files["ring_tour.schedule.csv"] = sched
    files.update(torus_cases())
    files.update(multicore_cluster_cases())
    files["star_backbone.xml"] = star_backbone()
    files["star_tour.dot"], files["star_tour.schedule.csv"] = tour_dag([1, 2, 1, 2])
    for name, text in files.items():
        with open(name, "w") as f:
            f.write(text)
