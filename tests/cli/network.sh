#!/bin/sh
# tests/cli/network.sh: the backprop specs of bench/gen_network.py (a
# sigmoid network with a BCE loss).  Every chain of the right spec holds by
# the backprop rule; the --wrong spec drops the factor a_0_1 = x_1 from one
# chain, so that link must fail at the line the generator names, and the
# diagnosis must name x_1 as the lost factor.  The (2,1) diagnosis once
# took seconds (every style of every nested exponential was presented
# again for each monomial), so it runs under a generous time limit that
# only a hang would reach.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v python3 >/dev/null 2>&1 || fail "python3 is needed for bench/gen_network.py"
gen="$top_srcdir/bench/gen_network.py"

for size in "2 1" "3 2"; do
  set -- $size
  python3 "$gen" "$1" "$2" >right.yaml || fail "gen_network $size"
  python3 "$gen" "$1" "$2" --wrong >wrong.yaml 2>gen.err || fail "gen_network $size --wrong"
  line=$(sed -n 's/^wrong-line: //p' gen.err)
  [ -n "$line" ] || fail "gen_network $size --wrong named no line"

  last="timeout 120 derivcheck right.yaml"
  timeout 120 "$DERIVCHECK" right.yaml >out 2>err
  status=$?
  expect_status 0 "network ($1,$2): every backprop chain holds"

  last="timeout 120 derivcheck wrong.yaml"
  timeout 120 "$DERIVCHECK" wrong.yaml >out 2>err
  status=$?
  expect_status 1 "network ($1,$2) --wrong"
  expect_match out "^wrong\.yaml:$line:[0-9]+: error: " "network ($1,$2) --wrong: fails at line $line"
  n=$(grep -c ': error: ' out)
  [ "$n" -eq 1 ] || fail "network ($1,$2) --wrong: $n failures, expected 1"
  ok "network ($1,$2) --wrong: exactly one failure"
done

# The (2,1) diagnosis: the wrong side lacks x_1 (generator's design).
python3 "$gen" 2 1 --wrong >wrong.yaml 2>/dev/null
last="timeout 120 derivcheck wrong.yaml"
timeout 120 "$DERIVCHECK" wrong.yaml >out 2>err
status=$?
expect_status 1 "network (2,1) --wrong again"
expect_line out "  note: the sides differ by the factor x_1 (left = x_1 * right)" \
  "network (2,1) --wrong: the lost factor is named"
