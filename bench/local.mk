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

# The evaluation-throughput case (c) is bench-throughput's (below), run
# after the other cases.
bench: derivcheck$(EXEEXT) bench/measure$(EXEEXT)
	python3 $(srcdir)/bench/run.py --derivcheck ./derivcheck$(EXEEXT) \
	  --measure bench/measure$(EXEEXT) --srcdir $(srcdir) --outdir bench \
	  $(BENCH_FLAGS)
	$(MAKE) $(AM_MAKEFLAGS) bench-throughput
.PHONY: bench

# Evaluation throughput of the (4,3) network's gradient: derivcheck's tape
# against a straight-line MPFR C program generated from the same DAG
# (bench/throughput.sh says how).  The bench program links the library;
# it is built only for this target.
EXTRA_PROGRAMS = bench/throughput
bench_throughput_SOURCES = bench/throughput.c bench/throughput_emit.c \
  bench/throughput_emit.h
bench_throughput_LDADD = libderivcheck.la
EXTRA_DIST += bench/throughput.sh bench/throughput_straight.c bench/throughput.md
CLEANFILES += bench/throughput$(EXEEXT)

THROUGHPUT_FLAGS =
bench-throughput: bench/throughput$(EXEEXT)
	CC='$(CC)' MPFR_CFLAGS='$(MPFR_CFLAGS)' MPFR_LIBS='$(MPFR_LIBS)' \
	  $(srcdir)/bench/throughput.sh ./bench/throughput$(EXEEXT) \
	  $(srcdir) $(THROUGHPUT_FLAGS)
.PHONY: bench-throughput
