# tests/cli/lib.sh: what the command-line tests share.  Sourced, not run.
#
# Each test script runs $DERIVCHECK on small specs it writes into a fresh
# temporary directory ($tmp, removed on exit), states every check it makes
# ("ok: ..."), and exits 1 at the first check that does not hold, saying
# what it expected and what it got.  Exit 99 (a hard error for automake)
# when the environment is unusable.

if [ -z "${DERIVCHECK:-}" ]; then
  echo "DERIVCHECK must name the derivcheck program" >&2
  exit 99
fi
if [ ! -x "$DERIVCHECK" ]; then
  echo "$DERIVCHECK is not an executable" >&2
  exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/derivcheck-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
cd "$tmp" || exit 99

# fail MESSAGE: report a failed check, show the last run's output, stop.
fail()
{
  printf 'FAIL: %s\n' "$*"
  if [ -n "${last:-}" ]; then
    printf '  command: %s\n' "$last"
    printf '  exit status: %s\n' "$status"
    echo '  --- stdout ---'
    sed 's/^/  /' out
    echo '  --- stderr ---'
    sed 's/^/  /' err
  fi
  exit 1
}

ok()
{
  printf 'ok: %s\n' "$*"
}

# run ARG...: run derivcheck; stdout in ./out, stderr in ./err, $status.
run()
{
  last="derivcheck $*"
  "$DERIVCHECK" "$@" >out 2>err
  status=$?
}

# spec FILE: write a spec from standard input.
spec()
{
  cat >"$1"
}

# expect_status N WHAT
expect_status()
{
  [ "$status" -eq "$1" ] || fail "$2: expected exit status $1, got $status"
  ok "$2: exit status $1"
}

# expect_line FILE LINE WHAT: FILE (out or err) has exactly this line.
expect_line()
{
  grep -Fx -e "$2" "$1" >/dev/null || fail "$3: no line '$2' in std$1"
  ok "$3: line '$2'"
}

# expect_text FILE TEXT WHAT: FILE contains TEXT somewhere.
expect_text()
{
  grep -F -e "$2" "$1" >/dev/null || fail "$3: no '$2' in std$1"
  ok "$3: has '$2'"
}

# expect_match FILE REGEX WHAT: some line of FILE matches the regex.
expect_match()
{
  grep -E -e "$2" "$1" >/dev/null || fail "$3: nothing matches /$2/ in std$1"
  ok "$3: matches /$2/"
}

# expect_no_text FILE TEXT WHAT
expect_no_text()
{
  if grep -F -e "$2" "$1" >/dev/null; then
    fail "$3: unexpected '$2' in std$1"
  fi
  ok "$3: no '$2'"
}

# expect_empty FILE WHAT
expect_empty()
{
  [ ! -s "$1" ] || fail "$2: std$1 is not empty"
  ok "$2: std$1 empty"
}

# expect_lines FILE N WHAT: FILE has exactly N lines.
expect_lines()
{
  n=$(wc -l <"$1" | tr -d ' ')
  [ "$n" -eq "$2" ] || fail "$3: std$1 has $n lines, expected $2"
  ok "$3: std$1 has $2 lines"
}

# The specs most tests use.  pass.yaml: three true links, two chains.
write_common_specs()
{
  spec pass.yaml <<'YAML'
derivcheck: 1
title: Small true steps
sections:
  - title: Algebra and derivatives
    blocks:
      - chains:
          - "x*(x + 1) = x^2 + x"
          - - "diff(x^3, x)"
            - "3*x^2"
            - "x*(3*x)"
YAML
  # fail.yaml: the second chain's only link is false; the right-hand
  # expression starts at line 7, column 26.
  spec fail.yaml <<'YAML'
sections:
  - title: One wrong step
    blocks:
      - chains:
          - "2*x = x + x"
      - chains:
          - "(x + 1)^2 = x^2 + 1"
YAML
  # undetermined.yaml: both sides are undefined at every real x.
  spec undetermined.yaml <<'YAML'
sections:
  - title: Nowhere defined
    blocks:
      - chains:
          - "log(-1 - x^2) = log(-1 - x^2)"
YAML
  # bad.yaml: a misspelt key on line 3.
  spec bad.yaml <<'YAML'
sections:
  - title: A typo
    blokcs:
      - chains:
          - "x = x"
YAML
}
