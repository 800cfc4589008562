# expr/: the shared expression core (arena, names, hash-consed DAG, scopes).
libderivcheck_la_SOURCES += \
  expr/limits.h \
  expr/arena.c expr/arena.h \
  expr/diag.c expr/diag.h \
  expr/ptrmap.c expr/ptrmap.h \
  expr/builtins.c expr/builtins.h \
  expr/node.c expr/node.h \
  expr/scope.c expr/scope.h
