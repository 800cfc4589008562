#!/bin/sh
# tests/cli/html.sh: --format=html and --plot-dir.
#
# The page and every SVG are read with Python's XML parser (the page is
# well-formed XML on purpose).  The counts are compared with the JSON
# report of the same specs, a separate writer: every link is marked once
# with its verdict, the failure list holds every failing link and points
# at an id on the page, each failure has a plot with six curves.  Hostile
# titles, text and file names stay text.  The plots of small links are
# compared with what their formulas give by hand.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read the XML"
if [ ! -f /usr/share/javascript/katex/katex.min.js ]; then
  echo "SKIP: KaTeX is not installed (Debian package libjs-katex, from katex)"
  exit 77
fi
specs="$top_srcdir/specs"

run --format=json "$specs" "$specs/broken"
expect_status 1 "json report of specs/ and specs/broken/"
mv out report.json
run --format=html -o page.html "$specs" "$specs/broken"
expect_status 1 "html report of specs/ and specs/broken/"
expect_empty out "html -o: nothing on standard output"

# The checks on the page, against the JSON report.
python3 - page.html report.json <<'PY' || fail "html page against the JSON report"
import json, sys, xml.etree.ElementTree as ET
page = ET.parse(sys.argv[1]).getroot()
rep = json.load(open(sys.argv[2]))
S = '{http://www.w3.org/2000/svg}'
def cls(e): return (e.get('class') or '').split()
links = [e for e in page.iter('li') if 'link' in cls(e)]
want = {'pass': 0, 'proved': 0, 'fail': 0, 'undetermined': 0}
for spec in rep['specs']:
    for sec in spec['sections']:
        for b in sec['blocks']:
            for c in b.get('chains', []):
                for l in c['links']:
                    v = l['verdict']
                    if v == 'pass' and l.get('proof') == 'exact':
                        v = 'proved'
                    want[v] += 1
got = {k: 0 for k in want}
for e in links:
    got[e.get('data-verdict')] += 1
    assert e.get('data-verdict') in cls(e), e.attrib
assert got == want, (got, want)
print('ok: every link marked once, verdicts as in the JSON report:', got)
# Positions: every marked link names file:line:col.
import re
for e in links:
    a = [x for x in e.iter('a') if 'pos' in cls(x)][0]
    assert re.fullmatch(r'.+\.yaml:\d+:\d+', a.text), a.text
print('ok: every link shows file:line:col')
# The summary: exit status and counts.
head = [e for e in page.iter('header') if e.get('id') == 'summary'][0]
assert head.get('data-status') == '1', head.attrib
cells = {td.get('data-count'): int(td.text) for td in head.iter('td')}
# ('skipped' counts a post's unread links; the page does not show it yet.)
for k, v in rep['summary'].items():
    if k not in ('ok', 'skipped'):
        assert cells[k] == v, (k, cells[k], v)
print('ok: the summary shows exit status 1 and the JSON totals')
# The failure list comes before the specs and points at marked links.
body = page.find('body')
order = [e.tag for e in body]
assert order.index('nav') < order.index('main'), order
nav = body.find('nav')
allids = [e.get('id') for e in page.iter() if e.get('id')]
# specs/ holds specs/broken/: each spec is there twice, its ids are not
assert len(allids) == len(set(allids)), 'an id is used twice'
ids = set(allids)
items = list(nav.iter('li'))
assert len(items) == want['fail'] + want['undetermined'], len(items)
for li in items:
    href = li.find('a').get('href')
    assert href[0] == '#' and href[1:] in ids, href
print('ok: the failure list, first, links every failure to its step')
# A plot for every failing link: six curves, the counterexample marked.
for e in links:
    svgs = list(e.iter(S + 'svg'))
    if e.get('data-verdict') != 'fail':
        assert not svgs, 'a plot under a passing link'
        continue
    top = [s for s in svgs if 'plot' in cls(s)]
    assert len(top) == 1, len(top)
    curves = [p for p in top[0].iter(S + 'path') if 'curve' in cls(p)]
    assert len(curves) == 6, len(curves)
    assert len([c for c in top[0].iter(S + 'circle') if 'cex' in cls(c)]) >= 4
print('ok: each failing link has one plot of six curves, the point marked')
PY
ok "html page checked against the JSON report"

# The same bytes again, and with -j (pieces made in other processes).
run --format=html -o again.html "$specs" "$specs/broken"
cmp -s page.html again.html || fail "html: two runs differ"
run --format=html -j 2 -o jobs.html "$specs" "$specs/broken"
cmp -s page.html jobs.html || fail "html: -j 2 differs from -j 1"
ok "html: deterministic, and the same with -j 2"

# Hostile input: markup in the title, a section title, a text block, a
# symbol's LaTeX and the file name stays text.
hostile='x"<i>&.yaml'
spec "$hostile" <<'EOF2'
title: "</title><script>alert(1)</script>"
symbols:
  x: {latex: '\text{<b>x</b>}'}
sections:
  - title: '<img src=x onerror="alert(1)">&amp; ]]> <!--'
    blocks:
      - text: "<script>alert(2)</script> a & b, $x < y$ and \\$5 'q' \"dq\" ]]> <!-- -->"
      - chains:
          - "x*x = x^2 + 1"
EOF2
run --format=html -o hostile.html "$hostile"
expect_status 1 "html of a hostile spec"
python3 - hostile.html <<'PY' || fail "html: hostile input"
import sys, xml.etree.ElementTree as ET
page = ET.parse(sys.argv[1]).getroot()
tags = [e.tag for e in page.iter()]
assert 'img' not in tags and 'i' not in tags and 'b' not in tags, tags
scripts = list(page.iter('script'))
# ours: the error watch, KaTeX, the typesetting
assert len(scripts) == 3, len(scripts)
assert not any('alert' in (s.text or '') for s in scripts)
text = ''.join(page.itertext())
for s in ['</title><script>alert(1)</script>',
          '<img src=x onerror="alert(1)">&amp; ]]> <!--',
          "<script>alert(2)</script> a & b, ", ' and $5 \'q\' "dq" ]]> <!-- -->',
          'x"<i>&.yaml:9:20', '\\text{<b>x</b>}']:
    assert s in text, s
math = [e.text for e in page.iter('span') if e.get('class') == 'math']
assert 'x < y' in math, math
print('ok: hostile title, section, text, LaTeX and file name are text')
PY
ok "html: no spec can inject markup or script"

# A spec that does not load is listed with its errors, the page still
# written, the status 2; a file name with a control character (the byte
# that numbers the ids inside derivcheck) and an invalid UTF-8 byte keeps
# the ids distinct and the page well-formed.
spec bad.yaml <<'EOF2'
sections:
  - blocks:
      - chains: ["x + = 1"]
EOF2
odd=$(printf 'odd\001\377.yaml')
cp "$hostile" "$odd"
run --format=html -o broken.html bad.yaml "$odd" "$hostile"
expect_status 2 "html with a spec that does not load"
python3 - broken.html <<'PY' || fail "html: a spec that does not load"
import sys, xml.etree.ElementTree as ET
page = ET.parse(sys.argv[1]).getroot()
head = [e for e in page.iter('header') if e.get('id') == 'summary'][0]
assert head.get('data-status') == '2', head.attrib
cells = {td.get('data-count'): int(td.text) for td in head.iter('td')}
assert cells['invalid'] == 1 and cells['specs'] == 3, cells
items = list(page.find('body').find('nav').iter('li'))
assert [li.get('class') for li in items] == ['invalid', 'fail', 'fail'], items
pre = [e for e in page.iter('pre') if e.get('class') == 'diagnostics']
assert len(pre) == 1 and 'bad.yaml:3:' in pre[0].text, pre
ids = [e.get('id') for e in page.iter() if e.get('id')]
assert len(ids) == len(set(ids)), ids
text = ''.join(page.itertext())
assert 'odd\\x01\\xff.yaml:9:20' in text, 'quoted as in the text report'
print('ok: an invalid spec is listed with its errors; odd bytes stay text')
PY
ok "html: a spec that does not load, and a file name with odd bytes"

# --plot-dir: one SVG per failing link, named after the spec and the
# step's position, listed in the text report.
run --plot-dir=plots "$specs/broken"
expect_status 1 "text report with --plot-dir"
n=$(grep -c '^  plot: plots/' out)
nf=$("$DERIVCHECK" --format=json "$specs/broken" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["failed"])')
[ "$n" -gt 0 ] && [ "$n" -eq "$nf" ] || fail "--plot-dir: $n plot lines, expected $nf"
[ "$(ls plots | wc -l)" -eq "$n" ] || fail "--plot-dir: $(ls plots | wc -l) files for $n plots"
expect_text out "  plot: plots/$(echo "$specs/broken/sigmoid-plus.yaml" | tr -c 'A-Za-z0-9._\n-' _)-24-16.svg" "--plot-dir: the file name"
python3 - plots/*.svg <<'PY' || fail "--plot-dir: SVG files"
import sys, xml.etree.ElementTree as ET
S = '{http://www.w3.org/2000/svg}'
for f in sys.argv[1:]:
    root = ET.parse(f).getroot()
    assert root.tag == S + 'svg', root.tag
    curves = [p for p in root.iter(S + 'path') if 'curve' in p.get('class')]
    assert len(curves) == 6, (f, len(curves))
print('ok: every plot file is an SVG of six curves')
PY
ok "--plot-dir writes one parseable SVG per failing link"

# By hand: x*y = x*y + 1000*y differs by -1000*y, which changes only with
# y: the plot is along y, and the difference, a line, is on a linear
# scale.  With sqrt(x)^2 the left side is undefined for x < 0: a gap, so
# the left curve has fewer points than the right one.  exp(x) = exp(x) +
# exp(2*x) differs by exp(2*x), which spans orders of magnitude over the
# window: a log scale.
spec hand.yaml <<'EOF2'
sections:
  - blocks:
      - chains:
          - "x*y = x*y + 1000*y"
      - chains:
          - "sqrt(x)*sqrt(x) = x + 1"
      - chains:
          - "exp(x) = exp(x) + exp(2*x)"
EOF2
run --plot-dir=hand hand.yaml
expect_status 1 "hand-made failures"
python3 - hand/*.svg <<'PY' || fail "plots by hand"
import sys, re, xml.etree.ElementTree as ET
S = '{http://www.w3.org/2000/svg}'
def load(f):
    root = ET.parse(f).getroot()
    paths = {tuple(p.get('class').split()[1:]): p.get('d')
             for p in root.iter(S + 'path')}
    texts = [t.text or '' for t in root.iter(S + 'text')]
    return root, [p for p in root.iter(S + 'path')], texts
files = sorted(sys.argv[1:], key=lambda f: int(f.split('-')[-2]))
assert len(files) == 3, files
_, paths, texts = load(files[0])
assert any(t.startswith('y = ') for t in texts), texts
assert not any('log10' in t for t in texts), texts
# the difference -1000*y is a straight line: equal steps in y
d = [tuple(map(float, m)) for m in re.findall(r'[ML]([-\d.]+) ([-\d.]+)', paths[2].get('d'))]
steps = {round(d[i + 1][1] - d[i][1], 1) for i in range(len(d) - 1)}
assert len(steps) <= 2, steps
print('ok: x*y vs x*y + 1000*y is plotted along y, its difference a line')
_, paths, texts = load(files[1])
left, right = paths[0].get('d'), paths[1].get('d')
assert left.count('L') + left.count('M') < right.count('L') + right.count('M') == 161, (left.count('L'), right.count('L'))
print('ok: sqrt(x)^2 leaves a gap where x < 0')
_, paths, texts = load(files[2])
assert any('log10 |left - right|' in t for t in texts), texts
print('ok: a difference exp(2x) over orders of magnitude is on a log scale')
PY
ok "plots agree with the formulas worked by hand"

# Options: --html-assets refers to KaTeX instead of inlining it; it needs
# --format=html; -o without --emit needs --format=html.
run --format=html --html-assets=katex -o linked.html "$specs/broken/sigmoid-plus.yaml"
expect_status 1 "--html-assets"
grep -q '<script src="katex/katex.min.js"></script>' linked.html || fail "--html-assets: no script reference"
grep -q '<link rel="stylesheet" href="katex/katex.min.css"/>' linked.html || fail "--html-assets: no stylesheet reference"
[ "$(wc -c <linked.html)" -lt 200000 ] || fail "--html-assets: KaTeX still inlined"
ok "--html-assets=DIR refers to DIR/katex.min.js and DIR/katex.min.css"
run --html-assets=katex "$specs/broken/sigmoid-plus.yaml"
expect_status 2 "--html-assets without --format=html"
expect_text err "derivcheck: error: --html-assets is for --format=html" "--html-assets alone"
run --format=html "$specs/broken/sigmoid-plus.yaml"
expect_status 1 "html to standard output"
python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' out || fail "html on stdout does not parse"
ok "--format=html without -o writes the page to standard output"
run --plot-dir=hand.yaml "$specs/broken/sigmoid-plus.yaml"
expect_status 2 "--plot-dir naming a file"
expect_text err "derivcheck: error: cannot write plots to 'hand.yaml': Not a directory" "--plot-dir on a file"
ok "--plot-dir on a file is a usage error"

# A post's skips (what cannot be read) are on the page, marked
# "skipped" where they stand in the post, with position, links and
# reason, and counted in the summary.  Expected by hand from the post:
# the display at line 12 (a definition, 1 link), 16 (an index condition,
# 1), 20 (a matrix, 1), 24 (no '=', 0), the row at 32 of the chain at
# 31-34 (a sum: the links 31-32 and 32-33, 2), 39 (no '=', 0): 5 links.
post="$top_srcdir/tests/data/posts/hexo-skips.md"
run --format=html -o skips.html "$post"
expect_status 0 "html of a post with skips"
python3 - skips.html "$post" <<'PY' || fail "html: the skips of a post"
import sys, xml.etree.ElementTree as ET
page = ET.parse(sys.argv[1]).getroot()
post = sys.argv[2]
def cls(e): return (e.get('class') or '').split()
def pos(e): return [a for a in e.iter('a') if 'pos' in cls(a)][0].text
order = [(('skip' if 'skip' in cls(e) else 'link'), pos(e)) for e in page.iter()
         if 'skip' in cls(e) or 'link' in cls(e)]
want = [('skip', '12:1'), ('skip', '16:1'), ('skip', '20:1'), ('skip', '24:1'),
        ('link', '31:14'), ('link', '34:14'), ('skip', '32:14'), ('skip', '39:1')]
assert order == [(k, post + ':' + p) for k, p in want], order
skips = [e for e in page.iter('div') if 'skip' in cls(e)]
links = [int([s for s in e.iter('span') if 'skip-links' in cls(s)][0].get('data-links'))
         for e in skips]
assert links == [1, 1, 1, 0, 2, 0], links
for e in skips:
    assert e.get('data-verdict') == 'skipped'
    assert [s for s in e.iter('span') if 'verdict' in cls(s)][0].text == 'skipped'
text = [''.join(e.itertext()) for e in skips]
assert 'a definition (:=)' in text[0] and "'\\sum' is not read" in text[4], text
assert '\\log p \\le 0' in text[3], 'the excerpt of the line'
assert [s.text for e in skips for s in e.iter('span') if 'skip-links' in cls(s)] == \
    ['1 link not checked'] * 3 + ['not read', '2 links not checked', 'not read']
note = [p for p in page.iter('p') if 'skipped-note' in cls(p)]
assert len(note) == 1 and note[0].text.startswith('5 links of posts could not be read'), note
head = [e for e in page.iter('header') if e.get('id') == 'summary'][0]
cells = {td.get('data-count'): int(td.text) for td in head.iter('td')}
assert cells['skipped'] == 5 and cells['links'] == 2, cells
print('ok: six skips where they stand, 5 links skipped in the summary')
PY
ok "html: a post's skips are marked and counted"
