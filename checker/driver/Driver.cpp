//===- Driver.cpp - the parcheck command ----------------------------------===//
//
// options -> plan -> run -> analyse -> print:
//
//   parseOptions (Options.cpp)  the command line as plain data;
//   planJobs (Plan.cpp)         the compile jobs: inputs expanded, database chosen;
//   runPool (TUPool.cpp)        extract every TU in parallel, or read --from-facts;
//   analyse                     split into programs, merge, run every check;
//   print                       filter (--checks, suppressions, baseline), print.
//
// One TU that fails never sinks the others: it is reported by name and the run
// exits 2 after analysing the rest.
//
//===----------------------------------------------------------------------===//
#include "driver/Driver.h"
#include "driver/FactsCache.h"
#include "analysis/Analysis.h"
#include "checks/Registry.h"
#include "driver/Options.h"
#include "driver/Plan.h"
#include "driver/TUPool.h"
#include "facts/FactsIO.h"
#include "facts/Program.h"
#include "report/Baseline.h"
#include "report/Report.h"
#include "report/ReportSarif.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace llvm;

namespace parcheck {
namespace {

std::string factsFileName(StringRef File) {
  std::string N = File.str();
  for (char &C : N)
    if (C == '/' || C == '\\' || C == ':')
      C = '_';
  return N + ".facts.json";
}

/// --from-facts: every .facts.json in the folder and below (a build folder
/// where `parcheck --launch` left them beside the objects), in path order.
/// A .facts-error left there is the TU that could not be analysed: an error.
/// False when the folder cannot be read (the message is already printed).
bool readFactsDir(const std::string &Dir, std::vector<TUFacts> &AllFacts,
                  std::vector<ToolError> &Errors) {
  std::error_code EC;
  std::vector<std::string> Files;
  for (sys::fs::recursive_directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef P = It->path();
    if (P.ends_with(".facts.json"))
      Files.push_back(It->path());
    else if (P.ends_with(".facts-error")) {
      auto Buf = MemoryBuffer::getFile(P);
      Errors.push_back({It->path(), Buf ? StringRef((*Buf)->getBuffer()).rtrim().str()
                                        : std::string("a TU could not be analysed")});
    }
  }
  if (EC) {
    errs() << "error: parcheck: cannot read facts folder '" << Dir << "': " << EC.message()
           << "\n";
    return false;
  }
  std::sort(Files.begin(), Files.end());
  for (const std::string &F : Files) {
    auto Buf = MemoryBuffer::getFile(F);
    if (!Buf) {
      Errors.push_back({F, "cannot read facts file"});
      continue;
    }
    Expected<TUFacts> T = factsFromJSON((*Buf)->getBuffer());
    if (!T) {
      Errors.push_back({F, toString(T.takeError())});
      continue;
    }
    AllFacts.push_back(std::move(*T));
  }
  if (Files.empty())
    Errors.push_back({Dir, "no .facts.json files in this folder"});
  return true;
}

/// The facts cache folder: --cache-dir, else beside the compile database;
/// empty for none (--no-cache, or flags given with "--" and no --cache-dir).
std::string cacheDir(const Options &O, const std::string &DB) {
  if (O.NoCache)
    return "";
  if (!O.CacheDir.empty())
    return O.CacheDir;
  if (DB.empty())
    return "";
  SmallString<256> P(sys::path::parent_path(DB));
  sys::path::append(P, ".parcheck-cache");
  return std::string(P);
}

/// Plans and extracts every TU, writing its facts to --facts-dir when given.
/// False on a fatal error (the message is already printed).
bool extractFacts(const Options &O, std::vector<TUFacts> &AllFacts,
                  std::vector<ToolError> &Errors) {
  std::string DB;
  std::optional<std::vector<CompileJob>> Work = planJobs(O, Errors, &DB);
  if (!Work)
    return false;
  bool ShowProgress = O.Progress || sys::Process::StandardErrIsDisplayed();
  std::optional<FactsCache> Cache;
  if (std::string Dir = cacheDir(O, DB); !Dir.empty())
    Cache.emplace(Dir, toolIdentity());
  std::vector<JobResult> Results =
      runPool(*Work, O.Jobs, ShowProgress, Cache ? &*Cache : nullptr);
  if (O.CacheStats)
    errs() << "parcheck: facts cache: "
           << (Cache ? std::to_string(Cache->hits()) + " hit(s), " +
                           std::to_string(Cache->misses()) + " miss(es)"
                     : std::string("off"))
           << "\n";
  if (!O.FactsDir.empty()) {
    if (std::error_code EC = sys::fs::create_directories(O.FactsDir)) {
      errs() << "error: parcheck: cannot create '" << O.FactsDir << "': " << EC.message()
             << "\n";
      return false;
    }
  }
  for (size_t I = 0; I < Work->size(); ++I) {
    JobResult &R = Results[I];
    const std::string &File = (*Work)[I].File;
    if (!R.Ok) {
      std::string Msg = "failed to analyse this translation unit";
      for (size_t K = 0; K < R.Errors.size() && K < 3; ++K)
        Msg += "\n  " + R.Errors[K];
      Errors.push_back({File, Msg});
      continue;
    }
    if (!O.FactsDir.empty()) {
      SmallString<256> P(O.FactsDir);
      sys::path::append(P, factsFileName(File));
      std::error_code EC;
      raw_fd_ostream OS(P, EC);
      if (EC)
        Errors.push_back({std::string(P), "cannot write facts: " + EC.message()});
      else
        OS << factsToJSON(R.Facts) << "\n";
    }
    AllFacts.push_back(std::move(R.Facts));
  }
  return true;
}

/// Every check over every program, sorted and deduplicated.
std::vector<Finding> analyse(const std::vector<TUFacts> &AllFacts) {
  FindingCollector Sink;
  for (const std::vector<size_t> &Members : splitPrograms(AllFacts)) {
    Program Prog;
    for (size_t I : Members)
      Prog.add(AllFacts[I]);
    ProgramAnalysis Analysis(Prog);
    runChecks(Analysis, Sink);
  }
  return Sink.take();
}

void print(const Options &O, const std::vector<Finding> &Findings,
           const std::vector<ToolError> &Errors) {
  for (const ToolError &E : Errors)
    errs() << "error: parcheck: " << E.File << ": " << E.Message << "\n";
  if (O.Format == OutputFormat::Sarif) {
    printSarif(outs(), Findings, Errors);
  } else if (O.Format == OutputFormat::Json) {
    printJson(outs(), Findings, Errors);
  } else {
    printText(outs(), Findings, O.Colour ? *O.Colour : outs().has_colors());
    if (!Findings.empty()) {
      std::map<std::string, unsigned> ByKind;
      for (const Finding &F : Findings)
        ++ByKind[F.Kind];
      std::string Summary;
      for (const auto &[K, N] : ByKind)
        Summary += (Summary.empty() ? "" : ", ") + std::to_string(N) + " " + K;
      errs() << "parcheck: " << Findings.size() << " finding"
             << (Findings.size() == 1 ? "" : "s") << " (" << Summary << ")\n";
    }
  }
  outs().flush();
}

} // namespace

int runParcheck(int Argc, const char **Argv) {
  Options O;
  if (!parseOptions(Argc, Argv, O))
    return ExitError;

  // --checks and --baseline are read first: a typo fails fast, with exit 2.
  CheckFilter CheckSel;
  if (!O.Checks.empty()) {
    auto F = CheckFilter::parse(O.Checks);
    if (!F) {
      errs() << "error: parcheck: " << toString(F.takeError()) << "\n";
      return ExitError;
    }
    CheckSel = *F;
  }
  BaselineSet Baseline;
  if (!O.BaselineFile.empty()) {
    auto B = readBaseline(O.BaselineFile);
    if (!B) {
      errs() << "error: parcheck: " << toString(B.takeError()) << "\n";
      return ExitError;
    }
    Baseline = std::move(*B);
  }

  std::vector<ToolError> Errors;
  std::vector<TUFacts> AllFacts;
  bool Ok = O.FromFacts.empty() ? extractFacts(O, AllFacts, Errors)
                                : readFactsDir(O.FromFacts, AllFacts, Errors);
  if (!Ok)
    return ExitError;

  std::vector<Finding> Findings = analyse(AllFacts);
  // Which findings count: chosen checks, minus inline suppressions, minus the baseline.
  Findings.erase(std::remove_if(Findings.begin(), Findings.end(),
                                [&](const Finding &F) { return !CheckSel.enabled(F.check()); }),
                 Findings.end());
  applySuppressions(Findings);
  if (!O.WriteBaselineFile.empty())
    if (Error E = writeBaseline(O.WriteBaselineFile, Findings))
      Errors.push_back({O.WriteBaselineFile, toString(std::move(E))});
  if (!O.BaselineFile.empty())
    applyBaseline(Findings, Baseline);

  std::sort(Errors.begin(), Errors.end(),
            [](const ToolError &A, const ToolError &B) { return A.File < B.File; });
  print(O, Findings, Errors);
  if (!Errors.empty())
    return ExitError;
  if (!Findings.empty() && !O.ExitZero && O.WriteBaselineFile.empty())
    return ExitFindings;
  return ExitClean;
}

} // namespace parcheck
