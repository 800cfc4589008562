#!/bin/sh
# tests/cli/many.sh: many specs at once.  A directory stands for every
# *.yaml below it, sorted; '-' is standard input; -j N checks in parallel
# with the output of a sequential run; one total line; the worst status.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

# A tree whose readdir order need not be sorted; hidden names and other
# suffixes are not specs.
mkdir -p tree/b tree/a/deep tree/.hidden
cp pass.yaml tree/b/z.yaml
cp pass.yaml tree/a/deep/m.yaml
cp fail.yaml tree/a.yaml
cp bad.yaml tree/.hidden/bad.yaml
cp bad.yaml tree/.dot.yaml
cp bad.yaml tree/notes.yml
echo 'not a spec' >tree/README.md
ln -s ../../pass.yaml tree/b/link.yaml
ln -s .. tree/b/up

run tree
expect_status 1 "a directory with a failing spec"
grep -E '^tree/[^ ]*: [0-9]+ chains?' out | sed 's/:.*//' >order
printf '%s\n' tree/a.yaml tree/a/deep/m.yaml tree/b/link.yaml tree/b/z.yaml >want
cmp -s order want || fail "directory order: got $(tr '\n' ' ' <order)"
ok "directory: every *.yaml below it, sorted by path; hidden, *.yml and linked directories left out"
expect_line out "total: 4 specs, 8 chains, 11 links: 10 passed (10 proved), 1 failed" "directory total"
expect_empty err "directory"

run tree/b/
expect_status 0 "a directory with a trailing slash"
expect_text out "tree/b/z.yaml: 2 chains" "trailing slash: no double slash"

# A file named twice, reached again through a directory, or through
# another name (./, a hard link, a symbolic link) is checked once, at its
# first place: every format gives the bytes of the list without repeats.
ln tree/a.yaml hard.yaml
for fmt in text tap json github junit sarif html; do
  run --format=$fmt tree pass.yaml
  cp out once.out; once_status=$status
  run --format=$fmt tree tree/b tree/a.yaml ./tree//a.yaml hard.yaml pass.yaml tree/b/z.yaml
  [ "$status" -eq "$once_status" ] || fail "--format=$fmt with repeats: status $status, without $once_status"
  cmp -s out once.out || fail "--format=$fmt: repeated inputs change the report"
  ok "--format=$fmt: a file named again (directory, ./, hard link) is checked once"
done
run --format=json pass.yaml tree
python3 -c 'import json, sys
r = json.load(open("out"))
files = [s["file"] for s in r["specs"]]
assert files == ["pass.yaml", "tree/a.yaml", "tree/a/deep/m.yaml", "tree/b/z.yaml"], files
assert r["summary"]["specs"] == 4, r["summary"]' || fail "json: tree/b/link.yaml is pass.yaml, named first"
ok "a symbolic link to a file named before is that file: it keeps its first name"
run nothere.yaml nothere.yaml
expect_status 2 "a missing file named twice"
[ "$(grep -c 'nothere.yaml: error: cannot open spec' err)" -eq 1 ] || fail "a missing file named twice: $(cat err)"
ok "a missing file named twice is reported once"

# The total counts every spec, loaded or not, and the worst status wins.
run pass.yaml bad.yaml fail.yaml
expect_status 2 "a spec that does not load beside a failing one"
expect_line out "total: 3 specs (1 invalid), 4 chains, 5 links: 4 passed (4 proved), 1 failed" "total with an invalid spec"
run -q pass.yaml fail.yaml
expect_no_text out "total:" "-q: no total line"
run pass.yaml
expect_no_text out "total:" "one spec: no total line"

# Standard input.
"$DERIVCHECK" - <fail.yaml >out 2>err
status=$?
last="derivcheck - <fail.yaml"
expect_status 1 "a spec on standard input"
expect_match out '^<stdin>:7:26: error: step 2 does not equal step 1' "stdin: positions name <stdin>"
"$DERIVCHECK" pass.yaml - <pass.yaml >out 2>err
status=$?
expect_status 0 "a file and standard input"
expect_line out "total: 2 specs, 4 chains, 6 links: 6 passed (6 proved)" "stdin counts as a spec"
"$DERIVCHECK" - - <pass.yaml >out 2>err
status=$?
expect_status 2 "'-' twice"
expect_text err "only once" "'-' twice"

# Usage errors about inputs: nothing is checked.
mkdir empty
run empty pass.yaml
expect_status 2 "a directory without specs"
expect_line err "derivcheck: error: no *.yaml spec below 'empty'" "empty directory"
expect_empty out "empty directory: nothing checked"
run --emit=markdown -o tree/a.yaml tree
expect_status 2 "-o naming a spec found in a directory"
expect_text err "is the spec 'tree/a.yaml' itself" "-o a spec below DIR"
for bad in 0 -1 x 257; do
  run -j "$bad" pass.yaml
  expect_status 2 "-j $bad"
done

# -j: the same bytes as a sequential run, in every format, whatever order
# the children finish in (the slow spec comes first).
spec slow.yaml <<'YAML'
check: {samples: 1000, precision: 4096}
sections:
  - title: Slow
    blocks:
      - chains:
          - "(x + 1)^8 = x^8 + 8*x^7 + 28*x^6 + 56*x^5 + 70*x^4 + 56*x^3 + 28*x^2 + 8*x + 1"
          - "tanh(x)^2 + 1/cosh(x)^2 = 1"
YAML
for fmt in text tap json github junit sarif; do
  run --format=$fmt slow.yaml pass.yaml bad.yaml fail.yaml undetermined.yaml tree
  cp out seq.out; cp err seq.err; seq_status=$status
  run --format=$fmt -j 4 slow.yaml pass.yaml bad.yaml fail.yaml undetermined.yaml tree
  [ "$status" -eq "$seq_status" ] || fail "--format=$fmt -j 4: status $status, sequential $seq_status"
  cmp -s out seq.out || fail "--format=$fmt -j 4: stdout differs from a sequential run"
  cmp -s err seq.err || fail "--format=$fmt -j 4: stderr differs from a sequential run"
  ok "--format=$fmt -j 4: the bytes and status of a sequential run"
done
# Pieces larger than a pipe's buffer: a spec of 600 chains has a JSON
# report of over 64 KiB.
{
  echo "sections:"
  echo "  - blocks:"
  echo "      - chains:"
  i=0
  while [ $i -lt 600 ]; do
    echo "          - \"x*(x + $i) = x^2 + $i*x\""
    i=$((i + 1))
  done
} >big.yaml
cp big.yaml big2.yaml
run --format=json big.yaml pass.yaml big2.yaml
cp out seq.out
size=$(wc -c <out | tr -d ' ')
[ "$size" -gt 140000 ] || fail "big.yaml: a report of only $size bytes"
run --format=json -j 3 big.yaml pass.yaml big2.yaml
cmp -s out seq.out || fail "--format=json -j 3 with big pieces differs from a sequential run"
ok "--format=json -j 3, pieces over 64 KiB: the bytes of a sequential run"
run --emit=json --jobs=3 pass.yaml fail.yaml tree
cp out par.json
run --emit=json pass.yaml fail.yaml tree
cmp -s out par.json || fail "--emit=json --jobs=3 differs from a sequential run"
ok "--emit=json --jobs=3: the same document"

# Children that die (here: killed) make their specs internal errors; the
# other specs are still reported, in order, and the TAP count holds.  The
# two slow specs (3.5 s each, within the check budget) fill both slots, so
# the two children seen are theirs.
if command -v pgrep >/dev/null 2>&1; then
  spec endless.yaml <<'YAML'
check: {samples: 10000, precision: 4096}
sections:
  - blocks:
      - chains:
          - "tanh(x)^2 + 1/cosh(x)^2 = 1"
YAML
  cp endless.yaml endless2.yaml
  "$DERIVCHECK" --format=tap -j 2 endless.yaml endless2.yaml pass.yaml >out 2>err &
  pid=$!
  kids=
  tries=0
  while [ "$(echo $kids | wc -w)" -lt 2 ] && [ $tries -lt 100 ]; do
    sleep 0.1
    kids=$(pgrep -P "$pid")
    tries=$((tries + 1))
  done
  [ "$(echo $kids | wc -w)" -eq 2 ] || fail "-j 2: two children not seen (got '$kids')"
  kill -9 $kids
  wait "$pid"
  status=$?
  last="derivcheck --format=tap -j 2 endless.yaml endless2.yaml pass.yaml (children killed)"
  expect_status 3 "killed children"
  expect_line err "derivcheck: endless.yaml: internal error: checking was killed by signal 9" "a killed child"
  expect_line out "not ok 1 - endless.yaml: spec is checked" "a killed child is a failed test"
  expect_line out "not ok 2 - endless2.yaml: spec is checked" "a killed child is a failed test"
  expect_line out "ok 5 - pass.yaml:10:16 step 3 proved" "the next spec is still reported"
  expect_line out "1..5" "killed children: the plan"
else
  echo "SKIP: pgrep not installed: the killed-child check"
fi
