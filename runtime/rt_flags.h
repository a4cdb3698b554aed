//===- rt_flags.h - PARCHECK_OPTIONS --------------------------------------===//
#ifndef PARCHECK_RT_FLAGS_H
#define PARCHECK_RT_FLAGS_H

#include <limits.h>

namespace parcheck {

typedef const char *str;

// The optional fifth column of rt_flags.inc: the values an option accepts. An int outside
// [lo, hi] is clamped to the nearest bound; a str not among `choices` ('|'-separated) keeps
// the value it had. Both are warned about. No limits: any int, any string.
struct FlagLimits {
  bool hasRange;
  int lo, hi;
  const char *choices;
};
constexpr FlagLimits FlagRange(int lo, int hi) { return FlagLimits{true, lo, hi, nullptr}; }
constexpr FlagLimits FlagChoices(const char *c) { return FlagLimits{false, 0, 0, c}; }

struct Flags {
#define PARCHECK_FLAG(type, name, def, doc, ...) type name;
#include "rt_flags.inc"
#undef PARCHECK_FLAG
  void setDefaults();
  // Parses "a=1:b=x". Options are separated by ':', ',' or whitespace (space, tab, newline);
  // a value may be quoted ('...' or "...") to contain them. Unknown names, malformed values and
  // values outside an option's limits are reported through `warn` (may be null), in a sentence
  // naming the option, the value and what is used instead. Strings are copied into internal
  // memory.
  void parse(const char *env, void (*warn)(const char *msg));
  // Writes the table (name, type, default, limits, description) to fd.
  static void printHelp(int fd);
};

extern Flags g_flags;  // the process's options, parsed once at start-up (InitRuntime)

} // namespace parcheck
#endif
