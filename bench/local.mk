# bench/: make bench, derivcheck against SymPy and GiNaC (issue 8).  Never
# part of make check: a whole run takes minutes.  It needs python3 with
# sympy and mpmath, g++ and libginac-dev; a missing one is said and its
# columns skipped.  BENCH_FLAGS passes options to bench/run.py, e.g.
# BENCH_FLAGS='--timeout 30 --runs 1' for a quicker run, --strict to fail
# when a target fails.  Writes bench/results.md, bench/bench-time.svg and
# bench/bench-memory.svg in the build tree.
EXTRA_DIST += bench/README.md bench/run.py bench/svgplot.py \
  bench/measure.c bench/gen_network.py bench/sympy_anchor.py \
  bench/ginac_anchor.cc bench/post-links.txt \
  bench/bench-time.svg bench/bench-memory.svg bench/results.md \
  bench/test_plots.py tests/bench-plots.sh

# The plot writer alone is quick, and tested in make check.
TESTS += tests/bench-plots.sh

BENCH_FLAGS =
bench/measure$(EXEEXT): $(srcdir)/bench/measure.c
	@$(MKDIR_P) bench
	$(AM_V_CC)$(CC) -std=c11 -O2 $(WARN_CFLAGS) -o $@ $(srcdir)/bench/measure.c
CLEANFILES += bench/measure$(EXEEXT) bench/ginac-anchor bench/net-*.yaml

# The evaluation-throughput case (c) is bench/throughput.sh's, when it is
# in the tree; it is run after the other cases with the same variables.
bench: derivcheck$(EXEEXT) bench/measure$(EXEEXT)
	python3 $(srcdir)/bench/run.py --derivcheck ./derivcheck$(EXEEXT) \
	  --measure bench/measure$(EXEEXT) --srcdir $(srcdir) --outdir bench \
	  $(BENCH_FLAGS)
	@if test -f $(srcdir)/bench/throughput.sh; then \
	  top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  DERIVCHECK='$(abs_top_builddir)/derivcheck$(EXEEXT)' \
	  $(SHELL) $(srcdir)/bench/throughput.sh; \
	else \
	  echo "(c) throughput: NOT MEASURED (bench/throughput.sh is not in this tree)"; \
	fi
.PHONY: bench
