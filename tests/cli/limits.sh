#!/bin/sh
# tests/cli/limits.sh: input that nests or grows without bound once user
# functions and definitions are expanded ends in a positioned error with
# exit status 2, never a crash, also on a small stack (ulimit -s 256).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# compose.yaml: f15 doubles the depth of f14, 2^15 levels in all; the
# chain's expression starts at line 20, column 19.
{
  echo 'functions:'
  echo '  f0(x): x + 1'
  i=1
  while [ $i -le 15 ]; do
    echo "  f$i(x): f$((i - 1))(f$((i - 1))(x))"
    i=$((i + 1))
  done
  echo 'sections:'
  echo '  - blocks:'
  echo '      - chains: ["f15(x) = x + 32768"]'
} >compose.yaml

# grow.yaml: every level doubles the size (sin and cos arguments share
# nothing), 2^30 nodes at f30.
{
  echo 'functions:'
  echo '  f0(x): x + 1'
  i=1
  while [ $i -le 30 ]; do
    echo "  f$i(x): f$((i - 1))(sin(x))*f$((i - 1))(cos(x))"
    i=$((i + 1))
  done
  echo 'sections:'
  echo '  - blocks:'
  echo '      - chains: ["f30(x) = x"]'
} >grow.yaml

# defs.yaml: 6000 definitions, each one level on top of the one before.
awk 'BEGIN {
  print "definitions:"; print "  a0: x"
  for (i = 1; i < 6000; i++) printf "  a%d: sin(a%d)\n", i, i - 1
  print "sections:"; print "  - blocks:"
  print "      - chains: [\"diff(a5999, x) = x\"]"
}' >defs.yaml

# sums.yaml / longsum.yaml: a sum nests one level per term without any
# parentheses: 3999 terms are checked, 4001 refused at the 4001st term
# (line 3, column 19 + 4 * 4000).
sum_spec()
{
  awk -v n="$1" 'BEGIN { printf "sections:\n  - blocks:\n      - chains: [\"x"
    for (i = 1; i < n; i++) printf " + x"
    printf " = %d*x\"]\n", n }'
}
sum_spec 3999 >sums.yaml
sum_spec 4001 >longsum.yaml

nest='expression nests deeper than 4000 levels once definitions and functions are expanded'
run sums.yaml
expect_status 0 "a sum of 3999 terms"
run longsum.yaml
expect_status 2 "a sum of 4001 terms"
expect_line err "longsum.yaml:3:16019: error: expression nests deeper than 4000 levels (each term of a long sum or product is one level)" \
  "a sum of 4001 terms"

run compose.yaml
expect_status 2 "composed functions"
expect_line err "compose.yaml:20:19: error: $nest" "composed functions"

run defs.yaml
expect_status 2 "a long chain of definitions"
expect_line err "defs.yaml:6004:19: error: $nest" "a long chain of definitions"

run grow.yaml
expect_status 2 "functions that double in size"
expect_line err "grow.yaml:35:19: error: expression grows past 1000000 nodes once definitions and functions are expanded" \
  "functions that double in size"

# Did-you-mean searches are bounded: 20,000 functions and 20,000 calls
# of unknown ones (84 s when every error searched every function), and
# 20,000 symbols with 20,000 near misses.  Bounded by time where timeout
# exists: 30 s leaves room for a sanitizer build.
awk 'BEGIN { print "functions:"
  for (i = 0; i < 20000; i++) printf "  fn%05d(t): t\n", i
  print "definitions:"
  for (i = 0; i < 20000; i++) printf "  d%05d: gx%05d(x)\n", i, i
  print "sections:"; print "  - blocks:"; print "      - chains: [\"d00001 = d00001\"]" }' >unknown.yaml
awk 'BEGIN { print "symbols:"
  for (i = 0; i < 20000; i++) printf "  sym%05d: {}\n", i
  print "definitions:"
  for (i = 0; i < 20000; i++) printf "  d%05d: sym%05dy + 1\n", i, i
  print "sections:"; print "  - blocks:"; print "      - chains: [\"d00001 = d00001\"]" }' >near.yaml
if command -v timeout >/dev/null 2>&1; then limit="timeout 30"; else limit=; fi
last="derivcheck unknown.yaml"
$limit "$DERIVCHECK" unknown.yaml >out 2>err
status=$?
expect_status 2 "20,000 unknown functions among 20,000"
expect_line err "unknown.yaml:20003:11: error: unknown function 'gx00000'; did you mean 'fn00000'?" \
  "20,000 unknown functions among 20,000"
expect_line err "derivcheck: note: 19980 more errors not shown" "20,000 unknown functions"
last="derivcheck near.yaml"
$limit "$DERIVCHECK" near.yaml >out 2>err
status=$?
expect_status 0 "20,000 near misses among 20,000 symbols"
expect_line err "near.yaml:20003:11: warning: undeclared symbol 'sym00000y' (did you mean 'sym00000'?)" \
  "20,000 near misses"
expect_line err "derivcheck: note: 19980 more warnings not shown" "20,000 near misses: warnings capped"

# On a 256 KiB stack the same inputs stop earlier, for lack of stack, with
# the same position; a spec of ordinary depth still checks.
small()
{
  last="(ulimit -s 256; derivcheck $*)"
  (ulimit -s 256 && exec "$DERIVCHECK" "$@") >out 2>err
  status=$?
}
if (ulimit -s 256) 2>/dev/null; then
  for f in sums longsum; do
    for emit in "" --emit=latex --emit=json; do
      small $emit $f.yaml
      expect_status 2 "$f.yaml $emit on a 256 KiB stack"
      expect_match err "^$f\.yaml:3:[0-9]+: error: expression nests (deeper than 4000 levels|too deeply for the stack)" \
        "$f.yaml $emit on a 256 KiB stack"
    done
  done
  for f in compose defs; do
    small $f.yaml
    expect_status 2 "$f.yaml on a 256 KiB stack"
    expect_match err "^$f\.yaml:[0-9]+:19: error: expression nests (deeper than 4000 levels|too deeply for the stack)" \
      "$f.yaml on a 256 KiB stack"
  done
  small grow.yaml
  expect_status 2 "grow.yaml on a 256 KiB stack"
  # 250 parentheses: within the parser's own limit of 256 levels.
  p=$(awk 'BEGIN { for (i = 0; i < 250; i++) printf "("; printf "x";
                   for (i = 0; i < 250; i++) printf ")" }')
  printf 'sections:\n  - blocks:\n      - chains: ["%s = x"]\n' "$p" >paren.yaml
  small paren.yaml
  case $status in
    0|2) ok "deep parentheses on a 256 KiB stack: exit status $status" ;;
    *) fail "deep parentheses on a 256 KiB stack: exit status $status" ;;
  esac
  # 400 terms of (x + 1): expansion fits the small stack, so the exact
  # normal form and derive walk it too (they crashed before their guards).
  terms=$(awk 'BEGIN { t = "(x + 1)"; for (i = 1; i < 400; i++) t = t " + (x + 1)"
    print t }')
  printf 'sections:\n  - blocks:\n      - chains: ["%s = %s"]\n' "$terms" "$terms" >terms.yaml
  printf 'sections:\n  - blocks:\n      - chains: ["x = x"]\n      - derive: diff(%s, x)\n' \
    "$terms" >derive.yaml
  for f in terms derive; do
    for emit in "" --emit=latex; do
      small $emit $f.yaml
      case $status in
        0|2) ok "400 terms in $f.yaml $emit on a 256 KiB stack: exit status $status" ;;
        *) fail "400 terms in $f.yaml $emit on a 256 KiB stack: exit status $status" ;;
      esac
    done
  done
  small "$top_srcdir/specs/bce.yaml"
  expect_status 0 "the reference spec on a 256 KiB stack"
else
  ok "ulimit -s 256 is not allowed here: small-stack checks skipped"
fi
