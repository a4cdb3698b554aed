#!/usr/bin/env python3
"""options-doc-sync.py HELP.txt CLI.md: every option --help lists is in docs/cli.md's
option table, and every option of that table is in --help."""
import re
import sys

helptext = open(sys.argv[1]).read()
doc = open(sys.argv[2]).read()
in_help = set(re.findall(r"^  (--?[a-z][a-z-]*)", helptext, re.M))
table = [l for l in doc.splitlines() if l.startswith("| `-")]
in_doc = set()
for row in table:
    first = row.split("|")[1]
    in_doc |= set(re.findall(r"`(--?[a-z][a-z-]*)", first))
missing = sorted(in_help - in_doc)
extra = sorted(in_doc - in_help - {"--jobs", "--color", "-h"})
for m in missing:
    print("not in docs/cli.md: " + m)
for e in extra:
    print("not in --help: " + e)
print("options: %d" % len(in_help))
sys.exit(1 if missing or extra else 0)
