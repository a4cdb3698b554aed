//===- Options.cpp - the parcheck command line ----------------------------===//
//
// A small parser of our own rather than llvm::cl: cl turned any unknown option
// starting with 'h' into --help (exit 0, nothing analysed), and rejected -j4.
// Every option is in the table below; --help prints it.
//
//===----------------------------------------------------------------------===//
#include "driver/Options.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace parcheck {
namespace {

enum class Arg { None, Value, Bool };

struct OptSpec {
  const char *Name;  ///< Without dashes.
  Arg Kind;
  const char *Meta;  ///< Value name in --help ("" for none).
  const char *Help;
};

// The order of --help.
const OptSpec Specs[] = {
    {"p", Arg::Value, "build-dir",
     "Folder with compile_commands.json (default: found by walking up from the first input, "
     "then the current folder). Cannot be combined with '--'."},
    {"checks", Arg::Value, "globs",
     "Checks to run: comma-separated globs, '-' disables, the last match wins "
     "(e.g. -*,parcheck-lock-*). Appended to the config file's Checks."},
    {"config-file", Arg::Value, "file",
     "Use this config file for every input (default: the nearest .parcheck.yaml "
     "at or above each file)."},
    {"dump-config", Arg::None, "", "Print the configuration in effect, as YAML, and exit."},
    {"list-checks", Arg::None, "", "List the enabled checks and exit."},
    {"header-filter", Arg::Value, "regex",
     "Show findings in headers only when the header's path matches (findings in the main "
     "files of the analysed TUs are always shown). Default: every header is shown."},
    {"line-filter", Arg::Value, "json",
     "Show only findings on these lines, clang-tidy's format: "
     "[{\"name\":\"file.c\",\"lines\":[[1,3],[5,5]]},{\"name\":\"all-of-this.h\"}]."},
    {"extra-arg", Arg::Value, "flag", "Append this flag to every compile command (repeatable)."},
    {"extra-arg-before", Arg::Value, "flag",
     "Prepend this flag to every compile command (repeatable)."},
    {"j", Arg::Value, "N", "Parallel jobs (default: all cores). Also -jN and --jobs=N."},
    {"format", Arg::Value, "text|json|sarif|html",
     "Output format: clang-style diagnostics (default), the finding model as JSON, SARIF "
     "2.1.0, or one self-contained HTML page."},
    {"sarif-root", Arg::Value, "dir",
     "SARIF: URIs are relative to %SRCROOT%, this folder (default: the current folder); "
     "files outside it stay absolute file:// URIs."},
    {"baseline", Arg::Value, "file", "Count only findings not in this baseline file."},
    {"write-baseline", Arg::Value, "file",
     "Write the findings to this baseline file and exit 0 (unless errors)."},
    {"exit-zero", Arg::Bool, "", "Exit 0 even when there are findings (errors still exit 2)."},
    {"quiet", Arg::Bool, "",
     "No summary or notes on stderr; findings and errors are still printed."},
    {"colour", Arg::Bool, "",
     "Colour the text output; --colour=false turns it off (default: when stdout is a "
     "terminal). Also --color."},
    {"progress", Arg::Bool, "",
     "Show a progress line on stderr even when it is not a terminal."},
    {"min-confidence", Arg::Value, "high|medium|low",
     "Report only findings of this confidence or higher (default low: all); see "
     "docs/finding-model.md."},
    {"chain-limit", Arg::Value, "N",
     "Call-chain frames shown per location: the outermost and innermost, the rest elided "
     "(default 10; 0: all)."},
    {"no-caret", Arg::None, "",
     "Do not print the source line and caret under each warning and note (clang's "
     "-fno-caret-diagnostics)."},
    {"facts-dir", Arg::Value, "dir", "Write each TU's facts to this folder."},
    {"cache-dir", Arg::Value, "dir",
     "Cache each TU's facts here, keyed by the content of everything it reads (default: "
     ".parcheck-cache beside the compile database; none with '--' flags)."},
    {"no-cache", Arg::None, "", "Parse every TU; neither read nor write the facts cache."},
    {"cache-stats", Arg::None, "", "Print the facts cache's hits and misses on stderr."},
    {"from-facts", Arg::Value, "dir", "Analyse facts written by --facts-dir; parse nothing."},
    {"help", Arg::None, "", "Print this help and exit (also -h)."},
    {"version", Arg::None, "", "Print the version and exit."},
};

const OptSpec *lookup(StringRef Name) {
  if (Name == "jobs")
    Name = "j";
  else if (Name == "color")
    Name = "colour";
  else if (Name == "h")
    Name = "help";
  for (const OptSpec &S : Specs)
    if (Name == S.Name)
      return &S;
  return nullptr;
}

std::string dashed(StringRef Name) {
  return (Name.size() == 1 ? "-" : "--") + Name.str();
}

/// The option closest to an unknown one, for "did you mean".
std::string nearest(StringRef Name) {
  std::string Best;
  unsigned BestD = 4;
  for (const OptSpec &S : Specs) {
    StringRef N(S.Name);
    if (N.size() == 1)
      continue;
    unsigned D = Name.edit_distance(N, true, BestD);
    // A prefix of an option ("--he") is also a near miss.
    if (N.starts_with(Name) && Name.size() >= 2)
      D = std::min(D, 1u);
    if (D < BestD && 2 * D < Name.size()) {
      BestD = D;
      Best = dashed(N);
    }
  }
  return Best;
}

bool fail(const Twine &Msg) {
  errs() << "error: parcheck: " << Msg << "\n"
         << "parcheck: run 'parcheck --help' for the options\n";
  return false;
}

bool parseBool(StringRef V, bool &Out) {
  if (V == "true" || V == "1" || V == "yes" || V == "on")
    return Out = true, true;
  if (V == "false" || V == "0" || V == "no" || V == "off")
    return Out = false, true;
  return false;
}

bool setOption(const OptSpec &S, StringRef Spelling, std::optional<StringRef> Value,
               Options &O) {
  StringRef N(S.Name);
  if (S.Kind == Arg::None && Value)
    return fail("option '" + Spelling + "' takes no value");
  bool B = true;
  if (S.Kind == Arg::Bool && Value && !parseBool(*Value, B))
    return fail("option '" + Spelling + "' wants true or false, not '" + *Value + "'");
  std::string V = Value ? Value->str() : "";
  if (N == "p") {
    O.BuildPath = V;
  } else if (N == "checks") {
    O.Checks = V;
  } else if (N == "config-file") {
    O.ConfigFile = V;
  } else if (N == "dump-config") {
    O.DumpConfig = true;
  } else if (N == "list-checks") {
    O.ListChecks = true;
  } else if (N == "header-filter") {
    O.HeaderFilter = V;
  } else if (N == "line-filter") {
    O.LineFilter = V;
  } else if (N == "extra-arg") {
    O.ExtraArgs.push_back(V);
  } else if (N == "extra-arg-before") {
    O.ExtraArgsBefore.push_back(V);
  } else if (N == "j") {
    unsigned J;
    if (StringRef(V).getAsInteger(10, J))
      return fail("option '" + Spelling + "' wants a number of jobs, not '" + V + "'");
    O.Jobs = J;
  } else if (N == "format") {
    if (V == "text")
      O.Format = OutputFormat::Text;
    else if (V == "json")
      O.Format = OutputFormat::Json;
    else if (V == "sarif")
      O.Format = OutputFormat::Sarif;
    else if (V == "html")
      O.Format = OutputFormat::Html;
    else
      return fail("unknown --format '" + V + "' (want text, json, sarif or html)");
  } else if (N == "sarif-root") {
    O.SarifRoot = V;
  } else if (N == "baseline") {
    O.BaselineFile = V;
  } else if (N == "write-baseline") {
    O.WriteBaselineFile = V;
  } else if (N == "exit-zero") {
    O.ExitZero = B;
  } else if (N == "quiet") {
    O.Quiet = B;
  } else if (N == "colour") {
    O.Colour = B;
  } else if (N == "progress") {
    O.Progress = B;
  } else if (N == "min-confidence") {
    O.MinConfidence = confidenceRank(V);
    if (O.MinConfidence < 0)
      return fail("--min-confidence='" + V + "': expected high, medium or low");
  } else if (N == "chain-limit") {
    if (StringRef(V).getAsInteger(10, O.ChainLimit))
      return fail("option '" + Spelling + "' wants a number of frames, not '" + V + "'");
  } else if (N == "no-caret") {
    O.Caret = false;
  } else if (N == "cache-dir") {
    O.CacheDir = V;
  } else if (N == "no-cache") {
    O.NoCache = true;
  } else if (N == "cache-stats") {
    O.CacheStats = true;
  } else if (N == "facts-dir") {
    O.FactsDir = V;
  } else if (N == "from-facts") {
    O.FromFacts = V;
  } else if (N == "help") {
    O.Help = true;
  } else if (N == "version") {
    O.Version = true;
  }
  return true;
}

} // namespace

void printHelp(raw_ostream &OS) {
  OS << "parcheck: finds data races, lock-order cycles and lock misuse in C and C++\n\n"
        "USAGE:\n"
        "  parcheck [options] -p <build-dir> [<file or folder> ...]\n"
        "  parcheck [options] <file or folder> ...   (compile_commands.json found by walking "
        "up)\n"
        "  parcheck [options] <file> ... -- <compiler flags>\n\n"
        "OPTIONS:\n";
  for (const OptSpec &S : Specs) {
    std::string Head = "  " + dashed(S.Name);
    if (*S.Meta)
      Head += std::string(StringRef(S.Name).size() == 1 ? " " : "=") + "<" + S.Meta + ">";
    OS << Head << "\n";
    // Wrapped at 80 columns, indented by 6.
    std::string Line = "      ";
    SmallVector<StringRef, 32> Words;
    StringRef(S.Help).split(Words, ' ');
    for (StringRef W : Words) {
      if (Line.size() + W.size() + 1 > 80 && Line.size() > 6) {
        OS << Line << "\n";
        Line = "      ";
      }
      Line += (Line.size() > 6 ? " " : "") + W.str();
    }
    OS << Line << "\n";
  }
  OS << "\nConfiguration: the nearest .parcheck.yaml at or above each file (or --config-file)\n"
        "sets Checks, HeaderFilterRegex, ExtraArgs, ExtraArgsBefore and Baseline; options on\n"
        "the command line win. See docs/cli.md.\n\n"
        "Suppressions: NOLINT, NOLINT(<checks>), NOLINTNEXTLINE(<checks>),\n"
        "NOLINTBEGIN(<checks>) ... NOLINTEND(<checks>), and parcheck-ignore(<checks>): <reason>.\n\n"
        "Exit status: 0 no findings, 1 findings, 2 tool or input error (an unknown option,\n"
        "nothing to analyse, a TU that does not compile, output that cannot be written).\n";
}

bool parseOptions(int Argc, const char **Argv, Options &O) {
  for (int I = 1; I < Argc; ++I) {
    StringRef A(Argv[I]);
    if (A == "--") {
      O.HaveFlags = true;
      for (++I; I < Argc; ++I)
        O.Flags.push_back(Argv[I]);
      break;
    }
    if (A.size() < 2 || A[0] != '-') {
      O.Inputs.push_back(A.str());
      continue;
    }
    StringRef Body = A.drop_front(A.starts_with("--") ? 2 : 1);
    StringRef Name = Body;
    std::optional<StringRef> Value;
    if (size_t Eq = Body.find('='); Eq != StringRef::npos) {
      Name = Body.take_front(Eq);
      Value = Body.drop_front(Eq + 1);
    } else if (!A.starts_with("--") && Body.size() > 1 && Body[0] == 'j' &&
               all_of(Body.drop_front(), isDigit)) {
      // -j4
      Name = "j";
      Value = Body.drop_front();
    }
    const OptSpec *S = lookup(Name);
    if (!S) {
      std::string Near = nearest(Name);
      return fail("unknown option '" + A + "'" +
                  (Near.empty() ? std::string() : "; did you mean '" + Near + "'?"));
    }
    if (S->Kind == Arg::Value && !Value) {
      if (I + 1 >= Argc)
        return fail("option '" + A + "' needs a value");
      Value = StringRef(Argv[++I]);
    }
    if (!setOption(*S, A, Value, O))
      return false;
  }
  return true;
}

} // namespace parcheck
