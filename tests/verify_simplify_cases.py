#!/usr/bin/env python3
"""Check the expected-result table tests/data/simplify-cases.txt with SymPy.

Every line of the table is either a comment (starts with '#'), blank, or

    EXPR => EXPECTED
    where NAME: DEF[; NAME: DEF ...] | EXPR => EXPECTED

For each case the script establishes, independently of derivcheck, that
EXPECTED denotes the same function as EXPR:

  * symbolically: sympy.simplify(EXPR - EXPECTED) must be exactly 0;
  * numerically: at 5 random real points, evaluated with mpmath at 50
    significant digits under real-number semantics (log needs a positive
    argument, sqrt a non-negative one, no division by zero, ...), the two
    sides must agree.  Points where EXPR is undefined are redrawn; a point
    where EXPR is defined but EXPECTED is not counts as a failure (a result
    may not lose points of the input's domain).

It prints one line per failing case and finally "N passed, M failed"; the
exit status is 0 only when every case passes.

Usage: verify_simplify_cases.py [TABLE]   (default: data/simplify-cases.txt
next to this script)
"""

import os
import random
import re
import sys

import mpmath
import sympy

# ---------------------------------------------------------------------------
# Expression parser for the derivcheck syntax (SPEC.md section 3), producing
# SymPy expressions.  diff/pdiff are evaluated while parsing, with the Leibniz
# semantics: names that depend on the variable are expanded, the variable
# itself is held as an independent symbol even when it is a `where` name.
# ---------------------------------------------------------------------------

BUILTINS = {
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan,
    "erf": sympy.erf, "abs": sympy.Abs,
}
CONSTANTS = {"pi": sympy.pi, "e": sympy.E}

# The fixed global context of the table.
GLOBAL_FUNCTIONS_SRC = [
    ("sigma", ["x"], "1/(1 + exp(-x))"),
    ("softplus", ["x"], "log(1 + exp(x))"),
    ("swish", ["x"], "x*sigma(x)"),
    ("relu2", ["x"], "x^2"),
]

_SYMBOLS = {}


def sym(name):
    if name not in _SYMBOLS:
        _SYMBOLS[name] = sympy.Symbol(name, real=True)
    return _SYMBOLS[name]


class ParseError(Exception):
    pass


TOKEN_RE = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][A-Za-z_0-9]*)"
                      r"|(\*\*|[-+*/^(),\[\]]))")


def tokenize(text):
    pos, out = 0, []
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise ParseError("unexpected character %r at %d" % (text[pos], pos))
        pos = m.end()
        if m.group(1):
            out.append(("num", m.group(1)))
        elif m.group(2):
            out.append(("name", m.group(2)))
        else:
            out.append(("op", m.group(3)))
    out.append(("end", None))
    return out


class Context:
    """Functions (name -> (params, body)) and where names (name -> expr)."""

    def __init__(self, functions, where=None):
        self.functions = functions
        self.where = dict(where or {})
        self.where_syms = {sym(n): e for n, e in self.where.items()}

    def expand(self, expr, hold=None):
        """Substitute where names (recursively), except the held symbol."""
        subs = {s: e for s, e in self.where_syms.items() if s != hold}
        for _ in range(100):
            new = expr.xreplace(subs)
            if new == expr:
                return expr
            expr = new
        raise ParseError("where names are defined in a cycle")


class Parser:
    def __init__(self, text, ctx, params=None):
        self.toks = tokenize(text)
        self.i = 0
        self.ctx = ctx
        self.params = params or {}

    def peek(self):
        return self.toks[self.i]

    def take(self, kind=None, value=None):
        tok = self.toks[self.i]
        if (kind and tok[0] != kind) or (value and tok[1] != value):
            raise ParseError("expected %s, found %r" % (value or kind, tok[1]))
        self.i += 1
        return tok

    def is_op(self, *ops):
        tok = self.peek()
        return tok[0] == "op" and tok[1] in ops

    def parse(self):
        e = self.expr()
        if self.peek()[0] != "end":
            raise ParseError("trailing input at %r" % (self.peek()[1],))
        return e

    # expr := ['+'|'-'] term (('+'|'-') term)*
    def expr(self):
        sign = 1
        if self.is_op("+", "-"):
            sign = -1 if self.take()[1] == "-" else 1
        e = sign * self.term()
        while self.is_op("+", "-"):
            op = self.take()[1]
            t = self.term()
            e = e + t if op == "+" else e - t
        return e

    # term := factor (('*'|'/') factor)*
    def term(self):
        e = self.factor()
        while self.is_op("*", "/"):
            op = self.take()[1]
            f = self.factor()
            e = e * f if op == "*" else e / f
        return e

    # factor := '-' factor | power
    def factor(self):
        if self.is_op("-"):
            self.take()
            return -self.factor()
        return self.power()

    # power := primary [('^'|'**') factor]   (right-associative)
    def power(self):
        base = self.primary()
        if self.is_op("^", "**"):
            self.take()
            return base ** self.factor()
        return base

    def primary(self):
        kind, val = self.peek()
        if kind == "num":
            self.take()
            return sympy.Rational(val)          # exact, decimals included
        if kind == "op" and val in "([":
            self.take()
            e = self.expr()
            self.take("op", ")" if val == "(" else "]")
            return e
        if kind == "name":
            self.take()
            if self.is_op("("):
                return self.call(val)
            return self.name(val)
        raise ParseError("unexpected %s" % ("end of input" if kind == "end" else repr(val)))

    def name(self, n):
        if n in self.params:
            return self.params[n]
        if n in self.ctx.where:
            return sym(n)                      # expanded lazily
        if n in CONSTANTS:
            return CONSTANTS[n]
        return sym(n)

    def args(self):
        self.take("op", "(")
        out = [self.expr()]
        while self.is_op(","):
            self.take()
            out.append(self.expr())
        self.take("op", ")")
        return out

    def call(self, n):
        if n in ("diff", "pdiff"):
            return self.derivative()
        args = self.args()
        if n in self.ctx.functions:
            params, body = self.ctx.functions[n]
            if len(args) != len(params):
                raise ParseError("%s takes %d argument(s)" % (n, len(params)))
            # The body was parsed with its parameters as placeholder symbols;
            # substitute simultaneously.
            return body.xreplace(dict(zip(params, args)))
        if n in BUILTINS:
            if len(args) != 1:
                raise ParseError("%s takes one argument" % n)
            return BUILTINS[n](args[0])
        raise ParseError("unknown function %s" % n)

    def derivative(self):
        self.take("op", "(")
        e = self.expr()
        self.take("op", ",")
        kind, var = self.take("name")
        order = 1
        if self.is_op(","):
            self.take()
            order = int(self.take("num")[1])
        self.take("op", ")")
        v = sym(var)
        # Leibniz: expand every where name except the variable itself.
        held = self.ctx.expand(e, hold=v)
        d = sympy.diff(held, v, order)
        return self.ctx.expand(d)


def build_functions():
    funcs = {}
    base = Context(funcs)
    for name, params, body in GLOBAL_FUNCTIONS_SRC:
        placeholders = [sympy.Dummy(p, real=True) for p in params]
        p = Parser(body, base, params=dict(zip(params, placeholders)))
        funcs[name] = (placeholders, p.parse())
    return funcs


FUNCTIONS = build_functions()


def parse_case(line):
    """Return (where dict of source strings, expr text, expected text)."""
    where_src = {}
    rest = line
    if rest.startswith("where "):
        head, sep, rest = rest[len("where "):].partition("|")
        if not sep:
            raise ParseError("'where' without '|'")
        for part in head.split(";"):
            name, sep, definition = part.partition(":")
            name = name.strip()
            if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", name):
                raise ParseError("bad where definition %r" % part.strip())
            where_src[name] = definition.strip()
    lhs, sep, rhs = rest.partition("=>")
    if not sep or "=>" in rhs:
        raise ParseError("a case needs exactly one '=>'")
    return where_src, lhs.strip(), rhs.strip()


def build_case(where_src, lhs, rhs):
    ctx = Context(FUNCTIONS, {n: None for n in where_src})
    where = {}
    for n, src in where_src.items():
        where[n] = Parser(src, ctx).parse()
    ctx = Context(FUNCTIONS, where)
    expr = ctx.expand(Parser(lhs, ctx).parse())
    expected = ctx.expand(Parser(rhs, ctx).parse())
    return expr, expected


# ---------------------------------------------------------------------------
# Real-valued evaluation with mpmath
# ---------------------------------------------------------------------------

class Undefined(Exception):
    pass


def _real(v):
    if isinstance(v, mpmath.mpc):
        raise Undefined("complex value")
    if not mpmath.isfinite(v):
        raise Undefined("not finite")
    return v


def evaluate(e, env):
    if e.is_Symbol:
        return env[e]
    if e.is_Integer or e.is_Rational:
        return mpmath.mpf(e.p) / e.q
    if e.is_Float:
        return mpmath.mpf(str(e))
    if e is sympy.pi:
        return +mpmath.pi
    if e is sympy.E:
        return mpmath.e + 0
    if e.is_Add:
        return _real(mpmath.fsum(evaluate(a, env) for a in e.args))
    if e.is_Mul:
        r = mpmath.mpf(1)
        for a in e.args:
            r *= evaluate(a, env)
        return _real(r)
    if e.is_Pow:
        b = evaluate(e.base, env)
        x = e.exp
        if x.is_Integer:
            n = int(x)
            if n < 0 and b == 0:
                raise Undefined("division by zero")
            return _real(b ** n)
        xv = evaluate(x, env)
        if b < 0:
            raise Undefined("non-integer power of a negative number")
        if b == 0:
            if xv > 0:
                return mpmath.mpf(0)
            raise Undefined("0 to a non-positive power")
        return _real(mpmath.power(b, xv))
    f = e.func
    if len(e.args) != 1:
        raise ValueError("cannot evaluate %s" % f)
    a = evaluate(e.args[0], env)
    if f is sympy.exp:
        return _real(mpmath.exp(a))
    if f is sympy.log:
        if a <= 0:
            raise Undefined("log of a non-positive number")
        return mpmath.log(a)
    if f is sympy.sin:
        return mpmath.sin(a)
    if f is sympy.cos:
        return mpmath.cos(a)
    if f is sympy.tan:
        if mpmath.cos(a) == 0:
            raise Undefined("tan at a pole")
        return _real(mpmath.tan(a))
    if f is sympy.sinh:
        return mpmath.sinh(a)
    if f is sympy.cosh:
        return mpmath.cosh(a)
    if f is sympy.tanh:
        return mpmath.tanh(a)
    if f in (sympy.asin, sympy.acos):
        if abs(a) > 1:
            raise Undefined("asin/acos outside [-1, 1]")
        return mpmath.asin(a) if f is sympy.asin else mpmath.acos(a)
    if f is sympy.atan:
        return mpmath.atan(a)
    if f is sympy.erf:
        return mpmath.erf(a)
    if f is sympy.Abs:
        return abs(a)
    if f is sympy.sign:
        return mpmath.sign(a)
    if f is sympy.sec:
        return _real(1 / mpmath.cos(a))
    if f is sympy.csc:
        return _real(1 / mpmath.sin(a))
    if f is sympy.cot:
        return _real(1 / mpmath.tan(a))
    raise ValueError("cannot evaluate %s" % f)


DIGITS = 50
POINTS = 5
MAX_TRIES = 20000


def random_point(symbols, rng):
    env = {}
    for s in symbols:
        # a 60-digit random number in (-3, 3); a second scale now and then
        # so that small magnitudes are also exercised
        scale = 3 if rng.random() < 0.8 else 1
        frac = mpmath.mpf(rng.getrandbits(200)) / mpmath.mpf(2) ** 200
        env[s] = (2 * frac - 1) * scale
    return env


def check_numeric(expr, expected, rng):
    symbols = sorted(expr.free_symbols | expected.free_symbols, key=str)
    good = 0
    tries = 0
    with mpmath.workdps(DIGITS + 10):
        while good < POINTS:
            tries += 1
            if tries > MAX_TRIES:
                return "found only %d of %d points where the input is defined" % (good, POINTS)
            env = random_point(symbols, rng)
            try:
                a = evaluate(expr, env)
            except (Undefined, ZeroDivisionError):
                continue
            try:
                b = evaluate(expected, env)
            except (Undefined, ZeroDivisionError) as err:
                pt = ", ".join("%s=%s" % (k, mpmath.nstr(v, 8)) for k, v in env.items())
                return "expected side undefined (%s) where input is defined: %s" % (err, pt)
            tol = mpmath.mpf(10) ** (-(DIGITS - 5)) * max(1, abs(a), abs(b))
            if abs(a - b) > tol:
                pt = ", ".join("%s=%s" % (k, mpmath.nstr(v, 8)) for k, v in env.items())
                return "numeric mismatch at %s: %s vs %s" % (
                    pt, mpmath.nstr(a, 20), mpmath.nstr(b, 20))
            good += 1
    return None


def check_symbolic(expr, expected):
    d = sympy.simplify(expr - expected)
    if d == 0:
        return None
    return "sympy.simplify(EXPR - EXPECTED) = %s" % (d,)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    path = argv[1] if len(argv) > 1 else os.path.join(here, "data", "simplify-cases.txt")
    rng = random.Random(20240917)
    passed = failed = 0
    with open(path, encoding="utf-8") as fh:
        lines = fh.readlines()
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        problems = []
        try:
            where_src, lhs, rhs = parse_case(line)
            expr, expected = build_case(where_src, lhs, rhs)
        except (ParseError, ValueError) as err:
            problems.append("parse error: %s" % err)
        else:
            try:
                p = check_symbolic(expr, expected)
                if p:
                    problems.append(p)
                p = check_numeric(expr, expected, rng)
                if p:
                    problems.append(p)
            except ValueError as err:
                problems.append(str(err))
        if problems:
            failed += 1
            print("FAIL line %d: %s  --  %s" % (lineno, line, "; ".join(problems)))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
