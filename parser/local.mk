# parser/: the expression lexer and parser (SPEC section 3).
libderivcheck_la_SOURCES += \
  parser/lex.c parser/lex.h \
  parser/parse.c parser/parse.h

if HAVE_CHECK
check_PROGRAMS += tests/check_parse
tests_check_parse_SOURCES = tests/check_parse.c tests/testutil.h
tests_check_parse_CFLAGS = $(TEST_CFLAGS)
tests_check_parse_LDADD = $(TEST_LDADD)
endif
