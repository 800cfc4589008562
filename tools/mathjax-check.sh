#!/bin/sh
# tools/mathjax-check.sh: put a Markdown post emitted by derivcheck into a
# page with MathJax (Debian's libjs-mathjax) and typeset it in headless
# Chromium; fail when MathJax reports a TeX error.  Run by `make
# check-mathjax`, not by `make check`: it needs the chromium and
# libjs-mathjax packages, which the README's install command leaves out.
#
# usage: tools/mathjax-check.sh POST.md [SCREENSHOT.png]
set -eu
post=$1
shot=${2:-}
mathjax=/usr/share/javascript/mathjax/MathJax.js
command -v chromium >/dev/null 2>&1 || { echo "chromium is not installed"; exit 77; }
[ -f "$mathjax" ] || { echo "libjs-mathjax is not installed"; exit 77; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/derivcheck-mathjax.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# The post after its front matter, HTML-escaped, in one pre-wrapped div:
# MathJax finds the $$ blocks and $ inline math in the text.
{
  cat <<HEAD
<!DOCTYPE html><html><head><meta charset="utf-8">
<script type="text/x-mathjax-config">
MathJax.Hub.Config({tex2jax: {inlineMath: [['\$', '\$']], displayMath: [['\$\$', '\$\$']],
                              processEscapes: true},
  TeX: {extensions: ["AMSmath.js", "AMSsymbols.js", "noErrors.js", "noUndefined.js"],
        noErrors: {disabled: true}, noUndefined: {disabled: true}},
  messageStyle: "none"});
MathJax.Hub.Register.MessageHook("TeX Jax - parse error",
  function (m) { document.title = "MATHJAX ERROR: " + m[1]; });
MathJax.Hub.Register.MessageHook("Math Processing Error",
  function (m) { document.title = "MATHJAX ERROR: processing"; });
MathJax.Hub.Queue(function () {
  if (document.title.indexOf("ERROR") < 0) document.title = "TYPESET OK"; });
</script>
<script src="file://$mathjax?config=TeX-AMS_HTML"></script>
</head><body style="width: 900px"><div style="white-space: pre-wrap">
HEAD
  awk 'NR == 1 && $0 == "---" { fm = 1; next } fm && $0 == "---" { fm = 0; next } !fm' "$post" |
    sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g'
  echo '</div></body></html>'
} >"$dir/post.html"

chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$dir/profile" --allow-file-access-from-files \
    --virtual-time-budget=20000 "$@" "file://$dir/post.html" 2>/dev/null
}
title=$(chrome --dump-dom | sed -n 's:.*<title>\(.*\)</title>.*:\1:p')
[ -n "$shot" ] && chrome --window-size=950,3000 --screenshot="$shot" >/dev/null
echo "$post: $title"
[ "$title" = "TYPESET OK" ]
