#!/usr/bin/env python3
"""Native vs libparcheck_rt vs -fsanitize=thread (and valgrind helgrind/drd if installed).

Usage: bench.py [--build BUILD_DIR] [--scale N (4)] [--runs N (5)]
Builds bench/runtime/workloads.c three ways in a temporary directory, runs each workload,
and prints wall-clock seconds (best of --runs, the three builds taking turns) and ratios
to native. Valgrind tools run
at 1/50 of scale 1 (they are 20-200x slower) with a 120 s cap; their ratios are against
native at that same size. Run on demand; never part of the test suite.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(cmd, env=None):
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.stderr.write("command failed (%d): %s\n%s\n" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
    return dt


def best(cmd, runs, env=None):
    return min(run(cmd, env) for _ in range(runs))


def interleaved(configs, runs):
    """Best-of-runs for each (cmd, env), the configurations taking turns, so that drift in
    the machine's load (large on small shared machines) hits every configuration alike."""
    times = [[] for _ in configs]
    for _ in range(runs):
        for i, (cmd, env) in enumerate(configs):
            times[i].append(run(cmd, env))
    return [min(t) for t in times]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    # Scale 4 by default: at scale 1 a lock-heavy run lasts about 0.09 s and the ratio moves
    # by +-0.1 between invocations on a small VM; at scale 4 it stays within +-0.04.
    ap.add_argument("--scale", type=int, default=4)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cc", default="clang-19")
    ap.add_argument("--no-valgrind", action="store_true")
    ap.add_argument("--valgrind-divisor", type=int, default=50)
    a = ap.parse_args()
    rt = os.path.join(a.build, "lib", "libparcheck_rt.so")
    if not os.path.exists(rt):
        sys.exit("no %s: build the runtime first" % rt)
    tmp = tempfile.mkdtemp(prefix="parcheck-bench-")
    src = os.path.join(HERE, "workloads.c")
    native = os.path.join(tmp, "native")
    tsan = os.path.join(tmp, "tsan")
    subprocess.check_call([a.cc, "-O2", "-g", src, "-o", native, "-lpthread"])
    have_tsan = subprocess.call([a.cc, "-O2", "-g", "-fsanitize=thread", src, "-o", tsan,
                                 "-lpthread"], stderr=subprocess.DEVNULL) == 0
    env_shim = dict(os.environ, LD_PRELOAD=rt, PARCHECK_OPTIONS="exitcode=0")
    env_plain = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "PARCHECK_OPTIONS")}
    env_tsan = dict(env_plain, TSAN_OPTIONS="report_bugs=0:detect_deadlocks=1")
    valgrind = None if a.no_valgrind else shutil.which("valgrind")
    rows = []
    for w in ("lock-heavy", "lock-tight", "many-locks", "compute"):
        s = str(a.scale)
        configs = [([native, w, s], env_plain), ([native, w, s], env_shim)]
        if have_tsan:
            configs.append(([tsan, w, s], env_tsan))
        t = interleaved(configs, a.runs)
        t_native, t_shim = t[0], t[1]
        t_tsan = t[2] if have_tsan else None
        row = [w, t_native, t_shim, t_tsan]
        if valgrind:
            # Bounded: valgrind runs 1/50 of the scale-1 work (its tools are 20-200x slower)
            # with a 120 s cap, compared with native at that same size.
            args = [native, w, "1", str(a.valgrind_divisor)]
            t_nat_small = best(args, 3, env_plain)
            vals = []
            for tool in ("helgrind", "drd"):
                t = run(["timeout", "-s", "KILL", "120", valgrind, "-q", "--tool=" + tool] + args, env_plain)
                vals.append(t / t_nat_small if t < 119 else None)
            row += vals
        rows.append(row)
    hdr = "%-11s %9s %9s %9s %8s %8s" % ("workload", "native s", "shim s", "tsan s", "shim x", "tsan x")
    if valgrind:
        hdr += " %10s %8s" % ("helgrind x", "drd x")
    print(hdr)
    for r in rows:
        line = "%-11s %9.3f %9.3f %9s %8.2f %8s" % (
            r[0], r[1], r[2], "%.3f" % r[3] if r[3] else "-", r[2] / r[1],
            "%.2f" % (r[3] / r[1]) if r[3] else "-")
        if valgrind:
            line += " %10s %8s" % tuple("%.1f" % v if v else ">120s" for v in r[4:6])
        print(line)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
