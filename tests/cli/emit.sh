#!/bin/sh
# tests/cli/emit.sh: --emit and -o from the command line: every format,
# the report on stderr and the document on stdout, -o to a file (and
# through "-"), -o into a missing directory (an error, no file), -o naming
# the spec itself (refused), a failing spec still emits and exits 1, a spec
# that does not load contributes nothing, several specs make one document,
# and the same input gives the same bytes twice.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

# Markdown: document on stdout, report on stderr.
run --emit=markdown pass.yaml
expect_status 0 "markdown"
expect_line out "title: Small true steps" "markdown front matter"
expect_line out "## Algebra and derivatives" "markdown heading"
expect_line out '\begin{align}' "markdown align block"
expect_no_text out "passed" "markdown: no report in the document"
expect_line err "pass.yaml: 2 chains, 3 links: 3 passed (3 proved) (256 bits, 32 samples, seed 1)" \
  "markdown: report on stderr"
head -n 5 out >front
printf -- '---\nlayout: post\ntitle: Small true steps\nmathjax: true\n---\n' >front.want
cmp -s front front.want || fail "markdown: front matter differs: $(cat front)"
ok "markdown: front matter exactly as the reference post"

# LaTeX: a standalone document.
run --emit=latex pass.yaml
expect_status 0 "latex"
expect_line out '\documentclass{article}' "latex preamble"
expect_line out '\usepackage{amsmath}' "latex preamble"
expect_line out '\title{Small true steps}' "latex title"
expect_line out '\section*{Algebra and derivatives}' "latex section"
expect_line out '\end{document}' "latex end"
last_line=$(sed -n '$p' out)
[ "$last_line" = '\end{document}' ] || fail "latex: last line is '$last_line'"
ok "latex: ends with \\end{document}"

# LaTeX prose (issue 11): Markdown rendered, rows unnumbered, σ mapped; a
# character pdflatex cannot set is a warning at its place, an error with
# --werror (exit 2, no document).
spec prose.yaml <<'YAML'
sections:
  - blocks:
      - text: "**Bold** and σ, then ☃."
      - chains: [["x = x", "x"]]
YAML
run --emit=latex prose.yaml
expect_status 0 "latex prose"
expect_line out '\textbf{Bold} and \ensuremath{\sigma}, then ☃.' "latex prose: cmark and σ"
expect_line out '\begin{align*}' "latex: unnumbered rows"
expect_text err "prose.yaml:3:37: warning: pdflatex cannot typeset '☃' (U+2603)" \
  "latex prose: warning at the character"
run --werror --emit=latex prose.yaml
expect_status 2 "latex prose with --werror"
expect_empty out "latex prose with --werror: no document"
run --emit=markdown prose.yaml
expect_line out '**Bold** and σ, then ☃.' "markdown prose: passed through"
expect_no_text err "warning" "markdown prose: no warning"

# JSON: one shape for any number of specs: {"version", "specs", "summary"}.
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to validate JSON"
run --emit=json pass.yaml
expect_status 0 "json"
python3 - out <<'PY' || fail "json: one spec in the specs array"
import json, sys
top = json.load(open(sys.argv[1]))
assert isinstance(top, dict) and top["version"] == 1, top
assert len(top["specs"]) == 1, top
doc = top["specs"][0]
assert doc["version"] == 1 and doc["file"] == "pass.yaml", doc
ch = doc["sections"][0]["blocks"][0]["chains"][1]
assert [e["typeset_line"] for e in ch["elements"]] == [0, 1, 2], ch
assert all(e["latex"] for e in ch["elements"]), ch
assert [l["verdict"] for l in ch["links"]] == ["pass", "pass"], ch
assert top["summary"] == {"ok": True, "specs": 1, "invalid": 0, "chains": 2,
                          "links": 3, "passed": 3, "proved": 3, "failed": 0,
                          "undetermined": 0, "skipped": 0}, top["summary"]
PY
ok "json: one spec, elements with latex and typeset_line, totals"
run --emit=json pass.yaml fail.yaml bad.yaml
expect_status 2 "json, three specs"
python3 - out <<'PY' || fail "json: the same shape for several specs"
import json, sys
top = json.load(open(sys.argv[1]))
assert [d["file"] for d in top["specs"]] == ["pass.yaml", "fail.yaml"], top
s = top["summary"]
assert (s["ok"], s["specs"], s["links"], s["failed"]) == (False, 2, 5, 1), s
PY
ok "json: the same object for several specs; the one that does not load is left out"

# The --format=json report and --emit=json share one writer.
run --format=json --emit=json pass.yaml
expect_status 0 "json report and json document"
python3 - out err <<'PY' || fail "json: report and document agree"
import json, sys
doc = json.load(open(sys.argv[1]))
rep = json.load(open(sys.argv[2]))
assert rep == doc, (rep, doc)
PY
ok "json: the report is exactly the emitted document"

# A failing link: the document is still written, unmarked; exit 1.
run --emit=markdown fail.yaml
expect_status 1 "failing spec"
expect_line out '(x + 1)^{2} = x^{2} + 1' "failing spec still emitted"
expect_no_text out "error" "failing spec: the document marks nothing"
expect_text err "fail.yaml:7:26: error: step 2 does not equal step 1" "failing spec: report on stderr"

# -o FILE: nothing on stdout, the document in the file.
run --emit=markdown -o post.md pass.yaml
expect_status 0 "-o"
expect_empty out "-o"
"$DERIVCHECK" --emit=markdown pass.yaml >direct.md 2>/dev/null
cmp -s post.md direct.md || fail "-o: the file differs from stdout's document"
ok "-o: the file holds the same document as stdout"
ls -a >names
[ "$(grep -c '^\.post' names)" -eq 0 ] || fail "-o: a temporary file was left"
ok "-o: no temporary file left"
run --emit=latex --output=- pass.yaml
expect_status 0 "-o -"
expect_line out '\end{document}' "-o - is standard output"

# -o into a missing directory: exit 2 before any work, no file.
run --emit=markdown -o missing/post.md pass.yaml
expect_status 2 "-o into a missing directory"
expect_match err "^derivcheck: error: cannot write 'missing/post.md': No such file or directory$" \
  "-o into a missing directory"
[ ! -e missing ] || fail "-o into a missing directory created something"
ok "-o into a missing directory: nothing created"

# A spec that does not load: nothing emitted for it, the old file kept.
echo "old" >keep.md
run --emit=markdown -o keep.md bad.yaml
expect_status 2 "-o with a spec that does not load"
[ "$(cat keep.md)" = "old" ] || fail "a spec that does not load replaced the file"
ok "a spec that does not load writes nothing"
# A symbolic link into a missing directory is found before any checking.
ln -s missing/target.md dangling.md
run --emit=markdown -o dangling.md pass.yaml
expect_status 2 "-o a dangling link into a missing directory"
expect_line err "derivcheck: error: cannot write 'dangling.md': No such file or directory" \
  "-o a dangling link into a missing directory"
expect_empty out "-o a dangling link: nothing checked"

# With exit status 2 nothing is written to -o: a file without the spec
# that did not load would look complete.  (Standard output lists the specs
# that loaded; see the JSON shape above.)
run --emit=markdown -o keep.md pass.yaml bad.yaml
expect_status 2 "-o with a good and a bad spec"
[ "$(cat keep.md)" = "old" ] || fail "a good and a bad spec replaced the file"
ok "a good and a bad spec: -o file untouched"

# -o naming a spec is refused; the spec is untouched.
cp pass.yaml self.yaml
run --emit=markdown -o self.yaml self.yaml
expect_status 2 "-o naming the spec"
cmp -s self.yaml pass.yaml || fail "-o naming the spec changed it"
ok "-o naming the spec: the spec is untouched"

# -o without --emit is a usage error.
run -o x.md pass.yaml
expect_status 2 "-o without --emit"
[ ! -e x.md ] || fail "-o without --emit created the file"

# --derive with --emit: the generated chain is the document.
run --emit=markdown --derive='diff(x^2, x)'
expect_status 0 "--derive --emit=markdown"
expect_line out '\frac{d[x^{2}]}{dx} = 2x' "--derive --emit=markdown"

# A device is written directly; a full device is an output error (exit 2,
# with the reason), not a bug of derivcheck.
run --emit=markdown -o /dev/null pass.yaml
expect_status 0 "-o /dev/null"
if [ -w /dev/full ]; then
  run --emit=markdown -o /dev/full pass.yaml
  expect_status 2 "-o /dev/full"
  expect_match err "^derivcheck: error: error writing '/dev/full': No space left on device$" "-o /dev/full"
  "$DERIVCHECK" --emit=latex pass.yaml >/dev/full 2>err
  status=$?
  last="derivcheck --emit=latex pass.yaml >/dev/full"
  expect_status 2 "stdout on /dev/full"
  expect_text err "No space left on device" "stdout on /dev/full"
  "$DERIVCHECK" pass.yaml >/dev/full 2>err
  status=$?
  last="derivcheck pass.yaml >/dev/full"
  expect_status 2 "the report on /dev/full"
  expect_line err "derivcheck: error: error writing the report to standard output: No space left on device" \
    "the report on /dev/full"
fi

# Paths of open descriptors are written through the descriptor: an
# appending shell redirection keeps what the file held.
echo "first line" >appended.md
"$DERIVCHECK" --emit=markdown -o /dev/stdout pass.yaml >>appended.md 2>err
status=$?
last="derivcheck --emit=markdown -o /dev/stdout pass.yaml >>appended.md"
expect_status 0 "-o /dev/stdout appended"
[ "$(head -1 appended.md)" = "first line" ] || fail "-o /dev/stdout replaced the file"
grep -Fx 'layout: post' appended.md >/dev/null || fail "-o /dev/stdout wrote no document"
ok "-o /dev/stdout: the appended file keeps its first line"
for path in /dev/fd/3 /proc/self/fd/3; do
  [ -e "$path" ] || continue
  echo "kept" >fd3.md
  "$DERIVCHECK" --emit=markdown -o "$path" pass.yaml 3>>fd3.md 2>err
  status=$?
  last="derivcheck --emit=markdown -o $path pass.yaml 3>>fd3.md"
  expect_status 0 "-o $path"
  [ "$(head -1 fd3.md)" = "kept" ] || fail "-o $path replaced the file"
  [ "$(grep -c '^## ' fd3.md)" -eq 1 ] || fail "-o $path: no document"
  ok "-o $path: written through descriptor 3"
done
"$DERIVCHECK" --emit=markdown -o /dev/fd/3 pass.yaml 2>err 3<pass.yaml
status=$?
last="derivcheck --emit=markdown -o /dev/fd/3 pass.yaml 3<pass.yaml"
expect_status 2 "-o a descriptor open for reading"

# A reader that stops early: EPIPE is exit 2 with the reason, never death
# by SIGPIPE (status 141 in the shell).  A document larger than a pipe's
# buffer makes sure the write meets the closed pipe.
awk 'BEGIN { print "sections:"; print "  - blocks:"
  for (i = 0; i < 3000; i++) printf "      - chains: [\"x + %d = %d + x\"]\n", i, i }' >big.yaml
st=$( { "$DERIVCHECK" --emit=markdown big.yaml 2>err; echo $? >st; } | head -1 >/dev/null; cat st)
status=$st
last="derivcheck --emit=markdown big.yaml | head -1"
expect_status 2 "--emit into a closed pipe"
expect_text err "Broken pipe" "--emit into a closed pipe"
st=$( { "$DERIVCHECK" -v big.yaml 2>err; echo $? >st; } | head -1 >/dev/null; cat st)
status=$st
last="derivcheck -v big.yaml | head -1"
expect_status 2 "the report into a closed pipe"
expect_text err "Broken pipe" "the report into a closed pipe"

# -e chains are typeset too; several specs make one document.
run --emit=markdown -e 'x + 1 = 1 + x' pass.yaml
expect_status 0 "-e and a spec"
expect_line out 'x + 1 = 1 + x' "-e chain typeset"
n=$(grep -c '^---$' out)
[ "$n" -eq 2 ] || fail "one front matter expected, got $((n / 2))"
ok "several specs: one front matter"

# Determinism: the same bytes twice, for every format.
for fmt in markdown latex json; do
  "$DERIVCHECK" --emit=$fmt pass.yaml fail.yaml >one 2>/dev/null
  "$DERIVCHECK" --emit=$fmt pass.yaml fail.yaml >two 2>/dev/null
  cmp -s one two || fail "--emit=$fmt: two runs differ"
  ok "--emit=$fmt: identical bytes twice"
done
