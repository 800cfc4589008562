#!/bin/sh
# tests/cli/expr.sh: -e/--expr checks a chain from the command line, alone
# or together with SPEC files.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

run -e 'diff(x^2, x) = 2*x'
expect_status 0 "-e true chain"
expect_match out '^<command line>: 1 chain, 1 link: 1 passed \(1 proved\) \(256 bits, 32 samples, seed 1\)$' \
  "-e true chain"

run --expr='sin(x)^2 + cos(x)^2 = 1 = exp(0)'
expect_status 0 "--expr with three steps"
expect_text out "2 links: 2 passed" "--expr with three steps"

run -e 'x + 1 = x'
expect_status 1 "-e false chain"
expect_match out '^<command line>:1:9: error: step 2 does not equal step 1' \
  "-e false chain at the right-hand expression"
expect_line out "  x + 1  =/=  x" "-e false chain"

run -e '2x = x + x'
expect_status 2 "-e syntax error"
expect_match err '^<command line>:1:[0-9]+: error: ' "-e syntax error"

run -e 'x = x' -e 'x = 2*x'
expect_status 1 "two -e chains"
expect_lines out 10 "two -e chains: two summaries, a seven-line failure, a total"
# x/(2*x) = 1/2: the diagnosis names the lost factor.
expect_line out "  note: the sides differ by the factor 1/2 (left = 1/2 * right)" "two -e chains: the factor"
expect_line out "total: 2 specs, 2 chains, 2 links: 1 passed (1 proved), 1 failed" "two -e chains"

run -e 'x*x = x^2' pass.yaml
expect_status 0 "-e with a SPEC"
expect_text out "<command line>: 1 chain, 1 link: 1 passed" "-e with a SPEC"
expect_text out "pass.yaml: 2 chains, 3 links: 3 passed" "-e with a SPEC"
