//===- Finding.cpp --------------------------------------------------------===//
#include "report/Finding.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace parcheck {

std::string SrcLoc::str() const {
  return File + ":" + std::to_string(Line) + ":" + std::to_string(Col);
}

std::string Finding::fingerprint() const {
  std::vector<std::string> Ids = Identity;
  std::sort(Ids.begin(), Ids.end());
  uint64_t H = 1469598103934665603ULL;
  auto Mix = [&](const std::string &S) {
    for (unsigned char C : S) {
      H ^= C;
      H *= 1099511628211ULL;
    }
    H ^= 0x1f;
    H *= 1099511628211ULL;
  };
  Mix(Kind);
  for (const std::string &S : Ids)
    Mix(S);
  char Buf[17];
  std::snprintf(Buf, sizeof Buf, "%016llx", (unsigned long long)H);
  return Buf;
}

bool Finding::operator<(const Finding &O) const {
  SrcLoc A = Locations.empty() ? SrcLoc() : Locations[0].Where;
  SrcLoc B = O.Locations.empty() ? SrcLoc() : O.Locations[0].Where;
  return std::tie(A, Kind, Message) < std::tie(B, O.Kind, O.Message);
}

} // namespace parcheck
