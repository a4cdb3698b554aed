//===- rt_shortnames.cpp - lock names short enough for a SUMMARY line ------===//
//
// A SUMMARY line is one line a person scans (and CI logs grep): a lock named by the site that
// first took it ("mutex first taken in transfer(Account&, Account&, long) at bank.cpp:19")
// makes it hundreds of characters long, and two such locks have the same long name. The
// SUMMARY line names such a lock by its id and the function alone: "mutex M3 (transfer)"; the
// report's body keeps the full name (and the cycle's body pairs it with the same M<n>). A lock
// named by its global keeps that name: it is short and stable already.
//===----------------------------------------------------------------------===//
#include "rt_finding.h"
#include "rt_symbolize.h"

namespace parcheck {

namespace {
bool EndsWith(const char *f, const char *p, const char *w) {
  size_t n = strlen(w);
  return size_t(p - f) >= n && !strncmp(p - n, w, n);
}

// The function's name without its parameter list and template arguments (demangled C++ or
// plain C): "ns::Bank::transfer(Account&, long)" -> "ns::Bank::transfer",
// "std::vector<int>::push_back(int const&)" -> "std::vector::push_back". "(anonymous
// namespace)", "operator()" and the operators "<", "<<", "<=" keep their characters; a
// lambda's "{lambda()#1}" is kept whole.
void AppendBareFunction(Str &s, const char *f) {
  int angle = 0;
  for (const char *p = f; *p; ++p) {
    const char *keep = nullptr;
    size_t n = 1;
    if (!strncmp(p, "(anonymous namespace)", 21)) {
      keep = p, n = 21;
    } else if (!strncmp(p, "operator()", 10)) {
      keep = p, n = 10;
    } else if (*p == '{' && strchr(p, '}')) {
      keep = p, n = size_t(strchr(p, '}') - p + 1);
    } else if (*p == '<' && !EndsWith(f, p, "operator") && !EndsWith(f, p, "operator<")) {
      ++angle;
    } else if (*p == '>' && angle && !EndsWith(f, p, "operator") && !EndsWith(f, p, "->")) {
      --angle;
    } else if (*p == '(' && !angle) {
      break;  // the parameter list
    } else if (!angle) {
      keep = p;
    }
    if (keep && !angle) s.addn(keep, n);
    p += n - 1;
  }
}
} // namespace

void AppendShortLockName(Str &s, LockRec *l, uint64_t id) {
  Str g;
  if (AppendGlobalName(g, LockAddr(l))) {
    s.add(LockName(l));
    return;
  }
  s.add(KindName(LockKindOf(l)));
  if (id) s.addf(" M%llu", (unsigned long long)id);
  const Frame *f = FirstTakeFrame(l);
  if (!f || !f->func || !*f->func || !strcmp(f->func, "??")) return;
  s.add(" (");
  AppendBareFunction(s, f->func);
  s.add(")");
}

} // namespace parcheck
