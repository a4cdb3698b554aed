//===- Program.h - the merged whole-program view ----------------*- C++ -*-===//
#ifndef PARCHECK_PROGRAM_H
#define PARCHECK_PROGRAM_H

#include "facts/Facts.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parcheck {

/// All TU facts merged: one entry per function USR, deduplicated and ordered,
/// so analysis results do not depend on TU order or -j.
struct Program {
  std::map<std::string, FunctionFacts> Functions;
  std::map<std::string, std::set<std::string>> ClassFields;
  /// Data members of each class: name and, for members by value, record type.
  std::map<std::string, std::set<std::pair<std::string, std::string>>> ClassMembers;
  std::set<std::string> SharedClasses;
  std::set<std::pair<Id, Id>> Aliases;
  std::set<LockOrderDecl> DeclaredOrders; ///< ACQUIRED_BEFORE / ACQUIRED_AFTER.
  std::set<FnStore> FnStores;
  std::set<DescriptorFact> Descriptors; ///< TUFacts::Descriptors
  std::set<std::string> CopiedRecords;  ///< TUFacts::CopiedRecords
  /// TUFacts::ObjectSites, ManyObjects, OneObjectNodes, GlobalCells.
  std::set<std::pair<std::string, std::string>> ObjectSites;
  std::set<std::string> ManyObjects, OneObjectNodes, GlobalCells;
  /// Copies of pointer values between origin nodes (TUFacts::OriginFlows).
  std::set<std::pair<std::string, std::string>> OriginFlows;

  void add(const TUFacts &TU);
  /// Calls Fn(Record, Member) for each data member of Rec and, transitively,
  /// of the records it holds by value (ClassMembers), each record once.
  template <typename FnT> void forEachMember(const std::string &Rec, FnT Fn) const {
    std::set<std::string> Seen;
    std::vector<std::string> Todo{Rec};
    while (!Todo.empty()) {
      std::string R = std::move(Todo.back());
      Todo.pop_back();
      if (!Seen.insert(R).second)
        continue;
      auto It = ClassMembers.find(R);
      if (It == ClassMembers.end())
        continue;
      for (const auto &[Member, MemberRecord] : It->second) {
        Fn(R, Member);
        if (!MemberRecord.empty())
          Todo.push_back(MemberRecord);
      }
    }
  }
  /// Does some function of the program define main?
  bool hasMain() const;
  /// The same, taking TU's functions instead of copying them (TU is left
  /// without them): the copy was a large part of the whole-program phase on
  /// big programs, and most TUs belong to one program only.
  void add(TUFacts &&TU);
};

/// The function (USR) and the index of a parameter's origin node
/// "p:<usr>#i" (extract/Origins.h); none for any other node.
std::optional<std::pair<llvm::StringRef, unsigned>> paramOriginNode(llvm::StringRef Node);

/// Drops each access that only stands in for a callee of another TU
/// (AccessFact::ByCallee) when the program defines that callee: its own
/// accesses through the parameter are then followed, so a lock wrapper
/// ('uv_mutex_lock(&mu)'), a once ('uv_once(&guard, init)') or an atomic
/// send ('uv_async_send(&h)') defined in another TU is not a write of the
/// whole object. The access stays when the callee hands a pointer parameter
/// on (at any depth) to a function the program does not define; the hand-on
/// markers themselves (accesses on a parameter with ByCallee) always go.
/// Call once, after every TU is added.
void dropCoveredAccesses(Program &P);

/// The programs in a set of TUs, as indices into TUs: one per TU that defines
/// main (samples/, tests/ and tools/ folders hold many programs), each with
/// every TU that defines no main (library code), in TU order. With at most
/// one main it is simply the whole tree.
std::vector<std::vector<size_t>> splitPrograms(const std::vector<TUFacts> &TUs);

} // namespace parcheck

#endif
