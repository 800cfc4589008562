# expr/: the shared expression core (arena, names, hash-consed DAG, scopes).
libderivcheck_la_SOURCES += \
  expr/limits.h \
  expr/arena.c expr/arena.h \
  expr/diag.c expr/diag.h \
  expr/ptrmap.c expr/ptrmap.h \
  expr/builtins.c expr/builtins.h \
  expr/node.c expr/node.h \
  expr/scope.c expr/scope.h \
  expr/plain.c expr/plain.h \
  expr/stack.c expr/stack.h \
  expr/walk.c expr/walk.h \
  expr/meter.c expr/meter.h

# The plain printer (derivcheck syntax) is tested on its own.
if HAVE_CHECK
check_PROGRAMS += tests/check_plain
tests_check_plain_SOURCES = tests/check_plain.c tests/testutil.h
tests_check_plain_CFLAGS = $(TEST_CFLAGS)
tests_check_plain_LDADD = $(TEST_LDADD)
endif
