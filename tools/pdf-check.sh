#!/bin/sh
# tools/pdf-check.sh: compile the --emit=latex document of each SPEC with
# pdflatex and read the PDF back, the way an author submitting it would.
#
#   usage: tools/pdf-check.sh DERIVCHECK SPEC...
#
# Fails (exit 1) when pdflatex stops with an error, when a display is
# overfull by more than 10pt (the log's "Overfull \hbox (Npt too wide)
# detected at line", which is how TeX reports a display; paragraphs say
# "in paragraph"), when a character is missing from a font, or when the
# text of the PDF (pdftotext) still holds Markdown markup (**, ](, `) or an
# equation number such as (1).  Needs texlive-latex-base,
# texlive-latex-recommended, texlive-fonts-recommended and poppler-utils.
set -u
dc=$1
shift
for tool in pdflatex pdftotext; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "pdf-check: $tool not found: apt-get install texlive-latex-base" \
         "texlive-latex-recommended texlive-fonts-recommended poppler-utils" >&2
    exit 77
  }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/pdf-check.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
status=0
bad() { echo "FAIL: $spec: $*"; status=1; spec_bad=1; }

for spec in "$@"; do
  spec_bad=0
  name=$(basename "$spec" .yaml)
  tex="$work/$name.tex"
  if ! "$dc" --emit=latex -o "$tex" "$spec" 2>"$work/$name.err"; then
    bad "derivcheck failed: $(tail -3 "$work/$name.err")"
    continue
  fi
  # Twice, as for any document: the first run writes the .aux the second
  # reads; errors are fatal in either.
  ok=1
  for run in 1 2; do
    if ! (cd "$work" && pdflatex -interaction=nonstopmode -halt-on-error \
            "$name.tex" >/dev/null 2>&1); then
      bad "pdflatex failed (run $run):"
      grep -A3 '^!' "$work/$name.log" | head -12
      ok=0
      break
    fi
  done
  [ "$ok" = 1 ] || continue
  log="$work/$name.log"
  over=$(sed -n 's/^Overfull \\hbox (\([0-9.]*\)pt too wide) detected at line \([0-9]*\).*/\1 \2/p' "$log" |
         awk '$1 > 10 { print "line " $2 ": " $1 "pt" }')
  [ -z "$over" ] || bad "overfull displays: $over"
  missing=$(grep 'Missing character' "$log" | head -3)
  [ -z "$missing" ] || bad "missing characters: $missing"
  pdftotext -enc UTF-8 "$work/$name.pdf" "$work/$name.txt" ||
    { bad "pdftotext failed"; continue; }
  txt="$work/$name.txt"
  for mark in '**' '](' '`'; do
    hit=$(grep -nF -- "$mark" "$txt" | head -3)
    [ -z "$hit" ] || bad "Markdown markup '$mark' in the PDF text: $hit"
  done
  num=$(grep -nE '\([0-9]+\)' "$txt" | head -3)
  [ -z "$num" ] || bad "equation numbers in the PDF text: $num"
  pages=$(sed -n 's/^Output written on .*(\([0-9]*\) page.*/\1/p' "$log")
  [ "$spec_bad" = 0 ] && echo "ok: $spec: ${pages:-?} pages"
done
exit $status
