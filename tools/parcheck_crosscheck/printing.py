"""The cross-check's table as text and markdown, the list of known differences, and the block
between the README's crosscheck markers."""

from .comparing import row_ok
from .expectations import ExpectationError
from .kinds import DEFAULT_TOOLS, KINDS, TOOLS


def expected_text(row):
    """'race@15; deadlock (runtime, tsan)': each expected item, with its tools when they are
    not every tool that can report it."""
    items = {}
    for tool in TOOLS:
        for kind, lines in row.get("expect", {}).get(tool, {}).items():
            labels = ["race@%d" % n for n in lines] if kind == "race" else [kind]
            for label in labels:
                items.setdefault(label, set()).add(tool)
    parts = []
    for label in sorted(items, key=lambda s: (KINDS.index(s.split("@")[0]), s)):
        tools = items[label]
        kind = label.split("@")[0]
        if tools == set(DEFAULT_TOOLS[kind]):
            parts.append(label)
        else:
            parts.append("%s (%s)" % (label, ", ".join(sorted(tools, key=TOOLS.index))))
    return "; ".join(parts) or "none"


def cell_text(cell, tool):
    if cell is None:
        return "skipped"
    if cell["status"] in ("unavailable", "error"):
        return cell["status"]
    parts = [f for f in cell["found"] if f not in cell["extra"]]
    if tool == "tsan":
        parts = ["deadlock (timeout)" if f == "deadlock" else f for f in parts]
    parts += ["EXTRA " + f for f in cell["extra"]]
    parts += ["MISSING " + f for f in cell["missing"]]
    return ", ".join(parts) or "-"


def agreement_text(row):
    """Where the tools that can report a kind disagree with each other: 'starvation: runtime only'."""
    if "error" in row:
        return "error: " + row["error"].splitlines()[0][:120]
    ran = [t for t in TOOLS if row["tools"].get(t, {}).get("status") in ("ok", "disagrees")]
    by_kind = {}
    for t in ran:
        for item in row["tools"][t]["found"]:
            by_kind.setdefault(item.split("@")[0], set()).add(t)
    notes = []
    for kind in sorted(by_kind, key=lambda k: (KINDS.index(k) if k in KINDS else 99, k)):
        able = [t for t in ran if t in DEFAULT_TOOLS.get(kind, TOOLS)]
        who = by_kind[kind]
        if set(able) <= who:
            continue
        notes.append("%s: %s only" % (kind, ", ".join(sorted(who, key=TOOLS.index))))
    return "; ".join(notes) or ("agree" if ran else "-")


def render_text(rows, tools):
    header = ["sample", "expected"] + list(tools) + ["plain", "tools agree?", "verdict"]
    table = [header]
    for r in rows:
        table.append([r["sample"], expected_text(r)] + [cell_text(r["tools"].get(t), t) for t in tools]
                     + [r.get("plain") or "-", agreement_text(r), "ok" if row_ok(r) else "DISAGREES"])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = []
    for i, row in enumerate(table):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def exceptions_list(rows):
    out = []
    for r in rows:
        for e in r.get("exceptions", []):
            what = []
            if "only_tools" in e:
                what.append("%s expected from %s only" % (e["kind"], ", ".join(e["only_tools"])))
            elif e["not_tools"]:
                what.append("%s not expected from %s" % (e["kind"], ", ".join(e["not_tools"])))
            if e["extra_tools"]:
                what.append("%s also expected from %s" % (e["kind"], ", ".join(e["extra_tools"])))
            out.append("%s:%d: %s: %s" % (r["sample"], e["line"], "; ".join(what), e["reason"]))
    return out


def render_markdown(rows, tools):
    def esc(s):
        return s.replace("|", "\\|")
    lines = ["| sample | expected | " + " | ".join(tools) + " | plain run | tools agree? | verdict |",
             "|---|---|" + "---|" * len(tools) + "---|---|---|"]
    for r in rows:
        cells = [r["sample"], expected_text(r)] + [cell_text(r["tools"].get(t), t) for t in tools] + \
                [r.get("plain") or "-", agreement_text(r), "ok" if row_ok(r) else "**DISAGREES**"]
        lines.append("| " + " | ".join(esc(c) for c in cells) + " |")
    exc = exceptions_list(rows)
    if exc:
        lines.append("")
        lines.append("Known differences, written in the samples:")
        lines.append("")
        lines.extend("* " + esc(e) for e in exc)
    return "\n".join(lines) + "\n"


BEGIN_MARKER = "<!-- crosscheck:begin -->"
END_MARKER = "<!-- crosscheck:end -->"


def readme_block(text):
    """The text between the crosscheck markers (exclusive, one line each), or None."""
    b, e = text.find(BEGIN_MARKER), text.find(END_MARKER)
    if b < 0 or e < b:
        return None
    return text[text.index("\n", b) + 1:e]


def update_readme(path, markdown):
    with open(path) as f:
        text = f.read()
    if readme_block(text) is None:
        raise ExpectationError("%s has no '%s' ... '%s' block" % (path, BEGIN_MARKER, END_MARKER))
    b, e = text.find(BEGIN_MARKER), text.find(END_MARKER)
    text = text[:text.index("\n", b) + 1] + markdown + text[e:]
    with open(path, "w") as f:
        f.write(text)
