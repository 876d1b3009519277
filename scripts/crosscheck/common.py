"""Plumbing shared by the cross-check scripts: the pelsim binary, the temporary work directory,
running a command, saving a failing case. Python 3.11 standard library only."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_PELSIM = os.path.join(REPO_ROOT, "build", "release", "cli", "pelsim")
DEFAULT_OUT = "crosscheck-failures"


def add_options(ap):
    """--pelsim, --out and --keep, the same for every script."""
    ap.add_argument("--pelsim", metavar="PATH", default=DEFAULT_PELSIM,
                    help="the pelsim binary to check (default: build/release/cli/pelsim of the repository, "
                         "%(default)s)")
    ap.add_argument("--out", metavar="DIR", default=DEFAULT_OUT,
                    help="failing cases are copied to DIR/<case>/ with a problems.txt (default: "
                         "%(default)s/ in the current directory; created only when something fails)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary work directory (every case's files) and print its path; "
                         "by default it is removed at the end")


def pelsim_path(path, prog):
    """The absolute path of the binary; exit 2 with a message when it is not an executable file."""
    p = os.path.abspath(path)
    if not (os.path.isfile(p) and os.access(p, os.X_OK)):
        print(f"{prog}: error: {p} is not an executable file (build pelsim first, or give --pelsim PATH)",
              file=sys.stderr)
        sys.exit(2)
    return p


def make_workdir(name):
    return tempfile.mkdtemp(prefix=f"pelsim-{name}-")


def remove_workdir(work, keep):
    if keep:
        print(f"work files kept in {work}")
        return
    # A pelsim killed at a timeout may still be going away: try again briefly.
    for _ in range(5):
        shutil.rmtree(work, ignore_errors=True)
        if not os.path.exists(work):
            return
        time.sleep(1)
    print(f"warning: could not remove all of {work}", file=sys.stderr)


_child = None


def run(cmd, cwd=None, timeout=None):
    """subprocess.run(cmd, capture_output=True, text=True): the CompletedProcess, or None when it
    took longer than timeout (the process is killed). A SIGTERM to this process (a worker of a pool
    that is terminated) ends the running command too: see end_child_on_sigterm."""
    global _child
    with subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as p:
        _child = p
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            return None
        finally:
            _child = None
    return subprocess.CompletedProcess(cmd, p.returncode, out, err)


def _on_sigterm(signum, frame):
    if _child is not None and _child.poll() is None:
        _child.kill()
    os._exit(128 + signum)


def end_child_on_sigterm():
    """For pool workers: a terminated worker kills its running pelsim instead of leaving it orphaned
    and writing into the work directory."""
    signal.signal(signal.SIGTERM, _on_sigterm)


def relocate(text, src, dest):
    """text with the path src (not a longer name that starts with it) replaced by dest."""
    return re.sub(re.escape(src) + r"(?![\w.-])", lambda m: dest, text)


def save_failure(src, out, name, problems, ignore=None, header=""):
    """Copy the case directory src to out/name, with problems.txt; the paths of src in the problems
    become those of the copy, so that their command lines reproduce the case there. Returns
    (the copy's path, the relocated problems)."""
    dest = os.path.join(out, name)
    os.makedirs(out, exist_ok=True)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest, ignore=ignore)
    problems = [relocate(p, src, dest) for p in problems]
    with open(os.path.join(dest, "problems.txt"), "w") as f:
        f.write(header + "\n\n".join(problems) + "\n")
    return dest, problems
