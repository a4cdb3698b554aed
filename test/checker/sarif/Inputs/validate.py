#!/usr/bin/env python3
"""Validates a SARIF log against the SARIF 2.1.0 schema (draft-04) and prints a
short, stable summary of it for FileCheck.

usage: validate.py SCHEMA LOG [--fingerprints | --code-scanning DOCS_DIR]

--code-scanning prints what code-scanning services read beyond the schema: the
%SRCROOT% base, each location's uri, uriBaseId and columns, and each rule's
helpUri, tags and whether its markdown help is docs/checks/<stem>.md verbatim.
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
    if "--code-scanning" in sys.argv:
        return code_scanning(run, sys.argv[sys.argv.index("--code-scanning") + 1])
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


def code_scanning(run, docs_dir):
    import os
    print("valid")
    print("columnKind: %s" % run.get("columnKind"))
    for k, v in sorted(run.get("originalUriBaseIds", {}).items()):
        print("base %s: %s" % (k, v["uri"]))
    for rule in run["tool"]["driver"]["rules"]:
        stem = rule["id"][len("parcheck-"):]
        with open(os.path.join(docs_dir, stem + ".md")) as f:
            doc = f.read()
        print("rule %s helpUri=%s tags=%s full=%s markdown=%s text=%s" % (
            rule["id"], rule.get("helpUri"), ",".join(rule.get("properties", {}).get("tags", [])),
            "yes" if rule.get("fullDescription", {}).get("text") else "no",
            "doc" if rule.get("help", {}).get("markdown") == doc else "NOT-DOC",
            "yes" if rule.get("help", {}).get("text") else "no"))
    for r in run["results"]:
        locs = [r["locations"][0]] + r.get("relatedLocations", [])
        for l in locs:
            a = l["physicalLocation"]["artifactLocation"]
            reg = l["physicalLocation"].get("region", {})
            print("loc %s base=%s %s:%s" % (a["uri"], a.get("uriBaseId", "-"),
                                            reg.get("startLine"), reg.get("startColumn")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
