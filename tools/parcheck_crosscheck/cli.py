"""parcheck-crosscheck: run every sample under the static checker, the runtime shim and
ThreadSanitizer, and compare what each tool finds with the expectations written in the sample.

    parcheck-crosscheck [samples-dir] [--out DIR] [--timeout S] [--jobs N]
                        [--tools static,runtime,tsan] [--json FILE] [--markdown FILE]
    parcheck-crosscheck --parse-expectations FILE     # print a sample's expectations as JSON
    parcheck-crosscheck --parse-tsan FILE [--timed-out SECONDS] [--sample SRC]
                                                      # print TSan text as the finding model
    parcheck-crosscheck --parse-runtime-stderr FILE   # the shim's stderr text, likewise
    parcheck-crosscheck --update-readme README.md     # rewrite the table between the markers

Each sample is built twice (plain and -fsanitize=thread, clang-19, -g -O1) and run three ways:
plain, under libparcheck_rt (LD_PRELOAD), and the TSan build, each with a time limit. The static
checker runs as `parcheck --format=json <file> -- <flags>`. Every tool's output becomes the
shared finding model (docs/finding-model.md); a TSan run killed on the time limit becomes a
`deadlock` finding (deadlock by timeout).

Matching, per sample and tool: the set of finding kinds must equal the set the expectations give
that tool; a race must also have an access on a line marked `EXPECT: race`, and a race on no
marked line is an extra finding. Exit codes: 0 every tool met every expectation, 1 some tool
disagreed with a sample (or a tool with expectations was unavailable), 2 usage or setup error.
The expectation syntax is documented in docs/samples.md. Python 3 standard library only.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import sys
import tempfile

from .comparing import check_sample, row_ok
from .expectations import ExpectationError, parse_expectations
from .kinds import SAMPLE_EXTS, TOOLS
from .parsing import parse_runtime_stderr_doc, parse_tsan
from .printing import (BEGIN_MARKER, END_MARKER, agreement_text, exceptions_list, render_markdown,
                       render_text, readme_block, update_readme)
from .running import Config


def find_samples_dir(here):
    cand = os.path.join(here, "..", "samples")
    if os.path.isdir(cand):
        return os.path.normpath(cand)
    cache = os.path.join(here, "..", "CMakeCache.txt")
    if os.path.exists(cache):
        with open(cache) as f:
            for line in f:
                if line.startswith("CMAKE_HOME_DIRECTORY:INTERNAL="):
                    return os.path.join(line.split("=", 1)[1].strip(), "samples")
    return "samples"


def parse_args(argv, here):
    """The command line; `here` is the script's folder (the defaults of --parcheck and
    --runtime-lib are found from it)."""
    ap = argparse.ArgumentParser(prog="parcheck-crosscheck", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("samples_dir", nargs="?", help="folder of samples (default: the project's samples/)")
    ap.add_argument("--out", help="build and report folder, reused as a cache (default: a temporary folder)")
    ap.add_argument("--timeout", type=float, default=10, help="time limit per run in seconds (default 10)")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 2, help="samples checked at once")
    ap.add_argument("--tools", default=",".join(TOOLS), help="tools to run (default static,runtime,tsan)")
    ap.add_argument("--json", metavar="FILE", help="write the table as JSON")
    ap.add_argument("--markdown", metavar="FILE", help="write the table as markdown")
    ap.add_argument("--update-readme", metavar="FILE",
                    help="replace the block between the crosscheck markers in FILE with the markdown table")
    ap.add_argument("--readme-block", metavar="FILE",
                    help="print the block between the crosscheck markers in FILE and exit")
    ap.add_argument("--only", action="append", default=[], help="check only this sample (repeatable)")
    ap.add_argument("--parcheck", default=os.path.join(here, "parcheck"))
    ap.add_argument("--runtime-lib", default=os.path.normpath(os.path.join(here, "..", "lib", "libparcheck_rt.so")))
    ap.add_argument("--cc", default="clang-19")
    ap.add_argument("--cxx", default="clang++-19")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--parse-expectations", metavar="FILE", help="print FILE's expectations as JSON and exit")
    ap.add_argument("--parse-tsan", metavar="FILE", help="print TSan output in FILE as the finding model and exit")
    ap.add_argument("--parse-runtime-stderr", metavar="FILE",
                    help="print the findings in the runtime's stderr text in FILE (the fallback "
                         "when it wrote no JSON report) and exit")
    ap.add_argument("--timed-out", metavar="SECONDS", help="with --parse-tsan: the run was killed on this time limit")
    ap.add_argument("--sample", help="with --parse-tsan: the sample's source file")
    return ap, ap.parse_args(argv)


def run_one_file_mode(args):
    """--parse-expectations, --readme-block, --parse-runtime-stderr, --parse-tsan: prints what
    the file holds and returns the exit code; None when no such option was given."""
    if args.parse_expectations:
        try:
            print(json.dumps(parse_expectations(args.parse_expectations), indent=2, sort_keys=True))
        except ExpectationError as e:
            print("parcheck-crosscheck: error: %s" % e, file=sys.stderr)
            return 2
        return 0
    if args.readme_block:
        with open(args.readme_block) as f:
            block = readme_block(f.read())
        if block is None:
            print("parcheck-crosscheck: error: %s has no '%s' ... '%s' block" % (
                args.readme_block, BEGIN_MARKER, END_MARKER), file=sys.stderr)
            return 2
        sys.stdout.write(block)
        return 0
    if args.parse_runtime_stderr:
        with open(args.parse_runtime_stderr, encoding="utf-8", errors="replace") as f:
            print(json.dumps(parse_runtime_stderr_doc(f.read()), indent=2, sort_keys=True))
        return 0
    if args.parse_tsan:
        with open(args.parse_tsan, encoding="utf-8", errors="replace") as f:
            doc = parse_tsan(f.read(), sample=args.sample, timed_out=args.timed_out)
        print(json.dumps(doc, indent=2, sort_keys=True))
        return 0
    return None


def tools_available(cfg):
    """Which of the chosen tools can run here; a note on stderr for each that cannot."""
    cfg.available = {
        "static": os.access(cfg.parcheck, os.X_OK),
        "runtime": os.path.exists(cfg.runtime_lib),
        "tsan": shutil.which(cfg.cc) is not None and shutil.which(cfg.cxx) is not None,
    }
    for t in cfg.tools:
        if not cfg.available[t]:
            print("parcheck-crosscheck: note: %s is unavailable (%s)" % (
                t, {"static": cfg.parcheck, "runtime": cfg.runtime_lib, "tsan": cfg.cc}[t]),
                file=sys.stderr)


def print_table(rows, cfg):
    """The table and the known differences on stdout, each disagreement on stderr, the count
    line. Returns the rows that disagree."""
    sys.stdout.write(render_text(rows, cfg.tools))
    exc = exceptions_list(rows)
    if exc:
        print("\nKnown differences, written in the samples:")
        for e in exc:
            print("  " + e)
    bad = [r for r in rows if not row_ok(r)]
    for r in bad:
        if "error" in r:
            print("parcheck-crosscheck: error: %s: %s" % (r["sample"], r["error"]), file=sys.stderr)
        for t, c in sorted(r["tools"].items()):
            if c["status"] == "error":
                print("parcheck-crosscheck: error: %s: %s: %s" % (r["sample"], t, c["error"]), file=sys.stderr)
            elif c["status"] == "unavailable" and r["expect"][t]:
                print("parcheck-crosscheck: %s: %s is unavailable but expected to report %s" % (
                    r["sample"], t, ", ".join(r["expect"][t])), file=sys.stderr)
            elif c["status"] == "disagrees":
                print("parcheck-crosscheck: %s: %s disagrees: missing [%s], extra [%s]" % (
                    r["sample"], t, ", ".join(c["missing"]), ", ".join(c["extra"])), file=sys.stderr)
    print("\n%d samples, %d agree with their expectations, %d disagree" % (
        len(rows), len(rows) - len(bad), len(bad)))
    return bad


def write_outputs(args, cfg, rows, bad):
    """--json, --markdown and --update-readme. Returns 2 if the README could not be updated."""
    if args.json:
        doc = {"tools": cfg.tools, "timeout": args.timeout,
               "available": {t: cfg.available[t] for t in cfg.tools},
               "samples": [{"sample": r["sample"], "expected": r.get("expect", {}),
                            "exceptions": r.get("exceptions", []), "plain": r.get("plain"),
                            "tools": r["tools"], "agreement": agreement_text(r),
                            "ok": row_ok(r), **({"error": r["error"]} if "error" in r else {})}
                           for r in rows],
               "ok": not bad}
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=2, sort_keys=True)
            f.write("\n")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(render_markdown(rows, cfg.tools))
    if args.update_readme:
        try:
            update_readme(args.update_readme, render_markdown(rows, cfg.tools))
        except (OSError, ExpectationError) as e:
            print("parcheck-crosscheck: error: %s" % e, file=sys.stderr)
            return 2
    return 0


def main(argv, here):
    """The command line of tools/parcheck-crosscheck; `here` is that script's folder."""
    ap, args = parse_args(argv, here)
    code = run_one_file_mode(args)
    if code is not None:
        return code

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for t in tools:
        if t not in TOOLS:
            ap.error("unknown tool '%s' in --tools" % t)
    args.tools = [t for t in TOOLS if t in tools]
    args.samples_dir = os.path.abspath(args.samples_dir or find_samples_dir(here))
    if not os.path.isdir(args.samples_dir):
        print("parcheck-crosscheck: error: no samples folder '%s'" % args.samples_dir, file=sys.stderr)
        return 2
    tmp = None
    if not args.out:
        tmp = tempfile.mkdtemp(prefix="parcheck-crosscheck.")
        args.out = tmp
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    cfg = Config(args)
    tools_available(cfg)

    samples = sorted(os.path.join(args.samples_dir, n) for n in os.listdir(args.samples_dir)
                     if n.endswith(SAMPLE_EXTS))
    if args.only:
        samples = [s for s in samples if os.path.basename(s) in args.only or
                   os.path.splitext(os.path.basename(s))[0] in args.only]
    if not samples:
        print("parcheck-crosscheck: error: no samples in '%s'" % args.samples_dir, file=sys.stderr)
        return 2

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = list(pool.map(lambda s: check_sample(cfg, s), samples))
    bad = print_table(rows, cfg)
    if write_outputs(args, cfg, rows, bad):
        return 2
    if tmp and not args.verbose:
        shutil.rmtree(tmp, ignore_errors=True)
    elif tmp:
        print("parcheck-crosscheck: outputs kept in %s" % tmp, file=sys.stderr)
    return 1 if bad else 0
