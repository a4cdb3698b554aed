"""A sample's expectations: the EXPECT, EXPECT-NOT and RUNTIME-OPTIONS directives
(docs/samples.md)."""

import os
import re

from .kinds import DEFAULT_TOOLS, KINDS, TOOLS


class ExpectationError(Exception):
    pass


_DIRECTIVE = re.compile(
    r"//\s*(?P<dir>EXPECT-NOT|EXPECT|RUNTIME-OPTIONS)(?:\((?P<tools>[^)]*)\))?\s*:\s*(?P<body>.*)$")


def _split_reason(body):
    m = re.search(r"\breason:\s*", body)
    if not m:
        return body.strip(), None
    return body[:m.start()].strip(), body[m.end():].strip() or None


def _parse_tools(text, where):
    if text is None:
        return None
    tools = [t.strip() for t in text.split(",") if t.strip()]
    for t in tools:
        if t not in TOOLS:
            raise ExpectationError("%s: unknown tool '%s' (tools: %s)" % (where, t, ", ".join(TOOLS)))
    if not tools:
        raise ExpectationError("%s: empty tool list" % where)
    return tools


def parse_expectations(path):
    """Reads a sample's directives. Returns
    {"expect": {tool: {kind: sorted list of lines}}, "exceptions": [...], "runtime_options": str}
    where the lines are those of the directives (used for races; other kinds match by kind)."""
    expect = {t: {} for t in TOOLS}
    exceptions = []
    runtime_options = []
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    for lineno, text in enumerate(lines, 1):
        m = _DIRECTIVE.search(text)
        if not m:
            continue
        where = "%s:%d" % (os.path.basename(path), lineno)
        directive, body = m.group("dir"), m.group("body")
        if directive == "RUNTIME-OPTIONS":
            if m.group("tools") is not None:
                raise ExpectationError("%s: RUNTIME-OPTIONS takes no tool list" % where)
            runtime_options.append(body.strip())
            continue
        tools = _parse_tools(m.group("tools"), where)
        kinds_text, reason = _split_reason(body)
        kinds = [k.strip() for k in kinds_text.split(",") if k.strip()]
        if not kinds:
            raise ExpectationError("%s: %s names no kind" % (where, directive))
        for k in kinds:
            if k not in DEFAULT_TOOLS:
                raise ExpectationError("%s: unknown kind '%s' (kinds: %s)" % (where, k, ", ".join(KINDS)))
        if directive == "EXPECT":
            for k in kinds:
                chosen = tools if tools is not None else list(DEFAULT_TOOLS[k])
                if set(chosen) != set(DEFAULT_TOOLS[k]):
                    if not reason:
                        raise ExpectationError(
                            "%s: EXPECT(%s): %s differs from the tools that report '%s' (%s): "
                            "a 'reason: ...' is required" % (where, ",".join(chosen), k, k,
                                                            ",".join(DEFAULT_TOOLS[k])))
                    missing = sorted(set(DEFAULT_TOOLS[k]) - set(chosen), key=TOOLS.index)
                    added = sorted(set(chosen) - set(DEFAULT_TOOLS[k]), key=TOOLS.index)
                    exceptions.append({"line": lineno, "kind": k, "not_tools": missing,
                                       "extra_tools": added, "only_tools": chosen, "reason": reason})
                for t in chosen:
                    expect[t].setdefault(k, set()).add(lineno)
        else:  # EXPECT-NOT
            if tools is None:
                raise ExpectationError("%s: EXPECT-NOT needs a tool list, e.g. EXPECT-NOT(static)" % where)
            if not reason:
                raise ExpectationError("%s: EXPECT-NOT(%s): %s needs a 'reason: ...'" %
                                       (where, ",".join(tools), ", ".join(kinds)))
            if "race" in kinds:
                raise ExpectationError("%s: races are expected per line: write 'EXPECT(tools): race "
                                       "reason: ...' on the access instead of EXPECT-NOT" % where)
            for k in kinds:
                exceptions.append({"line": lineno, "kind": k, "not_tools": tools, "extra_tools": [],
                                   "reason": reason, "directive": "EXPECT-NOT"})
    # EXPECT-NOT is applied after every EXPECT is read, so it may stand anywhere; it takes the
    # kind away from the tool for the whole sample.
    for e in exceptions:
        if e.pop("directive", None) != "EXPECT-NOT":
            continue
        for t in e["not_tools"]:
            expect[t].pop(e["kind"], None)
    return {
        "expect": {t: {k: sorted(v) for k, v in sorted(expect[t].items())} for t in TOOLS},
        "exceptions": exceptions,
        "runtime_options": ":".join(o for o in runtime_options if o),
    }
