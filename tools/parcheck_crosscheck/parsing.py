"""What TSan and the shim print, as the shared finding model (docs/finding-model.md)."""

import os
import re

# --------------------------------------------------------------------------- TSan import

_TSAN_KINDS = [
    ("data race", "race"),
    ("lock-order-inversion", "lock-order"),
    ("thread leak", "thread-leak"),
    ("double lock of a mutex", "double-lock"),
    ("unlock of an unlocked mutex", "unlock-not-held"),
]
_TSAN_WARNING = re.compile(r"^WARNING: ThreadSanitizer: (?P<title>.*?)(?: \(pid=(?P<pid>\d+)\))?\s*$")
# '#4 transfer(Account&, Account&, long) /src/a.cpp:20:31 (bin+0xe781a) (BuildId: 74...)':
# function names may hold spaces; the location is the last word before the module part.
_TSAN_FRAME = re.compile(r"^\s*#\d+\s+(?P<func>.+?)\s+(?P<loc>\S+)(?:\s+\([^()]*\+0x[0-9a-f]+\))?"
                         r"(?:\s+\(BuildId: [0-9a-f]+\))?\s*$")
_TSAN_SECTION = re.compile(
    r"^\s{2}(?P<what>(?:Previous |Atomic )*(?:[Ww]rite|[Rr]ead)[^:]*|Mutex M\d+[^:]*|"
    r"Thread T\d+[^:]*|Location is [^:]*|Cycle in lock order graph[^:]*)(?::|$)")


FINGERPRINT_BASIS_FNV = 0xcbf29ce484222325  # common/parcheck/Fingerprint.h


def fingerprint(parts, basis=FINGERPRINT_BASIS_FNV):
    """common/parcheck/Fingerprint.h: FNV-1a-64 over each part followed by 0x1f. Only for TSan,
    which prints none: the checker's and the runtime's come from their JSON."""
    h = basis
    for part in parts:
        for b in part.encode() + b"\x1f":
            h ^= b
            h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def _tsan_kind(title):
    for prefix, kind in _TSAN_KINDS:
        if title.startswith(prefix):
            return kind
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "unknown"


def _split_loc(loc):
    """'/a/b.c:12:5' -> ('/a/b.c', 12, 5); '<null>' or 'foo+0x12' -> None."""
    m = re.match(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?$", loc)
    if not m:
        return None
    return m.group("file"), int(m.group("line")), int(m.group("col") or 0)


def _user_file(path):
    """Not a system header or a libc source path (TSan prints libc's as 'csu/...', './nptl/...')."""
    return path.startswith("/") and not path.startswith("/usr/")


def _role(section):
    s = section.lower()
    if s.startswith("[report]"):
        return {"unlock-not-held": "unlock", "double-lock": "acquire"}.get(section[8:], "access")
    if re.match(r"^(previous |atomic )*(write|read)\b", s):
        return "access"
    if re.match(r"^mutex m\d+ acquired\b", s):
        return "acquire"
    if re.match(r"^thread t\d+ .*created by", s):
        return "thread-start"
    return None


def parse_tsan(text, sample=None, timed_out=None):
    """TSan's stderr -> a finding model document (source "tsan"). `sample`, if given, is the
    sample's source file: a location is the first frame in that file, else the first frame with
    a file. `timed_out` (seconds) adds a deadlock-by-timeout finding."""
    findings = []
    block = None
    blocks = []
    for line in text.splitlines():
        m = _TSAN_WARNING.match(line)
        if m:
            block = {"title": m.group("title"), "lines": []}
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("SUMMARY: ThreadSanitizer") or line.startswith("=================="):
            block = None
            continue
        block["lines"].append(line)
    sample_base = os.path.basename(sample) if sample else None
    for b in blocks:
        kind = _tsan_kind(b["title"])
        locations, threads, locks = [], set(), set()
        # Frames before any section header (mutex misuse reports) are where it happened.
        section, frames = "[report]" + kind, []

        def flush():
            if section is None:
                return
            role = _role(section)
            tm = re.search(r"\b(T\d+|main thread)\b", section)
            if tm and role:
                threads.add(tm.group(1))
            for lk in re.findall(r"\bM\d+\b", section):
                locks.add(lk)
            if role is None or not frames:
                return
            parsed = [(f, _split_loc(l)) for f, l in frames]
            pick = None
            if sample_base:
                pick = next((p for p in parsed if p[1] and os.path.basename(p[1][0]) == sample_base), None)
            if pick is None:
                pick = next((p for p in parsed if p[1] and _user_file(p[1][0])), None)
            if pick is None:
                pick = next((p for p in parsed if p[1]), None)
            if pick is None:
                return
            func, (file, lineno, col) = pick
            loc = {"file": file, "line": lineno, "column": col, "role": role, "function": func,
                   "stack": ["%s %s" % (f, l) for f, l in frames]}
            if tm:
                loc["thread"] = tm.group(1)
            loc["message"] = section.strip()
            locations.append(loc)

        for line in b["lines"]:
            sm = _TSAN_SECTION.match(line)
            if sm:
                flush()
                section, frames = sm.group("what"), []
                if section.startswith("Cycle in lock order graph"):
                    for lk in re.findall(r"\bM\d+\b", line):
                        locks.add(lk)
                continue
            fm = _TSAN_FRAME.match(line)
            if fm and section is not None:
                frames.append((fm.group("func"), fm.group("loc")))
        flush()
        names = sorted({"%s %s" % (l["function"], os.path.basename(l["file"])) for l in locations})
        f = {"kind": kind, "check": "parcheck-" + kind,
             "severity": "warning", "message": "ThreadSanitizer: " + b["title"],
             "locations": locations, "locks": sorted(locks), "threads": sorted(threads),
             "source": "tsan", "fingerprint": fingerprint([kind] + names)}
        findings.append(f)
    if timed_out is not None:
        findings.append({
            "kind": "deadlock", "check": "parcheck-deadlock", "severity": "error",
            "message": "deadlock by timeout: the program did not finish in %s s and was killed "
                       "(ThreadSanitizer reports no real deadlock, the program hangs)" % timed_out,
            "locations": [], "locks": [], "threads": [], "source": "tsan",
            "fingerprint": fingerprint(["deadlock", "timeout"])})
    return {"tool": "parcheck-crosscheck", "version": "0.1.0", "source": "tsan", "findings": findings}


# --------------------------------------------------------------------------- runtime import

_RT_SUMMARY = re.compile(r"^SUMMARY: parcheck: .*\[parcheck-(?P<kind>[a-z-]+)\]\s*$")


def parse_runtime_stderr(text):
    """Fallback when no JSON report was written: the kinds from the SUMMARY lines."""
    findings = []
    for line in text.splitlines():
        m = _RT_SUMMARY.match(line)
        if m:
            findings.append({"kind": m.group("kind"), "check": "parcheck-" + m.group("kind"),
                             "severity": "warning", "message": line[len("SUMMARY: parcheck: "):],
                             "locations": [], "locks": [], "threads": [], "source": "runtime"})
    return findings


def parse_runtime_stderr_doc(text):
    return {"tool": "parcheck-crosscheck", "version": "0.1.0", "source": "runtime",
            "findings": parse_runtime_stderr(text)}
