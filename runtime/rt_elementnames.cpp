//===- rt_elementnames.cpp - locks inside global arrays named by element ----===//
#include "rt_elementnames.h"
#include "rt_flags.h"
#include "rt_symbolize.h"
#include "rt_symbolizer_proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

namespace parcheck {

namespace {
constexpr int kMaxDims = 4;
struct ArrayShape {
  int ndims;  // 0: not known to be an array
  uint64_t dims[kMaxDims];
};

SpinLock g_mu;                         // the cache and the tool's path
U64Map<ArrayShape *> *g_shapes;        // hash of (module, symbol) -> shape, under g_mu
char g_tool[512];
bool g_tool_searched;
bool g_tool_hung;                      // it timed out once: not run again (under g_mu)

const char *Dwarfdump() {
  if (g_tool_hung) return nullptr;
  if (g_tool_searched) return g_tool[0] ? g_tool : nullptr;
  g_tool_searched = true;
  const char *names[] = {"llvm-dwarfdump-19", "llvm-dwarfdump"};
  const char *path = getenv("PATH");
  for (const char *nm : names) {
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
      const char *e = strchr(p, ':');
      size_t len = e ? size_t(e - p) : strlen(p);
      char cand[512];
      snprintf(cand, sizeof(cand), "%.*s/%s", int(len), p, nm);
      if (len && access(cand, X_OK) == 0) {
        snprintf(g_tool, sizeof(g_tool), "%s", cand);
        return g_tool;
      }
      if (!e) break;
      p = e + 1;
    }
  }
  return nullptr;
}

// The dimensions of a pretty array type: "pthread_mutex_t[2][3]" -> {2, 3}; 0 if the type does
// not end in "[n]" groups (or has an unknown bound, "[]").
int ParseDims(const char *type, size_t len, uint64_t *dims) {
  int n = 0;
  size_t e = len;
  uint64_t rev[kMaxDims];
  while (e && type[e - 1] == ']') {
    size_t b = e - 1;
    while (b && type[b - 1] >= '0' && type[b - 1] <= '9') --b;
    if (b == e - 1 || !b || type[b - 1] != '[' || n == kMaxDims) return 0;
    rev[n++] = strtoull(type + b, nullptr, 10);
    e = b - 1;
  }
  for (int i = 0; i < n; ++i) dims[i] = rev[n - 1 - i];
  return n;
}

// The shape every complete DW_TAG_variable of that name agrees on, from llvm-dwarfdump's
// output; ndims 0 when there is none or they disagree.
ArrayShape ShapeFromDump(const char *p) {
  ArrayShape shape{};
  bool inVar = false, seen = false;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? size_t(e - p) : strlen(p);
    const char *tag = strstr(p, "DW_TAG_");
    if (tag && tag < p + len) inVar = !strncmp(tag, "DW_TAG_variable", 15);
    const char *at = strstr(p, "DW_AT_type");
    if (inVar && at && at < p + len) {
      const char *q1 = static_cast<const char *>(memchr(at, '"', size_t(p + len - at)));
      const char *q2 = q1 ? static_cast<const char *>(memchr(q1 + 1, '"', size_t(p + len - q1 - 1))) : nullptr;
      ArrayShape s{};
      if (q1 && q2) s.ndims = ParseDims(q1 + 1, size_t(q2 - q1 - 1), s.dims);
      bool incomplete = q1 && q2 && q2 - q1 > 3 && !strncmp(q2 - 2, "[]", 2);
      if (!incomplete) {  // an extern declaration "T[]" says nothing against the definition
        if (seen && (s.ndims != shape.ndims ||
                     memcmp(s.dims, shape.dims, sizeof(uint64_t) * size_t(s.ndims))))
          return ArrayShape{};
        shape = s;
        seen = true;
      }
      inVar = false;
    }
    if (!e) break;
    p = e + 1;
  }
  return shape;
}

ArrayShape ShapeOf(const char *module, const char *sym) {
  // DW_AT_name is the unqualified name: "bank::forks" is looked up as "forks" (all variables
  // of that name must then agree).
  const char *base = sym;
  for (const char *p = sym; *p; ++p)
    if (p[0] == ':' && p[1] == ':') base = p + 2;
  uint64_t key = Fnv1a64(module, strlen(module));
  key = Fnv1a64(sym, strlen(sym) + 1, key) | 1;
  const char *tool;
  {
    SpinGuard g(g_mu);
    if (!g_shapes) g_shapes = new (InternalAlloc(sizeof(U64Map<ArrayShape *>))) U64Map<ArrayShape *>();
    if (ArrayShape **c = g_shapes->find(key)) return **c;
    tool = Dwarfdump();
  }
  ArrayShape shape{};
  if (tool && *base) {
    Str nameArg, out;
    nameArg.addf("--name=%s", base);
    char *argv[] = {const_cast<char *>(tool), const_cast<char *>(nameArg.c_str()),
                    const_cast<char *>(module), nullptr};
    bool hung = false;
    if (SpawnCapture(argv, out, &hung)) shape = ShapeFromDump(out.c_str());
    if (hung) {
      SpinGuard g(g_mu);
      g_tool_hung = true;
    }
  }
  ArrayShape *keep = static_cast<ArrayShape *>(InternalAlloc(sizeof(ArrayShape)));
  *keep = shape;
  SpinGuard g(g_mu);
  *g_shapes->insert(key) = keep;
  return shape;
}
} // namespace

bool AppendElementName(Str &s, const char *module, const char *sym, uintptr_t size,
                       uintptr_t off) {
  if (!g_flags.symbolize || !module || !sym || !size || off >= size) return false;
  ArrayShape shape = ShapeOf(module, sym);
  if (!shape.ndims) return false;
  uint64_t count = 1;
  for (int i = 0; i < shape.ndims; ++i) count *= shape.dims[i];
  if (!count || size % count) return false;  // not the array the symbol is
  uint64_t stride = size / count, elem = off / stride, rest = off % stride;
  uint64_t idx[kMaxDims];
  for (int i = shape.ndims - 1; i >= 0; --i) {
    idx[i] = elem % shape.dims[i];
    elem /= shape.dims[i];
  }
  s.add(sym);
  for (int i = 0; i < shape.ndims; ++i) s.addf("[%llu]", (unsigned long long)idx[i]);
  if (rest) s.addf("+%llu", (unsigned long long)rest);
  return true;
}

} // namespace parcheck
