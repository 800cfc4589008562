#!/usr/bin/env python3
"""make bench: derivcheck against SymPy and GiNaC, side by side in one run.

    run.py --derivcheck PATH --measure PATH --srcdir DIR --outdir DIR
           [--timeout S] [--runs N] [--strict]

Cases: (a) the reference post, specs/bce.yaml; (b) the sigmoid networks
of bench/gen_network.py at (W, L) = (2,1), (4,3), (6,3), (8,4), (16,4),
each also with --wrong, which must fail (exit 1) at exactly the line the
generator names.  For each case derivcheck, bench/sympy_anchor.py and
bench/ginac_anchor.cc (compiled here) run one after the other; the
anchors do the same work (the post's 32 links at 32 points at 78 digits;
a network's gradient by every parameter, evaluated once).

Every process is timed whole (wall clock) with its peak RSS from wait4()
in bench/measure.c (--measure, the compiled program);
a case that ends within FAST seconds runs --runs times (3) and reports the
median.  An anchor gets --timeout seconds (120); one that runs out is
reported as "> 120 s", and the larger sizes of that tool are skipped.
Prints the table, the ratios and every target of issue 8 with PASS or
FAIL; writes OUTDIR/results.md and the plots OUTDIR/bench-time.svg and
OUTDIR/bench-memory.svg.  Exit 1 when a verdict is wrong (a correct spec
not passing, a wrong one not failing at its line, an anchor failing, the
two anchors disagreeing); with --strict also when a target fails.
"""
import argparse
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import svgplot  # noqa: E402

NETS = [(2, 1), (4, 3), (6, 3), (8, 4), (16, 4)]
FAST = 10.0           # seconds: runs shorter than this are repeated
MIB = 1024.0          # ru_maxrss is in KiB on Linux
MEASURE = None        # the compiled bench/measure.c (--measure)


class Run:
    """One measured process: wall seconds, peak RSS (KiB), exit status,
    output, whether it was stopped at its timeout."""

    def __init__(self, wall, cpu, rss, status, out, err, timed_out):
        self.wall, self.cpu, self.rss, self.status = wall, cpu, rss, status
        self.out, self.err, self.timed_out = out, err, timed_out

    def work_seconds(self):
        m = re.search(r"work-seconds: ([0-9.]+)", self.err)
        return float(m.group(1)) if m else None


def measure(cmd, timeout):
    """Run cmd once under bench/measure.c, which forks it and reports its
    own wall time and peak RSS (a child forked from this Python process
    would carry the driver's RSS as its high-water mark)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as figures:
        proc = subprocess.Popen([MEASURE, figures.name] + cmd, stdout=out,
                                stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            proc.wait(timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.terminate()          # measure kills the command, reports
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        got = dict(line.split() for line in figures.read().splitlines())
        out.seek(0)
        err.seek(0)
        return Run(float(got.get("wall", timeout)),
                   float(got.get("cpu", 0)), int(got.get("maxrss", 0)), int(got.get("status", -1)),
                   out.read().decode(errors="replace"),
                   err.read().decode(errors="replace"), timed_out)


def measure_median(cmd, timeout, runs):
    """The median of runs runs when the first is fast, else the first."""
    first = measure(cmd, timeout)
    if first.timed_out or first.wall >= FAST or runs <= 1:
        return first, 1
    rest = [first] + [measure(cmd, timeout) for _ in range(runs - 1)]
    rest.sort(key=lambda r: r.wall)
    mid = rest[len(rest) // 2]
    mid.rss = statistics.median(r.rss for r in rest)
    return mid, len(rest)


def dag_size(w, depth):
    """Distinct nodes of the network's L and of every chain's right side
    (definitions expanded, equal subtrees shared), counted with our own
    hash-consing of the expressions bench/gen_network.py writes; plus the
    number of links.  A size measure independent of derivcheck."""
    table = {}

    def node(*key):
        return table.setdefault(key, len(table))

    def sym(name):
        return node("sym", name)

    one = node("num", 1)

    def sigma(t):
        return node("div", one, node("add", one, node("exp", node("neg", t))))

    def add(*terms):
        return node("add", *terms)

    def mul(*factors):
        return node("mul", *factors)

    a = {(0, j): sym("x_%d" % j) for j in range(1, w + 1)}
    for l in range(1, depth + 1):
        for i in range(1, w + 1):
            terms = [mul(sym("w_%d_%d_%d" % (l, i, j)), a[l - 1, j])
                     for j in range(1, w + 1)]
            a[l, i] = sigma(add(*terms, sym("b_%d_%d" % (l, i))))
    terms = [mul(sym("v_%d" % j), a[depth, j]) for j in range(1, w + 1)]
    yhat = sigma(add(*terms, sym("c")))
    y = sym("y")
    oneminus = lambda e: add(one, node("neg", e))  # noqa: E731
    node("add", node("neg", mul(y, node("log", yhat))),
         node("neg", mul(oneminus(y), node("log", oneminus(yhat)))))
    delta_o = add(yhat, node("neg", y))
    delta = {}
    for i in range(1, w + 1):
        ai = a[depth, i]
        delta[depth, i] = mul(delta_o, sym("v_%d" % i), ai, oneminus(ai))
    for l in range(depth - 1, 0, -1):
        for i in range(1, w + 1):
            s = add(*[mul(delta[l + 1, k], sym("w_%d_%d_%d" % (l + 1, k, i)))
                      for k in range(1, w + 1)])
            delta[l, i] = mul(s, a[l, i], oneminus(a[l, i]))
    for l in range(1, depth + 1):
        for i in range(1, w + 1):
            for j in range(1, w + 1):
                mul(delta[l, i], a[l - 1, j])
    for j in range(1, w + 1):
        mul(delta_o, a[depth, j])
    return len(table) + params(w, depth)


def params(w, depth):
    return w * (w + 1) * depth + w + 1


class Bench:
    def __init__(self, args):
        self.a = args
        self.rows = []        # (case, tool, Run or None, note, runs, cmd)
        self.errors = []      # wrong verdicts
        self.results = {}     # (case, tool) -> Run
        self.gave_up = {}     # tool -> the case it timed out at
        self.sympy = self.find_sympy()
        self.ginac = self.build_ginac()

    def say(self, text=""):
        print(text, flush=True)

    def find_sympy(self):
        probe = subprocess.run([sys.executable, "-c", "import sympy, mpmath"],
                               capture_output=True)
        if probe.returncode != 0:
            self.say("SymPy: MISSING (python3 cannot import sympy and mpmath;"
                     " apt-get install python3-sympy): SymPy columns skipped")
            return None
        # Asked of a child: importing SymPy here would only grow the driver.
        version = subprocess.run(
            [sys.executable, "-c", "import sympy; print(sympy.__version__)"],
            capture_output=True, text=True).stdout.strip()
        self.say("SymPy: %s (python3 %s)" % (version, sys.version.split()[0]))
        return [sys.executable,
                os.path.join(self.a.srcdir, "bench", "sympy_anchor.py")]

    def build_ginac(self):
        cxx = shutil.which("g++")
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "ginac"],
                               capture_output=True, text=True) \
            if shutil.which("pkg-config") else None
        if not cxx or not flags or flags.returncode != 0:
            self.say("GiNaC: MISSING (needs g++ and pkg-config ginac; apt-get"
                     " install libginac-dev): GiNaC columns skipped")
            return None
        src = os.path.join(self.a.srcdir, "bench", "ginac_anchor.cc")
        exe = os.path.join(self.a.outdir, "ginac-anchor")
        cmd = [cxx, "-O2", "-std=c++17", "-o", exe, src] + flags.stdout.split()
        built = subprocess.run(cmd, capture_output=True, text=True)
        if built.returncode != 0:
            self.say("GiNaC: could not compile %s:\n%s" % (src, built.stderr))
            self.errors.append("the GiNaC anchor does not compile")
            return None
        version = subprocess.run(["pkg-config", "--modversion", "ginac"],
                                 capture_output=True, text=True).stdout.strip()
        self.say("GiNaC: %s (%s -O2)" % (version, cxx))
        return [exe]

    def record(self, case, tool, cmd, timeout, note=""):
        """Run cmd (median of --runs when fast) and keep it for the table."""
        run, n = measure_median(cmd, timeout, self.a.runs)
        self.rows.append((case, tool, run, note, n, cmd))
        self.results[case, tool] = run
        shown = "> %g s (timed out)" % timeout if run.timed_out \
            else "%.3f s" % run.wall
        self.say("  %-22s %-12s %-20s %7.1f MiB%s"
                 % (case, tool, shown, run.rss / MIB,
                    "  " + note if note else ""))
        return run

    def skip(self, case, tool, why):
        self.rows.append((case, tool, None, why, 0, None))
        self.say("  %-22s %-12s skipped: %s" % (case, tool, why))

    def anchors(self, case, args, size_rank):
        """Both anchors on one case; a tool that timed out at a smaller
        size is not run again at a larger one."""
        got = {}
        for tool, base in (("SymPy", self.sympy), ("GiNaC", self.ginac)):
            if base is None:
                self.skip(case, tool, "not installed")
                continue
            if tool in self.gave_up and size_rank > self.gave_up[tool][0]:
                self.skip(case, tool, "> %g s already at %s"
                          % (self.a.timeout, self.gave_up[tool][1]))
                continue
            run = self.record(case, tool, base + args, self.a.timeout)
            if run.timed_out:
                self.gave_up[tool] = (size_rank, case)
            elif run.status != 0:
                self.errors.append("%s %s: exit %d: %s" % (
                    tool, case, run.status, (run.out + run.err)[-300:]))
            else:
                got[tool] = run
        return got

    def post(self):
        spec = os.path.join(self.a.srcdir, "specs", "bce.yaml")
        links = os.path.join(self.a.srcdir, "bench", "post-links.txt")
        self.say("(a) the reference post, specs/bce.yaml (32 links)")
        run = self.record("post", "derivcheck", [self.a.derivcheck, spec], 120)
        if run.status != 0:
            self.errors.append("derivcheck specs/bce.yaml: exit %d"
                               % run.status)
        for tool, r in self.anchors("post", ["post", links], 0).items():
            if "links: 32, passed: 32" not in r.out:
                self.errors.append("%s post: %s" % (tool, r.out.strip()))

    def network(self, rank, w, depth):
        case = "(%d,%d)" % (w, depth)
        gen = os.path.join(self.a.srcdir, "bench", "gen_network.py")
        right = os.path.join(self.a.outdir, "net-%d-%d.yaml" % (w, depth))
        wrong = os.path.join(self.a.outdir, "net-%d-%d-wrong.yaml"
                             % (w, depth))
        with open(right, "w") as f:
            subprocess.run([sys.executable, gen, str(w), str(depth)],
                           stdout=f, check=True)
        with open(wrong, "w") as f:
            made = subprocess.run([sys.executable, gen, str(w), str(depth),
                                   "--wrong"], stdout=f, stderr=subprocess.PIPE,
                                  text=True, check=True)
        line = int(re.search(r"wrong-line: (\d+)", made.stderr).group(1))
        self.say("(b) network %s: %d parameters, DAG nodes + links %d"
                 % (case, params(w, depth), dag_size(w, depth)))
        run = self.record(case, "derivcheck", [self.a.derivcheck, right], 120)
        if run.status != 0:
            self.errors.append("derivcheck %s: exit %d, expected 0"
                               % (case, run.status))
        run = self.record(case + " --wrong", "derivcheck",
                          [self.a.derivcheck, wrong], 120,
                          "must fail at line %d" % line)
        failed = set(int(n) for n in re.findall(
            r"^[^\n:]*:(\d+):\d+: error:", run.out, re.M))
        if run.status != 1 or failed != {line}:
            self.errors.append("derivcheck %s --wrong: exit %d, failing lines"
                               " %s, expected exit 1 at line %d only"
                               % (case, run.status, sorted(failed), line))
        got = self.anchors(case, ["net", str(w), str(depth)], rank)
        sums = {}
        for tool, r in got.items():
            m = re.search(r"gradient-sum: ([-+0-9.eE]+)", r.out)
            n = re.search(r"parameters: (\d+)", r.out)
            if not m or not n or int(n.group(1)) != params(w, depth):
                self.errors.append("%s %s: no gradient: %s"
                                   % (tool, case, r.out.strip()))
            else:
                sums[tool] = m.group(1)
        if len(sums) == 2:
            da, db = (Decimal(s) for s in sums.values())
            if abs(da - db) > Decimal("1e-40") * max(1, abs(da)):
                self.errors.append("%s: SymPy and GiNaC gradients differ: %s"
                                   % (case, sums))

    # -- the targets of issue 8, item 6 ------------------------------------

    def wall(self, case, tool):
        """(seconds, is a lower bound) or None when not measured."""
        run = self.results.get((case, tool))
        if run is None:
            return None
        return (self.a.timeout if run.timed_out else run.wall, run.timed_out)

    def ratio_target(self, text, case, tool, need):
        """PASS when tool's time over derivcheck's on case is >= need."""
        other, mine = self.wall(case, tool), self.wall(case, "derivcheck")
        if other is None or mine is None:
            return (text, None, "not measured (%s did not run)" % tool)
        ratio = other[0] / mine[0]
        shown = "%s%.1fx (%s %s%.3f s, derivcheck %.3f s)" % (
            ">= " if other[1] else "", ratio, tool, "> " if other[1] else "",
            other[0], mine[0])
        return (text, ratio >= need, shown)

    def time_target(self, text, case, limit):
        mine = self.wall(case, "derivcheck")
        return (text, mine[0] < limit and not mine[1], "%.3f s" % mine[0])

    def memory_target(self, text, cases, limit_mib):
        worst = max((self.results[c, "derivcheck"].rss / MIB, c)
                    for c in cases)
        return (text, worst[0] < limit_mib, "%.1f MiB at most (%s)"
                % worst)

    def growth(self, nets):
        """The slope of log(time) against log(DAG nodes + links)."""
        xs = [math.log(dag_size(w, d)) for w, d in nets]
        ys = [math.log(self.wall("(%d,%d)" % (w, d), "derivcheck")[0])
              for w, d in nets]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / \
            sum((x - mx) ** 2 for x in xs)

    def targets(self):
        small = ["post"] + ["(%d,%d)%s" % (w, d, t) for w, d in NETS[:4]
                            for t in ("", " --wrong")]
        big = ["(16,4)", "(16,4) --wrong"]
        slope_all = self.growth(NETS)
        slope_top = self.growth(NETS[2:])
        out = [
            self.ratio_target("post: at most 1/3 of GiNaC's time (>= 3x)",
                              "post", "GiNaC", 3),
            self.ratio_target("post: at least 200x faster than SymPy",
                              "post", "SymPy", 200),
            self.ratio_target("(4,3): at least 50x faster than GiNaC's "
                              "gradient + one evaluation", "(4,3)", "GiNaC",
                              50),
            self.time_target("(8,4) verified in under 0.3 s", "(8,4)", 0.3),
            self.time_target("(16,4) verified in under 2 s", "(16,4)", 2.0),
            self.memory_target("peak memory under 64 MiB, every case up to "
                               "(8,4), --wrong included", small, 64),
            self.memory_target("peak memory under 256 MiB for (16,4), "
                               "--wrong included", big, 256),
            ("time grows no faster than DAG nodes + links (fitted exponent "
             "<= 1, all five networks)", slope_all <= 1.0,
             "exponent %.2f" % slope_all),
            ("the same over the three largest, (6,3) (8,4) (16,4), where "
             "start-up weighs least", slope_top <= 1.0,
             "exponent %.2f" % slope_top),
        ]
        if os.path.exists(os.path.join(self.a.srcdir, "bench",
                                       "throughput.sh")):
            out.append(("(c) 256-bit evaluations/s of the (4,3) gradient >= "
                        "0.7x a straight-line MPFR program", None,
                        "measured by bench/throughput.sh, after this run"))
        else:
            out.append(("(c) 256-bit evaluations/s of the (4,3) gradient >= "
                        "0.7x a straight-line MPFR program", None,
                        "NOT MEASURED: bench/throughput.sh is not in this "
                        "tree"))
        return out

    # -- the report ----------------------------------------------------------

    def shown_cmd(self, cmd):
        """cmd with the source and output folders written as bench/ paths."""
        parts = []
        for p in cmd:
            p = p.replace(os.path.join(self.a.outdir, ""), "bench/")
            p = p.replace(os.path.join(self.a.srcdir, ""), "")
            if p == sys.executable:
                p = "python3"
            parts.append(p)
        return " ".join(parts)

    def table(self):
        lines = ["| case | size | tool | wall (s) | cpu (s) | peak RSS (MiB) "
                 "| work (s) | runs | command |",
                 "|---|---|---|---|---|---|---|---|---|"]
        for case, tool, run, note, n, cmd in self.rows:
            size = "post"
            m = re.match(r"\((\d+),(\d+)\)", case)
            if m:
                w, d = int(m.group(1)), int(m.group(2))
                size = "%d params, %d nodes+links" % (params(w, d),
                                                      dag_size(w, d))
            if run is None:
                lines.append("| %s | %s | %s | skipped: %s | | | | | |"
                             % (case, size, tool, note))
                continue
            wall = "> %g" % self.a.timeout if run.timed_out \
                else "%.3f" % run.wall
            work = run.work_seconds()
            lines.append("| %s | %s | %s | %s | %.3f | %.1f | %s | %s | `%s` |"
                         % (case, size, tool, wall, run.cpu, run.rss / MIB,
                            "%.3f" % work if work is not None else "",
                            "median of %d" % n if n > 1 else "1",
                            self.shown_cmd(cmd)))
        return lines

    def plots(self):
        colours = {"derivcheck": "#1f77b4", "SymPy": "#2ca02c",
                   "GiNaC": "#d62728"}
        made = []
        for what, ylabel, pick in (
                ("time", "wall time (s)", lambda r: r.wall),
                ("memory", "peak RSS (MiB)", lambda r: r.rss / MIB)):
            series = []
            for tool in ("derivcheck", "SymPy", "GiNaC"):
                pts = []
                for w, d in NETS:
                    run = self.results.get(("(%d,%d)" % (w, d), tool))
                    if run is not None:
                        pts.append((params(w, d), pick(run),
                                    "bound" if run.timed_out else "ok"))
                series.append((tool, colours[tool], pts))
            path = os.path.join(self.a.outdir, "bench-%s.svg" % what)
            want = svgplot.loglog(
                path, "Sigmoid networks: %s against size" % what,
                "network parameters (W(W+1)L + W + 1)", ylabel, series)
            got = svgplot.count_curves(path)
            if got != want:
                self.errors.append("%s has %d curves, expected %d"
                                   % (path, got, want))
            made.append("%s (%d curves, parses as XML)" % (path, got))
        return made

    def report(self):
        lines = self.table()
        lines += ["", "| target | verdict | measured |", "|---|---|---|"]
        for text, ok, shown in self.targets():
            verdict = "PASS" if ok else "FAIL" if ok is not None else "—"
            lines.append("| %s | %s | %s |" % (text, verdict, shown))
        return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--derivcheck", required=True)
    ap.add_argument("--measure", required=True,
                    help="the compiled bench/measure.c")
    ap.add_argument("--srcdir", required=True)
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    args.derivcheck = os.path.abspath(args.derivcheck)
    global MEASURE
    MEASURE = os.path.abspath(args.measure)
    args.srcdir = os.path.abspath(args.srcdir)
    args.outdir = os.path.abspath(args.outdir)
    os.makedirs(args.outdir, exist_ok=True)
    b = Bench(args)
    b.say("load average before: %.2f %.2f %.2f" % os.getloadavg())
    b.post()
    for rank, (w, d) in enumerate(NETS, start=1):
        b.network(rank, w, d)
    b.say("load average after: %.2f %.2f %.2f" % os.getloadavg())
    plots = b.plots()
    lines = b.report()
    b.say()
    b.say("\n".join(lines))
    for p in plots:
        b.say("plot: " + p)
    with open(os.path.join(args.outdir, "results.md"), "w") as f:
        f.write("Written by make bench (bench/run.py) on %s; load average "
                "at the end %.2f.\n\n" % (time.strftime(
                    "%Y-%m-%d %H:%M UTC", time.gmtime()), os.getloadavg()[0]))
        f.write("\n".join(lines) + "\n")
    failed = [t for t in b.targets() if t[1] is False]
    if b.errors:
        b.say("\nWRONG VERDICTS OR BROKEN ANCHORS:")
        for e in b.errors:
            b.say("  " + e)
        return 1
    b.say("\nverdicts as expected; %d target(s) FAIL" % len(failed))
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
