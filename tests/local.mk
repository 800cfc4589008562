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

# The adversarial links of issue 7 (tests/adversarial/links.txt, each
# expectation verified with mpmath by tests/adversarial/verify.py, its
# output kept in verify.out) at seeds 1-3; `make check-seeds` sweeps seeds
# 1-50 (about 2 minutes), `make verify-adversarial` reruns the mpmath
# verification (about a minute; needs python3-mpmath).
TESTS += tests/adversarial.sh
EXTRA_DIST += tests/adversarial.sh tests/adversarial/links.txt \
  tests/adversarial/verify.py tests/adversarial/verify.out

check-seeds: derivcheck$(EXEEXT)
	$(AM_V_at)top_srcdir='$(abs_top_srcdir)' \
	  DERIVCHECK='$(abs_top_builddir)/derivcheck' \
	  ADV_SEEDS="`seq 1 50 | tr '\n' ' '`" \
	  $(SHELL) $(srcdir)/tests/adversarial.sh

verify-adversarial:
	cd $(srcdir)/tests/adversarial && python3 verify.py links.txt

.PHONY: check-seeds verify-adversarial

# Rounded decimals (decimals: rounded): tests/rounded/links.txt, each row
# decided independently by tests/rounded/verify.py (SymPy and mpmath at
# 200 digits; output in verify.out, rerun by `make verify-rounded`).
TESTS += tests/cli/rounded.sh tests/cli/post-reports.sh
EXTRA_DIST += tests/cli/rounded.sh tests/cli/post-reports.sh \
  tests/rounded/links.txt \
  tests/rounded/verify.py tests/rounded/verify.out

verify-rounded:
	cd $(srcdir)/tests/rounded && python3 verify.py links.txt

.PHONY: verify-rounded

# Posts of our own in the styles of Pandoc, kramdown and \[ \] displays:
# their verdicts, written by hand in tests/posts/expected.txt, are checked
# by tests/cli/posts-expected.sh and decided again with SymPy by
# `make verify-posts` (output in tests/posts/verify.out; not in make check).
TESTS += tests/cli/posts-expected.sh
EXTRA_DIST += tests/cli/posts-expected.sh tests/posts/expected.txt \
  tests/posts/verify.py tests/posts/verify.out \
  tests/data/posts/pandoc-logistic.md tests/data/posts/kramdown-tanh.md \
  tests/data/posts/brackets-chain.md tests/data/posts/hugo-calculus.md

verify-posts:
	cd $(srcdir)/tests/posts && python3 verify.py expected.txt

.PHONY: verify-posts

# Out of memory at the N-th allocation, for N = 1, 2, 3, ... sampled
# (tests/oom.sh, through the LD_PRELOAD allocator tests/oomshim.so): a
# quick sample in make check (tests/oom-quick.sh), the whole sample in
# make check-oom (several minutes).  Skipped in sanitizer builds.
check_DATA = tests/oomshim.so
tests/oomshim.so: $(srcdir)/tests/oomshim.c
	$(AM_V_CC)$(CC) -std=gnu11 -O1 -shared -fPIC $(WARN_CFLAGS) \
	  -o $@ $(srcdir)/tests/oomshim.c -ldl
CLEANFILES += tests/oomshim.so
TESTS += tests/oom-quick.sh
EXTRA_DIST += tests/oom.sh tests/oom-quick.sh tests/oomshim.c
check-oom: derivcheck$(EXEEXT) tests/oomshim.so
	$(AM_V_at)top_srcdir='$(abs_top_srcdir)' \
	  top_builddir='$(abs_top_builddir)' \
	  DERIVCHECK='$(abs_top_builddir)/derivcheck' \
	  $(SHELL) $(srcdir)/tests/oom.sh
.PHONY: check-oom
