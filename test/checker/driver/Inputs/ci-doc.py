#!/usr/bin/env python3
"""ci-doc.py DOC.md PARCHECK: parses every ```yaml block of docs/ci.md and prints what a CI
service reads from it (for FileCheck); every parcheck command line in them is run with
--dump-config appended, which parses all its options and exits 0, so an option the docs
use and parcheck does not know fails the test."""
import re
import shlex
import subprocess
import sys

import yaml


def commands(text):
    for line in text.splitlines():
        line = line.strip().lstrip("- ").strip()
        if line.startswith("run: "):
            line = line[5:]
        if line.startswith("parcheck "):
            yield line.split(" > ")[0]


def main():
    doc, parcheck = sys.argv[1], sys.argv[2]
    text = open(doc).read()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    for b in blocks:
        y = yaml.safe_load(b)
        first = b.splitlines()[0]
        print("block %s: parsed" % first.lstrip("# "))
        if "jobs" in y:  # GitHub Actions ("on" is read by YAML 1.1 as True)
            on = y.get("on", y.get(True))
            print("  triggers: %s" % " ".join(sorted(on)))
            print("  permissions: %s" % " ".join("%s=%s" % kv for kv in sorted(y["permissions"].items())))
            for name, job in y["jobs"].items():
                for step in job["steps"]:
                    if "uses" in step:
                        print("  uses %s %s" % (step["uses"], " ".join(
                            "%s=%s" % kv for kv in sorted(step.get("with", {}).items()))))
                    for cmd in commands(step.get("run", "")):
                        print("  run " + cmd)
        elif "repos" in y:  # pre-commit
            for r in y["repos"]:
                for h in r["hooks"]:
                    print("  hook %s entry=%s language=%s" % (h["id"], h["entry"], h["language"]))
        else:  # GitLab
            for name, job in y.items():
                print("  job %s artifacts: %s" % (name, " ".join(job["artifacts"]["paths"])))
                for cmd in job["script"]:
                    for c in commands(cmd):
                        print("  script " + c)
        for cmd in commands(b):
            argv = shlex.split(cmd)
            r = subprocess.run([parcheck] + argv[1:] + ["--dump-config"], capture_output=True,
                               text=True)
            if r.returncode != 0:
                print("BAD COMMAND: %s: %s" % (cmd, r.stderr.strip()))
                return 1
    print("blocks: %d" % len(blocks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
