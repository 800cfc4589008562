#!/bin/sh
# tests/cli/determinism.sh: the same input gives the same output, byte for
# byte; a true identity passes under any seed; a false one fails under any.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
write_common_specs

for fmt in text tap json github junit sarif; do
  run --format=$fmt pass.yaml fail.yaml undetermined.yaml
  cp out first.out
  cp err first.err
  run --format=$fmt pass.yaml fail.yaml undetermined.yaml
  cmp -s out first.out || fail "--format=$fmt: stdout differs between two runs"
  cmp -s err first.err || fail "--format=$fmt: stderr differs between two runs"
  ok "--format=$fmt: identical output twice"
done

for seed in 1 2 17 123456789 18446744073709551615; do
  run --seed=$seed pass.yaml
  expect_status 0 "true identities with seed $seed"
  expect_line out "pass.yaml: 2 chains, 3 links: 3 passed (3 proved) (256 bits, 32 samples, seed $seed)" \
    "seed $seed changes nothing but the seed"
  run --seed=$seed fail.yaml
  expect_status 1 "a false step with seed $seed"
done

# Another seed draws other points: the counterexample moves.
run --seed=1 fail.yaml
sed -n 's/^  at //p' out >at1
run --seed=2 fail.yaml
sed -n 's/^  at //p' out >at2
[ -s at1 ] && [ -s at2 ] || fail "no counterexample line"
cmp -s at1 at2 && fail "seeds 1 and 2 gave the same counterexample $(cat at1)"
ok "seeds 1 and 2 give different counterexamples"
