#!/usr/bin/env python3
"""Times parcheck against a plain `clang -fsyntax-only` over the same compile database.

    bench/checker/vs-syntax-only.py [-p BUILD_DIR] [-j N] [--repeat R] [--filter REGEX]

Both run over the same entries, with the same flags and the same parallelism, in one run; the
figure is the ratio of the best wall times (and of CPU times). Run on demand, never in CI.
Default: the project's own build/ database (the checker's own sources, heavy Clang headers).
"""
import argparse, json, os, re, shlex, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def entries(db_path, pattern):
    with open(db_path) as f:
        db = json.load(f)
    out = []
    seen = set()
    for e in db:
        f = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if pattern and not re.search(pattern, f):
            continue
        if not f.endswith((".c", ".cc", ".cpp", ".cxx")) or f in seen:
            continue
        seen.add(f)  # parcheck parses each file once, so does the baseline
        out.append(dict(e, file=f))
    return out


def compile_args(e):
    """The entry's compiler flags without the compiler, the source, the output and the
    dependency-file arguments: what any other tool run on the same TU needs."""
    args = e.get("arguments") or shlex.split(e["command"])
    out, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or a == e["file"] or os.path.normpath(os.path.join(e["directory"], a)) == e["file"]:
            continue
        out.append(a)
    return out


def syntax_only_cmd(e, resource_dir):
    cxx = not e["file"].endswith(".c")
    return (["clang++-19" if cxx else "clang-19", "-fsyntax-only", "-w", "-resource-dir", resource_dir]
            + compile_args(e) + [e["file"]])


def cpu_of(children_before):
    t = os.times()
    return (t.children_user + t.children_system) - children_before


def run_syntax_only(es, jobs, resource_dir):
    before = os.times()
    c0 = before.children_user + before.children_system
    start = time.monotonic()
    def one(e):
        return subprocess.run(syntax_only_cmd(e, resource_dir), cwd=e["directory"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    with ThreadPoolExecutor(jobs) as ex:
        rcs = list(ex.map(one, es))
    return time.monotonic() - start, cpu_of(c0), rcs


def run_parcheck(parcheck, dbdir, files, jobs):
    before = os.times()
    c0 = before.children_user + before.children_system
    start = time.monotonic()
    # --no-cache: every repeat parses every TU (a facts cache would make repeats 2.. warm).
    rc = subprocess.run([parcheck, "-p", dbdir, "-j", str(jobs), "--exit-zero", "--no-cache"] + files,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.monotonic() - start, cpu_of(c0), rc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-p", default=os.path.join(TOP, "build"))
    ap.add_argument("-j", type=int, default=os.cpu_count())
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--filter", default=r"/checker/")
    ap.add_argument("--parcheck", default=os.path.join(TOP, "build", "bin", "parcheck"))
    a = ap.parse_args()
    resource_dir = subprocess.run(["clang-19", "-print-resource-dir"], capture_output=True,
                                  text=True).stdout.strip()
    es = entries(os.path.join(a.p, "compile_commands.json"), a.filter)
    if not es:
        sys.exit("no entries matched")
    files = [e["file"] for e in es]
    best = {"syntax": (1e9, 0), "parcheck": (1e9, 0)}
    for r in range(a.repeat):
        w, c, rcs = run_syntax_only(es, a.j, resource_dir)
        if any(rcs):
            print("warning: clang -fsyntax-only failed on some TUs", file=sys.stderr)
        best["syntax"] = min(best["syntax"], (w, c))
        w, c, rc = run_parcheck(a.parcheck, a.p, files, a.j)
        if rc not in (0, 1):
            print(f"warning: parcheck exited {rc}", file=sys.stderr)
        best["parcheck"] = min(best["parcheck"], (w, c))
    sw, sc = best["syntax"]
    pw, pc = best["parcheck"]
    print(f"TUs: {len(es)}  jobs: {a.j}  repeats: {a.repeat} (best of)")
    print(f"clang -fsyntax-only: wall {sw:.2f}s  cpu {sc:.2f}s")
    print(f"parcheck:            wall {pw:.2f}s  cpu {pc:.2f}s")
    print(f"ratio parcheck / syntax-only: wall {pw / sw:.2f}x  cpu {pc / sc:.2f}x  (target <= 1.5x)")


if __name__ == "__main__":
    main()
