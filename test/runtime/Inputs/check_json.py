# Prints a stable digest of a parcheck runtime JSON report, for FileCheck.
import json, os, re, sys
path = sys.argv[1]
d = json.load(open(path))
pid = re.search(r"\.(\d+)\.json$", path)
print("tool=%s source=%s pid=%s program=%s" % (
    d["tool"], d["source"], "ok" if pid and int(pid.group(1)) == d["pid"] else "bad",
    os.path.basename(d["program"])))
for f in d["findings"]:
    ok = re.fullmatch(r"[0-9a-f]{16}", f["fingerprint"]) is not None
    print("finding kind=%s check=%s severity=%s source=%s fingerprint=%s" % (
        f["kind"], f["check"], f["severity"], f["source"], "ok" if ok else "bad"))
    print("locks=%s threads=%s" % (",".join(f["locks"]), ",".join(f["threads"])))
    for l in f["locations"]:
        print("location role=%s function=%s line=%s" % (l["role"], l.get("function"), l.get("line")))
s = d["stats"]
print("stats reports=%d locks_total=%d edges=%d" % (s["reports"], s["locks_total"], s["edges"]))
for l in sorted(s["locks"], key=lambda l: l["name"]):
    print("lock %s acquisitions=%d contended=%d hold_count=%d" % (
        l["name"], l["acquisitions"], l["contended"], l["hold_ns"]["count"]))
