/*
** builtins.h: the table of built-in functions (SPEC section 3).
**
** One row per spelling: name, id, arity, the LaTeX command and the MPFR
** function that evaluates it.  `ln` is a second spelling of `log`: same id,
** its own LaTeX.  Derivative rules live in simplify/diff.c, one case per id.
*/
#ifndef DC_BUILTINS_H
#define DC_BUILTINS_H

#include <stddef.h>
#include <mpfr.h>

/* ORDER BUILTIN: keep the rows of the table in builtins.c in this order. */
enum dc_builtin {
  DC_FN_EXP, DC_FN_LOG, DC_FN_SQRT, DC_FN_SIN, DC_FN_COS, DC_FN_TAN,
  DC_FN_SINH, DC_FN_COSH, DC_FN_TANH, DC_FN_ASIN, DC_FN_ACOS, DC_FN_ATAN,
  DC_FN_ERF, DC_FN_ABS,
  DC_FN_COUNT
};

struct dc_builtin_info {
  const char *name;             /* spelling in derivcheck syntax */
  enum dc_builtin id;
  int arity;
  const char *latex;            /* LaTeX operator, e.g. "\\sin" */
  int (*eval)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);  /* MPFR evaluation */
};

/* The builtin id of s[0..len), or -1 when it is not a builtin. */
int dc_builtin_find(const char *s, size_t len);
/* The row for a spelling, or NULL. */
const struct dc_builtin_info *dc_builtin_by_name(const char *s, size_t len);
/* The canonical row (first spelling) of an id. */
const struct dc_builtin_info *dc_builtin_info(int id);
/* All rows (every spelling), for "did you mean" and documentation. */
const struct dc_builtin_info *dc_builtin_table(size_t *n);

#endif
