#!/bin/sh
# tests/cli/exit-status.sh: exit status 0, 1 and 2 from specs, the
# compiler-style failure message at the right position, and the most
# severe status across several specs.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

run pass.yaml
expect_status 0 "passing spec"
expect_line out "pass.yaml: 2 chains, 3 links: 3 passed (3 proved) (256 bits, 32 samples, seed 1)" \
  "passing spec"
expect_lines out 1 "passing spec"

run fail.yaml
expect_status 1 "failing spec"
expect_line out "fail.yaml:7:26: error: step 2 does not equal step 1 (line 7)" \
  "failing spec"
expect_line out "  (x + 1)^2  =/=  x^2 + 1" "failing spec"
expect_match out '^  at x = [-0-9.e]+$' "failing spec counterexample"
expect_match out '^  left  = [-0-9.e]+$' "failing spec"
expect_match out '^  right = [-0-9.e]+$' "failing spec"
expect_line out "fail.yaml: 2 chains, 2 links: 1 passed (1 proved), 1 failed (256 bits, 32 samples, seed 1)" \
  "failing spec summary"

# The counterexample is real: (x + 1)^2 - (x^2 + 1) = 2x at the point.
x=$(sed -n 's/^  at x = //p' out)
l=$(sed -n 's/^  left  = //p' out)
r=$(sed -n 's/^  right = //p' out)
awk -v x="$x" -v l="$l" -v r="$r" 'BEGIN {
  d = l - r - 2 * x; if (d < 0) d = -d
  exit !(d <= 1e-9 * (1 + (l < 0 ? -l : l)) && (2 * x != 0)) }' ||
  fail "counterexample x=$x left=$l right=$r is not (x+1)^2 vs x^2+1"
ok "counterexample values agree with the two sides"

run undetermined.yaml
expect_status 1 "undetermined spec"
expect_match out '^undetermined\.yaml:5:[0-9]+: error: step 2 could not be checked: .+' \
  "undetermined spec"
expect_text out "0 passed, 1 undetermined" "undetermined spec"

run bad.yaml
expect_status 2 "invalid spec"
expect_match err '^bad\.yaml:3:[0-9]+: error: ' "invalid spec"
expect_empty out "invalid spec"

run no-such-file.yaml
expect_status 2 "missing file"
expect_match err 'no-such-file\.yaml.*(No such file|not found|cannot|does not)' \
  "missing file"

spec syntax.yaml <<'YAML'
sections:
  - title: Implicit product
    blocks:
      - chains:
          - "2x = x + x"
YAML
run syntax.yaml
expect_status 2 "expression syntax error"
expect_match err '^syntax\.yaml:5:[0-9]+: error: .*2\*x' "expression syntax error"

# Several specs: each is checked, the most severe status wins.
run pass.yaml fail.yaml
expect_status 1 "pass + fail"
expect_text out "pass.yaml: 2 chains, 3 links: 3 passed" "pass + fail"
expect_text out "fail.yaml: 2 chains, 2 links: 1 passed (1 proved), 1 failed" "pass + fail"

run bad.yaml pass.yaml
expect_status 2 "bad + pass"
expect_text out "pass.yaml: 2 chains, 3 links: 3 passed" \
  "bad + pass: the good spec is still checked"

run fail.yaml no-such-file.yaml undetermined.yaml
expect_status 2 "fail + missing + undetermined"
expect_text out "fail.yaml:7:26: error:" "fail + missing + undetermined"
expect_text out "undetermined.yaml: 1 chain, 1 link" "fail + missing + undetermined"

# check: settings in the spec apply; the command line overrides them.
spec settings.yaml <<'YAML'
check: {precision: 128, samples: 8, seed: 5}
sections:
  - title: Settings
    blocks:
      - chains:
          - "x + x = 2*x"
YAML
run settings.yaml
expect_status 0 "spec check: settings"
expect_line out "settings.yaml: 1 chain, 1 link: 1 passed (1 proved) (128 bits, 8 samples, seed 5)" \
  "spec check: settings"
run --samples=3 --seed=9 settings.yaml
expect_status 0 "command line over spec settings"
expect_line out "settings.yaml: 1 chain, 1 link: 1 passed (1 proved) (128 bits, 3 samples, seed 9)" \
  "command line over spec settings"
