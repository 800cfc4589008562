#!/bin/sh
# tests/cli/progress.sh: the progress indicator.  On a terminal (a
# pseudo-terminal from util-linux's script), a run of more than a second
# shows "derivcheck: K/N specs, L links checked" on stderr, each drawing
# erased ("\r" and erase-line) before anything else is written and at the
# end; a short run shows none; with CI set, or with stderr a pipe, there
# is none at all.  The long runs (five copies of the example specs,
# about two seconds) run at the same time.  Skipped (77) without script.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
if ! script -qec true /dev/null >/dev/null 2>&1; then
  echo "SKIP: script (util-linux) cannot run a pseudo-terminal here"
  exit 77
fi
specs="$top_srcdir/specs"
# NAME-context.yaml is a post's context: a directory operand skips it.
n=$(find "$specs" -name '*.yaml' ! -name '*-context.yaml' | wc -l)
n=$((n * 5))
# Five copies (a file named twice is checked once): over a second.
for d in s1 s2 s3 s4 s5; do rm -rf $d; cp -R "$specs" $d; done
long="'$DERIVCHECK' -q s1 s2 s3 s4 s5"
esc=$(printf '\033')

script -qec "env -u CI $long" /dev/null >tty.out 2>&1 </dev/null &
script -qec "env CI=true $long" /dev/null >ci.out 2>&1 </dev/null &
env -u CI "$DERIVCHECK" -q s1 s2 s3 s4 s5 2>pipe.err | cat >/dev/null &
wait
script -qec "env -u CI '$DERIVCHECK' '$specs/tanh.yaml'" /dev/null >short.out 2>&1 </dev/null

# Each drawing is a line of its own once "\r" splits lines: nothing is
# written over it, and the next piece of output starts by erasing it.
tr '\r' '\n' <tty.out >tty.lines
grep -a -q "links checked" tty.lines || fail "no indicator on a terminal in a long run"
awk -v esc="$esc" -v n="$n" '
  prev { if (index($0, esc "[K") != 1) bad = bad "\nnot erased: " prev; prev = "" }
  /links? checked/ {
    if ($0 !~ ("^" esc "\\[Kderivcheck: [0-9]+/" n " specs, [0-9]+ links? checked$"))
      bad = bad "\nbadly drawn: " $0
    prev = $0 }
  END { if (prev) bad = bad "\nnot erased at the end: " prev
        if (bad) { print substr(bad, 2); exit 1 } }' tty.lines >bad.txt ||
  { cat bad.txt; fail "the indicator is not drawn and erased in place"; }
ok "a long run on a terminal shows K/$n specs and erases every drawing"
grep -a -q "tiny-1e-60.yaml" tty.out || fail "the report is missing under the indicator"
ok "the report is all there"

for f in ci.out pipe.err short.out; do
  if grep -a -q "links checked" "$f"; then fail "an indicator in $f"; fi
done
ok "no indicator with CI=true, with stderr a pipe, or in a short run"
grep -a -q "tiny-1e-60.yaml" ci.out || fail "CI=true: the report is missing"
