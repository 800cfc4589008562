#!/bin/sh
# tests/cli/post-reports.sh: what the reports say about a post.  The JSON
# report gives each block's line range (its opening and closing
# delimiter's lines) and lists every skip with its place and reason; every
# CI format shows the skips as skipped, never as passed, and the summaries
# count them.  Expected lines are read off the posts by hand.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
posts=$top_srcdir/tests/data/posts
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read JSON"

# Block line ranges: jekyll-wrong.md has $$ at 12..18 (an aligned block),
# $$...$$ on line 22, $$ at 26..28; hugo-wrong.md \[ at 12..14, align* at
# 16..20, a quoted $$ at 23..25.
for post in jekyll-wrong:12-18,22-22,26-28 hugo-wrong:12-14,16-20,23-25 \
            hexo-skips:29-36; do
  name=${post%%:*}
  want=${post#*:}
  "$DERIVCHECK" --format=json "$posts/$name.md" >out 2>err
  got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(",".join("%d-%d" % (b["line"], b["end_line"])
               for s in d["specs"][0]["sections"] for b in s["blocks"]))' out)
  [ "$got" = "$want" ] || fail "$name: block ranges $got, want $want"
  ok "$name: JSON block line ranges $want"
done

# The skips of hexo-skips.md, by place (see posts.sh for the reasons).
run --format=json "$posts/hexo-skips.md"
expect_status 0 "hexo json"
python3 - out <<'PY' || fail "hexo json: the skipped list"
import json, sys
top = json.load(open(sys.argv[1]))
spec = top["specs"][0]
got = [(s["line"], s["col"], s["links"]) for s in spec["skipped"]]
assert got == [(12, 1, 1), (16, 1, 1), (20, 1, 1), (24, 1, 0), (32, 14, 2),
               (39, 1, 0)], got
assert spec["skipped"][4]["reason"] == "'\\sum' is not read", spec["skipped"][4]
assert all(s["reason"] for s in spec["skipped"])
assert spec["summary"]["skipped"] == 5 and spec["summary"]["passed"] == 2
assert top["summary"]["skipped"] == 5, top["summary"]
PY
ok "hexo json: every skip with line, col, links, reason; counted in both summaries"

# A YAML spec has an empty list and no skipped links.
write_common_specs
run --format=json pass.yaml "$posts/hexo-skips.md"
python3 - out <<'PY' || fail "json: spec and post together"
import json, sys
top = json.load(open(sys.argv[1]))
assert top["specs"][0]["skipped"] == [] and top["specs"][0]["summary"]["skipped"] == 0
assert top["summary"]["skipped"] == 5, top["summary"]
PY
ok "json: a spec has no skips; the total adds the post's"

# TAP: one "ok ... # SKIP reason" test per skip, after the links.
run --format=tap "$posts/hexo-skips.md"
expect_status 0 "hexo tap"
expect_line out "ok 3 - $posts/hexo-skips.md:12:1 skipped (1 link) # SKIP a definition (:=)" \
  "tap: a skip is a skipped test"
expect_line out "ok 7 - $posts/hexo-skips.md:32:14 skipped (2 links) # SKIP '\\\\sum' is not read" \
  "tap: the unreadable element, its backslash escaped"
expect_line out "1..8" "tap: 2 links and 6 skips"
if command -v prove >/dev/null 2>&1; then
  printf '#!/bin/sh\ncat %s/out\n' "$tmp" >t.sh
  chmod +x t.sh
  prove -v ./t.sh >prove.out 2>&1 || fail "prove: $(cat prove.out)"
  grep -q 'skipped: 3-8' prove.out || grep -q 'skip' prove.out ||
    fail "prove does not count the skips: $(cat prove.out)"
  ok "tap: prove reads the skips as skipped"
fi

# GitHub: a notice per skip, on its line; the summary line counts them.
run --format=github "$posts/hexo-skips.md"
expect_line out "::notice file=$posts/hexo-skips.md,line=16,col=1,title=derivcheck%3A skipped::skipped (1 link): a chain with an index condition" \
  "github: a notice at the skip"
n=$(grep -c '^::notice' out)
[ "$n" -eq 6 ] || fail "github: $n notices, want 6"
expect_no_text out "::error" "github: no error for a skip"
expect_text out "2 passed, 5 skipped" "github: the summary counts the skipped links"

# JUnit: a testcase with <skipped/> per skip; the counts say so.
run --format=junit "$posts/hexo-skips.md"
expect_text out '<testsuites name="derivcheck" tests="8" failures="0" errors="0" skipped="6">' \
  "junit: totals"
expect_text out '<testsuite name="'"$posts"'/hexo-skips.md" tests="8" failures="0" errors="0" skipped="6">' \
  "junit: suite counts"
expect_text out '<skipped message="skipped (1 link): a definition (:=)"/>' "junit: skipped element"
if command -v xmllint >/dev/null 2>&1; then
  xmllint --noout --schema "$top_srcdir/tests/data/junit.xsd" out 2>x.err ||
    fail "junit with skips: $(cat x.err)"
  ok "junit with skips: valid against junit.xsd"
fi

# SARIF: a result of kind notApplicable (level none) per skip.
run --format=sarif "$posts/hexo-skips.md"
python3 - out "$top_srcdir/tests/data/sarif-2.1.0-subset.json" <<'PY' || fail "sarif: skips"
import json, sys
doc = json.load(open(sys.argv[1]))
try:
    import jsonschema
    jsonschema.validate(doc, json.load(open(sys.argv[2])),
                        cls=jsonschema.Draft7Validator)
except ImportError:
    pass
run = doc["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
res = run["results"]
assert len(res) == 6, res
for r in res:
    assert r["ruleId"] == "skipped" and rules[r["ruleIndex"]] == "skipped", r
    assert r["kind"] == "notApplicable" and r["level"] == "none", r
lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in res]
assert lines == [12, 16, 20, 24, 32, 39], lines
PY
ok "sarif: a notApplicable result per skip, at its line, schema-valid"

# Text: the total line of several inputs adds the skipped links.
run "$posts/hexo-skips.md" "$posts/hexo-skips.md" pass.yaml
expect_text out "total: 2 specs, 4 chains, 5 links: 5 passed (3 proved), 5 skipped" \
  "text: the total counts the skipped links"
