#!/bin/sh
# tests/cli/help.sh: --help and --version print GNU-style text and exit 0;
# no arguments at all is a usage error.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

run --help
expect_status 0 "--help"
expect_line out "Usage: derivcheck [OPTION]... SPEC..." "--help"
for opt in --format= --precision= --samples= --seed= --expr= --color= \
           --quiet --verbose --help --version; do
  expect_text out "$opt" "--help lists $opt"
done
expect_text out "Exit status:" "--help"
expect_empty err "--help"

run --version
expect_status 0 "--version"
first=$(sed -n 1p out)
[ "$first" = "derivcheck 0.1.0" ] || fail "--version: first line is '$first'"
ok "--version: first line 'derivcheck 0.1.0'"
expect_text out "Copyright" "--version"
expect_empty err "--version"

# --help wins over everything after it, even a bad option.
run --help --frobnicate
expect_status 0 "--help before a bad option"

run
expect_status 2 "no arguments"
expect_line err "derivcheck: error: no spec given" "no arguments"
expect_line err "Try 'derivcheck --help' for more information." "no arguments"
expect_empty out "no arguments"
