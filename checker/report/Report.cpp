//===- Report.cpp - printing findings -------------------------------------===//
#include "report/Report.h"
#include "report/Message.h"
#include "parcheck/StableSort.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <algorithm>
#include <map>
#include <memory>

namespace parcheck {

std::vector<Finding> FindingCollector::take() {
  std::vector<Finding> R = std::move(Findings);
  stableSort(R);
  auto AddPrograms = [](Finding &Into, const Finding &F) {
    for (const std::string &P : F.Programs)
      if (std::find(Into.Programs.begin(), Into.Programs.end(), P) == Into.Programs.end())
        Into.Programs.push_back(P);
  };
  // One finding reached twice (two programs sharing a library TU, a member
  // path met through its field and its variable): one message at one place.
  std::vector<Finding> Unique;
  for (Finding &F : R) {
    if (!Unique.empty()) {
      Finding &B = Unique.back();
      if (B.Kind == F.Kind && B.Message == F.Message && !B.Locations.empty() &&
          !F.Locations.empty() && B.Locations[0].Where == F.Locations[0].Where) {
        AddPrograms(B, F);
        continue;
      }
    }
    Unique.push_back(std::move(F));
  }
  // The same finding (kind, fingerprint, message) at several places: the
  // first, in output order, stands for all. A place in another program (each
  // example's main calling the library) is an "other-program" note; another
  // place in the same program (one lock-misuse reached through 80 call sites
  // of one helper) is a "same-finding" note, at most MaxSameNotes of them, the
  // last one counting the rest. The fingerprint has no line numbers by design
  // (docs/finding-model.md), so these are one finding to fix and to baseline.
  constexpr size_t MaxSameNotes = 3;
  std::vector<Finding> Out;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> First;
  std::map<size_t, size_t> MoreSame; // Out index -> same-program places not listed
  for (Finding &F : Unique) {
    auto [It, New] = First.try_emplace({F.Kind, F.fingerprint(), F.Message}, Out.size());
    if (New) {
      Out.push_back(std::move(F));
      continue;
    }
    Finding &Into = Out[It->second];
    bool OtherProgram = !F.Programs.empty();
    for (const std::string &P : F.Programs)
      OtherProgram = OtherProgram &&
                     std::find(Into.Programs.begin(), Into.Programs.end(), P) == Into.Programs.end();
    AddPrograms(Into, F);
    if (F.Locations.empty() || Into.Locations.empty() ||
        F.Locations[0].Where == Into.Locations[0].Where)
      continue;
    const char *Role = OtherProgram ? "other-program" : "same-finding";
    bool Known = false;
    size_t Listed = 0;
    for (const FindingLoc &L : Into.Locations) {
      Known = Known || (L.Role == Role && L.Where == F.Locations[0].Where);
      Listed += L.Role == "same-finding";
    }
    if (Known)
      continue;
    if (!OtherProgram && Listed == MaxSameNotes) {
      ++MoreSame[It->second];
      continue;
    }
    FindingLoc L = F.Locations[0];
    L.Role = Role;
    L.Note = OtherProgram
                 ? msg::OtherProgram(F.Programs.empty() ? std::string("?") : F.Programs[0])
                 : msg::SameFinding(false, 0);
    Into.Locations.push_back(std::move(L));
  }
  for (auto [I, More] : MoreSame)
    for (auto L = Out[I].Locations.rbegin(); L != Out[I].Locations.rend(); ++L)
      if (L->Role == "same-finding") {
        L->Note = msg::SameFinding(true, More);
        break;
      }
  for (Finding &F : Out)
    std::sort(F.Programs.begin(), F.Programs.end());
  return Out;
}

namespace {

/// Source lines for the caret display, each file read once.
class SourceLines {
public:
  /// Line N of File without its end of line, or nullopt when unreadable.
  std::optional<llvm::StringRef> line(const std::string &File, unsigned N) {
    auto It = Files.find(File);
    if (It == Files.end()) {
      Entry E;
      if (auto B = llvm::MemoryBuffer::getFile(File, /*IsText=*/true)) {
        E.Buf = std::move(*B);
        llvm::StringRef T = E.Buf->getBuffer();
        E.Starts.push_back(0);
        for (size_t I = 0; I < T.size(); ++I)
          if (T[I] == '\n')
            E.Starts.push_back(I + 1);
      }
      It = Files.emplace(File, std::move(E)).first;
    }
    const Entry &E = It->second;
    if (!E.Buf || N == 0 || N > E.Starts.size())
      return std::nullopt;
    llvm::StringRef T = E.Buf->getBuffer();
    size_t B = E.Starts[N - 1];
    if (B >= T.size() && N > 1)
      return std::nullopt;
    size_t End = N < E.Starts.size() ? E.Starts[N] - 1 : T.size();
    llvm::StringRef L = T.slice(B, End);
    if (L.ends_with("\r"))
      L = L.drop_back();
    return L;
  }

private:
  struct Entry {
    std::unique_ptr<llvm::MemoryBuffer> Buf;
    std::vector<size_t> Starts;
  };
  std::map<std::string, Entry> Files;
};

/// Clang's snippet: "  12 | source" then "     |     ^", tabs expanded to
/// 8 columns, the caret under the byte column Col (1-based; none when 0).
void printSnippet(llvm::raw_ostream &OS, SourceLines &Src, const SrcLoc &L, bool Color) {
  if (!L.valid())
    return;
  std::optional<llvm::StringRef> Line = Src.line(L.File, L.Line);
  if (!Line)
    return;
  std::string Text, Caret;
  unsigned Display = 0, CaretAt = 0;
  bool CaretSet = false;
  for (size_t I = 0; I < Line->size(); ++I) {
    if (L.Col && I + 1 == L.Col) {
      CaretAt = Display;
      CaretSet = true;
    }
    unsigned char C = (unsigned char)(*Line)[I];
    if (C == '\t') {
      unsigned Next = (Display / 8 + 1) * 8;
      Text.append(Next - Display, ' ');
      Display = Next;
      continue;
    }
    Text += char(C);
    if ((C & 0xC0) != 0x80) // a UTF-8 continuation byte adds no column
      ++Display;
  }
  if (L.Col && !CaretSet && L.Col == Line->size() + 1) {
    CaretAt = Display;
    CaretSet = true;
  }
  std::string No = std::to_string(L.Line);
  unsigned Width = std::max<unsigned>(4, No.size());
  OS.indent(Width - No.size() + 1) << No << " | " << Text << "\n";
  if (!CaretSet)
    return;
  OS.indent(Width + 2) << "| ";
  OS.indent(CaretAt);
  if (Color)
    OS.changeColor(llvm::raw_ostream::GREEN, true);
  OS << "^";
  if (Color)
    OS.resetColor();
  OS << "\n";
}

void printLocHeader(llvm::raw_ostream &OS, const SrcLoc &Where, bool Color) {
  if (Color)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
  if (Where.valid())
    OS << Where.str() << ": ";
}

void printNoteWord(llvm::raw_ostream &OS, bool Color) {
  if (Color)
    OS.changeColor(llvm::raw_ostream::BLACK, true);
  OS << "note: ";
  if (Color)
    OS.resetColor();
}

void printNote(llvm::raw_ostream &OS, SourceLines &Src, const SrcLoc &Where,
               const std::string &Text, const RenderOptions &R) {
  printLocHeader(OS, Where, R.Color);
  printNoteWord(OS, R.Color);
  OS << Text << "\n";
  if (R.Caret)
    printSnippet(OS, Src, Where, R.Color);
}

/// The call chain of a location as one note per step, innermost first:
/// "<call site>: note: called from 'fn'".
void printChain(llvm::raw_ostream &OS, SourceLines &Src, const std::vector<std::string> &Stack,
                const RenderOptions &R) {
  CappedStack C = capStack(Stack, R.ChainLimit);
  auto Step = [&](const std::string &S) {
    StackFrame F = parseFrame(S);
    printNote(OS, Src, F.Where, msg::CalledFrom(F.Function), R);
  };
  for (auto It = C.Tail.rbegin(); It != C.Tail.rend(); ++It)
    Step(*It);
  if (C.Elided) {
    printNoteWord(OS, R.Color);
    OS << msg::FramesElided(C.Elided) << "\n";
  }
  for (auto It = C.Head.rbegin(); It != C.Head.rend(); ++It)
    Step(*It);
}

} // namespace

void printText(llvm::raw_ostream &OS, const std::vector<Finding> &Fs, const RenderOptions &R) {
  SourceLines Src;
  for (const Finding &F : Fs) {
    for (size_t I = 0; I < F.Locations.size(); ++I) {
      const FindingLoc &L = F.Locations[I];
      if (I > 0) {
        printNote(OS, Src, L.Where, L.Note, R);
      } else {
        printLocHeader(OS, L.Where, R.Color);
        if (R.Color)
          OS.changeColor(F.Severity == "error" ? llvm::raw_ostream::RED
                                               : llvm::raw_ostream::MAGENTA,
                         true);
        OS << F.Severity << ": ";
        if (R.Color)
          OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
        OS << F.Message << " [" << F.check() << "]";
        if (R.Color)
          OS.resetColor();
        OS << "\n";
        if (R.Caret)
          printSnippet(OS, Src, L.Where, R.Color);
      }
      // Two locations at one place through the same calls (the warning and
      // its "acquired through this call chain" note, or another instance of
      // the thread) print the chain once, at the last of them.
      bool Later = false;
      for (size_t J = I + 1; J < F.Locations.size(); ++J)
        Later = Later || (F.Locations[J].Where == L.Where && F.Locations[J].Stack == L.Stack);
      if (!Later)
        printChain(OS, Src, L.Stack, R);
    }
    if (!F.Programs.empty()) {
      printNoteWord(OS, R.Color);
      OS << msg::InPrograms(F.Programs.size(), F.Programs) << "\n";
    }
    if (!F.ConfidenceWhy.empty()) {
      printNoteWord(OS, R.Color);
      OS << msg::ConfidenceNote(F.Confidence, F.ConfidenceWhy) << "\n";
    }
  }
}

static llvm::json::Value findingToJson(const Finding &F, unsigned ChainLimit) {
  using namespace llvm::json;
  Array Locs;
  for (const FindingLoc &L : F.Locations) {
    Object O{{"file", L.Where.File.str()}, {"line", L.Where.Line}, {"column", L.Where.Col},
             {"role", L.Role}};
    if (!L.Thread.empty())
      O["thread"] = L.Thread;
    if (!L.Function.empty())
      O["function"] = L.Function;
    if (!L.Note.empty())
      O["message"] = L.Note;
    if (L.HeldKnown) {
      Array H;
      for (const std::string &X : L.Held)
        H.push_back(X);
      O["held"] = std::move(H);
    }
    if (!L.Stack.empty()) {
      CappedStack C = capStack(L.Stack, ChainLimit);
      Array S;
      for (const std::string &X : C.Head)
        S.push_back(X);
      for (const std::string &X : C.Tail)
        S.push_back(X);
      O["stack"] = std::move(S);
      if (C.Elided) {
        O["stack_elided"] = int64_t(C.Elided);
        O["stack_elided_after"] = int64_t(C.Head.size());
      }
    }
    Locs.push_back(std::move(O));
  }
  Array Locks, Threads;
  for (const std::string &S : F.Locks)
    Locks.push_back(S);
  for (const std::string &S : F.Threads)
    Threads.push_back(S);
  Object O{{"kind", F.Kind},         {"check", F.check()},
           {"severity", F.Severity}, {"message", F.Message},
           {"locations", std::move(Locs)}, {"locks", std::move(Locks)},
           {"threads", std::move(Threads)}, {"source", F.Source},
           {"confidence", F.Confidence}, {"fingerprint", F.fingerprint()}};
  if (!F.ConfidenceWhy.empty())
    O["confidence_reason"] = F.ConfidenceWhy;
  if (!F.Programs.empty()) {
    Array P;
    for (const std::string &S : F.Programs)
      P.push_back(S);
    O["programs"] = std::move(P);
  }
  return O;
}

void printJson(llvm::raw_ostream &OS, const std::vector<Finding> &Fs,
               const std::vector<ToolError> &Errors, unsigned ChainLimit) {
  using namespace llvm::json;
  Array A;
  for (const Finding &F : Fs)
    A.push_back(findingToJson(F, ChainLimit));
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
