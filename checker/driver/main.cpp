//===- main.cpp - parcheck ------------------------------------------------===//
#include "driver/CompilerMode.h"
#include "driver/Driver.h"

int main(int Argc, const char **Argv) {
  int Exit = 0;
  if (parcheck::runCompilerMode(Argc, Argv, Exit))
    return Exit;
  return parcheck::runParcheck(Argc, Argv);
}
