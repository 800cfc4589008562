#!/bin/sh
# tests/oom.sh: memory that runs out at any allocation ends in
# "derivcheck: error: out of memory" and exit status 3 (or, where the
# failure is absorbed, in exactly the output of a run without one), never
# in a crash, a hang or a wrong verdict, and without leaking.
#
# tests/oomshim.so (LD_PRELOAD) makes allocation number N fail, for N = 1,
# 2, 3, ... over real runs: the first OOM_EVERY allocations one by one,
# then OOM_SPREAD more, one in each of OOM_SPREAD equal slices of the rest
# of the run (where in its slice from a fixed generator, so the set is the
# same on every run and every stretch of the run is hit); and OOM_FROM
# runs in which every allocation from some N on fails.  A run passes when
#   - its exit status and standard output are those of the run without a
#     failure (the failure was absorbed), or
#   - it exits 3 and a line of stderr is "derivcheck: error: out of
#     memory" (the first, unless the report was out before the document
#     ran out),
# and, when it ended by returning (the shim's report was written; GMP,
# MPFR and FLINT cannot return a failure, so derivcheck ends at once
# inside them), no more blocks are live at exit than without a failure.
# Blocks libfyaml made itself are not counted: libfyaml 0.7.12 leaks on
# its own error paths.  Allocations made under libfyaml's fy_input_create
# are never failed: libfyaml 0.7.12 dereferences the NULL that
# fy_input_create returns then (fy_parse_input_append checks the parser
# pointer instead of the input's), a crash no caller can prevent.
#
# make check runs a quick sample (OOM_QUICK=1, a few seconds); make
# check-oom runs the full one (several minutes).
srcdir=${top_srcdir:-$(dirname "$0")/..}
: "${DERIVCHECK:?DERIVCHECK must name the derivcheck program}"
shim=${OOM_SHIM:-${top_builddir:-.}/tests/oomshim.so}
[ -f "$shim" ] || { echo "SKIP: no $shim"; exit 77; }
# An LD_PRELOAD allocator and AddressSanitizer's cannot share a process.
if command -v ldd >/dev/null 2>&1 && ldd "$DERIVCHECK" 2>/dev/null |
   grep -q 'libasan\|libclang_rt'; then
  echo "SKIP: derivcheck is built with a sanitizer"
  exit 77
fi
if [ -n "$OOM_QUICK" ]; then
  every=${OOM_EVERY:-40} spread=${OOM_SPREAD:-10} from=${OOM_FROM:-2}
else
  every=${OOM_EVERY:-1500} spread=${OOM_SPREAD:-300} from=${OOM_FROM:-40}
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/derivcheck-oom.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
cd "$tmp" || exit 99
export OOM_SPARE=fy_input_create

# run MODE N ARGS...: one run with allocation N failing (MODE is AT or
# FROM; N = 0: none); sets rc, and the shim's counts in allocs, live.
run()
{
  mode=$1 n=$2
  shift 2
  rm -f report
  ( exec timeout 20 env "OOM_FAIL_$mode=$n" OOM_REPORT="$tmp/report" \
      LD_PRELOAD="$shim" "$DERIVCHECK" "$@" >out 2>err ) 2>/dev/null
  rc=$?
  allocs=- live=-
  [ -f report ] && read -r allocs live fy spared <report
}

# The sample of allocation numbers for a run of `total` allocations.
sample()
{
  awk -v total="$1" -v every="$every" -v spread="$spread" 'BEGIN {
    for (n = 1; n <= every && n <= total; n++) print n
    if (total <= every) exit
    seed = 12345
    for (i = 0; i < spread; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      print int(every + (total - every) * (i + seed / 2147483648) / spread) + 1
    }
  }'
}

failed=0 total_runs=0
# check_case NAME ARGS...: every sampled N of one command line.
check_case()
{
  name=$1
  shift
  run AT 0 "$@"
  base_rc=$rc base_live=$live base_allocs=$allocs
  cp out base.out
  if [ "$base_allocs" = - ]; then
    echo "FAIL: $name: the shim wrote no report (is it preloaded?)"
    failed=$((failed + 1))
    return
  fi
  same=0 returned=0 library=0 bad=0
  # With -j the parent allocates little: OOM_TOTAL says how far the
  # children (which inherit the count) go.
  span=${OOM_TOTAL:-$base_allocs}
  for spec in $(sample "$span" | sed 's/^/AT:/') \
              $(awk -v t="$span" -v k="$from" 'BEGIN {
                  for (i = 1; i <= k; i++) print "FROM:" int(t * i / (k + 1)) }'); do
    mode=${spec%%:*} n=${spec#*:}
    run "$mode" "$n" "$@"
    total_runs=$((total_runs + 1))
    first=$(head -n 1 err)
    why=
    if [ "$rc" = "$base_rc" ] && cmp -s out base.out; then
      same=$((same + 1))
    elif [ "$rc" = 3 ] && grep -qx "derivcheck: error: out of memory" err; then
      if [ "$live" = - ]; then
        library=$((library + 1))
      else
        returned=$((returned + 1))
      fi
    else
      why="exit $rc, stderr: $first"
    fi
    if [ -z "$why" ] && [ "$live" != - ] && [ "$live" -gt "$base_live" ]; then
      why="$live blocks live at exit, $base_live without a failure"
    fi
    if [ -n "$why" ]; then
      bad=$((bad + 1))
      echo "FAIL: $name: OOM_FAIL_$mode=$n: $why"
    fi
  done
  echo "$name: $base_allocs allocations; absorbed $same, out of memory" \
       "$returned (returned) + $library (in GMP/MPFR/FLINT), failed $bad"
  failed=$((failed + bad))
}

specs="$srcdir/specs"
check_case bce "$specs/bce.yaml"
[ -n "$OOM_QUICK" ] && every=10 spread=6 from=1
check_case derive "$specs/derive.yaml"
if [ -z "$OOM_QUICK" ]; then
  check_case post "$specs/posts/backprop-post.md"
  check_case broken "$specs/broken/sigmoid-plus.yaml"
  check_case tap "--format=tap" "$specs/broken/sign-error.yaml"
  check_case json "--format=json" "$specs/softmax-ce.yaml"
  check_case html "--format=html" "$specs/broken/power-rule.yaml"
  check_case latex "--emit=latex" "-o" "$tmp/doc.tex" "$specs/bce.yaml"
  check_case markdown "--emit=markdown" "$specs/tanh.yaml"
  OOM_TOTAL=60000 check_case jobs "-j" "2" "$specs/tanh.yaml" "$specs/softplus.yaml"
  check_case derive-option "--derive=diff(1/(1 + exp(-x)), x)"
  check_case chain "-e" "diff(x^3, x) = 3*x^2"
  check_case folder "$specs/broken"
fi
echo "$total_runs runs, $failed failed"
[ "$failed" -eq 0 ]
