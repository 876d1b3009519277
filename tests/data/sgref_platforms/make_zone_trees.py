#!/usr/bin/env python3
"""Writes the hierarchical test platforms of this folder (zone_tree_<seed>.xml) and their
schedules (README.md).

  make_zone_trees.py platform SEED          -> zone_tree_SEED.xml; prints its core count
  make_zone_trees.py fatpipe SEED           -> zone_tree_fatpipe_SEED.xml, FATPIPE links too
  make_zone_trees.py schedule DAG CORES SEED -> DAG's stem + .schedule.csv, each task on a
                                               random core, in topological order

A platform is a random tree of zones: a root zone (Full, Floyd or Dijkstra) of 2-4 zones, each
a FLAT <cluster> (random backbone, SHARED private links, loopback, limiter_link, router_id), a
zone of hosts and routers (Full, Floyd or Dijkstra routes) or, one level down, another zone of
zones; the zones joined by <zoneRoute>s (all pairs under Full, a random tree otherwise, or each
to a zone of routers), whose gateways are random hosts or routers of the zones they join, some
given one way each (symmetrical="NO"). Links are SHARED or SPLITDUPLEX; with `fatpipe`, also
FATPIPE (zone links, cluster host links and backbones), where flows of routes of different
latencies share as SimGrid's solver shares a FATPIPE constraint (docs/models/network.md)."""
import collections
import random
import re
import sys


def platform(seed, fat=False):
    """The text of platform `seed` and its core count (fat: FATPIPE links too)."""
    lines = []
    ncores = 0
    uid = [0]

    rng = random.Random(seed)
    lines = []
    ncores = 0
    uid = [0]
    def new(p):
        uid[0] += 1
        return f"{p}{uid[0]}"
    def bw(): return rng.choice(["10MBps", "50MBps", "125MBps", "1GBps", "2.25GBps"])
    def lat(): return rng.choice(["0", "10us", "50us", "500us", "1ms"])
    def link(ind, policy=None):
        lid = new("L")
        pol = policy or rng.choice(["SHARED", "SHARED", "FATPIPE", "SPLITDUPLEX"] if fat else ["SHARED", "SHARED", "SPLITDUPLEX"])
        extra = "" if pol == "SHARED" and rng.random() < .5 else f' sharing_policy="{pol}"'
        lines.append(f'{ind}<link id="{lid}" bandwidth="{bw()}" latency="{lat()}"{extra}/>')
        return lid, pol
    def ctn(lid, pol):
        if pol == "SPLITDUPLEX":
            return f'<link_ctn id="{lid}" direction="{rng.choice(["UP", "DOWN"])}"/>'
        return f'<link_ctn id="{lid}"/>'

    def cluster(ind):
        """returns (zone id, list of gateway candidates)"""
        nonlocal ncores
        cid = new("c")
        n = rng.randint(1, 4)
        first = rng.randint(0, 5)
        cores = rng.choice([1, 1, 2])
        ncores += n * cores
        attrs = f'id="{cid}" prefix="{cid}-" suffix=".x" radical="{first}-{first + n - 1}" speed="{rng.choice(["1Gf", "2Gf", "500Mf"])}" core="{cores}" bw="{bw()}" lat="{lat()}"'
        if rng.random() < .5: attrs += f' bb_bw="{bw()}" bb_lat="{lat()}"'
        if fat and rng.random() < .3: attrs += ' bb_sharing_policy="FATPIPE"'

        if rng.random() < .3: attrs += f' sharing_policy="{rng.choice(["SHARED", "FATPIPE"]) if fat else "SHARED"}"'
        if rng.random() < .3: attrs += f' loopback_bw="{bw()}" loopback_lat="{lat()}"'
        if rng.random() < .3: attrs += f' limiter_link="{bw()}"'
        router = f"{cid}-{cid}_router.x"
        if rng.random() < .3:
            router = new("rid")
            attrs += f' router_id="{router}"'
        lines.append(f'{ind}<cluster {attrs}/>')
        hosts = [f"{cid}-{v}.x" for v in range(first, first + n)]
        return cid, [router] * 3 + hosts

    def routed_zone(ind):
        nonlocal ncores
        zid = new("z")
        routing = rng.choice(["Full", "Floyd", "Dijkstra"])
        head = len(lines)
        lines.append(None)
        deferred = []
        pts = []
        hosts = []
        for _ in range(rng.randint(1, 3)):
            h = new("h"); c = rng.choice([1, 2]); ncores += c
            lines.append(f'{ind}  <host id="{h}" speed="{rng.choice(["1Gf", "3Gf"])}" core="{c}"/>')
            pts.append(h); hosts.append(h)
        routers = []
        if routing != "Full":
            for _ in range(rng.randint(0, 2)):
                r = new("r"); lines.append(f'{ind}  <router id="{r}"/>'); pts.append(r); routers.append(r)
        rng.shuffle(pts)
        if len(pts) == 1: routing = "Full"
        lines[head] = f'{ind}<zone id="{zid}" routing="{routing}">'
        if routing == "Full":
            for i, a in enumerate(hosts):
                for b in hosts[i + 1:]:
                    ls = [link(ind + "  ") for _ in range(rng.randint(1, 2))]
                    deferred.append(f'{ind}  <route src="{a}" dst="{b}">' + "".join(ctn(*l) for l in ls) + "</route>")
        else:
            for i in range(1, len(pts)):
                a, b = pts[rng.randrange(i)], pts[i]
                ls = [link(ind + "  ") for _ in range(rng.randint(1, 2))]
                deferred.append(f'{ind}  <route src="{a}" dst="{b}">' + "".join(ctn(*l) for l in ls) + "</route>")
        lines.extend(deferred)
        lines.append(f'{ind}</zone>')
        return zid, hosts + routers

    def router_zone(ind):
        zid = new("net")
        routing = rng.choice(["Floyd", "Dijkstra", "Full"])
        lines.append(f'{ind}<zone id="{zid}" routing="{routing}">')
        rs = [new("sw") for _ in range(rng.randint(2, 4))]
        for r in rs: lines.append(f'{ind}  <router id="{r}"/>')
        deferred = []
        if routing == "Full":
            for i, a in enumerate(rs):
                for b in rs[i + 1:]:
                    l = link(ind + "  ")
                    deferred.append(f'{ind}  <route src="{a}" dst="{b}">{ctn(*l)}</route>')
        else:
            for i in range(1, len(rs)):
                a = rs[rng.randrange(i)]
                l = link(ind + "  ")
                deferred.append(f'{ind}  <route src="{a}" dst="{rs[i]}">{ctn(*l)}</route>')
        lines.extend(deferred)
        lines.append(f'{ind}</zone>')
        return zid, rs

    def zone_of_zones(ind, depth):
        zid = new("Z")
        routing = rng.choice(["Full", "Floyd", "Dijkstra"])
        lines.append(f'{ind}<zone id="{zid}" routing="{routing}">')
        kids = []
        hub = None
        for _ in range(rng.randint(2, 4)):
            k = rng.random()
            if depth < 2 and k < .2: kids.append(zone_of_zones(ind + "  ", depth + 1))
            elif k < .6: kids.append(cluster(ind + "  "))
            else: kids.append(routed_zone(ind + "  "))
        if routing != "Full" and rng.random() < .5:
            hub = router_zone(ind + "  ")
        deferred = []
        pairs = []
        if hub:
            for k in kids: pairs.append((k, hub))
        elif routing == "Full":
            for i, a in enumerate(kids):
                for b in kids[i + 1:]: pairs.append((a, b))
        else:
            for i in range(1, len(kids)): pairs.append((kids[rng.randrange(i)], kids[i]))
        for a, b in pairs:
            ls = [link(ind + "  ") for _ in range(rng.randint(1, 2))]
            if rng.random() < .25:
                for (s, d) in ((a, b), (b, a)):
                    deferred.append(f'{ind}  <zoneRoute src="{s[0]}" dst="{d[0]}" gw_src="{rng.choice(s[1])}" gw_dst="{rng.choice(d[1])}" symmetrical="NO">' + "".join(ctn(*l) for l in ls) + "</zoneRoute>")
            else:
                deferred.append(f'{ind}  <zoneRoute src="{a[0]}" dst="{b[0]}" gw_src="{rng.choice(a[1])}" gw_dst="{rng.choice(b[1])}">' + "".join(ctn(*l) for l in ls) + "</zoneRoute>")
        lines.extend(deferred)
        lines.append(f'{ind}</zone>')
        # gateways of this zone for its parent: any host or router inside
        gws = [g for k in kids for g in k[1]] + (hub[1] if hub else [])
        return zid, gws


    zone_of_zones("", 0)
    text = ('<?xml version="1.0"?>\n<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">\n'
            '<platform version="4.1">\n' + "\n".join(lines) + "\n</platform>\n")
    return text, ncores


def schedule(dag, cores, seed):
    text = open(dag).read()
    tasks = re.findall(r"^(\w+) \[", text, re.M)
    edges = re.findall(r"^(\w+) -> (\w+)", text, re.M)
    indeg = collections.Counter(d for _, d in edges)
    children = collections.defaultdict(list)
    for s, d in edges:
        children[s].append(d)
    order, ready = [], [t for t in tasks if indeg[t] == 0]
    while ready:
        t = ready.pop(0)
        order.append(t)
        for c in children[t]:
            indeg[c] -= 1
            if indeg[c] == 0:
                ready.append(c)
    rng = random.Random(seed)
    count = collections.Counter()
    with open(dag.rsplit(".", 1)[0] + ".schedule.csv", "w") as f:
        f.write("task,core,order\n")
        for t in order:
            core = rng.randrange(cores)
            f.write(f"{t},{core},{count[core]}\n")
            count[core] += 1


if __name__ == "__main__":
    if sys.argv[1] in ("platform", "fatpipe"):
        fat = sys.argv[1] == "fatpipe"
        text, cores = platform(int(sys.argv[2]), fat)
        with open(f"zone_tree_{'fatpipe_' if fat else ''}{sys.argv[2]}.xml", "w") as f:
            f.write(text)
        print(cores)
    else:
        schedule(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
