#!/usr/bin/env python3
"""Memory and time of the shim against native on the workloads that grow the runtime's state.

Usage: memory.py [--build BUILD_DIR] [--runs N (3)] [--stat best|median] [--rt LIB.so ...]
                 [--only NAME ...]
Builds bench/runtime/memory-workloads.c and workloads.c in a temporary directory and runs:
  threads   20000 threads created over time, at most 100 alive (memory-workloads threads)
  hold      2000 locks held at once by one thread, twice (memory-workloads hold)
  heap      1000000 heap objects with a mutex: init, lock under a global lock, unlock,
            destroy, free; then again in the reused memory (memory-workloads heap): the
            issue's 1M distinct heap mutexes (targets: at most 5x native time, 2x native
            peak RSS)
  heap-100k the same with 100000 objects
  lock-heavy  the existing lock-heavy workload of bench.py at scale 1 (workloads.c)
each natively and under every --rt library (default: BUILD_DIR/lib/libparcheck_rt.so;
pass an older build's library to compare), and prints peak RSS (ru_maxrss of the child,
from wait4 in the small rusage-run launcher), wall time and CPU time (user + system of the
child: on a loaded machine the wall time mostly measures the wait for a CPU), best (or, with
--stat median, the median) of --runs, the configurations taking turns run after run, with
ratios to native. A run over --timeout
seconds (default 300) is killed and shown as '>T'. Run on demand; never part of the suite.
"""
import argparse, os, subprocess, sys, tempfile, time, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(launcher, cmd, env, timeout):
    """Wall time, peak RSS (MB) and CPU time (s) of cmd, through the rusage-run launcher."""
    r, w = os.pipe()
    t = time.perf_counter()
    p = subprocess.Popen([launcher, str(w)] + cmd, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, pass_fds=(w,), start_new_session=True)
    os.close(w)
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)  # the launcher and the workload (its own session)
        p.wait()
        os.close(r)
        return None, None, None
    dt = time.perf_counter() - t
    out = os.read(r, 4096).decode()
    os.close(r)
    if p.returncode != 0:
        sys.stderr.write("command failed (%d): %s\n%s\n" % (p.returncode, " ".join(cmd),
                                                           err.decode(errors="replace")[-2000:]))
    f = dict(kv.split("=") for kv in out.split()) if out.startswith("maxrss_kb=") else {}
    return dt, int(f.get("maxrss_kb", 0)) / 1024.0, int(f.get("cpu_us", 0)) / 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rt", action="append", default=[])
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--stat", choices=["best", "median"], default="best",
                    help="of the --runs runs: the smallest (default) or the median")
    ap.add_argument("--cc", default="clang-19")
    a = ap.parse_args()
    rts = a.rt or [os.path.join(a.build, "lib", "libparcheck_rt.so")]
    for rt in rts:
        if not os.path.exists(rt):
            sys.exit("no %s: build the runtime first" % rt)
    tmp = tempfile.mkdtemp(prefix="parcheck-membench-")
    mw = os.path.join(tmp, "memory-workloads")
    wl = os.path.join(tmp, "workloads")
    launcher = os.path.join(tmp, "rusage-run")
    subprocess.check_call([a.cc, "-O2", os.path.join(HERE, "rusage-run.c"), "-o", launcher])
    subprocess.check_call([a.cc, "-O2", "-g", os.path.join(HERE, "memory-workloads.c"), "-o", mw,
                           "-lpthread"])
    subprocess.check_call([a.cc, "-O2", "-g", os.path.join(HERE, "workloads.c"), "-o", wl,
                           "-lpthread"])
    cases = [("threads", [mw, "threads"]), ("hold", [mw, "hold"]), ("heap", [mw, "heap"]),
             ("heap-100k", [mw, "heap", "0"]), ("lock-heavy", [wl, "lock-heavy", "1"])]
    if a.only:
        cases = [c for c in cases if c[0] in a.only]
    plain = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "PARCHECK_OPTIONS")}
    configs = [("native", plain)] + [
        (os.path.basename(os.path.dirname(os.path.dirname(rt))) + ":" + os.path.basename(rt),
         dict(plain, LD_PRELOAD=rt, PARCHECK_OPTIONS="exitcode=0")) for rt in rts]
    print("%-11s %-34s %9s %7s %9s %7s %9s %9s %7s" % ("workload", "config", "wall s", "x",
                                                      "cpu s", "x", "peak MB", "+MB", "x"))
    pick = min if a.stat == "best" else (lambda v: sorted(v)[len(v) // 2])
    for name, cmd in cases:
        # The configurations take turns, run after run, so that a change in the machine's load
        # falls on all of them.
        got = [[] for _ in configs]
        for _ in range(a.runs):
            for k, (label, env) in enumerate(configs):
                if got[k] is None:
                    continue
                t, m, c = run(launcher, cmd, env, a.timeout)
                got[k] = None if t is None else got[k] + [(t, m, c)]
        res = []
        for k, (label, env) in enumerate(configs):
            v = got[k]
            if not v:
                res.append((label, None, None, None))
                continue
            res.append((label, pick([x[0] for x in v]), pick([x[1] for x in v]),
                        pick([x[2] for x in v])))
        nt, nm, nc = res[0][1], res[0][2], res[0][3]
        for label, t, m, c in res:
            if t is None:
                print("%-11s %-34s %9s %7s %9s %7s %9s %9s %7s" % (
                    name, label, ">%d" % a.timeout, "-", "-", "-", "-", "-", "-"))
                continue
            print("%-11s %-34s %9.2f %7.2f %9.2f %7.2f %9.1f %9.1f %7.2f" % (
                name, label, t, t / nt if nt else 0, c, c / nc if nc else 0, m, m - nm,
                m / nm if nm else 0))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
