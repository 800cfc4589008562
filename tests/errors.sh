#!/bin/sh
# tests/errors.sh: the bad-input corpus.  Each folder of tests/errors/ is
# one case: its input (spec.yaml, and an `args` file with one command-line
# argument per line; without one the command line is just spec.yaml), the
# first line of stderr a user should see in `expected`, and the exit status
# in `status`.  A case whose `needs` file names a path that is not
# writable here is skipped.  Every case runs in a fresh copy of its folder
# (an -o case may write there; the source tree may be read-only), and
# every failing case is reported, not only the first.
srcdir=${top_srcdir:-$(dirname "$0")/..}
: "${DERIVCHECK:?DERIVCHECK must name the derivcheck program}"
corpus="$srcdir/tests/errors"
[ -d "$corpus" ] || { echo "no corpus at $corpus"; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/derivcheck-errors.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

run_case()
{
  work="$tmp/$1"
  cp -R "$2" "$work" || return 2
  chmod -R u+w "$work"          # distcheck's source tree is read-only
  (
    cd "$work" || exit 99
    unset NO_COLOR
    if [ -f args ]; then
      set --
      while IFS= read -r a; do set -- "$@" "$a"; done <args
    else
      set -- spec.yaml
    fi
    "$DERIVCHECK" "$@" >stdout.out 2>stderr.out </dev/null
    echo $? >status.out
  )
}

total=0 failed=0 skipped=0
for dir in "$corpus"/*/; do
  name=$(basename "$dir")
  total=$((total + 1))
  if [ -f "$dir/needs" ] && [ ! -w "$(cat "$dir/needs")" ]; then
    skipped=$((skipped + 1))
    echo "skip: $name (needs $(cat "$dir/needs"))"
    continue
  fi
  run_case "$name" "$dir"
  work="$tmp/$name"
  want=$(cat "$dir/expected")
  want_status=$(cat "$dir/status")
  got=$(head -n 1 "$work/stderr.out")
  got_status=$(cat "$work/status.out" 2>/dev/null)
  if [ "$got" = "$want" ] && [ "$got_status" = "$want_status" ]; then
    echo "ok: $name"
  else
    failed=$((failed + 1))
    echo "FAIL: $name"
    printf "  expected (status %s): %s\n" "$want_status" "$want"
    printf "  got      (status %s): %s\n" "$got_status" "$got"
  fi
done
echo "$total cases: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
[ "$total" -ge 100 ] || { echo "the corpus has fewer than 100 cases"; exit 1; }
[ "$failed" -eq 0 ]
