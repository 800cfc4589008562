#!/bin/sh
# tests/oom-quick.sh: the quick sample of tests/oom.sh, for make check.
OOM_QUICK=1
export OOM_QUICK
exec "${SHELL:-/bin/sh}" "${top_srcdir:-$(dirname "$0")/..}/tests/oom.sh"
