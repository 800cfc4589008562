#!/bin/sh
# tests/bench-plots.sh: the SVG plot writer of make bench
# (bench/test_plots.py says what it checks).  Skipped without python3.
command -v python3 >/dev/null 2>&1 || { echo "python3 missing"; exit 77; }
exec python3 "${top_srcdir:-$(dirname "$0")/..}/bench/test_plots.py" .
