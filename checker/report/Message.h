//===- Message.h - message templates with typed arguments -------*- C++ -*-===//
//
// The text of every finding message and note comes from a table through
// formatMessage(), as clang's diagnostics do: an id, a template with %0, %1
// ... placeholders, and the kinds of its arguments. The checks' messages are
// in checks/Messages.def, the notes the reporters add in report/Messages.def.
// msg::<Id>(...) takes exactly the arguments its table line declares, so a
// call with too many or too few does not compile, and how an argument shows
// (a name quoted, a count in digits) is decided here, once.
//
// Template syntax, a subset of clang's diagnostic format:
//   %N                  argument N (0-9): a name is quoted ('mu'), a list of
//                       names is "'a', 'b'", a count is decimal, text is as
//                       is, a source line is "file.c:12" (base name)
//   %select{a|b|...}N   choice number N (a flag: 0 false, 1 true; a count)
//   %plural{1:x|:y}N    by count N: "K:" when it is K, ":" otherwise
//   %join{SEP}N         a list of names, each quoted, SEP between them
//   %%                  a '%'
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_REPORT_MESSAGE_H
#define PARCHECK_REPORT_MESSAGE_H

#include "facts/Facts.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace parcheck {

/// What an argument is: it decides how %N shows it.
enum class ArgKind {
  LockName,     ///< A lock as written or named ('s->mu', 'g_lock').
  LocationName, ///< A memory location ('counter', 'Stats::hits').
  ObjectName,   ///< Another named object: a condition variable.
  ThreadName,   ///< A thread root ('main', 'worker').
  FunctionName, ///< A function ('push', 'Queue::pop').
  ProgramName,  ///< A program (its main's file).
  NameList,     ///< Several names, each quoted.
  Text,         ///< Text made by another template, shown as is.
  Flag,         ///< A yes/no choice, for %select.
  Count,        ///< A number, for %N, %select or %plural.
  SourceLine,   ///< A source position, shown as "file.c:12".
};

/// One argument's value; Kind says which field holds it.
struct MsgArg {
  ArgKind Kind = ArgKind::Text;
  std::string Str;
  std::vector<std::string> List;
  uint64_t Num = 0;
  SrcLoc Where;
};

/// Formats Template with Args. A placeholder naming a missing argument, or
/// a directive the argument's kind does not support, is a programming error:
/// it shows as "<bad %N>" (the table's unit test rejects such templates).
std::string formatTemplate(llvm::StringRef Template, llvm::ArrayRef<MsgArg> Args);

/// Why Template cannot be formatted with arguments of Kinds ("" if it can):
/// a placeholder out of range, a directive that does not suit its argument's
/// kind, an argument never used, or bad syntax.
std::string checkTemplate(llvm::StringRef Template, llvm::ArrayRef<ArgKind> Kinds);

enum class MsgId {
#define PARCHECK_MESSAGE(Id, Args, Template) Id,
#include "checks/Messages.def"
#define PARCHECK_MESSAGE(Id, Args, Template) Id,
#include "report/Messages.def"
};

/// One line of the tables.
struct MessageInfo {
  MsgId Id;
  const char *Name;
  const char *Template;
  std::vector<ArgKind> Kinds;
};
/// Every message of both tables, in table order.
llvm::ArrayRef<MessageInfo> allMessages();

std::string formatMessage(MsgId Id, llvm::ArrayRef<MsgArg> Args);

/// The argument kinds as they are written in the tables, and their C++ values.
namespace msg {
#define PARCHECK_ARG_KIND(Tag, K, V)                                                               \
  struct Tag {                                                                                     \
    using Value = V;                                                                               \
    static constexpr ArgKind Kind = ArgKind::K;                                                    \
  };
PARCHECK_ARG_KIND(Lock, LockName, std::string)
PARCHECK_ARG_KIND(Location, LocationName, std::string)
PARCHECK_ARG_KIND(Object, ObjectName, std::string)
PARCHECK_ARG_KIND(Thread, ThreadName, std::string)
PARCHECK_ARG_KIND(Function, FunctionName, std::string)
PARCHECK_ARG_KIND(Program, ProgramName, std::string)
PARCHECK_ARG_KIND(Names, NameList, std::vector<std::string>)
PARCHECK_ARG_KIND(Text, Text, std::string)
PARCHECK_ARG_KIND(Flag, Flag, bool)
PARCHECK_ARG_KIND(Count, Count, uint64_t)
PARCHECK_ARG_KIND(Line, SourceLine, SrcLoc)
#undef PARCHECK_ARG_KIND

inline MsgArg arg(ArgKind K, const std::string &S) { return MsgArg{K, S, {}, 0, {}}; }
/// Not the bool overload: a string literal is text.
inline MsgArg arg(ArgKind K, const char *S) { return arg(K, std::string(S)); }
inline MsgArg arg(ArgKind K, const std::vector<std::string> &L) {
  return MsgArg{K, {}, L, 0, {}};
}
inline MsgArg arg(ArgKind K, bool B) { return MsgArg{K, {}, {}, B ? 1u : 0u, {}}; }
inline MsgArg arg(ArgKind K, uint64_t N) { return MsgArg{K, {}, {}, N, {}}; }
inline MsgArg arg(ArgKind K, const SrcLoc &W) { return MsgArg{K, {}, {}, 0, W}; }

/// A message of the table whose arguments are of kinds Kinds.
template <typename... Kinds> struct Message {
  MsgId Id;
  std::string operator()(const typename Kinds::Value &...Vs) const {
    return formatMessage(Id, {arg(Kinds::Kind, Vs)...});
  }
};

#define PARCHECK_UNPAREN(...) __VA_ARGS__
#define PARCHECK_MESSAGE(Id, Args, Template)                                                       \
  inline constexpr Message<PARCHECK_UNPAREN Args> Id{MsgId::Id};
#include "checks/Messages.def"
#define PARCHECK_MESSAGE(Id, Args, Template)                                                       \
  inline constexpr Message<PARCHECK_UNPAREN Args> Id{MsgId::Id};
#include "report/Messages.def"
#undef PARCHECK_UNPAREN
} // namespace msg

} // namespace parcheck

#endif
