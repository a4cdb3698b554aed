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
#endif
  int Exit = 0;
  if (parcheck::runCompilerMode(Argc, Argv, Exit))
    return Exit;
  return parcheck::runParcheck(Argc, Argv);
}
