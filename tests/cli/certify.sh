#!/bin/sh
# tests/cli/certify.sh: no FAIL without a certificate.  Every failing link
# of specs/broken/ (realistic wrong steps) must carry "certified": "exact"
# (rational arithmetic) or "ball" (Arb); a handful of links of our own are
# checked for which one, by what they hold.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read the JSON"
"$DERIVCHECK" --format=json "$top_srcdir"/specs/broken/*.yaml >broken.json 2>/dev/null
python3 - broken.json <<'PY' || fail "certify: a failure without a certificate"
import json, sys
rep = json.load(open(sys.argv[1]))
n = 0
for spec in rep["specs"]:
    for sec in spec["sections"]:
        for blk in sec["blocks"]:
            for ch in blk.get("chains", []):
                for link in ch["links"]:
                    if link["verdict"] != "fail":
                        continue
                    n += 1
                    c = link["counterexample"]["certified"]
                    assert c in ("exact", "ball", "difference"), (spec["file"], link)
assert n >= len(rep["specs"]), n
print("certified failures:", n)
PY
ok "certify: every failure in specs/broken/ is certified"

# (x + 1)^2 = x^2 + 1 is rational: certified exactly.
run --format=json -e '(x + 1)^2 = x^2 + 1'
expect_status 1 "rational failure"
expect_text out '"certified":"exact"' "rational failure: exact certificate"

# exp(x) = 1 + x + x^2/2 holds exp: certified by a ball.
run --format=json -e 'exp(x) = 1 + x + x^2/2'
expect_status 1 "transcendental failure"
expect_text out '"certified":"ball"' "transcendental failure: ball certificate"

# A difference of 10^-60 next to exp(x): a 128-bit ball (radius about
# 2^-128, 3e-39) still holds 0, a 256-bit one (1e-77) does not.
run -e 'exp(x) + 10^-60 = exp(x)'
expect_status 1 "tiny transcendental failure"
expect_line out '  certified: left - right excludes 0 in ball arithmetic at 256 bits' \
  "tiny transcendental failure: needs 256 bits"

# A wrong step over 40 symbols (a wide network's gradient has hundreds):
# the ball is evaluated at every symbol of the point, however many.
sum40=$(python3 -c 'print(" + ".join("s%d" % i for i in range(1, 41)))')
run --format=json -e "exp($sum40) = exp($sum40) + 10^-20"
expect_status 1 "40 symbols: a failure"
expect_text out '"certified":"ball"' "40 symbols: ball certificate"
sum40r=$(python3 -c 'print(" + ".join("s%d" % i for i in range(1, 41)))')
run --format=json -e "($sum40)^2 = ($sum40r)^2 + 10^-20"
expect_status 1 "40 symbols, rational: a failure"
expect_text out '"certified":"exact"' "40 symbols, rational: exact certificate"

# A wrong mixed partial next to right ones (found by the posts work): at
# x = 0 with y huge the finite-difference step is far too long for
# sin(x*y); two unrelated differences must not pass for a disagreement of
# derivcheck's own derivative (exit 3).  The step is wrong: exit 1.
cat >mixed.yaml <<'YAML'
derivcheck: 1
functions:
  f(x, y): x^2*y + sin(x*y)
sections:
  - blocks:
      - chains:
          - ["pdiff(f(x, y), x)", "2*x*y + y*cos(x*y)"]
          - ["pdiff(f(x, y), y)", "x^2 + x*cos(x*y)"]
          - ["pdiff(pdiff(f(x, y), y), x)", "2*x"]
YAML
run mixed.yaml
expect_status 1 "wrong mixed partial: a failure, not an internal error"
expect_text out "mixed.yaml:9:46: error: step 2 does not equal step 1 (line 9)" "wrong mixed partial: the failing line"

# Sides that differ below every precision the comparison reaches: left
# cancels exp(10000) (about 2^14427) away, and the claim is off by
# exp(-10000).  By hand: left - right = -exp(-10000), not 0.  The exact
# difference's ball shows it, whatever the working precision.
run --format=json -e 'exp(10000) + sin(x) - exp(10000) = sin(x) + exp(-10000)'
expect_status 1 "difference below the precision: a failure"
expect_text out '"certified":"difference"' "difference below the precision: certified by the exact difference"
run --precision 2048 -e 'exp(10000) + sin(x) - exp(10000) = sin(x) + exp(-10000)'
expect_status 1 "difference below 2048 bits: a failure"
expect_text out 'certified: left - right, simplified exactly, excludes 0' "difference below 2048 bits: the certificate"
expect_text out 'note: the sides differ by the term -exp(-10000)' "difference below 2048 bits: the term"
# The same sides when the claim is true: the cancellation leaves every
# point undecided, and the exact proof decides it.
run -e 'exp(10000) + sin(x) - exp(10000) = sin(x)'
expect_status 0 "cancelling true claim: proved, passes"
expect_text out '1 passed (1 proved)' "cancelling true claim: counted as proved"
# exp(x + 10000)*exp(-x) = exp(10000): the difference is found through
# the exponentials' normal form, off by exp(-20000).
run -e 'exp(x + 10000)*exp(-x) - exp(10000) + cos(x) = cos(x) - exp(-20000)'
expect_status 1 "difference through exponentials: a failure"
