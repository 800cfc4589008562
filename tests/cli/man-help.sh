#!/bin/sh
# tests/cli/man-help.sh: the manual page and --help list the same options.
# From --help: every "-x," and "--name" that starts an option line.  From
# derivcheck.1: every option in the tag line (the line after .TP) of the
# OPTIONS section.  Each list must hold exactly the other's options.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
page="$top_srcdir/derivcheck.1"

run --help
expect_status 0 "--help"
sed -n 's/^  \(-[a-zA-Z]\), \(--[a-z-]*\).*/\1 \2/p; s/^      \(--[a-z-]*\).*/\1/p' out |
  tr ' ' '\n' | sort -u >help.opts

# The tag lines of OPTIONS, with roff's "\-" turned into "-" and the font
# escapes dropped.
awk '/^\.SH / { inopt = ($2 == "OPTIONS"); next }
     inopt && /^\.TP/ { getline; print }' "$page" |
  sed 's/\\-/-/g; s/\\f[BIRP]//g' |
  grep -o -E '(^|[ "])--?[a-zA-Z][a-z-]*' | tr -d ' "' | sort -u >man.opts

[ -s help.opts ] || fail "no option found in --help"
[ -s man.opts ] || fail "no option found in the OPTIONS of derivcheck.1"
if ! cmp -s help.opts man.opts; then
  echo "only in --help:"; comm -23 help.opts man.opts
  echo "only in derivcheck.1:"; comm -13 help.opts man.opts
  fail "derivcheck.1 and --help list different options"
fi
ok "derivcheck.1 and --help list the same $(wc -l <help.opts | tr -d ' ') options"

# The report formats too: what --help names is what the page describes.
for fmt in text tap json github junit sarif html; do
  grep -E "^ .*\b$fmt\b" out >/dev/null || fail "--help does not name --format=$fmt"
  grep -E "^\.(B|BR) $fmt( |$)" "$page" >/dev/null || fail "derivcheck.1 does not describe --format=$fmt"
done
ok "--help and derivcheck.1 name the seven report formats"
