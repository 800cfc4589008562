# verify/: numeric checking: MPFR evaluation tapes, sampling, link verdicts.
libderivcheck_la_SOURCES += \
  verify/internal.h verify/checkint.h \
  verify/eval.c verify/eval.h verify/eval_run.c verify/evalint.h \
  verify/sample.c verify/sample.h \
  verify/tolerance.c verify/fdiff.c verify/guard.c \
  verify/special.c verify/special.h \
  verify/check.c verify/check.h \
  verify/certify.c verify/certify.h \
  verify/rounded.c verify/rounded.h \
  verify/plot.c verify/plot.h \
  verify/work.c verify/work.h

if HAVE_CHECK
check_PROGRAMS += tests/check_eval tests/check_verify
tests_check_eval_SOURCES = tests/check_eval.c tests/testutil.h
tests_check_eval_CFLAGS = $(TEST_CFLAGS)
tests_check_eval_LDADD = $(TEST_LDADD)
tests_check_verify_SOURCES = tests/check_verify.c tests/testutil.h
tests_check_verify_CFLAGS = $(TEST_CFLAGS)
tests_check_verify_LDADD = $(TEST_LDADD)
endif

# The work budget: the meter and the cost model.
if HAVE_CHECK
check_PROGRAMS += tests/check_meter
tests_check_meter_SOURCES = tests/check_meter.c tests/testutil.h
tests_check_meter_CFLAGS = $(TEST_CFLAGS)
tests_check_meter_LDADD = $(TEST_LDADD)
endif
