#!/usr/bin/env python3
"""Writes runtime/rt_function_order.txt: the link order of the shim's functions (lld's
--symbol-ordering-file, runtime/CMakeLists.txt).

Usage: runtime/function-order.py BUILD_DIR
Runs bench/runtime's workloads (and memory-workloads' threads and hold) under the shim of
BUILD_DIR with valgrind's callgrind, and lists every other function of the shim first, then
crtbeginS's four, then the functions those runs executed. Executed code thus sits at the end of
the text, beside .init, .fini and .plt (which every run executes): each page fault in the text
maps the 64 KiB around it (fault-around), and with executed functions scattered among the
reporting code, all of the shim's 212 KiB of text was resident in every run (issue 13, docs/
runtime.md "Fixed memory cost"). A function missing from the file links after the listed
ones: it works the same, in the executed part.
"""
import glob, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(os.path.dirname(HERE), "bench", "runtime")
CRT = ["deregister_tm_clones", "register_tm_clones", "__do_global_dtors_aux", "frame_dummy"]


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
    runs = [[w, "lock-heavy", "1", "20"], [w, "lock-tight", "1", "20"], [w, "many-locks", "1", "20"],
            [w, "compute", "1", "20"], [hot, "1", "20"], [mem, "threads", "1"], [mem, "hold", "1"]]
    env = dict(os.environ, LD_PRELOAD=lib, PARCHECK_OPTIONS="exitcode=0")
    for i, r in enumerate(runs):
        subprocess.call(["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no",
                         "--callgrind-out-file=%s/cg.%d" % (tmp, i)] + r, env=env,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    executed = set()
    for f in glob.glob(tmp + "/cg.*"):
        ob = None
        for line in open(f, errors="replace"):
            if line.startswith("ob="):
                ob = line[3:].strip()
            elif line.startswith("fn=") and ob == lib:
                executed.add(line[3:].strip().split("'")[0])
    fns = []  # (address, name) of every function of the shim, in address order
    for line in subprocess.run(["nm", "-n", "--defined-only", lib], capture_output=True,
                               text=True).stdout.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "tTwW":
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
    hot = sorted(n for n in executed if n in names and n not in unwinder)
    hot_addr = set(a for a, n in fns if n in hot or n in CRT)  # aliases go with them
    cold = [n for a, n in fns if a not in hot_addr and n not in ("_init", "_fini")
            and n not in unwinder and n != "parcheck_executed_text_start"]
    with open(os.path.join(HERE, "rt_function_order.txt"), "w") as out:
        out.write("# Written by runtime/function-order.py (see there): the shim's other functions,\n"
                  "# then crtbeginS's, then those %d runs executed (%d); libgcc's unwinder unlisted.\n" % (len(runs), len(hot)))
        out.write("\n".join(cold + ["parcheck_executed_text_start"] + CRT + hot) + "\n")
    print("%d cold, %d executed" % (len(cold), len(hot)))


if __name__ == "__main__":
    main()
