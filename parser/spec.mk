# parser/spec.mk: the spec loader (SPEC section 2) and its Check program.
libderivcheck_la_SOURCES += \
  parser/spec.c parser/spec.h parser/spec_int.h \
  parser/spec_yaml.c parser/spec_domain.c parser/spec_names.c \
  parser/spec_schema.c parser/spec_settings.c

if HAVE_CHECK
check_PROGRAMS += tests/check_spec
tests_check_spec_SOURCES = tests/check_spec.c tests/testutil.h
tests_check_spec_CFLAGS = $(TEST_CFLAGS)
tests_check_spec_LDADD = $(TEST_LDADD)
endif
