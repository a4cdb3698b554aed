"""The finding kinds, from the one list the checker and the runtime compile in, and which tools
can report each (what `EXPECT: kind` expects it from)."""

import os
import re
import sys

TOOLS = ("static", "runtime", "tsan")


def read_kinds():
    """The finding kinds of common/parcheck/Kinds.def, the one list the checker and the runtime
    compile in: [(stem, static, runtime)] in its order. The build copies it next to this script
    (build/bin/parcheck-kinds.def); from the source tree it is read in place."""
    # The folder of the parcheck-crosscheck script: this package lives beside it.
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for path in (os.path.join(here, "parcheck-kinds.def"),
                 os.path.join(here, "..", "common", "parcheck", "Kinds.def")):
        if os.path.exists(path):
            with open(path) as f:
                text = f.read()
            break
    else:
        sys.exit("parcheck-crosscheck: cannot find Kinds.def (parcheck-kinds.def beside this "
                 "script, or ../common/parcheck/Kinds.def)")
    kinds = [(m.group(1), m.group(2) == "1", m.group(3) == "1") for m in
             re.finditer(r'^PARCHECK_KIND\("([a-z-]+)",\s*([01]),\s*([01])', text, re.M)]
    if not kinds:
        sys.exit("parcheck-crosscheck: no PARCHECK_KIND line in %s" % path)
    return kinds


# What TSan reports among the kinds, and the kinds only TSan has. A deadlock: the TSan run
# hangs and is killed on the time limit.
_TSAN_REPORTS = ("race", "lock-order", "deadlock", "double-lock", "unlock-not-held")
_TSAN_ONLY_KINDS = ("thread-leak",)
# Runtime kinds that `EXPECT: kind` does not expect from the runtime by default: it sees a
# condition wait without its mutex held, not the missing predicate loop most samples show.
_RUNTIME_NOT_BY_DEFAULT = ("cond-wait",)


def default_tools(kinds):
    """Which tools can report each kind; `EXPECT: kind` expects it from exactly these."""
    tools = {}
    for stem, static, runtime in kinds:
        tools[stem] = tuple(t for t, on in (("static", static),
                                            ("runtime", runtime and stem not in _RUNTIME_NOT_BY_DEFAULT),
                                            ("tsan", stem in _TSAN_REPORTS)) if on)
    for stem in _TSAN_ONLY_KINDS:
        tools[stem] = ("tsan",)
    return tools


DEFAULT_TOOLS = default_tools(read_kinds())
KINDS = tuple(DEFAULT_TOOLS)

SAMPLE_EXTS = (".c", ".cpp", ".cc", ".cxx")
