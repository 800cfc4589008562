#!/bin/sh
# tests/cli/formats.sh: --format=tap (TAP version 13: a test per link, a
# YAML block on failure, the plan last) and --format=json (valid JSON with
# the spec's structure and the verdicts).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

run --format=tap pass.yaml fail.yaml
expect_status 1 "tap"
first=$(sed -n 1p out)
[ "$first" = "TAP version 13" ] || fail "tap: first line is '$first'"
ok "tap: first line 'TAP version 13'"
last_line=$(sed -n '$p' out)
[ "$last_line" = "1..5" ] || fail "tap: last line is '$last_line', expected 1..5"
ok "tap: plan 1..5 at the end"
expect_line out "ok 1 - pass.yaml:7:26 step 2 proved" "tap"
expect_match out '^ok 2 - pass\.yaml:9:[0-9]+ step 2 proved$' "tap"
expect_line out "not ok 5 - fail.yaml:7:26 step 2" "tap"
n=$(grep -c -E '^(not )?ok [0-9]+ - ' out)
[ "$n" -eq 5 ] || fail "tap: $n test lines, expected 5"
ok "tap: 5 test lines"
expect_line out "  ---" "tap diagnostic block"
expect_line out '  message: "step 2 does not equal step 1"' "tap diagnostic block"
expect_match out '^    "x": "[-0-9.e]+"$' "tap counterexample"
expect_line out "  ..." "tap diagnostic block"
expect_empty err "tap"

# A spec that does not load is a failed test of its own.
run --format=tap bad.yaml pass.yaml
expect_status 2 "tap with a bad spec"
expect_line out "not ok 1 - bad.yaml: spec loads" "tap with a bad spec"
expect_line out "1..4" "tap with a bad spec"

command -v python3 >/dev/null 2>&1 || fail "python3 is needed to validate JSON"

run --format=json pass.yaml fail.yaml undetermined.yaml bad.yaml
expect_status 2 "json"
python3 -m json.tool out >/dev/null 2>&1 || fail "json: not valid JSON"
ok "json: python3 -m json.tool accepts it"
python3 - out <<'PY' || fail "json: structure"
import json, sys
top = json.load(open(sys.argv[1]))
assert isinstance(top, dict) and top["version"] == 1, top
doc = top["specs"]
assert isinstance(doc, list) and len(doc) == 4, doc
p, f, u, b = doc
# The totals count every spec; the one that does not load is invalid.
assert top["summary"] == {"ok": False, "specs": 4, "invalid": 1, "chains": 5,
                          "links": 6, "passed": 4, "proved": 4, "failed": 1,
                          "undetermined": 1, "skipped": 0}, top["summary"]
assert p["version"] == 1 and p["file"] == "pass.yaml", p
assert (p["precision"], p["samples"], p["seed"]) == (256, 32, 1), p
assert p["title"] == "Small true steps"
blk = p["sections"][0]["blocks"][0]
assert blk["kind"] == "chains" and blk["line"] == 6, blk
assert blk["end_line"] == 10, blk
ch = blk["chains"][1]
assert [e["expr"] for e in ch["elements"]] == ["diff(x^3, x)", "3*x^2", "x*(3*x)"], ch
assert [e["line"] for e in ch["elements"]] == [8, 9, 10], ch
assert [l["verdict"] for l in ch["links"]] == ["pass", "pass"], ch
assert all(l["valid_samples"] == 32 for l in ch["links"]), ch
assert p["summary"] == {"ok": True, "chains": 2, "links": 3, "passed": 3, "proved": 3,
                        "failed": 0, "undetermined": 0, "skipped": 0}, p["summary"]
assert p["skipped"] == [], p["skipped"]
link = f["sections"][0]["blocks"][1]["chains"][0]["links"][0]
assert link["verdict"] == "fail", link
ce = link["counterexample"]
x = float(ce["at"]["x"])
assert abs(float(ce["left"]) - float(ce["right"]) - 2 * x) < 1e-9 * (1 + abs(float(ce["left"]))), ce
assert f["summary"]["ok"] is False and f["summary"]["failed"] == 1
ulink = u["sections"][0]["blocks"][0]["chains"][0]["links"][0]
assert ulink["verdict"] == "undetermined" and ulink["reason"], ulink
assert b["file"] == "bad.yaml" and "error" in b, b
assert any(d["line"] == 3 and d["severity"] == "error" for d in b["diagnostics"]), b
PY
ok "json: files, settings, elements, verdicts, counterexample, summary, error"

# Characters that need escaping survive a round trip through JSON.
spec 'we"ird\name.yaml' <<'YAML'
title: "Quotes \" and a tab\t and ŷ"
sections:
  - title: Escapes
    blocks:
      - chains:
          - "x = x"
YAML
run --format=json 'we"ird\name.yaml'
expect_status 0 "json escapes"
python3 - out <<'PY' || fail "json escapes"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))["specs"]
assert doc[0]["file"] == 'we"ird\\name.yaml', doc[0]["file"]
assert doc[0]["title"] == 'Quotes " and a tab\t and \u0177', doc[0]["title"]
PY
ok "json: quotes, backslash, tab and UTF-8 survive"
