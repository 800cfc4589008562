#!/bin/sh
# tests/katex.sh: every formula derivcheck emits renders in KaTeX.
#
# For every spec in specs/ and specs/broken/ (a broken spec still emits its
# derivation), take the display blocks of --emit=markdown (what stands
# between '$$' lines: one formula, or a whole \begin{align} ... \end{align},
# which KaTeX accepts in display mode) and render each with
#   NODE_PATH=/usr/share/nodejs katex --display-mode
# reading the TeX on standard input.  KaTeX throws on an error by default:
# a non-zero exit or a 'ParseError' anywhere in its output is a failure,
# reported with the spec, the block and KaTeX's message.
#
# Exit 77 (skipped) only when the katex command is absent.  Uses
# $DERIVCHECK and $top_srcdir (see AM_TESTS_ENVIRONMENT).

if [ -z "${DERIVCHECK:-}" ] || [ -z "${top_srcdir:-}" ]; then
  echo "katex.sh: DERIVCHECK and top_srcdir must be set" >&2
  exit 99
fi
if ! command -v katex >/dev/null 2>&1; then
  echo "katex.sh: the katex command is not installed (Debian: apt-get install katex)"
  exit 77
fi
NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
export NODE_PATH

tmp=$(mktemp -d "${TMPDIR:-/tmp}/derivcheck-katex.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

# KaTeX itself must work, and must reject bad TeX, or the test proves
# nothing.
printf '%s' '\frac{1}{2}' | katex --display-mode >"$tmp/probe" 2>&1 ||
  { echo "katex.sh: katex fails on \\frac{1}{2}:"; cat "$tmp/probe"; exit 99; }
if printf '%s' '\frac{1}{' | katex --display-mode >"$tmp/probe" 2>&1; then
  echo "katex.sh: katex accepts '\\frac{1}{': it does not throw on errors"
  exit 99
fi

# render_blocks FILE...: each file's TeX through KaTeX (display mode,
# errors thrown); prints "BAD FILE MESSAGE" per failure, exit 1 if any.
render_blocks()
{
  node -e '
const katex = require("katex");
const fs = require("fs");
let bad = 0;
for (const f of process.argv.slice(1)) {
  try {
    katex.renderToString(fs.readFileSync(f, "utf8"),
                         { displayMode: true, throwOnError: true });
  } catch (e) {
    console.log("BAD " + f + " " + String(e.message).split("\n")[0]);
    bad++;
  }
}
process.exit(bad ? 1 : 0);' "$@"
}

nblocks=0
nfail=0
for spec in "$top_srcdir"/specs/*.yaml "$top_srcdir"/specs/broken/*.yaml; do
  case $spec in *-context.yaml) continue ;; esac   # a post's context
  [ -f "$spec" ] || continue
  name=${spec#"$top_srcdir"/}
  "$DERIVCHECK" --emit=markdown "$spec" >"$tmp/doc.md" 2>"$tmp/err"
  st=$?
  if [ "$st" -ne 0 ] && [ "$st" -ne 1 ]; then
    echo "FAIL: $name: derivcheck --emit=markdown exited $st"
    sed 's/^/  /' "$tmp/err"
    nfail=$((nfail + 1))
    continue
  fi
  rm -f "$tmp"/block.*
  # Split the display blocks into block.1, block.2, ...
  awk -v dir="$tmp" '
    $0 == "$$" { if (inside) { close(f); inside = 0 }
                 else { n++; f = dir "/block." n; printf "" > f; inside = 1 }
                 next }
    inside { print > f }
  ' "$tmp/doc.md"
  n=0
  for block in "$tmp"/block.*; do
    [ -f "$block" ] && n=$((n + 1))
  done
  nblocks=$((nblocks + n))
  # One node process renders all of a spec's blocks (a katex process per
  # block cost most of this test's time); a block that throws is named.
  if [ "$n" -gt 0 ] && ! render_blocks "$tmp"/block.* >"$tmp/kout" 2>&1; then
    while read -r tag block msg; do
      [ "$tag" = BAD ] || continue
      echo "FAIL: $name: display block ${block##*.} does not render:"
      sed 's/^/    /' "$block"
      echo "  $msg"
      nfail=$((nfail + 1))
    done <"$tmp/kout"
    grep -q '^BAD ' "$tmp/kout" || { cat "$tmp/kout"; nfail=$((nfail + 1)); }
  fi
  if [ "$n" -eq 0 ]; then
    echo "FAIL: $name: no display math in the emitted post"
    nfail=$((nfail + 1))
  else
    echo "ok: $name: $n display blocks render"
  fi
done
echo "$nblocks display blocks, $nfail failures"
[ "$nblocks" -gt 0 ] || { echo "FAIL: no display blocks at all"; exit 1; }
[ "$nfail" -eq 0 ]
