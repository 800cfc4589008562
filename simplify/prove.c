/*
** prove.c: left - right = 0 in the normal form (see prove.h).
*/
#include "simplify/prove.h"
#include "expr/diag.h"
#include "simplify/expand.h"
#include "simplify/normal.h"
#include "simplify/present.h"

enum dc_proof dc_prove_equal(struct dc_ctx *ctx, struct dc_node *a,
                             struct dc_node *b)
{
  struct dc_nf nf;
  struct dc_node *roots[2] = { a, b };
  struct dc_rf f[2];
  enum dc_proof r = DC_PROOF_NONE;
  if (!a || !b || dc_nf_init(&nf, ctx, DC_PROVE_BUDGET))
    return DC_PROOF_NONE;
  dc_rf_init(&f[0], &nf.ring);
  dc_rf_init(&f[1], &nf.ring);
  /* Both forms are canonical, so equal functions have equal parts. */
  if (dc_nf_normalise(&nf, 2, roots, f) == 0 &&
      dc_rf_equal(&f[0], &f[1], &nf.ring))
    r = DC_PROOF_EXACT;
  dc_rf_clear(&f[0], &nf.ring);
  dc_rf_clear(&f[1], &nf.ring);
  dc_nf_free(&nf);
  return r;
}

/* The tree present() writes is a tree as written (pi and e by name, no
** where names: the normal form here has none), so expanding it without a
** scope gives the DAG the evaluators run. */
static struct dc_node *expanded(struct dc_ctx *ctx, struct dc_node *tree)
{
  struct dc_expansion x;
  struct dc_diags quiet;
  struct dc_pos nowhere = { NULL, 0, 0 };
  struct dc_node *e;
  if (!tree)
    return NULL;
  dc_expansion_init(&x);
  dc_diags_init(&quiet);
  e = dc_expand(ctx, NULL, tree, &x, &quiet, nowhere);
  dc_diags_free(&quiet);
  dc_expansion_free(&x);
  return e;
}

struct dc_node *dc_prove_difference(struct dc_ctx *ctx, struct dc_node *a,
                                    struct dc_node *b)
{
  struct dc_nf nf;
  struct dc_node *roots[2] = { a, b }, *d = NULL;
  struct dc_rf f[3];
  int i;
  if (!a || !b || dc_nf_init(&nf, ctx, DC_PROVE_BUDGET))
    return NULL;
  for (i = 0; i < 3; i++)
    dc_rf_init(&f[i], &nf.ring);
  if (dc_nf_normalise(&nf, 2, roots, f) == 0 &&
      dc_rf_sub(&f[2], &f[0], &f[1], &nf.ring) == 0 &&
      !dc_rf_is_zero(&f[2], &nf.ring))
    d = expanded(ctx, dc_present(&nf, &f[2], DC_STYLE_FLAT));
  for (i = 0; i < 3; i++)
    dc_rf_clear(&f[i], &nf.ring);
  dc_nf_free(&nf);
  return d;
}
