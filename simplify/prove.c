/*
** prove.c: left - right = 0 in the normal form (see prove.h).
*/
#include "simplify/prove.h"
#include "simplify/normal.h"

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
