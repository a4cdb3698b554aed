//===- Finding.cpp --------------------------------------------------------===//
#include "report/Finding.h"

#include "parcheck/Fingerprint.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace parcheck {

std::string SrcLoc::str() const {
  return File.str() + ":" + std::to_string(Line) + ":" + std::to_string(Col);
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

int confidenceRank(const std::string &C) {
  return C == "high" ? 2 : C == "medium" ? 1 : C == "low" ? 0 : -1;
}

StackFrame parseFrame(const std::string &S) {
  StackFrame F;
  // The location is last: a function name may itself hold " at " (a lambda).
  size_t At = S.rfind(" at ");
  if (At == std::string::npos) {
    F.Function = S;
    return F;
  }
  std::string Loc = S.substr(At + 4);
  size_t C2 = Loc.rfind(':');
  size_t C1 = C2 == std::string::npos || C2 == 0 ? std::string::npos : Loc.rfind(':', C2 - 1);
  if (C1 == std::string::npos) {
    F.Function = S;
    return F;
  }
  auto Num = [](const std::string &X, unsigned &Out) {
    if (X.empty() || X.size() > 9 || X.find_first_not_of("0123456789") != std::string::npos)
      return false;
    Out = unsigned(std::stoul(X));
    return true;
  };
  unsigned Line = 0, Col = 0;
  if (!Num(Loc.substr(C1 + 1, C2 - C1 - 1), Line) || !Num(Loc.substr(C2 + 1), Col)) {
    F.Function = S;
    return F;
  }
  F.Function = S.substr(0, At);
  F.Where.File = Loc.substr(0, C1);
  F.Where.Line = Line;
  F.Where.Col = std::min(Col, SrcLoc::MaxCol);
  return F;
}

CappedStack capStack(const std::vector<std::string> &S, unsigned Limit) {
  CappedStack C;
  if (Limit == 0 || S.size() <= Limit) {
    C.Head = S;
    return C;
  }
  // The outer frames say which thread entry leads here, the inner ones which
  // calls reach the access: keep both ends.
  size_t Head = (Limit + 1) / 2, Tail = Limit / 2;
  C.Head.assign(S.begin(), S.begin() + Head);
  C.Tail.assign(S.end() - Tail, S.end());
  C.Elided = S.size() - Head - Tail;
  return C;
}

bool Finding::operator<(const Finding &O) const {
  SrcLoc A = Locations.empty() ? SrcLoc() : Locations[0].Where;
  SrcLoc B = O.Locations.empty() ? SrcLoc() : O.Locations[0].Where;
  return std::tie(A, Kind, Message) < std::tie(B, O.Kind, O.Message);
}

} // namespace parcheck
