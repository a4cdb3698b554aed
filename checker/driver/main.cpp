//===- main.cpp - parcheck ------------------------------------------------===//
#include "driver/Driver.h"

int main(int Argc, const char **Argv) { return parcheck::runParcheck(Argc, Argv); }
