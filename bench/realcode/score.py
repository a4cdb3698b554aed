#!/usr/bin/env python3
"""Score parcheck on the real-code benchmark against the triage labels.

  score.py [--rerun] [--only NAMES]     the table: reports, triaged, true, false, ... per project
  score.py label NAME < lines          add labels: 'INDEX true|false CAUSE NOTE' per line
  score.py show NAME [--sample K --seed S] [--first K] [--unlabelled] [--index I,J]
                                         print reports compactly (with source lines) for triage

Reads $REALCODE_DIR/out/<name>.json (written by run.py; --rerun runs run.py first) and
bench/realcode/labels/<name>.json. Always exits 0: this is a benchmark, not a gate.
"""
import argparse, collections, glob, json, os, random, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("REALCODE_DIR", "/tmp/realcode")


def projects():
    out = []
    for f in sorted(glob.glob(os.path.join(HERE, "projects", "*.json"))):
        with open(f) as fh:
            out.append(json.load(fh))
    return out


def rel(path, src):
    p = os.path.normpath(path)
    if p.startswith(src.rstrip("/") + "/"):
        return os.path.relpath(p, src)
    # A copy of $REALCODE_DIR (one per engineer) keeps compile databases that name the sources
    # of the tree it was copied from: a path under any ".../src/<project>/" is that project's.
    marker = "/src/" + os.path.basename(src.rstrip("/")) + "/"
    i = p.find(marker)
    return p[i + len(marker):] if i >= 0 else p


def key_of(f, src):
    """The stable key of a finding: check, primary file (relative to the project root), line,
    fingerprint. The fingerprint has no line numbers (docs/finding-model.md), so a label whose
    line moved is still matched by check + file + fingerprint when that is unique."""
    loc = f["locations"][0]
    return {"check": f["check"], "file": rel(loc["file"], src), "line": loc["line"],
            "fingerprint": f["fingerprint"]}


def load_report(name):
    path = os.path.join(ROOT, "out", f"{name}.json")
    if not os.path.exists(path):
        return None
    with open(path) as fh:
        return json.load(fh)


def load_labels(name):
    path = os.path.join(HERE, "labels", f"{name}.json")
    if not os.path.exists(path):
        return {"project": name, "labels": []}
    with open(path) as fh:
        return json.load(fh)


def keys_of(f, src):
    """key_of() of the finding, then the keys of the reports it was merged from: one report
    stands for the same finding in several programs (one per main; each 'other-program'
    location is where that program's report pointed) and at several places of one program
    ('same-finding' locations; docs/finding-model.md). Labels of those reports match the
    merged report by these keys, or by check + file + fingerprint (see match())."""
    out = [key_of(f, src)]
    for loc in f["locations"][1:]:
        if loc.get("role") in ("other-program", "same-finding"):
            out.append({"check": f["check"], "file": rel(loc["file"], src), "line": loc["line"],
                        "fingerprint": f["fingerprint"]})
    return out


def match(findings, src, labels):
    """Map each label to the index of the finding it describes (or None when not reported)."""
    keys = [(i, k) for i, f in enumerate(findings) for k in keys_of(f, src)]
    exact = {(k["check"], k["file"], k["line"], k["fingerprint"]): i for i, k in keys}
    loose, byline = collections.defaultdict(list), collections.defaultdict(list)
    for i, k in keys:
        # one report per index: a merged report has several keys of one file
        if i not in loose[(k["check"], k["file"], k["fingerprint"])]:
            loose[(k["check"], k["file"], k["fingerprint"])].append(i)
        if i not in byline[(k["check"], k["file"], k["line"])]:
            byline[(k["check"], k["file"], k["line"])].append(i)
    out = []
    for lab in labels:
        k = lab["key"]
        i = exact.get((k["check"], k["file"], k["line"], k["fingerprint"]))
        if i is None:
            c = loose.get((k["check"], k["file"], k["fingerprint"]), [])
            i = c[0] if len(c) == 1 else None
        if i is None:
            # The fingerprint of a field of an unnamed struct/union contains the absolute path
            # of its header ('struct (unnamed at /tmp/.../cache.h:13:5)'), so it changes with
            # the source folder: fall back to check + file + line when that is unique.
            c = byline.get((k["check"], k["file"], k["line"]), [])
            i = c[0] if len(c) == 1 else None
        out.append(i)
    return out


LEVELS = ["low", "medium", "high"]  # docs/finding-model.md#confidence, lowest first


def rank(f):
    """The index of a finding's confidence in LEVELS (an ungraded finding is high)."""
    c = f.get("confidence", "high")
    return LEVELS.index(c) if c in LEVELS else len(LEVELS) - 1


def at_least(findings, level):
    """The findings that `parcheck --min-confidence=<level>` would print."""
    return [f for f in findings if rank(f) >= LEVELS.index(level)]


def bug_found(bug, findings, src):
    """A recall target is found when one finding of its check has, for every expected side
    (the two racing accesses, or the two edges), a location at one of that side's file:line
    pairs. A finding that only touches one side (e.g. the same line in two phantom threads)
    does not count."""
    sides = [{(l["file"], l["line"]) for l in side} for side in bug["expect"]["sides"]]
    for f in findings:
        if f["check"] != bug["expect"]["check"]:
            continue
        have = {(rel(l["file"], src), l["line"]) for l in f["locations"]}
        if all(have & side for side in sides):
            return True
    return False


def table(args):
    if args.rerun:
        cmd = [sys.executable, os.path.join(HERE, "run.py")]
        if args.only:
            cmd += ["--only", args.only]
        subprocess.run(cmd)
    only = set(filter(None, args.only.split(",")))
    rows, causes, bugrows = [], collections.Counter(), []
    # per confidence level: [reports, true, false, real bugs found]
    bycf = collections.defaultdict(lambda: [0, 0, 0, 0])
    for p in projects():
        name = p["name"]
        if only and name not in only:
            continue
        rep = load_report(name)
        src = os.path.join(ROOT, "src", name)
        labs = load_labels(name)
        if p.get("bug_of"):
            p["expect"] = labs["expect"]
            found = bug_found(p, at_least(rep["findings"], args.min_confidence), src) if rep else None
            for lvl in LEVELS:
                if rep and bug_found(p, at_least(rep["findings"], lvl), src):
                    bycf[lvl][3] += 1
            bugrows.append((name, p["bug_of"], p["fix"][:12], p["expect"]["check"],
                            "not run" if found is None else ("found" if found else "MISSED")))
            continue
        if rep is None:
            rows.append([name, "not run"] + [""] * 9)
            continue
        allfs = rep["findings"]
        fs = at_least(allfs, args.min_confidence)
        m = match(fs, src, labs["labels"])
        reported = [l for l, i in zip(labs["labels"], m) if i is not None]
        tru = sum(1 for l in reported if l["verdict"] == "true")
        fal = sum(1 for l in reported if l["verdict"] == "false")
        judged_by = judges(fs, src, labs["labels"], m)
        labelled = set(judged_by)
        verdict = {i: l["verdict"] for i, l in judges(allfs, src, labs["labels"]).items()}
        for i, f in enumerate(allfs):
            for lvl in LEVELS:
                if rank(f) >= LEVELS.index(lvl):
                    bycf[lvl][0] += 1
                    if verdict.get(i) == "true":
                        bycf[lvl][1] += 1
                    elif verdict.get(i) == "false":
                        bycf[lvl][2] += 1
        tru_r = sum(1 for l in judged_by.values() if l["verdict"] == "true")
        fal_r = sum(1 for l in judged_by.values() if l["verdict"] == "false")
        tru_all = sum(1 for l in labs["labels"] if l["verdict"] == "true")
        fal_all = sum(1 for l in labs["labels"] if l["verdict"] == "false")
        # Each false report once, by the cause of the label that judges it (a report
        # matched by a false label through the line fallback but judged true by its
        # own key's label is no false alarm).
        for i, l in judged_by.items():
            if l["verdict"] == "false":
                causes[l["cause"]] += 1
        meta = {}
        mp = os.path.join(ROOT, "out", f"{name}.meta.json")
        if os.path.exists(mp):
            meta = json.load(open(mp))
        bugs = [b for b in projects() if b.get("bug_of") == name]
        nbf = 0
        for b in bugs:
            b["expect"] = load_labels(b["name"])["expect"]
            brep = load_report(b["name"])
            if brep and bug_found(b, at_least(brep["findings"], args.min_confidence),
                                  os.path.join(ROOT, "src", b["name"])):
                nbf += 1
        rows.append([name, len(fs), len(labelled), tru_r, fal_r, len(fs) - len(labelled),
                     f"{fal}/{fal_all}", f"{tru}/{tru_all}", f"{nbf}/{len(bugs)}",
                     f"{100.0 * tru_r / (tru_r + fal_r):.0f}%" if tru_r + fal_r else "-",
                     meta.get("seconds", "")])
    hdr = ["project", "reports", "triaged", "true", "false", "unlabelled", "known-false still reported",
           "true still found", "real bugs found", "precision", "run s"]
    tot = ["TOTAL"] + [sum(r[i] for r in rows if isinstance(r[i], int)) for i in range(1, 6)]
    ff = [r[6].split("/") for r in rows if "/" in str(r[6])]
    tot += [f"{sum(int(a) for a, _ in ff)}/{sum(int(b) for _, b in ff)}"]
    tf = [r[7].split("/") for r in rows if "/" in str(r[7])]
    bf = [r[8].split("/") for r in rows if "/" in str(r[8])]
    tot += [f"{sum(int(a) for a, _ in tf)}/{sum(int(b) for _, b in tf)}",
            f"{sum(int(a) for a, _ in bf)}/{sum(int(b) for _, b in bf)}",
            f"{100.0 * tot[3] / (tot[3] + tot[4]):.0f}%" if tot[3] + tot[4] else "-",
            round(sum(r[10] for r in rows if isinstance(r[10], (int, float))), 1)]
    rows.append(tot)
    w = [max(len(str(r[i])) for r in rows + [hdr]) for i in range(len(hdr))]
    for r in [hdr] + rows:
        print("  ".join(str(c).rjust(w[i]) if i else str(c).ljust(w[i]) for i, c in enumerate(r)))
    print("\ntriaged/true/false: reports of this run that match a label; precision = true / triaged")
    print("known-false still reported, true still found: labels matched by this run / all labels of that verdict")
    print("\nfalse reports by cause (the label that judges each report):")
    for c, n in causes.most_common():
        print(f"  {n:4d}  {c}")
    if bycf:
        print("\nby --min-confidence (all projects; a report counts at its own level and every lower one):")
        print("  level    reports  true  false  precision  real bugs found")
        for lvl in reversed(LEVELS):
            n, t, f, b = bycf[lvl]
            pr = f"{100.0 * t / (t + f):.0f}%" if t + f else "-"
            print(f"  {lvl:7s}  {n:7d}  {t:4d}  {f:5d}  {pr:>9s}  {b}/{len(bugrows)}")
    if bugrows:
        print("\nreal bugs (recall targets, each at the parent of its fix):")
        for b in bugrows:
            print(f"  {b[0]:28s} {b[1]:10s} fix {b[2]}  {b[3]:16s} {b[4]}")


def srcline(path, line):
    try:
        with open(path, errors="replace") as fh:
            for i, l in enumerate(fh, 1):
                if i == line:
                    return l.strip()[:140]
    except OSError:
        pass
    return ""


def judges(fs, src, labels, m=None):
    """The label that judges each report (index -> label). A report merged from several
    programs matches several labels: it is judged once, by the label of its own primary key
    when there is one (else the first that matches)."""
    out = {}
    for l, i in zip(labels, match(fs, src, labels) if m is None else m):
        if i is not None and (i not in out or l["key"] == key_of(fs[i], src)):
            out[i] = l
    # Reports with one key (the same pair found in two programs, printed apart): a label
    # of that key judges each of them.
    bykey = {json.dumps(l["key"], sort_keys=True): l for l in labels}
    for i, f in enumerate(fs):
        if i not in out:
            l = bykey.get(json.dumps(key_of(f, src), sort_keys=True))
            if l is not None:
                out[i] = l
    return out


def stale(args):
    """The reports judged by a label written for another pair of accesses: matched by file
    and fingerprint or by file and line, not by their own key, and the label's message differs
    from the report's. Their verdict was given to something else: triage them again."""
    rep = load_report(args.name)
    src = os.path.join(ROOT, "src", args.name)
    fs = rep["findings"]
    n = 0
    for i, l in sorted(judges(fs, src, load_labels(args.name)["labels"]).items()):
        if l["key"] == key_of(fs[i], src) or l["message"][:150] == fs[i]["message"][:150]:
            continue
        n += 1
        print(f"#{i} {l['verdict']} {l['cause']}\n   now:   {fs[i]['message'][:160]}\n"
              f"   label: {l['message'][:160]}\n   note:  {l['note'][:250]}")
    print(f"{args.name}: {n} reports judged by a label of another pair")


def show(args):
    rep = load_report(args.name)
    src = os.path.join(ROOT, "src", args.name)
    fs = rep["findings"]
    labs = load_labels(args.name)["labels"]
    labelled = set(judges(fs, src, labs))
    idx = list(range(len(fs)))
    if args.index:
        idx = [int(x) for x in args.index.split(",")]
    elif args.sample:
        idx = sorted(random.Random(args.seed).sample(idx, min(args.sample, len(idx))))
    elif args.first:
        idx = idx[:args.first]
    if args.unlabelled:
        idx = [i for i in idx if i not in labelled]
    for i in idx:
        f = fs[i]
        k = key_of(f, src)
        print(f"#{i} {json.dumps(k)}{'  [labelled]' if i in labelled else ''}")
        print(f"   {f['message'][:300]}")
        for l in f["locations"][:args.locs]:
            st = l.get("stack", [])
            chain = " <- ".join(s.split(" at ")[0] for s in reversed(st[-4:]))
            print(f"   {l['role']:12s} {rel(l['file'], src)}:{l['line']} [{l.get('thread', '')}] "
                  f"{l.get('message', '')[:120]}")
            if l["role"] in ("access", "acquire", "held", "wait", "unlock", "release"):
                print(f"{'':16s}| {srcline(l['file'], l['line'])}")
            if chain:
                print(f"{'':16s}via {chain}")
        print()


def label(args):
    """Read 'INDEX VERDICT CAUSE NOTE...' lines on stdin (indexes as printed by show) and
    add or replace those labels in labels/<name>.json, keyed as key_of() says."""
    rep = load_report(args.name)
    src = os.path.join(ROOT, "src", args.name)
    fs = rep["findings"]
    doc = load_labels(args.name)
    byk = {json.dumps(l["key"], sort_keys=True): l for l in doc["labels"]}
    for line in sys.stdin:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        i, verdict, cause, note = (line.split(None, 3) + [""])[:4]
        assert verdict in ("true", "false"), line
        f = fs[int(i)]
        k = key_of(f, src)
        byk[json.dumps(k, sort_keys=True)] = {
            "key": k, "message": f["message"][:160], "verdict": verdict,
            "cause": cause if verdict == "false" else "-", "note": note}
    doc["labels"] = sorted(byk.values(), key=lambda l: (l["key"]["file"], l["key"]["line"],
                                                       l["key"]["check"], l["key"]["fingerprint"]))
    with open(os.path.join(HERE, "labels", f"{args.name}.json"), "w") as fh:
        json.dump(doc, fh, indent=1, sort_keys=True)
        fh.write("\n")
    print(f"{args.name}: {len(doc['labels'])} labels")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd")
    ap.add_argument("--rerun", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--min-confidence", default="medium", choices=LEVELS,
                    help="the table counts the reports parcheck prints at this level "
                         "(default: parcheck's own default, medium); run.py keeps every level")
    s = sub.add_parser("show")
    s.add_argument("name")
    s.add_argument("--sample", type=int)
    s.add_argument("--seed", type=int, default=11)
    s.add_argument("--first", type=int)
    s.add_argument("--index")
    s.add_argument("--unlabelled", action="store_true")
    s.add_argument("--locs", type=int, default=6)
    lb = sub.add_parser("label")
    lb.add_argument("name")
    st = sub.add_parser("stale")
    st.add_argument("name")
    a = ap.parse_args()
    if a.cmd == "show":
        show(a)
    elif a.cmd == "stale":
        stale(a)
    elif a.cmd == "label":
        label(a)
    else:
        table(a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
