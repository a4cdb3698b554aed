"""clock_within.py OUT JSON: checks the shim's hold of hold_mu and wait for wait_mu (JSON,
hold_ns.max and wait_ns.max) against the program's own CLOCK_MONOTONIC measurements
("program hold_mu N", "program wait_mu N" in OUT): the hold at least the 100 ms the program
slept holding it, the wait above zero, each at most the program's measurement around the
calls; both bounds give a thousandth and 50 us (the scale's error is about 10^-5, at worst
2 * 10^-4; a scale 1% off is outside them). Prints "<lock>: ok" or what is wrong."""
import json
import sys

prog = {}
for line in open(sys.argv[1]):
    if line.startswith("program "):
        _, name, ns = line.split()
        prog[name] = int(ns)
locks = {l["name"]: l for l in json.load(open(sys.argv[2]))["stats"]["locks"]}
SLEPT = 100000000
for name, field, low in (("hold_mu", "hold_ns", SLEPT - SLEPT // 1000 - 50000),
                         ("wait_mu", "wait_ns", 1)):
    if name not in prog or name not in locks:
        print("%s: missing (program %s, json %s)" % (name, name in prog, name in locks))
        continue
    got = locks[name][field]["max"]
    high = prog[name] + prog[name] // 1000 + 50000
    print("%s: %s" % (name, "ok" if low <= got <= high else
                      "%d ns, not within [%d, %d]" % (got, low, high)))
