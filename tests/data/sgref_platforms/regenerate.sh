#!/bin/sh
# Regenerates the SimGrid reference data of this folder (see README.md).
#   SGREF: an sgref built with sgref-platform.patch (default /tmp/sgplat/build/sgref)
#   GEN:   shared/tools/sgref/gen_dag.py
# Run from this folder. Needs SimGrid 3.32 (Debian 12's libsimgrid-dev). To build SGREF:
#   cp -r shared/tools/sgref /tmp/sgplat && (cd /tmp/sgplat/src && patch -p4 < THIS/sgref-platform.patch)
#   cmake -S /tmp/sgplat -B /tmp/sgplat/build && cmake --build /tmp/sgplat/build -j2
set -eu
SGREF=${SGREF:-/tmp/sgplat/build/sgref}
GEN=${GEN:-../../../../shared/tools/sgref/gen_dag.py}
strip() {  # drop the host measurements and the platform's directory
  python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
for k in ['wall_s', 'load_s', 'rss_mb', 'sched_s', 'build_s']: d.pop(k, None)
d['platform'] = d['platform'].split('/')[-1]
print(json.dumps(d, separators=(',', ':')))"
}
run() {  # stem platform
  "$SGREF" "$1.dot" --platform "$2" --schedule "$1.schedule.csv" --trace "$1.trace.csv" | strip > "$1.json"
}
run two_hosts_chain two_hosts.xml
run small_fan_out_in small_platform.xml
run small_fan_in_link145 small_platform.xml
run multicore_fan_out three_multicore_hosts.xml
run split_fatpipe_mix split_fatpipe.xml
run shared_loopback_fan shared_loopback.xml
python3 "$GEN" layered --tasks 40 --outdeg 2 --flops 1e8 1e10 --bytes 1e6 1e8 --seed 3 \
  -o simulacrum_layered40.dot
# sgref's list scheduler (speeds and costs of -s/-l/-b, not the platform's) writes the schedule.
"$SGREF" simulacrum_layered40.dot --platform simulacrum_7_hosts.xml -s 2e9 -l 1e-4 -b 1.25e8 \
  --write-schedule simulacrum_layered40.schedule.csv > /dev/null
run simulacrum_layered40 simulacrum_7_hosts.xml
# Floyd and Dijkstra zones (platforms, DAG and schedule written by make_routing_cases.py).
python3 make_routing_cases.py
for p in ring_floyd ring_dijkstra one_way_ring_floyd one_way_ring_dijkstra; do
  c=ring_tour_$(echo "$p" | sed 's/ring_//')  # ring_tour_floyd, ring_tour_one_way_floyd, ...
  "$SGREF" ring_tour.dot --platform "$p.xml" --schedule ring_tour.schedule.csv \
    --trace "$c.trace.csv" | strip > "$c.json"
done
# TORUS clusters of even dimensions (SimGrid's tie rule; written by make_routing_cases.py).
run2() {  # case dag platform
  "$SGREF" "$2.dot" --platform "$3" --schedule "$2.schedule.csv" --trace "$1.trace.csv" | strip > "$1.json"
}
run2 ring8_pair ring8_pair torus_ring8.xml
run2 torus_fan torus_fan torus_4x4.xml
# Clusters of multi-core hosts without loopback (same-host transfers on the host's own links).
for p in flat fat_tree dragonfly; do run2 "multicore_fan_$p" multicore_fan "multicore_$p.xml"; done
# A version 4.0 file (<AS>) of hosts and routers (SimGrid's small_platform_with_routers.xml).
python3 "$GEN" layered --tasks 30 --outdeg 2 --flops 1e8 1e10 --bytes 1e5 1e7 --seed 4 \
  -o routers_layered30.dot
"$SGREF" routers_layered30.dot --platform small_platform_with_routers.xml -s 2e8 -l 1e-3 -b 1e7 \
  --write-schedule routers_layered30.schedule.csv > /dev/null
run routers_layered30 small_platform_with_routers.xml
# A Full zone without some routes (SimGrid's dogbone.xml).
run2 dogbone_pair dogbone_pair dogbone.xml
# Routes crossing a link twice (a backbone on every host's way to the router, Floyd).
run2 star_tour star_tour star_backbone.xml
# Hierarchical platforms: SimGrid's two_clusters.xml (version 4.0: <AS>, <ASroute>) and
# cluster_multi.xml, and two random trees of zones of our own (make_zone_trees.py), each with a
# random schedule of a 50-task DAG over all its cores.
zone_case() {  # case platform cores seed
  python3 "$GEN" layered --tasks 50 --outdeg 2 --flops 1e8 1e10 --bytes 1e6 1e8 --seed "$4" \
    -o "$1.dot"
  python3 make_zone_trees.py schedule "$1.dot" "$3" "$4"
  run2 "$1" "$1" "$2"
}
for s in 1 9; do python3 make_zone_trees.py platform "$s" > /dev/null; done
zone_case two_clusters_layered50 two_clusters.xml 20 5
zone_case cluster_multi_layered50 cluster_multi.xml 56 6
zone_case zone_tree_1_layered50 zone_tree_1.xml 39 1
zone_case zone_tree_9_layered50 zone_tree_9.xml 32 9
# FATPIPE links shared by routes of different latencies (SimGrid's FATPIPE constraint), in
# zone links, cluster host links (SimGrid makes them shared) and backbones.
python3 make_zone_trees.py fatpipe 4 > /dev/null
zone_case zone_tree_fatpipe_4_layered50 zone_tree_fatpipe_4.xml 16 4
# Zones of routing="Cluster" (SimGrid's StarZone): cabinets and a backbone, and hosts given
# their links one by one with <host_link> (SimGrid's meta_cluster.xml, routing_cluster.xml).
zone_case meta_cluster_layered50 meta_cluster.xml 60 7
zone_case routing_cluster_layered50 routing_cluster.xml 6 8
# A zone of routing="None" holding one host, the gateway of its zone (SimGrid's
# cluster_and_one_host.xml).
zone_case cluster_and_one_host_layered50 cluster_and_one_host.xml 3 9
# Bypass routes: one between two hosts of a Floyd zone, one between two clusters (SimGrid's
# bypassRoute.xml, version 4.0, and bypassZoneRoute.xml).
zone_case bypass_route_layered50 bypassRoute.xml 4 15
zone_case bypass_zone_route_layered50 bypassZoneRoute.xml 3 11
# A Vivaldi zone (SimGrid's vivaldi.xml): latencies from the hosts' coordinates.
zone_case vivaldi_layered50 vivaldi.xml 16 12
# Vivaldi peers (our own vivaldi_peers.xml): each with its own up and down link besides the
# latency of the coordinates.
zone_case vivaldi_peers_layered50 vivaldi_peers.xml 4 13
# Hosts' speed profiles (speed_profiles_h0.profile, speed_profiles_h1.profile, a <trace>): a
# random case of the profile comparison (its DAG and schedule kept as they are).
run2 speed_profiles speed_profiles speed_profiles.xml
