//===- CompilerMode.h - the per-TU step as a build action -------*- C++ -*-===//
//
// The facts step of one TU is a hermetic build action: a compile command in,
// one facts file out, the same bytes for the same inputs. Two forms let an
// existing build engine run it:
//
//   launcher   `parcheck --launch <compiler> <args...>` (CMake's
//              CMAKE_<LANG>_COMPILER_LAUNCHER, or a prefix in any Makefile):
//              runs the real compiler, then writes the facts beside its
//              object, `<object>.facts.json`. The build is unchanged; a TU
//              whose facts cannot be made leaves `<object>.facts-error`, so
//              the later `parcheck --from-facts <build dir>` reports it
//              rather than losing it.
//   compiler   `parcheck-cc <args...>` (or `parcheck --as-compiler ...`): a
//              compiler whose "object" is the facts file. `-E` preprocesses
//              with clang; `-c` extracts facts from the input, a source or a
//              preprocessed `.i`/`.ii` (locations come from its line
//              markers). A distributed compiler engine (distcc, icecream)
//              can therefore run it remotely as it would run a compiler:
//              preprocessing locally, the facts step on a volunteer.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_COMPILERMODE_H
#define PARCHECK_DRIVER_COMPILERMODE_H

namespace parcheck {

/// When argv asks for the launcher or compiler form, runs it and sets Exit;
/// false otherwise (a normal parcheck command line).
bool runCompilerMode(int Argc, const char **Argv, int &Exit);

} // namespace parcheck

#endif
