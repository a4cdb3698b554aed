//===- TUPool.cpp - extracting translation units in parallel --------------===//
#include "driver/TUPool.h"
#include "driver/FactsCache.h"
#include "extract/Extract.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <mutex>

using namespace llvm;
using namespace clang;

namespace parcheck {
namespace {

/// Collects a TU's errors as text (warnings are not ours to show).
class ErrorCollector : public DiagnosticConsumer {
public:
  std::vector<std::string> Errors;
  /// The base class is not called: it counts errors, and the compiler prints
  /// "1 error generated." on stderr from that count. The errors are ours to
  /// report, once, in parcheck's message.
  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
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
  FactsAction(JobResult &Out, const CompileJob &J) : Out(Out), Directory(J.Directory), J(J) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, StringRef) override {
    return makeFactsConsumer(Out.Facts, J.Imports);
  }
  /// Records every file the parse read (the main file, headers), absolute,
  /// sorted: what the facts cache must re-check.
  void EndSourceFileAction() override {
    const SourceManager &SM = getCompilerInstance().getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      SmallString<256> P(It->first.getName());
      if (sys::path::is_relative(P))
        sys::fs::make_absolute(Directory, P);
      sys::path::remove_dots(P, /*remove_dot_dot=*/false);
      Out.Deps.push_back(std::string(P));
    }
    std::sort(Out.Deps.begin(), Out.Deps.end());
    Out.Deps.erase(std::unique(Out.Deps.begin(), Out.Deps.end()), Out.Deps.end());
  }

private:
  JobResult &Out;
  std::string Directory;
  const CompileJob &J;
};

class FactsActionFactory : public tooling::FrontendActionFactory {
public:
  FactsActionFactory(JobResult &Out, const CompileJob &J) : Out(Out), J(J) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<FactsAction>(Out, J);
  }

private:
  JobResult &Out;
  const CompileJob &J;
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

} // namespace

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
  FactsActionFactory Factory(R, J);
  int RC = Tool.run(&Factory);
  R.Ok = RC == 0 && Diags.Errors.empty();
  R.Errors = Diags.Errors;
  if (!R.Ok && R.Errors.empty())
    R.Errors.push_back("the compiler failed (exit " + std::to_string(RC) + ")");
  return R;
}

std::vector<JobResult> runPool(const std::vector<CompileJob> &Work, unsigned Jobs,
                               Progress Show, FactsCache *Cache) {
  std::vector<JobResult> Results(Work.size());
  std::mutex OutMu;
  std::atomic<size_t> Done{0};
  unsigned N = Jobs ? Jobs : std::max(1u, llvm::hardware_concurrency().compute_thread_count());
  DefaultThreadPool Pool(hardware_concurrency(N));
  for (size_t I = 0; I < Work.size(); ++I)
    Pool.async([&, I] {
      std::optional<TUFacts> Cached = Cache ? Cache->lookup(Work[I]) : std::nullopt;
      if (Cached) {
        Results[I].Facts = std::move(*Cached);
        Results[I].Ok = Results[I].FromCache = true;
      } else {
        Results[I] = runJob(Work[I]);
        if (Cache && Results[I].Ok)
          Cache->store(Work[I], Results[I].Facts, Results[I].Deps);
      }
      size_t K = ++Done;
      if (Show != Progress::None) {
        std::lock_guard<std::mutex> L(OutMu);
        bool Redraw = Show == Progress::Redraw;
        errs() << (Redraw ? "\r[" : "[") << K << "/" << Work.size() << "] "
               << sys::path::filename(Work[I].File) << (Redraw ? "\x1b[K" : "\n");
        if (Redraw && K == Work.size())
          errs() << "\n";
      }
    });
  Pool.wait();
  return Results;
}

} // namespace parcheck
