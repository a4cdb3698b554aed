# Prints the "thread_details" of each finding of a parcheck runtime JSON report, for FileCheck:
# "finding <kind>" then one line per thread, the innermost user frame of its creation stack.
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    print("finding %s threads=%s" % (f["kind"], ",".join(f["threads"])))
    for t in f.get("thread_details", []):
        at = [s for s in t.get("created_at", []) if "/usr/" not in s and "./" not in s]
        print("thread %s main=%s created_by=%s created_at=%s" % (
            t["thread"], t.get("main", False), t.get("created_by", "-"),
            at[0].split()[0] if at else "-"))
