"""One sample: every tool's findings against the sample's expectations."""

import os

from .expectations import ExpectationError, parse_expectations
from .kinds import TOOLS
from .running import build, run_plain, run_runtime, run_static, run_tsan


def _on_sample(loc, src):
    return os.path.basename(loc.get("file", "")) == os.path.basename(src)


def compare(src, expect, findings):
    """One tool on one sample. Returns (found items, missing items, extra items), each a sorted
    list of strings: 'kind' or 'race@LINE'."""
    race_lines = set(expect.get("race", []))
    found, extra = set(), set()
    matched_race_lines = set()
    for f in findings:
        kind = f.get("kind", "unknown")
        if kind != "race":
            found.add(kind)
            continue
        lines = {l.get("line") for l in f.get("locations", [])
                 if _on_sample(l, src) and l.get("role", "access") == "access"}
        hit = lines & race_lines
        if hit:
            matched_race_lines |= hit
            found.update("race@%d" % n for n in hit)
        else:
            item = "race@%d" % min(lines) if lines else "race"
            found.add(item)
            extra.add(item)
    expected_kinds = {k for k in expect if k != "race"}
    missing = {"race@%d" % n for n in race_lines - matched_race_lines}
    missing |= expected_kinds - {k for k in found if not k.startswith("race")}
    extra |= {k for k in found if not k.startswith("race") and k not in expected_kinds}
    key = lambda s: (s.split("@")[0], int(s.split("@")[1]) if "@" in s else 0)
    return sorted(found, key=key), sorted(missing, key=key), sorted(extra, key=key)


def check_sample(cfg, src):
    name = os.path.basename(src)
    stem = os.path.splitext(name)[0]
    row = {"sample": name, "plain": None, "tools": {}}
    try:
        ex = parse_expectations(src)
    except ExpectationError as e:
        row["error"] = str(e)
        return row
    row["expect"] = ex["expect"]
    row["exceptions"] = ex["exceptions"]
    plain, err = build(cfg, src, "plain")
    if plain is None:
        row["error"] = "build failed: " + err.strip()[-500:]
        return row
    row["plain"] = run_plain(cfg, plain)
    for tool in TOOLS:
        if tool not in cfg.tools:
            continue
        if not cfg.available[tool]:
            row["tools"][tool] = {"status": "unavailable"}
            continue
        if tool == "static":
            findings, err = run_static(cfg, src)
            if findings is None:
                row["tools"][tool] = {"status": "error", "error": err}
                continue
        elif tool == "runtime":
            findings, status = run_runtime(cfg, plain, stem, ex["runtime_options"])
            if status != "ok":
                row["tools"][tool] = {"status": "error", "error": status}
                continue
        else:
            binary, err = build(cfg, src, "tsan")
            if binary is None:
                row["tools"][tool] = {"status": "error", "error": "build failed: " + err.strip()[-500:]}
                continue
            findings = run_tsan(cfg, binary, stem, src)
        found, missing, extra = compare(src, ex["expect"][tool], findings)
        row["tools"][tool] = {"status": "ok" if not missing and not extra else "disagrees",
                              "found": found, "missing": missing, "extra": extra}
    return row


def row_ok(row):
    if "error" in row:
        return False
    for tool, cell in row["tools"].items():
        if cell["status"] in ("disagrees", "error"):
            return False
        if cell["status"] == "unavailable" and row["expect"][tool]:
            return False
    return True
