//===- Driver.cpp - the parcheck command ----------------------------------===//
//
// extract (per TU, in parallel) -> merge (sorted, deduplicated) -> analyse ->
// report. One TU that fails never sinks the others: it is reported by name and
// the run exits 2 after analysing the rest.
//
//===----------------------------------------------------------------------===//
#include "Driver.h"
#include "Analysis.h"
#include "CompileDB.h"
#include "Extract.h"
#include "FactsIO.h"
#include "Program.h"
#include "Report.h"
#include "Baseline.h"
#include "ReportSarif.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <mutex>
#include <set>

using namespace llvm;
using namespace clang;

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

/// Collects a TU's errors as text (warnings are not ours to show).
class ErrorCollector : public DiagnosticConsumer {
public:
  std::vector<std::string> Errors;
  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    std::string Where;
    if (Info.getLocation().isValid() && Info.hasSourceManager()) {
      PresumedLoc P = Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (P.isValid())
        Where = std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) + ":" +
                std::to_string(P.getColumn()) + ": ";
    }
    Errors.push_back(Where + "error: " + std::string(Msg));
  }
};

class FactsAction : public ASTFrontendAction {
public:
  explicit FactsAction(TUFacts &Out) : Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, StringRef) override {
    return makeFactsConsumer(Out);
  }

private:
  TUFacts &Out;
};

class FactsActionFactory : public tooling::FrontendActionFactory {
public:
  explicit FactsActionFactory(TUFacts &Out) : Out(Out) {}
  std::unique_ptr<FrontendAction> create() override { return std::make_unique<FactsAction>(Out); }

private:
  TUFacts &Out;
};

/// A database of exactly one command.
class SingleCommandDB : public tooling::CompilationDatabase {
public:
  explicit SingleCommandDB(tooling::CompileCommand C) : C(std::move(C)) {}
  std::vector<tooling::CompileCommand> getCompileCommands(StringRef) const override {
    return {C};
  }
  std::vector<std::string> getAllFiles() const override { return {C.Filename}; }

private:
  tooling::CompileCommand C;
};

struct JobResult {
  TUFacts Facts;
  bool Ok = false;
  std::vector<std::string> Errors;
};

JobResult runJob(const CompileJob &J) {
  JobResult R;
  if (!sys::fs::exists(J.File)) {
    R.Errors.push_back("no such file");
    return R;
  }
  std::vector<std::string> Cmd = J.Args;
  Cmd.push_back(J.File);
  tooling::CompileCommand C(J.Directory, J.File, Cmd, "");
  SingleCommandDB DB(C);
  // A physical file system of our own: the process-wide one would share its
  // working directory with the other threads.
  tooling::ClangTool Tool(DB, {J.File}, std::make_shared<PCHContainerOperations>(),
                          vfs::createPhysicalFileSystem());
  Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      {"-resource-dir", PARCHECK_CLANG_RESOURCE_DIR}, tooling::ArgumentInsertPosition::BEGIN));
  Tool.appendArgumentsAdjuster(
      tooling::getInsertArgumentAdjuster({"-w", "-Wno-error"}, tooling::ArgumentInsertPosition::END));
  // Legacy C that Clang 16+ rejects by default (implicit int, implicit function
  // declarations, int/pointer conversions) still has a meaning: analyse it.
  Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      {"-Wno-error=implicit-int", "-Wno-error=implicit-function-declaration",
       "-Wno-error=int-conversion", "-Wno-error=incompatible-function-pointer-types"},
      tooling::ArgumentInsertPosition::END));
  ErrorCollector Diags;
  Tool.setDiagnosticConsumer(&Diags);
  Tool.setPrintErrorMessage(false);
  FactsActionFactory Factory(R.Facts);
  int RC = Tool.run(&Factory);
  R.Ok = RC == 0 && Diags.Errors.empty();
  R.Errors = Diags.Errors;
  if (!R.Ok && R.Errors.empty())
    R.Errors.push_back("the compiler failed (exit " + std::to_string(RC) + ")");
  return R;
}

std::string factsFileName(StringRef File) {
  std::string N = File.str();
  for (char &C : N)
    if (C == '/' || C == '\\' || C == ':')
      C = '_';
  return N + ".facts.json";
}

bool under(StringRef File, StringRef Dir) {
  if (File == Dir)
    return true;
  return File.starts_with(Dir) && File.size() > Dir.size() &&
         sys::path::is_separator(File[Dir.size()]);
}

void expandInputs(const std::vector<std::string> &In, std::vector<std::string> &Files,
                  std::vector<ToolError> &Errors) {
  for (const std::string &I : In) {
    std::string A = absolutePath(I);
    if (sys::fs::is_directory(A)) {
      std::error_code EC;
      std::vector<std::string> Found;
      for (sys::fs::recursive_directory_iterator It(A, EC), End; It != End && !EC;
           It.increment(EC))
        if (isSourceFile(It->path()) && sys::fs::is_regular_file(It->path()))
          Found.push_back(It->path());
      std::sort(Found.begin(), Found.end());
      if (Found.empty())
        Errors.push_back({A, "no C or C++ source files in this folder"});
      Files.insert(Files.end(), Found.begin(), Found.end());
    } else if (sys::fs::exists(A)) {
      Files.push_back(A);
    } else {
      Errors.push_back({A, "no such file or folder"});
    }
  }
}

} // namespace

int runParcheck(int Argc, const char **Argv) {
  // Everything after "--" is compiler flags for the files given.
  std::vector<const char *> Own;
  std::vector<std::string> Flags;
  bool HaveFlags = false;
  for (int I = 0; I < Argc; ++I) {
    if (!HaveFlags && StringRef(Argv[I]) == "--" && I > 0) {
      HaveFlags = true;
      continue;
    }
    if (HaveFlags)
      Flags.push_back(Argv[I]);
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
    return ExitError;

  std::vector<ToolError> Errors;
  // --checks and --baseline are read first: a typo fails fast, with exit 2.
  CheckFilter CheckSel;
  if (!Checks.empty()) {
    auto F = CheckFilter::parse(Checks);
    if (!F) {
      errs() << "error: parcheck: " << toString(F.takeError()) << "\n";
      return ExitError;
    }
    CheckSel = *F;
  }
  BaselineSet Baseline;
  if (!BaselineFile.empty()) {
    auto B = readBaseline(BaselineFile);
    if (!B) {
      errs() << "error: parcheck: " << toString(B.takeError()) << "\n";
      return ExitError;
    }
    Baseline = std::move(*B);
  }
  std::vector<TUFacts> AllFacts;

  if (!FromFacts.empty()) {
    std::error_code EC;
    std::vector<std::string> Files;
    for (sys::fs::directory_iterator It(FromFacts, EC), End; It != End && !EC; It.increment(EC))
      if (StringRef(It->path()).ends_with(".facts.json"))
        Files.push_back(It->path());
    if (EC) {
      errs() << "error: parcheck: cannot read facts folder '" << FromFacts << "': "
             << EC.message() << "\n";
      return ExitError;
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
      Errors.push_back({FromFacts, "no .facts.json files in this folder"});
  } else {
    std::vector<CompileJob> Work;
    std::vector<std::string> Files;
    expandInputs(Inputs, Files, Errors);
    if (HaveFlags) {
      if (Files.empty() && Errors.empty()) {
        errs() << "error: parcheck: no input files given before '--'\n";
        return ExitError;
      }
      for (const std::string &F : Files) {
        CompileJob J;
        J.File = F;
        SmallString<256> Cwd;
        sys::fs::current_path(Cwd);
        J.Directory = std::string(Cwd);
        J.Args.push_back("clang");
        J.Args.insert(J.Args.end(), Flags.begin(), Flags.end());
        Work.push_back(std::move(J));
      }
    } else {
      std::optional<std::string> DB;
      if (!BuildPath.empty()) {
        std::string P = absolutePath(BuildPath);
        if (sys::fs::is_directory(P)) {
          SmallString<256> C(P);
          sys::path::append(C, "compile_commands.json");
          P = std::string(C);
        }
        if (!sys::fs::exists(P)) {
          errs() << "error: parcheck: no compile_commands.json at '" << P << "'\n";
          return ExitError;
        }
        DB = P;
      } else {
        DB = findCompileDB(Inputs.empty() ? std::string(".") : Inputs.front());
      }
      if (!DB) {
        if (Files.empty()) {
          errs() << "error: parcheck: no compile_commands.json found here or above; use -p "
                    "<build-dir>, or name files followed by -- <compiler flags>\n";
          return ExitError;
        }
        errs() << "parcheck: no compile_commands.json found; compiling with default flags\n";
        for (const std::string &F : Files) {
          CompileJob J;
          J.File = F;
          J.Directory = sys::path::parent_path(F).str();
          J.Args.push_back("clang");
          Work.push_back(std::move(J));
        }
      } else {
        std::vector<std::string> Problems;
        auto Loaded = loadCompileDB(*DB, Problems);
        if (!Loaded) {
          errs() << "error: parcheck: " << toString(Loaded.takeError()) << "\n";
          return ExitError;
        }
        for (const std::string &P : Problems)
          Errors.push_back({*DB, P});
        std::vector<std::string> Roots;
        for (const std::string &I : Inputs)
          Roots.push_back(absolutePath(I));
        std::set<std::string> Matched;
        for (CompileJob &J : *Loaded) {
          bool Want = Roots.empty();
          for (const std::string &R : Roots)
            if (under(J.File, R)) {
              Want = true;
              Matched.insert(R);
            }
          if (Want)
            Work.push_back(std::move(J));
        }
        for (const std::string &R : Roots)
          if (!Matched.count(R) && sys::fs::exists(R))
            Errors.push_back({R, "not in the compile database " + *DB});
      }
    }
    for (CompileJob &J : Work)
      J.Args = sanitizeCommand(J.Args, J.File);
    // One job per file, in path order: the merge is then the same for any -j.
    std::stable_sort(Work.begin(), Work.end(),
                     [](const CompileJob &A, const CompileJob &B) { return A.File < B.File; });
    Work.erase(std::unique(Work.begin(), Work.end(),
                           [](const CompileJob &A, const CompileJob &B) {
                             return A.File == B.File;
                           }),
               Work.end());

    std::vector<JobResult> Results(Work.size());
    bool ShowProgress = Progress || sys::Process::StandardErrIsDisplayed();
    std::mutex OutMu;
    std::atomic<size_t> Done{0};
    {
      unsigned N = Jobs ? Jobs : std::max(1u, llvm::hardware_concurrency().compute_thread_count());
      DefaultThreadPool Pool(hardware_concurrency(N));
      for (size_t I = 0; I < Work.size(); ++I)
        Pool.async([&, I] {
          Results[I] = runJob(Work[I]);
          size_t K = ++Done;
          if (ShowProgress) {
            std::lock_guard<std::mutex> L(OutMu);
            errs() << "\r[" << K << "/" << Work.size() << "] "
                   << sys::path::filename(Work[I].File) << "\x1b[K";
            if (K == Work.size())
              errs() << "\n";
          }
        });
      Pool.wait();
    }
    if (!FactsDir.empty()) {
      if (std::error_code EC = sys::fs::create_directories(FactsDir)) {
        errs() << "error: parcheck: cannot create '" << FactsDir << "': " << EC.message()
               << "\n";
        return ExitError;
      }
    }
    for (size_t I = 0; I < Work.size(); ++I) {
      JobResult &R = Results[I];
      if (!R.Ok) {
        std::string Msg = "failed to analyse this translation unit";
        for (size_t K = 0; K < R.Errors.size() && K < 3; ++K)
          Msg += "\n  " + R.Errors[K];
        Errors.push_back({Work[I].File, Msg});
        continue;
      }
      if (!FactsDir.empty()) {
        SmallString<256> P(FactsDir);
        sys::path::append(P, factsFileName(Work[I].File));
        std::error_code EC;
        raw_fd_ostream OS(P, EC);
        if (EC)
          Errors.push_back({std::string(P), "cannot write facts: " + EC.message()});
        else
          OS << factsToJSON(R.Facts) << "\n";
      }
      AllFacts.push_back(std::move(R.Facts));
    }
  }

  // One program per TU that defines main (samples/, tests/ and tools/ folders
  // hold many programs), each with every TU that defines no main (library
  // code). With at most one main it is simply the whole tree.
  std::vector<size_t> Mains, Libs;
  for (size_t I = 0; I < AllFacts.size(); ++I) {
    bool HasMain = false;
    for (const FunctionFacts &F : AllFacts[I].Functions)
      HasMain = HasMain || F.IsMain;
    (HasMain ? Mains : Libs).push_back(I);
  }
  std::vector<std::vector<size_t>> Programs;
  if (Mains.size() <= 1) {
    Programs.emplace_back();
    for (size_t I = 0; I < AllFacts.size(); ++I)
      Programs.back().push_back(I);
  } else {
    for (size_t M : Mains) {
      std::vector<size_t> P = Libs;
      P.insert(std::lower_bound(P.begin(), P.end(), M), M);
      Programs.push_back(std::move(P));
    }
  }
  FindingCollector Sink;
  for (const std::vector<size_t> &Members : Programs) {
    Program Prog;
    for (size_t I : Members)
      Prog.add(AllFacts[I]);
    ProgramAnalysis Analysis(Prog);
    runRaceCheck(Analysis, Sink);
    runLockOrderCheck(Analysis, Sink);
    runLockMisuseCheck(Analysis, Sink);
  }
  std::vector<Finding> Findings = Sink.take();
  // Which findings count: chosen checks, minus inline suppressions, minus the baseline.
  Findings.erase(std::remove_if(Findings.begin(), Findings.end(),
                                [&](const Finding &F) { return !CheckSel.enabled(F.check()); }),
                 Findings.end());
  applySuppressions(Findings);
  if (!WriteBaselineFile.empty())
    if (Error E = writeBaseline(WriteBaselineFile, Findings))
      Errors.push_back({WriteBaselineFile, toString(std::move(E))});
  if (!BaselineFile.empty())
    applyBaseline(Findings, Baseline);

  std::sort(Errors.begin(), Errors.end(),
            [](const ToolError &A, const ToolError &B) { return A.File < B.File; });
  for (const ToolError &E : Errors)
    errs() << "error: parcheck: " << E.File << ": " << E.Message << "\n";

  if (Format == OutputFormat::Sarif)
    printSarif(outs(), Findings, Errors);
  else if (Format == OutputFormat::Json)
    printJson(outs(), Findings, Errors);
  else {
    bool UseColor = Color.getNumOccurrences() ? bool(Color) : outs().has_colors();
    printText(outs(), Findings, UseColor);
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
  if (!Errors.empty())
    return ExitError;
  if (!Findings.empty() && !ExitZero && WriteBaselineFile.empty())
    return ExitFindings;
  return ExitClean;
}

} // namespace parcheck
