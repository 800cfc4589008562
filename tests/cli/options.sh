#!/bin/sh
# tests/cli/options.sh: option validation (every bad value is a usage error,
# exit 2, with a message and the --help hint), -q, -v and --color.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

# bad ARG...: derivcheck ARG... pass.yaml is a usage error.
bad()
{
  run "$@" pass.yaml
  expect_status 2 "$*"
  expect_line err "Try 'derivcheck --help' for more information." "$*"
  expect_empty out "$*"
}

bad --frobnicate
bad -x
bad --format=xml
bad --format
bad --precision=8
bad --precision=65537
bad --precision=abc
bad --precision=256bits
bad --precision=
bad --samples=0
bad --samples=10001
bad --samples=-5
bad --samples=1e3
bad --seed=-1
bad --seed=12x
bad --seed=99999999999999999999999999
bad --color=sometimes
bad --emit=pdf

run --precision=8 pass.yaml
expect_text err "--precision '8'" "precision message names the value"
expect_text err "32 to 65536" "precision message names the range"

# Limits themselves are accepted.
run --precision=32 --samples=1 --seed=0 pass.yaml
expect_status 0 "smallest precision and samples"
expect_text out "(32 bits, 1 sample, seed 0)" "smallest precision and samples"

# --derive next to a spec: both are checked; the chain is on stdout and
# every report on stderr.
run --derive='diff(x^2, x)' pass.yaml
expect_status 0 "--derive with a spec"
expect_line out "diff(x^2, x)" "--derive with a spec"
expect_line out "  = 2*x" "--derive with a spec"
expect_text err "pass.yaml: 2 chains, 3 links" "--derive with a spec"

# -q: nothing on success, only the failure on failure.
run -q pass.yaml
expect_status 0 "-q passing"
expect_empty out "-q passing"
run --quiet fail.yaml
expect_status 1 "-q failing"
expect_text out "fail.yaml:7:26: error: step 2 does not equal step 1" "-q failing"
expect_no_text out "passed" "-q failing has no summary"

# -v: a line per link, with its sample count.
run -v --samples=4 pass.yaml
expect_status 0 "-v"
expect_lines out 4 "-v: three links and the summary"
expect_match out '^pass\.yaml:7:[0-9]+: step 2: pass, proved \(4 valid samples of [0-9]+ tried, [0-9]+ bits\)$' "-v"
expect_match out '^pass\.yaml:10:[0-9]+: step 3: pass, proved \(4 valid samples' "-v"

# --color: never by default off a terminal; always forces it.
esc=$(printf '\033')
run fail.yaml
if grep -F "$esc" out >/dev/null; then fail "colour without a terminal"; fi
ok "no colour when stdout is not a terminal"
run --color=always fail.yaml
grep -F "${esc}[1;31merror:${esc}[0m" out >/dev/null ||
  fail "--color=always: no red 'error:' in stdout"
ok "--color=always colours 'error:'"
run --color=never fail.yaml
if grep -F "$esc" out >/dev/null; then fail "--color=never coloured"; fi
ok "--color=never"
run --color=always bad.yaml
grep -F "${esc}[1;31merror:" err >/dev/null ||
  fail "--color=always: no red 'error:' in diagnostics"
ok "--color=always colours diagnostics"
