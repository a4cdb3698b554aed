// Prints Fingerprint.h's value for a few part lists, with both bases:
// "<basis> <hex> <part>|<part>|...", for one_truth.py to recompute with the cross-check's
// definition.
#include "parcheck/Fingerprint.h"

#include <stdio.h>

using namespace parcheck;

int main() {
  const char *const vectors[][4] = {
      {"lock-order", "mu1", "mu2", nullptr},
      {"race", "", "\xc3\xa9t\xc3\xa9", nullptr},  // an empty part, UTF-8
      {"deadlock", "timeout", nullptr, nullptr},
  };
  struct { const char *name; uint64_t basis; } bases[] = {
      {"fnv", kFingerprintBasisFnv}, {"checker", kFingerprintBasisChecker}};
  for (auto &b : bases)
    for (auto &v : vectors) {
      Fingerprint fp(b.basis);
      for (int i = 0; i < 4 && v[i]; ++i) fp.add(v[i]);
      char hex[17];
      fp.hex(hex);
      printf("%s %s", b.name, hex);
      for (int i = 0; i < 4 && v[i]; ++i) printf("%s%s", i ? "|" : " ", v[i]);
      printf("\n");
    }
}
