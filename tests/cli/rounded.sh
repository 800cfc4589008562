#!/bin/sh
# tests/cli/rounded.sh: `decimals: rounded` (verify/rounded.h).  Every row
# of tests/rounded/links.txt (its expectations decided independently by
# tests/rounded/verify.py with SymPy and mpmath, output in verify.out) is
# a chain of one spec; each link must get its expected verdict, at its
# line.  Then: the same links without the key are exact equalities; the
# key's bad values; a post whose front matter declares it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
table=$top_srcdir/tests/rounded/links.txt

# The spec: chain i on line 6 + i, its expected verdict in want.txt.
{
  printf 'decimals: rounded\nfunctions:\n  sigma(x): 1/(1 + exp(-x))\n'
  printf 'sections:\n  - blocks:\n      - chains:\n'
} >rounded.yaml
: >want.txt
grep -v '^#' "$table" | grep . | while IFS='|' read -r verdict link; do
  printf '          - "%s"\n' "$link" >>rounded.yaml
  printf '%s\n' "$verdict" >>want.txt
done
n=$(wc -l <want.txt)
[ "$n" -ge 60 ] || fail "the table holds only $n rows"

run -v rounded.yaml
expect_status 1 "rounded decimals: some rows fail"
i=0
while read -r verdict; do
  i=$((i + 1))
  line=$((6 + i))
  got=$(sed -n "s/^rounded\.yaml:$line:[0-9]*: step 2: \([a-z]*\).*/\1/p" out)
  [ "$got" = "$verdict" ] ||
    fail "row $i (line $line, $(sed -n "${line}p" rounded.yaml)): want $verdict, got '$got'"
done <want.txt
ok "rounded decimals: $n rows, each with its expected verdict"
nfail=$(grep -c '^fail' want.txt)
expect_text out "rounded.yaml: $n chains, $n links: $((n - nfail)) passed" \
  "rounded decimals: passed count"
expect_text out ", $nfail failed (256 bits, 32 samples, seed 1)" \
  "rounded decimals: every failure certified, none undetermined"

# A failure shows the decimal as written and the interval it stood for.
expect_text out "rounded.yaml:8:27: error: step 2 does not equal step 1 (line 8)" \
  "the wrong last digit fails at its line"
expect_text out "  right = 0.5745" "the decimal as written"
expect_text out "  note: 0.5745 stands for [0.57445, 0.57455] (decimals: rounded)" \
  "the interval it stood for"

run --format=json rounded.yaml
expect_text out '"rounded":"0.5744 stands for [0.57435, 0.57445]"' \
  "JSON: a rounded link says so"

# Without the key (the default, also `decimals: exact`) a decimal is the
# rational it spells: sigma(0.3) = 0.5744 fails.
sed '1s/.*/decimals: exact/' rounded.yaml >exact.yaml
run -v exact.yaml
expect_status 1 "decimals: exact"
expect_text out "exact.yaml:7:27: step 2: fail" "exact: a rounded value fails"
third=$(grep -n '1/3 = 0\.3*"' exact.yaml | cut -d: -f1)
expect_text out "exact.yaml:$third:20: step 2: fail" "exact: 1/3 to 80 places fails"
sed '1d' rounded.yaml >default.yaml
run -v default.yaml
expect_text out "default.yaml:6:27: step 2: fail" "default: decimals are exact"

# Bad values of the key.
for bad in 'round' '[rounded]' 'true' '""'; do
  sed "1s/.*/decimals: $bad/" rounded.yaml >bad.yaml
  run bad.yaml
  expect_status 2 "decimals: $bad"
  expect_text err "bad.yaml:1:11: error: expected 'exact' or 'rounded' for 'decimals'" \
    "decimals: $bad: error at the value"
done

# A post: the key in the front matter's derivcheck: mapping.
cat >numbers.md <<'MD'
---
title: Numbers
derivcheck:
  decimals: rounded
  functions:
    sigma(x): 1/(1 + exp(-x))
---

$$
\sigma(0.3) = \frac{1}{1 + e^{-0.3}} = 0.5744
$$

$$
\sigma(0.3) = 0.5745
$$

$$
2 \cdot 0.25 = 0.50 = 0.5
$$
MD
run numbers.md
expect_status 1 "post with decimals: rounded"
expect_line out "numbers.md: 3 chains, 5 links: 4 passed (1 proved), 1 failed (256 bits, 32 samples, seed 1)" \
  "post: counts"
expect_text out "numbers.md:14:15: error: step 2 does not equal step 1 (line 14)" \
  "post: the wrong last digit at its line"
