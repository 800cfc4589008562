#!/bin/sh
# tests/cli/github.sh: --format=github, GitHub Actions workflow commands.
# The rules (GitHub's "Workflow commands" documentation and the toolkit
# that writes them): "::error file=F,line=L,col=C,title=T::MESSAGE" on a
# line of its own; ::warning and ::notice alike; in the message % CR LF
# are written %25 %0D %0A, in a property value also : and , as %3A %2C.
# Expected lines below are written from those rules, and a reader written
# from them decodes every command back to the original strings.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

run --format=github fail.yaml
expect_status 1 "github: a failing link"
expect_match out '^::error file=fail\.yaml,line=7,col=26,title=derivcheck%3A wrong step::step 2 does not equal step 1 \(line 7\)%0A  \(x \+ 1\)\^2  =/=  x\^2 \+ 1%0A  at x = [-0-9.e]+%0A  left  = [-0-9.e]+%0A  right = [-0-9.e]+%0A  certified exactly at x = [-0-9]+/[0-9]+: left = [0-9]+/[0-9]+, right = [0-9]+/[0-9]+%0A  note: the sides differ by the term 2\*x \(left - right = 2\*x\)$' \
  "github: the failing link at its line and column, LF as %0A"
n=$(grep -c '^::' out)
[ "$n" -eq 1 ] || fail "github: $n commands for one failing link"
ok "github: one command per failing link, none for passing ones"
expect_line out "fail.yaml: 2 chains, 2 links: 1 passed (1 proved), 1 failed (256 bits, 32 samples, seed 1)" \
  "github: the plain summary line for the log"

run --format=github -q fail.yaml pass.yaml
expect_status 1 "github -q"
n=$(grep -c -v '^::' out)
[ "$n" -eq 0 ] || fail "github -q: $n lines that are not commands"
ok "github -q: the commands only, no summary or total lines"

run --format=github undetermined.yaml
expect_status 1 "github: an undetermined link"
expect_match out '^::error file=undetermined\.yaml,line=5,col=30,title=derivcheck%3A unchecked step::step 2 could not be checked: ' \
  "github: an undetermined link is an error"

run --format=github pass.yaml
expect_status 0 "github: all pass"
if grep '^::' out >/dev/null; then fail "github: a command for a passing spec"; fi
ok "github: no command when every link passes"

# Input errors and warnings, and a file name that needs every escape of a
# property: ',' ':' '%'.
spec 'a,b:c%d.yaml' <<'YAML'
sections:
  - title: t
    "blo%cs":
      - chains:
          - "x = x"
YAML
spec warn.yaml <<'YAML'
symbols:
  yhat: {domain: "(0, 1)"}
sections:
  - blocks:
      - chains:
          - "yhxt*1 = yhxt"
YAML
run --format=github 'a,b:c%d.yaml' warn.yaml
expect_status 2 "github: a spec that does not load"
expect_match out '^::error file=a%2Cb%3Ac%25d\.yaml,line=3,col=5,title=derivcheck%3A error::unknown key .blo%25cs' \
  "github: an input error, the file name escaped as a property, % in the message as %25"
expect_match out '^::warning file=warn\.yaml,line=6,col=14,title=derivcheck%3A warning::.*yhxt' \
  "github: a warning is ::warning"

# Decode every command by the rules and compare with the report's own
# strings in JSON (one writer of the facts, another of the format).
"$DERIVCHECK" --format=json 'a,b:c%d.yaml' warn.yaml fail.yaml >rep.json 2>/dev/null
run --format=github 'a,b:c%d.yaml' warn.yaml fail.yaml
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to decode the commands"
python3 - out rep.json <<'PY' || fail "github: decoding the commands"
import json, re, sys

def unescape(s, prop):
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if prop:
        pairs += [("%3A", ":"), ("%2C", ",")]
    for k, v in pairs:
        s = s.replace(k, v)
    return s.replace("%25", "%")

cmds = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.startswith("::"):
        continue
    m = re.match(r"^::(error|warning|notice)( ([^:]*))?::(.*)$", line)
    assert m, line
    # A raw ':' or ',' inside a property, or a raw CR/LF anywhere, would
    # break the runner's split.
    props = {}
    for p in (m.group(3) or "").split(","):
        k, _, v = p.partition("=")
        assert k in ("file", "line", "col", "title", "endLine", "endColumn"), p
        props[k] = unescape(v, True)
    cmds.append((m.group(1), props, unescape(m.group(4), False)))

rep = json.load(open(sys.argv[2]))
bad = rep["specs"][0]
assert bad["file"] == "a,b:c%d.yaml"
errs = [c for c in cmds if c[1].get("file") == "a,b:c%d.yaml"]
assert len(errs) == len(bad["diagnostics"]) >= 1, (errs, bad)
for (kind, props, msg), d in zip(errs, bad["diagnostics"]):
    assert kind == "error" and msg == d["message"], (msg, d)
    assert (int(props["line"]), int(props["col"])) == (d["line"], d["col"])
warns = [c for c in cmds if c[0] == "warning"]
assert len(warns) == 1 and warns[0][1]["file"] == "warn.yaml", warns
fail = rep["specs"][2]
link = fail["sections"][0]["blocks"][1]["chains"][0]["links"][0]
f = [c for c in cmds if c[1].get("file") == "fail.yaml"]
assert len(f) == 1, f
lines = f[0][2].split("\n")
assert lines[0] == "step 2 does not equal step 1 (line 7)", lines
assert lines[-4:-2] == ["  left  = " + link["counterexample"]["left"],
                        "  right = " + link["counterexample"]["right"]], lines
ex = link["counterexample"]["exact"]
assert link["counterexample"]["certified"] == "exact", link
assert lines[-2] == "  certified exactly at x = %s: left = %s, right = %s" % (
    ex["at"]["x"], ex["left"], ex["right"]), lines
d = link["diagnosis"]["difference"]
assert lines[-1] == "  note: the sides differ by the term %s (left - right = %s)" % (d, d), lines
assert f[0][1]["title"] == "derivcheck: wrong step", f[0][1]
PY
ok "github: every command decodes to the report's messages and positions"
