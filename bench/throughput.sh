#!/bin/sh
# Evaluation throughput (issue 8, item 5c): derivcheck's tape against a
# straight-line MPFR C program, both evaluating every entry of the
# gradient of the (W,L) network's loss (default 4 3) at 256 bits.
#
#   throughput.sh BENCH SRCDIR [--seconds=S] [--rounds=N] [W L]
#
# BENCH is the bench/throughput program.  It expands the spec from
# bench/gen_network.py as derivcheck does, times its tape and writes the
# straight-line program of the same DAG, which is compiled here with
# ${CC:-gcc} -O2 and timed on the same points after checking that its
# values equal the tape's within a few ulps.  The two are timed in turn N
# times (default 3) for S seconds of CPU time each (default 2); the best
# of each counts, since a shared machine only ever slows a run down.
# Prints the evaluations per second of each, their ratio and PASS when
# the tape reaches at least 0.7 of the straight line (exit 0), else FAIL
# (exit 1).  Exit 2 when something could not run.
set -u
bench=$1 srcdir=$2
shift 2
seconds=2 rounds=3 w=4 l=3
for a in "$@"; do
  case $a in
  --seconds=*) seconds=${a#--seconds=} ;;
  --rounds=*) rounds=${a#--rounds=} ;;
  *) break ;;
  esac
  shift
done
if [ $# -ge 2 ]; then w=$1 l=$2; fi
TARGET=0.7
tmp=`mktemp -d "${TMPDIR:-/tmp}/throughput.XXXXXX"` || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "throughput: $*" >&2; exit 2; }

python3 "$srcdir/bench/gen_network.py" "$w" "$l" >"$tmp/net.yaml" ||
  fail "gen_network.py failed"
"$bench" --seconds=0 --reps=1 "$tmp/net.yaml" "$tmp" >"$tmp/first.txt" ||
  fail "the bench program failed"
${CC:-gcc} -O2 ${MPFR_CFLAGS:-} -o "$tmp/straight" "$tmp/straight.c" \
  "$srcdir/bench/throughput_straight.c" ${MPFR_LIBS:--lmpfr -lgmp} ||
  fail "the straight-line program does not compile"
"$tmp/straight" "$tmp/points.txt" "$tmp/values.txt" 0 1 >"$tmp/agree.txt"
agree=$?
sed -n 1p "$tmp/first.txt"
sed -n 1p "$tmp/agree.txt"
[ $agree -eq 0 ] || { echo "FAIL: the values differ"; exit 1; }

# evaluations/s from a line "NAME: X evaluations/s ..."
rate() { sed -n 's/^[a-z]*: \([0-9.]*\) evaluations\/s.*/\1/p' "$1"; }
best_tape=0 best_straight=0
i=0
while [ $i -lt "$rounds" ]; do
  "$bench" --seconds="$seconds" "$tmp/net.yaml" "$tmp" >"$tmp/t.txt" ||
    fail "the bench program failed"
  "$tmp/straight" "$tmp/points.txt" "$tmp/values.txt" "$seconds" \
    >"$tmp/s.txt" || fail "the straight-line program failed"
  best_tape=`awk -v a="$best_tape" -v b="\`rate "$tmp/t.txt"\`" \
    'BEGIN { print (b > a ? b : a) }'`
  best_straight=`awk -v a="$best_straight" -v b="\`rate "$tmp/s.txt"\`" \
    'BEGIN { print (b > a ? b : a) }'`
  i=`expr $i + 1`
done
awk -v t="$best_tape" -v s="$best_straight" -v target="$TARGET" \
  -v w="$w" -v l="$l" 'BEGIN {
  r = s > 0 ? t / s : 0
  printf "(%s,%s) gradient at 256 bits, best of the runs:\n", w, l
  printf "  derivcheck tape:       %10.1f evaluations/s\n", t
  printf "  straight-line MPFR C:  %10.1f evaluations/s\n", s
  verdict = r >= target ? "PASS" : "FAIL"
  printf "  ratio %.3f (target >= %s): %s\n", r, target, verdict
  if (r < target)
    exit 1
}'
