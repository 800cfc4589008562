#!/bin/sh
# tests/cli/posts-expected.sh: the posts of tests/posts/expected.txt (in
# the styles of Pandoc, kramdown and \[ \] displays) against the verdicts
# written there by hand and decided again with SymPy by
# tests/posts/verify.py (`make verify-posts`).  Every link row must be
# reported with its verdict at its line and column, every skip row as a
# skip there with its reason, and nothing else may be reported.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
table=$top_srcdir/tests/posts/expected.txt
posts=$top_srcdir/tests/data/posts

for post in $(grep -v '^#' "$table" | cut -d'|' -f1 | sort -u); do
  run -v "$posts/$post"
  # What derivcheck said: "LINE:COL VERDICT" per link, "LINE:COL skip" per
  # skip, sorted.
  sed -n "s|^$posts/$post:\\([0-9]*:[0-9]*\\): step [0-9]*: \\([a-z]*\\).*|\\1 \\2|p" out >got.txt
  sed -n "s|^$posts/$post:\\([0-9]*:[0-9]*\\): note: skipped .*|\\1 skip|p" err >>got.txt
  sort got.txt >got.sorted
  grep "^$post|[0-9]" "$table" | awk -F'|' '{print $2, $3}' | sort >want.sorted
  cmp -s got.sorted want.sorted ||
    fail "$post: verdicts differ from expected.txt: $(diff want.sorted got.sorted | tr '\n' ' ')"
  grep "^$post|[0-9]*:[0-9]*|skip|" "$table" | while IFS='|' read -r f pos v links reason; do
    grep -F "$posts/$post:$pos: note: skipped ($links link" err | grep -qF -- "$reason" ||
      fail "$post: no skip at $pos with '$reason'"
  done
  n=$(wc -l <want.sorted)
  ok "$post: all $n verdicts and skips at their places"
  if grep -q "^$post|[0-9:]*|fail|" "$table"; then
    expect_status 1 "$post: a wrong step fails the run"
  else
    expect_status 0 "$post"
  fi
done
