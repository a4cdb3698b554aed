//===- ReportSarif.cpp - SARIF 2.1.0 output -------------------------------===//
//
// The log validates against the OASIS SARIF 2.1.0 schema (test/checker/sarif).
// Mapping from the finding model:
//   Finding            result (ruleId "parcheck-<kind>", level from severity)
//   Locations[0]       result.locations[0]
//   Locations[1..]     result.relatedLocations, with the note as message
//   threads / edges    result.codeFlows: a race has one threadFlow per thread,
//                      a lock-order cycle one per edge (held, then acquired)
//   fingerprint()      result.partialFingerprints["parcheck/v1"]
//   ToolError          invocations[0].toolExecutionNotifications
//   SrcLoc             artifactLocation relative to %SRCROOT% (originalUriBaseIds),
//                      absolute file:// outside it; columns converted from the
//                      checker's bytes to the code points columnKind declares
//   docs/checks/*.md   each rule's help (text and markdown), embedded at build
//                      time (cmake/EmbedCheckDocs.cmake), and helpUri under
//                      PARCHECK_DOCS_URL
//
//===----------------------------------------------------------------------===//
#include "report/ReportSarif.h"
#include "report/Baseline.h"
#include "report/Filter.h"
#include "report/Message.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <cctype>
#include <map>

namespace parcheck {
namespace {

using namespace llvm::json;

struct RuleDoc {
  bool Static;
  const char *Id, *Name, *Short, *Full;
};

/// Every kind of common/parcheck/Kinds.def, in its order; the checker's rules are the static ones.
const RuleDoc Rules[] = {
#define PARCHECK_KIND(Stem, Static, Runtime, SarifName, Short, Full)                         \
  {Static, "parcheck-" Stem, SarifName, Short, Full},
#include "parcheck/Kinds.def"
};

/// docs/checks/<stem>.md, embedded by the build.
struct CheckDoc {
  const char *Stem, *Markdown;
};
const CheckDoc CheckDocs[] = {
#define PARCHECK_CHECK_DOC(Stem, Markdown) {Stem, Markdown},
#include "CheckDocs.inc"
};

const char *docOf(llvm::StringRef Stem) {
  for (const CheckDoc &D : CheckDocs)
    if (Stem == D.Stem)
      return D.Markdown;
  return nullptr;
}

/// The first paragraph after the title, unwrapped: the plain-text help.
std::string firstParagraph(llvm::StringRef Md) {
  llvm::SmallVector<llvm::StringRef, 16> Lines;
  Md.split(Lines, '\n');
  std::string R;
  for (llvm::StringRef L : Lines) {
    if (L.starts_with("#"))
      continue;
    if (L.trim().empty()) {
      if (!R.empty())
        break;
      continue;
    }
    R += (R.empty() ? "" : " ") + L.trim().str();
  }
  return R;
}

/// GitHub code scanning shows these tags and filters on them.
Array tagsOf(llvm::StringRef Stem) {
  Array T{"concurrency", "correctness"};
  if (Stem == "race")
    T.push_back("data-race");
  if (Stem == "lock-order" || Stem == "double-lock")
    T.push_back("deadlock");
  return T;
}

struct UriContext {
  std::string Root; ///< Absolute, without a trailing '/'.
  SourceLines &Src;
};

std::string fileUri(const std::string &Path) {
  std::string R = Path.empty() || Path[0] != '/' ? std::string() : "file://";
  for (char C : Path) {
    if (std::isalnum((unsigned char)C) || C == '/' || C == '.' || C == '_' || C == '-' ||
        C == '~' || C == '+')
      R += C;
    else
      R += llvm::formatv("%{0:X-2}", (unsigned)(unsigned char)C).str();
  }
  return R;
}

/// Relative to %SRCROOT% when under Root, else an absolute file:// URI.
Object artifact(const std::string &Path, const UriContext &U) {
  llvm::StringRef P(Path), R(U.Root);
  if (!R.empty() && P.size() > R.size() + 1 && P.starts_with(R) &&
      (P[R.size()] == '/' || R == "/"))
    return Object{{"uri", fileUri(P.drop_front(R == "/" ? 1 : R.size() + 1).str())},
                  {"uriBaseId", "%SRCROOT%"}};
  return Object{{"uri", fileUri(Path)}};
}

/// The checker's columns count bytes; SARIF's unicodeCodePoints count
/// characters: "/*ééé*/x" puts x at byte column 14 and code-point column 11.
/// A line that cannot be read keeps the byte column.
unsigned codePointColumn(const SrcLoc &L, const UriContext &U) {
  const std::vector<std::string> &Lines = U.Src.of(L.File);
  if (L.Line == 0 || L.Line > Lines.size())
    return L.Col;
  const std::string &Line = Lines[L.Line - 1];
  unsigned Col = 1;
  for (size_t I = 0; I + 1 < L.Col && I < Line.size(); ++I)
    if ((static_cast<unsigned char>(Line[I]) & 0xC0) != 0x80)
      ++Col;
  return Col;
}

Object physical(const SrcLoc &L, const UriContext &U) {
  Object P{{"artifactLocation", artifact(L.File, U)}};
  if (L.Line) {
    Object Region{{"startLine", L.Line}};
    if (L.Col)
      Region["startColumn"] = codePointColumn(L, U);
    P["region"] = std::move(Region);
  }
  return P;
}

Object location(const FindingLoc &L, const std::string &Text, const UriContext &U) {
  Object O{{"physicalLocation", physical(L.Where, U)}};
  if (!Text.empty())
    O["message"] = Object{{"text", Text}};
  if (!L.Function.empty())
    O["logicalLocations"] = Array{Object{{"name", L.Function}, {"kind", "function"}}};
  return O;
}

Object flowLoc(const FindingLoc &L, const std::string &Text, const UriContext &U) {
  return Object{{"location", location(L, Text, U)}};
}

std::string describe(const FindingLoc &L) {
  if (!L.Note.empty())
    return L.Note;
  return msg::SarifStep(L.Role, !L.Thread.empty(), L.Thread);
}

Array codeFlows(const Finding &F, const UriContext &U) {
  Array Threads;
  if (F.Kind == "lock-order") {
    // Each edge: an "acquire" location with its thread, followed by the "held"
    // location of the lock that was held when it was taken.
    for (size_t I = 0; I < F.Locations.size(); ++I) {
      const FindingLoc &L = F.Locations[I];
      if (L.Role != "acquire" || L.Thread.empty())
        continue;
      Array Locs;
      if (I + 1 < F.Locations.size() && F.Locations[I + 1].Role == "held")
        Locs.push_back(flowLoc(F.Locations[I + 1], describe(F.Locations[I + 1]), U));
      Locs.push_back(flowLoc(L, I == 0 ? F.Message : describe(L), U));
      Threads.push_back(Object{{"message", Object{{"text", "thread '" + L.Thread + "'"}}},
                               {"locations", std::move(Locs)}});
    }
  } else {
    std::vector<std::string> Order;
    std::map<std::string, Array> ByThread;
    for (size_t I = 0; I < F.Locations.size(); ++I) {
      const FindingLoc &L = F.Locations[I];
      if (L.Thread.empty() || L.Role == "thread-start")
        continue;
      if (!ByThread.count(L.Thread))
        Order.push_back(L.Thread);
      ByThread[L.Thread].push_back(flowLoc(L, I == 0 ? F.Message : describe(L), U));
    }
    if (Order.size() < 2 && F.Kind != "race")
      return {};
    for (const std::string &T : Order)
      Threads.push_back(Object{{"message", Object{{"text", "thread '" + T + "'"}}},
                               {"locations", std::move(ByThread[T])}});
  }
  if (Threads.empty())
    return {};
  return Array{Object{{"message", Object{{"text", F.Message}}},
                      {"threadFlows", std::move(Threads)}}};
}

} // namespace

void printSarif(llvm::raw_ostream &OS, const std::vector<Finding> &Fs,
                const std::vector<ToolError> &Errors, const SarifOptions &Opts,
                SourceLines &Src) {
  UriContext U{llvm::StringRef(Opts.Root).rtrim('/').str(), Src};
  if (U.Root.empty() && !Opts.Root.empty())
    U.Root = "/";
  Array RuleArr;
  std::map<std::string, size_t> RuleIndex;
  for (const RuleDoc &R : Rules) {
    if (!R.Static)
      continue;
    RuleIndex[R.Id] = RuleArr.size();
    std::string Stem = std::string(R.Id).substr(9); // "parcheck-" left out
    std::string HelpUri = std::string(PARCHECK_DOCS_URL) + "/" + Stem + ".md";
    Object Help{{"text", R.Full}};
    if (const char *Md = docOf(Stem)) {
      Help["text"] = firstParagraph(Md) + " See " + HelpUri;
      Help["markdown"] = Md;
    }
    RuleArr.push_back(Object{{"id", R.Id},
                             {"name", R.Name},
                             {"shortDescription", Object{{"text", R.Short}}},
                             {"fullDescription", Object{{"text", R.Full}}},
                             {"helpUri", HelpUri},
                             {"help", std::move(Help)},
                             {"defaultConfiguration", Object{{"level", "warning"}}},
                             {"properties", Object{{"tags", tagsOf(Stem)},
                                                   {"precision", "medium"},
                                                   {"problem.severity", "warning"}}}});
  }
  Array Results;
  for (const Finding &F : Fs) {
    std::string Level = F.Severity == "error" ? "error" : F.Severity == "note" ? "note" : "warning";
    Object R{{"ruleId", F.check()},
             {"level", Level},
             {"message", Object{{"text", F.Message}}},
             {"partialFingerprints", Object{{"parcheck/v1", F.fingerprint()}}}};
    auto RI = RuleIndex.find(F.check());
    if (RI != RuleIndex.end())
      R["ruleIndex"] = int64_t(RI->second);
    if (!F.Locations.empty())
      R["locations"] = Array{location(F.Locations[0], "", U)};
    Array Related;
    for (size_t I = 1; I < F.Locations.size(); ++I) {
      Object L = location(F.Locations[I], describe(F.Locations[I]), U);
      L["id"] = int64_t(I);
      Related.push_back(std::move(L));
    }
    if (!Related.empty())
      R["relatedLocations"] = std::move(Related);
    Array Flows = codeFlows(F, U);
    if (!Flows.empty())
      R["codeFlows"] = std::move(Flows);
    Object Props;
    if (!F.Locks.empty()) {
      Array A;
      for (const std::string &S : F.Locks)
        A.push_back(S);
      Props["locks"] = std::move(A);
    }
    if (!F.Threads.empty()) {
      Array A;
      for (const std::string &S : F.Threads)
        A.push_back(S);
      Props["threads"] = std::move(A);
    }
    Props["kind"] = F.Kind;
    Props["source"] = F.Source;
    R["properties"] = std::move(Props);
    Results.push_back(std::move(R));
  }
  Array Notes;
  for (const ToolError &E : Errors) {
    Object N{{"level", "error"}, {"message", Object{{"text", E.Message}}}};
    if (!E.File.empty())
      N["locations"] = Array{Object{
          {"physicalLocation", Object{{"artifactLocation", artifact(E.File, U)}}}}};
    Notes.push_back(std::move(N));
  }
  Object Invocation{{"executionSuccessful", Errors.empty()}};
  if (!Notes.empty())
    Invocation["toolExecutionNotifications"] = std::move(Notes);
  Object Run{{"tool", Object{{"driver", Object{{"name", "parcheck"},
                                                {"version", PARCHECK_VERSION},
                                                {"semanticVersion", PARCHECK_VERSION},
                                                {"rules", std::move(RuleArr)}}}}},
             {"invocations", Array{std::move(Invocation)}},
             {"originalUriBaseIds",
              Object{{"%SRCROOT%",
                      Object{{"uri", fileUri(U.Root == "/" ? "/" : U.Root + "/")},
                             {"description",
                              Object{{"text", "The analysed source tree (--sarif-root)"}}}}}}},
             {"columnKind", "unicodeCodePoints"},
             {"results", std::move(Results)}};
  Object Log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", Value(std::move(Log))) << "\n";
}

} // namespace parcheck
