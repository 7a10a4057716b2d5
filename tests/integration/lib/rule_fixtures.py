#!/usr/bin/python3
"""Helper of test_rule_fixtures.sh (python3 standard library only).

  rule_fixtures.py extract MANIFEST
      MANIFEST lines: JSON<TAB>RULE<TAB>ROOT<TAB>OUT. Writes to OUT one line per result of
      RULE in the JSON report, in report order: STATUS<TAB>TARGET, with the --root prefix
      ROOT removed from targets that name a file (so they read /etc/postfix/main.cf:LINE: ...).
      A report that cannot be read gives the single line "unreadable-report<TAB>REASON".
      A message that shows an internal fact path ("s.key_types=[]", "files.services") instead
      of a sentence adds the line "fact-path-in-message<TAB>MESSAGE", which no case expects.
  rule_fixtures.py coverage RULES_JSON FIXTURE_DIR
      Prints one line per problem: a rule of RULES_JSON without a pass* or a fail* case,
      a fixture directory for a rule that does not exist, a case without expected.txt.
"""
import json
import os
import re
import sys

# "c.weak=[CAMELLIA]", "item.tls.level: may", "files.services[0]": what a rule author's
# explain text must replace. File names (main.cf:3, rsa.pem) have no '=' or ':' after them.
FACT_PATH = re.compile(r"\b(item|files|postfix|live|dns|[a-z])(\.[a-z_0-9]+)+(=|\[\d|: )")


def result_lines(report_path, rule, root):
    try:
        with open(report_path, encoding="utf-8") as f:
            results = json.load(f)["results"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        return [f"unreadable-report\t{e}"]
    lines = []
    for r in results:
        if r.get("rule") != rule:
            continue
        target = str(r.get("target", ""))
        if root and target.startswith(root + "/"):
            target = target[len(root):]
        lines.append(f"{r.get('status')}\t{target}")
        message = str(r.get("message", ""))
        if r.get("status") in ("fail", "error") and FACT_PATH.search(message):
            lines.append(f"fact-path-in-message\t{message}")
    return lines


def extract(manifest):
    with open(manifest, encoding="utf-8") as f:
        for row in f:
            report, rule, root, out = row.rstrip("\n").split("\t")
            with open(out, "w", encoding="utf-8") as o:
                o.writelines(line + "\n" for line in result_lines(report, rule, root))
    return 0


def coverage(rules_json, fixture_dir):
    with open(rules_json, encoding="utf-8") as f:
        ids = [r["id"] for r in json.load(f)["rules"]]
    problems = []
    for rule in ids:
        cases = sorted(os.listdir(os.path.join(fixture_dir, rule))) if os.path.isdir(
            os.path.join(fixture_dir, rule)) else []
        for kind in ("pass", "fail"):
            if not any(c == kind or c.startswith(kind + "-") for c in cases):
                problems.append(f"{rule}: no {kind} case")
    for rule in sorted(os.listdir(fixture_dir)):
        path = os.path.join(fixture_dir, rule)
        if not os.path.isdir(path):
            continue
        if rule not in ids:
            problems.append(f"{rule}: fixtures for a rule that {rules_json} does not define")
        for c in sorted(os.listdir(path)):
            if not os.path.isfile(os.path.join(path, c, "expected.txt")):
                problems.append(f"{rule}/{c}: no expected.txt")
    for p in problems:
        print(p)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "extract":
        sys.exit(extract(sys.argv[2]))
    if len(sys.argv) == 4 and sys.argv[1] == "coverage":
        sys.exit(coverage(sys.argv[2], sys.argv[3]))
    sys.stderr.write(__doc__)
    sys.exit(2)
