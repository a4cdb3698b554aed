//===- Options.cpp - the parcheck command line ----------------------------===//
#include "driver/Options.h"

#include "llvm/Support/CommandLine.h"

using namespace llvm;

namespace parcheck {
namespace {

cl::OptionCategory Category("parcheck options");

cl::list<std::string> Inputs(cl::Positional, cl::desc("[<file or folder> ...]"),
                             cl::cat(Category));
cl::opt<std::string> BuildPath("p", cl::desc("Build folder with compile_commands.json "
                                             "(default: found by walking up)"),
                               cl::value_desc("build-dir"), cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Parallel jobs (default: all cores)"), cl::init(0),
                       cl::cat(Category));
cl::opt<bool> Progress("progress", cl::desc("Show a progress line on stderr even when it is "
                                            "not a terminal"),
                       cl::cat(Category));
cl::opt<OutputFormat> Format("format", cl::desc("Output format"), cl::init(OutputFormat::Text),
                             cl::values(clEnumValN(OutputFormat::Text, "text",
                                                   "clang-style diagnostics (default)"),
                                        clEnumValN(OutputFormat::Json, "json",
                                                   "the finding model as JSON"),
                                        clEnumValN(OutputFormat::Sarif, "sarif",
                                                   "SARIF 2.1.0 (code scanning)")),
                             cl::cat(Category));
cl::opt<std::string> FactsDir("facts-dir", cl::desc("Write each TU's facts to this folder"),
                              cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> FromFacts("from-facts",
                               cl::desc("Analyse facts written by --facts-dir; parse nothing"),
                               cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> CacheDir("cache-dir",
                              cl::desc("Cache each TU's facts here, keyed by its content (default: "
                                       "<compile database folder>/.parcheck-cache)"),
                              cl::value_desc("folder"));
cl::opt<bool> NoCache("no-cache", cl::desc("Parse every TU; neither read nor write the facts cache"));
cl::opt<bool> CacheStats("cache-stats",
                         cl::desc("Print the facts cache's hits and misses on stderr"));
cl::opt<bool> Color("colour", cl::desc("Colour the text output; --colour=false turns it off (default: when stdout is a "
                                      "terminal)"),
                    cl::cat(Category));
cl::opt<bool> ExitZero("exit-zero", cl::desc("Exit 0 even when there are findings (errors "
                                             "still exit 2)"),
                       cl::cat(Category));
cl::opt<std::string> Checks("checks",
                            cl::desc("Checks to run: comma-separated globs, '-' disables "
                                     "(e.g. -*,parcheck-lock-*); default all"),
                            cl::value_desc("globs"), cl::cat(Category));
cl::opt<std::string> BaselineFile("baseline",
                                  cl::desc("Count only findings not in this baseline file"),
                                  cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> WriteBaselineFile(
    "write-baseline",
    cl::desc("Write the findings to this baseline file and exit 0 (unless errors)"),
    cl::value_desc("file"), cl::cat(Category));

} // namespace

bool parseOptions(int Argc, const char **Argv, Options &O) {
  // Everything after "--" is compiler flags for the files given.
  std::vector<const char *> Own;
  for (int I = 0; I < Argc; ++I) {
    if (!O.HaveFlags && StringRef(Argv[I]) == "--" && I > 0) {
      O.HaveFlags = true;
      continue;
    }
    if (O.HaveFlags)
      O.Flags.push_back(Argv[I]);
    else
      Own.push_back(Argv[I]);
  }
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) { OS << "parcheck " << PARCHECK_VERSION << "\n"; });
  if (!cl::ParseCommandLineOptions(
          int(Own.size()), Own.data(),
          "parcheck: finds data races, lock-order cycles and lock misuse in C and C++\n\n"
          "  parcheck -p <build-dir> [<file or folder> ...]\n"
          "  parcheck <file or folder> ...          (compile_commands.json found by walking up)\n"
          "  parcheck <file> ... -- <compiler flags>\n\n"
          "Exit status: 0 no findings, 1 findings, 2 tool or input error.\n",
          &errs()))
    return false;
  O.Inputs = Inputs;
  O.BuildPath = BuildPath;
  O.Jobs = Jobs;
  O.Progress = Progress;
  O.Format = Format;
  O.FactsDir = FactsDir;
  O.FromFacts = FromFacts;
  O.CacheDir = CacheDir;
  O.NoCache = NoCache;
  O.CacheStats = CacheStats;
  if (Color.getNumOccurrences())
    O.Colour = bool(Color);
  O.ExitZero = ExitZero;
  O.Checks = Checks;
  O.BaselineFile = BaselineFile;
  O.WriteBaselineFile = WriteBaselineFile;
  return true;
}

} // namespace parcheck
