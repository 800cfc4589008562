/*
** spec_settings.c: the top-level settings of a spec, which change how it
** is checked or typeset but hold no maths: `check:` (precision, samples,
** seed), `latex:` (the LaTeX document) and `decimals:` (what a rounded
** decimal on one side of a link claims).
*/
#include <limits.h>
#include <string.h>
#include "expr/limits.h"
#include "parser/spec_int.h"

void dc_spec_load_check(struct loader *ld, const struct ynode *y)
{
  static const char *const keys[] = { "precision", "samples", "seed" };
  struct ynode *v[3];
  struct dc_check_opts *c = &ld->spec->check;
  unsigned long x;
  if (!dc_spec_want(ld, y, Y_MAP, "'check'"))
    return;
  dc_spec_read_keys(ld, y, keys, 3, v, "in 'check'");
  if (v[0] && dc_spec_want_integer(ld, v[0], "precision", DC_MIN_PRECISION,
                                   DC_MAX_PRECISION, &x) == 0) {
    c->precision = (long)x;
    c->has_precision = 1;
  }
  if (v[1] && dc_spec_want_integer(ld, v[1], "samples", 1, DC_MAX_SAMPLES,
                                   &x) == 0) {
    c->samples = (long)x;
    c->has_samples = 1;
  }
  if (v[2] && dc_spec_want_integer(ld, v[2], "seed", 0, ULONG_MAX, &x) == 0) {
    c->seed = x;
    c->has_seed = 1;
  }
}

/* latex: settings of the LaTeX document only; the other outputs and the
** checks ignore them. */
void dc_spec_load_latex(struct loader *ld, const struct ynode *y)
{
  static const char *const keys[] = { "number" };
  struct ynode *v[1];
  if (!dc_spec_want(ld, y, Y_MAP, "'latex'"))
    return;
  dc_spec_read_keys(ld, y, keys, 1, v, "in 'latex'");
  if (v[0])
    dc_spec_want_bool(ld, v[0], "number", &ld->spec->latex.number);
}

/*
** decimals: exact (the default: 0.5744 is 5744/10000, like any number)
** or rounded (a decimal alone on one side of a link stands for every
** value that rounds to it; verify/rounded.c).  Posts need the second:
** their authors write sigma(0.3) = 0.5744 and mean "to four places".
*/
void dc_spec_load_decimals(struct loader *ld, const struct ynode *y)
{
  static const char *const words[] = { "exact", "rounded" };
  size_t i;
  if (y->type == Y_SCALAR && !y->is_null && y->style == YS_PLAIN)
    for (i = 0; i < 2; i++)
      if (strlen(words[i]) == y->len && memcmp(words[i], y->text, y->len) == 0) {
        ld->spec->decimals = (int)i;
        return;
      }
  if (y->type == Y_SCALAR && !y->is_null)
    dc_error(ld->diags, y->pos, "expected 'exact' or 'rounded' for "
             "'decimals', found '%.*s'", (int)(y->len > 64 ? 64 : y->len),
             y->text);
  else if (y->type != Y_ALIAS)
    dc_error(ld->diags, y->pos, "expected 'exact' or 'rounded' for "
             "'decimals', found %s", dc_spec_describe(y));
}
