#!/bin/sh
# tools/valgrind-check.sh DERIVCHECK SRCDIR: memcheck over real inputs.
#
# Runs derivcheck under valgrind on every example and broken spec, a
# --derive, an exact disproof, and the whole bad-input corpus
# (tests/errors.sh with DERIVCHECK pointing at a valgrind wrapper), and
# fails on any memcheck error or any definitely or indirectly lost block.
# Exit statuses are not changed by valgrind (no --error-exitcode), so the
# corpus still compares them; errors are read from the per-process logs.
# Still-reachable memory (FLINT's and MPFR's caches, freed by exit) is not
# a leak of derivcheck's and is not counted.  No suppression is needed:
# libfyaml's 512-byte leak after a syntax error (RELIABILITY.md, seen with
# LeakSanitizer) shows up here only as still reachable.
set -u
dc=${1:?usage: valgrind-check.sh DERIVCHECK SRCDIR}
src=${2:?usage: valgrind-check.sh DERIVCHECK SRCDIR}
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not found: apt-get install valgrind"; exit 2; }
case $dc in /*) ;; *) dc=$PWD/$dc ;; esac
case $src in /*) ;; *) src=$PWD/$src ;; esac
logs=$(mktemp -d "${TMPDIR:-/tmp}/derivcheck-vg.XXXXXX") || exit 2
trap 'rm -rf "$logs"' EXIT
wrap=$logs/derivcheck
cat >"$wrap" <<WRAP
#!/bin/sh
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --show-leak-kinds=definite,indirect \
  --log-file="$logs/log.%p" "$dc" "\$@"
WRAP
chmod +x "$wrap"

runs=0
for spec in "$src"/specs/*.yaml "$src"/specs/broken/*.yaml; do
  "$wrap" "$spec" >/dev/null 2>&1
  runs=$((runs + 1))
done
"$wrap" --derive='diff(1/(1 + exp(-x)), x)' >/dev/null 2>&1
"$wrap" --format=json -e '1 + 10^-100 = 1' >/dev/null 2>&1
runs=$((runs + 2))
top_srcdir=$src DERIVCHECK=$wrap sh "$src/tests/errors.sh" >"$logs/errors.out" 2>&1 ||
  { cat "$logs/errors.out"; echo "valgrind-check: the corpus failed under valgrind"; exit 1; }
runs=$((runs + $(ls -d "$src"/tests/errors/*/ | wc -l)))

bad=0
for log in "$logs"/log.*; do
  [ -s "$log" ] || continue
  bad=$((bad + 1))
  echo "== $log"; head -40 "$log"
done
echo "valgrind: $((runs - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
