#!/usr/bin/env python3
"""Decide every row of links.txt without derivcheck: SymPy parses both
sides, mpmath evaluates them at 200 digits.  The rounding rule is written
out again here from the README: a decimal literal alone on one side
(through a minus sign and parentheses) stands for every value within half
a unit of its last place; with decimals on both sides the one with fewer
places is the rounding (the right one on a tie); anything else is an exact
equality.  Links with a symbol x are decided at 50 spread points.
Prints one line per row and exits 1 when an expectation is wrong."""
import re
import sys

import mpmath
import sympy

mpmath.mp.dps = 200
X = sympy.Symbol("x")
NAMES = {"exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt,
         "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
         "tanh": sympy.tanh, "atan": sympy.atan, "pi": sympy.pi,
         "sigma": lambda t: 1 / (1 + sympy.exp(-t)), "x": X}
LONE = re.compile(r"^\s*(\()?\s*(-)?\s*(\d+)\.(\d+)\s*(?(1)\))\s*$")


def parse(text):
    # Decimals become exact rationals before SymPy sees them.
    text = re.sub(r"\d+\.\d+", lambda m: "Rational('%s')" % m.group(0), text)
    text = text.replace("^", "**")
    return sympy.sympify(text, locals=dict(NAMES, Rational=sympy.Rational))


def places(text):
    m = LONE.match(text)
    return len(m.group(4)) if m else 0


def values(expr):
    if not expr.free_symbols:
        return [mpmath.mpf(sympy.N(expr, 210))]
    pts = [mpmath.mpf(k) / 7 - 3 for k in range(1, 51)]
    return [mpmath.mpf(sympy.N(expr.subs(X, p), 210)) for p in pts]


def decide(link):
    left_t, right_t = [s.strip() for s in link.split("=")]
    left, right = parse(left_t), parse(right_t)
    kl, kr = places(left_t), places(right_t)
    if kr and (not kl or kr <= kl):
        other, lit, k = left, right, kr
    elif kl:
        other, lit, k = right, left, kl
    else:
        diff = [abs(a - b) for a, b in zip(values(left), values(right))]
        return "pass" if max(diff) < mpmath.mpf(10) ** -150 else "fail"
    half = sympy.Rational(5, 10 ** (k + 1))
    lo = mpmath.mpf(sympy.N(lit - half, 210))
    hi = mpmath.mpf(sympy.N(lit + half, 210))
    # The bounds are exact rationals: compare with a margin far below any
    # literal's last place so that a value exactly on a bound is inside.
    eps = mpmath.mpf(10) ** -190
    ok = all(lo - eps <= v <= hi + eps for v in values(other))
    return "pass" if ok else "fail"


def main(path):
    bad = n = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        want, link = line.split("|", 1)
        got = decide(link)
        n += 1
        mark = "ok" if got == want else "WRONG"
        bad += got != want
        print("%s %s: %s" % (mark, got, link))
    print("%d rows, %d wrong" % (n, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "links.txt"))
