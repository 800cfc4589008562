#!/bin/sh
# tests/specs.sh: run derivcheck on every example spec and every broken spec.
#
# specs/*.yaml are correct derivations: each must exit 0 and print exactly
# one summary line on stdout, "FILE: ... passed (256 bits, 32 samples,
# seed 1)", with no failure in it.  specs/broken/*.yaml each hold exactly
# one wrong step; the first line of each says where,
#   # expect-fail: LINE
# and derivcheck must exit 1 and report exactly one error, at FILE:LINE:.
# The error may be on stdout or stderr: SPEC section 1 sends the report to
# stdout unless --emit is given, while compilers use stderr; either way it
# must be there, and only once.
#
# Uses $DERIVCHECK and $top_srcdir (see AM_TESTS_ENVIRONMENT).  Prints one
# ok/FAIL line per spec and a count; exits 1 if any spec misbehaved.

if [ -z "${DERIVCHECK:-}" ] || [ -z "${top_srcdir:-}" ]; then
  echo "specs.sh: DERIVCHECK and top_srcdir must be set" >&2
  exit 99
fi
if [ ! -x "$DERIVCHECK" ]; then
  echo "specs.sh: $DERIVCHECK is not an executable" >&2
  exit 99
fi
cd "$top_srcdir" || exit 99

tmp=${TMPDIR:-/tmp}/derivcheck-specs.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

# A hung check must fail the test, not block make check; timeout(1) is not
# POSIX, so use it only where it exists.
limit=
if command -v timeout >/dev/null 2>&1; then
  limit="timeout 600"
fi

npass=0
nfail=0
summary='(256 bits, 32 samples, seed 1)'

# report NAME WHY: count one spec; WHY empty means it behaved.
report() {
  if [ -z "$2" ]; then
    npass=$((npass + 1))
    echo "ok $1"
  else
    nfail=$((nfail + 1))
    echo "FAIL $1:$2"
    sed 's/^/  stdout: /' "$tmp/out"
    sed 's/^/  stderr: /' "$tmp/err"
  fi
}

# run FILE: derivcheck on one spec, output in $tmp, status in $rc.
run() {
  $limit "$DERIVCHECK" "$1" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}

for f in specs/*.yaml; do
  [ -f "$f" ] || continue
  # A post's context is no spec (tests/cli/posts.sh checks it with its post).
  case $f in *-context.yaml) continue ;; esac
  run "$f"
  why=
  [ "$rc" -eq 0 ] || why="$why exit status $rc, want 0;"
  n=$(wc -l <"$tmp/out")
  [ "$n" -eq 1 ] || why="$why $n lines on stdout, want 1;"
  line=$(sed -n 1p "$tmp/out")
  case $line in
    "$f: "*" passed"*"$summary") ;;
    *) why="$why stdout is not \"$f: ... $summary\";" ;;
  esac
  if grep -q failed "$tmp/out"; then
    why="$why stdout mentions a failure;"
  fi
  report "$f" "$why"
done

for f in specs/broken/*.yaml; do
  [ -f "$f" ] || continue
  want=$(sed -n '1s/^# expect-fail: *\([0-9][0-9]*\) *$/\1/p' "$f")
  if [ -z "$want" ]; then
    : >"$tmp/out"; : >"$tmp/err"
    report "$f" " first line is not '# expect-fail: LINE'"
    continue
  fi
  run "$f"
  why=
  [ "$rc" -eq 1 ] || why="$why exit status $rc, want 1;"
  cat "$tmp/out" "$tmp/err" >"$tmp/all"
  if ! grep -F -q "$f:$want:" "$tmp/all"; then
    why="$why no $f:$want: in the output;"
  fi
  # One wrong step, later steps consistent with it: exactly one error.
  nerr=$(grep -c "^$f:[0-9][0-9]*:[0-9][0-9]*: error" "$tmp/all")
  [ "$nerr" -eq 1 ] || why="$why $nerr errors reported, want 1;"
  report "$f" "$why"
done

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ] || exit 1
exit 0
