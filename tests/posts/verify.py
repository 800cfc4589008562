#!/usr/bin/env python3
"""Decide every link row of expected.txt with SymPy, without derivcheck:
both sides are SymPy expressions (where names substituted first, so a
derivative goes through them), a link holds when their difference
simplifies to 0 or, failing that, is below 1e-40 at 40 points drawn in
(0.1, 3); a rounded row holds when |left - right| is at most half a unit
in the right side's last place.  Prints a line per row, exits 1 when an
expected verdict is wrong."""
import random
import sys

import sympy

X, Y, W, B, U, T = sympy.symbols("x y w b u t")
BASE = {"x": X, "y": Y, "w": W, "b": B, "u": U, "t": T,
        "Rational": sympy.Rational}


def holds(left, right, free):
    d = sympy.simplify(left - right)
    if d == 0:
        return True
    rng = random.Random(1)
    for _ in range(40):
        pt = {s: sympy.Rational(rng.randint(1, 300), 100) for s in free}
        v = sympy.N(d.subs(pt), 60)
        if abs(v) > sympy.Float("1e-40"):
            return False
    return True


def main(path):
    where = {}
    bad = n = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("|")
        if f[1] == "where":
            name, expr = f[2].split("=", 1)
            names = dict(BASE, **where.get(f[0], {}))
            where.setdefault(f[0], {})[name] = sympy.sympify(expr, locals=names)
            continue
        if f[2] == "skip":
            continue
        names = dict(BASE)
        names.update(where.get(f[0], {}))
        left = sympy.sympify(f[3], locals=names).doit()
        if len(f) > 5 and f[5] == "rounded":
            k = len(f[4].split(".")[1])
            half = sympy.Rational(5, 10 ** (k + 1))
            got = abs(sympy.N(left, 60) - sympy.Rational(f[4])) <= half
        else:
            right = sympy.sympify(f[4], locals=names).doit()
            got = holds(left, right, (left - right).free_symbols)
        verdict = "pass" if got else "fail"
        n += 1
        ok = verdict == f[2]
        bad += not ok
        print("%s %s %s: %s" % ("ok" if ok else "WRONG", f[0], f[1], verdict))
    print("%d links, %d wrong" % (n, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "expected.txt"))
