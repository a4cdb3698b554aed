#!/usr/bin/env python3
"""Writes a synthetic multi-threaded C program of a chosen size and shape, with its
compile database, for the checker's growth benchmark (bench/checker/growth.py).

    bench/checker/gen.py OUT_DIR --functions N [--shape chain|fanout|mixed] [--tus T]
                         [--threads K] [--locks L] [--decls shared|per-tu]

Shapes (every one is a real program: a main that starts K threads and joins them):
  chain   one call chain f0 -> f1 -> ... -> f(N-1); each thread enters it at the top, so
          every access sits under an N-deep chain (the worst case for call-chain work).
  fanout  each thread's entry calls N/K leaf functions directly (wide, shallow).
  mixed   chains of depth 32 hanging off a fan-out: deep and wide at once.

Every function takes one of L global mutexes (round robin), writes its own static counter
under it and then a shared counter `hot` under lock 0, so the analysis has real lock sets,
lock-order edges (a function nested in another's critical section takes the next lock in a
fixed order: no cycle) and a race on `racy` in the leaves (reported, so the run has findings
to print). Functions are spread evenly over T translation units, declared in one header
(--decls shared: every TU parses every declaration, so the compiler's own work grows as
functions x TUs) or each TU declaring only the functions it defines or calls (--decls per-tu:
each TU's parse is its own size, as in a program whose headers are per module).
The output is deterministic for given arguments.
"""
import argparse, json, os


def fn_name(i):
    return f"f{i}"


def callees(shape, n, i):
    """The functions f_i calls."""
    if shape == "chain":
        return [i + 1] if i + 1 < n else []
    if shape == "fanout":
        return []
    # mixed: blocks of 32 functions form chains; the block heads are called by the threads.
    return [i + 1] if (i + 1) % 32 and i + 1 < n else []


def roots(shape, n, k):
    """For each thread, the functions its entry calls."""
    if shape == "chain":
        return [[0] for _ in range(k)]
    heads = list(range(n)) if shape == "fanout" else list(range(0, n, 32))
    return [heads[t::k] for t in range(k)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--functions", type=int, required=True)
    ap.add_argument("--shape", choices=["chain", "fanout", "mixed"], default="mixed")
    ap.add_argument("--tus", type=int, default=1)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--locks", type=int, default=8)
    ap.add_argument("--decls", choices=["shared", "per-tu"], default="shared")
    a = ap.parse_args()
    n, t, k, nl = a.functions, max(1, a.tus), max(1, a.threads), max(1, a.locks)
    os.makedirs(a.out, exist_ok=True)
    out = os.path.abspath(a.out)

    with open(os.path.join(out, "gen.h"), "w") as h:
        h.write("#include <pthread.h>\n")
        h.write(f"extern pthread_mutex_t locks[{nl}];\nextern long hot, racy;\n")
        if a.decls == "shared":
            for i in range(n):
                h.write(f"void {fn_name(i)}(int d);\n")
    rs = roots(a.shape, n, k)

    per = (n + t - 1) // t
    files = []
    for u in range(t):
        lo, hi = u * per, min(n, (u + 1) * per)
        if lo >= hi and u:
            break
        path = os.path.join(out, f"tu{u}.c")
        files.append(path)
        with open(path, "w") as f:
            f.write('#include "gen.h"\n')
            if a.decls == "per-tu":
                used = set(range(lo, hi))
                for i in range(lo, hi):
                    used.update(callees(a.shape, n, i))
                if u == 0:
                    used.update(c for r in rs for c in r)
                for i in sorted(used):
                    f.write(f"void {fn_name(i)}(int d);\n")
            if u == 0:
                f.write(f"pthread_mutex_t locks[{nl}];\nlong hot, racy;\n")
            for i in range(lo, hi):
                # Lock i % nl, except lock 0 (taken innermost, for `hot`): no cycle is possible
                # because a nested call only ever takes lock 0 inside another lock.
                li = 1 + i % (nl - 1) if nl > 1 else 0
                f.write(f"void {fn_name(i)}(int d) {{\n")
                f.write(f"  static long own;\n  pthread_mutex_lock(&locks[{li}]);\n  own += d;\n")
                f.write(f"  pthread_mutex_unlock(&locks[{li}]);\n")
                if nl > 1:
                    f.write("  pthread_mutex_lock(&locks[0]);\n  hot++;\n  pthread_mutex_unlock(&locks[0]);\n")
                cs = callees(a.shape, n, i)
                for c in cs:
                    f.write(f"  {fn_name(c)}(d + 1);\n")
                if not cs:
                    f.write("  racy++;\n")
                f.write("}\n")
            if u == 0:
                for ti, r in enumerate(rs):
                    f.write(f"static void *worker{ti}(void *arg) {{\n  (void)arg;\n")
                    for c in r:
                        f.write(f"  {fn_name(c)}(0);\n")
                    f.write("  return 0;\n}\n")
                f.write(f"int main(void) {{\n  pthread_t t[{len(rs)}];\n")
                for ti in range(len(rs)):
                    f.write(f"  pthread_create(&t[{ti}], 0, worker{ti}, 0);\n")
                f.write(f"  for (int i = 0; i < {len(rs)}; i++)\n    pthread_join(t[i], 0);\n")
                f.write("  return 0;\n}\n")

    db = [{"directory": out, "file": p, "arguments": ["clang-19", "-c", "-I", out, p]} for p in files]
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=1)
    print(f"{out}: {n} functions, shape {a.shape}, {len(files)} TUs, {k} threads, {nl} locks")


if __name__ == "__main__":
    main()
