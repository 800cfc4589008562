#!/bin/sh
# tools/html-check.sh: load an HTML report of derivcheck in headless
# Chromium and fail on any script or KaTeX error; count the typeset
# formulas and the marked steps, and take a screenshot.  Run by `make
# check-html`, not by `make check`: it needs the chromium package, which
# the README's install command leaves out.
#
# usage: tools/html-check.sh REPORT.html REPORT.json [SCREENSHOT.png]
#   REPORT.json is the --format=json report of the same specs, whose
#   links the page's marked steps must match one for one.
set -eu
page=$1
json=$2
shot=${3:-}
command -v chromium >/dev/null 2>&1 || { echo "chromium is not installed"; exit 77; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/derivcheck-html.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cp "$page" "$dir/report.html"

chrome() {
  timeout 300 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$dir/profile" \
    --virtual-time-budget=30000 "$@" "file://$dir/report.html" 2>/dev/null
}
chrome --dump-dom >"$dir/dom.html"
[ -n "$shot" ] && chrome --window-size=1100,2400 --screenshot="$shot" >/dev/null

python3 - "$dir/report.html" "$dir/dom.html" "$json" <<'PY'
import json, re, sys
src = open(sys.argv[1], encoding='utf-8').read()
dom = open(sys.argv[2], encoding='utf-8').read()
rep = json.load(open(sys.argv[3]))
body = re.search(r'<body([^>]*)>', dom)
if not body:
    sys.exit('no <body> in the DOM: the page did not load')
attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', body.group(1)))
render = attrs.get('data-render', '')
print('data-render:', render[:2000])
if render != 'ok':
    sys.exit('the page did not render cleanly')
nmath = len(re.findall(r'class="math( display)?"', src))
if (int(attrs.get('data-rendered', -1)) != nmath or
        re.search(r'class="[^"]*katex-failed', dom)):
    sys.exit('typeset only %s of %d formulas' % (attrs.get('data-rendered'), nmath))
print('typeset all %d formulas' % nmath)
nkatex = len(re.findall(r'class="katex"', dom))
if nkatex < nmath:
    sys.exit('only %d KaTeX renderings for %d formulas' % (nkatex, nmath))
marks = re.findall(r'<li class="link ([a-z]+)" data-verdict="([a-z]+)"', dom)
want = sum(len(c['links']) for s in rep['specs'] for sec in s['sections']
           for b in sec['blocks'] for c in b.get('chains', []))
fails = sum(1 for m in marks if m[1] == 'fail')
print('marked steps: %d (the JSON report has %d links), failing: %d (%d)'
      % (len(marks), want, fails, rep['summary']['failed']))
if len(marks) != want or fails != rep['summary']['failed']:
    sys.exit('the marked steps do not match the JSON report')
# No spec added an element: the page's scripts are only its own three
# (the error watch, KaTeX, the typesetting), and no image or link.
nscript = len(re.findall(r'<script\b', dom))
if nscript != len(re.findall(r'<script\b', src)) or nscript > 3:
    sys.exit('%d scripts in the page' % nscript)
outside = re.sub(r'<(script|style)\b.*?</\1>', '', dom, flags=re.S)
if re.search(r'<img\b|<b\b|href="javascript:', outside):
    sys.exit('an element or a javascript: URL from a spec')
plots = len(re.findall(r'<figure class="plot">', dom))
if plots != fails:
    sys.exit('%d plots for %d failing links' % (plots, fails))
print('a plot for each of the %d failing links' % plots)
PY
echo "$page: rendered without error"
