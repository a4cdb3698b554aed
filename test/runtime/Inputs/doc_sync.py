# Compares the PARCHECK_FLAG table with the options table in docs/runtime.md.
import re, sys
src = open(sys.argv[1]).read()
doc = open(sys.argv[2]).read()
flags = {}
for t, n, d in re.findall(r'PARCHECK_FLAG\((\w+), (\w+), (.*?), "', src):
    d = {"true": "1", "false": "0"}.get(d, d)
    flags[n] = (t, d.strip('"'))
rows = {}
for n, t, d in re.findall(r"^\| `(\w+)` \| (\w+) \| `(.*?)` \|", doc, re.M):
    rows[n] = (t, d)
bad = False
for n in sorted(set(flags) | set(rows)):
    if flags.get(n) != rows.get(n):
        print("mismatch for %s: rt_flags.inc %s, docs %s" % (n, flags.get(n), rows.get(n)))
        bad = True
if bad:
    sys.exit(1)
print("options in sync: %d" % len(flags))
