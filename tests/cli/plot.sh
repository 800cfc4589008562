#!/bin/sh
# tests/cli/plot.sh: --plot, plots on request for any link, passing ones
# too (--plot for every link, --plot=FILE:LINE[:COL] for the links at a
# position), in the HTML report and as files with --plot-dir.
#
# Every SVG is read with Python's XML parser.  The expected plot of a
# passing link is worked out from its formula by hand (the range of
# x^2 - 1 over [0, 3]); the expected numbers of plots come from the
# positions written into the specs below.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read the XML"

# Line 7: one link (column 24), line 8: two links on one line (columns 22
# and 30), line 9: a wrong link, line 12: a derive block of several steps.
spec p.yaml <<'EOF'
symbols: {x: {domain: "[0, 3]"}, t: {domain: "positive"}, y: {domain: "[0, 1]"}}
functions: {sigma(u): 1/(1 + exp(-u))}
definitions: {L: -y*log(a) - (1 - y)*log(1 - a)}
sections:
  - blocks:
      - chains:
          - "x^2 - 1 = (x - 1)*(x + 1)"
          - "2*x*x = 2*x^2 = x^2 + x^2"
          - "x*x = x^2 + 1"
          - "log(t^2) = 2*log(t)"
      - where: {a: sigma(z)}
        derive: pdiff(L, z)
EOF

# Errors first: what --plot needs, and positions that name nothing.
run --plot p.yaml
expect_status 2 "--plot without --format=html or --plot-dir"
expect_text err "derivcheck: error: --plot draws into the html report or into --plot-dir" "--plot alone"
run --plot=p.yaml --plot-dir=d p.yaml
expect_status 2 "--plot=FILE without a line"
expect_text err "invalid --plot 'p.yaml'" "--plot=FILE: the message"
run --plot=p.yaml:0 --plot-dir=d p.yaml
expect_status 2 "--plot at line 0"
run --plot=other.yaml:5 --plot-dir=d p.yaml
expect_status 2 "--plot=FILE:LINE of a file not checked"
expect_text err "derivcheck: error: --plot=other.yaml:5: the file is not one of the specs checked" "a file not checked"
[ ! -e d ] || [ -z "$(ls d)" ] || fail "a usage error wrote plots"
ok "a usage error checks nothing and writes no plot"
run --plot=p.yaml:5 --plot=p.yaml:7:21 --plot-dir=d p.yaml
expect_status 2 "--plot where no link stands"
expect_text err "derivcheck: error: --plot=p.yaml:5: no link stands at that position" "line 5 holds no link"
expect_text err "derivcheck: error: --plot=p.yaml:7:21: no link stands at that position" "column 21 of line 7 holds no link"
expect_text out "p.yaml: 5 chains," "the report is written all the same"
rm -rf d

# By position: line 7 column 24 (one passing link), line 8 (two links),
# line 9 (the failing link, which is plotted anyway: once).
run --plot=p.yaml:7:24 --plot=p.yaml:8 --plot=p.yaml:9 --plot-dir=d p.yaml
expect_status 1 "plots by position"
expect_line out "p.yaml:7:24: note: step 2 plotted: d/p.yaml-7-24.svg" "a passing link's plot is named in the text report"
expect_line out "p.yaml:8:22: note: step 2 plotted: d/p.yaml-8-22.svg" "line 8, first link"
expect_line out "p.yaml:8:30: note: step 3 plotted: d/p.yaml-8-30.svg" "line 8, second link"
expect_line out "  plot: d/p.yaml-9-20.svg" "the failing link"
[ "$(ls d | wc -l)" -eq 4 ] || fail "plots by position: $(ls d | tr '\n' ' ')"
ok "four plots: one at 7:24, two on line 8, the failure on line 9"

python3 - d/p.yaml-7-24.svg d/p.yaml-9-20.svg <<'PY' || fail "the plot of x^2 - 1 = (x - 1)*(x + 1)"
import re, sys, xml.etree.ElementTree as ET
S = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
curves = [p for p in root.iter(S + 'path') if 'curve' in p.get('class').split()]
assert len(curves) == 6, len(curves)
texts = [t.text or '' for t in root.iter(S + 'text')]
assert 'plotted around' in texts and 'counterexample' not in texts, texts
assert len([c for c in root.iter(S + 'circle') if c.get('class') == 'point']) >= 4
# Along x over its whole domain [0, 3]: ticks 0 and 3 under the first panel.
assert texts[texts.index('both sides') + 3:texts.index('both sides') + 5] == ['0', '3'], texts
# x^2 - 1 at the midpoints of 161 cells of [0, 3], by hand, padded by 8%:
xs = [3 * (k + 0.5) / 161 for k in range(161)]
ys = [x * x - 1 for x in xs]
lo, hi = min(ys), max(ys)
pad = (hi - lo) * 0.08
i = texts.index('both sides')
assert float(texts[i + 1]) == float('%.4g' % (hi + pad)), (texts[i + 1], hi + pad)
assert float(texts[i + 2]) == float('%.4g' % (lo - pad)), (texts[i + 2], lo - pad)
# Both sides are the same curve, with no gap.
left, right = curves[0].get('d'), curves[1].get('d')
assert left == right and left.count('L') == 160, (left.count('L'),)
# The difference, taken at 256 bits, is 0 or rounding: its ticks are tiny
# (where the two sides agree exactly everywhere, the panel spans -1 to 1).
j = texts.index('difference: left - right (rounding only)')
for t in texts[j + 1:j + 3]:
    assert abs(float(t)) < 1e-60 or abs(float(t)) == 1, t
print('ok: x^2 - 1 = (x - 1)(x + 1): along x over [0, 3], both sides one curve, no difference')
fail = ET.parse(sys.argv[2]).getroot()
assert [c for c in fail.iter(S + 'circle') if c.get('class') == 'cex'], 'no counterexample'
assert not [t for t in fail.iter(S + 'text') if 'rounding' in (t.text or '')], 'a failure called rounding'
print('ok: the failing link asked for is still plotted at its counterexample')
PY
ok "a passing link plotted on request"

# --plot: every link, in the page; the same bytes on every run; another
# seed moves the point of a passing link, not of a failing one.
run --format=html --plot -o all.html p.yaml
expect_status 1 "--plot in the html report"
run --format=html --plot -o again.html p.yaml
cmp -s all.html again.html || fail "--plot: two runs differ"
run --format=html --plot --seed=7 -o seed7.html p.yaml
run --format=json p.yaml
cp out p.json
python3 - all.html seed7.html p.json <<'PY' || fail "--plot: every link in the page"
import json, sys, xml.etree.ElementTree as ET
S = '{http://www.w3.org/2000/svg}'
def plots(f):
    page = ET.parse(f).getroot()
    out = []
    for li in page.iter('li'):
        if 'link' not in (li.get('class') or '').split():
            continue
        svg = [s for s in li.iter(S + 'svg') if s.get('class') == 'plot']
        assert len(svg) == 1, (li.get('id'), len(svg))
        curves = [p for p in svg[0].iter(S + 'path') if 'curve' in p.get('class').split()]
        assert len(curves) == 6, len(curves)
        out.append((li.get('data-verdict'), ET.tostring(svg[0])))
    return out
a, b = plots(sys.argv[1]), plots(sys.argv[2])
rep = json.load(open(sys.argv[3]))
assert len(a) == rep['summary']['links'] > 6, (len(a), rep['summary'])
print('ok: --plot: one plot of six curves under each of the', len(a), 'links')
for (va, sa), (vb, sb) in zip(a, b):
    if va == 'fail':
        continue
    assert sa != sb, 'a passing link plotted at the same point with another seed'
print('ok: another seed, another point for every passing link')
PY
ok "--plot plots every link, deterministically for a seed"

# A derive block's steps all stand at its derive: expression: their files
# are told apart by step: one file for each step the -v report lists.
rm -rf d
run --plot=p.yaml:12 --plot-dir=d p.yaml
expect_status 1 "the steps of a derive block"
n=$(grep -c '^p.yaml:12:[0-9]*: note: step [0-9]* plotted: d/p.yaml-12-[0-9]*-s[0-9]*.svg$' out)
want=$("$DERIVCHECK" -v p.yaml | grep -c '^p.yaml:12:17: step')
[ "$want" -ge 2 ] && [ "$n" -eq "$want" ] && [ "$(ls d | grep -c -- "-s[0-9]*.svg$")" -eq "$n" ] || fail "derive block: $n notes, files $(ls d | tr '\n' ' ')"
ok "a derive block's $n steps, one file each"

# A link with no symbol cannot be plotted: a warning, not an error.
spec c.yaml <<'EOF'
sections:
  - blocks:
      - chains:
          - "2 + 2 = 4"
          - "x = x"
EOF
run --plot=c.yaml:4 --plot-dir=d2 c.yaml
expect_status 0 "a constant link asked for"
expect_text err "derivcheck: warning: --plot=c.yaml:4: step 2 cannot be plotted" "a constant link: the warning"
[ ! -e d2 ] || [ -z "$(ls d2)" ] || fail "a constant link was plotted"
ok "a constant link is not plotted"

# With -j the plots are made in other processes: the same page.
run --format=html --plot=p.yaml:8 -o j1.html p.yaml c.yaml
expect_status 1 "--plot with two specs"
run --format=html --plot=p.yaml:8 -j 2 -o j2.html p.yaml c.yaml
cmp -s j1.html j2.html || fail "--plot: -j 2 differs from -j 1"
ok "--plot: the same page with -j 2"
