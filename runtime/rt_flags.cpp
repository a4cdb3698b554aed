//===- rt_flags.cpp -------------------------------------------------------===//
#include "rt_flags.h"
#include "rt_common.h"

#include <stdlib.h>
#include <unistd.h>

namespace parcheck {

void Flags::setDefaults() {
#define PARCHECK_FLAG(type, name, def, doc) name = def;
#include "rt_flags.inc"
#undef PARCHECK_FLAG
}

static bool parseValue(bool *out, const char *v) {
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) return *out = true, true;
  if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) return *out = false, true;
  return false;
}
static bool parseValue(int *out, const char *v) {
  char *end;
  long x = strtol(v, &end, 10);
  if (!*v || *end) return false;
  *out = int(x);
  return true;
}
static bool parseValue(const char **out, const char *v) {
  *out = InternalStrdup(v);
  return true;
}

void Flags::parse(const char *env, void (*warn)(const char *)) {
  if (!env) return;
  char name[128], value[1024];
  const char *p = env;
  while (*p) {
    while (*p == ':' || *p == ' ') ++p;
    if (!*p) break;
    size_t n = 0;
    while (*p && *p != '=' && *p != ':' && n + 1 < sizeof(name)) name[n++] = *p++;
    name[n] = 0;
    size_t m = 0;
    bool hasValue = *p == '=';
    if (hasValue) {
      ++p;
      while (*p && *p != ':' && m + 1 < sizeof(value)) value[m++] = *p++;
    }
    value[m] = 0;
    while (*p && *p != ':') ++p;
    bool known = false, ok = true;
#define PARCHECK_FLAG(type, fname, def, doc)                                                   \
  if (!strcmp(name, #fname)) {                                                                 \
    known = true;                                                                              \
    ok = hasValue && parseValue(&fname, value);                                                \
  }
#include "rt_flags.inc"
#undef PARCHECK_FLAG
    if (warn && (!known || !ok)) {
      Str s;
      s.addf(known ? "bad value for option '%s': '%s'" : "unknown option '%s'%s", name,
             known ? value : "");
      warn(s.c_str());
    }
  }
}

static void fmtDefault(Str &s, bool v) { s.add(v ? "1" : "0"); }
static void fmtDefault(Str &s, int v) { s.addf("%d", v); }
static void fmtDefault(Str &s, const char *v) { s.addf("'%s'", v); }

void Flags::printHelp(int fd) {
  Str s;
  s.add("Available PARCHECK_OPTIONS (name=value:name=value):\n");
#define PARCHECK_FLAG(type, name, def, doc)                                                    \
  s.addf("  %-28s %-5s default ", #name, #type);                                                \
  fmtDefault(s, (type)def);                                                                    \
  s.addf("\n      %s\n", doc);
#include "rt_flags.inc"
#undef PARCHECK_FLAG
  (void)!write(fd, s.c_str(), s.size());
}

} // namespace parcheck
