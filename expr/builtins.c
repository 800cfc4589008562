/*
** builtins.c: the built-in function table.
*/
#include <string.h>
#include "expr/builtins.h"

/* ORDER BUILTIN (canonical spellings first; aliases after). */
static const struct dc_builtin_info table[] = {
  { "exp",  DC_FN_EXP,  1, "\\exp",  mpfr_exp },
  { "log",  DC_FN_LOG,  1, "\\log",  mpfr_log },
  { "sqrt", DC_FN_SQRT, 1, "\\sqrt", mpfr_sqrt },
  { "sin",  DC_FN_SIN,  1, "\\sin",  mpfr_sin },
  { "cos",  DC_FN_COS,  1, "\\cos",  mpfr_cos },
  { "tan",  DC_FN_TAN,  1, "\\tan",  mpfr_tan },
  { "sinh", DC_FN_SINH, 1, "\\sinh", mpfr_sinh },
  { "cosh", DC_FN_COSH, 1, "\\cosh", mpfr_cosh },
  { "tanh", DC_FN_TANH, 1, "\\tanh", mpfr_tanh },
  { "asin", DC_FN_ASIN, 1, "\\arcsin", mpfr_asin },
  { "acos", DC_FN_ACOS, 1, "\\arccos", mpfr_acos },
  { "atan", DC_FN_ATAN, 1, "\\arctan", mpfr_atan },
  { "erf",  DC_FN_ERF,  1, "\\operatorname{erf}", mpfr_erf },
  { "abs",  DC_FN_ABS,  1, "\\left|", mpfr_abs },
  { "ln",   DC_FN_LOG,  1, "\\ln",   mpfr_log },
};

#define NTABLE (sizeof table / sizeof table[0])

const struct dc_builtin_info *dc_builtin_by_name(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < NTABLE; i++)
    if (strlen(table[i].name) == len && memcmp(table[i].name, s, len) == 0)
      return &table[i];
  return NULL;
}

int dc_builtin_find(const char *s, size_t len)
{
  const struct dc_builtin_info *b = dc_builtin_by_name(s, len);
  return b ? (int)b->id : -1;
}

const struct dc_builtin_info *dc_builtin_info(int id)
{
  return id >= 0 && id < DC_FN_COUNT ? &table[id] : NULL;
}

const struct dc_builtin_info *dc_builtin_table(size_t *n)
{
  *n = NTABLE;
  return table;
}
