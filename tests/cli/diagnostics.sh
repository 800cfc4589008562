#!/bin/sh
# tests/cli/diagnostics.sh: compiler-style diagnostics: the source line and
# a caret under the column, errors sorted by position, unprintable input
# quoted, colour only when asked, command-line errors with "error:",
# near-miss warnings for swapped letters and --werror.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

esc=$(printf '\033')

run bad.yaml
expect_status 2 "a misspelt key"
printf '%s\n' "bad.yaml:3:5: error: unknown key 'blokcs' in a section (did you mean 'blocks'?)" \
  "      blokcs:" "      ^" >want
head -3 err >got
cmp -s want got || fail "excerpt and caret: got $(cat got)"
ok "a misspelt key: message, source line, caret"

# -e chains show their own text.
run -e 'x + = 1'
expect_status 2 "a bad -e chain"
expect_match err '^<command line>:1:5: error: ' "a bad -e chain"
expect_line err "  x + = 1" "a bad -e chain: the chain as the source line"
expect_line err "      ^" "a bad -e chain: the caret under column 5"

# The definition body (line 2) is parsed after the function body (line
# 4), yet its error is printed first.
spec order.yaml <<'YAML'
definitions:
  L: x +* 1
functions:
  f(t): t */ 2
sections:
  - blocks:
      - chains: ["L = f(x)"]
YAML
run order.yaml
expect_status 2 "two errors"
sed -n 's/^\(order\.yaml:[0-9]*\):.*/\1/p' err >lines
printf 'order.yaml:2\norder.yaml:4\n' >want
cmp -s lines want || fail "errors not sorted by position: $(tr '\n' ' ' <lines)"
ok "errors sorted by position"

# A key with an escape sequence: quoted in the message and in the line, so
# it cannot erase its own error line on a terminal.
printf 'sections:\n  - blocks:\n      - chains: ["x = x"]\n        "wh\\e[2Kere": {}\n' >ctl.yaml
run ctl.yaml
expect_status 2 "an escape in a key"
expect_no_text err "$esc" "an escape in a key: no raw ESC on stderr"
expect_match err '^ctl\.yaml:4:12: error: control character \\x1b in a string' \
  "an escape in a key"
# A file name holding ESC and a right-to-left override.
badname=$(printf 'a\033[2Kb\342\200\256c.yaml')
cp pass.yaml "$badname"
printf 'sections: []\n' >"$badname"
run "$badname"
expect_status 2 "a file name with control characters"
expect_no_text err "$esc" "a file name with control characters: no raw ESC"
expect_match err '^a\\x1b\[2KbU\+202Ec\.yaml:1:11: error: ' \
  "a file name with control characters: quoted"
# GitHub workflow commands reach a log viewer that renders ANSI escapes.
run --format=github "$badname"
expect_status 2 "github format, control characters in a file name"
expect_no_text out "$esc" "github format: no raw ESC"
expect_match out '^::error file=a\\x1b\[2KbU\+202Ec\.yaml,line=1,col=11,' \
  "github format: the file name quoted"

# Colour: never by default off a terminal, always when asked (NO_COLOR
# only changes the default).
run fail.yaml
expect_no_text out "$esc" "no colour off a terminal"
run --color=always bad.yaml
expect_text err "$esc[" "--color=always colours diagnostics"
NO_COLOR=1 "$DERIVCHECK" --color=always bad.yaml >out 2>err
expect_text err "$esc[" "--color=always wins over NO_COLOR"
NO_COLOR=1 "$DERIVCHECK" --color=auto bad.yaml >out 2>err
expect_no_text err "$esc" "NO_COLOR with --color=auto"

# Command-line errors say error:, like a compiler's.
run --bogus pass.yaml
expect_status 2 "an unknown option"
expect_line err "derivcheck: error: unrecognized option '--bogus'" "an unknown option"
run pass.yaml -e
expect_status 2 "-e without a chain"
expect_line err "derivcheck: error: option '-e' needs an argument" "-e without a chain"
run --format pass.yaml
expect_status 2 "--format without a value"
expect_match err "^derivcheck: error: invalid --format 'pass\\.yaml' \\(use text, tap" \
  "--format takes the next word"
run --precision=abc pass.yaml
expect_line err "derivcheck: error: invalid --precision 'abc' (use 32 to 65536 bits)" \
  "a bad number"

# Two letters swapped are a near miss; --werror makes the warning fatal.
spec swap.yaml <<'YAML'
symbols:
  yhat: {domain: "(0, 1)"}
sections:
  - blocks:
      - chains: ["diff(yhat^2, yaht) = 0"]
YAML
run swap.yaml
expect_status 0 "a swapped pair: a warning only"
expect_line err "swap.yaml:5:32: warning: undeclared symbol 'yaht' (did you mean 'yhat'?)" \
  "a swapped pair"
run --werror swap.yaml
expect_status 2 "--werror"
expect_line err "swap.yaml:5:32: error: undeclared symbol 'yaht' (did you mean 'yhat'?) [--werror]" \
  "--werror"
expect_empty out "--werror: nothing checked"
run --werror pass.yaml
expect_status 0 "--werror without warnings"

# No internal names of limits leak into messages.
run -e 'diff(x, x, 9) = 0'
expect_status 2 "an order too high"
expect_no_text err "DC_MAX" "an order too high: no internal name"
