#!/usr/bin/env python3
"""Native vs libparcheck_rt vs -fsanitize=thread (and valgrind helgrind/drd if installed).

Usage: bench.py [--build BUILD_DIR] [--scale N (4)] [--runs N (5)] [--pairs N (7)] [--best-of]
                [--only WORKLOAD ...] [--baseline OTHER/lib/libparcheck_rt.so]
Builds bench/runtime/workloads.c and hot-mutex.cpp three ways in a temporary directory, runs
each workload, and prints wall-clock seconds (the median run of the paired rounds below, or with
--best-of the best of --runs, the builds taking turns), the ratios to native of wall time, of
CPU time (user + system of the child: on a loaded machine wall time mostly measures the wait for
a CPU) and of peak RSS, each shim figure beside issue 13's target, with a verdict for time
(judged on CPU time) and for memory. Every workload is timed as the median, over --pairs rounds
of the configurations taking turns, of each run's ratio to the native run of its round: a small
shared VM moves between regimes (the same native run takes twice as long now and then, for
minutes), and a ratio within one round compares runs made in the same regime, where the best of
--runs of each configuration on its own compares native's luckiest run with the shim's
(many-locks at scale 4, 25 alternated runs: best-of ratio 1.54 and 2.20 in two regimes, paired
median 1.43 and 1.67). --best-of times the workloads other than hot-mutex and hot-pinned as
before this change: best of --runs. hot-mutex (two threads, one std::mutex, 2,000,000 lock_guard
pairs each) is always paired: contention makes single runs vary more than the lock-free loops
do. A last line gives, for each paired workload, the first and third quartiles of the shim's
per-round CPU ratios (and the baseline's): a difference smaller than that spread is not shown by
one invocation. hot-pinned is the same loop with each thread pinned to a CPU of its own (where
the process may run on two), so that both threads run at once: unpinned, a run falls in one of
two regimes (mostly one thread at a time, or both at once) whose ratios differ by 1.5x or more.
Valgrind tools run at 1/50 of scale 1 (they are 20-200x slower) with a 120 s cap; their ratios
are against native at that same size. The last column gives the minor page faults of the shim
and native runs (nearly deterministic: the load does not move them). hot-nolook and
pin-nolook are hot-mutex and hot-pinned with the shim's lean_look=0 (its cheapest mutex lock,
whose waits only the watchdog sees; docs/runtime.md), against the same targets; --baseline then
runs with that option too. --baseline adds another
build of the shim (the library before a change) as a fourth configuration taking turns with the
others, and prints its CPU, peak RSS and fault figures on a second line per workload ("before").
Every program and library the runs map is first dropped from the page cache
(as_if_read_from_disk), so that each is mapped as an installed one is, whatever wrote it last.
Run on demand; never part of the test suite.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


# Issue 13's targets: the shim's time and peak RSS against native.
TARGETS = {"lock-heavy": 1.15, "lock-tight": 1.6, "many-locks": 1.5, "compute": 1.02,
           "hot-mutex": 1.3, "hot-pinned": 1.3, "hot-nolook": 1.3, "pin-nolook": 1.3}
# Rows that run a hot loop with the shim's lean_look=0: the row -> the loop it runs.
NOLOOK = {"hot-nolook": "hot-mutex", "pin-nolook": "hot-pinned"}
MEM_TARGET = 1.1
PEAK = {}  # (cmd, env-id) -> smallest peak RSS seen, MB
LAUNCHER = None
LAST_CPU = [0.0]  # CPU seconds (user + system) of the last run's child
FAULTS = {}  # (cmd, env-id) -> fewest minor page faults seen (close to deterministic: each
             # first touch of a 4 KiB page is one, whatever the load; a huge page is one)


def as_if_read_from_disk(paths):
    """Drops the files' pages from the page cache (after writing back what the linker left), so
    that a run maps them as it maps an installed library: read in by its page faults. A file
    just written sits in the page cache in large folios, and on a kernel that maps a fault's
    whole folio (6.x with large folios: 6.18 here) more of it becomes resident: the same
    libparcheck_rt.so mapped 46 pages of text in hot-mutex just after `cp`, 30 once evicted
    (docs/runtime.md, twenty-seventh session), which moved the shim's peak RSS by 64 KiB with
    nothing changed. Advice: where the kernel ignores it, the runs are as before."""
    for path in paths:
        if not path or not os.path.exists(path):
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def run(cmd, env=None):
    """Wall time of cmd; its peak RSS goes to PEAK (through the rusage-run launcher, which
    reports the child's own ru_maxrss)."""
    r, w = os.pipe()
    t = time.perf_counter()
    p = subprocess.run([LAUNCHER, str(w)] + cmd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, pass_fds=(w,))
    dt = time.perf_counter() - t
    os.close(w)
    out = os.read(r, 4096).decode()
    os.close(r)
    if p.returncode != 0:
        sys.stderr.write("command failed (%d): %s\n%s\n" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
    if out.startswith("maxrss_kb="):
        f = dict(kv.split("=") for kv in out.split())
        key = (tuple(cmd), id(env))
        mb = int(f["maxrss_kb"]) / 1024.0
        PEAK[key] = min(PEAK.get(key, mb), mb)
        LAST_CPU[0] = int(f.get("cpu_us", 0)) / 1e6
        if "minflt" in f:
            FAULTS[key] = min(FAULTS.get(key, int(f["minflt"])), int(f["minflt"]))
    return dt


def peak(cmd, env):
    return PEAK.get((tuple(cmd), id(env)))


def quartiles(v):
    """The first and third quartiles of v (the medians of its lower and upper halves)."""
    v = sorted(v)
    h = len(v) // 2
    return (median(v[:h]), median(v[-h:])) if h else (v[0], v[0])


def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def best(cmd, runs, env=None):
    return min(run(cmd, env) for _ in range(runs))


def rotated(n, r):
    """The order of the configurations in round r: each round starts one further on, so that no
    configuration always runs in the same place (right after native, or right after TSan). With
    a fixed order, the same libparcheck_rt.so given as --baseline measured 1.72x against 2.42x
    for itself in the shim column on hot-mutex (loaded 2-core machine)."""
    return [(i + r) % n for i in range(n)]


def interleaved(configs, runs):
    """Best-of-runs wall time and CPU time for each (cmd, env), the configurations taking
    turns, so that drift in the machine's load (large on small shared machines) hits every
    configuration alike."""
    times = [[] for _ in configs]
    cpus = [[] for _ in configs]
    for r in range(runs):
        for i in rotated(len(configs), r):
            cmd, env = configs[i]
            times[i].append(run(cmd, env))
            cpus[i].append(LAST_CPU[0])
    return [min(t) for t in times], [min(c) for c in cpus]


def paired(configs, pairs):
    """Median over `pairs` rounds (the configurations taking turns) of each configuration's
    time, and of its wall and CPU time ratios to the first configuration's in the same round;
    and the quartiles of each configuration's CPU ratios."""
    times = [[] for _ in configs]
    cpus = [[] for _ in configs]
    for r in range(pairs):
        for i in rotated(len(configs), r):
            cmd, env = configs[i]
            times[i].append(run(cmd, env))
            cpus[i].append(LAST_CPU[0])
    ratios = [median([t / n for t, n in zip(ti, times[0])]) for ti in times]
    per_round = [[c / n if n else 0 for c, n in zip(ci, cpus[0])] for ci in cpus]
    return ([median(t) for t in times], ratios, [median(r) for r in per_round],
            [quartiles(r) for r in per_round])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    # Scale 4 by default: at scale 1 a lock-heavy run lasts about 0.09 s and the ratio moves
    # by +-0.1 between invocations on a small VM; at scale 4 it stays within +-0.04.
    ap.add_argument("--scale", type=int, default=4)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--best-of", action="store_true",
                    help="time the lock-free workloads as the best of --runs, not paired")
    ap.add_argument("--cc", default="clang-19")
    ap.add_argument("--cxx", default="clang++-19")
    ap.add_argument("--no-valgrind", action="store_true")
    ap.add_argument("--valgrind-divisor", type=int, default=50)
    ap.add_argument("--baseline", help="another libparcheck_rt.so, run beside this one")
    a = ap.parse_args()
    rt = os.path.join(a.build, "lib", "libparcheck_rt.so")
    if not os.path.exists(rt):
        sys.exit("no %s: build the runtime first" % rt)
    tmp = tempfile.mkdtemp(prefix="parcheck-bench-")
    global LAUNCHER
    LAUNCHER = os.path.join(tmp, "rusage-run")
    subprocess.check_call([a.cc, "-O2", os.path.join(HERE, "rusage-run.c"), "-o", LAUNCHER])
    src = os.path.join(HERE, "workloads.c")
    native = os.path.join(tmp, "native")
    tsan = os.path.join(tmp, "tsan")
    subprocess.check_call([a.cc, "-O2", "-g", src, "-o", native, "-lpthread"])
    have_tsan = subprocess.call([a.cc, "-O2", "-g", "-fsanitize=thread", src, "-o", tsan,
                                 "-lpthread"], stderr=subprocess.DEVNULL) == 0
    hot_src = os.path.join(HERE, "hot-mutex.cpp")
    hot_native = os.path.join(tmp, "hot-native")
    hot_tsan = os.path.join(tmp, "hot-tsan")
    subprocess.check_call([a.cxx, "-O2", "-g", hot_src, "-o", hot_native, "-lpthread"])
    have_tsan = have_tsan and subprocess.call(
        [a.cxx, "-O2", "-g", "-fsanitize=thread", hot_src, "-o", hot_tsan, "-lpthread"],
        stderr=subprocess.DEVNULL) == 0
    as_if_read_from_disk([LAUNCHER, native, tsan, hot_native, hot_tsan, rt,
                          os.path.abspath(a.baseline) if a.baseline else None])
    env_shim_look = dict(os.environ, LD_PRELOAD=rt, PARCHECK_OPTIONS="exitcode=0")
    env_plain = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "PARCHECK_OPTIONS")}
    env_tsan = dict(env_plain, TSAN_OPTIONS="report_bugs=0:detect_deadlocks=1")
    valgrind = None if a.no_valgrind else shutil.which("valgrind")
    rows = []
    spreads = {}  # workload -> each configuration's quartiles of its paired CPU ratios
    # hot-pinned: hot-mutex with each thread on a CPU of its own, so that both run at once
    # (the "one hot contended mutex"; how often they collide still depends on what
    # else the CPUs run); unpinned, hot-mutex falls in either of two regimes from run to run.
    # Left out where the process may not run on two CPUs.
    pinnable = len(os.sched_getaffinity(0)) >= 2
    workloads = ("lock-heavy", "lock-tight", "many-locks", "compute", "hot-mutex") + (
        ("hot-pinned",) if pinnable else ()) + ("hot-nolook",) + (
        ("pin-nolook",) if pinnable else ())
    for row_name in workloads:
        if a.only and row_name not in a.only:
            continue
        s = str(a.scale)
        w = NOLOOK.get(row_name, row_name)
        nolook = row_name in NOLOOK
        env_shim = dict(env_shim_look, PARCHECK_OPTIONS="exitcode=0:lean_look=0") if nolook \
            else env_shim_look
        env_base = dict(env_shim, LD_PRELOAD=os.path.abspath(a.baseline)) if a.baseline else None
        if w in ("hot-mutex", "hot-pinned"):
            # 2,000,000 pairs per thread at scale 1, whatever --scale (the figure).
            extra = ["1", "1", "1"] if w == "hot-pinned" else []
            configs = [([hot_native] + extra, env_plain), ([hot_native] + extra, env_shim)]
            if have_tsan:
                configs.append(([hot_tsan] + extra, env_tsan))
            if env_base:
                configs.append(([hot_native] + extra, env_base))
            t, ratios, cpu_ratios, spreads[row_name] = paired(configs, a.pairs)
        else:
            configs = [([native, w, s], env_plain), ([native, w, s], env_shim)]
            if have_tsan:
                configs.append(([tsan, w, s], env_tsan))
            if env_base:
                configs.append(([native, w, s], env_base))
            if a.best_of:
                t, cpu = interleaved(configs, a.runs)
                ratios = [x / t[0] for x in t]
                cpu_ratios = [c / cpu[0] if cpu[0] else 0 for c in cpu]
            else:
                t, ratios, cpu_ratios, spreads[row_name] = paired(configs, a.pairs)
        t_native, t_shim = t[0], t[1]
        t_tsan = t[2] if have_tsan else None
        mems = [peak(c, e) for c, e in configs]
        flts = [FAULTS.get((tuple(c), id(e))) for c, e in configs]
        row = [row_name, t_native, t_shim, t_tsan, ratios[1], ratios[2] if have_tsan else None,
               mems[1] / mems[0] if mems[0] and mems[1] else None, cpu_ratios[1],
               "%d/%d" % (flts[1], flts[0]) if flts[0] and flts[1] else "-"]
        if env_base:
            row.append((ratios[-1], cpu_ratios[-1], mems[-1] / mems[0] if mems[0] and mems[-1]
                        else None, "%d/%d" % (flts[-1], flts[0]) if flts[0] and flts[-1] else "-"))
        else:
            row.append(None)
        if valgrind and not nolook:
            # Bounded: valgrind runs 1/50 of the scale-1 work (its tools are 20-200x slower)
            # with a 120 s cap, compared with native at that same size.
            args = ([hot_native, "1", str(a.valgrind_divisor)] +
                    (["1"] if w == "hot-pinned" else []) if w.startswith("hot-") else
                    [native, w, "1", str(a.valgrind_divisor)])
            t_nat_small = best(args, 3, env_plain)
            vals = []
            for tool in ("helgrind", "drd"):
                t = run(["timeout", "-s", "KILL", "120", valgrind, "-q", "--tool=" + tool] + args, env_plain)
                vals.append(t / t_nat_small if t < 119 else None)
            row += vals
        rows.append(row)
    hdr = "%-11s %9s %9s %9s %8s %10s %7s %8s %10s %7s %-17s %13s" % (
        "workload", "native s", "shim s", "tsan s", "shim x", "shim cpu x", "target", "tsan x",
        "shim mem x", "target", "verdict", "faults s/n")
    if valgrind:
        hdr += " %10s %8s" % ("helgrind x", "drd x")
    print(hdr)
    for r in rows:
        verdict = "time %s, mem %s" % ("ok" if r[7] <= TARGETS[r[0]] else "OVER",
                                       "-" if r[6] is None else
                                       "ok" if r[6] <= MEM_TARGET else "OVER")
        line = "%-11s %9.3f %9.3f %9s %8.2f %10.2f %7s %8s %10s %7s %-17s %13s" % (
            r[0], r[1], r[2], "%.3f" % r[3] if r[3] else "-", r[4], r[7],
            "<=%.2f" % TARGETS[r[0]], "%.2f" % r[5] if r[5] else "-",
            "%.2f" % r[6] if r[6] else "-", "<=%.2f" % MEM_TARGET, verdict, r[8])
        if valgrind:  # (not run for the lean_look=0 rows: valgrind runs no shim)
            line += " %10s %8s" % (tuple("%.1f" % v if v else ">120s" for v in r[10:12])
                                   if len(r) > 10 else ("-", "-"))
        print(line)
        if r[9]:
            b = r[9]
            print("%-11s %9s %9s %9s %8.2f %10.2f %7s %8s %10s %7s %-17s %13s" % (
                "  before", "", "", "", b[0], b[1], "", "", "%.2f" % b[2] if b[2] else "-", "",
                "", b[3]))
    others = ("best of %d" % a.runs) if a.best_of else ("median of %d paired ratios" % a.pairs)
    print("(the hot rows: median of %d paired ratios; the others: %s, scale %d; seconds: "
          "the median (paired) or best run; load average %.2f at the end; verdict: shim cpu x and "
          "shim mem x against their targets)" % (a.pairs, others, a.scale, os.getloadavg()[0]))
    # How far the rounds' ratios spread: a change smaller than this is not shown by one run.
    if spreads:
        print("(shim cpu x, first to third quartile of the rounds%s: %s)" % (
            ", this shim / before" if env_base else "",
            ", ".join("%s %.2f-%.2f%s" % (w, q[1][0], q[1][1],
                                           " / %.2f-%.2f" % q[-1] if env_base else "")
                      for w, q in spreads.items())))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
