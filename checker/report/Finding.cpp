//===- Finding.cpp --------------------------------------------------------===//
#include "report/Finding.h"

#include "parcheck/Fingerprint.h"

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
  Fingerprint H(kFingerprintBasisChecker);
  H.add(Kind.data(), Kind.size());
  for (const std::string &S : Ids)
    H.add(S.data(), S.size());
  char Buf[17];
  H.hex(Buf);
  return Buf;
}

bool Finding::operator<(const Finding &O) const {
  SrcLoc A = Locations.empty() ? SrcLoc() : Locations[0].Where;
  SrcLoc B = O.Locations.empty() ? SrcLoc() : O.Locations[0].Where;
  return std::tie(A, Kind, Message) < std::tie(B, O.Kind, O.Message);
}

} // namespace parcheck
