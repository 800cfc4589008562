# bench/: benchmarks (issue 8), never run by `make check`.

# Evaluation throughput of the (4,3) network's gradient: derivcheck's tape
# against a straight-line MPFR C program generated from the same DAG
# (bench/throughput.sh says how).  The bench program links the library;
# it is built only for this target.
EXTRA_PROGRAMS = bench/throughput
bench_throughput_SOURCES = bench/throughput.c bench/throughput_emit.c \
  bench/throughput_emit.h
bench_throughput_LDADD = libderivcheck.la
EXTRA_DIST += bench/throughput.sh bench/throughput_straight.c bench/throughput.md \
  bench/gen_network.py
CLEANFILES += bench/throughput$(EXEEXT)

THROUGHPUT_FLAGS =
bench-throughput: bench/throughput$(EXEEXT)
	CC='$(CC)' MPFR_CFLAGS='$(MPFR_CFLAGS)' MPFR_LIBS='$(MPFR_LIBS)' \
	  $(srcdir)/bench/throughput.sh ./bench/throughput$(EXEEXT) \
	  $(srcdir) $(THROUGHPUT_FLAGS)
.PHONY: bench-throughput
