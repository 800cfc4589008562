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

# Every chain wrong (each right side doubled): every link fails, each with
# a ball certificate and a counterexample naming all 12 inputs of the
# (2,1) network (the loss reaches every parameter, x_i and y).  Such links
# fail at one point and share its bindings and its balls.
python3 "$gen" 2 1 | sed 's/\(- "pdiff(L, [a-z_0-9]*) = \)/\12*/' >all.yaml
last="derivcheck --format=json all.yaml"
timeout 120 "$DERIVCHECK" --format=json all.yaml >out 2>err
status=$?
expect_status 1 "network (2,1), every chain wrong"
python3 - out <<'PY' || fail "network (2,1), every chain wrong: the JSON report"
import json, sys
rep = json.load(open(sys.argv[1]))
links = [l for s in rep["specs"] for sec in s["sections"] for b in sec["blocks"]
         for c in b.get("chains", []) for l in c["links"]]
assert len(links) == 9, len(links)
for l in links:
    assert l["verdict"] == "fail", l
    cex = l["counterexample"]
    assert cex["certified"] == "ball", cex
    names = sorted(cex["at"])
    assert len(names) == 12 and "y" in names and "c" in names, names
print("9 failures, each certified by a ball, each showing 12 inputs")
PY
ok "network (2,1), every chain wrong: 9 certified failures"

# Diagnoses stop after DC_MAX_DIAGNOSES (20) failures of a spec; the
# later ones still fail, certified, without a note.
{
  echo 'derivcheck: 1'
  echo 'title: Twenty-five wrong steps'
  echo 'sections:'
  echo '  - title: Doubled powers'
  echo '    blocks:'
  echo '      - chains:'
  for i in $(seq 1 25); do echo "          - \"2*x^$i = x^$i\""; done
} >many.yaml
run -q many.yaml
expect_status 1 "25 failing chains"
n=$(grep -c '^  note: the sides differ by the factor 2 ' out)
[ "$n" -eq 20 ] || fail "25 failing chains: $n notes, expected 20"
ok "25 failing chains: the first 20 are diagnosed"
n=$(grep -c ': error: ' out)
[ "$n" -eq 25 ] || fail "25 failing chains: $n failures, expected 25"
ok "25 failing chains: all 25 fail"
n=$(grep -c '^  certified exactly' out)
[ "$n" -eq 25 ] || fail "25 failing chains: $n certificates, expected 25"
ok "25 failing chains: all 25 certified"
