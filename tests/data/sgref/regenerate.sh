#!/usr/bin/env bash
# regenerate.sh -- rebuild every reference file in this folder from scratch.
#
# What it does (deterministic: gen_dag.py is seeded, sgref's list scheduler and
# SimGrid's fatpipe model are deterministic):
#   1. Generates the DAGs with gen_dag.py (layered_n{N}_d{D}_s{S}.dot and
#      forkjoin_n64_f0.1.dot).
#   2. Runs sgref (SimGrid 3.32 reference simulator) on each DAG with the
#      built-in list scheduler, --net fatpipe -l 1e-5 -b 1e8 -s 1e9, writing
#        X.schedule.csv      task,core,order   (the mapping sgref used)
#        X.fatpipe.trace.csv task,core,start,finish  (%.17g)
#        X.fatpipe.json      sgref's one-line JSON result
#   3. Re-runs sgref with --schedule X.schedule.csv (same model) and checks that
#      the makespan is identical (printed %.17g); aborts otherwise. Not stored.
#   3b. Runs the same schedule with contention, --net private and --net bus (same
#      -l -b -s), writing X.{private,bus}.trace.csv and X.{private,bus}.json: the
#      reference for pelsim's flow network (crossbar with L/2 per link, and bus).
#   4. Writes MANIFEST.csv: file,tasks,edges,cores,makespan (makespan verbatim
#      from the JSON, i.e. %.17g).
#
# Cores: P = 4 for N <= 100, 16 for N = 1000, 64 for N >= 5000; fork-join P = 16.
#
# Usage:  ./regenerate.sh            (from anywhere)
# Env:    SGREF  path to the sgref binary   (default /tmp/sgref-build/sgref)
#         GEN    path to gen_dag.py         (default <script dir>/../../../../shared/tools/sgref/gen_dag.py)
#         PYTHON python interpreter         (default python3; gen_dag.py needs Python 3.11 stdlib only)
# Needs:  bash, python3 (for gen_dag.py and JSON parsing).
# sgref is built from the project's shared tools (shared/tools/sgref, see its README.md).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SGREF="${SGREF:-/tmp/sgref-build/sgref}"
GEN="${GEN:-$HERE/../../../../shared/tools/sgref/gen_dag.py}"
PYTHON="${PYTHON:-python3}"

[[ -x "$SGREF" ]] || { echo "sgref not found/executable: $SGREF (set SGREF)" >&2; exit 1; }
[[ -f "$GEN" ]] || { echo "gen_dag.py not found: $GEN (set GEN)" >&2; exit 1; }

cd "$HERE"
export LC_ALL=C

# Common model: contention-free network, L = 1e-5 s, B = 1e8 B/s, S = 1e9 flop/s.
MODEL=(--net fatpipe -l 1e-5 -b 1e8 -s 1e9)

# json_field FILE KEY -> value printed exactly as in the JSON text (no float round trip)
json_field() {
  "$PYTHON" - "$1" "$2" <<'EOF'
import json, re, sys
text = open(sys.argv[1]).read().strip()
key = sys.argv[2]
json.loads(text)  # must be valid JSON
m = re.search(r'"%s":([^,}]*)' % re.escape(key), text)
if not m:
    sys.exit("key %s missing in %s" % (key, sys.argv[1]))
print(m.group(1))
EOF
}

MANIFEST_ROWS=()

# contention_runs BASE CORES : the stored schedule under SimGrid's contention models
contention_runs() {
  local base="$1" p="$2" net
  for net in private bus; do
    "$SGREF" "$base.dot" -p "$p" --net "$net" -l 1e-5 -b 1e8 -s 1e9 \
      --schedule "$base.schedule.csv" --trace "$base.$net.trace.csv" > "$base.$net.json"
    echo "$base: --net $net makespan=$(json_field "$base.$net.json" makespan)"
  done
}

# run_case BASE CORES : needs BASE.dot
run_case() {
  local base="$1" p="$2"
  "$SGREF" "$base.dot" -p "$p" "${MODEL[@]}" \
    --write-schedule "$base.schedule.csv" --trace "$base.fatpipe.trace.csv" \
    > "$base.fatpipe.json"
  local ms ms2 unf
  ms="$(json_field "$base.fatpipe.json" makespan)"
  unf="$(json_field "$base.fatpipe.json" unfinished)"
  [[ "$unf" == "0" ]] || { echo "$base: $unf unfinished tasks" >&2; exit 1; }
  # Check: replaying the written schedule gives the same makespan (not stored).
  local tmp
  tmp="$("$SGREF" "$base.dot" -p "$p" "${MODEL[@]}" --schedule "$base.schedule.csv")"
  ms2="$(printf '%s\n' "$tmp" | "$PYTHON" -c 'import json,re,sys; t=sys.stdin.read(); json.loads(t); print(re.search(r"\"makespan\":([^,}]*)", t).group(1))')"
  if [[ "$ms" != "$ms2" ]]; then
    echo "$base: makespan mismatch list=$ms replay=$ms2" >&2; exit 1
  fi
  echo "$base: P=$p makespan=$ms (replay identical)"
  contention_runs "$base" "$p"
  MANIFEST_ROWS+=("$base.dot,$(json_field "$base.fatpipe.json" tasks),$(json_field "$base.fatpipe.json" edges),$(json_field "$base.fatpipe.json" cores),$ms")
}

# Layered DAGs: (N, D, S)
CASES=("20 2 1" "100 1 2" "1000 2 3" "1000 4 4" "5000 3 5" "10000 2 1")
for c in "${CASES[@]}"; do
  read -r n d s <<< "$c"
  base="layered_n${n}_d${d}_s${s}"
  "$PYTHON" "$GEN" layered --tasks "$n" --outdeg "$d" --flops 1e6 1e8 --bytes 1e3 1e6 \
    --seed "$s" -o "$base.dot"
  if (( n <= 100 )); then p=4; elif (( n == 1000 )); then p=16; else p=64; fi
  run_case "$base" "$p"
done

# Amdahl fork-join: serial fraction 0.1, W = 6.4e11 flops, 64 parallel tasks, P = 16.
base="forkjoin_n64_f0.1"
"$PYTHON" "$GEN" forkjoin --n 64 --fraction 0.1 --work 6.4e11 -o "$base.dot"
run_case "$base" 16

{
  echo "file,tasks,edges,cores,makespan"
  printf '%s\n' "${MANIFEST_ROWS[@]}"
} > MANIFEST.csv

echo "wrote MANIFEST.csv"
du -ch -- *.dot *.csv *.json | tail -1
