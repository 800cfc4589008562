#!/usr/bin/env python3
"""Feed derivcheck hostile inputs and say which ones it handles badly.

    hostile.py DERIVCHECK [--quick] [--class NAME]... [--list] [--keep DIR]

Each class below writes inputs of growing size (up to the 4 MiB input
limit) that stress one part of derivcheck: deep nesting, long where
chains, many blocks, long names, many symbols, wide sums, large powers,
composed user functions, derive: blocks of big expressions, high
derivative orders, long LaTeX posts, text with markup, and odd YAML
(anchors, merge keys, tags, several documents, flow/block mixes, byte
order marks, CRLF, tabs).  Each case knows what a right answer is:

    pass   the claim is true: exit 0, or an error with its position (2)
    fail   the claim is false: exit 1, or an error with its position (2)
    error  the input is bad: exit 2 with file:line:col
    any    exit 0, 1, or 2 with a position

Every run is limited to 20 s (timeout) and measured with /usr/bin/time.
A case is BAD when derivcheck crashes (a signal, exit 3), runs out the
20 s, takes more than 10 s, uses more than 1 GiB, exits 2 without a
position, or gives a verdict the case rules out (a false claim that
passes: a vacuous pass).  The table at the end has each class's worst
time and memory; the exit status is 1 when a case was BAD.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

LIMIT_BYTES = 4 << 20
TIME_BUDGET = 10.0
MEM_BUDGET_KB = 1 << 20
TIMEOUT = 20

CLASSES = []


def hostile(name):
    def register(fn):
        CLASSES.append((name, fn))
        return fn
    return register


def spec(chains, extra="", block_extra=""):
    """A spec with one block holding `chains` (lists of strings)."""
    out = ["derivcheck: 1", extra.rstrip("\n"), "sections:", "  - blocks:",
           "      - " + (block_extra + "\n        " if block_extra else "")
           + "chains:"]
    for ch in chains:
        out.append("          - [" + ", ".join(q(e) for e in ch) + "]")
    return "\n".join(x for x in out if x != "") + "\n"


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def case(name, text, expect, args=(), fname="spec.yaml"):
    return {"name": name, "files": {fname: text}, "expect": expect,
            "args": list(args) + [fname]}


def sizes(seq, quick):
    return seq[:2] if quick else seq


# ---- the classes ----

@hostile("deep-nesting")
def deep_nesting(quick):
    for n in sizes([100, 255, 300, 5000, 200000], quick):
        e = "(" * n + "x" + ")" * n
        yield case("parens-%d" % n, spec([[e, "x"]]), "pass")
        yield case("minus-%d" % n, spec([["-" * n + "x",
                                          "x" if n % 2 == 0 else "-x"]]),
                   "pass")
        yield case("calls-%d" % n,
                   spec([["exp(" * n + "0" + ")" * n, "exp(" * n + "0" + ")" * n]]),
                   "any")
    for n in sizes([60, 70, 1000, 100000], quick):
        yield case("yaml-flow-%d" % n, "sections: " + "[" * n + "]" * n + "\n",
                   "error")
        if n <= 2000:           # the text grows with the square of n
            body = "".join("  " * i + "- \n" for i in range(n))
            yield case("yaml-block-%d" % n, "sections:\n" + body, "error")


@hostile("where-chains")
def where_chains(quick):
    for n in sizes([100, 1000, 10000, 100000], quick):
        w = ["a0: x"] + ["a%d: a%d + 1" % (i, i - 1) for i in range(1, n)]
        block = "where: {" + ", ".join(w) + "}"
        yield case("linear-%d" % n, spec([["a%d" % (n - 1), "x + %d" % (n - 1)]],
                                         block_extra=block), "pass")
        yield case("linear-wrong-%d" % n,
                   spec([["a%d" % (n - 1), "x + %d" % n]], block_extra=block),
                   "fail")
        w = ["a0: x"] + ["a%d: a%d*a%d" % (i, i - 1, i - 1) for i in range(1, n)]
        block = "where: {" + ", ".join(w) + "}"
        yield case("squaring-%d" % n, spec([["a%d" % (n - 1), "a%d" % (n - 1)]],
                                           block_extra=block), "any")
        d = ["  d0: x"] + ["  d%d: sin(d%d)" % (i, i - 1) for i in range(1, n)]
        yield case("definitions-%d" % n,
                   spec([["diff(d%d, x)" % (n - 1), "diff(d%d, x)" % (n - 1)]],
                        extra="definitions:\n" + "\n".join(d)), "pass")


@hostile("many-blocks")
def many_blocks(quick):
    for n in sizes([100, 1000, 10000, 60000], quick):
        blocks = "".join('      - chains: [["sin(x%d)^2 + cos(x%d)^2", "1"]]\n'
                         % (i, i) for i in range(n))
        yield case("identities-%d" % n,
                   "sections:\n  - blocks:\n" + blocks, "pass")
        blocks = "".join('      - chains: [["exp(x)*exp(-x) + %d", "%d"]]\n'
                         % (i, i) for i in range(n))
        yield case("sections-%d" % n, "sections:\n" + "".join(
            "  - title: s%d\n    blocks:\n" % i + '      - chains: [["x%d", "x%d"]]\n'
            % (i, i) for i in range(n)), "pass")
        wrong = blocks + '      - chains: [["exp(x)*exp(-x)", "2"]]\n'
        yield case("last-wrong-%d" % n,
                   "sections:\n  - blocks:\n" + wrong, "fail")
    for n in sizes([1000, 20000, 100000], quick):
        chains = [["x%d + 1" % i, "1 + x%d" % i] for i in range(n)]
        yield case("chains-in-one-block-%d" % n, spec(chains), "pass")
        chains = [["sin(x)^2 + %d" % i, "1 - cos(x)^2 + %d" % i] for i in range(n)]
        yield case("shared-symbol-chains-%d" % n, spec(chains), "pass")


@hostile("long-names")
def long_names(quick):
    for n in sizes([1000, 60000, 65536, 1000000, 4000000], quick):
        name = "x" * n
        yield case("symbol-%d" % n, spec([[name + " + 0", name]]), "pass")
        yield case("key-%d" % n, "sections:\n  - blocks:\n      - %s: 1\n" % name,
                   "error")
        yield case("title-%d" % n,
                   "title: %s\n" % name + spec([["x", "x"]]), "pass",
                   args=["--emit=latex"])
        yield case("function-%d" % n,
                   spec([["%s(x)" % name, "x^2"]],
                        extra="functions:\n  %s(t): t^2" % name), "pass")


@hostile("many-symbols")
def many_symbols(quick):
    for n in sizes([1000, 10000, 100000], quick):
        syms = "symbols:\n" + "".join('  s%d: {domain: "[-1, 1]"}\n' % i
                                       for i in range(n))
        yield case("declared-%d" % n, spec([["s0 + s1", "s1 + s0"]], extra=syms),
                   "pass")
    for n in sizes([100, 1000, 4000, 16000], quick):
        s = " + ".join("s%d" % i for i in range(n))
        yield case("used-in-one-link-%d" % n, spec([[s, s + " + 0"]]), "pass")
        p = "*".join("(1 + s%d^2)" % i for i in range(min(n, 3900)))
        yield case("product-%d" % n, spec([["log(%s)" % p, "log(%s)" % p]]),
                   "pass")
        yield case("near-misses-%d" % n,
                   spec([["s%d" % i, "s%d" % i] for i in range(n)],
                        extra="symbols:\n" + "".join(
                            "  s%dx: {}\n" % i for i in range(n))), "pass")


@hostile("networks")
def networks(quick):
    """Backprop specs of bench/gen_network.py: right, one chain wrong, and
    every chain wrong (each right side doubled: every failure shows the
    whole point, once cost n^2 in links)."""
    import re
    gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "bench", "gen_network.py")
    for w, l in sizes([(4, 3), (8, 4), (16, 4), (24, 4)], quick):
        right = subprocess.run([sys.executable, gen, str(w), str(l)],
                               capture_output=True, text=True).stdout
        wrong = subprocess.run([sys.executable, gen, str(w), str(l),
                                "--wrong"], capture_output=True,
                               text=True).stdout
        doubled = re.sub(r'(- "pdiff\(L, [a-z_0-9]*\) = )', r"\g<1>2*",
                         right)
        yield case("right-%dx%d" % (w, l), right, "pass")
        yield case("one-wrong-%dx%d" % (w, l), wrong, "fail")
        yield case("all-wrong-%dx%d" % (w, l), doubled, "fail")


@hostile("wide-sums")
def wide_sums(quick):
    for n in sizes([1000, 3999, 4001, 100000], quick):
        s = " + ".join(["x"] * n)
        yield case("flat-%d" % n, spec([[s, "%d*x" % n]]), "pass")
        yield case("flat-wrong-%d" % n, spec([[s, "%d*x" % (n + 1)]]), "fail")
    for depth in sizes([10, 14, 16, 18], quick):
        t = "x"
        for _ in range(depth):
            t = "(" + t + " + " + t + ")"
            if len(t) > LIMIT_BYTES:
                break
        yield case("balanced-2^%d" % depth, spec([[t, "%d*x" % (2 ** depth)]]),
                   "pass")
    for n in sizes([100, 1000, 3000], quick):
        s = " + ".join("sin(%d*x)" % i for i in range(n))
        yield case("distinct-terms-%d" % n, spec([[s, s]]), "pass")
        s = " + ".join("x^%d" % i for i in range(n))
        yield case("polynomial-%d" % n,
                   spec([["(%s)*(x - 1)" % s, "x^%d - 1" % n]]), "pass")


@hostile("large-powers")
def large_powers(quick):
    for d in sizes([10, 100, 999, 1000, 1001, 100000], quick):
        big = "9" * d
        yield case("exponent-digits-%d" % d, spec([["x^%s" % big, "x^%s" % big]]),
                   "any")
        yield case("literal-%d" % d, spec([["%s + x - %s" % (big, big), "x"]]),
                   "pass")
        yield case("literal-wrong-%d" % d,
                   spec([["%s + x - %s" % (big, big), "x + 1/%s" % big]]),
                   "fail")
        yield case("tiny-%d" % d, spec([["x*1e-%s" % big, "x*1e-%s" % big]]),
                   "any")
    for n in sizes([50, 200, 1000, 100000], quick):
        yield case("binomial-%d" % n,
                   spec([["(x + y)^%d" % n, "(y + x)^%d" % n]]), "pass")
        yield case("trinomial-%d" % n,
                   spec([["(x + y + z)^%d - (x + y + z)^%d" % (n, n), "0"]]),
                   "pass")
        yield case("rational-%d" % n,
                   spec([["(1 + 1/x)^%d*x^%d" % (n, n), "(x + 1)^%d" % n]]),
                   "pass")
        yield case("rational-wrong-%d" % n,
                   spec([["(1 + 1/x)^%d*x^%d" % (n, n), "(x + 1)^%d + 1" % n]]),
                   "fail")
    yield case("tower", spec([["2^2^2^2^2", "2^65536"]]), "pass")
    yield case("tower-5", spec([["2^2^2^2^2^2", "2^2^2^2^2^2"]]), "any")
    yield case("exp-tower", spec([["exp(exp(exp(exp(x))))",
                                   "exp(exp(exp(exp(x))))"]]), "pass")


@hostile("user-functions")
def user_functions(quick):
    for k in sizes([5, 10, 15, 25], quick):
        f = ["  f0(x): x + 1"] + ["  f%d(x): f%d(f%d(x))" % (i, i - 1, i - 1)
                                  for i in range(1, k + 1)]
        yield case("compose-%d" % k, spec([["f%d(x)" % k, "x + %d" % (2 ** k)]],
                                          extra="functions:\n" + "\n".join(f)),
                   "pass")
        f = ["  f0(x, y): x*y"] + [
            "  f%d(x, y): f%d(x + y, x - y) + f%d(y, x)" % (i, i - 1, i - 1)
            for i in range(1, k + 1)]
        yield case("two-args-%d" % k, spec([["f%d(a, b)" % k, "f%d(a, b)" % k]],
                                           extra="functions:\n" + "\n".join(f)),
                   "any")
        f = ["  g0(x): sin(x)"] + ["  g%d(x): g%d(x)*g%d(x + 1)" % (i, i - 1, i - 1)
                                   for i in range(1, k + 1)]
        yield case("doubling-%d" % k, spec([["diff(g%d(x), x)" % k,
                                             "diff(g%d(x), x)" % k]],
                                           extra="functions:\n" + "\n".join(f)),
                   "any")
    for n in sizes([100, 1000, 10000], quick):
        f = "".join("  h%d(t): t + %d\n" % (i, i) for i in range(n))
        chain = "+".join("h%d(x)" % i for i in range(min(n, 3000)))
        yield case("many-functions-%d" % n,
                   spec([[chain, chain]], extra="functions:\n" + f), "pass")


@hostile("derive-blocks")
def derive_blocks(quick):
    exprs = [
        "diff(" + "*".join("(x + %d)" % i for i in range(1, 40)) + ", x)",
        "diff(" + "/".join("(1 + exp(-%d*x))" % i for i in range(1, 30)) + ", x)",
        "diff(" + "(x^2 + 1)^50*(x^3 - x)^40" + ", x)",
        "diff(" + " + ".join("sin(x)^%d" % i for i in range(1, 200)) + ", x)",
        "diff(diff(diff(" + "log(1 + x^2)*exp(sin(x))" + ", x), x), x)",
        "diff(" + "sqrt(" * 60 + "x" + ")" * 60 + ", x)",
        "pdiff(" + "*".join("(w%d*x + b%d)" % (i, i) for i in range(50)) + ", w7)",
    ]
    for i, e in enumerate(exprs[:3] if quick else exprs):
        yield case("derive-%d" % i,
                   "sections:\n  - blocks:\n      - derive: %s\n" % q(e), "pass")
    for n in sizes([10, 100, 1000], quick):
        blocks = "".join("      - derive: %s\n" % q(
            "diff(sin(x)^%d*exp(x), x)" % i) for i in range(n))
        yield case("many-derives-%d" % n, "sections:\n  - blocks:\n" + blocks,
                   "pass")
    yield case("derive-option", "", "pass",
               args=["--derive=" + exprs[0]], fname="unused.yaml")


@hostile("diff-orders")
def diff_orders(quick):
    base = "(x + 1)^x^x"
    for n in sizes([4, 8, 9, 100], quick):
        yield case("order-%d" % n, spec([["diff(%s, x, %d)" % (base, n),
                                          "diff(%s, x, %d)" % (base, n)]]), "any")
        yield case("primes-%d" % n,
                   spec([["f" + "'" * n + "(x)", "f" + "'" * n + "(x)"]],
                        extra="functions:\n  f(t): exp(t)*sin(t)"), "any")
    for k in sizes([2, 3, 4, 6], quick):
        e = "exp(x*y)*sin(x + y)"
        for _ in range(k):
            e = "diff(diff(%s, x, 8), y, 8)" % e
        yield case("nested-%d" % k, spec([[e, e]]), "any")
    for n in sizes([10, 40, 100], quick):
        e = "exp(" + " + ".join("v%d^2" % i for i in range(n)) + ")"
        for i in range(n):
            e = "pdiff(%s, v%d)" % (e, i)
        yield case("many-variables-%d" % n, spec([[e, e]]), "any")
    blocks = "".join('      - chains: [["diff(diff(diff((x + %d)^x^x^x^x, x, 8), '
                     'x, 8), x, 8)", "0"]]\n' % i for i in range(40))
    yield case("issue-40-blocks", "sections:\n  - blocks:\n" + blocks, "any")


@hostile("latex-posts")
def latex_posts(quick):
    for n in sizes([100, 10000, 200000], quick):
        rows = "".join("$$\n\\frac{d}{dx} x^{%d} = %d x^{%d}\n$$\n\n" % (i + 2, i + 2, i + 1)
                       for i in range(n))
        text = "# post\n\n" + rows
        if len(text) <= LIMIT_BYTES + 1000:
            yield case("displays-%d" % n, text, "pass", fname="post.md")
    for n in sizes([100, 2000, 20000], quick):
        s = " + ".join("x" for _ in range(n))
        yield case("wide-row-%d" % n, "$$\n%s = %d x\n$$\n" % (s, n), "pass",
                   fname="post.md")
        yield case("frac-nest-%d" % n,
                   "$$\n" + "\\frac{1}{" * n + "x" + "}" * n + " = y\n$$\n",
                   "any", fname="post.md")
        yield case("left-nest-%d" % n,
                   "$$\n" + "\\left(" * n + "x" + "\\right)" * n + " = x\n$$\n",
                   "any", fname="post.md")
    yield case("unterminated", "$$\nx = x\n" * 100000, "any", fname="post.md")
    yield case("align-many", "\\begin{align}\n" + "x &= x \\\\\n" * 100000
               + "\\end{align}\n", "any", fname="post.md")
    yield case("front-matter", "---\nderivcheck:\n  functions: {" +
               ", ".join("f%d(t): t" % i for i in range(20000)) + "}\n---\n"
               "$$\nf1(x) = x\n$$\n", "any", fname="post.md")


@hostile("text-markup")
def text_markup(quick):
    payloads = {
        "emphasis": "*" * 100000 + "a" + "*" * 100000,
        "brackets": "[" * 100000 + "a" + "]" * 100000,
        "backticks": "`" * 200000,
        "lists": "".join("  " * (i % 200) + "- item\n" for i in range(20000)),
        "quotes": ">" * 50000 + " deep",
        "math": "$" + "\\frac{1}{" * 5000 + "x" + "}" * 5000 + "$",
        "html": "<div>" * 50000 + "x" + "</div>" * 50000,
        "links": "[a](" * 30000 + "x" + ")" * 30000,
        "table": "|a" * 50000 + "|\n" + "|-" * 50000 + "|\n",
    }
    for cmd in ("\\input{/etc/passwd}", "\\write18{ls}", "\\catcode`\\^=7",
                "^^5cinput", "\\csname input\\endcsname"):
        text = ("sections:\n  - blocks:\n      - text: %s\n"
                "      - chains: [[\"x\", \"x\"]]\n" % q("$" + cmd + "$"))
        yield case("forbidden-" + re.sub(r"[^a-z0-9]+", "", cmd)[:12], text,
                   "error", args=["--emit=latex"])
    for name, p in payloads.items():
        if quick and name not in ("emphasis", "math"):
            continue
        text = "sections:\n  - blocks:\n      - text: %s\n      - chains: [[\"x\", \"x\"]]\n" % q(p)
        for emit in ("--emit=latex", "--emit=markdown", "--emit=json"):
            yield case("%s%s" % (name, emit[6:].replace("=", "-")), text, "any",
                       args=[emit])


@hostile("odd-yaml")
def odd_yaml(quick):
    ok = '"x + 0", "x"'
    cases = {
        "anchor-alias": "a: &a [1]\nsections: *a\n",
        "merge-key": "base: &b {chains: [[%s]]}\nsections:\n  - blocks:\n      - <<: *b\n" % ok,
        "tags": "sections: !!seq\n  - blocks:\n      - chains: !custom [[%s]]\n" % ok,
        "str-tag": "sections:\n  - blocks:\n      - chains: [[!!str %s]]\n" % ok,
        "two-documents": "sections:\n  - blocks:\n      - chains: [[%s]]\n---\nsections: []\n" % ok,
        "document-end": "sections:\n  - blocks:\n      - chains: [[%s]]\n...\n" % ok,
        "flow-block-mix": "sections: [{blocks: [\n  {chains: [[%s]]}]}]\n" % ok,
        "bom": "\ufeffsections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "bom-twice": "\ufeff\ufeffsections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "crlf": "sections:\r\n  - blocks:\r\n      - chains: [[%s]]\r\n" % ok,
        "cr-only": "sections:\r  - blocks:\r      - chains: [[%s]]\r" % ok,
        "tabs-indent": "sections:\n\t- blocks:\n\t\t- chains: [[%s]]\n" % ok,
        "tab-in-flow": "sections: [\t{blocks: [{chains: [[%s]]}]}]\n" % ok,
        "complex-key": "? [a, b]\n: 1\nsections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "block-scalar": "sections:\n  - blocks:\n      - chains:\n          - - |2-\n                x + 0\n            - >\n              x\n",
        "folded-expr": "sections:\n  - blocks:\n      - chains:\n          - - >-\n              x +\n              0\n            - x\n",
        "null-values": "sections:\n  - blocks:\n      - chains: [[~, null]]\n",
        "bool-keys": "sections:\n  - blocks:\n      - chains: [[%s]]\n        yes: no\n" % ok,
        "directive": "%%YAML 1.2\n%%TAG ! tag:x,2000:\n---\nsections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "utf16": "\ufeffsections: []\n".encode("utf-16").decode("latin-1"),
        "nul-byte": "sections:\n  - blocks:\n      - chains: [[\"x\0\", \"x\"]]\n",
        "escapes": "sections:\n  - blocks:\n      - chains: [[\"x\\u0000\", \"x\\e\"]]\n",
        "only-comments": "# nothing\n" * 1000,
        "empty": "",
        "huge-int-key": "derivcheck: " + "9" * 100000 + "\nsections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "negative-version": "derivcheck: -1\nsections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "float-precision": "check: {precision: 256.5}\nsections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "hex-samples": "check: {samples: 0x10}\nsections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "many-keys": "symbols:\n" + "".join("  k%d: {}\n" % i for i in range(100000)) + "sections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "duplicate-keys": "symbols:\n" + "  k: {}\n" * 50000 + "sections:\n  - blocks:\n      - chains: [[%s]]\n" % ok,
        "long-line": "sections: [{blocks: [{chains: [[" + ", ".join(['"x"'] * 200000) + "]]}]}]\n",
    }
    for name, text in cases.items():
        if quick and name not in ("anchor-alias", "bom", "crlf", "utf16"):
            continue
        expect = "any"
        yield {"name": name, "files": {"spec.yaml": text.encode("latin-1")
                                       if name == "utf16" else text},
               "expect": expect, "args": ["spec.yaml"]}


@hostile("numbers-domains")
def numbers_domains(quick):
    doms = ["[0, 1e-300]", "(1, 1 + 1e-900)", "(1, 1)", "[2, 1]",
            "[-1e999, 1e999]", "(0, 1e-100000)", "[1/3, 1/3]",
            "[" + "9" * 999 + ", " + "9" * 999 + "1]"]
    for i, d in enumerate(doms if not quick else doms[:3]):
        yield case("domain-%d" % i,
                   spec([["log(x) + 0", "log(x)"]],
                        extra='symbols:\n  x: {domain: %s}' % q(d)), "pass")
    for p, s in [(65536, 10000), (65536, 1), (32, 10000), (2048, 10000),
                 (16384, 100)][: 2 if quick else 5]:
        yield case("precision-%d-samples-%d" % (p, s),
                   spec([["erf(x)*exp(x)", "exp(x)*erf(x)"]],
                        extra="check: {precision: %d, samples: %d}" % (p, s)),
                   "pass")
    yield case("cancellation-raise",
               spec([["exp(10000) + sin(x) - exp(10000)", "sin(x)"]],
                    extra="check: {precision: 2048}"), "pass")
    yield case("cancellation-wrong",
               spec([["exp(10000) + sin(x) - exp(10000)", "sin(x) + exp(-10000)"]],
                    extra="check: {precision: 2048}"), "fail")
    yield case("undefined-everywhere",
               spec([["log(-1 - x^2)", "log(-1 - x^2)"]],
                    extra="check: {samples: 10000}"), "any")
    big = " + ".join("sin(%d*x + y)" % i for i in range(3000))
    yield case("undefined-big-tape",
               spec([["log(-1 - x^2) + " + big, big]],
                    extra="check: {samples: 1000}"), "any")
    yield case("many-inputs-specials",
               spec([[" + ".join("exp(s%d)" % i for i in range(4000)),
                      " + ".join("exp(s%d)" % i for i in reversed(range(4000)))]]),
               "pass")
    yield case("narrow-guard",
               spec([["sqrt(a - 1)", "sqrt(a - 1)"]],
                    extra='definitions:\n  a: 1 + x^2/10^200'), "any")


# ---- running ----

POS = re.compile(r"^[^:\n]+:\d+:\d+: error: ", re.M)


def judge(c, rc, secs, kb, err):
    """The reasons a run is BAD (empty: fine)."""
    why = []
    first = err.splitlines()[0] if err else ""
    if rc is None:
        why.append("timeout (%d s)" % TIMEOUT)
    elif rc < 0 or rc >= 128:
        why.append("killed by signal %d" % (rc if rc < 0 else rc - 128))
    elif rc == 3:
        why.append("internal error: " + first[:120])
    elif rc == 2 and not POS.search(err):
        why.append("exit 2 without a position: " + first[:120])
    elif rc not in (0, 1, 2):
        why.append("exit status %d" % rc)
    else:
        want = {"pass": (0, 2), "fail": (1, 2), "error": (2,),
                "any": (0, 1, 2)}[c["expect"]]
        if rc not in want:
            if c["expect"] == "fail" and rc == 0:
                why.append("vacuous pass of a false claim")
            else:
                why.append("exit %d, expected %s" % (rc, c["expect"]))
    if secs is not None and secs > TIME_BUDGET:
        why.append("%.1f s" % secs)
    if kb is not None and kb > MEM_BUDGET_KB:
        why.append("%d MiB" % (kb >> 10))
    return why


def run(dc, c, work):
    for f, text in c["files"].items():
        mode = "wb" if isinstance(text, bytes) else "w"
        with open(os.path.join(work, f), mode,
                  **({} if mode == "wb" else {"encoding": "utf-8",
                                              "newline": ""})) as fh:
            fh.write(text)
    size = sum(len(t) for t in c["files"].values())
    if size > LIMIT_BYTES + 4096 and c["expect"] != "error":
        c = dict(c, expect="error")          # past the input limit
    timef = os.path.join(work, "time.out")
    cmd = ["/usr/bin/time", "-f", "%e %M", "-o", timef, "timeout", "-s",
           "KILL", str(TIMEOUT), dc, "-q"] + c["args"]
    p = subprocess.run(cmd, cwd=work, capture_output=True)
    rc = p.returncode
    secs = kb = None
    try:
        with open(timef) as fh:
            last = fh.read().strip().splitlines()[-1].split()
            secs, kb = float(last[0]), int(last[1])
    except (OSError, IndexError, ValueError):
        pass
    if rc == 137 or rc == 124:
        rc = None
    err = p.stderr.decode("utf-8", "replace")
    return rc, secs, kb, err, size, judge(c, rc, secs, kb, err)


def main(argv):
    args = argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    dc = os.path.abspath(args[0])
    quick = "--quick" in args
    only = [args[i + 1] for i, a in enumerate(args) if a == "--class"]
    keep = next((args[i + 1] for i, a in enumerate(args) if a == "--keep"), None)
    if "--list" in args:
        for name, _ in CLASSES:
            print(name)
        return 0
    root = keep or tempfile.mkdtemp(prefix="derivcheck-hostile.")
    os.makedirs(root, exist_ok=True)
    table, nbad = [], 0
    try:
        for name, gen in CLASSES:
            if only and name not in only:
                continue
            worst_t = worst_m = 0.0
            worst_case = ""
            n = bad = 0
            for c in gen(quick):
                work = os.path.join(root, name, c["name"])
                os.makedirs(work, exist_ok=True)
                rc, secs, kb, err, size, why = run(dc, c, work)
                n += 1
                if secs is not None and secs >= worst_t:
                    worst_t, worst_case = secs, c["name"]
                if kb is not None:
                    worst_m = max(worst_m, kb / 1024.0)
                status = "BAD" if why else "ok"
                print("%-4s %-16s %-28s %8d B  exit %-4s %6.2f s %7.1f MiB  %s"
                      % (status, name, c["name"], size,
                         "-" if rc is None else rc, secs or 0.0,
                         (kb or 0) / 1024.0,
                         "; ".join(why) if why else
                         (err.splitlines()[0][:90] if rc == 2 and err else "")),
                      flush=True)
                if why:
                    bad += 1
                elif not keep:
                    shutil.rmtree(work, ignore_errors=True)
            table.append((name, n, bad, worst_t, worst_case, worst_m))
            nbad += bad
    finally:
        if not keep and nbad == 0:
            shutil.rmtree(root, ignore_errors=True)
    print("\n| class | cases | bad | worst time | (case) | worst memory |")
    print("|---|---|---|---|---|---|")
    for name, n, bad, t, wc, m in table:
        print("| %s | %d | %d | %.2f s | %s | %.1f MiB |" % (name, n, bad, t, wc, m))
    if nbad and not keep:
        print("inputs of the bad cases kept in %s" % root)
    return 1 if nbad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
