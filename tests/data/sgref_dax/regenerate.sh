#!/bin/sh
# Regenerates this folder's SimGrid reference data (README.md). Run from this folder.
#   SGDAX: sg_dax_list built from scripts/crosscheck/sg_dax_list.cpp (its header says how)
#   SGREF: ../shared/tools/sgref built as its README says
#   PELSIM: a pelsim binary (to convert each DAX, with SimGrid's root and end, to DOT for sgref)
set -eu
SGDAX=${SGDAX:-/tmp/sg_dax_list}
SGREF=${SGREF:-/tmp/sgref-build/sgref}
PELSIM=${PELSIM:-../../../build/release/cli/pelsim}
W=../../../scenarios/workloads
"$SGDAX" $W/simgrid/dax/Montage_25.xml 2>/dev/null | LC_ALL=C sort > Montage_25.txt
"$SGDAX" $W/pegasus-dax/Montage_100.xml 2>/dev/null | LC_ALL=C sort > Montage_100.txt
"$SGDAX" $W/pegasus-dax/Sipht_30.xml 2>/dev/null | LC_ALL=C sort > Sipht_30.txt
tmp=$(mktemp -d)
strip() {  # drop the host measurements
  python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
for k in ['wall_s', 'load_s', 'rss_mb', 'sched_s', 'build_s']: d.pop(k, None)
print(json.dumps(d, indent=2))"
}
run() {  # stem dax cores bandwidth net
  "$PELSIM" convert "$W/$2" --root-end --reference-speed 4.2Gf "$tmp/$1.dot" > /dev/null
  "$SGREF" "$tmp/$1.dot" -p "$3" -l 1e-3 -b "$4" --net "$5" --write-schedule "$1.$5.schedule.csv" \
    | strip > "$1.$5.json"
}
run Montage_25 simgrid/dax/Montage_25.xml 4 1e7 private
run Montage_25 simgrid/dax/Montage_25.xml 4 1e7 bus
run Montage_100 pegasus-dax/Montage_100.xml 16 1e6 private
rm -rf "$tmp"
