#!/bin/sh
# tests/cli/verdicts.sh: derivcheck calls true steps true and false steps
# false, over a table of one-line chains that no spec in specs/ holds:
# textbook identities, derivatives, traps for a checker that compares in
# double precision or that differentiates outside the function's domain.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# verdict STATUS CHAIN: -e CHAIN must exit with STATUS.
verdict()
{
  run -e "$2"
  expect_status "$1" "$2"
  ok "$2 -> $1"
}

# True: exit 0.
verdict 0 'diff(sin(x)*cos(x), x) = cos(2*x) = cos(x)^2 - sin(x)^2'
verdict 0 'diff(x^x, x) = x^x*(log(x) + 1)'
verdict 0 'diff(log(x), x) = 1/abs(x)'
verdict 0 'diff(sqrt(x), x) = 1/(2*sqrt(x))'
verdict 0 'sqrt(x^2) = abs(x)'
verdict 0 'exp(log(x)) = x'
verdict 0 'sin(x)^2 + cos(x)^2 = 1'
verdict 0 'cosh(x)^2 - sinh(x)^2 = 1'
verdict 0 'diff(erf(x), x) = 2/sqrt(pi)*exp(-x^2)'
verdict 0 'diff(tanh(x), x, 2) = -2*tanh(x)*(1 - tanh(x)^2)'
verdict 0 'diff(1/(1 + exp(-x)), x) = exp(-x)/(1 + exp(-x))^2'
verdict 0 'diff(y*x^2, x) = 2*x*y'
verdict 0 "(x^3)' = 3*x^2"
verdict 0 'diff(atan(x), x) = 1/(1 + x^2)'
verdict 0 'diff(asin(x/2), x) = 1/sqrt(4 - x^2)'
verdict 0 'diff(exp(-x^2/2), x, 3) = (3*x - x^3)*exp(-x^2/2)'
verdict 0 'pdiff(x^2*y^3, y) = 3*x^2*y^2'
verdict 0 'diff(diff(x^2*y^3, x), y) = 6*x*y^2'
verdict 0 '(x + 1)^12 = x^12 + 12*x^11 + 66*x^10 + 220*x^9 + 495*x^8 + 792*x^7 + 924*x^6 + 792*x^5 + 495*x^4 + 220*x^3 + 66*x^2 + 12*x + 1'
verdict 0 'exp(1000*x)/exp(1000*x) = 1'
verdict 0 '(1 + 10^-30)*x - x = 10^-30*x'
verdict 0 '0.1 + 0.2 = 0.3'
verdict 0 'log(x^2) = 2*log(abs(x))'
# A link is checked where both sides are defined (SPEC section 4: other
# points are redrawn), so this holds: 2*log(x) only exists for x > 0.
verdict 0 'log(x^2) = 2*log(x)'
# False: exit 1.
verdict 1 'diff(y*x^2, y) = 2*x*y'
verdict 1 'sqrt(x^2) = x'
verdict 1 'atan(x) + atan(1/x) = pi/2'
verdict 1 'asin(sin(x)) = x'
verdict 1 'x + 10^-30 = x'
verdict 1 'x + 10^-60 = x'
verdict 1 'sin(x)^2 + cos(x)^2 = 1 + 10^-40*x'
verdict 1 '1e-30 = 0'
verdict 1 'x/10^80 = 2*x/10^80'
verdict 1 'diff(log(x), x) = -1/x'
verdict 1 'diff(sin(x)^2, x) = 2*sin(x)'
verdict 1 'diff(exp(2*x), x) = exp(2*x)'
verdict 1 'diff(x^3, x, 2) = 3*x'
verdict 1 '(x + 1)^12 = x^12 + 12*x^11 + 66*x^10 + 220*x^9 + 495*x^8 + 792*x^7 + 924*x^6 + 792*x^5 + 495*x^4 + 220*x^3 + 66*x^2 + 12*x + 2'
verdict 1 'log(-1 - x^2) = 0'
# Bad input: exit 2.
verdict 2 "(x^3*y)' = 3*x^2"
verdict 2 'diff(f(x), x) = 1'
echo "all verdicts as expected"
