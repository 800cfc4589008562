/*
** parse.h: the expression parser (SPEC section 3).
**
**   chain   := expr ('=' expr)*
**   expr    := ['+'|'-'] term (('+'|'-') term)*
**   term    := factor (('*'|'/') factor)*
**   factor  := '-' factor | power
**   power   := postfix [('^'|'**') factor]         right-associative
**   postfix := primary "'"*
**   primary := NUMBER | NAME | NAME "'"* '(' args ')' | '(' expr ')'
**            | '[' expr ']'
**
** The tree keeps the expression as written (grouping, operand order).
** Numbers become exact rationals.  Calls are checked against the function
** names known to the context (builtins, user functions registered on the
** interned name) for existence and arity; `diff`/`pdiff` are special forms
** whose second argument must be a name and third a positive integer.
** Errors carry the byte offset in the text and suggest a fix where one is
** likely (2x -> 2*x, x(1-y) -> x*(1-y), U+2212 -> '-', nearest function).
*/
#ifndef DC_PARSE_H
#define DC_PARSE_H

#include <stddef.h>
#include "expr/diag.h"
#include "expr/node.h"

/* One occurrence of a DC_NAME leaf, for the loader's name checks. */
struct dc_name_use {
  struct dc_name *name;
  size_t off;                   /* byte offset in the text */
  int diff_var;                 /* the variable of a diff or pdiff */
};

/* One expression of a chain string. */
struct dc_parsed {
  struct dc_node *expr;
  size_t off, end;              /* its bytes in the text, trimmed */
};

struct dc_parse_out {
  struct dc_parsed *exprs;      /* malloc'd; the caller frees */
  size_t nexprs;
  struct dc_name_use *uses;     /* malloc'd; the caller frees */
  size_t nuses;
};

/*
** Parse a chain (one or more expressions separated by top-level '=').
** text need not be NUL-terminated.  On error: records diagnostics (with
** positions from map) and returns -1; out is then empty.  0 on success.
** allow_chain = 0 makes '=' an error (definitions, where names, bodies).
*/
int dc_parse_chain(struct dc_ctx *ctx, const char *text, size_t len,
                   const struct dc_srcmap *map, int allow_chain,
                   struct dc_diags *diags, struct dc_parse_out *out);

void dc_parse_out_free(struct dc_parse_out *out);

/* Convenience for one expression without name uses: NULL on error. */
struct dc_node *dc_parse_expr(struct dc_ctx *ctx, const char *text,
                              size_t len, const struct dc_srcmap *map,
                              struct dc_diags *diags);

#endif
