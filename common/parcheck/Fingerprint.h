//===- Fingerprint.h - the finding fingerprint, once ------------*- C++ -*-===//
//
// A finding's fingerprint identifies it without line numbers, so that baselines and reports
// of different runs can be matched. It is FNV-1a-64 over the finding's kind and then its
// identity parts, each part followed by the byte 0x1f, printed as 16 lower-case hex digits.
// Who chooses the parts:
//   the checker   kind, then its Identity sorted (report/Finding.cpp)
//   the runtime   kind, then its lock names sorted, then the user functions of its
//                 locations in report order (rt_report.cpp)
//   the cross-check  reads both from the tools' JSON; for TSan, which has none, it computes
//                 one over kind, lock names and functions with the same definition
//                 (tools/parcheck-crosscheck: fingerprint(), tested against this header by
//                 test/report/one-truth.test).
// The checker's basis is not FNV's offset basis: its first release dropped the last digit,
// and baselines written since depend on it. The runtime and TSan use FNV's.
//
// Header-only, no library: used by the checker (LLVM) and the runtime (no malloc) alike.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_COMMON_FINGERPRINT_H
#define PARCHECK_COMMON_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

namespace parcheck {

constexpr uint64_t kFingerprintBasisChecker = 1469598103934665603ULL;
constexpr uint64_t kFingerprintBasisFnv = 0xcbf29ce484222325ULL;

class Fingerprint {
public:
  explicit Fingerprint(uint64_t basis) : h_(basis) {}
  void add(const char *s, size_t n) {
    for (size_t i = 0; i < n; ++i) mix((unsigned char)s[i]);
    mix(0x1f);
  }
  void add(const char *s) { add(s, strlen(s)); }
  uint64_t value() const { return h_; }
  void hex(char out[17]) const { snprintf(out, 17, "%016llx", (unsigned long long)h_); }

private:
  void mix(unsigned char c) {
    h_ ^= c;
    h_ *= 1099511628211ULL;
  }
  uint64_t h_;
};

} // namespace parcheck
#endif
