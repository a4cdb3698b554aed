//===- CompileDB.cpp - reading compile databases defensively --------------===//
#include "driver/CompileDB.h"

#include "clang/Driver/Options.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"

#include <set>

using namespace llvm;

namespace parcheck {

std::string absolutePath(StringRef Path, StringRef Base) {
  SmallString<256> P(Path);
  if (!sys::path::is_absolute(P)) {
    SmallString<256> B(Base);
    if (B.empty())
      sys::fs::current_path(B);
    else if (!sys::path::is_absolute(B))
      sys::fs::make_absolute(B);
    sys::path::append(B, P);
    P = B;
  }
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

bool isSourceFile(StringRef Path) {
  StringRef Ext = sys::path::extension(Path);
  return Ext == ".c" || Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" || Ext == ".c++" ||
         Ext == ".C";
}

static bool isCxx(StringRef File) {
  StringRef Ext = sys::path::extension(File);
  return Ext != ".c" && Ext != ".i"; // .i: preprocessed C (.ii is C++)
}

std::vector<std::string> sanitizeCommand(std::vector<std::string> Args, StringRef File) {
  static const std::set<std::string> Wrappers = {"ccache", "sccache", "distcc", "icecc",
                                                 "buildcache", "colorgcc"};
  while (Args.size() > 1 && Wrappers.count(sys::path::filename(Args[0]).str()))
    Args.erase(Args.begin());
  if (Args.empty())
    return Args;
  StringRef Compiler = sys::path::filename(Args[0]);
  bool Cxx = Compiler.contains("++") || Compiler.ends_with("cxx") ? true : isCxx(File);
  if (!isCxx(File))
    Cxx = false;
  Args[0] = Cxx ? "clang++" : "clang";

  // Flags the clang driver does not know (gcc-only) would fail the whole TU.
  std::vector<const char *> Ptrs;
  for (size_t I = 1; I < Args.size(); ++I)
    Ptrs.push_back(Args[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  const opt::OptTable &Opts = clang::driver::getDriverOptTable();
  opt::InputArgList AL = Opts.ParseArgs(Ptrs, MissingIndex, MissingCount,
                                        opt::Visibility(clang::driver::options::ClangOption));
  std::set<unsigned> Drop;
  for (const opt::Arg *A : AL)
    if (A->getOption().getKind() == opt::Option::UnknownClass)
      Drop.insert(A->getIndex() + 1);
  std::vector<std::string> Out;
  for (size_t I = 0; I < Args.size(); ++I) {
    if (Drop.count(unsigned(I)))
      continue;
    StringRef A = Args[I];
    if (A.starts_with("-std=")) {
      bool CxxStd = A.contains("++");
      if (CxxStd != Cxx)
        continue;
    }
    Out.push_back(Args[I]);
  }
  return Out;
}

Expected<std::vector<CompileJob>> loadCompileDB(StringRef Path, std::vector<std::string> &Problems) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read '%s': %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  Expected<json::Value> V = json::parse((*Buf)->getBuffer());
  if (!V)
    return createStringError(inconvertibleErrorCode(), "malformed compile database '%s': %s",
                             Path.str().c_str(), toString(V.takeError()).c_str());
  const json::Array *Entries = V->getAsArray();
  if (!Entries)
    return createStringError(inconvertibleErrorCode(),
                             "malformed compile database '%s': expected a JSON array",
                             Path.str().c_str());
  std::string DBDir = absolutePath(sys::path::parent_path(absolutePath(Path)));
  std::vector<CompileJob> Jobs;
  unsigned Index = 0;
  for (const json::Value &E : *Entries) {
    ++Index;
    const json::Object *O = E.getAsObject();
    auto Bad = [&](const Twine &Why) {
      // The caller names the database: the path is not repeated here.
      Problems.push_back(("entry " + Twine(Index) + ": " + Why).str());
    };
    if (!O) {
      Bad("not an object");
      continue;
    }
    std::optional<StringRef> Dir = O->getString("directory");
    std::optional<StringRef> File = O->getString("file");
    if (!File) {
      Bad("no 'file'");
      continue;
    }
    CompileJob J;
    J.Directory = absolutePath(Dir ? *Dir : StringRef("."), DBDir);
    J.File = absolutePath(*File, J.Directory);
    if (const json::Array *A = O->getArray("arguments")) {
      for (const json::Value &X : *A)
        if (auto S = X.getAsString())
          J.Args.push_back(S->str());
    } else if (auto C = O->getString("command")) {
      BumpPtrAllocator Alloc;
      StringSaver Saver(Alloc);
      SmallVector<const char *, 32> Toks;
      cl::TokenizeGNUCommandLine(*C, Saver, Toks);
      for (const char *T : Toks)
        J.Args.push_back(T);
    } else {
      Bad("neither 'arguments' nor 'command'");
      continue;
    }
    if (J.Args.empty()) {
      Bad("empty command");
      continue;
    }
    // Drop the source file itself and outputs; the tool adds the file back.
    std::vector<std::string> Clean;
    for (size_t I = 0; I < J.Args.size(); ++I) {
      const std::string &A = J.Args[I];
      if (I > 0 && (A == *File || absolutePath(A, J.Directory) == J.File))
        continue;
      if (A == "-o" || A == "-MF" || A == "-MT" || A == "-MQ") {
        ++I;
        continue;
      }
      if (A == "-c" || A == "-MD" || A == "-MMD" || A == "-M" || A == "-MM" ||
          (StringRef(A).starts_with("-o") && A.size() > 2))
        continue;
      Clean.push_back(A);
    }
    J.Args = std::move(Clean);
    Jobs.push_back(std::move(J));
  }
  return Jobs;
}

std::optional<std::string> findCompileDB(StringRef Start) {
  SmallString<256> Dir(absolutePath(Start));
  if (!sys::fs::is_directory(Dir))
    sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    SmallString<256> Candidate(Dir);
    sys::path::append(Candidate, "compile_commands.json");
    if (sys::fs::exists(Candidate))
      return std::string(Candidate);
    StringRef Parent = sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return std::nullopt;
}

} // namespace parcheck
