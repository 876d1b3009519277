#!/usr/bin/env bash
# End-to-end checks of the `pelsim` command: exit statuses, messages, output files.
# Usage: cli_test.sh PELSIM_BINARY TEST_DATA_DIR SCENARIOS_DIR
set -u
pelsim=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect STATUS COMMAND... : runs COMMAND, checks its exit status; output in $work/out, $work/err
expect() {
  local want=$1
  shift
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" = "$want" ] || fail "exit $got (want $want): $* -- $(head -c 300 "$work/err")"
}
contains() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(head -c 300 "$1")"; }

dag=$data/sgref/layered_n20_d2_s1.dot

# --help everywhere, exit 0.
for sub in "" simulate info policies; do
  expect 0 "$pelsim" $sub --help
done

# simulate: default policy hlfet, SimGrid's makespan for this DAG (tests/data/sgref/MANIFEST.csv).
expect 0 "$pelsim" simulate "$dag" --cores 4 --latency 10us --bandwidth 100MB/s --core-speed 1GHz --json
contains "$work/out" '"makespan":0.404464767,'
contains "$work/out" '"policy":"hlfet"'
contains "$work/out" '"tasks":20'
for key in tasks edges cores policy network makespan total_work critical_path events wall_s peak_rss_mb; do
  contains "$work/out" "\"$key\":"
done

# Static replay of SimGrid's schedule with a trace and a written schedule.
expect 0 "$pelsim" simulate "$dag" -p 4 -l 1e-5 -b 1e8 --schedule "$data/sgref/layered_n20_d2_s1.schedule.csv" \
  --trace "$work/trace.csv" --write-schedule "$work/sched.csv"
contains "$work/out" "makespan      0.404464767 s"
contains "$work/trace.csv" "task,core,start,finish"
[ "$(wc -l <"$work/trace.csv")" = 21 ] || fail "trace should have 20 rows + header"
cmp -s "$work/sched.csv" "$data/sgref/layered_n20_d2_s1.schedule.csv" || fail "written schedule differs from SimGrid's"

# info and policies.
expect 0 "$pelsim" info "$dag" --json
contains "$work/out" '"tasks":20'
contains "$work/out" '"edges":40'
expect 0 "$pelsim" policies
contains "$work/out" "hlfet"
contains "$work/out" "latency_bandwidth"

# Bad input: status 2, file:line: reason, no output file left behind.
printf 'digraph {\n a -> b;\n b -> c;\n c -> a;\n}\n' >"$work/cycle.dot"
expect 2 "$pelsim" simulate "$work/cycle.dot" --cores 2 --trace "$work/never.csv"
contains "$work/err" "cycle.dot:2:"
contains "$work/err" "cycle"
[ ! -e "$work/never.csv" ] || fail "a failed run left an output file"
printf 'digraph {\n a [size=abc];\n}\n' >"$work/bad.dot"
expect 2 "$pelsim" simulate "$work/bad.dot" --cores 2
contains "$work/err" "bad.dot:2:"
expect 2 "$pelsim" simulate "$dag" --cores 2 --policy magic
contains "$work/err" "unknown policy 'magic' (known: static, fifo, hlfet)"
expect 2 "$pelsim" simulate "$dag" --cores 2 --network pigeon
contains "$work/err" "known: ideal, latency_bandwidth"
expect 2 "$pelsim" simulate "$dag" --cores 2 --latency 3parsecs
contains "$work/err" "--latency"
expect 2 "$pelsim" simulate "$dag" --cores 0
expect 2 "$pelsim" simulate "$work/missing.dot" --cores 2
contains "$work/err" "missing.dot"
expect 2 "$pelsim" simulate "$dag"
expect 2 "$pelsim" frobnicate
expect 2 "$pelsim" simulate "$dag" --cores 2 --schedule "$data/sgref/layered_n20_d2_s1.schedule.csv"
contains "$work/err" "is out of range [0, 2)"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all CLI checks passed"
