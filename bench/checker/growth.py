#!/usr/bin/env python3
"""The checker's growth curve: parcheck against `clang -fsyntax-only` on synthetic programs
of growing size (bench/checker/gen.py), in one run.

    bench/checker/growth.py [--sizes 1000,10000,100000] [--shapes chain,fanout,mixed]
                            [--tus-per 1000] [--parcheck PATH] [--work DIR] [-j N]
                            [--decls shared|per-tu]

For each shape and size: CPU time (user + system, of the process and its threads) and peak
RSS of `parcheck -p DIR -jN`, and of `clang-19 -fsyntax-only` over the same TUs (summed CPU,
largest RSS), their ratio, and the report's size in bytes. CPU time, not wall time, so that a
busy machine changes the figures little. At the end, the growth exponent between consecutive
sizes (log ratio of parcheck CPU over log ratio of size): 1.0 is linear; beside it, the same
for `clang -fsyntax-only` and for parcheck's CPU beyond that parse (parcheck - syntax-only),
which tell parcheck's own growth from the input's (gen.py --decls shared makes every TU parse
every declaration, so the compiler's work itself grows as functions x TUs on a fan-out).

The targets of issue 13: linear (or n log n) growth in functions, call depth and TUs, and the
50,000-function chain at most 3x `clang -fsyntax-only`. This is a benchmark, run on demand,
never in CI; it always exits 0.
"""
import argparse, json, math, os, resource, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))


def run_measured(cmd, cwd, out_path=None):
    """Runs cmd; returns (cpu seconds, peak RSS in MB, wall seconds, rc)."""
    t0 = time.monotonic()
    with open(out_path or os.devnull, "wb") as out:
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, wall, rc


def measure(parcheck, d, jobs):
    db = json.load(open(os.path.join(d, "compile_commands.json")))
    syn_cpu, syn_rss = 0.0, 0.0
    for e in db:
        cmd = ["clang-19", "-fsyntax-only", "-w"] + [a for a in e["arguments"][1:] if a != "-c"]
        cpu, rss, _, rc = run_measured(cmd, d)
        if rc:
            sys.exit(f"growth.py: clang -fsyntax-only failed on {e['file']}")
        syn_cpu += cpu
        syn_rss = max(syn_rss, rss)
    out = os.path.join(d, "report.txt")
    # A cold run: an earlier run's facts cache (beside the database) would make it warm.
    shutil.rmtree(os.path.join(d, ".parcheck-cache"), ignore_errors=True)
    cpu, rss, wall, rc = run_measured([parcheck, "-p", d, "-j", str(jobs)], d, out)
    if rc not in (0, 1):
        sys.exit(f"growth.py: parcheck exited {rc} on {d}")
    return dict(syn_cpu=syn_cpu, syn_rss=syn_rss, cpu=cpu, rss=rss, wall=wall,
                out_bytes=os.path.getsize(out), tus=len(db))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--shapes", default="chain,fanout,mixed")
    ap.add_argument("--tus-per", type=int, default=1000, help="functions per TU")
    ap.add_argument("--parcheck", default=os.path.join(TOP, "build", "bin", "parcheck"))
    ap.add_argument("--work", default="/tmp/parcheck-growth")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--decls", choices=["shared", "per-tu"], default="shared",
                    help="gen.py --decls: one header of every declaration, or each TU its own")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    print(f"{'shape':7} {'functions':>9} {'TUs':>4} {'parcheck cpu s':>14} {'syntax cpu s':>12} "
          f"{'ratio':>6} {'parcheck MB':>11} {'syntax MB':>9} {'report bytes':>12}")
    rows = {}
    for shape in a.shapes.split(","):
        for n in sizes:
            d = os.path.join(a.work, f"{shape}-{n}")
            tus = max(1, n // a.tus_per)
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), d, "--functions", str(n),
                            "--shape", shape, "--tus", str(tus), "--decls", a.decls], check=True,
                           stdout=subprocess.DEVNULL)
            m = measure(a.parcheck, d, a.jobs)
            rows[(shape, n)] = m
            print(f"{shape:7} {n:9} {m['tus']:4} {m['cpu']:14.2f} {m['syn_cpu']:12.2f} "
                  f"{m['cpu'] / max(m['syn_cpu'], 1e-9):6.2f} {m['rss']:11.0f} {m['syn_rss']:9.0f} "
                  f"{m['out_bytes']:12}", flush=True)
    def exponent(x, y, lo, hi):
        return math.log(max(y, 1e-3) / max(x, 1e-3)) / math.log(hi / lo)

    print("\ngrowth exponent between sizes (1.0 = linear): parcheck CPU / syntax-only CPU / "
          "parcheck beyond the parse")
    for shape in a.shapes.split(","):
        parts = []
        for lo, hi in zip(sizes, sizes[1:]):
            x, y = rows[(shape, lo)], rows[(shape, hi)]
            own = [max(r["cpu"] - r["syn_cpu"], 1e-3) for r in (x, y)]
            parts.append(f"{lo}->{hi}: {exponent(x['cpu'], y['cpu'], lo, hi):.2f} / "
                         f"{exponent(x['syn_cpu'], y['syn_cpu'], lo, hi):.2f} / "
                         f"{exponent(own[0], own[1], lo, hi):.2f}")
        print(f"  {shape:7} " + ", ".join(parts))


if __name__ == "__main__":
    main()
