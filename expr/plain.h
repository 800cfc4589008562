/*
** plain.h: printing trees in derivcheck's own syntax.
**
** The output parses back to the same tree (round trip): grouping, operand
** order, `**` versus `^`, number literals as written, primes and
** diff/pdiff forms are all kept; parentheses the tree needs but the author
** did not write (possible only in generated trees) are added as DC_PAREN
** would print them.  Spacing: binary + - with spaces, * / ^ without,
** ", " between arguments.  Expanded DAGs (DC_CONST, DC_HOLE, DC_PARAM,
** DC_GUARD, DC_WITH) print in a readable debugging form that is not meant
** to parse.
*/
#ifndef DC_PLAIN_H
#define DC_PLAIN_H

#include <stddef.h>
#include "expr/node.h"

/* A growable string. */
struct dc_buf {
  char *s;                      /* NUL-terminated, malloc'd */
  size_t len, cap;
  int oom;
};

void dc_buf_init(struct dc_buf *b);
void dc_buf_free(struct dc_buf *b);
void dc_buf_add(struct dc_buf *b, const char *s, size_t n);
void dc_buf_puts(struct dc_buf *b, const char *s);
void dc_buf_printf(struct dc_buf *b, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

/* Append the plain form of e to b. */
void dc_print_plain(struct dc_buf *b, const struct dc_node *e);
/* The plain form as a malloc'd string (NULL on out-of-memory). */
char *dc_plain_string(const struct dc_node *e);

#endif
