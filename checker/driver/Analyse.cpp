//===- Analyse.cpp - the whole-program phase on every core ----------------===//
#include "driver/Analyse.h"
#include "analysis/Analysis.h"
#include "analysis/FunctionValues.h"
#include "checks/Registry.h"
#include "facts/Program.h"
#include "report/Report.h"

#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <algorithm>
#include <iterator>

using namespace llvm;

namespace parcheck {
namespace {

using CheckFn = void (*)(const ProgramAnalysis &, FindingSink &);

/// The checks, in Checks.def order: the order their findings are replayed in.
constexpr CheckFn Checks[] = {
#define PARCHECK_CHECK(Name) &run##Name,
#include "checks/Checks.def"
};
constexpr size_t NumChecks = std::size(Checks);

/// Keeps what one check reports on one program, in report order.
class Recorder : public FindingSink {
public:
  std::vector<Finding> Got;
  void report(Finding F) override { Got.push_back(std::move(F)); }
};

/// A program is named by the file of its main.
std::string programName(const std::vector<TUFacts> &AllFacts, const std::vector<size_t> &Members) {
  for (size_t I : Members)
    for (const FunctionFacts &F : AllFacts[I].Functions)
      if (F.IsMain)
        return sys::path::filename(AllFacts[I].MainFile).str();
  return "?";
}

/// What each check reported on one program: Out[c] for check c.
using ProgramResult = std::vector<std::vector<Finding>>;

/// Merges and analyses one program, then runs every check: on Pool (as a
/// task group, so a pool thread waiting here runs the checks itself) or, with
/// no pool, one after the other.
/// Uses[i]: how many programs TU i belongs to; a TU of this program only is
/// moved into it (no other task reads it), a shared one is copied.
void analyseOne(std::vector<TUFacts> &AllFacts, const std::vector<unsigned> &Uses,
                const std::vector<size_t> &Members, StdThreadPool *Pool, ProgramResult &Out) {
  Program Prog;
  for (size_t I : Members) {
    if (Uses[I] == 1)
      Prog.add(std::move(AllFacts[I]));
    else
      Prog.add(AllFacts[I]);
  }
  dropCoveredAccesses(Prog);
  resolveFunctionValues(Prog);
  // Read-only from here on: ProgramAnalysis's const members may be called
  // from several threads at once (Analysis.h).
  const ProgramAnalysis Analysis(Prog, Pool);
  Out.assign(NumChecks, {});
  auto RunCheck = [&Analysis, &Out](size_t C) {
    Recorder R;
    Checks[C](Analysis, R);
    Out[C] = std::move(R.Got);
  };
  if (!Pool) {
    for (size_t C = 0; C < NumChecks; ++C)
      RunCheck(C);
    return;
  }
  ThreadPoolTaskGroup Group(*Pool);
  for (size_t C = 0; C < NumChecks; ++C)
    Group.async([&RunCheck, C] { RunCheck(C); });
  Group.wait();
}

} // namespace

std::vector<Finding> analysePrograms(std::vector<TUFacts> AllFacts, unsigned Jobs) {
  std::vector<std::vector<size_t>> Programs = splitPrograms(AllFacts);
  std::vector<ProgramResult> Results(Programs.size());
  // Named before the analysis takes the TUs' functions.
  std::vector<std::string> Names;
  if (Programs.size() > 1)
    for (const std::vector<size_t> &Members : Programs)
      Names.push_back(programName(AllFacts, Members));
  std::vector<unsigned> Uses(AllFacts.size(), 0);
  for (const std::vector<size_t> &Members : Programs)
    for (size_t I : Members)
      ++Uses[I];
  unsigned N = Jobs ? Jobs : std::max(1u, hardware_concurrency().compute_thread_count());
  if (N == 1) {
    for (size_t P = 0; P < Programs.size(); ++P)
      analyseOne(AllFacts, Uses, Programs[P], nullptr, Results[P]);
  } else {
    StdThreadPool Pool(hardware_concurrency(N));
    for (size_t P = 0; P < Programs.size(); ++P)
      Pool.async([&, P] { analyseOne(AllFacts, Uses, Programs[P], &Pool, Results[P]); });
    Pool.wait();
  }
  // The single-threaded report order: program by program, check by check.
  FindingCollector Sink;
  for (size_t P = 0; P < Programs.size(); ++P) {
    if (Programs.size() > 1)
      Sink.setProgram(Names[P]);
    for (std::vector<Finding> &Fs : Results[P])
      for (Finding &F : Fs)
        Sink.report(std::move(F));
  }
  return Sink.take();
}

} // namespace parcheck
