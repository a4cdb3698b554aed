//===- Message.cpp - message templates with typed arguments ---------------===//
//
// One small parser serves both formatTemplate() and checkTemplate(): it walks
// the template and hands each piece (literal text, or a directive with its
// argument number and its braces' text) to a callback.
//
//===----------------------------------------------------------------------===//
#include "report/Message.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <functional>

namespace parcheck {

namespace {

/// One piece of a template: literal text (Directive empty), or a directive
/// ("", "select", "plural" or "join"; "" is a plain %N) on argument Arg
/// with its braces' text in Body.
struct Piece {
  llvm::StringRef Literal;
  bool IsDirective = false;
  llvm::StringRef Directive, Body;
  unsigned Arg = 0;
};

/// Calls Each on every piece of T; returns a syntax error ("" if none).
std::string parse(llvm::StringRef T, const std::function<void(const Piece &)> &Each) {
  while (!T.empty()) {
    size_t Pct = T.find('%');
    if (Pct != 0) {
      Piece P;
      P.Literal = T.substr(0, Pct);
      Each(P);
      T = T.substr(P.Literal.size());
      continue;
    }
    T = T.drop_front();
    if (T.consume_front("%")) {
      Piece P;
      P.Literal = "%";
      Each(P);
      continue;
    }
    Piece P;
    P.IsDirective = true;
    size_t Name = 0;
    while (Name < T.size() && llvm::isAlpha(T[Name]))
      ++Name;
    P.Directive = T.substr(0, Name);
    T = T.substr(Name);
    if (!P.Directive.empty()) {
      if (P.Directive != "select" && P.Directive != "plural" && P.Directive != "join")
        return "unknown directive '%" + P.Directive.str() + "'";
      if (!T.consume_front("{"))
        return "'%" + P.Directive.str() + "' without '{'";
      // A body may hold directives of its own: find the matching '}'.
      size_t Close = 0;
      for (unsigned Depth = 1; Close < T.size(); ++Close)
        if (T[Close] == '{')
          ++Depth;
        else if (T[Close] == '}' && --Depth == 0)
          break;
      if (Close == T.size())
        return "'%" + P.Directive.str() + "{' without '}'";
      P.Body = T.substr(0, Close);
      T = T.substr(Close + 1);
    }
    if (T.empty() || !llvm::isDigit(T[0]))
      return "'%' without an argument number";
    P.Arg = unsigned(T[0] - '0');
    T = T.drop_front();
    Each(P);
  }
  return "";
}

bool isName(ArgKind K) {
  switch (K) {
  case ArgKind::LockName:
  case ArgKind::LocationName:
  case ArgKind::ObjectName:
  case ArgKind::ThreadName:
  case ArgKind::FunctionName:
  case ArgKind::ProgramName:
    return true;
  default:
    return false;
  }
}

/// Does directive D (a Piece's) suit an argument of kind K?
bool suits(llvm::StringRef D, ArgKind K) {
  if (D == "select")
    return K == ArgKind::Flag || K == ArgKind::Count;
  if (D == "plural")
    return K == ArgKind::Count;
  if (D == "join")
    return K == ArgKind::NameList;
  return K != ArgKind::Flag; // a flag shows only through %select
}

std::string quoted(llvm::StringRef S) { return "'" + S.str() + "'"; }

std::string joined(const std::vector<std::string> &Names, llvm::StringRef Sep) {
  std::string R;
  for (size_t I = 0; I < Names.size(); ++I)
    R += (I ? Sep.str() : std::string()) + quoted(Names[I]);
  return R;
}

std::string plain(const MsgArg &A) {
  if (isName(A.Kind))
    return quoted(A.Str);
  switch (A.Kind) {
  case ArgKind::NameList:
    return joined(A.List, ", ");
  case ArgKind::Count:
    return std::to_string(A.Num);
  case ArgKind::SourceLine:
    return llvm::sys::path::filename(A.Where.File.str()).str() + ":" + std::to_string(A.Where.Line);
  default:
    return A.Str;
  }
}

/// The alternatives of a %select or %plural body: split at each '|' outside
/// the braces of a nested directive.
llvm::SmallVector<llvm::StringRef, 4> alternatives(llvm::StringRef Body) {
  llvm::SmallVector<llvm::StringRef, 4> Alts;
  unsigned Depth = 0;
  size_t Start = 0;
  for (size_t I = 0; I < Body.size(); ++I)
    if (Body[I] == '{')
      ++Depth;
    else if (Body[I] == '}' && Depth)
      --Depth;
    else if (Body[I] == '|' && !Depth) {
      Alts.push_back(Body.slice(Start, I));
      Start = I + 1;
    }
  Alts.push_back(Body.substr(Start));
  return Alts;
}

/// The alternative of a %select body numbered N ("" past the last).
llvm::StringRef choice(llvm::StringRef Body, uint64_t N) {
  auto Alts = alternatives(Body);
  return N < Alts.size() ? Alts[N] : llvm::StringRef();
}

/// The form of a %plural body for count N: "K:form" when N is K, ":form"
/// otherwise (the first that matches).
llvm::StringRef pluralForm(llvm::StringRef Body, uint64_t N) {
  for (llvm::StringRef A : alternatives(Body)) {
    auto [Cond, Form] = A.split(':');
    uint64_t K;
    if (Cond.empty() || (!Cond.getAsInteger(10, K) && K == N))
      return Form;
  }
  return "";
}

} // namespace

std::string formatTemplate(llvm::StringRef Template, llvm::ArrayRef<MsgArg> Args) {
  std::string Out;
  std::string Err = parse(Template, [&](const Piece &P) {
    if (!P.IsDirective) {
      Out += P.Literal.str();
      return;
    }
    if (P.Arg >= Args.size() || !suits(P.Directive, Args[P.Arg].Kind)) {
      Out += "<bad %" + std::to_string(P.Arg) + ">";
      return;
    }
    const MsgArg &A = Args[P.Arg];
    // A chosen alternative is a template itself ('%select{| (lock %3)}2').
    if (P.Directive == "select")
      Out += formatTemplate(choice(P.Body, A.Num), Args);
    else if (P.Directive == "plural")
      Out += formatTemplate(pluralForm(P.Body, A.Num), Args);
    else if (P.Directive == "join")
      Out += joined(A.List, P.Body);
    else
      Out += plain(A);
  });
  if (!Err.empty())
    Out += "<bad template: " + Err + ">";
  return Out;
}

namespace {

/// checkTemplate without the unused-argument test, marking Used.
std::string checkPieces(llvm::StringRef Template, llvm::ArrayRef<ArgKind> Kinds,
                        std::vector<bool> &Used) {
  std::string Why;
  std::string Err = parse(Template, [&](const Piece &P) {
    if (!P.IsDirective || !Why.empty())
      return;
    if (P.Arg >= Kinds.size()) {
      Why = "%" + std::to_string(P.Arg) + " but only " + std::to_string(Kinds.size()) +
            " arguments";
      return;
    }
    Used[P.Arg] = true;
    if (!suits(P.Directive, Kinds[P.Arg]))
      Why = "'%" + P.Directive.str() + "' does not suit argument " + std::to_string(P.Arg);
    for (llvm::StringRef A : alternatives(P.Body)) {
      if (P.Directive == "plural") {
        if (!A.contains(':')) {
          Why = "a '%plural' form without ':'";
          return;
        }
        A = A.split(':').second;
      }
      if (P.Directive == "select" || P.Directive == "plural")
        if (std::string E = checkPieces(A, Kinds, Used); !E.empty())
          Why = E;
    }
  });
  return Err.empty() ? Why : Err;
}

} // namespace

std::string checkTemplate(llvm::StringRef Template, llvm::ArrayRef<ArgKind> Kinds) {
  std::vector<bool> Used(Kinds.size(), false);
  if (std::string Why = checkPieces(Template, Kinds, Used); !Why.empty())
    return Why;
  for (size_t I = 0; I < Used.size(); ++I)
    if (!Used[I])
      return "argument " + std::to_string(I) + " is never used";
  return "";
}

namespace msg {
namespace {

template <typename... Kinds> std::vector<ArgKind> kindsOf() { return {Kinds::Kind...}; }

/// Inside namespace msg, so that the tables' kind names (Lock, Flag ...) resolve.
std::vector<MessageInfo> makeTable() {
  return {
#define PARCHECK_UNPAREN(...) __VA_ARGS__
#define PARCHECK_MESSAGE(Id, Args, Template)                                                       \
  {MsgId::Id, #Id, Template, kindsOf<PARCHECK_UNPAREN Args>()},
#include "checks/Messages.def"
#define PARCHECK_MESSAGE(Id, Args, Template)                                                       \
  {MsgId::Id, #Id, Template, kindsOf<PARCHECK_UNPAREN Args>()},
#include "report/Messages.def"
#undef PARCHECK_UNPAREN
  };
}

} // namespace
} // namespace msg

llvm::ArrayRef<MessageInfo> allMessages() {
  static const std::vector<MessageInfo> All = msg::makeTable();
  return All;
}

std::string formatMessage(MsgId Id, llvm::ArrayRef<MsgArg> Args) {
  return formatTemplate(allMessages()[size_t(Id)].Template, Args);
}

} // namespace parcheck
