//===- Baseline.cpp - --checks, suppressions, baselines -------------------===//
#include "report/Baseline.h"
#include "report/Filter.h"

#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>

namespace parcheck {

const std::vector<std::string> &knownChecks() {
  static const std::vector<std::string> C = [] {
    std::vector<std::string> R;
#define PARCHECK_KIND(Stem, Static, Runtime, SarifName, Short, Full)                         \
  if (Static)                                                                                \
    R.push_back("parcheck-" Stem);
#include "parcheck/Kinds.def"
    return R;
  }();
  return C;
}

static std::string fullName(std::string G) {
  G.erase(0, G.find_first_not_of(" \t"));
  G.erase(G.find_last_not_of(" \t") + 1);
  if (G.empty() || G[0] == '*' || G.rfind("parcheck-", 0) == 0 || G.rfind("parcheck", 0) == 0)
    return G;
  return "parcheck-" + G;
}

static bool globMatch(const std::string &Glob, const std::string &Name) {
  auto P = llvm::GlobPattern::create(Glob);
  if (!P) {
    llvm::consumeError(P.takeError());
    return Glob == Name;
  }
  return P->match(Name);
}

llvm::Expected<CheckFilter> CheckFilter::parse(const std::string &Spec) {
  CheckFilter F;
  size_t Pos = 0;
  while (Pos <= Spec.size()) {
    size_t Comma = Spec.find(',', Pos);
    std::string Part = Spec.substr(Pos, Comma == std::string::npos ? std::string::npos : Comma - Pos);
    Pos = Comma == std::string::npos ? Spec.size() + 1 : Comma + 1;
    Part.erase(0, Part.find_first_not_of(" \t"));
    if (Part.empty())
      continue;
    bool Positive = Part[0] != '-';
    std::string Glob = fullName(Positive ? Part : Part.substr(1));
    if (Glob.empty())
      continue;
    if (auto P = llvm::GlobPattern::create(Glob); !P)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "bad --checks glob '%s': %s", Glob.c_str(),
                                     llvm::toString(P.takeError()).c_str());
    if (Glob.find_first_of("*?[") == std::string::npos) {
      const auto &K = knownChecks();
      if (std::find(K.begin(), K.end(), Glob) == K.end())
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "unknown check '%s' in --checks", Glob.c_str());
    }
    F.Items.push_back({Glob, Positive});
    F.AnyPositive = F.AnyPositive || Positive;
  }
  return F;
}

bool CheckFilter::enabled(const std::string &Check) const {
  bool On = !AnyPositive;
  for (const Item &I : Items)
    if (globMatch(I.Glob, Check))
      On = I.Positive;
  return On;
}

/// Does this source line carry a parcheck-ignore(...) naming Check?
static bool lineIgnores(llvm::StringRef Line, const std::string &Check) {
  size_t At = Line.find("parcheck-ignore(");
  while (At != llvm::StringRef::npos) {
    size_t Comment = Line.substr(0, At).rfind("//");
    size_t Block = Line.substr(0, At).rfind("/*");
    size_t Close = Line.find(')', At);
    if ((Comment != llvm::StringRef::npos || Block != llvm::StringRef::npos) &&
        Close != llvm::StringRef::npos) {
      llvm::StringRef List = Line.slice(At + 16, Close);
      llvm::SmallVector<llvm::StringRef, 4> Parts;
      List.split(Parts, ',');
      for (llvm::StringRef P : Parts)
        if (globMatch(fullName(P.trim().str()), Check))
          return true;
    }
    At = Line.find("parcheck-ignore(", At + 1);
  }
  return false;
}

size_t applySuppressions(std::vector<Finding> &Fs, SourceLines &Src) {
  return eraseByPrimaryLocation(Fs, [&](const Finding &F, const SrcLoc &L) {
    const std::vector<llvm::StringRef> &Lines = Src.of(L.File);
    for (unsigned N : {L.Line, L.Line - 1})
      if (N >= 1 && N <= Lines.size() && lineIgnores(Lines[N - 1], F.check()))
        return true;
    return false;
  });
}

llvm::Expected<BaselineSet> readBaseline(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read baseline '%s': %s",
                                   Path.c_str(), Buf.getError().message().c_str());
  auto V = llvm::json::parse((*Buf)->getBuffer());
  if (!V)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "baseline '%s' is not JSON: %s", Path.c_str(),
                                   llvm::toString(V.takeError()).c_str());
  const llvm::json::Object *O = V->getAsObject();
  const llvm::json::Array *A = O ? O->getArray("findings") : nullptr;
  if (!A || O->getString("format").value_or("") != "parcheck-baseline-1")
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'%s' is not a parcheck baseline (want format "
                                   "\"parcheck-baseline-1\")",
                                   Path.c_str());
  BaselineSet S;
  for (const llvm::json::Value &E : *A) {
    const llvm::json::Object *EO = E.getAsObject();
    auto C = EO ? EO->getString("check") : std::nullopt;
    auto FP = EO ? EO->getString("fingerprint") : std::nullopt;
    if (!C || !FP)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "baseline '%s': an entry lacks 'check' or 'fingerprint'",
                                     Path.c_str());
    S.insert({C->str(), FP->str()});
  }
  return S;
}

llvm::Error writeBaseline(const std::string &Path, const std::vector<Finding> &Fs) {
  using namespace llvm::json;
  // One entry per (check, fingerprint), sorted: the file is stable and diffable.
  std::map<std::pair<std::string, std::string>, std::string> Entries;
  for (const Finding &F : Fs)
    Entries.emplace(std::make_pair(F.check(), F.fingerprint()), F.Message);
  Array A;
  for (const auto &[K, Msg] : Entries)
    A.push_back(Object{{"check", K.first}, {"fingerprint", K.second}, {"message", Msg}});
  Object Root{{"format", "parcheck-baseline-1"}, {"tool", "parcheck"}, {"findings", std::move(A)}};
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    return llvm::createStringError(EC, "cannot write baseline '%s': %s", Path.c_str(),
                                   EC.message().c_str());
  OS << llvm::formatv("{0:2}", Value(std::move(Root))) << "\n";
  return llvm::Error::success();
}

size_t applyBaseline(std::vector<Finding> &Fs, const BaselineSet &B) {
  size_t Before = Fs.size();
  Fs.erase(std::remove_if(Fs.begin(), Fs.end(),
                          [&](const Finding &F) {
                            return B.count({F.check(), F.fingerprint()}) != 0;
                          }),
           Fs.end());
  return Before - Fs.size();
}

} // namespace parcheck
