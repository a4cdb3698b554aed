//===- Plan.cpp - from inputs to compile jobs -----------------------------===//
#include "driver/Plan.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>
#include <tuple>

using namespace llvm;

namespace parcheck {
namespace {

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

/// Every file compiled by "clang <Flags>" in Directory ("" for the file's own folder).
std::vector<CompileJob> jobsWithFlags(const std::vector<std::string> &Files,
                                      const std::vector<std::string> &Flags,
                                      const std::string &Directory) {
  std::vector<CompileJob> Work;
  for (const std::string &F : Files) {
    CompileJob J;
    J.File = F;
    J.Directory = Directory.empty() ? sys::path::parent_path(F).str() : Directory;
    J.Args.push_back("clang");
    J.Args.insert(J.Args.end(), Flags.begin(), Flags.end());
    Work.push_back(std::move(J));
  }
  return Work;
}

/// The compile database to use: -p (a folder or the file itself), else the
/// nearest one at or above the first input. Nullopt with *Fatal set when -p
/// names nothing.
std::optional<std::string> chooseCompileDB(const Options &O, bool *Fatal) {
  *Fatal = false;
  if (O.BuildPath.empty())
    return findCompileDB(O.Inputs.empty() ? std::string(".") : O.Inputs.front());
  std::string P = absolutePath(O.BuildPath);
  if (sys::fs::is_directory(P)) {
    SmallString<256> C(P);
    sys::path::append(C, "compile_commands.json");
    P = std::string(C);
  }
  if (!sys::fs::exists(P)) {
    errs() << "error: parcheck: no compile_commands.json at '" << P << "'\n";
    *Fatal = true;
    return std::nullopt;
  }
  return P;
}

/// The database's entries under the inputs (all of them when no input is given).
std::optional<std::vector<CompileJob>> jobsFromDB(const Options &O, const std::string &DB,
                                                  std::vector<ToolError> &Errors) {
  std::vector<std::string> Problems;
  auto Loaded = loadCompileDB(DB, Problems);
  if (!Loaded) {
    errs() << "error: parcheck: " << toString(Loaded.takeError()) << "\n";
    return std::nullopt;
  }
  for (const std::string &P : Problems)
    Errors.push_back({DB, P});
  std::vector<std::string> Roots;
  for (const std::string &I : O.Inputs)
    Roots.push_back(absolutePath(I));
  std::set<std::string> Matched;
  std::vector<CompileJob> Work;
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
      Errors.push_back({R, "not in the compile database " + DB});
  return Work;
}

std::optional<std::vector<CompileJob>> chooseJobs(const Options &O,
                                                  std::vector<ToolError> &Errors,
                                                  std::string &ChosenDB) {
  std::vector<std::string> Files;
  expandInputs(O.Inputs, Files, Errors);
  if (O.HaveFlags) {
    if (Files.empty() && Errors.empty()) {
      errs() << "error: parcheck: no input files given before '--'\n";
      return std::nullopt;
    }
    SmallString<256> Cwd;
    sys::fs::current_path(Cwd);
    return jobsWithFlags(Files, O.Flags, std::string(Cwd));
  }
  bool Fatal;
  std::optional<std::string> DB = chooseCompileDB(O, &Fatal);
  if (Fatal)
    return std::nullopt;
  if (DB) {
    ChosenDB = *DB;
    return jobsFromDB(O, *DB, Errors);
  }
  if (Files.empty()) {
    errs() << "error: parcheck: no compile_commands.json found here or above; use -p "
              "<build-dir>, or name files followed by -- <compiler flags>\n";
    return std::nullopt;
  }
  if (!O.Quiet)
    errs() << "parcheck: no compile_commands.json found; compiling with default flags\n";
  return jobsWithFlags(Files, {}, "");
}

} // namespace

std::optional<std::vector<CompileJob>> planJobs(const Options &O,
                                                std::vector<ToolError> &Errors,
                                                std::string *ChosenDB) {
  std::string DB;
  std::optional<std::vector<CompileJob>> Work = chooseJobs(O, Errors, DB);
  if (ChosenDB)
    *ChosenDB = DB;
  if (!Work)
    return std::nullopt;
  for (CompileJob &J : *Work)
    J.Args = sanitizeCommand(J.Args, J.File);
  // By path; of the entries for one file the first in the database wins.
  std::vector<size_t> Order(Work->size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  std::sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    return std::tie((*Work)[A].File, A) < std::tie((*Work)[B].File, B);
  });
  std::vector<CompileJob> Sorted;
  for (size_t I : Order)
    if (Sorted.empty() || Sorted.back().File != (*Work)[I].File)
      Sorted.push_back(std::move((*Work)[I]));
  return Sorted;
}

} // namespace parcheck
