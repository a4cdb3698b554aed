#!/usr/bin/env python3
"""Validates a SARIF log against the SARIF 2.1.0 schema (draft-04) and prints a
short, stable summary of it for FileCheck.

usage: validate.py SCHEMA LOG [--fingerprints]
"""
import json
import sys

import jsonschema


def main():
    schema_path, log_path = sys.argv[1], sys.argv[2]
    with open(schema_path) as f:
        schema = json.load(f)
    with open(log_path) as f:
        log = json.load(f)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    for e in errors:
        print("invalid: %s at %s" % (e.message, "/".join(str(p) for p in e.path)))
    if errors:
        return 1
    run = log["runs"][0]
    if "--fingerprints" in sys.argv:
        for r in run["results"]:
            print(r["ruleId"], r["partialFingerprints"]["parcheck/v1"])
        return 0
    print("valid sarif %s" % log["version"])
    print("rules: " + " ".join(r["id"] for r in run["tool"]["driver"]["rules"]))
    print("results: %d" % len(run["results"]))
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        print("result %s %s %s:%d" % (r["ruleId"], r["level"],
                                      loc["artifactLocation"]["uri"].rsplit("/", 1)[-1],
                                      loc["region"]["startLine"]))
        print("  message: " + r["message"]["text"])
        print("  fingerprint: " + r["partialFingerprints"]["parcheck/v1"])
        for flow in r.get("codeFlows", []):
            for tf in flow["threadFlows"]:
                steps = ["%d" % l["location"]["physicalLocation"]["region"]["startLine"]
                         for l in tf["locations"]]
                print("  flow %s: %s" % (tf["message"]["text"], " -> ".join(steps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
