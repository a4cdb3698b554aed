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
//
//===----------------------------------------------------------------------===//
#include "report/ReportSarif.h"
#include "report/Baseline.h"

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

Object physical(const SrcLoc &L) {
  Object P{{"artifactLocation", Object{{"uri", fileUri(L.File)}}}};
  if (L.Line) {
    Object Region{{"startLine", L.Line}};
    if (L.Col)
      Region["startColumn"] = L.Col;
    P["region"] = std::move(Region);
  }
  return P;
}

Object location(const FindingLoc &L, const std::string &Text) {
  Object O{{"physicalLocation", physical(L.Where)}};
  if (!Text.empty())
    O["message"] = Object{{"text", Text}};
  if (!L.Function.empty())
    O["logicalLocations"] = Array{Object{{"name", L.Function}, {"kind", "function"}}};
  return O;
}

Object flowLoc(const FindingLoc &L, const std::string &Text) {
  return Object{{"location", location(L, Text)}};
}

std::string describe(const FindingLoc &L) {
  if (!L.Note.empty())
    return L.Note;
  return L.Role + (L.Thread.empty() ? "" : " in thread '" + L.Thread + "'");
}

Array codeFlows(const Finding &F) {
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
        Locs.push_back(flowLoc(F.Locations[I + 1], describe(F.Locations[I + 1])));
      Locs.push_back(flowLoc(L, I == 0 ? F.Message : describe(L)));
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
      ByThread[L.Thread].push_back(flowLoc(L, I == 0 ? F.Message : describe(L)));
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
                const std::vector<ToolError> &Errors) {
  Array RuleArr;
  std::map<std::string, size_t> RuleIndex;
  for (const RuleDoc &R : Rules) {
    if (!R.Static)
      continue;
    RuleIndex[R.Id] = RuleArr.size();
    std::string Doc = std::string(R.Id).substr(9); // "parcheck-" left out
    RuleArr.push_back(Object{{"id", R.Id},
                             {"name", R.Name},
                             {"shortDescription", Object{{"text", R.Short}}},
                             {"fullDescription", Object{{"text", R.Full}}},
                             {"help", Object{{"text", "See docs/checks/" + Doc + ".md in the "
                                                      "parcheck sources."}}},
                             {"defaultConfiguration", Object{{"level", "warning"}}}});
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
      R["locations"] = Array{location(F.Locations[0], "")};
    Array Related;
    for (size_t I = 1; I < F.Locations.size(); ++I) {
      Object L = location(F.Locations[I], describe(F.Locations[I]));
      L["id"] = int64_t(I);
      Related.push_back(std::move(L));
    }
    if (!Related.empty())
      R["relatedLocations"] = std::move(Related);
    Array Flows = codeFlows(F);
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
          {"physicalLocation", Object{{"artifactLocation", Object{{"uri", fileUri(E.File)}}}}}}};
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
             {"columnKind", "unicodeCodePoints"},
             {"results", std::move(Results)}};
  Object Log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", Value(std::move(Log))) << "\n";
}

} // namespace parcheck
