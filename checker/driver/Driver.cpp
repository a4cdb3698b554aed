//===- Driver.cpp - the parcheck command ----------------------------------===//
//
// options -> plan -> run -> analyse -> print:
//
//   parseOptions (Options.cpp)  the command line as plain data;
//   planJobs (Plan.cpp)         the compile jobs: inputs expanded, database chosen;
//   runPool (TUPool.cpp)        extract every TU in parallel, or read --from-facts;
//   analyse                     split into programs, merge, run every check;
//   print                       filter (--checks, comments, header and line filters,
//                               baseline: report/Filter.h, report/Baseline.h), print.
//
// One TU that fails never sinks the others: it is reported by name and the run
// exits 2 after analysing the rest.
//
//===----------------------------------------------------------------------===//
#include "driver/Driver.h"
#include "driver/Analyse.h"
#include "driver/FactsCache.h"
#include "driver/RunCache.h"
#include "analysis/Analysis.h"
#include "analysis/FunctionValues.h"
#include "checks/Registry.h"
#include "driver/Config.h"
#include "driver/Options.h"
#include "driver/Plan.h"
#include "driver/LockImports.h"
#include "driver/TUPool.h"
#include "facts/FactsIO.h"
#include "facts/Program.h"
#include "report/Baseline.h"
#include "report/Filter.h"
#include "report/Report.h"
#include "report/ReportSarif.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>

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
bool readFactsDir(const std::string &Dir, unsigned Jobs, std::vector<TUFacts> &AllFacts,
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
  // Parsed on Jobs threads, kept in path order.
  std::vector<TUFacts> Parsed(Files.size());
  std::vector<std::string> Why(Files.size());
  auto ParseOne = [&](size_t I) {
    auto Buf = MemoryBuffer::getFile(Files[I]);
    if (!Buf) {
      Why[I] = "cannot read facts file";
      return;
    }
    Expected<TUFacts> T = factsFromJSON((*Buf)->getBuffer());
    if (!T)
      Why[I] = toString(T.takeError());
    else
      Parsed[I] = std::move(*T);
  };
  {
    DefaultThreadPool Pool(hardware_concurrency(Jobs));
    for (size_t I = 0; I < Files.size(); ++I)
      Pool.async([&ParseOne, I] { ParseOne(I); });
    Pool.wait();
  }
  for (size_t I = 0; I < Files.size(); ++I) {
    if (!Why[I].empty())
      Errors.push_back({Files[I], Why[I]});
    else
      AllFacts.push_back(std::move(Parsed[I]));
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

/// Adds the config's and the command line's extra args to each job: the
/// "before" ones right after the compiler, the others at the end.
bool addExtraArgs(const Options &O, ConfigFinder &Configs, std::vector<CompileJob> &Work) {
  for (CompileJob &J : Work) {
    Expected<const ParcheckConfig *> C = Configs.forFile(J.File);
    if (!C) {
      errs() << "error: parcheck: " << toString(C.takeError()) << "\n";
      return false;
    }
    std::vector<std::string> Before = (*C)->ExtraArgsBefore.value_or(std::vector<std::string>{});
    Before.insert(Before.end(), O.ExtraArgsBefore.begin(), O.ExtraArgsBefore.end());
    std::vector<std::string> After = (*C)->ExtraArgs.value_or(std::vector<std::string>{});
    After.insert(After.end(), O.ExtraArgs.begin(), O.ExtraArgs.end());
    J.Args.insert(J.Args.begin() + (J.Args.empty() ? 0 : 1), Before.begin(), Before.end());
    J.Args.insert(J.Args.end(), After.begin(), After.end());
  }
  return true;
}

/// Plans and extracts every TU, writing its facts to --facts-dir when given.
/// With a facts cache, sets Run (RunCache.h): Run.Hit when the findings of
/// an earlier run with the same inputs are reused (AllFacts is then empty).
/// False on a fatal error (the message is already printed).
bool extractFacts(const Options &O, ConfigFinder &Configs, std::vector<TUFacts> &AllFacts,
                  std::vector<ToolError> &Errors, RunCacheState &Run) {
  std::string DB;
  std::optional<std::vector<CompileJob>> Work = planJobs(O, Errors, &DB);
  if (!Work)
    return false;
  if (Work->empty() && Errors.empty()) {
    // An empty database, or inputs it has no entry for: a CI run that
    // analysed nothing must not pass.
    errs() << "error: parcheck: nothing to analyse: no compile command for the inputs (is "
              "the compile database empty?)\n";
    return false;
  }
  if (!addExtraArgs(O, Configs, *Work))
    return false;
  // On a terminal one line is redrawn ("\r", "\x1b[K") unless --quiet; into a
  // file or a pipe --progress writes one plain line per TU, with no control
  // characters.
  Progress Show = sys::Process::StandardErrIsDisplayed()
                      ? (O.Progress || !O.Quiet ? Progress::Redraw : Progress::None)
                      : (O.Progress ? Progress::Lines : Progress::None);
  std::optional<FactsCache> Cache;
  if (std::string Dir = cacheDir(O, DB); !Dir.empty())
    Cache.emplace(Dir, toolIdentity());
  if (Cache && O.FactsDir.empty()) {
    Run.Dir = Cache->dir();
    Run.Key = Cache->runKey(*Work);
    if (Run.Key && (Run.Hit = readRunEntry(Run.Dir, *Run.Key))) {
      if (O.CacheStats)
        errs() << "parcheck: facts cache: " << Run.Hit->Lookups
               << " hit(s), 0 miss(es); analysis reused\n";
      return true;
    }
  }
  // The planned jobs: the run key is of these (the rounds below add imports).
  std::vector<CompileJob> Planned = Cache && !Run.Key ? *Work : std::vector<CompileJob>();
  std::vector<JobResult> Results = runPool(*Work, O.Jobs, Show, Cache ? &*Cache : nullptr);
  // Lock wrappers defined in other TUs: extract again the TUs that call them
  // (LockImports.h), quietly, until their imports settle.
  for (unsigned Round = 1; Round < MaxLockImportRounds; ++Round) {
    std::vector<size_t> Redo = planLockImports(*Work, Results);
    if (Redo.empty())
      break;
    std::vector<CompileJob> Again;
    for (size_t I : Redo)
      Again.push_back((*Work)[I]);
    std::vector<JobResult> New =
        runPool(Again, O.Jobs, Progress::None, Cache ? &*Cache : nullptr);
    for (size_t K = 0; K < Redo.size(); ++K)
      Results[Redo[K]] = std::move(New[K]);
  }
  if (Cache && O.FactsDir.empty() && !Run.Key)
    Run.Key = Cache->runKey(Planned); // the entries this run stored
  if (Cache)
    Run.Lookups = Cache->hits() + Cache->misses();
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
      if (EC) {
        Errors.push_back({std::string(P), "cannot write facts: " + EC.message()});
      } else {
        writeFactsJSON(R.Facts, OS);
        OS << "\n";
      }
    }
    AllFacts.push_back(std::move(R.Facts));
  }
  return true;
}

/// --format=html: the JSON (with the baselined findings, marked) rendered by
/// parcheck-report, the one page renderer of the project. It is found next to
/// this executable, else on PATH.
bool printHtml(const char *Argv0, const std::vector<Finding> &Shown,
               const std::vector<Finding> &Baselined, const std::vector<ToolError> &Errors) {
  std::string Json;
  {
    raw_string_ostream JS(Json);
    std::vector<Finding> All = Shown;
    All.insert(All.end(), Baselined.begin(), Baselined.end());
    printJson(JS, All, Errors);
  }
  Expected<json::Value> V = json::parse(Json);
  if (!V) {
    errs() << "error: parcheck: " << toString(V.takeError()) << "\n";
    return false;
  }
  if (json::Array *A = V->getAsObject()->getArray("findings"))
    for (size_t I = Shown.size(); I < A->size(); ++I)
      (*A)[I].getAsObject()->try_emplace("baselined", true);

  std::string Me = sys::fs::getMainExecutable(Argv0, (void *)&printHtml);
  SmallString<256> Tool(sys::path::parent_path(Me));
  sys::path::append(Tool, "parcheck-report");
  std::string ToolPath(Tool);
  if (!sys::fs::can_execute(ToolPath)) {
    ErrorOr<std::string> P = sys::findProgramByName("parcheck-report");
    if (!P) {
      errs() << "error: parcheck: --format=html needs parcheck-report (next to parcheck or on "
                "PATH)\n";
      return false;
    }
    ToolPath = *P;
  }
  SmallString<128> In, Out;
  int InFD;
  if (std::error_code EC = sys::fs::createTemporaryFile("parcheck", "json", InFD, In)) {
    errs() << "error: parcheck: cannot create a temporary file: " << EC.message() << "\n";
    return false;
  }
  {
    raw_fd_ostream OS(InFD, /*shouldClose=*/true);
    OS << formatv("{0:2}", *V) << "\n";
  }
  sys::fs::createTemporaryFile("parcheck", "html", Out);
  std::string Err;
  // The JSON on standard input: the page names its input, and a temporary
  // file's random name would make the page differ from run to run.
  std::vector<StringRef> Args = {ToolPath, "-", "-o", Out};
  std::optional<StringRef> Redirects[] = {StringRef(In), std::nullopt, std::nullopt};
  int RC = sys::ExecuteAndWait(ToolPath, Args, std::nullopt, Redirects, 0, 0, &Err);
  auto Page = MemoryBuffer::getFile(Out);
  sys::fs::remove(In);
  sys::fs::remove(Out);
  if (RC != 0 || !Page) {
    errs() << "error: parcheck: parcheck-report failed" << (Err.empty() ? "" : ": " + Err)
           << "\n";
    return false;
  }
  outs() << (*Page)->getBuffer();
  return true;
}

/// Flushes stdout; false, with an error on stderr, when it could not be
/// written. Callers exit ExitError then, not 1 ("findings"): a CI gate must
/// not read a full disk as a verdict.
bool outputWritten() {
  outs().flush();
  if (!outs().has_error())
    return true;
  errs() << "error: parcheck: cannot write the output: " << outs().error().message() << "\n";
  outs().clear_error();
  return false;
}

/// Prints the findings in O.Format. False when the output could not be
/// written (the message is already printed).
bool print(const Options &O, const char *Argv0, const std::vector<Finding> &Findings,
           const std::vector<Finding> &Baselined, const std::vector<ToolError> &Errors,
           SourceLines &Src) {
  for (const ToolError &E : Errors)
    errs() << "error: parcheck: " << E.File << ": " << E.Message << "\n";
  bool Ok = true;
  if (O.Format == OutputFormat::Sarif) {
    SarifOptions SO;
    SO.Root = O.SarifRoot.empty() ? std::string(".") : O.SarifRoot;
    SO.Root = absolutePath(SO.Root);
    printSarif(outs(), Findings, Errors, SO, Src);
  } else if (O.Format == OutputFormat::Json) {
    printJson(outs(), Findings, Errors, O.ChainLimit);
  } else if (O.Format == OutputFormat::Html) {
    Ok = printHtml(Argv0, Findings, Baselined, Errors);
  } else {
    RenderOptions R;
    R.Color = O.Colour ? *O.Colour : outs().has_colors();
    R.Caret = O.Caret;
    R.ChainLimit = O.ChainLimit;
    printText(outs(), Findings, R);
    if (!Findings.empty() && !O.Quiet) {
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
  return outputWritten() && Ok;
}

/// "a" + "," + "b", leaving out empty parts.
std::string joinChecks(const std::optional<std::string> &A, const std::optional<std::string> &B) {
  std::string R = A.value_or("");
  if (B && !B->empty())
    R += (R.empty() ? "" : ",") + *B;
  return R;
}

/// The --checks selection for findings in files of config C (cached by text).
class CheckSelections {
public:
  Expected<const CheckFilter *> get(const std::string &Spec) {
    auto It = Cache.find(Spec);
    if (It != Cache.end())
      return &It->second;
    Expected<CheckFilter> F =
        Spec.empty() ? Expected<CheckFilter>(CheckFilter()) : CheckFilter::parse(Spec);
    if (!F)
      return F.takeError();
    return &Cache.emplace(Spec, std::move(*F)).first->second;
  }

private:
  std::map<std::string, CheckFilter> Cache;
};

int finishOutput(int Code) { return outputWritten() ? Code : ExitError; }

/// The requests answered from the command line alone (--help, --version)
/// and the contradictions refused there: the exit code, or none to go on.
std::optional<int> answerFromOptions(const Options &O) {
  if (O.Help) {
    printHelp(outs());
    return finishOutput(ExitClean);
  }
  if (O.Version) {
    outs() << "parcheck " << PARCHECK_VERSION << "\n";
    return finishOutput(ExitClean);
  }
  if (O.HaveFlags && !O.BuildPath.empty()) {
    // clang-tidy takes the flags after "--" and quietly ignores -p: a CI line
    // that means one database must not silently analyse with another.
    errs() << "error: parcheck: -p and '--' both give the compile commands; use -p <build-dir> "
              "for a compile database, or '-- <flags>' for fixed flags, not both\n";
    return ExitError;
  }
  return std::nullopt;
}

/// What the command line and the run-wide config settle before any TU is
/// read. The run-wide config is the one of the first input (or of the
/// current folder); findings in other folders may have their own checks
/// (selectChecks).
struct RunSettings {
  const ParcheckConfig *Top = nullptr;
  std::string TopChecks;                ///< Top's Checks, then --checks.
  const CheckFilter *TopSel = nullptr;  ///< TopChecks parsed (owned by the CheckSelections).
  std::vector<std::string> Enabled;     ///< The checks TopSel enables, in knownChecks() order.
  std::optional<std::string> HeaderFilter;
  std::string BaselineFile;
  std::optional<Regex> HeaderRe;        ///< HeaderFilter compiled (readFilters).
  std::optional<LineFilter> Lines;      ///< --line-filter (readFilters).
  BaselineSet Baseline;                 ///< BaselineFile's entries (readFilters).
};

/// The run-wide config, the checks it and --checks enable, and where the
/// header filter and the baseline come from. False on an error (printed).
bool readTopSettings(const Options &O, ConfigFinder &Configs, CheckSelections &Selections,
                     RunSettings &R) {
  Expected<const ParcheckConfig *> TopC =
      Configs.forFile(O.Inputs.empty() ? std::string(".") : O.Inputs.front());
  if (!TopC) {
    errs() << "error: parcheck: " << toString(TopC.takeError()) << "\n";
    return false;
  }
  R.Top = *TopC;
  R.TopChecks = joinChecks(R.Top->Checks, O.Checks);
  Expected<const CheckFilter *> TopSel = Selections.get(R.TopChecks);
  if (!TopSel) {
    errs() << "error: parcheck: " << toString(TopSel.takeError()) << "\n";
    return false;
  }
  R.TopSel = *TopSel;
  for (const std::string &C : knownChecks())
    if (R.TopSel->enabled(C))
      R.Enabled.push_back(C);
  R.HeaderFilter = O.HeaderFilter ? O.HeaderFilter : R.Top->HeaderFilterRegex;
  R.BaselineFile = !O.BaselineFile.empty() ? O.BaselineFile : R.Top->Baseline.value_or("");
  return true;
}

/// --dump-config: the run-wide config with the command line's additions.
void dumpRunConfig(const Options &O, const RunSettings &R) {
  ParcheckConfig D = *R.Top;
  D.Checks = R.TopChecks.empty() ? std::string("*") : R.TopChecks;
  D.HeaderFilterRegex = R.HeaderFilter;
  std::vector<std::string> A = R.Top->ExtraArgs.value_or(std::vector<std::string>{});
  A.insert(A.end(), O.ExtraArgs.begin(), O.ExtraArgs.end());
  D.ExtraArgs = A;
  A = R.Top->ExtraArgsBefore.value_or(std::vector<std::string>{});
  A.insert(A.end(), O.ExtraArgsBefore.begin(), O.ExtraArgsBefore.end());
  D.ExtraArgsBefore = A;
  if (!R.BaselineFile.empty())
    D.Baseline = R.BaselineFile;
  dumpConfig(outs(), D);
}

/// The header filter, the line filter and the baseline, read before any TU
/// so that a typo fails fast. False on an error (printed).
bool readFilters(const Options &O, RunSettings &R) {
  if (R.HeaderFilter) {
    R.HeaderRe.emplace(*R.HeaderFilter);
    std::string Why;
    if (!R.HeaderRe->isValid(Why)) {
      errs() << "error: parcheck: bad --header-filter '" << *R.HeaderFilter << "': " << Why
             << "\n";
      return false;
    }
  }
  if (!O.LineFilter.empty()) {
    Expected<LineFilter> L = LineFilter::parse(O.LineFilter);
    if (!L) {
      errs() << "error: parcheck: " << toString(L.takeError()) << "\n";
      return false;
    }
    R.Lines = std::move(*L);
  }
  if (!R.BaselineFile.empty()) {
    auto B = readBaseline(R.BaselineFile);
    if (!B) {
      errs() << "error: parcheck: " << toString(B.takeError()) << "\n";
      return false;
    }
    R.Baseline = std::move(*B);
  }
  return true;
}

/// Everything settled before the TUs: the settings, in R, or the exit code
/// of a run that ends here (--dump-config, --list-checks, an error).
/// --checks and --baseline are read first: a typo fails fast, with exit 2.
std::optional<int> settle(const Options &O, ConfigFinder &Configs, CheckSelections &Selections,
                          RunSettings &R) {
  if (!readTopSettings(O, Configs, Selections, R))
    return ExitError;
  if (O.DumpConfig) {
    dumpRunConfig(O, R);
    return finishOutput(ExitClean);
  }
  if (R.Enabled.empty()) {
    errs() << "error: parcheck: no checks enabled (--checks='" << R.TopChecks
           << "' matches no check); nothing would be analysed. Checks:";
    for (const std::string &C : knownChecks())
      errs() << " " << C;
    errs() << "\n";
    return ExitError;
  }
  if (O.ListChecks) {
    outs() << "Enabled checks:\n";
    for (const std::string &C : R.Enabled)
      outs() << "    " << C << "\n";
    return finishOutput(ExitClean);
  }
  if (!readFilters(O, R))
    return ExitError;
  return std::nullopt;
}

/// The files whose comments may hide findings: the main files and the file
/// of every finding's first place.
std::set<std::string> filesWithFindings(const std::set<std::string> &MainFiles,
                                        const std::vector<Finding> &Findings) {
  std::set<std::string> Scan = MainFiles;
  for (const Finding &F : Findings)
    if (!F.Locations.empty() && F.Locations[0].Where.valid())
      Scan.insert(F.Locations[0].Where.File);
  return Scan;
}

/// Keeps the findings of the checks chosen for each finding's file: its
/// config's Checks, then --checks (with --config-file, the one config's).
/// False when a config could not be read (the message is already printed).
bool selectChecks(const Options &O, ConfigFinder &Configs, CheckSelections &Selections,
                  const CheckFilter *TopSel, std::vector<Finding> &Findings) {
  bool ConfigError = false;
  Findings.erase(std::remove_if(Findings.begin(), Findings.end(),
                                [&](const Finding &F) {
                                  const CheckFilter *Sel = TopSel;
                                  if (O.ConfigFile.empty() && !F.Locations.empty() &&
                                      F.Locations[0].Where.valid()) {
                                    auto C = Configs.forFile(F.Locations[0].Where.File);
                                    if (!C) {
                                      errs() << "error: parcheck: " << toString(C.takeError())
                                             << "\n";
                                      ConfigError = true;
                                      return false;
                                    }
                                    auto S = Selections.get(joinChecks((*C)->Checks, O.Checks));
                                    if (!S) {
                                      errs() << "error: parcheck: " << (*C)->Path << ": "
                                             << toString(S.takeError()) << "\n";
                                      ConfigError = true;
                                      return false;
                                    }
                                    Sel = *S;
                                  }
                                  return !Sel->enabled(F.check());
                                }),
                 Findings.end());
  return !ConfigError;
}

/// Removes the findings not to show: below --min-confidence, hidden by
/// NOLINT and parcheck-ignore comments, by the header and line filters, or
/// in the baseline (returned, for --format=html). Writes --write-baseline
/// from what is left before the baseline, and says on stderr how many were
/// hidden (unless --quiet).
std::vector<Finding> hideFindings(const Options &O, const RunSettings &R,
                                  const std::set<std::string> &MainFiles, SourceLines &Src,
                                  std::vector<Finding> &Findings,
                                  std::vector<ToolError> &Errors) {
  size_t Before = Findings.size();
  Findings.erase(std::remove_if(Findings.begin(), Findings.end(),
                                [&](const Finding &F) {
                                  return confidenceRank(F.Confidence) < O.MinConfidence;
                                }),
                 Findings.end());
  size_t ByConfidence = Before - Findings.size();
  size_t ByComment = applySuppressions(Findings, Src) + applyNolint(Findings, Src);
  size_t ByFilter = 0;
  if (R.HeaderRe)
    ByFilter += applyHeaderFilter(Findings, MainFiles, *R.HeaderRe);
  if (R.Lines)
    ByFilter += applyLineFilter(Findings, *R.Lines);
  if (!O.WriteBaselineFile.empty())
    if (Error E = writeBaseline(O.WriteBaselineFile, Findings))
      Errors.push_back({O.WriteBaselineFile, toString(std::move(E))});
  std::vector<Finding> Baselined;
  if (!R.BaselineFile.empty()) {
    for (const Finding &F : Findings)
      if (R.Baseline.count({F.check(), F.fingerprint()}))
        Baselined.push_back(F);
    applyBaseline(Findings, R.Baseline);
  }
  if (!O.Quiet && (ByConfidence || ByComment || ByFilter || !Baselined.empty())) {
    std::string Parts;
    auto Add = [&](size_t N, const char *What) {
      if (N)
        Parts += (Parts.empty() ? "" : ", ") + std::to_string(N) + " " + What;
    };
    Add(ByConfidence, "below --min-confidence (--min-confidence=low shows all)");
    Add(ByComment, "by NOLINT or parcheck-ignore comments");
    Add(ByFilter, "by --header-filter or --line-filter");
    Add(Baselined.size(), "in the baseline");
    errs() << "parcheck: not shown: " << Parts << "\n";
  }
  return Baselined;
}

} // namespace

int runParcheck(int Argc, const char **Argv) {
  // Options.
  Options O;
  if (!parseOptions(Argc, Argv, O))
    return ExitError;
  if (std::optional<int> Code = answerFromOptions(O))
    return *Code;
  ConfigFinder Configs(O.ConfigFile);
  CheckSelections Selections;
  RunSettings R;
  if (std::optional<int> Code = settle(O, Configs, Selections, R))
    return *Code;

  // Plan and run (or read the facts of an earlier run), then analyse.
  std::vector<ToolError> Errors;
  std::vector<TUFacts> AllFacts;
  RunCacheState Run;
  bool Ok = O.FromFacts.empty() ? extractFacts(O, Configs, AllFacts, Errors, Run)
                                : readFactsDir(O.FromFacts, O.Jobs, AllFacts, Errors);
  if (!Ok)
    return ExitError;
  std::set<std::string> MainFiles;
  std::vector<Finding> Findings;
  if (Run.Hit) {
    MainFiles = std::move(Run.Hit->MainFiles);
    Findings = std::move(Run.Hit->Findings);
  } else {
    for (const TUFacts &T : AllFacts)
      MainFiles.insert(T.MainFile);
    Findings = analysePrograms(std::move(AllFacts), O.Jobs);
    // Only a run where every TU was analysed: a failed TU fails every run.
    if (Run.Key && Errors.empty())
      writeRunEntry(Run.Dir, *Run.Key, RunEntry{Run.Lookups, MainFiles, Findings});
  }

  // Which findings count, then print.
  SourceLines Src;
  warnUnknownIgnores(filesWithFindings(MainFiles, Findings), Src, errs());
  if (!selectChecks(O, Configs, Selections, R.TopSel, Findings))
    return ExitError;
  std::vector<Finding> Baselined = hideFindings(O, R, MainFiles, Src, Findings, Errors);
  std::sort(Errors.begin(), Errors.end(),
            [](const ToolError &A, const ToolError &B) { return A.File < B.File; });
  if (!print(O, Argv[0], Findings, Baselined, Errors, Src))
    return ExitError;
  if (!Errors.empty())
    return ExitError;
  if (!Findings.empty() && !O.ExitZero && O.WriteBaselineFile.empty())
    return ExitFindings;
  return ExitClean;
}

} // namespace parcheck
