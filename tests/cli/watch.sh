#!/bin/sh
# tests/cli/watch.sh: --watch checks again when a spec is saved, in place
# or by writing another file and renaming it over the spec (as editors
# do), in a folder operand too, printing only the reports that changed;
# with --emit -o it rewrites the document; SIGTERM and SIGINT stop it with
# exit status 0.  Every wait is bounded (10 s), and a watch still running
# when the test ends, whatever the reason, is killed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
pid=
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

pass_spec() { printf 'title: %s\nsections:\n  - blocks:\n      - chains:\n          - "x + x = 2*x"\n' "$1"; }
fail_spec() { printf 'sections:\n  - blocks:\n      - chains:\n          - "x + x = 3*x"\n'; }
pass_spec A >a.yaml
pass_spec B >b.yaml
mkdir dir
pass_spec C >dir/c.yaml

# start ARG...: derivcheck --watch in the background, output in ./out and
# ./err, its process id in $pid (wait_for waits for its output).
start()
{
  last="derivcheck --watch $*"
  "$DERIVCHECK" --watch "$@" >out 2>err &
  pid=$!
}

# wait_for FILE TEXT N WHAT: until FILE has N lines holding TEXT.
wait_for()
{
  tries=0
  while n=$(grep -c -F -e "$2" "$1" 2>/dev/null); [ "${n:-0}" -lt "$3" ]; do
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || fail "$4: no $3 lines '$2' in $1 after 10 s"
    sleep 0.1
  done
  ok "$4"
}

# stop SIGNAL: the watch ends on it within 5 s, with exit status 0.
stop()
{
  kill "-$1" "$pid"
  tries=0
  while kill -0 "$pid" 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -le 50 ] || fail "SIG$1: the watch is still running after 5 s"
    sleep 0.1
  done
  wait "$pid"
  status=$?
  pid=
  expect_status 0 "SIG$1 ends the watch"
}

pass_line='a.yaml: 1 chain, 1 link: 1 passed (1 proved)'
start a.yaml b.yaml dir
wait_for out 'total: 3 specs' 1 "the first run reports every spec"
fail_spec >a.yaml
wait_for out 'a.yaml: 1 chain, 1 link: 0 passed, 1 failed' 1 "a spec saved in place is checked again"
pass_spec A >a.yaml.tmp && mv a.yaml.tmp a.yaml
wait_for out "$pass_line" 2 "a spec saved by a rename is checked again"
pass_spec C2 >dir/d.yaml
wait_for out 'dir/d.yaml: 1 chain' 1 "a new spec in a folder operand is checked"
# b.yaml written again unchanged: checked, but its report is the same.
cat b.yaml >b.copy && cat b.copy >b.yaml
fail_spec >dir/c.yaml
wait_for out 'dir/c.yaml: 1 chain, 1 link: 0 passed' 1 "a spec in a folder is checked again"
stop TERM
[ "$(grep -c '^a.yaml: ' out)" -eq 3 ] || fail "a.yaml: not one report per change"
ok "a.yaml: one report per change (first run, in place, rename)"
[ "$(grep -c '^b.yaml:' out)" -eq 1 ] || fail "an unchanged report was printed again"
ok "a spec saved unchanged prints nothing"
[ "$(grep -c "^total:" out)" -eq 1 ] || fail "a later round printed a total"
ok "only the first run prints the total"

# --emit -o: the document follows the spec.
start --emit=markdown -o post.md a.yaml
wait_for err "$pass_line" 1 "--emit: the report goes to stderr"
wait_for post.md 'title: A' 1 "the first document is written"
pass_spec 'A changed' >a.yaml
wait_for post.md 'title: A changed' 1 "-o is rewritten after a save"
stop INT

run --watch - <a.yaml
expect_status 2 "--watch -"
expect_text err "cannot watch standard input" "--watch -"
run --watch --format=json a.yaml
expect_status 2 "--watch --format=json"
run --watch --emit=markdown a.yaml
expect_status 2 "--watch --emit without -o"
expect_text err "needs -o FILE" "--watch --emit without -o"
