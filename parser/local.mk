# parser/: the expression lexer and parser (SPEC section 3).
libderivcheck_la_SOURCES += \
  parser/lex.c parser/lex.h \
  parser/parse.c parser/parse.h \
  parser/latex_lex.c parser/latex_lex.h \
  parser/latex_names.c parser/latex_int.h \
  parser/latex_read.c parser/latex_read.h parser/latex_chain.c \
  parser/post.c parser/post.h parser/post_int.h \
  parser/post_scan.c parser/post_rows.c parser/post_where.c \
  parser/post_funcs.c parser/post_context.c

if HAVE_CHECK
check_PROGRAMS += tests/check_parse
tests_check_parse_SOURCES = tests/check_parse.c tests/testutil.h
tests_check_parse_CFLAGS = $(TEST_CFLAGS)
tests_check_parse_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/check_latex_read
tests_check_latex_read_SOURCES = tests/check_latex_read.c tests/testutil.h
tests_check_latex_read_CFLAGS = $(TEST_CFLAGS)
tests_check_latex_read_LDADD = $(TEST_LDADD)
endif
