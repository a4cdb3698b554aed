"""one-truth.test: the checker, the runtime and the cross-check agree on the finding kinds
and the fingerprint (common/parcheck/Kinds.def, Fingerprint.h).

usage: one_truth.py CROSSCHECK KINDS_DEF VECTORS RUNTIME_JSON STATIC_JSON STATIC_SARIF"""
import importlib.machinery
import importlib.util
import json
import re
import sys


def load_crosscheck(path):
    loader = importlib.machinery.SourceFileLoader("crosscheck", path)
    spec = importlib.util.spec_from_loader("crosscheck", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    cc_path, def_path, vectors, rt_json, st_json, st_sarif = sys.argv[1:7]
    cc = load_crosscheck(cc_path)
    # The .def as written, read here independently of the cross-check's own reader.
    with open(def_path) as f:
        rows = re.findall(r'^PARCHECK_KIND\("([a-z-]+)",\s*([01]),\s*([01])', f.read(), re.M)
    stems = [r[0] for r in rows]
    static = [r[0] for r in rows if r[1] == "1"]
    runtime = [r[0] for r in rows if r[2] == "1"]
    if [k for k in cc.KINDS if k in stems] != stems:
        fail("the cross-check's kinds %s are not Kinds.def's %s, in order" % (cc.KINDS, stems))
    extra = [k for k in cc.KINDS if k not in stems]
    if extra != list(cc._TSAN_ONLY_KINDS):
        fail("the cross-check has kinds Kinds.def lacks: %s" % extra)
    for k in stems:
        tools = cc.DEFAULT_TOOLS[k]
        if ("static" in tools) != (k in static):
            fail("%s: the cross-check expects it from static %s, Kinds.def says %s"
                 % (k, "static" in tools, k in static))
        if "runtime" in tools and k not in runtime:
            fail("%s: the cross-check expects it from the runtime, which cannot report it" % k)
    print("kinds: %d in the cross-check, %d in Kinds.def (%d static, %d runtime)"
          % (len(cc.KINDS), len(stems), len(static), len(runtime)))

    bases = {"fnv": cc.FINGERPRINT_BASIS_FNV, "checker": 1469598103934665603}
    n = 0
    with open(vectors) as f:
        for line in f:
            basis, hexval, parts = line.rstrip("\n").split(" ", 2)
            got = cc.fingerprint(parts.split("|"), bases[basis])
            if got != hexval:
                fail("Fingerprint.h gives %s for %s (%s), the cross-check %s"
                     % (hexval, parts, basis, got))
            n += 1
    print("fingerprint vectors: %d agree" % n)

    with open(rt_json) as f:
        rt = json.load(f)
    kinds = []
    for fd in rt["findings"]:
        if fd["kind"] not in runtime:
            fail("the runtime reported '%s', not a runtime kind of Kinds.def" % fd["kind"])
        parts = [fd["kind"]] + sorted(fd["locks"]) + [l["function"] for l in fd["locations"]
                                                      if "function" in l]
        want = cc.fingerprint(parts)
        if fd["fingerprint"] != want:
            fail("runtime %s: fingerprint %s, the cross-check's definition gives %s over %s"
                 % (fd["kind"], fd["fingerprint"], want, parts))
        kinds.append(fd["kind"])
    print("runtime findings: %d kinds %s, fingerprints agree" % (len(kinds), ",".join(sorted(kinds))))

    with open(st_json) as f:
        st = json.load(f)
    for fd in st["findings"]:
        if fd["kind"] not in static:
            fail("the checker reported '%s', not a static kind of Kinds.def" % fd["kind"])
        if not re.fullmatch(r"[0-9a-f]{16}", fd["fingerprint"]):
            fail("checker fingerprint %r" % fd["fingerprint"])
    with open(st_sarif) as f:
        rules = [r["id"] for r in json.load(f)["runs"][0]["tool"]["driver"]["rules"]]
    if rules != ["parcheck-" + k for k in static]:
        fail("SARIF rules %s are not Kinds.def's static kinds %s" % (rules, static))
    print("static findings: %s, sarif rules agree" % ",".join(sorted({fd["kind"] for fd in st["findings"]})))
    print("ok")


main()
