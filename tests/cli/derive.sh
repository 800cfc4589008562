#!/bin/sh
# --derive and derive blocks: the chains derivcheck writes itself.  The
# expected forms are derived by hand (each noted); every generated link is
# also checked by derivcheck, so exit 0 means every step held.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# sigma'(x) written out: d/dx (1 + e^-x)^-1 = e^-x (1 + e^-x)^-2.
run --derive='diff(1/(1 + exp(-x)), x)'
expect_status 0 "--derive sigmoid"
expect_line out "diff(1/(1 + exp(-x)), x)" "--derive sigmoid: first step"
expect_line out "  = exp(-x)/(1 + exp(-x))^2" "--derive sigmoid: result"
expect_text err "1 passed (1 proved)" "--derive sigmoid: checked and proved"

# (x^2 - 1)/(x - 1) = x + 1: a common factor cancels.
run --derive='(x^2 - 1)/(x - 1)'
expect_status 0 "--derive cancels"
expect_line out "  = x + 1" "--derive cancels"

# tanh' = 1 - tanh^2, through the exponentials of tanh.
run --derive='diff(tanh(x), x)'
expect_line out "  = 1 - tanh(x)^2" "--derive tanh"

# --emit=latex: a document with the chain in it.
run --emit=latex --derive='diff(x^3, x)'
expect_status 0 "--derive --emit=latex"
expect_text out '\frac{d[x^{3}]}{dx} = 3x^{2}' "--derive --emit=latex"

# A derive block in a spec, with where names and a user function: the
# chain of the reference post for dL/dz (hand derivation in the post).
spec post.yaml <<'YAML'
symbols:
  y: {domain: "[0, 1]"}
functions:
  sigma(x): 1/(1 + exp(-x))
definitions:
  L: -y*log(yhat) - (1 - y)*log(1 - yhat)
sections:
  - title: dL/dz
    blocks:
      - where: {yhat: a, a: sigma(z)}
        derive: pdiff(L, z)
YAML
run --format=json post.yaml
expect_status 0 "derive block"
expect_text out '"kind":"derive"' "derive block in JSON"
run -v post.yaml
for step in 2 3 4 5 6 7; do
  expect_match out "^post\.yaml:11:17: step $step: pass, proved " "derive block step $step"
done
run --emit=markdown post.yaml
for line in \
  '\frac{\partial L}{\partial z} & = \frac{dL}{da} \frac{da}{dz} \\' \
  "& = \\left( -\\frac{y}{a} + \\frac{1 - y}{1 - a} \\right) \\left( \\frac{1}{1 + e^{-z}} \\right)' \\\\" \
  '& = \left( -\frac{y}{a} + \frac{1 - y}{1 - a} \right) (a(1 - a)) \\' \
  '& = -y(1 - a) + a(1 - y) \\' \
  '& = -y + ay + a - ay \\' \
  '& = a - y'; do
  expect_line out "$line" "derive block: post line"
done

# A derive that does not load: its error names the position.
spec bad.yaml <<'YAML'
sections:
  - title: bad
    blocks:
      - derive: "(x*y)'"
YAML
run bad.yaml
expect_status 2 "derive with an ambiguous prime"
expect_match err "^bad\.yaml:4:18: error: " "derive error position"

