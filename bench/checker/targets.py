#!/usr/bin/env python3
"""Every checker figure of issue 13 against its target, in one run.

    bench/checker/targets.py [--parcheck PATH] [--c-tree DB_DIR] [--cxx-tree DB_DIR]
                             [--sizes 1000,10000] [--decls per-tu|shared] [--chain 50000]
                             [--chain-runs 3]
                             [--only SECTIONS] [-j N]

Sections (--only takes a comma-separated subset; all by default):
  pertu    per-TU extraction (`parcheck-cc -c`, the facts step alone) against
           `clang -fsyntax-only` on the same TU with the same flags, over a C tree and a C++
           tree (compile databases); target: summed CPU <= 1.3x.
  growth   synthetic programs (gen.py) of each size and shape: CPU and peak RSS of a cold
           run; target: growth exponent <= 1.15 between sizes (linear or n log n), on an
           input linear in the functions (--decls per-tu; with --decls shared every TU parses
           every declaration and syntax-only's own exponent, printed beside, is about 1.45).
  chain    the CHAIN-function chain in one file against `clang -fsyntax-only`, the medians
           of --chain-runs alternating pairs; target <= 3x.
  cache    cold / warm (nothing changed) / one file changed with the facts cache, on the C
           tree and on the mixed 10k program; target: warm <= 0.1x cold, one change about
           that TU plus the analysis (the figure printed beside it).
  cores    the whole-program phase (`--from-facts -jN`): how many of its threads are
           runnable at once (sampled from /proc: a loaded machine does not change it); 1.0
           is one thread doing everything; target: more than one (mean >= 1.2).

CPU time (user + system of the process and its threads, from wait4) is the measure, so that
a loaded machine changes the figures little; wall times are printed but mean little then.
A benchmark, run on demand, never in CI; it always exits 0.
"""
import argparse, importlib.util, json, math, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))


def load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


growth = load("growth", "growth.py")
vsso = load("vsso", "vs-syntax-only.py")
run_measured = growth.run_measured


def verdict(value, target, lower_is_better=True):
    ok = value <= target if lower_is_better else value >= target
    return "ok" if ok else "MISSED"


def facts_step_cmd(cc, e, out):
    """parcheck-cc with the entry's flags: the facts step of one TU, as a build runs it."""
    return [cc] + vsso.compile_args(e) + ["-c", e["file"], "-o", out]


def pertu(a, db_dir, label):
    es = vsso.entries(os.path.join(db_dir, "compile_commands.json"), None)
    rdir = subprocess.run(["clang-19", "-print-resource-dir"], capture_output=True,
                          text=True).stdout.strip()
    cc = os.path.join(os.path.dirname(a.parcheck), "parcheck-cc")
    tmp = tempfile.mkdtemp(prefix="parcheck-targets-")
    syn = ext = 0.0
    ratios = []
    for e in es:
        s_cpu, _, _, s_rc = run_measured(vsso.syntax_only_cmd(e, rdir), e["directory"])
        p_cpu, _, _, p_rc = run_measured(facts_step_cmd(cc, e, os.path.join(tmp, "f.json")),
                                         e["directory"])
        if s_rc or p_rc:
            print(f"  skipped {e['file']}: syntax-only rc {s_rc}, parcheck-cc rc {p_rc}")
            continue
        syn += s_cpu
        ext += p_cpu
        ratios.append((p_cpu / max(s_cpu, 1e-3), os.path.basename(e["file"])))
    shutil.rmtree(tmp, ignore_errors=True)
    ratios.sort()
    r = ext / max(syn, 1e-9)
    med = ratios[len(ratios) // 2][0] if ratios else 0
    print(f"per-TU {label:12} {len(ratios):3} TUs: facts step {ext:7.2f}s cpu, syntax-only "
          f"{syn:7.2f}s cpu: {r:.2f}x (median TU {med:.2f}x, worst {ratios[-1][0]:.2f}x "
          f"{ratios[-1][1]})  target <= 1.3x: {verdict(r, 1.3)}")


def growth_section(a):
    """The verdict is on parcheck's own exponents over an input whose size is linear in the
    functions (gen.py --decls per-tu, the default here). With --decls shared every TU parses
    every declaration, so the input itself grows as functions x TUs: syntax-only's exponent,
    printed beside, shows it, and "beyond the parse" is parcheck's CPU less syntax-only's."""
    sizes = [int(s) for s in a.sizes.split(",")]
    rows = {}
    for shape in ("chain", "fanout", "mixed"):
        for n in sizes:
            d = os.path.join(a.work, f"{shape}-{n}-{a.decls}")
            gen(d, n, shape, max(1, n // 1000), a.decls)
            m = growth.measure(a.parcheck, d, a.jobs)
            rows[(shape, n)] = m
            print(f"growth {shape:6} {n:7} fns {m['tus']:3} TUs ({a.decls} decls): {m['cpu']:7.2f}s "
                  f"cpu {m['rss']:6.0f} MB (syntax-only {m['syn_cpu']:6.2f}s, "
                  f"{m['cpu'] / max(m['syn_cpu'], 1e-9):.2f}x), report {m['out_bytes']} B",
                  flush=True)
        for lo, hi in zip(sizes, sizes[1:]):
            x, y = rows[(shape, lo)], rows[(shape, hi)]
            ex = lambda u, v: math.log(max(v, 1e-3) / max(u, 1e-3)) / math.log(hi / lo)
            ec, em = ex(x["cpu"], y["cpu"]), ex(x["rss"], y["rss"])
            es = ex(x["syn_cpu"], y["syn_cpu"])
            eo = ex(max(x["cpu"] - x["syn_cpu"], 1e-3), max(y["cpu"] - y["syn_cpu"], 1e-3))
            print(f"growth {shape:6} exponent {lo}->{hi}: cpu {ec:.2f}, rss {em:.2f} "
                  f"(syntax-only cpu {es:.2f}; parcheck beyond the parse {eo:.2f})  "
                  f"target <= 1.15: {verdict(max(ec, em), 1.15)}")


def gen(d, n, shape, tus, decls="shared"):
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), d, "--functions", str(n),
                    "--shape", shape, "--tus", str(tus), "--decls", decls], check=True,
                   stdout=subprocess.DEVNULL)


def chain_section(a):
    d = os.path.join(a.work, f"chain1-{a.chain}")
    gen(d, a.chain, "chain", 1)
    # One file, one process each: a single pair moved by 30% between runs on a busy
    # machine, so the pairs alternate and the medians are compared.
    ms = [growth.measure(a.parcheck, d, a.jobs) for _ in range(a.chain_runs)]
    med = lambda k: sorted(m[k] for m in ms)[len(ms) // 2]
    cpu, syn = med("cpu"), med("syn_cpu")
    r = cpu / max(syn, 1e-9)
    spread = " ".join(f"{m['cpu']:.2f}/{m['syn_cpu']:.2f}" for m in ms)
    print(f"chain  {a.chain} functions in one file: {cpu:.2f}s cpu {med('rss'):.0f} MB, "
          f"syntax-only {syn:.2f}s {med('syn_rss'):.0f} MB: {r:.2f}x (median of {len(ms)} "
          f"alternating pairs: {spread})  target <= 3x: {verdict(r, 3.0)}")


def cached_run(a, db_dir, cache):
    cmd = [a.parcheck, "-p", db_dir, "-j", str(a.jobs), "--cache-dir", cache, "--exit-zero",
           "--cache-stats", "--format=json"]
    out = os.path.join(cache + ".out")
    cpu, rss, wall, rc = run_measured(cmd, db_dir, out)
    return cpu, wall, open(out, "rb").read()


def cache_section(a, db_dir, label, change):
    """change: a file of the tree to append a comment to (then restored), or None."""
    cache = tempfile.mkdtemp(prefix="parcheck-targets-cache-")
    shutil.rmtree(cache)
    cold, cw, out0 = cached_run(a, db_dir, cache)
    warm, ww, out1 = cached_run(a, db_dir, cache)
    one_txt, out2 = "one changed: not measured (--edit-c-tree)", out0
    if change:
        orig = open(change, "rb").read()
        try:
            with open(change, "ab") as f:
                f.write(b"\n/* parcheck targets.py: one file changed */\n")
            one, ow, out2 = cached_run(a, db_dir, cache)
        finally:
            with open(change, "wb") as f:
                f.write(orig)
        one_txt = f"one changed {one:6.2f}s ({one / cold:.2f}x)"
    shutil.rmtree(cache, ignore_errors=True)
    same = "same output" if out0 == out1 == out2 else "OUTPUT DIFFERS"
    print(f"cache  {label:12} cold {cold:6.2f}s cpu, warm {warm:6.2f}s ({warm / cold:.2f}x), "
          f"{one_txt}; {same}  target warm <= 0.1x: {verdict(warm / cold, 0.1)}")


def runnable_threads(cmd, cwd):
    """Runs cmd, sampling every 20 ms how many of its threads are runnable (state R: running
    or waiting only for a CPU), which a loaded machine does not change. Returns (cpu s, mean
    runnable threads over the samples with any, share of those samples with 2 or more)."""
    import time
    counts = []
    t0 = os.times()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None:
        n = 0
        try:
            for tid in os.listdir(f"/proc/{p.pid}/task"):
                with open(f"/proc/{p.pid}/task/{tid}/stat") as f:
                    n += f.read().rsplit(")", 1)[1].split()[0] == "R"
        except OSError:
            pass
        if n:
            counts.append(n)
        time.sleep(0.02)
    t1 = os.times()
    cpu = (t1.children_user + t1.children_system) - (t0.children_user + t0.children_system)
    if not counts:
        return cpu, 0.0, 0.0
    return cpu, sum(counts) / len(counts), sum(c >= 2 for c in counts) / len(counts)


def cores_section(a, db_dir, label):
    """Does the whole-program phase keep several threads busy at once?"""
    facts = tempfile.mkdtemp(prefix="parcheck-targets-facts-")
    subprocess.run([a.parcheck, "-p", db_dir, "--no-cache", "--exit-zero", "--facts-dir", facts,
                    "-j", str(a.jobs)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu, mean, two = runnable_threads([a.parcheck, "--from-facts", facts, "--exit-zero", "-j",
                                       str(a.jobs)], db_dir)
    shutil.rmtree(facts, ignore_errors=True)
    print(f"cores  {label:12} --from-facts -j{a.jobs}: {cpu:.2f}s cpu, {mean:.2f} threads "
          f"runnable on average, 2 or more {100 * two:.0f}% of the time  target: every core "
          f"(mean > 1): {verdict(mean, 1.2, False)}")


def have_tree(db_dir, section):
    """Whether db_dir holds a compile database; if not, says that this part of the section is
    skipped (the real trees are made by bench/realcode/run.py), so that the other figures still
    print."""
    if os.path.isfile(os.path.join(db_dir, "compile_commands.json")):
        return True
    print(f"{section:6} skipped for {db_dir}: no compile_commands.json there "
          f"(bench/realcode/run.py makes the real trees' databases)", flush=True)
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parcheck", default=os.path.join(TOP, "build", "bin", "parcheck"))
    ap.add_argument("--c-tree", default="/tmp/realcode/db/memcached")
    ap.add_argument("--cxx-tree", default="/tmp/realcode/db/leveldb")
    ap.add_argument("--edit-c-tree", action="store_true",
                    help="the C tree is your own copy: append a comment to one of its files "
                         "for the one-change figure (restored after); never on a shared tree")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--decls", choices=["per-tu", "shared"], default="per-tu",
                    help="growth: gen.py --decls (per-tu: an input linear in the functions)")
    ap.add_argument("--chain", type=int, default=50000)
    ap.add_argument("--chain-runs", type=int, default=3,
                    help="chain: alternating parcheck / syntax-only pairs (medians compared)")
    ap.add_argument("--only", default="pertu,growth,chain,cache,cores")
    ap.add_argument("--work", default="/tmp/parcheck-targets")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    a.parcheck = os.path.abspath(a.parcheck)
    only = set(a.only.split(","))
    print(f"parcheck {a.parcheck}, -j{a.jobs}, load {os.getloadavg()[0]:.1f}", flush=True)
    if "pertu" in only:
        if have_tree(a.c_tree, "pertu"):
            pertu(a, a.c_tree, "C " + os.path.basename(a.c_tree))
        if have_tree(a.cxx_tree, "pertu"):
            pertu(a, a.cxx_tree, "C++ " + os.path.basename(a.cxx_tree))
    if "growth" in only:
        growth_section(a)
    if "chain" in only:
        chain_section(a)
    if "cache" in only:
        d = os.path.join(a.work, "mixed-10000")
        gen(d, 10000, "mixed", 10)
        cache_section(a, d, "mixed 10k", os.path.join(d, "tu3.c"))
        if have_tree(a.c_tree, "cache"):
            db = json.load(open(os.path.join(a.c_tree, "compile_commands.json")))
            mid = db[len(db) // 2]
            cache_section(a, a.c_tree, os.path.basename(a.c_tree),
                          os.path.join(mid["directory"], mid["file"]) if a.edit_c_tree else None)
    if "cores" in only:
        if have_tree(a.c_tree, "cores"):
            cores_section(a, a.c_tree, os.path.basename(a.c_tree))
        d = os.path.join(a.work, "mixed-10000")
        gen(d, 10000, "mixed", 10)
        cores_section(a, d, "mixed 10k")


if __name__ == "__main__":
    main()
