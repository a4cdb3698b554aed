//===- rt_flags.h - PARCHECK_OPTIONS --------------------------------------===//
#ifndef PARCHECK_RT_FLAGS_H
#define PARCHECK_RT_FLAGS_H

namespace parcheck {

typedef const char *str;

struct Flags {
#define PARCHECK_FLAG(type, name, def, doc) type name;
#include "rt_flags.inc"
#undef PARCHECK_FLAG
  void setDefaults();
  // Parses "a=1:b=x". Unknown names and bad values are reported through `warn` (may be null)
  // and otherwise ignored. Strings are copied into internal memory.
  void parse(const char *env, void (*warn)(const char *msg));
  // Writes the table (name, type, default, description) to fd.
  static void printHelp(int fd);
};

} // namespace parcheck
#endif
