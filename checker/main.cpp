//===- main.cpp - parcheck ------------------------------------------------===//
#include "Driver.h"

int main(int Argc, const char **Argv) { return parcheck::runParcheck(Argc, Argv); }
