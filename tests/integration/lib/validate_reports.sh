#!/usr/bin/env bash
# Validates report files against their schemas and GitHub's ingestion rules.
#
#   validate_reports.sh [--junit FILE] [--sarif FILE] [--sarif-github FILE] [--json FILE] ...
#
#   --junit FILE         xmllint against schemas/junit.xsd (windyroad/Ant) and, when present,
#                        the Jenkins xUnit junit-10.xsd ($MTAUDIT_JENKINS_XSD, default
#                        schemas/junit-jenkins-xunit-10.xsd, MIT, header kept)
#   --sarif FILE         Draft-04 validation against schemas/sarif-schema-2.1.0.json, with the
#                        uri / uri-reference / date-time formats checked
#   --sarif-github FILE  the same, plus check_github_sarif.py --strict
#   --json FILE          schemas/results.schema.json
#
# Needs xmllint (libxml2-utils) and python3 with jsonschema (python3-jsonschema). Python is
# $MTAUDIT_PYTHON, else /usr/bin/python3 (Debian's, which has python3-jsonschema), else python3.
# Exit: 0 all valid, 1 something invalid, 2 usage, 77 a needed tool is missing (test skip).
set -uo pipefail

src=${BASH_SOURCE[0]}
[[ $src == */* ]] || src=./$src
here=$(cd "${src%/*}" && pwd)
root=$(cd "$here/../../.." && pwd)
jenkins_xsd=${MTAUDIT_JENKINS_XSD:-$root/schemas/junit-jenkins-xunit-10.xsd}

pick_python() {
  local candidate
  for candidate in "${MTAUDIT_PYTHON:-}" /usr/bin/python3 python3; do
    if [ -n "$candidate" ] && "$candidate" -c 'import jsonschema' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# $1 schema, $2 document. Formats: jsonschema's own checkers plus strict local ones for the
# formats SARIF uses, so the result does not depend on optional python packages.
validate_json() {
  "$python" - "$1" "$2" <<'PY'
import datetime, json, re, sys
import jsonschema

checker = jsonschema.FormatChecker()
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")

@checker.checks("uri-reference", raises=ValueError)
def uri_reference(value):
    if isinstance(value, str) and not URI_CHARS.match(value):
        raise ValueError("characters not allowed in a URI reference")
    return True

@checker.checks("uri", raises=ValueError)
def uri(value):
    if isinstance(value, str):
        uri_reference(value)
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", value):
            raise ValueError("not an absolute URI (no scheme)")
    return True

@checker.checks("date-time", raises=ValueError)
def date_time(value):
    if isinstance(value, str):
        if not re.match(r"^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$", value):
            raise ValueError("not an RFC 3339 date-time")
        datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return True

schema_path, doc_path = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as fh:
    schema = json.load(fh)
try:
    with open(doc_path, encoding="utf-8") as fh:
        doc = json.load(fh)
except (OSError, ValueError) as exc:
    print(f"{doc_path}: not readable JSON: {exc}")
    sys.exit(1)
cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft4Validator)
errors = sorted(cls(schema, format_checker=checker).iter_errors(doc),
                key=lambda e: [str(p) for p in e.absolute_path])
for err in errors:
    print(f"{doc_path}: /{'/'.join(str(p) for p in err.absolute_path)}: {err.message}")
sys.exit(1 if errors else 0)
PY
}

check_junit() {
  local ok=0
  xmllint --noout --schema "$root/schemas/junit.xsd" "$1" || ok=1
  if [ -f "$jenkins_xsd" ]; then
    xmllint --noout --schema "$jenkins_xsd" "$1" || ok=1
  else
    echo "$1: Jenkins XSD not found at $jenkins_xsd, checked against schemas/junit.xsd only"
  fi
  return $ok
}

if [ $# -eq 0 ] || [ $(($# % 2)) -ne 0 ]; then
  sed -n '2,17p' "$0" >&2
  exit 2
fi
if ! command -v xmllint >/dev/null 2>&1; then
  echo "xmllint not found (apt-get install libxml2-utils)"
  exit 77
fi
if ! python=$(pick_python); then
  echo "python3 with jsonschema not found (apt-get install python3-jsonschema)"
  exit 77
fi

status=0
while [ $# -gt 0 ]; do
  kind=$1 file=$2
  shift 2
  case $kind in
    --junit) check_junit "$file" || status=1 ;;
    --sarif) validate_json "$root/schemas/sarif-schema-2.1.0.json" "$file" || status=1 ;;
    --sarif-github)
      validate_json "$root/schemas/sarif-schema-2.1.0.json" "$file" || status=1
      "$python" "$here/check_github_sarif.py" --strict "$file" || status=1 ;;
    --json) validate_json "$root/schemas/results.schema.json" "$file" || status=1 ;;
    *) echo "unknown option $kind" >&2; exit 2 ;;
  esac
done
exit $status
