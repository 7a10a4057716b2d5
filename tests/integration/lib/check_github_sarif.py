#!/usr/bin/env python3
"""Check SARIF files against GitHub code-scanning ingestion rules that the SARIF JSON schema
cannot express (limits, required texts, physical locations, numeric security-severity).

Usage: check_github_sarif.py [--strict] FILE.sarif [...]
  --strict  also fail on what GitHub accepts but mishandles: kind other than "fail" (GitHub
            turns every result into an alert), suppressions (not honoured), and a missing
            partialFingerprints.primaryLocationLineHash. mtaudit's github profile must pass it.
Exit status: 0 all files pass, 1 some file has errors, 2 usage. Standard library only.
"""
import gzip
import json
import re
import sys

MAX_GZIP = 10 * 1024 * 1024
MAX_RUNS = 20
MAX_RESULTS = 25000
MAX_RULES = 25000
MAX_EXTENSIONS = 100
MAX_LOCATIONS = 1000
MAX_TAGS = 20
SHOWN_TAGS = 10
MAX_TEXT = 1024
MAX_NAME = 255
LEVELS = {"none", "note", "warning", "error"}
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")


def text_of(obj, key):
    value = (obj.get(key) or {}) if isinstance(obj, dict) else {}
    return value.get("text") if isinstance(value, dict) else None


def check_rule(rep, where, rule):
    for key in ("shortDescription", "fullDescription", "help"):
        text = text_of(rule, key)
        if not isinstance(text, str) or not text.strip():
            rep.error(where, f"{key}.text is missing or empty")
        elif key != "help" and len(text) > MAX_TEXT:
            rep.warn(where, f"{key}.text is longer than {MAX_TEXT} characters")
    if len(rule.get("name") or "") > MAX_NAME:
        rep.warn(where, f"name is longer than {MAX_NAME} characters")
    props = rule.get("properties") or {}
    tags = props.get("tags") or []
    if len(tags) > MAX_TAGS:
        rep.error(where, f"{len(tags)} tags; GitHub rejects more than {MAX_TAGS}")
    elif len(tags) > SHOWN_TAGS:
        rep.warn(where, f"{len(tags)} tags; GitHub shows only {SHOWN_TAGS}")
    if "security-severity" in props:
        check_security_severity(rep, where, props["security-severity"])
    level = (rule.get("defaultConfiguration") or {}).get("level")
    if level is not None and level not in LEVELS:
        rep.error(where, f"defaultConfiguration.level {level!r} is not a SARIF level")


def check_security_severity(rep, where, value):
    if not isinstance(value, str):
        rep.error(where, "security-severity must be a string holding a number")
        return
    try:
        number = float(value)
    except ValueError:
        rep.error(where, f"security-severity {value!r} is not a number (upload is rejected)")
        return
    if not 0.0 < number <= 10.0:
        rep.warn(where, f"security-severity {value} is outside (0, 10]: no severity shown")


def check_location(rep, where, locations):
    if not locations:
        rep.error(where, "no locations (GitHub: expected at least one location)")
        return
    if len(locations) > MAX_LOCATIONS:
        rep.error(where, f"{len(locations)} locations > {MAX_LOCATIONS}")
    physical = locations[0].get("physicalLocation") or {}
    uri = (physical.get("artifactLocation") or {}).get("uri")
    if not uri:
        rep.error(where, "locations[0] has no physicalLocation.artifactLocation.uri")
        return
    match = SCHEME.match(uri)
    if match and not uri.startswith("file:"):
        rep.error(where, f"uri {uri!r} has scheme {match.group(0)!r}; GitHub needs a file path")
    region = physical.get("region")
    if region is not None and not isinstance(region.get("startLine"), int):
        rep.error(where, "region without an integer startLine")
    elif region is not None and region["startLine"] < 1:
        rep.error(where, "region.startLine must be at least 1")


def check_result(rep, where, result, rule_ids, strict):
    message = result.get("message") or {}
    if not isinstance(message.get("text"), str) or not message["text"].strip():
        rep.error(where, "message.text missing or empty (message.id templates are rejected)")
    rule_id = result.get("ruleId")
    if rule_id is not None and rule_ids and rule_id not in rule_ids:
        rep.warn(where, f"ruleId {rule_id!r} is not in tool.driver.rules")
    if result.get("level") is not None and result["level"] not in LEVELS:
        rep.error(where, f"level {result['level']!r} is not a SARIF level")
    check_location(rep, where, result.get("locations") or [])
    complain = rep.error if strict else rep.warn
    if result.get("kind", "fail") != "fail":
        complain(where, f"kind {result['kind']!r}: GitHub ignores kind and opens an alert")
    if result.get("suppressions"):
        complain(where, "suppressions are not honoured by GitHub: the result becomes an alert")
    if not (result.get("partialFingerprints") or {}).get("primaryLocationLineHash"):
        complain(where, "no partialFingerprints.primaryLocationLineHash")


def check_run(rep, i, run, seen_keys, strict):
    where = f"runs[{i}]"
    tool = run.get("tool") or {}
    driver = tool.get("driver") or {}
    if not driver.get("name"):
        rep.error(where, "tool.driver.name missing")
    key = json.dumps([driver.get(k) for k in ("name", "fullName", "version", "semanticVersion", "guid")]
                     + [(run.get("automationDetails") or {}).get("id")])
    if key in seen_keys:
        rep.error(where, "same tool and automationDetails.id as an earlier run (one category per run)")
    seen_keys.add(key)
    if len(tool.get("extensions") or []) > MAX_EXTENSIONS:
        rep.error(where, f"more than {MAX_EXTENSIONS} tool.extensions")
    rules = driver.get("rules") or []
    if len(rules) > MAX_RULES:
        rep.error(where, f"{len(rules)} rules > {MAX_RULES}")
    for j, rule in enumerate(rules):
        check_rule(rep, f"{where}.tool.driver.rules[{j}]", rule)
    results = run.get("results")
    if not isinstance(results, list):
        rep.error(where, "results array missing")
        return
    if len(results) > MAX_RESULTS:
        rep.error(where, f"{len(results)} results > {MAX_RESULTS}")
    rule_ids = {r.get("id") for r in rules}
    for j, result in enumerate(results):
        check_result(rep, f"{where}.results[{j}]", result, rule_ids, strict)


def check_file(path, strict):
    rep = Report()
    with open(path, "rb") as fh:
        raw = fh.read()
    if len(gzip.compress(raw)) > MAX_GZIP:
        rep.error(path, "gzip-compressed size exceeds 10 MB")
    try:
        log = json.loads(raw)
    except ValueError as exc:
        rep.error(path, f"not JSON: {exc}")
        return rep
    if log.get("version") != "2.1.0":
        rep.error(path, "version must be \"2.1.0\"")
    if not log.get("$schema"):
        rep.warn(path, "$schema missing (GitHub lists it as required)")
    runs = log.get("runs")
    if not isinstance(runs, list) or not runs:
        rep.error(path, "runs missing or empty")
        return rep
    if len(runs) > MAX_RUNS:
        rep.error(path, f"{len(runs)} runs > {MAX_RUNS}")
    seen = set()
    for i, run in enumerate(runs):
        check_run(rep, i, run, seen, strict)
    return rep


def main(argv):
    strict = "--strict" in argv[1:]
    paths = [a for a in argv[1:] if a != "--strict"]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        rep = check_file(path, strict)
        verdict = "FAIL" if rep.errors else "ok"
        print(f"{path}: {verdict} ({len(rep.errors)} errors, {len(rep.warnings)} warnings)")
        for line in rep.errors:
            print(f"  ERROR {line}")
        for line in rep.warnings:
            print(f"  WARN  {line}")
        failed = failed or bool(rep.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
