#!/bin/sh
# Regenerates SimGrid's results for the cases of cases.csv (see README.md): SimGrid 3.32 with
# each case's network model, TCP-gamma and cross-traffic, and the exact solver.
#   SGREF:  shared/tools/sgref built (default /tmp/sgref-build/sgref), for net bus and private
#   SGPLAT: an sgref built with ../sgref_platforms/sgref-platform.patch (default
#           /tmp/sgplat/build/sgref; how to build it: ../sgref_platforms/regenerate.sh), for plat
# Run from this folder. Writes STEM.json (sgref's JSON line, host measurements dropped) and
# STEM.trace.csv (task,core,start,finish).
set -eu
SGREF=${SGREF:-/tmp/sgref-build/sgref}
SGPLAT=${SGPLAT:-/tmp/sgplat/build/sgref}
strip() {
  python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
for k in ['wall_s', 'load_s', 'rss_mb', 'sched_s', 'build_s', 'platform']: d.pop(k, None)
print(json.dumps(d, separators=(',', ':')))"
}
tail -n +2 cases.csv | while IFS=, read -r stem net cores latency bandwidth model gamma cross _; do
  # (A file's own <config> gives the same options: SimGrid's command line would win anyway.)
  LV08="--cfg=network/model:$model --cfg=network/TCP-gamma:$gamma --cfg=network/crosstraffic:$cross --cfg=network/optim:Full"
  if [ "$net" = plat ]; then
    # shellcheck disable=SC2086
    "$SGPLAT" "$stem.dot" --platform "$stem.xml" --schedule "$stem.schedule.csv" \
      --trace "$stem.trace.csv" $LV08 | strip > "$stem.json"
  else
    # shellcheck disable=SC2086
    "$SGREF" "$stem.dot" -p "$cores" -l "$latency" -b "$bandwidth" --net "$net" \
      --schedule "$stem.schedule.csv" --trace "$stem.trace.csv" $LV08 | strip > "$stem.json"
  fi
done
