# Prints, for each lock of a parcheck runtime JSON report (stats-time-batches.c), its counts,
# whether its wait histogram has a time, and whether each histogram's buckets add up to its
# count (for FileCheck).
import json, sys
def buckets_ok(h):
    return sum(b["count"] for b in h["buckets"]) == h["count"]
for l in sorted(json.load(open(sys.argv[1]))["stats"]["locks"], key=lambda l: l["name"]):
    w, h = l["wait_ns"], l["hold_ns"]
    print("lock %s acquisitions=%d contended=%d waits=%d wait_time=%s holds=%d buckets=%s" % (
        l["name"], l["acquisitions"], l["contended"], w["count"],
        "nonzero" if w["total"] > 0 and w["max"] > 0 else "zero", h["count"],
        "ok" if buckets_ok(w) and buckets_ok(h) else "bad"))
