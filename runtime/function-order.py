#!/usr/bin/env python3
"""Writes runtime/rt_function_order.txt: the link order of the shim's functions (lld's
--symbol-ordering-file, runtime/CMakeLists.txt).

Usage: runtime/function-order.py BUILD_DIR
Runs bench/runtime's workloads (hot-mutex also with lean_look=0, as bench's nolook rows do;
and memory-workloads' threads and hold) under the shim of BUILD_DIR with valgrind's callgrind, and lists every other function of the shim first, then
crtbeginS's four, then the functions those runs executed. Executed code thus sits at the end of
the text, beside .init, .fini and .plt (which every run executes): each page fault in the text
maps the 64 KiB around it (fault-around), and with executed functions scattered among the
reporting code, all of the shim's 212 KiB of text was resident in every run (issue 13, docs/
runtime.md "Fixed memory cost"). A function missing from the file links after the listed
ones: it works the same, in the executed part.

callgrind misses functions a native run executes: valgrind runs one thread at a time (few
contended waits, so the watchdog's and the exit's paths for them stay unseen) and puts the heap
elsewhere. So the functions the file already lists as executed stay so, and then, where perf is
installed, the script relinks the shim (ninja -C BUILD_DIR) and runs the same workloads
natively under `perf record -e page-faults`: a fault in the shim's text below the executed
part names a function that run executed, which joins the executed ones; until no run faults
there (at most five rounds).
"""
import glob, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(os.path.dirname(HERE), "bench", "runtime")
ORDER = os.path.join(HERE, "rt_function_order.txt")
CRT = ["deregister_tm_clones", "register_tm_clones", "__do_global_dtors_aux", "frame_dummy"]
# Executed natively by any program that frees a block starting near a page's start (every
# mmapped block, others by chance: free's BlockMayHoldLocks then asks for the block's range,
# rt_memory.cpp), but by the runs below only where the heap happens to put such a block:
# natively hot-mutex frees its std::thread state there, under valgrind it does not. Left
# among the cold functions, ForgetRange alone made a 64 KiB window of the text resident in
# every hot-mutex run from its threads' end on (the native check below finds it too, where
# perf is installed). Functions whose (mangled) names contain one of these count as executed.
ALWAYS_EXECUTED = ("ForgetBlock", "ForgetRange", "RangeMayHoldLocks")


def run_env(lib, opts):
    """The environment of a run under the shim with the options opts (bench.py's, plus opts)."""
    return dict(os.environ, LD_PRELOAD=lib,
                PARCHECK_OPTIONS="exitcode=0" + (":" + opts if opts else ""))


def callgrind_executed(lib, runs, tmp):
    """The shim's functions the runs ((options, argv) pairs) execute under callgrind (mangled
    names)."""
    for i, (opts, r) in enumerate(runs):
        # --fair-sched: threads take turns at the CPU lock, so more acquisitions contend;
        # --show-below-main: __libc_start_main (the shim's, which runs main) under its name.
        subprocess.call(["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no",
                         "--fair-sched=yes", "--show-below-main=yes",
                         "--callgrind-out-file=%s/cg.%d" % (tmp, i)] + r, env=run_env(lib, opts),
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    executed = set()
    for f in glob.glob(tmp + "/cg.*"):
        ob = None
        for line in open(f, errors="replace"):
            if line.startswith("ob="):
                ob = line[3:].strip()
            elif line.startswith("fn=") and ob == lib:
                executed.add(line[3:].strip().split("'")[0])
    return executed


def listed_executed(order):
    """The functions the order file lists as executed (after the marker)."""
    if not os.path.exists(order):
        return set()
    listed = [l.strip() for l in open(order) if l.strip() and not l.startswith("#")]
    if "parcheck_executed_text_start" not in listed:
        return set()
    return set(listed[listed.index("parcheck_executed_text_start") + 1:]) - set(CRT)


def write_order(build, lib, executed, nruns):
    fns = []  # (address, name) of every function of the shim, in address order
    size = {}  # address -> size, of the symbols nm gives one
    for line in subprocess.run(["nm", "-n", "-S", "--defined-only", lib], capture_output=True,
                               text=True).stdout.splitlines():
        p = line.split()
        if len(p) == 4 and p[2] in "tTwW":
            fns.append((p[0], p[3]))
            size[int(p[0], 16)] = int(p[1], 16)
        elif len(p) == 3 and p[1] in "tTwW":
            fns.append((p[0], p[2]))
    # The private copy of libgcc's unwinder (rt_unwind.cpp) is not listed at all: its objects
    # are one section each, executed and cold functions together, and a section goes where
    # its first listed symbol goes; unlisted, they follow the listed ones, beside .init.
    eh = os.path.join(build, "runtime", "libparcheck_gcc_eh.a")
    unwinder = set()
    if os.path.exists(eh):
        for line in subprocess.run(["nm", eh], capture_output=True, text=True).stdout.splitlines():
            p = line.split()
            if len(p) >= 2:
                unwinder.add(p[-1])
    names = set(n for _, n in fns)
    executed = executed | set(n for n in names if any(k in n for k in ALWAYS_EXECUTED))
    # A label inside an executed function (parcheck_entry_return, the return address inside
    # parcheck_call_entry: rt_stack.cpp) is executed with it. Listed as cold, it would take
    # the function's section, which goes where its first listed symbol goes, into the cold part.
    spans = [(int(a, 16), int(a, 16) + size.get(int(a, 16), 0)) for a, n in fns if n in executed]
    executed = executed | set(n for a, n in fns
                              if any(lo < int(a, 16) < hi for lo, hi in spans))
    hot = sorted(n for n in executed if n in names and n not in unwinder)
    hot_addr = set(a for a, n in fns if n in hot or n in CRT)  # aliases go with them
    cold = [n for a, n in fns if a not in hot_addr and n not in ("_init", "_fini")
            and n not in unwinder and n != "parcheck_executed_text_start"]
    with open(ORDER, "w") as out:
        out.write("# Written by runtime/function-order.py (see there): the shim's other functions,\n"
                  "# then crtbeginS's, then those %d runs executed (%d); libgcc's unwinder unlisted.\n" % (nruns, len(hot)))
        out.write("\n".join(cold + ["parcheck_executed_text_start"] + CRT + hot) + "\n")
    print("%d cold, %d executed" % (len(cold), len(hot)))
    return set(cold)


def native_faults(lib, runs, tmp, cold):
    """The cold functions (mangled names) whose text a native run of each of runs ((options,
    argv) pairs) faults in.
    (A fault in a function listed as executed but linked among the cold ones, as a section's
    second symbol can make it, is printed: the order cannot fix it.)"""
    found = set()
    addr = {}
    for line in subprocess.run(["nm", "--defined-only", lib], capture_output=True,
                               text=True).stdout.splitlines():
        p = line.split()
        if len(p) == 3:
            addr[p[2]] = int(p[0], 16)
    start = addr.get("parcheck_executed_text_start", 0)
    data = os.path.join(tmp, "pf.data")
    for opts, r in runs:
        subprocess.call(["perf", "record", "-q", "-e", "page-faults", "-c", "1", "-d", "-o", data,
                         "--"] + r, env=run_env(lib, opts), stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
        out = subprocess.run(["perf", "script", "-i", data, "--no-demangle", "-F", "ip,addr,sym,dso"],
                             capture_output=True, text=True).stdout
        for line in out.splitlines():
            # "ADDR SYM (DSO)  IP SYM (DSO)": an instruction fetch has ADDR == IP.
            p = line.split()
            if len(p) < 6 or p[0] != p[3] or lib not in p[2] or addr.get(p[1], start) >= start:
                continue
            if p[1] in cold:
                found.add(p[1])
            else:
                print("executed, but linked among the cold functions:", p[1])
    return found


def main():
    build = sys.argv[1]
    lib = os.path.abspath(os.path.join(build, "lib", "libparcheck_rt.so"))
    tmp = tempfile.mkdtemp(prefix="parcheck-order-")
    w = os.path.join(tmp, "workloads")
    hot = os.path.join(tmp, "hot-mutex")
    mem = os.path.join(tmp, "memory-workloads")
    subprocess.check_call(["clang-19", "-O2", "-g", os.path.join(BENCH, "workloads.c"), "-o", w, "-lpthread"])
    subprocess.check_call(["clang++-19", "-O2", "-g", os.path.join(BENCH, "hot-mutex.cpp"), "-o", hot, "-lpthread"])
    subprocess.check_call(["clang-19", "-O2", "-g", os.path.join(BENCH, "memory-workloads.c"), "-o", mem, "-lpthread"])
    # (options, argv): bench.py's rows, hot-mutex also as its nolook rows run it (lean_look=0:
    # the lock path that makes the real call at once, and the watchdog's looks at the waits).
    runs = [("", [w, "lock-heavy", "1", "20"]), ("", [w, "lock-tight", "1", "20"]),
            ("", [w, "many-locks", "1", "20"]), ("", [w, "compute", "1", "20"]),
            ("", [hot, "1", "20"]), ("lean_look=0", [hot, "1", "20"]),
            ("", [mem, "threads", "1"]), ("", [mem, "hold", "1"])]
    # Natively: bench.py's own sizes (hot-mutex unpinned and pinned), where threads contend.
    native = [("", [w, "lock-heavy", "1"]), ("", [w, "lock-tight", "1"]),
              ("", [w, "many-locks", "1"]), ("", [w, "compute", "1"]), ("", [hot, "1"]),
              ("", [hot, "1", "1", "1"]), ("lean_look=0", [hot, "1"]),
              ("lean_look=0", [hot, "1", "1", "1"]), ("", [mem, "threads", "1"]),
              ("", [mem, "hold", "1"])]
    executed = callgrind_executed(lib, runs, tmp) | listed_executed(ORDER)
    cold = write_order(build, lib, executed, len(runs))
    if not shutil.which("perf"):
        print("perf not found: no native check of the order")
        return
    for _ in range(5):
        subprocess.check_call(["ninja", "-C", build, "parcheck_rt"], stdout=subprocess.DEVNULL)
        more = native_faults(lib, native, tmp, cold)
        if not more:
            print("native runs fault in no cold function")
            return
        print("executed natively, not under callgrind:", " ".join(sorted(more)))
        executed |= more
        cold = write_order(build, lib, executed, len(runs))
    subprocess.check_call(["ninja", "-C", build, "parcheck_rt"], stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
