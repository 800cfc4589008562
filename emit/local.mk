# emit/: documents and the check report (text, TAP, JSON).
libderivcheck_la_SOURCES += \
  emit/report.c emit/report.h emit/report_ci.c emit/report_int.h \
  emit/diagprint.c


# The LaTeX printer (SPEC section 5).
libderivcheck_la_SOURCES += emit/latex.c emit/latex.h

if HAVE_CHECK
check_PROGRAMS += tests/check_latex
tests_check_latex_SOURCES = tests/check_latex.c tests/testutil.h
tests_check_latex_CFLAGS = $(TEST_CFLAGS)
tests_check_latex_LDADD = $(TEST_LDADD)
endif

# Documents (--emit): Markdown, LaTeX, the shared JSON writer, safe output.
libderivcheck_la_SOURCES += \
  emit/document.h emit/markdown.c emit/mdcontext.c emit/latexdoc.c emit/json.c \
  emit/output.c emit/output.h emit/prose.c emit/prose.h

# The HTML report (--format=html) and the plots of failing links.
libderivcheck_la_SOURCES += \
  emit/html.c emit/html.h emit/htmlpage.c emit/katex.c emit/katex.h \
  emit/svg.c emit/svg.h

if HAVE_CHECK
check_PROGRAMS += tests/check_emit
tests_check_emit_SOURCES = tests/check_emit.c tests/testutil.h
tests_check_emit_CFLAGS = $(TEST_CFLAGS)
tests_check_emit_LDADD = $(TEST_LDADD)
endif
EMIT_TESTS = tests/cli/emit.sh tests/katex.sh
TESTS += $(EMIT_TESTS)
EXTRA_DIST += $(EMIT_TESTS) tests/data/backprop-math.txt

# Command-line tests: POSIX sh scripts run with $DERIVCHECK set.
CLI_TESTS = \
  tests/cli/help.sh \
  tests/cli/exit-status.sh \
  tests/cli/options.sh \
  tests/cli/expr.sh \
  tests/cli/formats.sh \
  tests/cli/determinism.sh \
  tests/cli/verdicts.sh \
  tests/cli/verdict-specs.sh \
  tests/cli/derive.sh \
  tests/cli/certify.sh \
  tests/cli/network.sh \
  tests/cli/many.sh \
  tests/cli/tap-prove.sh \
  tests/cli/github.sh \
  tests/cli/junit.sh \
  tests/cli/sarif.sh \
  tests/cli/color.sh \
  tests/cli/man-help.sh \
  tests/cli/limits.sh \
  tests/cli/diagnostics.sh \
  tests/cli/html.sh \
  tests/cli/plot.sh \
  tests/cli/posts.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS) tests/cli/lib.sh \
  tests/data/junit.xsd tests/data/sarif-2.1.0-subset.json \
  tests/data/posts/backprop-post-verbatim.md tests/data/posts/jekyll-wrong.md \
  tests/data/posts/hugo-wrong.md tests/data/posts/hexo-skips.md

if HAVE_CHECK
check_PROGRAMS += tests/check_html
tests_check_html_SOURCES = tests/check_html.c tests/testutil.h
tests_check_html_CFLAGS = $(TEST_CFLAGS)
tests_check_html_LDADD = $(TEST_LDADD)
endif
