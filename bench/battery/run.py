#!/usr/bin/env python3
"""A battery of small concurrency programs, each with its verdict in the source.

Each file is one program whose last 'RACE' or 'OK' token says what a user expects of
parcheck: RACE, at least one finding (a race, a lock-order cycle, a lock misuse); OK, none.
The programs are the idioms of small pthread and C++ threading code (hand-offs through
semaphores, promises and barriers, spinlocks, per-thread argument blocks, thread-number
guards, library containers reached through parameters, ...), written here to find the
patterns parcheck gets wrong; the ones it once got wrong have lit tests under
test/checker/race/. This is a benchmark, not a gate: it prints each wrong verdict and the
count, and exits 0.

    bench/battery/run.py [--parcheck BIN]
"""
import argparse, glob, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def expected(path):
    with open(path) as fh:
        marks = re.findall(r"\b(RACE|OK)\b", fh.read())
    return marks[-1] if marks else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parcheck", default=os.path.join(HERE, "..", "..", "build", "bin", "parcheck"))
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(HERE, "*.c")) + glob.glob(os.path.join(HERE, "*.cpp")))
    wrong = 0
    for f in files:
        exp = expected(f)
        flags = ["-std=c++20"] if f.endswith(".cpp") else []
        run = subprocess.run([args.parcheck, f, "--"] + flags, capture_output=True, text=True)
        if run.returncode not in (0, 1):  # 2: parcheck could not analyse it
            wrong += 1
            print(f"error: {os.path.basename(f)}: parcheck exited {run.returncode}: "
                  f"{run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ''}")
            continue
        n = run.stdout.count("warning:")
        ok = (n > 0) == (exp == "RACE")
        if not ok:
            wrong += 1
            print(f"wrong: {os.path.basename(f)}: expected {exp}, {n} finding(s)")
    print(f"{len(files) - wrong} of {len(files)} verdicts right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
