//===- Filter.cpp - which findings are shown ------------------------------===//
#include "report/Filter.h"
#include "report/Baseline.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

using namespace llvm;

namespace parcheck {
namespace {

bool globMatch(StringRef Glob, StringRef Name) {
  auto P = GlobPattern::create(Glob);
  if (!P) {
    consumeError(P.takeError());
    return Glob == Name;
  }
  return P->match(Name);
}

/// Does a NOLINT list "(a,b*)" (or no list: every check) name Check?
bool listNames(std::optional<StringRef> List, const std::string &Check) {
  if (!List)
    return true;
  SmallVector<StringRef, 4> Parts;
  List->split(Parts, ',');
  for (StringRef P : Parts)
    if (globMatch(P.trim(), Check))
      return true;
  return false;
}

enum class NolintKind { Line, NextLine, Begin, End };

struct Nolint {
  NolintKind Kind;
  std::optional<StringRef> List; ///< Inside the parentheses; none: every check.
};

/// Every NOLINT* marker on a line, in order.
std::vector<Nolint> nolintsOf(StringRef Line) {
  std::vector<Nolint> R;
  for (size_t At = Line.find("NOLINT"); At != StringRef::npos; At = Line.find("NOLINT", At + 1)) {
    StringRef Rest = Line.drop_front(At + 6);
    Nolint N{NolintKind::Line, std::nullopt};
    if (Rest.consume_front("NEXTLINE"))
      N.Kind = NolintKind::NextLine;
    else if (Rest.consume_front("BEGIN"))
      N.Kind = NolintKind::Begin;
    else if (Rest.consume_front("END"))
      N.Kind = NolintKind::End;
    if (Rest.starts_with("(")) {
      size_t Close = Rest.find(')');
      if (Close == StringRef::npos)
        continue; // "NOLINT(" unclosed: not a marker.
      N.List = Rest.slice(1, Close);
    }
    R.push_back(N);
  }
  return R;
}

std::string fullCheckName(StringRef G) {
  G = G.trim();
  if (G.empty() || G[0] == '*' || G.starts_with("parcheck"))
    return G.str();
  return "parcheck-" + G.str();
}

/// Every kind, static or runtime: a suppression may name either.
const std::vector<std::string> &allChecks() {
  static const std::vector<std::string> C = [] {
    std::vector<std::string> R;
#define PARCHECK_KIND(Stem, Static, Runtime, SarifName, Short, Full) R.push_back("parcheck-" Stem);
#include "parcheck/Kinds.def"
    return R;
  }();
  return C;
}

} // namespace

const std::vector<StringRef> &SourceLines::of(const std::string &Path) {
  auto It = Files.find(Path);
  if (It != Files.end())
    return It->second.Lines;
  File F;
  if (auto Buf = MemoryBuffer::getFile(Path)) {
    F.Text = std::move(*Buf);
    SmallVector<StringRef, 0> Parts;
    F.Text->getBuffer().split(Parts, '\n');
    F.Lines.reserve(Parts.size());
    for (StringRef P : Parts)
      F.Lines.push_back(P.rtrim('\r'));
  }
  // Moving the buffer's owner keeps its text where the views point.
  return Files.emplace(Path, std::move(F)).first->second.Lines;
}

bool nolintSuppresses(const std::vector<StringRef> &Lines, unsigned Line,
                      const std::string &Check) {
  if (Line == 0 || Line > Lines.size())
    return false;
  for (const Nolint &N : nolintsOf(Lines[Line - 1]))
    if (N.Kind == NolintKind::Line && listNames(N.List, Check))
      return true;
  if (Line >= 2)
    for (const Nolint &N : nolintsOf(Lines[Line - 2]))
      if (N.Kind == NolintKind::NextLine && listNames(N.List, Check))
        return true;
  // NOLINTBEGIN(list) ... NOLINTEND(list): the open blocks at Line, each closed
  // by the first END with the same list after it.
  std::vector<std::optional<std::string>> Open;
  for (unsigned I = 1; I <= Lines.size(); ++I) {
    for (const Nolint &N : nolintsOf(Lines[I - 1])) {
      std::optional<std::string> L =
          N.List ? std::optional<std::string>(N.List->str()) : std::nullopt;
      if (N.Kind == NolintKind::Begin && I <= Line) {
        Open.push_back(L);
      } else if (N.Kind == NolintKind::End) {
        auto It = std::find(Open.rbegin(), Open.rend(), L);
        if (It == Open.rend())
          continue;
        if (I >= Line) {
          // Closed at or after the finding: it was inside this block.
          if (listNames(It->has_value() ? std::optional<StringRef>(**It) : std::nullopt, Check))
            return true;
        }
        Open.erase(std::next(It).base());
      }
    }
  }
  return false;
}

size_t applyNolint(std::vector<Finding> &Fs, SourceLines &Src) {
  return eraseByPrimaryLocation(Fs, [&](const Finding &F, const SrcLoc &L) {
    return nolintSuppresses(Src.of(L.File), L.Line, F.check());
  });
}

size_t applyHeaderFilter(std::vector<Finding> &Fs, const std::set<std::string> &MainFiles,
                         const Regex &HeaderFilter) {
  size_t Before = Fs.size();
  Fs.erase(std::remove_if(Fs.begin(), Fs.end(),
                          [&](const Finding &F) {
                            if (F.Locations.empty())
                              return false;
                            const std::string &File = F.Locations[0].Where.File;
                            return !MainFiles.count(File) && !HeaderFilter.match(File);
                          }),
           Fs.end());
  return Before - Fs.size();
}

Expected<LineFilter> LineFilter::parse(StringRef Json) {
  auto Bad = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(), "bad --line-filter: " + Why);
  };
  Expected<json::Value> V = json::parse(Json);
  if (!V)
    return Bad(toString(V.takeError()));
  const json::Array *A = V->getAsArray();
  if (!A)
    return Bad("want a JSON array of {\"name\": ..., \"lines\": [[first, last], ...]}");
  LineFilter F;
  for (const json::Value &E : *A) {
    const json::Object *O = E.getAsObject();
    std::optional<StringRef> Name = O ? O->getString("name") : std::nullopt;
    if (!Name)
      return Bad("an entry has no \"name\"");
    Entry En{Name->str(), {}};
    if (const json::Value *LV = O->get("lines")) {
      const json::Array *LA = LV->getAsArray();
      if (!LA)
        return Bad("\"lines\" of '" + *Name + "' is not an array");
      for (const json::Value &R : *LA) {
        const json::Array *P = R.getAsArray();
        std::optional<int64_t> First = P && P->size() == 2 ? (*P)[0].getAsInteger() : std::nullopt;
        std::optional<int64_t> Last = P && P->size() == 2 ? (*P)[1].getAsInteger() : std::nullopt;
        if (!First || !Last)
          return Bad("a range of '" + *Name + "' is not [first, last]");
        En.Lines.push_back({unsigned(*First), unsigned(*Last)});
      }
      if (En.Lines.empty())
        return Bad("\"lines\" of '" + *Name + "' is empty");
    }
    F.Entries.push_back(std::move(En));
  }
  return F;
}

bool LineFilter::passes(const SrcLoc &L) const {
  for (const Entry &E : Entries) {
    if (!StringRef(L.File).ends_with(E.Name))
      continue;
    if (E.Lines.empty())
      return true;
    for (const auto &[First, Last] : E.Lines)
      if (L.Line >= First && L.Line <= Last)
        return true;
  }
  return false;
}

size_t applyLineFilter(std::vector<Finding> &Fs, const LineFilter &F) {
  size_t Before = Fs.size();
  Fs.erase(std::remove_if(Fs.begin(), Fs.end(),
                          [&](const Finding &X) {
                            return !X.Locations.empty() && !F.passes(X.Locations[0].Where);
                          }),
           Fs.end());
  return Before - Fs.size();
}

unsigned warnUnknownIgnores(const std::set<std::string> &Files, SourceLines &Src,
                            raw_ostream &OS) {
  static constexpr StringRef Marker = "parcheck-ignore(";
  unsigned N = 0;
  for (const std::string &File : Files) {
    const std::vector<StringRef> &Lines = Src.of(File);
    for (size_t LI = 0; LI < Lines.size(); ++LI) {
      StringRef Line = Lines[LI];
      for (size_t At = Line.find(Marker); At != StringRef::npos;
           At = Line.find(Marker, At + 1)) {
        // Only in a comment, as applySuppressions reads it.
        StringRef Head = Line.take_front(At);
        size_t Close = Line.find(')', At);
        if ((Head.find("//") == StringRef::npos && Head.find("/*") == StringRef::npos) ||
            Close == StringRef::npos)
          continue;
        SmallVector<StringRef, 4> Parts;
        Line.slice(At + Marker.size(), Close).split(Parts, ',');
        size_t Col = At + Marker.size();
        for (StringRef P : Parts) {
          size_t ItemCol = Col + (P.size() - P.ltrim().size());
          Col += P.size() + 1;
          std::string Name = fullCheckName(P);
          // Prose ("parcheck-ignore(<check>)", "(...)") names no check.
          if (Name.empty() || StringRef(Name).find_first_not_of(
                                  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                  "-_*?[]") != StringRef::npos)
            continue;
          const std::vector<std::string> &All = allChecks();
          bool Any = std::any_of(All.begin(), All.end(),
                                 [&](const std::string &C) { return globMatch(Name, C); });
          if (Any)
            continue;
          std::string Best;
          unsigned BestD = 4;
          for (const std::string &C : knownChecks()) {
            unsigned D = StringRef(C).edit_distance(Name, true, BestD);
            if (D < BestD)
              BestD = D, Best = C;
          }
          OS << File << ":" << LI + 1 << ":" << ItemCol + 1 << ": warning: "
             << (Name.find_first_of("*?[") == std::string::npos ? "unknown check '"
                                                                  : "no check matches '")
             << P.trim() << "' in parcheck-ignore(...)";
          if (!Best.empty())
            OS << "; did you mean '" << Best << "'?";
          OS << " [parcheck-ignore]\n";
          ++N;
        }
      }
    }
  }
  return N;
}

} // namespace parcheck
