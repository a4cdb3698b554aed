//===- CompilerMode.cpp - the per-TU step as a build action ---------------===//
#include "driver/CompilerMode.h"
#include "driver/AtomicFile.h"
#include "driver/CompileDB.h"
#include "driver/TUPool.h"
#include "facts/FactsIO.h"

#include "clang/Driver/Options.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

using namespace llvm;
namespace copts = clang::driver::options;

namespace parcheck {
namespace {

/// What a compiler command line does, as the clang driver reads it.
struct CompileCommandShape {
  std::vector<std::string> Inputs;
  std::string Output;              ///< -o, or the default object name.
  bool Compile = false;            ///< -c, and not -E / -S / -fsyntax-only.
  bool Preprocess = false;         ///< -E.
  std::vector<std::string> NoInput; ///< The arguments without the inputs.
};

CompileCommandShape readCommand(const std::vector<std::string> &Args) {
  CompileCommandShape S;
  std::vector<const char *> Ptrs;
  for (const std::string &A : Args)
    Ptrs.push_back(A.c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  opt::InputArgList AL = clang::driver::getDriverOptTable().ParseArgs(
      Ptrs, MissingIndex, MissingCount, opt::Visibility(copts::ClangOption));
  std::vector<bool> IsInput(Args.size());
  for (const opt::Arg *A : AL)
    if (A->getOption().matches(copts::OPT_INPUT)) {
      S.Inputs.push_back(A->getValue());
      IsInput[A->getIndex()] = true;
    }
  S.Preprocess = AL.hasArg(copts::OPT_E);
  S.Compile = AL.hasArg(copts::OPT_c) && !S.Preprocess && !AL.hasArg(copts::OPT_S) &&
              !AL.hasArg(copts::OPT_fsyntax_only);
  if (const opt::Arg *O = AL.getLastArg(copts::OPT_o))
    S.Output = O->getValue();
  else if (S.Inputs.size() == 1)
    S.Output = sys::path::stem(S.Inputs[0]).str() + ".o";
  for (size_t I = 0; I < Args.size(); ++I)
    if (!IsInput[I])
      S.NoInput.push_back(Args[I]);
  return S;
}

/// The facts of the one TU that S compiles; nullopt with the reasons in
/// Errors.
std::optional<TUFacts> factsOf(const std::string &Compiler, const CompileCommandShape &S,
                               std::vector<std::string> &Errors) {
  if (S.Inputs.size() != 1) {
    Errors.push_back("expected one input file, got " + std::to_string(S.Inputs.size()));
    return std::nullopt;
  }
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  CompileJob J;
  J.File = absolutePath(S.Inputs[0]);
  J.Directory = std::string(Cwd);
  J.Args = S.NoInput;
  J.Args.insert(J.Args.begin(), Compiler);
  J.Args = sanitizeCommand(J.Args, J.File);
  JobResult R = runJob(J);
  if (!R.Ok) {
    Errors = R.Errors;
    return std::nullopt;
  }
  return std::move(R.Facts);
}

/// Facts as the facts file at Path (JSON and a newline, streamed: a TU's
/// facts may be a hundred megabytes), whole or not at all.
bool writeFactsFile(llvm::StringRef Path, const TUFacts &F, std::string &Why) {
  return writeFileAtomically(
      Path,
      [&](raw_ostream &OS) {
        writeFactsJSON(F, OS);
        OS << "\n";
      },
      Why);
}

int reportErrors(StringRef File, const std::vector<std::string> &Errors) {
  errs() << "error: parcheck: " << File << ": failed to analyse this translation unit\n";
  for (const std::string &E : Errors)
    errs() << "  " << E << "\n";
  return 1;
}

/// parcheck-cc: a compiler whose object is the facts file.
int runAsCompiler(const std::vector<std::string> &Args) {
  CompileCommandShape S = readCommand(Args);
  if (S.Preprocess) {
    // The preprocessor a remote facts step must agree with: clang's own.
    bool Cxx = !S.Inputs.empty() && sanitizeCommand({"cc"}, S.Inputs[0]).front() == "clang++";
    std::string Clang = std::string(PARCHECK_CLANG_BIN_DIR) + (Cxx ? "/clang++" : "/clang");
    std::vector<StringRef> Argv{Clang};
    for (const std::string &A : Args)
      Argv.push_back(A);
    std::string Msg;
    int RC = sys::ExecuteAndWait(Clang, Argv, std::nullopt, {}, 0, 0, &Msg);
    if (RC < 0)
      errs() << "error: parcheck-cc: cannot run '" << Clang << "': " << Msg << "\n";
    return RC < 0 ? 1 : RC;
  }
  if (!S.Compile) {
    errs() << "error: parcheck-cc: only -E and -c are supported (a facts step makes one "
              "facts file per translation unit)\n";
    return 1;
  }
  std::vector<std::string> Errors;
  std::optional<TUFacts> Facts = factsOf("cc", S, Errors);
  if (!Facts)
    return reportErrors(S.Inputs.empty() ? "" : S.Inputs[0], Errors);
  std::string Why;
  if (!writeFactsFile(S.Output, *Facts, Why)) {
    errs() << "error: parcheck-cc: " << Why << "\n";
    return 1;
  }
  return 0;
}

/// parcheck --launch <compiler> <args>: the build's compile, then its facts.
int runLauncher(const std::vector<std::string> &Cmd) {
  if (Cmd.empty()) {
    errs() << "error: parcheck --launch: no compiler command given\n";
    return 2;
  }
  ErrorOr<std::string> Exe = Cmd[0].find('/') == std::string::npos
                                 ? sys::findProgramByName(Cmd[0])
                                 : ErrorOr<std::string>(Cmd[0]);
  if (!Exe) {
    errs() << "error: parcheck --launch: cannot find '" << Cmd[0] << "'\n";
    return 127;
  }
  std::vector<StringRef> Argv(Cmd.begin(), Cmd.end());
  std::string Msg;
  int RC = sys::ExecuteAndWait(*Exe, Argv, std::nullopt, {}, 0, 0, &Msg);
  if (RC != 0) {
    if (RC < 0)
      errs() << "error: parcheck --launch: cannot run '" << *Exe << "': " << Msg << "\n";
    return RC < 0 ? 1 : RC;
  }
  CompileCommandShape S = readCommand(std::vector<std::string>(Cmd.begin() + 1, Cmd.end()));
  if (!S.Compile || S.Inputs.size() != 1)
    return 0; // a link, a preprocess or a multi-file command: no one TU to describe
  // The build succeeded whatever happens now: a facts failure is recorded
  // beside the object for --from-facts to report, not a broken build.
  std::string Out = S.Output + ".facts.json", ErrOut = S.Output + ".facts-error", Why;
  std::vector<std::string> Errors;
  std::optional<TUFacts> Facts = factsOf(Cmd[0], S, Errors);
  if (Facts && writeFactsFile(Out, *Facts, Why)) {
    sys::fs::remove(ErrOut);
    return 0;
  }
  if (Why.empty())
    for (const std::string &E : Errors)
      Why += (Why.empty() ? "" : "\n  ") + E;
  std::string Text = absolutePath(S.Inputs[0]) + ": failed to analyse this translation unit\n  " +
                     Why + "\n";
  std::string Ignored;
  sys::fs::remove(Out);
  writeFileAtomically(ErrOut, Text, Ignored);
  errs() << "warning: parcheck: " << Text;
  return 0;
}

} // namespace

bool runCompilerMode(int Argc, const char **Argv, int &Exit) {
  std::vector<std::string> Args(Argv + 1, Argv + Argc);
  if (sys::path::filename(Argv[0]) == "parcheck-cc") {
    Exit = runAsCompiler(Args);
    return true;
  }
  if (!Args.empty() && Args[0] == "--as-compiler") {
    Exit = runAsCompiler(std::vector<std::string>(Args.begin() + 1, Args.end()));
    return true;
  }
  if (!Args.empty() && Args[0] == "--launch") {
    Exit = runLauncher(std::vector<std::string>(Args.begin() + 1, Args.end()));
    return true;
  }
  return false;
}

} // namespace parcheck
