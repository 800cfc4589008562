# emit/: printers (plain syntax) and the check report (text, TAP, JSON).
libderivcheck_la_SOURCES += \
  emit/plain.c emit/plain.h \
  emit/report.c emit/report.h

if HAVE_CHECK
check_PROGRAMS += tests/check_plain
tests_check_plain_SOURCES = tests/check_plain.c tests/testutil.h
tests_check_plain_CFLAGS = $(TEST_CFLAGS)
tests_check_plain_LDADD = $(TEST_LDADD)
endif

# Command-line tests: POSIX sh scripts run with $DERIVCHECK set.
CLI_TESTS = \
  tests/cli/help.sh \
  tests/cli/exit-status.sh \
  tests/cli/options.sh \
  tests/cli/expr.sh \
  tests/cli/formats.sh \
  tests/cli/determinism.sh \
  tests/cli/verdicts.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS) tests/cli/lib.sh
