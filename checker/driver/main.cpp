//===- main.cpp - parcheck ------------------------------------------------===//
#include "driver/CompilerMode.h"
#include "driver/Driver.h"

#ifdef PARCHECK_WITH_MIMALLOC
#include <cstdlib>
#include <mimalloc.h>
#endif

int main(int Argc, const char **Argv) {
#ifdef PARCHECK_WITH_MIMALLOC
  // The heap's segments on transparent huge pages (madvise; a no-op where
  // THP is off): a large run faults its heap in 2 MiB at a time instead of
  // 4 KiB, and page faults were an eighth of a cold run's CPU (docs/scale.md,
  // "Allocator"). MIMALLOC_LARGE_OS_PAGES, when set, decides instead.
  if (!std::getenv("MIMALLOC_LARGE_OS_PAGES"))
    mi_option_set_enabled(mi_option_large_os_pages, true);
  // Freed pages stay committed for the next allocation instead of going back
  // to the kernel, to be faulted in and cleared again: the parse's memory,
  // freed after a TU's extraction, is where the analysis allocates (the 10k
  // chain: 253 -> 184 MiB committed in all, 28% fewer minor faults, for
  // the same peak). A run is short; MIMALLOC_ALLOW_DECOMMIT, when set, decides.
  if (!std::getenv("MIMALLOC_ALLOW_DECOMMIT"))
    mi_option_disable(mi_option_allow_decommit);
#endif
  int Exit = 0;
  if (parcheck::runCompilerMode(Argc, Argv, Exit))
    return Exit;
  return parcheck::runParcheck(Argc, Argv);
}
