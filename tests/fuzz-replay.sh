#!/bin/sh
# tests/fuzz-replay.sh: every input a fuzzer ever found (tests/fuzz-regress/)
# and the example specs, through each harness's replay build: no crash, no
# sanitizer report (in the sanitizer build), no abort.
srcdir=${top_srcdir:-$(dirname "$0")/..}
builddir=${top_builddir:-.}
status=0
for h in expr spec check; do
  set --
  for f in "$srcdir"/tests/fuzz-regress/$h/*; do
    [ -f "$f" ] && set -- "$@" "$f"
  done
  if [ "$h" != expr ]; then
    set -- "$@" "$srcdir"/specs/*.yaml "$srcdir"/specs/broken/*.yaml
  fi
  if "$builddir/tests/replay_$h" "$@"; then
    echo "ok: replay_$h ($# inputs)"
  else
    echo "FAIL: replay_$h"
    status=1
  fi
done
exit $status
