#!/bin/sh
# tests/cli/sarif.sh: --format=sarif, SARIF 2.1.0 for code scanning.
# Every report is validated against tests/data/sarif-2.1.0-subset.json
# (the part of the SARIF 2.1.0 schema derivcheck writes) by a small
# validator below, and also by Python's jsonschema package when it is
# installed (Debian python3-jsonschema); then the facts are checked: one
# result per failing or undetermined link and per diagnostic, at the
# right URI, line and column, with consistent rule ids.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read SARIF"
schema="$top_srcdir/tests/data/sarif-2.1.0-subset.json"
write_common_specs

cat >validate.py <<'PY'
import json, re, sys

def check(schema, doc, root, path="$"):
    """The JSON Schema keywords the subset uses, nothing more."""
    if "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        return check(node, doc, root, path)
    types = {"object": dict, "array": list, "string": str}
    t = schema.get("type")
    if t == "integer":
        assert isinstance(doc, int) and not isinstance(doc, bool), (path, doc)
    elif t:
        assert isinstance(doc, types[t]), (path, t, doc)
    if "enum" in schema:
        assert doc in schema["enum"], (path, doc)
    if "minimum" in schema:
        assert doc >= schema["minimum"], (path, doc)
    if "minLength" in schema:
        assert len(doc) >= schema["minLength"], (path, doc)
    if "pattern" in schema:
        assert re.search(schema["pattern"], doc), (path, doc)
    if "minItems" in schema:
        assert len(doc) >= schema["minItems"], (path, doc)
    for k in schema.get("required", []):
        assert k in doc, (path, "missing", k)
    for k, sub in schema.get("properties", {}).items():
        if isinstance(doc, dict) and k in doc:
            check(sub, doc[k], root, path + "." + k)
    if "items" in schema:
        for i, item in enumerate(doc):
            check(schema["items"], item, root, "%s[%d]" % (path, i))

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
check(schema, doc, schema)
try:
    import jsonschema
except ImportError:
    jsonschema = None
if jsonschema:
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft7Validator)
# SARIF 3.27.6: ruleIndex, when given, names the rule whose id is ruleId.
for run in doc["runs"]:
    rules = run["tool"]["driver"].get("rules", [])
    for r in run["results"]:
        if "ruleIndex" in r:
            assert rules[r["ruleIndex"]]["id"] == r["ruleId"], r
print("jsonschema" if jsonschema else "subset validator only")
PY

spec warn.yaml <<'YAML'
symbols:
  yhat: {domain: "(0, 1)"}
sections:
  - blocks:
      - chains:
          - "yhxt*1 = yhxt"
YAML
cp fail.yaml 'with space#.yaml'
run --format=sarif pass.yaml fail.yaml undetermined.yaml bad.yaml warn.yaml 'with space#.yaml'
expect_status 2 "sarif over every kind of spec"
how=$(python3 validate.py "$schema" out) || fail "sarif: not valid against the SARIF 2.1.0 subset"
ok "sarif: valid against the SARIF 2.1.0 subset ($how)"

python3 - out <<'PY' || fail "sarif: results"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["version"] == "2.1.0"
run, = doc["runs"]
assert run["tool"]["driver"]["name"] == "derivcheck"
def where(r):
    loc = r["locations"][0]["physicalLocation"]
    reg = loc.get("region", {})
    return (loc["artifactLocation"]["uri"], reg.get("startLine"), reg.get("startColumn"))
got = sorted((r["ruleId"], r["level"]) + where(r) for r in run["results"])
want = sorted([
    ("wrong-step", "error", "fail.yaml", 7, 26),
    ("unchecked-step", "error", "undetermined.yaml", 5, 30),
    ("invalid-spec", "error", "bad.yaml", 3, 5),
    ("spec-warning", "warning", "warn.yaml", 6, 14),
    # A space and '#' are not allowed in a URI: percent-encoded.
    ("wrong-step", "error", "with%20space%23.yaml", 7, 26),
])
assert got == want, got
r = [r for r in run["results"] if where(r)[0] == "fail.yaml"][0]
assert r["message"]["text"].startswith("step 2 does not equal step 1 (line 7)\n"), r
PY
ok "sarif: one result per failing link and diagnostic, at its URI, line and column"

run --format=sarif pass.yaml
expect_status 0 "sarif: all pass"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["runs"][0]["results"] == []' out ||
  fail "sarif: results for a passing spec"
ok "sarif: no result when every link passes"

"$DERIVCHECK" --format=sarif -j 2 "$top_srcdir"/specs >all.sarif 2>/dev/null
python3 validate.py "$schema" all.sarif >/dev/null || fail "sarif over specs/: not valid"
"$DERIVCHECK" --format=json "$top_srcdir"/specs >all.json 2>/dev/null
python3 - all.sarif all.json <<'PY' || fail "sarif over specs/: results and the JSON report disagree"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
s = json.load(open(sys.argv[2]))["summary"]
steps = [r for r in res if r["ruleId"] in ("wrong-step", "unchecked-step")]
assert len(steps) == s["failed"] + s["undetermined"] > 0, (len(steps), s)
PY
ok "sarif over specs/ (-j 2): valid, one result per failed or undetermined link of the JSON report"
