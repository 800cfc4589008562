#!/bin/sh
# tests/cli/verdict-specs.sh: derivcheck calls whole specs right: where
# names and Leibniz semantics (diff by a where name that others depend on,
# pdiff through two where levels), user functions of one and two
# arguments, primes and wrt, softmax and cross entropy, narrow domains and
# domains far from zero, where-name domains (narrow ones too), derivatives
# near trouble.
# Each true spec must pass every link; each false one holds one wrong link
# (one a careful mathematician would reject) and must fail exactly that.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# pass_spec FILE LINKS: every one of LINKS links passes, exit 0.
pass_spec()
{
  run "$1"
  expect_status 0 "$1"
  expect_match out "^$1: [0-9]+ chains?, $2 links?: $2 passed " "$1"
}

# fail_spec FILE LINE: the one link fails at line LINE, exit 1.
fail_spec()
{
  run "$1"
  expect_status 1 "$1"
  expect_match out "^$1: 1 chain, 1 link: 0 passed, 1 failed " "$1"
  expect_match out "^$1:$2:[0-9]+: error: step 2 does not equal step 1" "$1"
}


spec leibniz-true.yaml <<'YAML'
# Every link is true.
symbols:
  u: {domain: real}
sections:
  - title: Leibniz through where names
    blocks:
      - where: {u: x^2, v: sin(u)}
        chains:
          - "diff(v, u) = cos(u)"
          - "diff(v, x) = cos(u)*2*x = 2*x*cos(x^2)"
          - "diff(v*u, u) = u*cos(u) + sin(u)"
          - "pdiff(v, x) = diff(v, u)*diff(u, x)"
          - "diff(u, x) = 2*x"
          - "diff(v, u, 2) = -sin(u)"
          - "diff(v, x, 2) = 2*cos(u) - 4*x^2*sin(u)"
          - "diff(v + u, u) = 1 + cos(u)"
YAML
pass_spec leibniz-true.yaml 9

spec leibniz-false1.yaml <<'YAML'
# One link is wrong.
sections:
  - title: diff by a where name does not go on to x
    blocks:
      - where: {u: x^2, v: sin(u)}
        chains:
          - "diff(v, u) = 2*x*cos(u)"
YAML
fail_spec leibniz-false1.yaml 7

spec leibniz-false2.yaml <<'YAML'
# One link is wrong.
sections:
  - title: diff by a where name holds it independent
    blocks:
      - where: {u: x^2, v: sin(u)}
        chains:
          - "diff(v*u, u) = u*cos(u)"
YAML
fail_spec leibniz-false2.yaml 7

spec leibniz2-true.yaml <<'YAML'
# Every link is true.
functions:
  f(t): t^3
  h(a, b): a*exp(b)
sections:
  - title: more Leibniz
    blocks:
      - where: {u: x^2, v: u + x, w: v*u}
        wrt: x
        chains:
          - "diff(v, u) = 1"
          - "diff(w, u) = v + u"
          - "diff(w, x) = (2*x + 1)*u + v*2*x"
          - "(w)' = diff(w, x)"
          - "(v)' = 2*x + 1"
          - "diff(w, v) = u"
          - "diff(f(w), u) = 3*w^2*(v + u)"
          - "pdiff(h(u, v), x) = 2*x*exp(v) + u*exp(v)*(2*x + 1)"
          - "pdiff(h(u, v), u) = exp(v) + u*exp(v)"
          - "diff(w, x, 2) = 12*x^2 + 6*x"
YAML
pass_spec leibniz2-true.yaml 10

spec leibniz2-false.yaml <<'YAML'
# One link is wrong.
sections:
  - title: diff(w, v) with w = v*u holds u fixed
    blocks:
      - where: {u: x^2, v: u + x, w: v*u}
        chains:
          - "diff(w, v) = u + v*2*x"
YAML
fail_spec leibniz2-false.yaml 7

spec two-levels-true.yaml <<'YAML'
# Every link is true.
symbols:
  x: {domain: "[-3, 3]"}
  y: {domain: "[-1, 1]"}
  w: {domain: "[-2, 2]"}
  b: {domain: "[-2, 2]"}
sections:
  - title: tanh unit with squared error
    blocks:
      - where: {a: w*x + b, h: tanh(a), L: (h - y)^2/2}
        chains:
          - "pdiff(L, w) = diff(L, h)*diff(h, a)*pdiff(a, w) = (h - y)*(1 - h^2)*x"
          - "pdiff(L, b) = (h - y)*(1 - h^2)"
          - "pdiff(L, a) = (h - y)*(1 - h^2)"
          - "pdiff(L, h) = h - y"
          - "pdiff(L, x) = (h - y)*(1 - h^2)*w"
          - "pdiff(L, w, 2) = x^2*((1 - h^2)^2 - 2*h*(h - y)*(1 - h^2))"
          - "pdiff(pdiff(L, w), b) = (1 - h^2)^2*x - 2*h*(h - y)*(1 - h^2)*x"
YAML
pass_spec two-levels-true.yaml 8

spec two-levels-false.yaml <<'YAML'
# One link is wrong.
symbols:
  x: {domain: "[-3, 3]"}
  y: {domain: "[-1, 1]"}
  w: {domain: "[-2, 2]"}
  b: {domain: "[-2, 2]"}
sections:
  - title: missing the tanh factor
    blocks:
      - where: {a: w*x + b, h: tanh(a), L: (h - y)^2/2}
        chains:
          - "pdiff(L, w) = (h - y)*x"
YAML
fail_spec two-levels-false.yaml 12

spec softmax-true.yaml <<'YAML'
# Every link is true.
symbols:
  y1: {domain: "[0, 0.5]"}
  y2: {domain: "[0, 0.5]"}
functions:
  lse(a, b): log(exp(a) + exp(b))
  sm(a, b): exp(a)/(exp(a) + exp(b))
sections:
  - title: softmax and cross entropy
    blocks:
      - where: {S: exp(z1) + exp(z2) + exp(z3), s1: exp(z1)/S, s2: exp(z2)/S, s3: exp(z3)/S, y3: 1 - y1 - y2, L: -(y1*log(s1) + y2*log(s2) + y3*log(s3))}
        chains:
          - "pdiff(s1, z1) = s1*(1 - s1)"
          - "pdiff(s1, z2) = -s1*s2"
          - "pdiff(s3, z2) = -s2*s3"
          - "pdiff(L, z1) = s1 - y1"
          - "pdiff(L, z3) = s3 - y3"
          - "pdiff(L, z1, 2) = s1*(1 - s1)"
          - "pdiff(pdiff(L, z1), z2) = -s1*s2"
          - "log(S) = z1 + log(1 + exp(z2 - z1) + exp(z3 - z1))"
      - chains:
          - "pdiff(lse(a, b), a) = sm(a, b) = 1/(1 + exp(b - a))"
          - "pdiff(lse(a, b), b) = sm(b, a)"
          - "lse(a, b) = max2 + log(exp(a - max2) + exp(b - max2))"
          - "pdiff(sm(a, b), b) = -sm(a, b)*sm(b, a)"
YAML
pass_spec softmax-true.yaml 13

spec softmax-false.yaml <<'YAML'
# One link is wrong.
symbols:
  y1: {domain: "[0, 0.5]"}
  y2: {domain: "[0, 0.5]"}
  y3: {domain: "[0, 0.5]"}
sections:
  - title: s - y needs the targets to sum to one
    blocks:
      - where: {S: exp(z1) + exp(z2) + exp(z3), s1: exp(z1)/S, s2: exp(z2)/S, s3: exp(z3)/S, L: -(y1*log(s1) + y2*log(s2) + y3*log(s3))}
        chains:
          - "pdiff(L, z1) = s1 - y1"
YAML
fail_spec softmax-false.yaml 11

spec userfn-true.yaml <<'YAML'
# Every link is true.
functions:
  sigma(t): 1/(1 + exp(-t))
  softplus(t): log(1 + exp(t))
  g(u, v): u^2*v + sin(u*v)
  mse(p, q): (p - q)^2/2
sections:
  - title: user functions
    blocks:
      - chains:
          - "sigma'(x) = sigma(x)*(1 - sigma(x))"
          - "sigma''(x) = sigma(x)*(1 - sigma(x))*(1 - 2*sigma(x))"
          - "softplus'(x) = sigma(x)"
          - "diff(softplus(x), x, 2) = sigma(x)*(1 - sigma(x))"
          - "pdiff(g(x, y), x) = 2*x*y + y*cos(x*y)"
          - "pdiff(g(x, y), y) = x^2 + x*cos(x*y)"
          - "pdiff(pdiff(g(x, y), x), y) = 2*x + cos(x*y) - x*y*sin(x*y)"
          - "pdiff(g(x*y, x + y), x) = 2*x*y^2*(x + y) + x^2*y^2 + (y*(x + y) + x*y)*cos(x*y*(x + y))"
          - "pdiff(mse(w*x + b, y), w) = (w*x + b - y)*x"
          - "sigma(-x) = 1 - sigma(x)"
          - "softplus(x) - softplus(-x) = x"
      - wrt: x
        chains:
          - "(sigma(2*x))' = 2*sigma(2*x)*(1 - sigma(2*x))"
          - "(x^2*y)' = 2*x*y"
YAML
pass_spec userfn-true.yaml 13

spec userfn-false.yaml <<'YAML'
# One link is wrong.
functions:
  g(u, v): u^2*v + sin(u*v)
sections:
  - title: a two-argument function's partial, a term lost
    blocks:
      - chains:
          - "pdiff(g(x*y, x + y), x) = 2*x*y^2*(x + y) + (y*(x + y) + x*y)*cos(x*y*(x + y))"
YAML
fail_spec userfn-false.yaml 8

spec domains-true.yaml <<'YAML'
# Every link is true.
symbols:
  p: {domain: "[0.999, 1]"}
  q: {domain: "(1e-9, 2e-9)"}
  big: {domain: "[1000, 2000]"}
  pos: {domain: positive}
  neg: {domain: "(-inf, 0)"}
  nn: {domain: nonnegative}
sections:
  - title: narrow and far domains
    blocks:
      - chains:
          - "acos(p) = atan(sqrt(1 - p^2)/p)"
          - "diff(asin(p), p) = 1/sqrt(1 - p^2)"
          - "log(1 + q) - q = log((1 + q)/exp(q))"
          - "(q + 1)^2 - 1 = q*(q + 2)"
          - "log(q) = log(q/1e-9) + log(1e-9)"
          - "exp(big)/exp(big - 1) = e"
          - "(big + 1)^10 - big^10 = 10*big^9 + 45*big^8 + 120*big^7 + 210*big^6 + 252*big^5 + 210*big^4 + 120*big^3 + 45*big^2 + 10*big + 1"
          - "sqrt(big + 1) - sqrt(big) = 1/(sqrt(big + 1) + sqrt(big))"
          - "log(pos^2) = 2*log(pos)"
          - "sqrt(neg^2) = -neg"
          - "abs(neg) = -neg"
          - "sqrt(nn)^2 = nn"
          - "diff(log(-neg), neg) = 1/neg"
YAML
pass_spec domains-true.yaml 13

spec domain-neg-false.yaml <<'YAML'
# One link is wrong.
symbols:
  neg: {domain: "(-inf, 0)"}
sections:
  - title: wrong only for negative values
    blocks:
      - chains:
          - "sqrt(neg^2) = neg"
YAML
fail_spec domain-neg-false.yaml 8

spec where-domain-true.yaml <<'YAML'
# Every link is true.
symbols:
  r: {domain: "[4, 9]"}
sections:
  - title: holds where r = x^2 lies in [4, 9]
    blocks:
      - where: {r: x^2}
        chains:
          - "abs(x - 2) + abs(x + 2) = 2*sqrt(r)"
          - "sqrt(r) = abs(x)"
YAML
pass_spec where-domain-true.yaml 2

spec where-domain-false.yaml <<'YAML'
# One link is wrong.
symbols:
  r: {domain: "(0, 1)"}
sections:
  - title: wrong exactly where r = x^2 lies in (0, 1)
    blocks:
      - where: {r: x^2}
        chains:
          - "abs(x - 2) + abs(x + 2) = 2*sqrt(r)"
YAML
fail_spec where-domain-false.yaml 9

spec fd-stress.yaml <<'YAML'
# Every link is true.
symbols:
  p: {domain: "[0.999, 1)"}
  q: {domain: "(1e-9, 2e-9)"}
  big: {domain: "[1000, 2000]"}
  t: {domain: "(0, 1e-30)"}
  m: {domain: "(-1, -0.999999)"}
  k: {domain: "[1.5707963, 1.5707964]"}
sections:
  - title: derivatives near trouble
    blocks:
      - chains:
          - "diff(asin(p), p) = 1/sqrt(1 - p^2)"
          - "diff(asin(p), p, 2) = p/(1 - p^2)^(3/2)"
          - "diff(acos(m), m) = -1/sqrt(1 - m^2)"
          - "diff(sqrt(q), q) = 1/(2*sqrt(q))"
          - "diff(sqrt(q), q, 3) = 3/(8*q^(5/2))"
          - "diff(log(q), q, 4) = -6/q^4"
          - "diff(q^q, q) = q^q*(log(q) + 1)"
          - "diff(sqrt(t), t) = 1/(2*sqrt(t))"
          - "diff(log(t), t) = 1/t"
          - "diff(t*log(t), t) = log(t) + 1"
          - "diff(exp(big), big) = exp(big)"
          - "diff(big^big, big) = big^big*(log(big) + 1)"
          - "diff(sin(big^2), big) = 2*big*cos(big^2)"
          - "diff(exp(-big^2), big, 3) = (12*big - 8*big^3)*exp(-big^2)"
          - "diff(tan(k), k) = 1 + tan(k)^2"
          - "diff(tan(k), k, 2) = 2*tan(k)*(1 + tan(k)^2)"
          - "diff(log(1 - p), p) = -1/(1 - p)"
          - "diff(atan(1/q), q) = -1/(1 + q^2)"
          - "diff(sin(1/q), q) = -cos(1/q)/q^2"
          - "diff(exp(1/q), q) = -exp(1/q)/q^2"
YAML
pass_spec fd-stress.yaml 20

spec far-true.yaml <<'YAML'
# Every link is true.
symbols:
  a: {domain: "[-20000000000, -10000000000]"}
  y: {domain: "[0.001, 0.002]"}
  g: {domain: "[1000000000, 2000000000]"}
functions:
  sigma(t): 1/(1 + exp(-t))
sections:
  - title: far from zero
    blocks:
      - chains:
          - "exp(a)^y = exp(a*y)"
          - "exp(a)*exp(-a) = 1"
          - "log(exp(a)) = a"
          - "sigma(g) = 1/(1 + exp(-g))"
          - "diff(sigma(g), g) = exp(-g)/(1 + exp(-g))^2"
          - "log(1 - sigma(-g)) = -log(1 + exp(-g))"
YAML
pass_spec far-true.yaml 6

spec far-false.yaml <<'YAML'
# One link is wrong.
symbols:
  a: {domain: "[-20000000000, -10000000000]"}
  y: {domain: "[0.001, 0.002]"}
sections:
  - title: far from zero, off by a factor 1 + 10^-30
    blocks:
      - chains:
          - "exp(a)^y = exp(a*y)*(1 + 10^-30)"
YAML
fail_spec far-false.yaml 9

spec narrow-where-true.yaml <<'YAML'
# Every link is true; almost no drawn point puts the where names inside
# their domains, so the points come from the search into them.
sections:
  - title: narrow where-name domains
    blocks:
      - where: {r: {def: x^2, domain: "[0.999, 1]"}}
        chains:
          - "sqrt(r)^2 = r"
      - where: {s: {def: exp(x), domain: "(1e-9, 2e-9)"}}
        chains:
          - "log(s) = x"
      - where: {u: {def: exp(x), domain: "[1000, 2000]"}}
        chains:
          - "log(u) = x"
      - where: {q: {def: x*y, domain: "[0.5, 0.51]"}}
        chains:
          - "q/y = x"
YAML
pass_spec narrow-where-true.yaml 4

# narrow_false NAME WHERE CHAIN: a one-link spec that must fail at line 7.
narrow_false()
{
  spec "$1" <<YAML
# One link is wrong.
sections:
  - title: wrong inside a narrow where-name domain
    blocks:
      - where: $2
        chains:
          - "$3"
YAML
  fail_spec "$1" 7
}
narrow_false narrow-r-false.yaml '{r: {def: x^2, domain: "[0.999, 1]"}}' \
  "sqrt(r) = r"
narrow_false narrow-s-false.yaml '{s: {def: exp(x), domain: "(1e-9, 2e-9)"}}' \
  "log(s) = x + 10^-30"
narrow_false narrow-u-false.yaml '{u: {def: exp(x), domain: "[1000, 2000]"}}' \
  "log(u) = x*(1 + 10^-40)"
narrow_false narrow-q-false.yaml '{q: {def: x*y, domain: "[0.5, 0.51]"}}' \
  "q/y = x + 10^-25*y"

spec narrow-nowhere.yaml <<'YAML'
# -x^2 is never in [1, 2]: no search may make points up.
sections:
  - title: a where name that is never inside its domain
    blocks:
      - where: {r: {def: -x^2, domain: "[1, 2]"}}
        chains:
          - "sqrt(r) = sqrt(r)"
YAML
run narrow-nowhere.yaml
expect_status 1 narrow-nowhere.yaml
expect_match out "^narrow-nowhere.yaml: 1 chain, 1 link: 0 passed, 1 undetermined " narrow-nowhere.yaml
expect_text out 'none of 2048 points had both sides defined' narrow-nowhere.yaml

spec nowhere.yaml <<'YAML'
# Defined at x = 0 only: too few points.
sections:
  - title: defined at one point only
    blocks:
      - chains:
          - "sqrt(-x^2) = 0"
YAML
run nowhere.yaml
expect_status 1 nowhere.yaml
expect_match out "^nowhere.yaml: 1 chain, 1 link: 0 passed, 1 undetermined " nowhere.yaml
expect_text out 'none of 2048 points had both sides defined' nowhere.yaml
echo "all spec verdicts as expected"
