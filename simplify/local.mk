# simplify/: expansion of written trees (Leibniz semantics) and symbolic
# differentiation.
libderivcheck_la_SOURCES += \
  simplify/expand.c simplify/expand.h \
  simplify/diff.c simplify/diff.h

if HAVE_CHECK
check_PROGRAMS += tests/check_diff
tests_check_diff_SOURCES = tests/check_diff.c tests/testutil.h
tests_check_diff_CFLAGS = $(TEST_CFLAGS)
tests_check_diff_LDADD = $(TEST_LDADD)
endif
