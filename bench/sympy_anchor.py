#!/usr/bin/env python3
"""The SymPy anchor of make bench (bench/ginac_anchor.cc does the same).

    sympy_anchor.py post bench/post-links.txt
        every link of the file (specs/bce.yaml's 32): both sides evaluated
        at 32 points by mpmath with 78 significant digits (about 259 bits;
        derivcheck checks at 256), equal when they agree to 1e-60
        relative.  Exit 0 when all pass, 1 otherwise.
    sympy_anchor.py net W L
        the sigmoid network of bench/gen_network.py: L built from its
        definitions, its gradient by every parameter computed symbolically
        and evaluated once, at one point, with 78 digits.  Prints the
        number of parameters and the sum of the gradient (the GiNaC anchor
        must print the same sum).

Points come from the 64-bit LCG below (k / 2^53, exact in mpmath), so
that both anchors evaluate at the same points.  The time of the work
alone (without starting Python and importing SymPy) goes to stderr as
"work-seconds: T".
"""
import sys
import time

import mpmath
import sympy as sp

DIGITS = 78
mpmath.mp.dps = DIGITS
TOL = mpmath.mpf("1e-60")


class Lcg:
    """The same generator as ginac_anchor.cc: u in [0, 1) as k / 2^53."""

    def __init__(self, seed=1):
        self.s = seed

    def uniform(self, lo, hi, open_ends):
        while True:
            self.s = (self.s * 6364136223846793005 + 1442695040888963407) \
                % (1 << 64)
            k = self.s >> 11
            if not (open_ends and k == 0):
                break
        return lo + (hi - lo) * mpmath.mpf(k) / (1 << 53)


def sigma(t):
    return 1 / (1 + sp.exp(-t))


def bce(y, p):
    return -y * sp.log(p) - (1 - y) * sp.log(1 - p)


FUNCS = {"D": lambda e, v: sp.diff(e, v), "sigma": sigma,
         "f": lambda t: 1 / sigma(t), "Lbce": bce,
         "exp": sp.exp, "log": sp.log}


def read_blocks(path):
    """The blocks of a links file: symbols, where pairs, requires, links."""
    blocks = []
    for raw in open(path):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word == "block":
            blocks.append({"syms": [], "where": [], "require": [],
                           "links": []})
        elif word == "sym":
            name, lo, hi, op = rest.split()
            blocks[-1]["syms"].append((name, lo, hi, op == "1"))
        elif word == "where":
            name, _, expr = rest.partition("=")
            blocks[-1]["where"].append((name.strip(), expr.strip()))
        elif word == "require":
            name, lo, hi = rest.split()
            blocks[-1]["require"].append((name, lo, hi))
        elif word == "link":
            lhs, _, rhs = rest.partition(";")
            blocks[-1]["links"].append((lhs.strip(), rhs.strip()))
        else:
            sys.exit("%s: unknown line: %s" % (path, line))
    return blocks


def numeric(args, expr):
    """expr as a function of args evaluated by mpmath at DIGITS digits
    (lambdify, SymPy's own way to evaluate an expression many times;
    with common subexpressions shared, which makes the (4,3) gradient
    evaluate in 7 s instead of 75 s)."""
    return sp.lambdify(args, expr, modules="mpmath", cse=True)


def check_post(path):
    rng = Lcg()
    passed = total = 0
    for blk in read_blocks(path):
        names = {n: sp.Symbol(n) for n, _, _, _ in blk["syms"]}
        for n, _ in blk["where"]:
            names.setdefault(n, sp.Symbol(n))
        local = dict(FUNCS, **names)

        def parse(text):
            return sp.sympify(text, locals=local)

        where = [(names[n], parse(e)) for n, e in blk["where"]]

        def subst(e):
            for s, v in where:
                e = e.subs(s, v)
            return e

        args = [names[n] for n, _, _, _ in blk["syms"]]
        required = [(numeric(args, subst(names[n])), int(lo), int(hi))
                    for n, lo, hi in blk["require"]]
        for lhs, rhs in blk["links"]:
            left = numeric(args, subst(parse(lhs)))
            right = numeric(args, subst(parse(rhs)))
            good = 0
            while good < 32:
                pt = [rng.uniform(int(lo), int(hi), op)
                      for _, lo, hi, op in blk["syms"]]
                if any(not (lo < e(*pt) < hi) for e, lo, hi in required):
                    continue
                lv, rv = left(*pt), right(*pt)
                scale = max(1, abs(lv), abs(rv))
                if abs(lv - rv) > TOL * scale:
                    print("link fails: %s = %s at %s" % (lhs, rhs, pt))
                    break
                good += 1
            total += 1
            passed += good == 32
    print("links: %d, passed: %d" % (total, passed))
    return 0 if passed == total else 1


def network(w, depth):
    """L and the parameters of gen_network.py's W x depth network."""
    syms = {}

    def s(name):
        return syms.setdefault(name, sp.Symbol(name))

    params = []
    prev = [s("x_%d" % j) for j in range(1, w + 1)]
    for l in range(1, depth + 1):
        cur = []
        for i in range(1, w + 1):
            ws = [s("w_%d_%d_%d" % (l, i, j)) for j in range(1, w + 1)]
            bias = s("b_%d_%d" % (l, i))
            params += ws + [bias]
            cur.append(sigma(sum(wk * ak for wk, ak in zip(ws, prev)) + bias))
        prev = cur
    vs = [s("v_%d" % j) for j in range(1, w + 1)]
    params += vs + [s("c")]
    yhat = sigma(sum(vk * ak for vk, ak in zip(vs, prev)) + s("c"))
    return bce(s("y"), yhat), params, syms


def check_network(w, depth):
    loss, params, syms = network(w, depth)
    rng = Lcg()
    # y in [0, 1], every other symbol in [-2, 2], drawn in name order.
    names = sorted(syms)
    pt = [rng.uniform(0, 1, False) if n == "y" else rng.uniform(-2, 2, False)
          for n in names]
    grad = [sp.diff(loss, p) for p in params]
    values = numeric([syms[n] for n in names], grad)(*pt)
    print("parameters: %d" % len(params))
    print("gradient-sum: %s" % mpmath.nstr(mpmath.fsum(values), 70))
    return 0


def main(argv):
    start = time.perf_counter()
    if len(argv) == 3 and argv[1] == "post":
        status = check_post(argv[2])
    elif len(argv) == 4 and argv[1] == "net":
        status = check_network(int(argv[2]), int(argv[3]))
    else:
        sys.exit("usage: sympy_anchor.py post FILE | net W L")
    sys.stderr.write("work-seconds: %.6f\n" % (time.perf_counter() - start))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
