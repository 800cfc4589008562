#!/usr/bin/env python3
"""Verify the expectations of tests/adversarial/links.txt without derivcheck.

Each link is evaluated with mpmath at 1500 significant digits (enough for
exp(1000) ~ 10^434 to cancel and leave 1000 digits, and for sin(2^100*pi*x)):

  fail: at the row's witness (inside every symbol's domain and every where
        name's domain) the sides differ by more than 10^-150 relative to
        max(1, |left|, |right|);
  pass: at 200 random points spread over the symbols' domains (uniform,
        next to the bounds, and log-scaled out to 10^+-100 on unbounded
        ones), wherever both sides are real, they agree to 10^-300
        relative.  Where-name domains are ignored here: an identity that
        holds wherever its sides exist holds on any subset, so this is the
        stronger claim (and random points would almost never land in a
        band 10^-6 wide).

Usage: verify.py [links.txt]; prints one line per row and exits 1 when an
expectation does not hold.
"""
import random
import re
import sys

import mpmath
from mpmath import mp, mpf

mp.dps = 1500
PASS_TOL = mpf(10) ** -300
FAIL_TOL = mpf(10) ** -150
NPOINTS = 200

class Unresolved(Exception):
    """The point needs more digits than mp.dps to decide anything."""


def bounded(f, limit):
    """f, refusing arguments beyond limit: exp(3000) is 10^1303, and an
    exponential past that cancels (cosh(x)^2 - sinh(x)^2 at x = 10^32)
    below every digit we carry, as does sin of an argument past 10^1000."""
    def g(x):
        if abs(x) > limit:
            raise Unresolved()
        return f(x)
    return g


FUNCS = {
    "sin": bounded(mp.sin, mpf(10) ** 1000),
    "cos": bounded(mp.cos, mpf(10) ** 1000),
    "tan": bounded(mp.tan, mpf(10) ** 1000),
    "exp": bounded(mp.exp, 3000), "sinh": bounded(mp.sinh, 3000),
    "cosh": bounded(mp.cosh, 3000), "tanh": mp.tanh,
    "log": mp.log, "sqrt": mp.sqrt, "abs": abs, "atan": mp.atan,
    "asin": mp.asin, "acos": mp.acos,
}


def to_python(expr):
    """derivcheck syntax -> a Python expression over mpf numbers."""
    expr = expr.replace("^", "**")
    # Every literal becomes an exact-as-possible mpf (10^-8 must not be a
    # binary float).
    return re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)", r"mpf('\1')", expr)


def evaluate(expr, env):
    """The real value of expr at env, or None where it is not real."""
    scope = dict(FUNCS)
    scope.update(env)
    scope["pi"] = mp.pi
    scope["mpf"] = mpf
    try:
        v = eval(to_python(expr), {"__builtins__": {}}, scope)
    except (ZeroDivisionError, ValueError, OverflowError):
        return None
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            return None
        v = v.real
    if not isinstance(v, mpf) or not mp.isfinite(v):
        return None
    return v


def parse_domain(text):
    """(lo, lo_open, hi, hi_open), None for an infinite end."""
    text = text.strip().strip('"')
    if text == "real":
        return (None, True, None, True)
    if text == "positive":
        return (mpf(0), True, None, True)
    if text == "nonnegative":
        return (mpf(0), False, None, True)
    lo_open = text[0] == "("
    hi_open = text[-1] == ")"
    lo, hi = text[1:-1].split(",")
    lo = None if lo.strip() in ("-inf",) else evaluate(lo, {})
    hi = None if hi.strip() in ("inf",) else evaluate(hi, {})
    return (lo, lo_open, hi, hi_open)


def inside(v, dom):
    lo, lo_open, hi, hi_open = dom
    if lo is not None and (v < lo or (lo_open and v == lo)):
        return False
    if hi is not None and (v > hi or (hi_open and v == hi)):
        return False
    return True


def draw(dom, rng):
    lo, _, hi, _ = dom
    u = rng.random()
    if lo is not None and hi is not None:
        w = hi - lo
        if u < 0.6:
            return lo + w * mpf(rng.random())
        d = w * mpf(10) ** -rng.uniform(1, 30)
        return lo + d if u < 0.8 else hi - d
    scale = mpf(10) ** rng.uniform(-100, 100)
    if u < 0.4:
        scale = mpf(rng.uniform(-3, 3))
    if lo is not None:
        return lo + abs(scale)
    if hi is not None:
        return hi - abs(scale)
    return scale if rng.random() < 0.5 else -scale


def parse_row(line):
    verdict, symbols, where, link, witness = line.split("|")
    syms = {}
    for s in filter(None, (p.strip() for p in symbols.split(";"))):
        name, dom = s.split(":", 1)
        syms[name.strip()] = parse_domain(dom)
    wh = []
    for w in filter(None, (p.strip() for p in where.split(";"))):
        name, rest = w.split("=", 1)
        dom = None
        if " in " in rest:
            rest, d = rest.split(" in ")
            dom = d.strip()
        wh.append((name.strip(), rest.strip(), dom))
    left, right = link.split(" = ")
    wit = {}
    for p in filter(None, (q.strip() for q in witness.split(","))):
        name, val = p.split("=")
        val = val.strip()
        wit[name.strip()] = mpf(val) if "/" not in val else evaluate(val, {})
    return verdict, syms, wh, left, right, wit


def with_where(env, where, check_domains):
    env = dict(env)
    for name, definition, dom in where:
        try:
            v = evaluate(definition, env)
        except Unresolved:
            return None
        if v is None:
            return None
        if check_domains and dom and not inside(v, parse_domain(dom)):
            return None
        env[name] = v
    return env


def stable(expr, env):
    """expr's value, or None where it is not real, or "unresolved" when 500
    more digits change it by more than 10^-300 relative (cosh(x)^2 -
    sinh(x)^2 at x = 10^32 cancels more digits than any precision has)."""
    try:
        v = evaluate(expr, env)
        with mp.extradps(500):
            w = evaluate(expr, {k: +x for k, x in env.items()})
    except Unresolved:
        return "unresolved"
    if v is None or w is None:
        return None
    if abs(v - w) > PASS_TOL * max(mpf(1), abs(w)):
        return "unresolved"
    return v


def sides(left, right, env):
    """|left - right| relative to max(1, |left|, |right|), None where a
    side is not real, "unresolved" where the precision does not tell."""
    a, b = stable(left, env), stable(right, env)
    if a is None or b is None:
        return None
    if isinstance(a, str) or isinstance(b, str):
        return "unresolved"
    return abs(a - b) / max(mpf(1), abs(a), abs(b))


def check_fail(row):
    _, syms, where, left, right, wit = row
    if set(wit) != set(syms) or not all(inside(wit[s], syms[s])
                                        for s in syms):
        return "witness outside the symbols' domains"
    env = with_where(wit, where, True)
    if env is None:
        return "witness outside a where name's domain"
    d = sides(left, right, env)
    if d is None or d == "unresolved":
        return "a side is not real or not resolved at the witness"
    if d <= FAIL_TOL:
        return "the sides agree at the witness (%s)" % mpmath.nstr(d, 5)
    return None


def check_pass(row, rng):
    _, syms, where, left, right, _ = row
    valid = 0
    for _ in range(NPOINTS):
        env = {s: draw(d, rng) for s, d in syms.items()}
        env = with_where(env, where, False)
        if env is None:
            continue
        d = sides(left, right, env)
        if d is None or d == "unresolved":
            continue
        valid += 1
        if d > PASS_TOL:
            return "differ by %s at %s" % (
                mpmath.nstr(d, 5),
                {k: mpmath.nstr(v, 20) for k, v in env.items()})
    if valid < NPOINTS // 4:
        return "only %d points where both sides are real" % valid
    return None


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "links.txt"
    rng = random.Random(7)
    bad = 0
    n = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        n += 1
        row = parse_row(line)
        why = check_fail(row) if row[0] == "fail" else check_pass(row, rng)
        print("%s %s: %s" % ("ok" if why is None else "WRONG", row[0],
                             line.split("|")[3]) +
              ("" if why is None else " -- " + why))
        bad += why is not None
    print("%d rows, %d expectations wrong" % (n, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
