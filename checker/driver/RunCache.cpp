//===- RunCache.cpp - a re-run with nothing changed reuses the analysis ---===//
#include "driver/RunCache.h"
#include "driver/AtomicFile.h"
#include "facts/FactsIO.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace parcheck {
namespace {

/// Format of a run entry: bump when the layout below changes.
constexpr const char *RunFormat = "parcheck-run-cache-1";

// A field added to Finding or FindingLoc must be written and read below, or a
// reused run would silently lose it: these sizes make the build fail first.
// Update them with the writer and the reader (and bump RunFormat).
static_assert(sizeof(void *) != 8 || sizeof(FindingLoc) == 200,
              "FindingLoc changed: update RunCache.cpp's writer and reader");
static_assert(sizeof(void *) != 8 || sizeof(Finding) == 312,
              "Finding changed: update RunCache.cpp's writer and reader");

/// Printed as it is walked (no json::Value tree: a finding whose call chain
/// is 50,000 frames deep built one node per frame), each object's members in
/// json::Value's order, sorted by key, so the bytes are those it printed.
/// Strings go through writeJSONString (llvm::json escapes a byte at a time).
void putString(json::OStream &J, StringRef S) {
  J.rawValue([&](raw_ostream &OS) { writeJSONString(OS, S); });
}
void putString(json::OStream &J, StringRef Key, StringRef S) {
  J.attributeBegin(Key);
  putString(J, S);
  J.attributeEnd();
}
void putStrings(json::OStream &J, StringRef Key, const std::vector<std::string> &V) {
  J.attributeArray(Key, [&] {
    for (const std::string &S : V)
      putString(J, S);
  });
}

void putLoc(json::OStream &J, const FindingLoc &L) {
  J.object([&] {
    J.attributeArray("at", [&] {
      putString(J, L.Where.File.str());
      J.value(L.Where.Line);
      J.value(unsigned(L.Where.Col));
    });
    putString(J, "function", L.Function);
    putStrings(J, "held", L.Held);
    J.attribute("heldKnown", L.HeldKnown);
    putString(J, "note", L.Note);
    putString(J, "role", L.Role);
    putStrings(J, "stack", L.Stack);
    putString(J, "thread", L.Thread);
  });
}

void putFinding(json::OStream &J, const Finding &F) {
  J.object([&] {
    putString(J, "confidence", F.Confidence);
    putString(J, "confidenceWhy", F.ConfidenceWhy);
    putStrings(J, "identity", F.Identity);
    putString(J, "kind", F.Kind);
    J.attributeArray("locations", [&] {
      for (const FindingLoc &L : F.Locations)
        putLoc(J, L);
    });
    putStrings(J, "locks", F.Locks);
    putString(J, "message", F.Message);
    putStrings(J, "programs", F.Programs);
    putString(J, "severity", F.Severity);
    putString(J, "source", F.Source);
    putStrings(J, "threads", F.Threads);
  });
}

/// Reads the fields written above; every one must be there with its type.
class Reader {
public:
  bool Ok = true;

  std::string str(const json::Object &O, StringRef K) {
    std::optional<StringRef> S = O.getString(K);
    Ok = Ok && S;
    return S ? S->str() : std::string();
  }
  std::vector<std::string> strs(const json::Object &O, StringRef K) {
    std::vector<std::string> R;
    const json::Array *A = O.getArray(K);
    Ok = Ok && A;
    if (A)
      for (const json::Value &V : *A) {
        std::optional<StringRef> S = V.getAsString();
        Ok = Ok && S;
        R.push_back(S ? S->str() : std::string());
      }
    return R;
  }
  FindingLoc loc(const json::Value &V) {
    FindingLoc L;
    const json::Object *O = V.getAsObject();
    const json::Array *At = O ? O->getArray("at") : nullptr;
    if (!O || !At || At->size() != 3) {
      Ok = false;
      return L;
    }
    std::optional<StringRef> File = (*At)[0].getAsString();
    std::optional<int64_t> Line = (*At)[1].getAsInteger(), Col = (*At)[2].getAsInteger();
    std::optional<bool> HeldKnown = O->getBoolean("heldKnown");
    Ok = Ok && File && Line && Col && HeldKnown;
    L.Where.File = File ? File->str() : "";
    L.Where.Line = unsigned(Line.value_or(0));
    L.Where.Col = std::min(unsigned(Col.value_or(0)), SrcLoc::MaxCol);
    L.Role = str(*O, "role");
    L.Thread = str(*O, "thread");
    L.Function = str(*O, "function");
    L.Note = str(*O, "note");
    L.Stack = strs(*O, "stack");
    L.HeldKnown = HeldKnown.value_or(false);
    L.Held = strs(*O, "held");
    return L;
  }
  Finding finding(const json::Value &V) {
    Finding F;
    const json::Object *O = V.getAsObject();
    const json::Array *Locs = O ? O->getArray("locations") : nullptr;
    if (!O || !Locs) {
      Ok = false;
      return F;
    }
    F.Kind = str(*O, "kind");
    F.Severity = str(*O, "severity");
    F.Message = str(*O, "message");
    for (const json::Value &L : *Locs)
      F.Locations.push_back(loc(L));
    F.Locks = strs(*O, "locks");
    F.Threads = strs(*O, "threads");
    F.Source = str(*O, "source");
    F.Identity = strs(*O, "identity");
    F.Programs = strs(*O, "programs");
    F.Confidence = str(*O, "confidence");
    F.ConfidenceWhy = str(*O, "confidenceWhy");
    return F;
  }
};

std::string runEntryPath(const std::string &Dir, const std::string &Key) {
  SmallString<256> P(Dir);
  sys::path::append(P, "runs", Key.substr(0, 2), Key + ".findings");
  return std::string(P);
}

} // namespace

std::string findingsToCacheJSON(const std::vector<Finding> &Fs) {
  std::string Text;
  raw_string_ostream OS(Text);
  json::OStream J(OS);
  J.array([&] {
    for (const Finding &F : Fs)
      putFinding(J, F);
  });
  OS.flush();
  return Text;
}

std::optional<std::vector<Finding>> findingsFromCacheJSON(StringRef Text) {
  Expected<json::Value> V = json::parse(Text);
  if (!V) {
    consumeError(V.takeError());
    return std::nullopt;
  }
  const json::Array *A = V->getAsArray();
  if (!A)
    return std::nullopt;
  Reader R;
  std::vector<Finding> Fs;
  for (const json::Value &F : *A)
    Fs.push_back(R.finding(F));
  if (!R.Ok)
    return std::nullopt;
  return Fs;
}

std::optional<RunEntry> readRunEntry(const std::string &Dir, const std::string &Key) {
  auto Buf = MemoryBuffer::getFile(runEntryPath(Dir, Key), /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  // Line 1: {"format":..., "lookups":N, "mainFiles":[...]}; line 2: the findings.
  auto [Head, Body] = (*Buf)->getBuffer().split('\n');
  Expected<json::Value> H = json::parse(Head);
  if (!H) {
    consumeError(H.takeError());
    return std::nullopt;
  }
  const json::Object *O = H->getAsObject();
  if (!O || O->getString("format") != StringRef(RunFormat))
    return std::nullopt;
  std::optional<int64_t> Lookups = O->getInteger("lookups");
  if (!Lookups || *Lookups < 0)
    return std::nullopt;
  Reader R;
  std::vector<std::string> Mains = R.strs(*O, "mainFiles");
  std::optional<std::vector<Finding>> Fs = findingsFromCacheJSON(Body.rtrim('\n'));
  if (!R.Ok || !Fs)
    return std::nullopt;
  RunEntry E;
  E.Lookups = unsigned(*Lookups);
  E.MainFiles.insert(Mains.begin(), Mains.end());
  E.Findings = std::move(*Fs);
  return E;
}

void writeRunEntry(const std::string &Dir, const std::string &Key, const RunEntry &E) {
  std::string Final = runEntryPath(Dir, Key);
  if (sys::fs::create_directories(sys::path::parent_path(Final)))
    return;
  std::string Text;
  raw_string_ostream OS(Text);
  json::Array Mains;
  for (const std::string &M : E.MainFiles)
    Mains.push_back(M);
  OS << json::Value(json::Object{{"format", RunFormat},
                                 {"lookups", int64_t(E.Lookups)},
                                 {"mainFiles", std::move(Mains)}})
     << "\n"
     << findingsToCacheJSON(E.Findings) << "\n";
  std::string Ignored; // an entry that cannot be written is only a miss next time
  writeFileAtomically(Final, OS.str(), Ignored);
}

} // namespace parcheck
