// No findings: still a valid log, with rules and no results; exit 0.
// REQUIRES: jsonschema, sarif-schema
// RUN: %parcheck %s --format=sarif -- > %t.sarif
// RUN: %python %S/Inputs/validate.py %sarif_schema %t.sarif | FileCheck %s
// CHECK: valid sarif 2.1.0
// CHECK: results: 0
int main(void) { return 0; }
