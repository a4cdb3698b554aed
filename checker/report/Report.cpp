//===- Report.cpp - printing findings -------------------------------------===//
#include "report/Report.h"

#include "llvm/Support/JSON.h"
#include <algorithm>

namespace parcheck {

std::vector<Finding> FindingCollector::take() {
  std::vector<Finding> R = std::move(Findings);
  std::stable_sort(R.begin(), R.end());
  R.erase(std::unique(R.begin(), R.end(),
                      [](const Finding &A, const Finding &B) {
                        // One finding reached twice (two programs sharing a library
                        // TU, a member path met through its field and its variable).
                        return A.Kind == B.Kind && A.Message == B.Message &&
                               !A.Locations.empty() && !B.Locations.empty() &&
                               A.Locations[0].Where == B.Locations[0].Where;
                      }),
          R.end());
  return R;
}

void printText(llvm::raw_ostream &OS, const std::vector<Finding> &Fs, bool Color) {
  for (const Finding &F : Fs) {
    for (size_t I = 0; I < F.Locations.size(); ++I) {
      const FindingLoc &L = F.Locations[I];
      if (Color)
        OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
      OS << L.Where.str() << ": ";
      if (I == 0) {
        if (Color)
          OS.changeColor(F.Severity == "error" ? llvm::raw_ostream::RED
                                               : llvm::raw_ostream::MAGENTA,
                         true);
        OS << F.Severity << ": ";
        if (Color)
          OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
        OS << F.Message << " [" << F.check() << "]";
      } else {
        if (Color)
          OS.changeColor(llvm::raw_ostream::BLACK, true);
        OS << "note: ";
        if (Color)
          OS.resetColor();
        OS << L.Note;
      }
      if (Color)
        OS.resetColor();
      OS << "\n";
      if (I > 0 && !L.Stack.empty()) {
        OS << "    called from: ";
        for (size_t K = 0; K < L.Stack.size(); ++K)
          OS << (K ? " -> " : "") << L.Stack[K];
        OS << "\n";
      }
    }
  }
}

static llvm::json::Value findingToJson(const Finding &F) {
  using namespace llvm::json;
  Array Locs;
  for (const FindingLoc &L : F.Locations) {
    Object O{{"file", L.Where.File}, {"line", L.Where.Line}, {"column", L.Where.Col},
             {"role", L.Role}};
    if (!L.Thread.empty())
      O["thread"] = L.Thread;
    if (!L.Function.empty())
      O["function"] = L.Function;
    if (!L.Note.empty())
      O["message"] = L.Note;
    if (!L.Stack.empty()) {
      Array S;
      for (const std::string &X : L.Stack)
        S.push_back(X);
      O["stack"] = std::move(S);
    }
    Locs.push_back(std::move(O));
  }
  Array Locks, Threads;
  for (const std::string &S : F.Locks)
    Locks.push_back(S);
  for (const std::string &S : F.Threads)
    Threads.push_back(S);
  return Object{{"kind", F.Kind},         {"check", F.check()},
                {"severity", F.Severity}, {"message", F.Message},
                {"locations", std::move(Locs)}, {"locks", std::move(Locks)},
                {"threads", std::move(Threads)}, {"source", F.Source},
                {"fingerprint", F.fingerprint()}};
}

void printJson(llvm::raw_ostream &OS, const std::vector<Finding> &Fs,
               const std::vector<ToolError> &Errors) {
  using namespace llvm::json;
  Array A;
  for (const Finding &F : Fs)
    A.push_back(findingToJson(F));
  Array E;
  for (const ToolError &T : Errors)
    E.push_back(Object{{"file", T.File}, {"message", T.Message}});
  Object Root{{"tool", "parcheck"},
              {"version", PARCHECK_VERSION},
              {"source", "static"},
              {"findings", std::move(A)},
              {"errors", std::move(E)}};
  OS << llvm::formatv("{0:2}", Value(std::move(Root))) << "\n";
}

} // namespace parcheck
