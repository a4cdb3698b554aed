//===- rt_flags.cpp -------------------------------------------------------===//
#include "rt_flags.h"
#include "rt_common.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

namespace parcheck {

Flags g_flags;

void Flags::setDefaults() {
#define PARCHECK_FLAG(type, name, def, doc, ...) name = def;
#include "rt_flags.inc"
#undef PARCHECK_FLAG
}

static bool IsSeparator(char c) {
  return c == ':' || c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Each setter stores a valid value, or explains in `why` what is wrong and what is used instead.
static void SetFlag(bool *out, const char *v, const FlagLimits &, Str &why) {
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) *out = true;
  else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) *out = false;
  else why.addf("expected 0, 1, true, false, yes or no; using %d", int(*out));
}

static void SetFlag(int *out, const char *v, const FlagLimits &lim, Str &why) {
  char *end;
  errno = 0;
  long long x = strtoll(v, &end, 10);
  if (!*v || *end) {
    why.addf("expected an integer; using %d", *out);
    return;
  }
  long long lo = lim.hasRange ? lim.lo : INT_MIN, hi = lim.hasRange ? lim.hi : INT_MAX;
  if (errno == ERANGE || x < lo || x > hi) {
    *out = int(x < lo ? lo : hi);
    if (hi == INT_MAX) why.addf("must be >= %lld; using %d", lo, *out);
    else why.addf("out of range %lld..%lld; using %d", lo, hi, *out);
    return;
  }
  *out = int(x);
}

static bool IsChoice(const char *choices, const char *v) {
  size_t n = strlen(v);
  for (const char *c = choices; *c;) {
    const char *e = strchr(c, '|');
    size_t len = e ? size_t(e - c) : strlen(c);
    if (len == n && !strncmp(c, v, n)) return true;
    if (!e) break;
    c = e + 1;
  }
  return false;
}

static void SetFlag(const char **out, const char *v, const FlagLimits &lim, Str &why) {
  if (lim.choices && !IsChoice(lim.choices, v)) {
    why.add("expected one of ");
    for (const char *c = lim.choices; *c; ++c) c[0] == '|' ? why.add(", ") : why.addn(c, 1);
    why.addf("; using '%s'", *out);
    return;
  }
  *out = InternalStrdup(v);
}

static void FormatValue(Str &s, bool v) { s.add(v ? "1" : "0"); }
static void FormatValue(Str &s, int v) { s.addf("%d", v); }
static void FormatValue(Str &s, const char *v) { s.addf("'%s'", v); }

void Flags::parse(const char *env, void (*warn)(const char *)) {
  if (!env) return;
  const char *p = env;
  while (*p) {
    while (*p && IsSeparator(*p)) ++p;
    if (!*p) break;
    Str name, value;
    const char *ns = p;
    while (*p && *p != '=' && !IsSeparator(*p)) ++p;
    name.addn(ns, size_t(p - ns));
    bool hasValue = *p == '=', unterminated = false;
    if (hasValue) {
      ++p;
      if (*p == '"' || *p == '\'') {
        char q = *p++;
        const char *vs = p;
        while (*p && *p != q) ++p;
        value.addn(vs, size_t(p - vs));
        if (*p) ++p;
        else unterminated = true;
      } else {
        const char *vs = p;
        while (*p && !IsSeparator(*p)) ++p;
        value.addn(vs, size_t(p - vs));
      }
    }
    bool known = false;
    Str why, now;
#define PARCHECK_FLAG(type, fname, def, doc, ...)                                               \
  if (!known && !strcmp(name.c_str(), #fname)) {                                                \
    known = true;                                                                              \
    if (!hasValue || unterminated) {                                                           \
      why.add(unterminated ? "unterminated quote; using " : "using ");                         \
      FormatValue(why, fname);                                                                 \
    } else {                                                                                   \
      SetFlag(&fname, value.c_str(), FlagLimits{__VA_ARGS__}, why);                            \
    }                                                                                          \
  }
#include "rt_flags.inc"
#undef PARCHECK_FLAG
    if (!warn || (known && !why.size())) continue;
    Str s;
    if (!known)
      s.addf("unknown option '%s' (ignored; PARCHECK_OPTIONS=help=1 lists the options)",
             name.c_str());
    else if (!hasValue)
      s.addf("option '%s' has no value (write %s=value); %s", name.c_str(), name.c_str(),
             why.c_str());
    else
      s.addf("bad value for option '%s': '%s' (%s)", name.c_str(), value.c_str(), why.c_str());
    warn(s.c_str());
  }
}

static void FormatLimits(Str &s, const FlagLimits &lim) {
  if (lim.hasRange && lim.hi == INT_MAX) s.addf(" (>= %d)", lim.lo);
  else if (lim.hasRange) s.addf(" (%d..%d)", lim.lo, lim.hi);
  if (lim.choices) {
    s.add(" (");
    for (const char *c = lim.choices; *c; ++c) c[0] == '|' ? s.add(", ") : s.addn(c, 1);
    s.add(")");
  }
}

void Flags::printHelp(int fd) {
  Str s;
  s.add("Available PARCHECK_OPTIONS (name=value:name=value):\n");
  s.add("  (options may also be separated by ',' or whitespace; quote a value to contain them)\n");
#define PARCHECK_FLAG(type, name, def, doc, ...)                                               \
  s.addf("  %-28s %-5s default ", #name, #type);                                                \
  FormatValue(s, (type)def);                                                                   \
  FormatLimits(s, FlagLimits{__VA_ARGS__});                                                    \
  s.addf("\n      %s\n", doc);
#include "rt_flags.inc"
#undef PARCHECK_FLAG
  (void)!write(fd, s.c_str(), s.size());
}

} // namespace parcheck
