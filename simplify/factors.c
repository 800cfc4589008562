/*
** factors.c: a normaliser's kept factorisations (see factors.h).
*/
#include <stdlib.h>
#include "simplify/factors.h"

struct kept {
  fmpq_mpoly_t p;
  fmpq_mpoly_factor_t fac;
  int ok;                       /* FLINT factored p */
};

struct dc_factor_cache {
  struct kept k[DC_FACTOR_CACHE];
  int n;                        /* entries in use */
  int next;                     /* the slot to replace when full */
};

static void copy_factors(fmpq_mpoly_factor_t to,
                         const fmpq_mpoly_factor_t from,
                         const fmpq_mpoly_ctx_t ctx)
{
  slong i;
  fmpq_mpoly_factor_fit_length(to, from->num, ctx);
  fmpq_set(to->constant, from->constant);
  for (i = 0; i < from->num; i++) {
    fmpq_mpoly_set(to->poly + i, from->poly + i, ctx);
    fmpz_set(to->exp + i, from->exp + i);
  }
  to->num = from->num;
}

static struct kept *find(struct dc_factor_cache *c, const fmpq_mpoly_t p,
                         const fmpq_mpoly_ctx_t ctx)
{
  int i;
  for (i = 0; i < c->n; i++)
    if (fmpq_mpoly_length(c->k[i].p, ctx) == fmpq_mpoly_length(p, ctx) &&
        fmpq_mpoly_equal(c->k[i].p, p, ctx))
      return &c->k[i];
  return NULL;
}

int dc_nf_factor(struct dc_nf *nf, fmpq_mpoly_factor_t fac,
                 const fmpq_mpoly_t p)
{
  const fmpq_mpoly_ctx_struct *ctx = nf->ring.ctx;
  struct dc_factor_cache *c = nf->factors;
  struct kept *k;
  if (!c)
    c = nf->factors = calloc(1, sizeof *c);
  if (!c)                       /* no room to keep it: factor anyway */
    return fmpq_mpoly_factor(fac, p, ctx);
  k = find(c, p, ctx);
  if (!k) {
    if (c->n < DC_FACTOR_CACHE) {
      k = &c->k[c->n++];
      fmpq_mpoly_init(k->p, ctx);
      fmpq_mpoly_factor_init(k->fac, ctx);
    } else {
      k = &c->k[c->next];
      c->next = (c->next + 1) % DC_FACTOR_CACHE;
    }
    fmpq_mpoly_set(k->p, p, ctx);
    k->ok = fmpq_mpoly_factor(k->fac, p, ctx);
  }
  if (k->ok)
    copy_factors(fac, k->fac, ctx);
  return k->ok;
}

void dc_nf_factors_free(struct dc_nf *nf)
{
  struct dc_factor_cache *c = nf->factors;
  int i;
  if (!c)
    return;
  for (i = 0; i < c->n; i++) {
    fmpq_mpoly_clear(c->k[i].p, nf->ring.ctx);
    fmpq_mpoly_factor_clear(c->k[i].fac, nf->ring.ctx);
  }
  free(c);
  nf->factors = NULL;
}
