# simplify/: expansion of written trees (Leibniz semantics), symbolic
# differentiation, and the exact simplifier: rational functions on FLINT
# (ratfun), the normal form and its atoms (normal, atoms), presentation
# and cost, results in the author's names (names), the step engine
# (derive) and exact proofs of links (prove).
libderivcheck_la_SOURCES += \
  simplify/expand.c simplify/expand.h simplify/expand_diff.c \
  simplify/expand_int.h \
  simplify/diff.c simplify/diff.h \
  simplify/gradient.c simplify/gradient.h \
  simplify/ratfun.c simplify/ratfun.h \
  simplify/normal.c simplify/normal.h \
  simplify/atoms.c simplify/atoms.h \
  simplify/present.c simplify/present.h simplify/present_form.c \
  simplify/present_int.h simplify/factors.c simplify/factors.h \
  simplify/cost.c simplify/cost.h \
  simplify/names.c simplify/names.h \
  simplify/derive.c simplify/derive.h \
  simplify/prove.c simplify/prove.h \
  simplify/diagnose.c simplify/diagnose.h \
  simplify/exact.c simplify/exact.h

if HAVE_CHECK
check_PROGRAMS += tests/check_diff
tests_check_diff_SOURCES = tests/check_diff.c tests/testutil.h
tests_check_diff_CFLAGS = $(TEST_CFLAGS)
tests_check_diff_LDADD = $(TEST_LDADD)
endif

# The simplifier's table of hand-derived forms and its properties.
if HAVE_CHECK
check_PROGRAMS += tests/check_simplify
tests_check_simplify_SOURCES = tests/check_simplify.c tests/testutil.h
tests_check_simplify_CFLAGS = $(TEST_CFLAGS)
tests_check_simplify_LDADD = $(TEST_LDADD)
endif
EXTRA_DIST += tests/data/simplify-cases.txt tests/verify_simplify_cases.py
