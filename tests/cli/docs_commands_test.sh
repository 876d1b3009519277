#!/usr/bin/env bash
# The documentation's command examples, run: every `pelsim ...` line of a fenced sh/bash/console
# (or unlabelled) block of README.md, docs/*.md and docs/models/*.md must exit 0. Synopses
# (GRAPH, N, [...], a|b), inputs from outside the repository and slow runs are skipped, with a
# "skip:" line. Conventional stand-in inputs (dag.dot, a platform named by its file name) are
# replaced by small files of the repository; repository paths (tests/..., scenarios/...) are made
# absolute; everything a command writes lands in a temporary work directory.
# Usage: docs_commands_test.sh PELSIM_BINARY REPO_ROOT [DOC.md ...]   (default: the docs above)
set -u
pelsim=$(realpath "$1")
root=$(realpath "$2")
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if [ $# -gt 0 ]; then
  docs=("$@")
else
  docs=("$root/README.md" "$root"/docs/*.md "$root"/docs/models/*.md)
fi
# `pelsim run` draws its plots with the pelsim-plot beside the (symlink-resolved) binary
# (cli/plot_output.cpp); without it the examples run with --no-plot.
plot=0
[ -x "$(dirname "$pelsim")/pelsim-plot" ] && plot=1
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

# One line per command: run<TAB>FILE:LINE<TAB>DIR<TAB>SHELL COMMAND<TAB>COMMAND  or
# skip<TAB>FILE:LINE<TAB>REASON<TAB>COMMAND.
# In SHELL COMMAND the binary is "$PELSIM"; DIR is the work sub-directory of the doc (the
# commands of one doc share it, in order, so an example may read what an earlier one wrote).
extract() {
  python3 - "$root" "$plot" "$@" <<'PY'
import os, re, shlex, sys

root, plot, docs = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
# Slower than a few seconds on a CI machine (substring of the command, reason).
SLOW = [("layered_n10000", "10000-task graph"), ("layered_n5000", "5000-task graph"),
        ("--mpi", "needs mpirun")]
# Options whose value is a file or directory pelsim writes.
OUTPUT_OPTS = {"--trace", "--out", "-o", "--output", "--link-stats", "--explain", "--write-schedule"}
STANDINS = {"dag.dot": "tests/data/sgref/layered_n20_d2_s1.dot"}
BY_EXT = {".dot": "tests/data/sgref/layered_n20_d2_s1.dot",
          ".xml": "scenarios/workloads/simgrid/platforms/small_platform.xml"}
INPUT_EXT = {".dot", ".gv", ".xml", ".json", ".yaml", ".yml", ".csv", ".dax", ".stg", ".profile"}
TOP = {e for e in os.listdir(root) if e not in (".git", "build")}
PLACEHOLDER = re.compile(r"(?<![\w.-])[A-Z][A-Z0-9_]*(?![\w])|\.\.\.")

def find_in_repo(name):
    """A file of this name under scenarios/ or tests/data (sorted, so the choice is stable)."""
    for sub in ("scenarios", "tests/data"):
        hits = []
        for d, _, files in os.walk(os.path.join(root, sub)):
            if name in files:
                hits.append(os.path.relpath(os.path.join(d, name), root))
        if hits:
            return sorted(hits)[0]
    return None

def abs_repo(path):
    return shlex.quote(root) + "/" + path

def commands(doc):
    lines = open(doc, encoding="utf-8").read().split("\n")
    fence, runnable, i = None, False, 0
    while i < len(lines):
        s = lines[i].strip()
        m = re.match(r"^(`{3,}|~{3,})\s*([\w+-]*)", s)
        if m and (fence is None or s.startswith(fence)):
            if fence is None:
                fence, runnable = m.group(1), m.group(2).lower() in ("", "sh", "bash", "console", "shell")
            else:
                fence = None
            i += 1
            continue
        if fence is not None and runnable:
            t = re.sub(r"^\$\s+", "", s)
            if t.startswith("pelsim ") or t.startswith("build/release/cli/pelsim "):
                start, cmd = i + 1, t
                while cmd.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
                yield start, cmd
        i += 1

def strip_comment(cmd):
    # A '#' that starts a word begins a comment (outside quotes).
    quote = None
    for k, c in enumerate(cmd):
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "#" and (k == 0 or cmd[k - 1].isspace()):
            return cmd[:k].rstrip()
    return cmd.strip()

def convert(cmd, written):
    """(None, shell command) or (reason to skip, None)."""
    if PLACEHOLDER.search(cmd) or re.search(r"\[|\]|\S\|\S|<[\w-]+>", cmd):
        return "synopsis", None
    if re.search(r"(^|\s|=)(\.\./|~|/)", cmd):
        return "reads files outside the repository", None
    for pat, why in SLOW:
        if pat in cmd:
            return "too slow for CI (" + why + ")", None
    words = cmd.split()
    words[0] = '"$PELSIM"'
    sub = words[1] if len(words) > 1 else ""
    out, positional, prev = words[:2], [], None
    for w in words[2:]:
        opt, eq, val = w.partition("=") if w.startswith("--") else (w, "", "")
        if w.startswith("-") and not eq:
            out.append(w)
            prev = w
            continue
        if eq:                                  # --option=value
            prev, w = opt, val
        # convert IN OUT: its second positional argument is written.
        is_output = prev in OUTPUT_OPTS or (sub == "convert" and prev is None and len(positional) == 1)
        if prev is None:
            positional.append(w)
        ext = os.path.splitext(w)[1].lower()
        first = w.split("/")[0]
        if is_output:
            written.add(w)
        elif w in written:
            pass
        elif first in TOP and "/" in w:         # repo path, maybe a glob
            if not any(ch in w for ch in "*?") and not os.path.exists(os.path.join(root, w)):
                return "input not in the repository (" + w + ")", None
            w = abs_repo(w)
        elif ext in INPUT_EXT and "/" not in w:  # a bare file name: a stand-in
            rel = STANDINS.get(w) or find_in_repo(w) or BY_EXT.get(ext)
            if rel is None:
                return "no stand-in for " + w, None
            w = abs_repo(rel)
        out.append(opt + "=" + w if eq else w)
        prev = None
    if sub == "run" and not plot and "--no-plot" not in words:
        out.append("--no-plot")
    return None, " ".join(out)

for doc in docs:
    rel = os.path.relpath(doc, root) if os.path.realpath(doc).startswith(root + os.sep) else doc
    written = set()
    subdir = re.sub(r"[^\w.-]", "_", rel)
    for line, raw in commands(doc):
        cmd = strip_comment(raw)
        why, shell = convert(cmd, written)
        where = f"{rel}:{line}"
        if why:
            print("\t".join(["skip", where, why, cmd]))
        else:
            print("\t".join(["run", where, subdir, shell, cmd]))
PY
}

listing=$work/commands.tsv
extract "${docs[@]}" >"$listing" || { echo "FAIL: could not extract the commands"; exit 1; }
ran=0
skipped=0
while IFS=$'\t' read -r kind where arg cmd doc_cmd; do
  if [ "$kind" = skip ]; then
    echo "skip: $arg: $where: $cmd"
    skipped=$((skipped + 1))
    continue
  fi
  dir=$work/run/$arg
  mkdir -p "$dir"
  ran=$((ran + 1))
  start=$(date +%s%N)
  (cd "$dir" && PELSIM=$pelsim timeout 60 bash -o pipefail -c "$cmd") >"$work/out" 2>"$work/err" </dev/null
  got=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  if [ "$got" = 0 ]; then
    echo "ok (${ms} ms): $where: $doc_cmd"
  else
    fail "exit $got: $where: $doc_cmd (ran: $cmd) -- $(head -c 400 "$work/err")"
  fi
done <"$listing"

echo "$ran commands run, $skipped skipped"
[ "$ran" -gt 0 ] || fail "no documentation command found to run"
if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all documentation commands passed"
