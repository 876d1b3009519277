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
for sub in "" simulate info policies run check generate platform; do
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

# --link-stats on a torus: its link names hold commas, "torus (1,0,0)+x", and are quoted.
expect 0 "$pelsim" simulate "$dag" --nodes 8 --topology torus3d --link-stats "$work/torus-links.csv"
contains "$work/torus-links.csv" '"torus (0,0,0)+x",'
python3 - "$work/torus-links.csv" <<'PY' || fail "--link-stats CSV rows do not have the header's 6 fields"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
sys.exit(0 if len(rows) > 1 and all(len(r) == 6 for r in rows) else 1)
PY

# --core-speed with core types that all give their own speed would be ignored: refused.
expect 2 "$pelsim" simulate "$dag" --core-types cpu:2@1GHz,gpu:2@2GHz --core-speed 3GHz
contains "$work/err" "--core-speed: every type of --core-types has its own @SPEED"
expect 0 "$pelsim" simulate "$dag" --core-types cpu:2,gpu:2@2GHz --core-speed 3GHz
# So are --speeds; types without their own take them, as a scenario's core_types take its
# speeds: two tasks of 3 Gflop under heft on a 1 GHz cpu and a 3 GHz gpu run one after the
# other on the gpu, 1 s each: 2 s (on two 1 GHz cores they would take 3 s).
expect 2 "$pelsim" simulate "$dag" --core-types cpu:2@1GHz,gpu:2@2GHz --speeds 3GHz,1GHz
contains "$work/err" "--speeds: every type of --core-types has its own @SPEED"
printf 'digraph { a [size=3e9]; b [size=3e9]; }\n' > "$work/two.dot"
expect 0 "$pelsim" simulate "$work/two.dot" --core-types cpu:1,gpu:1 --speeds 1GHz,3GHz --policy heft --json
contains "$work/out" '"makespan":2,'

# --power: the energy of one run. One task of 3 Gflop at 1 GHz on 2 cores, 10 W idle and 100 W
# busy: 3 s x 100 W + 3 s x 10 W = 330 J. At 2 GHz with busy power 60 W at 1 GHz growing with
# the clock cubed: 1.5 s x (20 + 40 x 2^3) W = 510 J (a lone core, never idle).
printf 'digraph { a [size=3e9]; }\n' > "$work/one.dot"
expect 0 "$pelsim" simulate "$work/one.dot" --cores 2 --power 10W,100W
contains "$work/out" "energy        330 J"
expect 0 "$pelsim" simulate "$work/one.dot" --cores 1 --core-speed 2GHz --power 20W,60W@1GHz --json
contains "$work/out" '"energy_j":510,'
expect 2 "$pelsim" simulate "$work/one.dot" --cores 1 --power 100W,10W
contains "$work/err" "--power: busy power must be >= idle power"
# info says at which speed recorded runtimes became work: the machines' (two of 1 and 2 GHz
# here), or --reference-speed's.
expect 0 "$pelsim" info "$data/wfcommons/two-machines.json"
contains "$work/out" "read from times at 1e+09, 2e+09 flop/s (each task's machine's recorded speed"
expect 0 "$pelsim" info "$data/wfcommons/two-machines.json" --reference-speed 3GHz --json
contains "$work/out" '"runtime_speed":3000000000'
# simulate writes the timelines `run --trace-run` writes: Perfetto (JSON, one slice per task run,
# the run a failure cut short and the down time too) and Paje. heft puts a and b (3 s each) on
# cores 0 and 1; core 0 fails at 0.5 s for 1 s, so a runs again from 1.5 s (1.5e6 us).
expect 0 "$pelsim" simulate "$work/two.dot" --cores 2 --policy heft --fail 0@0.5+1 \
  --perfetto "$work/run.perfetto.json" --paje "$work/run.paje"
python3 - "$work/run.perfetto.json" <<'PY' || fail "--perfetto: not the trace expected"
import json, sys
events = json.load(open(sys.argv[1]))["traceEvents"]
slices = {e["name"]: e["ts"] for e in events if e.get("ph") == "X" and e.get("pid") == 0}
sys.exit(0 if slices == {"a": 1500000, "b": 0, "a (cut short)": 0, "down": 500000} else 1)
PY
contains "$work/run.paje" "%EventDef PajeDefineContainerType 0"
# A graph without tasks is described by info but not simulated (in any format: YAML refuses
# it when read).
printf 'digraph G {}\n' > "$work/empty.dot"
expect 0 "$pelsim" info "$work/empty.dot"
expect 2 "$pelsim" simulate "$work/empty.dot" --cores 2
contains "$work/err" "empty.dot: the graph has no tasks: nothing to simulate"
printf 'workload: {file: empty.dot}\n' > "$work/empty.yaml"
expect 2 "$pelsim" check "$work/empty.yaml"
contains "$work/err" "empty.yaml:1:11: the workload has no tasks: nothing to simulate"
printf '%s' '{"name":"x","schemaVersion":"1.5","workflow":{"specification":{"tasks":[],"files":[]},
"execution":{"tasks":[],"makespanInSeconds":10,"machines":[{"nodeName":"m","cpu":{"coreCount":1,
"speedInMHz":1000}}]}}}' > "$work/empty.json"
expect 2 "$pelsim" replay "$work/empty.json"
contains "$work/err" "empty.json: the instance has no tasks: nothing to replay"

# A missing workload of a scenario given by a relative path names the absolute path looked at.
printf 'workload: {file: nope.json}\n' >"$work/nope.yaml"
expect 2 sh -c "cd '$work' && '$(realpath "$pelsim")' check nope.yaml"
contains "$work/err" "(looked for $(realpath "$work")/nope.json)"

# Options the network would ignore are refused, naming the option.
expect 2 "$pelsim" simulate "$dag" -p 4 --topology ring --network latency_bandwidth
contains "$work/err" "--topology describes the flow network, not 'latency_bandwidth' (--network flow)"
expect 2 "$pelsim" simulate "$dag" -p 4 --network ideal --latency 1us
contains "$work/err" "--latency: the ideal network moves data in no time"
expect 2 "$pelsim" simulate "$dag" -p 4 --nic-latency 1us
contains "$work/err" "--nic-latency is a flow network option"
expect 2 "$pelsim" simulate "$dag" -p 16 --topology crossbar --dims 4 4
contains "$work/err" "--dims: crossbar has no dims"
expect 2 "$pelsim" simulate "$dag" -p 16 --topology mesh2d --topology-params "2;4,4;1,2;1,2"
contains "$work/err" "--topology-params: mesh2d takes none"
expect 2 "$pelsim" simulate "$dag" -p 4 --topology bus --nic-bandwidth 1GB/s
contains "$work/err" "--nic-bandwidth: the bus has no NIC links"
expect 0 "$pelsim" simulate "$dag" -p 16 --topology torus2d --dims 4 4 --nic-latency 1us
expect 0 "$pelsim" simulate "$dag" -p 16 --topology torus2d --dims 4,4  # commas, as in a scenario
# --dims takes up to 3 sizes, so a graph after it is taken for one: the error says so (it was
# CLI11's "Could not convert: --dims = 4,4,DAG").
expect 2 "$pelsim" simulate --dims 4 4 "$dag" -p 16 --topology torus2d
contains "$work/err" "--dims: '$dag' is not a size (--dims takes 1 to 3 sizes, e.g. 4,4,4 or 4 4 4; give a file before --dims)"
# --speeds: 10 tasks of 1 Gflop on cores at 2, 1, 2, 1 GHz under fifo (fastest idle core
# first): 0.5 s tasks on cores 0 and 2 at 0 and 0.5, 1 s tasks on 1 and 3, the last four at 1
# -> 2 s; lower bound 10 Gflop / 6 Gflop/s.
printf 'digraph { %s }\n' "$(for i in 0 1 2 3 4 5 6 7 8 9; do printf 't%s [size=1e9]; ' $i; done)" >"$work/ind10.dot"
expect 0 "$pelsim" simulate "$work/ind10.dot" --cores 4 --speeds 2GHz,1GHz --policy fifo
contains "$work/out" "makespan      2 s"
contains "$work/out" "lower bound   1.66666667 s"
expect 2 "$pelsim" simulate "$work/ind10.dot" --cores 4 --speeds 2GHz --core-speed 1e9
contains "$work/err" "--speeds: --core-speed also sets the cores' speeds"
expect 2 "$pelsim" simulate "$dag" -p 4 --topology ring --intra-latency 1us
contains "$work/err" "--intra-latency: nodes of one core have no transfers inside a node"
expect 0 "$pelsim" simulate "$dag" -p 4 --topology ring --cores-per-node 2 --intra-latency 1us

# An output named - goes to standard output, the report then to standard error.
expect 0 "$pelsim" simulate "$dag" -p 4 -l 1e-5 -b 1e8 --schedule "$data/sgref/layered_n20_d2_s1.schedule.csv" \
  --trace - --json
cmp -s "$work/out" "$work/trace.csv" || fail "--trace - differs from --trace FILE"
contains "$work/err" '"makespan":0.404464767,'
[ ! -e ./- ] || fail "--trace - wrote a file named -"
expect 2 "$pelsim" simulate "$dag" -p 4 --trace - --explain -
contains "$work/err" "only one output can go to standard output: --trace and --explain are both -"

# --explain: one JSON line per decision; every task gets one final decision.
expect 0 "$pelsim" simulate "$dag" -p 4 --policy heft --explain "$work/heft.jsonl"
[ "$(wc -l <"$work/heft.jsonl")" = 20 ] || fail "heft explains 20 placements"
[ "$(grep -c '"kind":"planned","final":true' "$work/heft.jsonl")" = 20 ] || fail "heft: 20 planned decisions"
contains "$work/heft.jsonl" '"score_name":"eft","rank":'
contains "$work/heft.jsonl" '"candidates":[{"core":0,"score":'
expect 0 "$pelsim" simulate "$dag" -p 4 --policy work_stealing --explain "$work/ws.jsonl"
[ "$(grep -c '"final":true' "$work/ws.jsonl")" = 20 ] || fail "work_stealing: one final decision per task"
contains "$work/ws.jsonl" '"kind":"steal","final":true'
contains "$work/ws.jsonl" '"victim":'
expect 2 "$pelsim" simulate "$dag" -p 4 --policy work_stealing --policy-param retry_delay=0 \
  --explain "$work/never.jsonl"
[ ! -e "$work/never.jsonl" ] || fail "a failed run left an --explain file"

# info and policies.
expect 0 "$pelsim" info "$dag" --json
contains "$work/out" '"tasks":20'
contains "$work/out" '"edges":40'
expect 0 "$pelsim" policies
contains "$work/out" "hlfet"
# Each policy says whether it plans or decides at run time (the four with the fault hooks).
contains "$work/out" "  heft               plan     "
for p in fifo central_queue work_stealing locality; do
  contains "$work/out" "$(printf '  %-18s dynamic ' "$p")"
done
[ "$(grep -c '^  [a-z_]* *dynamic  ' "$work/out")" = 4 ] || fail "not exactly four dynamic policies"
contains "$work/out" "latency_bandwidth"
for p in central_queue work_stealing round_robin random steal_latency retry_delay priority \
  decision_overhead dispatch_latency peft mcp etf dls min_min max_min; do
  contains "$work/out" "$p"
done

# Dynamic policies with parameters; work stealing reports its steals.
expect 0 "$pelsim" simulate "$dag" -p 4 --policy work_stealing --policy-param steal_latency=2us \
  --policy-param retry_delay=5us --seed 3 --json
contains "$work/out" '"policy":"work_stealing"'
contains "$work/out" '"steals":'
contains "$work/out" '"failed_steals":'
cp "$work/out" "$work/ws1.json"
expect 0 "$pelsim" simulate "$dag" -p 4 --policy work_stealing --policy-param steal_latency=2us \
  --policy-param retry_delay=5us --seed 3 --json
[ "$(sed 's/"load_s.*//' "$work/out")" = "$(sed 's/"load_s.*//' "$work/ws1.json")" ] ||
  fail "work_stealing is not reproducible with the same seed"
expect 0 "$pelsim" simulate "$dag" -p 4 --policy central_queue --policy-param priority=bottom_level
expect 0 "$pelsim" simulate "$dag" -p 4 --policy heft --policy-param decision_overhead=1us \
  --policy-param dispatch_latency=1us --json
contains "$work/out" '"planned_makespan":0.404464767,'
expect 2 "$pelsim" simulate "$dag" -p 4 --policy central_queue --policy-param priority=lifo
contains "$work/err" "policy parameter 'priority' is one of fifo, bottom_level, random, not 'lifo'"
expect 2 "$pelsim" simulate "$dag" -p 4 --policy work_stealing --policy-param latency=1us
contains "$work/err" "unknown parameter 'latency' of policy 'work_stealing' (allowed: steal_latency, retry_delay, decision_overhead, dispatch_latency)"
expect 2 "$pelsim" simulate "$dag" -p 4 --policy work_stealing --policy-param steal_latency
contains "$work/err" "--policy-param: expected NAME=VALUE"
expect 2 "$pelsim" simulate "$dag" -p 4 --policy work_stealing --policy-param retry_delay=0
contains "$work/err" "retry_delay' must be > 0"
# A repeatable option takes one value each time: the graph after it is the graph (it was taken
# as a second value, and the command said "GRAPH is required"); the same for --fail.
expect 0 "$pelsim" simulate --policy work_stealing --policy-param steal_latency=1us "$dag" --cores 4 --json
contains "$work/out" '"policy":"work_stealing"'
expect 0 "$pelsim" simulate --fail 1@1ms "$dag" --cores 2 --policy fifo --json
contains "$work/out" '"failures":1'
expect 0 "$pelsim" simulate --policy-param decision_overhead=1us --policy-param dispatch_latency=1us \
  "$dag" --cores 2

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
contains "$work/err" "unknown policy 'magic' (known: static, fifo, hlfet, heft, cpop, peft, mcp, etf, dls, min_min, max_min, central_queue, work_stealing, locality, round_robin, random"  # (and any of your own)
expect 2 "$pelsim" simulate "$dag" --cores 2 --network pigeon
contains "$work/err" "known: ideal, latency_bandwidth"
expect 2 "$pelsim" simulate "$dag" --cores 2 --latency 3parsecs
contains "$work/err" "--latency"
expect 2 "$pelsim" simulate "$dag" --cores 0
expect 2 "$pelsim" simulate "$work/missing.dot" --cores 2
contains "$work/err" "missing.dot"
expect 2 "$pelsim" simulate "$dag"
expect 2 "$pelsim" frobnicate
# A misspelled option: the closest of the command's options (1 edit from --polcy), else the
# list of them (CLI11 said only "The following arguments were not expected: heft --polcy").
expect 2 "$pelsim" simulate "$dag" --cores 4 --polcy heft
contains "$work/err" "pelsim: error: unknown option '--polcy'; did you mean '--policy'? (pelsim simulate --help lists the options)"
expect 2 "$pelsim" simulate "$dag" --cores 4 --polcy=heft
contains "$work/err" "unknown option '--polcy'; did you mean '--policy'?"
expect 2 "$pelsim" run "$dag" --out "$work/never" --no-plto
contains "$work/err" "unknown option '--no-plto'; did you mean '--no-plot'? (pelsim run --help lists the options)"
expect 2 "$pelsim" simulate "$dag" --cores 4 --frobnicate
contains "$work/err" "unknown option '--frobnicate' (known: --help, --cores, --policy, --policy-param,"
contains "$work/err" "; pelsim simulate --help describes them)"
expect 2 "$pelsim" simulate "$dag" --cores 4 -x  # one edit from every one-letter option: none
contains "$work/err" "unknown option '-x' (known: "
# An abbreviation of one option names it (--sched: --schedule, not --seed, fewer edits away);
# a misspelled option that leaves a required one missing is named, not the missing one.
expect 2 "$pelsim" simulate "$dag" --cores 4 --sched x.csv
contains "$work/err" "unknown option '--sched'; did you mean '--schedule'?"
expect 2 "$pelsim" run --outt "$work/never" "$dag"
contains "$work/err" "unknown option '--outt'; did you mean '--out'? (pelsim run --help lists the options)"
expect 2 "$pelsim" simulate "$dag" --cores 2 --schedule "$data/sgref/layered_n20_d2_s1.schedule.csv"
contains "$work/err" "is out of range [0, 2)"

# Faults: --fail CORE@TIME[+REPAIR], --mtbf/--mttr; bad ones are status 2 with the reason.
expect 0 "$pelsim" simulate "$dag" --cores 2 --policy fifo --fail 1@1ms --json
contains "$work/out" '"failures":1'
expect 0 "$pelsim" simulate "$dag" --cores 2 --mtbf 10s --mttr 10ms --fault-seed 3
contains "$work/out" "failures "
expect 2 "$pelsim" simulate "$dag" --cores 2 --fail 1at1s
contains "$work/err" "--fail 1at1s: expected CORE@TIME[+REPAIR], e.g. 3@10s+2s"
expect 2 "$pelsim" simulate "$dag" --cores 2 --fail 2@1s
contains "$work/err" "a failure of core 2, but the platform has 2 cores (0 to 1)"
expect 2 "$pelsim" simulate "$dag" --cores 2 --fail 1@soon
contains "$work/err" "--fail 1@soon: bad time 'soon'"
expect 0 "$pelsim" simulate "$dag" --cores 2 --policy heft --fail 1@0.1s  # the plan is repaired
contains "$work/out" "failures      1 (1 task run cut short"
expect 2 "$pelsim" simulate "$dag" --cores 2 --policy heft --fail 1@0.1s --fail 0@1s
contains "$work/err" "every core fails for good"
expect 0 "$pelsim" simulate "$dag" --cores 2 --policy heft --checkpoint-interval 10ms \
  --checkpoint-cost 1ms --restart-cost 2ms --mtbf 0.1s --mttr 10ms
contains "$work/out" "checkpoints   "
expect 2 "$pelsim" simulate "$dag" --cores 2 --checkpoint-cost 1ms
contains "$work/err" "--checkpoint-cost needs --checkpoint-interval"
expect 2 "$pelsim" simulate "$dag" --cores 2 --mtbf 1us
contains "$work/err" "the cores fail too often for it to finish"
expect 2 "$pelsim" simulate "$dag" --cores 2 --mtbf 10s --fault-unit node
contains "$work/err" "--fault-unit node needs the flow network's nodes"
expect 0 "$pelsim" simulate "$dag" --nodes 2 --cores-per-node 2 --topology crossbar --mtbf 10s --fault-unit node
expect 2 "$pelsim" simulate "$dag" --cores 2 --mttr 1s
contains "$work/err" "--mttr is the repair time of random failures: give --mtbf too"

# generate: every kind writes a DOT file that info and simulate read back.
expect 0 "$pelsim" generate --help
expect 0 "$pelsim" generate --list
contains "$work/out" "layered"
contains "$work/out" "tasks=1000"
contains "$work/out" "gaussian_elimination"
# Fork-join n = 8, f = 0.25, W = 8 Gflop: n + 2 tasks, 2n edges; on 4 cores of 1 Gflop/s with
# free transfers Amdahl's law gives (W/S)(f + (1-f)/P) = 8 (0.25 + 0.75/4) = 3.5 s.
expect 0 "$pelsim" generate fork_join --param n=8 --param fraction=0.25 --param work=8e9 -o "$work/fj.dot"
contains "$work/out" "10 tasks, 16 edges"
expect 0 "$pelsim" info "$work/fj.dot" --json
contains "$work/out" '"tasks":10,'
contains "$work/out" '"edges":16,'
expect 0 "$pelsim" simulate "$work/fj.dot" --cores 4 --network ideal --json
contains "$work/out" '"makespan":3.5,'
# Core types: a 2 x 2-tile Cholesky is the chain potrf -> trsm -> syrk -> potrf (1 Gflop each,
# task types their kernels). A cpu and a gpu at 1 GHz, the gpu 10x on trsm and syrk, ideal
# network: HEFT runs potrf on the cpu (1 s; a tie), trsm and syrk on the gpu (0.1 s each), the
# last potrf on the cpu (a tie again): 1 + 0.1 + 0.1 + 1 = 2.2 s; the cpu is busy 2 of 2.2 s
# (90.9 %), the gpu 0.2 s (9.1 %), both 2.2 / (2 x 2.2) = 50 %.
expect 0 "$pelsim" generate cholesky --param tiles=2 -o "$work/chol.dot"
contains "$work/chol.dot" 'type=potrf'
expect 0 "$pelsim" info "$work/chol.dot"
contains "$work/out" "task types           3"
contains "$work/out" "potrf              2 tasks"
expect 0 "$pelsim" info "$work/chol.dot" --json
contains "$work/out" '"tasks_of_type_potrf":2,"tasks_of_type_trsm":1,"tasks_of_type_syrk":1'
expect 0 "$pelsim" simulate "$work/chol.dot" --core-types cpu:1,gpu:1 --type-factors gpu:trsm=10,gpu:syrk=10 \
  --policy heft --network ideal
contains "$work/out" "on 2 cores"
contains "$work/out" "makespan      2.2 s"
contains "$work/out" "utilisation   50.0 % (cpu 90.9 %, gpu 9.1 %)"
expect 2 "$pelsim" simulate "$work/chol.dot" --core-types cpu:1,gpu:1 --type-factors tpu:trsm=10
contains "$work/err" "--type-factors: unknown core type 'tpu' (known: cpu, gpu)"
expect 2 "$pelsim" simulate "$work/chol.dot" --core-types cpu:1,gpu:1 --type-factors gpu:gemm=10
contains "$work/err" "task type 'gemm', which no task has (the task types: potrf, trsm, syrk)"
expect 2 "$pelsim" simulate "$work/chol.dot" --cores 3 --core-types cpu:1,gpu:1
contains "$work/err" "--core-types: the counts add up to 2 cores, not 3"
# Gaussian elimination of m = 5 (HEFT paper): (m^2+m-2)/2 = 14 tasks, m^2-m-1 = 19 edges.
expect 0 "$pelsim" generate gaussian_elimination -P m=5 -o "$work/ge.dot"
contains "$work/out" "14 tasks, 19 edges"
# Seeded: the same seed gives the same file, another seed another one.
expect 0 "$pelsim" generate layered -P tasks=500 --seed 4 -o "$work/l4a.dot"
expect 0 "$pelsim" generate layered -P tasks=500 --seed 4 -o "$work/l4b.dot"
expect 0 "$pelsim" generate layered -P tasks=500 --seed 5 -o "$work/l5.dot"
cmp -s "$work/l4a.dot" "$work/l4b.dot" || fail "same seed, different graphs"
cmp -s "$work/l4a.dot" "$work/l5.dot" && fail "different seeds, same graph"
contains "$work/l4a.dot" "--seed 4"
expect 0 "$pelsim" generate chain -P n=3 -o -
contains "$work/out" 't1 -> t2 [size="0"];'
# Bad generator input: status 2, the reason, and no output file (an existing one untouched).
echo keep >"$work/keep.dot"
expect 2 "$pelsim" generate nope -o "$work/keep.dot"
contains "$work/err" "unknown generator 'nope' (known: chain, independent,"
grep -qx keep "$work/keep.dot" || fail "a failed generate overwrote its output file"
expect 2 "$pelsim" generate chain -P m=3 -o "$work/never.dot"
contains "$work/err" "unknown parameter 'm' (parameters: n, work, bytes)"
expect 2 "$pelsim" generate fft -P points=12 -o "$work/never.dot"
contains "$work/err" "points = 12 is not a power of two"
expect 2 "$pelsim" generate chain -P n=0 -o "$work/never.dot"
contains "$work/err" "out of range"
expect 2 "$pelsim" generate chain -P n=ten -o "$work/never.dot"
contains "$work/err" "is not a number"
expect 2 "$pelsim" generate chain -P n=3
contains "$work/err" "-o FILE"
[ ! -e "$work/never.dot" ] || fail "a failed generate left an output file"

# check / run: the bundled default scenario, then errors with file:line:column.
scenarios=$3
expect 0 "$pelsim" check "$scenarios/default.yaml"
contains "$work/out" "ok, 21 runs"
# scenarios/README.md names the policies default.yaml sweeps, and no other (it said HLFET for
# work_stealing): each policy of `pelsim policies`, its underscores read as spaces, appears in
# the default.yaml row exactly when the scenario's sweep.policy lists it.
"$pelsim" policies >"$work/policies.txt"
python3 - "$scenarios" "$work/policies.txt" <<'PY' || fail "scenarios/README.md's default.yaml row does not name the policies default.yaml sweeps"
import re, sys
scenarios, listing = sys.argv[1], sys.argv[2]
known = re.findall(r"^  ([a-z_]+) +(?:plan|dynamic) ", open(listing).read(), re.M)
swept = re.search(r"^  policy: \[(.*)\]", open(scenarios + "/default.yaml").read(), re.M).group(1)
swept = {p.strip() for p in swept.split(",")}
row = next(l for l in open(scenarios + "/README.md") if l.startswith("| [`default.yaml`]")).lower()
named = {p for p in known if re.search(r"\b" + p.replace("_", " ") + r"\b", row)}
if named != swept:
    print("swept:", sorted(swept), "named:", sorted(named))
    sys.exit(1)
PY
cat >"$work/bag.yaml" <<'YAML'
description: 8 tasks of 1 s on 1, 2, 4 cores take 8, 4, 2 s
workload: {generator: independent, params: {n: 8, work: 1e9}}
platform: {network: ideal}
policy: fifo
sweep: {platform.cores: [1, 2, 4]}
YAML
expect 0 "$pelsim" run "$work/bag.yaml" --out "$work/bag" -j 2 --no-plot
contains "$work/bag/results.csv" "2,bag,1,0,4,2,2,4,1,"
contains "$work/out" "3 runs (3 run now, 0 read back)"
# More jobs than hardware threads is allowed, and TBB says nothing about it on standard error.
jobs=$(($(nproc) + 2))
expect 0 "$pelsim" run "$work/bag.yaml" --out "$work/bag-many" -j "$jobs" --no-plot
grep -q "TBB" "$work/err" && fail "run -j $jobs printed TBB's warning: $(head -c 300 "$work/err")"
# One run, one reference run: counted in the singular; the core count in full; the energy
# (8 busy core-seconds at 10 W, idle cores at 0 W: 80 J).
cat >"$work/one.yaml" <<'YAML'
workload: {generator: independent, params: {n: 8, work: 1e9}}
platform: {network: ideal, cores: 1000000, power: {idle: 0W, busy: 10W}}
policy: fifo
YAML
expect 0 "$pelsim" run "$work/one.yaml" --out "$work/one" --no-plot
contains "$work/out" "one: 1 run + 1 one-core reference run (2 run now"
contains "$work/out" "on 1000000 cores: makespan 1 s, energy 80 J,"
# Plots come from pelsim-plot next to pelsim (when Qt was built): summary.json -> SVG and PNG.
if [ -x "$(dirname "$pelsim")/pelsim-plot" ]; then
  expect 0 "$pelsim" run "$work/bag.yaml" --out "$work/plotted"
  contains "$work/out" "plots: $work/plotted/scaling.svg"
  contains "$work/plotted/scaling.svg" "<svg"
  [ -s "$work/plotted/scaling.png" ] || fail "no scaling.png"
fi
expect 0 "$pelsim" run "$work/bag.yaml" --out "$work/bag" --no-plot --trace-run 1
contains "$work/out" "3 runs (0 run now, 3 read back)"
contains "$work/bag/trace-1.json" '"traceEvents":['
contains "$work/bag/trace-1.paje" '%EventDef PajeSetState 5'
expect 2 "$pelsim" run "$work/bag.yaml" --out "$work/bag" --no-plot --trace-run 3
contains "$work/err" "the scenario has runs 0 to 2"
# ... and before any run: nothing is written into a new --out.
expect 2 "$pelsim" run "$work/bag.yaml" --out "$work/bad-trace" --no-plot --trace-run 3
expect 2 "$pelsim" run "$work/bag.yaml" --out "$work/bad-trace" --no-plot --trace-run -1
contains "$work/err" "--trace-run: '-1' is not a run number"
# The console summary says n/a, and why, where summary.json has null (it printed nan): no fit
# from runs on one core only (fork_join: its default 64 Gflop on one 1 Gflop/s core, 64 s), no
# speedup of a workload without work (0 s / 0 s).
printf 'workload: {generator: fork_join}\nplatform: {cores: 1}\n' >"$work/one-core.yaml"
expect 0 "$pelsim" run "$work/one-core.yaml" --out "$work/one-core" --no-plot
contains "$work/out" "on 1 core: makespan 64 s, speedup 1.00 (efficiency 100.0 %), Amdahl serial fraction n/a (one core count: it needs runs on more than one core)"
printf 'workload: {tasks: [{name: a}, {name: b}]}\nsweep: {platform.cores: [1, 2]}\n' >"$work/no-work.yaml"
expect 0 "$pelsim" run "$work/no-work.yaml" --out "$work/no-work" --no-plot
contains "$work/out" "on 2 cores: makespan 0 s, speedup n/a (no work to speed up), Amdahl serial fraction n/a (no speedup on more than one core to fit)"
grep -qi nan "$work/out" && fail "the console summary prints nan: $(cat "$work/out")"
expect 0 "$pelsim" run --trace-run 1 "$work/bag.yaml" --out "$work/bag" --no-plot  # SCENARIO after it
contains "$work/out" "3 runs (0 run now, 3 read back)"
[ ! -e "$work/bad-trace" ] || fail "a bad --trace-run still ran the sweep into $work/bad-trace"
# One bad output path: no output at all (the others were written before it failed), no
# temporary left behind.
mkdir -p "$work/outs"
expect 2 "$pelsim" simulate "$dag" --cores 4 --explain "$work/outs/e.jsonl" --trace "$work/outs/t.csv" \
  --write-schedule "$work/missing/s.csv"
[ -z "$(ls -A "$work/outs")" ] || fail "a failed simulate left $(ls "$work/outs")"
# Parse errors read like the others; an unknown command lists the known ones; a core count has
# a ceiling (2^31 cores ran out of memory after a minute).
# A flow network that carried nothing says so (it printed "busiest  at 0.0 %").
"$pelsim" generate independent --param n=4 -o "$work/bag4.dot" > /dev/null
expect 0 "$pelsim" simulate "$work/bag4.dot" --topology bus --nodes 2
contains "$work/out" "links         none carried data"
# A scenario given to simulate says how to run it.
printf 'description: d\nworkload: {generator: chain}\n' > "$work/scn.yaml"
expect 2 "$pelsim" simulate "$work/scn.yaml" --cores 2
contains "$work/err" "scn.yaml:2:11: this is a scenario, not a task graph (it has 'workload'): run it with \`pelsim run"
# A task graph given to run or check: how to simulate it (its YAML errors said nothing useful).
expect 2 "$pelsim" check "$dag"
contains "$work/err" "pelsim: error: $dag: this is a task graph (dot), not a scenario: simulate it with \`pelsim simulate $dag --cores N\`"
expect 2 "$pelsim" bogus
contains "$work/err" "pelsim: error: unknown command 'bogus' (known: simulate, info"
expect 2 "$pelsim" simulate "$dag" --cores 0
contains "$work/err" "pelsim: error: --cores: '0' is not a number of cores: give a whole number from 1 to 16777216"
expect 2 "$pelsim" simulate "$dag" --cores four
contains "$work/err" "pelsim: error: --cores: 'four' is not a number of cores: give a whole number"
expect 2 "$pelsim" simulate "$dag" --nodes 0 --topology crossbar   # (it said: give --nodes)
contains "$work/err" "pelsim: error: --nodes: '0' is not a number of nodes: give a whole number"
expect 0 "$pelsim" simulate "$dag" --cores 010   # decimal (CLI11 read a leading 0 as octal: 8)
contains "$work/out" "on 10 cores"
expect 2 "$pelsim" simulate "$dag" --cores 2147483648
# Seeds as in scenarios (-1 wrapped to 2^64 - 1 silently).
expect 2 "$pelsim" simulate "$dag" --cores 2 --seed -1
contains "$work/err" "--seed: '-1' is not a seed: give a whole number from 0 to 9007199254740992"
printf '<?xml version="1.0"?>\n<platform version="4.1"><cluster id="c" prefix="n" suffix="" radical="0-3" speed="1Gf" core="16777216" bw="1GBps" lat="1us"/></platform>\n' > "$work/huge.xml"
expect 2 "$pelsim" simulate "$dag" --platform "$work/huge.xml"
contains "$work/err" "huge.xml:2: <cluster> makes 67108864 cores (4 nodes of 16777216), more than pelsim's 16777216"
# An input too big for the machine's memory (here limited to 2 GB) is an error of the input,
# not an internal one: a generated graph is refused before it is built, saying why; what runs
# out of memory all the same (2^24 cores need 1.1 GB) says so.
expect 2 sh -c "ulimit -v 2000000; '$pelsim' generate chain --param n=4294967294 -o '$work/huge.dot'"
contains "$work/err" "pelsim: error: generator 'chain': 4294967294 tasks and 4294967293 edges would need at least 344 GB of memory to simulate, more than the 2.05 GB this process may use"
[ ! -e "$work/huge.dot" ] || fail "a failed generate left huge.dot"
expect 2 sh -c "ulimit -v 300000; '$pelsim' simulate '$dag' --cores 16777216"
contains "$work/err" "pelsim: error: out of memory"
# A directory given as a file (the C library opens it; reading failed with bad_alloc), and a
# pipe without --format (sniffing its head would consume it).
mkdir -p "$work/dir.dot" "$work/dir.json"
for input in "$work/dir.dot" "$work/dir.json" "$work"; do
  expect 2 "$pelsim" simulate "$input" --cores 2
  contains "$work/err" "it is a directory"
done
expect 2 "$pelsim" run "$work/dir.json" --out "$work/never"
contains "$work/err" "cannot open the scenario file: it is a directory"
expect 2 sh -c "cat '$dag' | '$pelsim' simulate /dev/stdin --cores 4"
contains "$work/err" "give its format (--format"
expect 0 sh -c "cat '$dag' | '$pelsim' simulate /dev/stdin --format dot --cores 4 --latency 10us --bandwidth 100MB/s --json"
contains "$work/out" '"makespan":0.404464767,'
# convert: DOT -> YAML -> WfFormat JSON, and the makespan survives the trip.
expect 0 "$pelsim" convert "$dag" "$work/g.yaml"
expect 0 "$pelsim" convert "$work/g.yaml" "$work/g.json"
expect 0 "$pelsim" simulate "$work/g.yaml" --cores 4 --latency 10us --bandwidth 100MB/s --json
contains "$work/out" '"makespan":0.404464767,'
expect 2 "$pelsim" convert "$dag" "$work/g.txt"
contains "$work/err" "cannot tell the output format"
# OUT - is standard output (as generate -o -): the same bytes as the file, no file named -.
expect 0 "$pelsim" convert "$dag" "$work/g.dot"
expect 0 "$pelsim" convert "$dag" - --to dot
cmp -s "$work/out" "$work/g.dot" || fail "convert IN - --to dot differs from convert IN g.dot"
contains "$work/err" "-> standard output (dot)"
[ ! -e ./- ] || fail "convert IN - wrote a file named -"
expect 2 "$pelsim" convert "$dag" -
contains "$work/err" "give --to dot, yaml or wfformat"
# A YAML graph under another name is told by its content.
cp "$work/g.yaml" "$work/g-yaml.txt"
expect 0 "$pelsim" simulate "$work/g-yaml.txt" --cores 4 --latency 10us --bandwidth 100MB/s --json
contains "$work/out" '"makespan":0.404464767,'

# --reference-speed: WfCommons runtimes are work at the recorded machine's speed unless stated.
# two-machines.json: a 4 s on a 1000 MHz machine, b 3 s on a 2000 MHz one, c 1 s on none (1e9).
two=$data/wfcommons/two-machines.json
expect 0 "$pelsim" info "$two" --json
contains "$work/out" '"total_work":11000000000,'  # 4e9 + 6e9 + 1e9
expect 0 "$pelsim" info "$two" --json --reference-speed 2.5GHz
contains "$work/out" '"total_work":20000000000,'  # (4 + 3 + 1) s x 2.5e9
expect 0 "$pelsim" simulate "$two" --cores 1 --reference-speed 2GHz --json
contains "$work/out" '"makespan":16,'  # 8 s x 2e9 on one 1e9 core
expect 0 "$pelsim" convert "$two" "$work/two.yaml" --reference-speed 1GHz
expect 0 "$pelsim" info "$work/two.yaml" --json
contains "$work/out" '"total_work":8000000000,'
expect 2 "$pelsim" info "$two" --reference-speed fast
contains "$work/err" "--reference-speed"
expect 2 "$pelsim" info "$two" --reference-speed 0
contains "$work/err" "--reference-speed must be > 0"
expect 2 "$pelsim" info "$dag" --reference-speed 1GHz
contains "$work/err" "not to a dot graph, whose work is in flops"
# replay: each core at its machine's speed; docs/validation.md and replay_test.cpp derive these.
expect 0 "$pelsim" replay "$two" --policy heft --json
contains "$work/out" '"simulated":4.5,'
expect 0 "$pelsim" replay "$two" --policy heft --reference-speed 2GHz --json
contains "$work/out" '"simulated":7,'
expect 2 "$pelsim" replay "$two" --task-overhead -1
contains "$work/err" "--task-overhead: bad time '-1': negative"
# The same instance in the WfFormat 1.4 layout (makespanInSeconds and machines in workflow,
# cpu.count and cpu.speed): the same platform and works, so the same 4.5 s against 5 s.
expect 0 "$pelsim" replay "$data/wfcommons/two-machines-1.4.json" --policy heft --json
contains "$work/out" '"cores":2,'
contains "$work/out" '"measured":5,'
contains "$work/out" '"simulated":4.5,'
# A DAX is not an instance: a clear InputError at line 1 (its first character), status 2.
sipht=$scenarios/workloads/pegasus-dax/Sipht_30.xml
# --root-end adds SimGrid's root and end tasks to a DAX (29 jobs + 2), and with them the files
# no job writes or reads (total bytes 52 315 188 -> 737 448 074); a DOT file has none to add.
expect 0 "$pelsim" info "$sipht" --json --root-end
contains "$work/out" '"tasks":31,'
contains "$work/out" '"total_bytes":737448074,'
expect 0 "$pelsim" info "$sipht" --json
contains "$work/out" '"tasks":29,'
# One edge per file a pair of jobs passes, as SimGrid's one transfer each (tests/models/
# dax_reader_test.cpp, RealFilesMatchTheReadmeTables): 45 edges between 33 pairs of jobs (the
# README's 33 child/parent edges); with root and end, the 1885 transfers SimGrid's loader makes
# (tests/data/sgref_dax/Sipht_30.txt: 1885 comm lines of more than 0 bytes) join 65 pairs.
contains "$work/out" '"edges":45,"task_pairs":33,'
expect 0 "$pelsim" info "$sipht" --root-end
contains "$work/out" 'edges                1885 (65 task pairs)'
# A DOT task that appears only in edges, without work (a misspelled name?): a warning on standard
# error naming it and its line, the command goes on (status 0).
printf 'digraph {\n a [size=1e9]; b [size=1e9];\n a -> bb [size=100];\n}\n' > "$work/typo.dot"
expect 0 "$pelsim" info "$work/typo.dot"
contains "$work/err" "pelsim: warning: $work/typo.dot:3: task 'bb' appears only in edges and has no work"
# ... also when the run then fails (bb, with its edge's bytes, is not in the schedule).
printf 'a,0,0\nb,1,0\n' > "$work/typo.csv"
expect 2 "$pelsim" simulate "$work/typo.dot" --cores 2 --schedule "$work/typo.csv"
contains "$work/err" "pelsim: warning: $work/typo.dot:3: task 'bb' appears only in edges"
contains "$work/err" "task 'bb' is not in the schedule"
# ... and by pelsim check (and run) for a scenario's workload file.
printf 'workload: {file: typo.dot}\nplatform: {cores: 2}\n' > "$work/typo.yaml"
expect 0 "$pelsim" check "$work/typo.yaml"
contains "$work/err" "pelsim: warning: $work/typo.dot:3: task 'bb' appears only in edges"
printf 'digraph { a [size=1e9]; }\n' > "$work/one.dot"
expect 2 "$pelsim" simulate "$work/one.dot" --cores 2 --root-end
contains "$work/err" "one.dot: SimGrid's root and end tasks (--root-end) are added to a DAX"
expect 2 "$pelsim" replay "$sipht"
contains "$work/err" "$sipht:1: not a WfCommons JSON instance (replay needs one"
grep -q "json.exception" "$work/err" && fail "replay of a DAX shows nlohmann's message"
# Network options: flow is listed and accepted; what the model would ignore is refused.
expect 0 "$pelsim" replay --help
contains "$work/out" "ideal | latency_bandwidth | flow"
expect 0 "$pelsim" replay "$two" --network flow --json
contains "$work/out" '"network":"flow"'
expect 2 "$pelsim" replay "$two" --network ideal --latency 1ms
contains "$work/err" "--latency: the ideal network moves data in no time"
expect 2 "$pelsim" replay "$two" --bandwidth 1GB/s
contains "$work/err" "--bandwidth: the ideal network moves data in no time"  # ideal: the default
expect 2 "$pelsim" replay "$two" --policy static
contains "$work/err" "--policy static: replay takes no schedule file"
grep -q "policy.schedule" "$work/err" && fail "replay names a scenario key"

# Shards (job arrays) and MPI ranks give the same results.csv as one process.
expect 0 "$pelsim" run "$work/bag.yaml" --out "$work/shards" --shard 1/2 --no-plot
contains "$work/out" "shard 1/2"
expect 0 "$pelsim" run "$work/bag.yaml" --out "$work/shards" --shard 0/2 --no-plot
contains "$work/out" "(2 run now, 1 read back)"  # runs 0 and 2 here, run 1 by shard 1/2
cmp -s "$work/shards/results.csv" "$work/bag/results.csv" || fail "sharded results differ"
expect 2 "$pelsim" run "$work/bag.yaml" --out "$work/shards" --shard 2/2
contains "$work/err" "want i/n with 0 <= i < n"
mpi="mpirun --allow-run-as-root --oversubscribe -n 2"
if command -v mpirun >/dev/null && $mpi true >/dev/null 2>&1; then
  # Open MPI leaks at MPI_Finalize by design: leak reports of sanitizer builds are not ours.
  expect 0 env ASAN_OPTIONS=detect_leaks=0 $mpi "$pelsim" run "$work/bag.yaml" --out "$work/mpi" --mpi --no-plot
  cmp -s "$work/mpi/results.csv" "$work/bag/results.csv" || fail "MPI results differ"
  contains "$work/out" "(3 run now, 0 read back)"
  # 4 ranks on 2 cores (oversubscribed): rank 0 gathers from 3 others.
  expect 0 env ASAN_OPTIONS=detect_leaks=0 mpirun --allow-run-as-root --oversubscribe -n 4 \
    "$pelsim" run "$work/bag.yaml" --out "$work/mpi4" --mpi --no-plot
  cmp -s "$work/mpi4/results.csv" "$work/bag/results.csv" || fail "MPI (4 ranks) results differ"
else
  echo "skipped: MPI check (mpirun missing or not usable here)"
fi
printf 'workload: {generator: chain}\nplatform: {cores: two}\n' >"$work/bad.yaml"
expect 2 "$pelsim" check "$work/bad.yaml"
contains "$work/err" "bad.yaml:2:19: platform.cores must be a number, not 'two'"
expect 2 "$pelsim" run "$work/bad.yaml" --out "$work/never"
[ ! -e "$work/never/results.csv" ] || fail "a failed run left a results file"
# Policy parameters in a scenario (and swept); unknown ones rejected at file:line:column.
cat >"$work/ws.yaml" <<'YAML'
workload: {generator: fork_join, params: {n: 8}}
platform: {network: ideal}
policy: {name: work_stealing, steal_latency: 1us, retry_delay: 10us}
sweep: {platform.cores: [1, 2], policy.steal_latency: [0, 1ms]}
YAML
expect 0 "$pelsim" run "$work/ws.yaml" --out "$work/ws" --no-plot
contains "$work/ws/results.csv" "policy.steal_latency"
printf 'workload: {generator: chain}\npolicy: {name: work_stealing, latency: 1us}\n' >"$work/bad3.yaml"
expect 2 "$pelsim" check "$work/bad3.yaml"
contains "$work/err" "bad3.yaml:2:31: unknown key 'latency' in policy 'work_stealing' (allowed: name, steal_latency, retry_delay, decision_overhead, dispatch_latency)"
printf 'workload: {generator: chain}\npolicy: {name: central_queue, priority: lifo}\n' >"$work/bad4.yaml"
expect 2 "$pelsim" check "$work/bad4.yaml"
contains "$work/err" "bad4.yaml:2:41: policy parameter 'priority' is one of fifo, bottom_level, random, not 'lifo'"
printf 'workload: {generator: chain}\nplatform: {cores: 2}\nsweep: {policy: [fifo, nope]}\n' >"$work/bad2.yaml"
expect 2 "$pelsim" check "$work/bad2.yaml"
contains "$work/err" "bad2.yaml:3:24: unknown policy 'nope' (known: static, fifo"

# The flow network: SimGrid's schedule on a crossbar (L/2 per link) and on a bus gives sgref's
# --net private and --net bus makespans (tests/data/sgref/layered_n20_d2_s1.{private,bus}.json).
sched=$data/sgref/layered_n20_d2_s1.schedule.csv
expect 0 "$pelsim" simulate "$dag" -p 4 --topology crossbar -l 5e-6 -b 1e8 --schedule "$sched" \
  --link-stats "$work/links.csv"
contains "$work/out" "makespan      0.436059125 s"
contains "$work/out" "network       crossbar, 4 nodes, 8 links"
contains "$work/links.csv" "link,bandwidth,bytes,busy_time,utilisation,peak_flows"
contains "$work/links.csv" "node0.up,100000000,"
expect 0 "$pelsim" simulate "$dag" --nodes 2 --cores-per-node 2 --network flow --topology bus -l 1e-5 -b 1e8 --json
contains "$work/out" '"network":"flow"'
contains "$work/out" '"topology":"bus, 2 nodes, 1 link"'
expect 0 "$pelsim" simulate "$dag" -p 4 --topology bus -l 1e-5 -b 1e8 --schedule "$sched"
contains "$work/out" "makespan      0.448965284 s"
expect 2 "$pelsim" simulate "$dag" -p 4 --topology tourus
contains "$work/err" "unknown topology 'tourus' (known: bus, crossbar, ring, mesh2d, torus2d, torus3d, fat_tree, dragonfly)"
expect 2 "$pelsim" simulate "$dag" -p 6 --topology torus2d --dims 4 2
contains "$work/err" "pelsim: error:"
expect 2 "$pelsim" simulate "$dag" -p 4 --link-stats "$work/never.csv"
[ ! -e "$work/never.csv" ] || fail "--link-stats without flow wrote a file"
expect 0 "$pelsim" platform --topology torus3d --nodes 64
contains "$work/out" "topology   torus3d 4x4x4, 64 nodes"
# --routes beyond the node count shows every destination once: 0 -> 3, 2, 1 on a ring of 4.
expect 0 "$pelsim" platform --topology ring --nodes 4 --routes 10
[ "$(grep -c '^route ' "$work/out")" = 3 ] || fail "platform --routes 10 on 4 nodes: $(grep '^route ' "$work/out")"
contains "$work/out" "route      0 -> 1:"
# --nic-bandwidth inf keeps NIC links of --nic-latency; with --nic-latency 0 there are none.
expect 0 "$pelsim" platform --topology crossbar --nodes 4 --nic-bandwidth inf
contains "$work/out" "links      8"
expect 0 "$pelsim" platform --topology crossbar --nodes 4 --nic-bandwidth inf --nic-latency 0
contains "$work/out" "links      0"
contains "$work/out" "narrowest link inf B/s"
platforms=$data/../../../shared/workloads/simgrid/platforms
if [ -d "$platforms" ]; then
  expect 0 "$pelsim" platform "$platforms/cluster_backbone.xml"
  expect 2 "$pelsim" platform "$platforms/cluster_backbone.xml" --topology ring
  contains "$work/err" "--topology: the platform file sets the network; give one or the other"
  # FILE and --platform together: one would be ignored (the second won).
  expect 2 "$pelsim" platform "$platforms/cluster_backbone.xml" --platform "$platforms/cluster_fat_tree.xml"
  contains "$work/err" "FILE excludes --platform"
  expect 2 "$pelsim" simulate "$dag" --platform "$platforms/cluster_backbone.xml" --core-speed 2GHz
  contains "$work/err" "--core-speed: the platform file sets the core speed"
  expect 0 "$pelsim" platform "$platforms/cluster_backbone.xml"
  contains "$work/out" "route      node-0.simgrid.org -> node-99.simgrid.org: node0.up backbone node99.down"
  expect 0 "$pelsim" simulate "$dag" --platform "$platforms/cluster_fat_tree.xml" --json
  contains "$work/out" '"cores":16'
fi

zones=$data/sgref_platforms  # copies of SimGrid example platforms (LGPL, licence beside)
# A Full zone of hosts, links and routes: hosts by name, routes as given (reversed back).
expect 0 "$pelsim" platform "$zones/small_platform.xml" --routes 1
contains "$work/out" "zone zone0: 7 hosts, 7 cores at 4.8492e+07..1.37333e+08 flop/s, 25 links"
contains "$work/out" "route      Tremblay -> Boivin: 3 0 16 10 11 44 47"
# two_hosts.xml: 25Mf hosts, one link of 125MBps and 100us; a 25e6-flop task, 1.25e6 bytes,
# a 50e6-flop task on the other host: 1 + 1e-4 + 0.01 + 2 = 3.0101 s.
printf 'digraph { a [size=25e6]; b [size=50e6]; a -> b [size=1.25e6]; }\n' > "$work/two.dot"
printf 'task,core,order\na,0,0\nb,1,0\n' > "$work/two.csv"
expect 0 "$pelsim" simulate "$work/two.dot" --platform "$zones/two_hosts.xml" \
  --schedule "$work/two.csv" --json
contains "$work/out" '"makespan":3.0101'
# A Floyd zone of hosts and routers: routes computed, the shortest in links.
expect 0 "$pelsim" platform "$zones/ring_floyd.xml" --routes 1
contains "$work/out" "zone ring: 6 hosts, 8 cores at 1e+09 flop/s, 6 routers, 14 links, Floyd routing"
contains "$work/out" "route      h0 -> h5: hl0 rl5 hl5"
# Two clusters joined by a zone route (SimGrid's two_clusters.xml): up, backbone, the zone
# route's link, the other backbone, down.
expect 0 "$pelsim" platform "$zones/two_clusters.xml" --routes 1
contains "$work/out" "zone AS0: 20 hosts x 1 cores at 1e+09 flop/s, 3 zones, 2 routers, 43 links"
contains "$work/out" "route      node-0.acme.org -> node-19.acme.org: my_cluster_1_link_0_UP my_cluster_1_backbone backbone my_cluster_2_backbone my_cluster_2_link_19_DOWN"
printf '<platform version="4.1"><zone id="a" routing="Full">\n<zone id="b" routing="Full"/></zone></platform>\n' > "$work/nested.xml"
expect 2 "$pelsim" platform "$work/nested.xml"
contains "$work/err" "nested.xml:2: <zone> 'b' has no <host>, <cluster> or <zone>"

# SimGrid's LV08 (docs/models/network.md): named in the report and the JSON, one 1e8-byte
# transfer on a bus of 1 ms and 1e8 B/s: 13.01 ms, then 1e8 / (0.97 x 1e8 / 1.05) s (its
# acknowledgements use 5 % of the bus too) after the 1 s task: 2.0954842268 s (sgref, SimGrid
# 3.32 with LV08's options and network/optim:Full: the same).
printf 'digraph { a [size=1e9]; b [size=0]; a -> b [size=1e8] }\n' > "$work/lv.dot"
printf 'a,0,0\nb,1,0\n' > "$work/lv.csv"
expect 0 "$pelsim" simulate "$work/lv.dot" --cores 2 --topology bus -l 1ms -b 1e8 --schedule "$work/lv.csv" \
  --flow-model lv08 --json
contains "$work/out" '"flow_model":"lv08"'
contains "$work/out" '"makespan":2.0954842268041238,'
# --comm-trace: that transfer, as sgref writes it (src,dst,bytes,start,finish).
expect 0 "$pelsim" simulate "$work/lv.dot" --cores 2 --topology bus -l 1ms -b 1e8 --schedule "$work/lv.csv" \
  --flow-model lv08 --comm-trace "$work/comm.csv"
contains "$work/comm.csv" "src,dst,bytes,start,finish"
contains "$work/comm.csv" "a,b,100000000,1,2.0954842268041238"
expect 0 "$pelsim" simulate "$work/lv.dot" --cores 2 --topology bus -l 1ms -b 1e8 --schedule "$work/lv.csv"
contains "$work/out" "network       bus, 2 nodes, 1 link (cm02)"
expect 2 "$pelsim" simulate "$work/lv.dot" --cores 2 --topology bus --flow-model lv8
contains "$work/err" "--flow-model: unknown flow model 'lv8' (known: cm02, lv08)"
expect 2 "$pelsim" simulate "$work/lv.dot" --cores 2 --flow-model lv08
contains "$work/err" "--flow-model is a flow network option"
# --flow-model beside a platform whose <config> sets the model replaces it, and says so.
lv08=$data/sgref_lv08
expect 0 "$pelsim" simulate "$lv08/gamma0_cross0.dot" --platform "$lv08/gamma0_cross0.xml" \
  --schedule "$lv08/gamma0_cross0.schedule.csv" --flow-model LV08
contains "$work/err" "gamma0_cross0.xml: its <config> sets the network model (SimGrid CM02 family: latency x13.01, bandwidth x0.97, weight-S 20537, TCP-gamma 0, cross-traffic off); --flow-model lv08 replaces it as a whole"
expect 2 "$pelsim" simulate "$work/lv.dot" --cores 2 --topology bus --flow-model ""
contains "$work/err" "--flow-model: give a model, cm02 or lv08"
expect 2 "$pelsim" simulate "$work/lv.dot" --cores 2 --same-core-transfers
contains "$work/err" "--same-core-transfers is a flow network option"
expect 0 "$pelsim" platform --topology bus --nodes 2 --flow-model lv08
contains "$work/out" "model      lv08"

# SimGrid's --cfg: network/model:LV08 is --flow-model lv08 (same makespan, digit for digit);
# with a platform whose <config> sets TCP-gamma 0 and no cross-traffic, --cfg sets only what it
# names (the file's TCP-gamma stays); both ways of naming the model at once are refused.
expect 0 "$pelsim" simulate "$work/lv.dot" --cores 2 --topology bus --flow-model lv08 --json
lv08=$(grep -o '"makespan":[^,]*' "$work/out")
expect 0 "$pelsim" simulate "$work/lv.dot" --cores 2 --topology bus --cfg=network/model:LV08 --json
contains "$work/out" "$lv08"
expect 0 "$pelsim" simulate --cfg network/model:LV08 --cfg network/optim:Full "$work/lv.dot" --cores 2 --topology bus --json
contains "$work/out" "$lv08"
expect 0 "$pelsim" platform --platform "$data/sgref_lv08/gamma0_cross0.xml" --cfg network/crosstraffic:1
contains "$work/out" "TCP-gamma 0, cross-traffic on"
# (--flow-model beside a platform without <config> and a --cfg that is not the model's: no
# warning that the file's model is replaced.)
expect 0 "$pelsim" simulate "$work/lv.dot" --platform "$scenarios/workloads/simgrid/platforms/small_platform.xml" --cfg network/optim:Full --flow-model cm02
if grep -q "replaces it" "$work/err"; then fail "a warning about a <config> small_platform.xml has not"; fi
expect 2 "$pelsim" simulate "$work/lv.dot" --cores 2 --topology bus --cfg network/model:LV08 --flow-model lv08
contains "$work/err" "--flow-model and --cfg both set the network model"
expect 2 "$pelsim" simulate "$work/lv.dot" --cores 2 --topology bus --cfg network/model
contains "$work/err" "--cfg 'network/model': give name:value"

# SimGrid's DAG JSON, told from a WfCommons instance by its transfer task, runs as the file
# places it on the platform's hosts (s4u-dag-from-json-simple.tesh: c3 ends at 111.497072).
sgjson="$scenarios/workloads/simgrid/json/dag-from-json-simple.json"
expect 0 "$pelsim" simulate "$sgjson" --platform "$scenarios/workloads/simgrid/platforms/small_platform.xml" --flow-model lv08
contains "$work/out" "policy static"
contains "$work/out" "makespan      111.497072 s"
expect 2 "$pelsim" simulate "$sgjson" --platform "$data/sgref_platforms/bypassRoute.xml"
contains "$work/err" "task 'c1' runs on 'Tremblay', which the platform does not have (known: "
expect 2 "$pelsim" simulate "$sgjson" --format wfcommons --cores 2
contains "$work/err" "read it with --format simgrid_json"
expect 0 "$pelsim" info "$sgjson"
contains "$work/out" "placement            3 of 3 tasks on 2 hosts (Tremblay, Jupiter)"
expect 0 "$pelsim" convert "$sgjson" "$work/sgjson.dot"
contains "$work/err" "the hosts its tasks are placed on (machine) are not written"

# Locks: three 1 Gflop tasks of lock db run one after the other on 4 cores, the fourth beside
# them: 3 s, which is also the lower bound (docs/models/synchronization.md).
printf 'digraph { a [size=1e9, lock=db]; b [size=1e9, lock=db]; c [size=1e9, lock=db]; d [size=1e9] }\n' \
  > "$work/locks.dot"
expect 0 "$pelsim" simulate "$work/locks.dot" --cores 4 --network ideal --policy fifo --json
contains "$work/out" '"makespan":3,'
contains "$work/out" '"lower_bound":3,'
expect 0 "$pelsim" info "$work/locks.dot"
contains "$work/out" "db                 3 tasks, 3e+09 flops"
expect 2 "$pelsim" convert "$work/locks.dot" "$work/locks.json"
contains "$work/err" "the graph has locks, which WfFormat cannot store"
[ -e "$work/locks.json" ] && fail "a refused conversion left a file"

# Under flow, a transfer cancelled when its task moves off a failed core (the case of
# Faults.AMovedTaskWaitsForItsNewTransferAndTheOldOneIsCancelled): node 2's downlink, used only
# by it over [1, 1.5] s, is listed with 0 bytes and 0.5 s busy, and is not among the links
# that carried data (node 0's uplink and node 3's downlink).
printf 'digraph { a [size=4e9]; x [size=1e12]; z [size=1e12]; b [size=1e9]; a -> z [size=0]; a -> b [size=1e8] }\n' \
  > "$work/moved.dot"
expect 0 "$pelsim" simulate "$work/moved.dot" --nodes 4 --topology crossbar -l 0 -b 1e8 \
  --speeds 4e9,1e9,1e9,1e9 --policy fifo --fail 2@1.5 --json --link-stats "$work/moved-links.csv"
contains "$work/out" '"links_used":2,'
contains "$work/out" '"interrupted":1,'
contains "$work/moved-links.csv" "node2.down,100000000,0,0.5,0,1"
# When z is short (1 s), b moves to core 0, next to its input: node 2's downlink is the only
# link listed, and no link carried data: none is named busiest.
printf 'digraph { a [size=4e9]; x [size=1e12]; z [size=1e9]; b [size=1e9]; a -> z [size=0]; a -> b [size=1e8] }\n' \
  > "$work/moved2.dot"
expect 0 "$pelsim" simulate "$work/moved2.dot" --nodes 4 --topology crossbar -l 0 -b 1e8 \
  --speeds 4e9,1e9,1e9,1e9 --policy fifo --fail 2@1.5 --json
contains "$work/out" '"links_used":0,'
contains "$work/out" '"busiest_link":"",'
# A tie: a sends b 1e8 bytes over a ring of 3 nodes (1e9 B/s links), through node 0's uplink,
# the ring link 0->1 and node 1's downlink, so the three carry the same bytes at the same
# bandwidth: the busiest is the first of them in the platform's link order (--link-stats).
printf 'digraph { a [size=1e9]; b [size=1e9]; c [size=1e9]; a -> b [size=1e8]; a -> c [size=1e8]; }\n' \
  > "$work/tie.dot"
expect 0 "$pelsim" simulate "$work/tie.dot" --cores 3 --network flow --topology ring --json
contains "$work/out" '"links_used":3,'
contains "$work/out" '"busiest_link":"node0.up"'

# A simulate ended by SIGTERM (or SIGINT) leaves no file behind, neither its outputs nor their
# temporaries; it ends by the signal (status 143). The run (heft explaining 30000 placements
# on 64 cores, seconds) is signalled as soon as its explain temporary appears.
expect 0 "$pelsim" generate layered -P tasks=30000 -o "$work/big.dot"
"$pelsim" simulate "$work/big.dot" -p 64 --policy heft --explain "$work/int.jsonl" \
  --trace "$work/int.csv" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 500); do
  compgen -G "$work/int.jsonl.tmp.*" >/dev/null && break
  sleep 0.01
done
if compgen -G "$work/int.jsonl.tmp.*" >/dev/null; then
  kill -TERM "$pid"
  wait "$pid"
  status=$?
  [ "$status" = 143 ] || fail "simulate ended by SIGTERM exited $status (want 143)"
  compgen -G "$work/int.*" >/dev/null && fail "an interrupted simulate left $(ls "$work"/int.*)"
else
  wait "$pid"
  fail "simulate ended before its explain file appeared: give the test a longer run"
fi

# A batch ended by SIGTERM (a batch system's time limit) exits 143 like any other command, not
# Ctrl-C's 130, once its journal is safe; the same command resumes it.
cat > "$work/slow.yaml" <<'EOF'
workload: {generator: layered, params: {tasks: 200000}}
platform: {network: ideal}
policy: heft
sweep:
  platform.cores: [64, 128, 256, 512, 1024]
EOF
"$pelsim" run "$work/slow.yaml" --out "$work/slow" -j 1 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1000); do
  [ -f "$work/slow/journal.csv" ] && [ "$(wc -l < "$work/slow/journal.csv")" -ge 2 ] && break
  sleep 0.01
done
kill -TERM "$pid"
wait "$pid"
status=$?
if [ -e "$work/slow/results.csv" ]; then
  echo "note: the batch finished before SIGTERM; its status is not checked"
else
  [ "$status" = 143 ] || fail "run ended by SIGTERM exited $status (want 143)"
  expect 0 "$pelsim" run "$work/slow.yaml" --out "$work/slow" -j 1
  [ -s "$work/slow/results.csv" ] || fail "the resumed batch wrote no results.csv"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all CLI checks passed"
