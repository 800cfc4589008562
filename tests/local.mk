# tests/: unit tests (Check programs, one per module) and command-line tests.
if HAVE_CHECK
check_PROGRAMS += tests/check_expr
tests_check_expr_SOURCES = tests/check_expr.c tests/testutil.h
tests_check_expr_CFLAGS = $(TEST_CFLAGS)
tests_check_expr_LDADD = $(TEST_LDADD)
endif
TESTS += $(check_PROGRAMS)

# The pre-commit hook (.pre-commit-hooks.yaml), run by pre-commit itself.
TESTS += tests/cli/pre-commit.sh
EXTRA_DIST += tests/cli/pre-commit.sh .pre-commit-hooks.yaml

# The bad-input corpus: one folder per case under tests/errors/.
TESTS += tests/errors.sh
EXTRA_DIST += tests/errors.sh tests/errors
