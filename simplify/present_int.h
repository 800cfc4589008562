/*
** present_int.h: what simplify/present.c (the pieces) shares with
** simplify/present_form.c (the styles).  Not for other rooms: they use
** simplify/present.h.
*/
#ifndef DC_PRESENT_INT_H
#define DC_PRESENT_INT_H
#include "simplify/present.h"

/* One term of a polynomial: coefficient, exponents, total degree. */
struct mono {
  mpq_t c;
  ulong exp[DC_RF_MAX_VARS];
  long deg;
};

/* A non-negative integer as a number node. */
struct dc_node *dc_pres_int_node(struct dc_ctx *ctx, const mpz_t z);
/* a*b, left-nested as an author types a product. */
struct dc_node *dc_pres_mul(struct dc_ctx *ctx, struct dc_node *a,
                            struct dc_node *b);
/* Signed term t appended to the sum acc (NULL: t alone). */
struct dc_node *dc_pres_sum_add(struct dc_ctx *ctx, struct dc_node *acc,
                                struct dc_node *t, int negative);
/* var^e as a tree. */
struct dc_node *dc_pres_var_pow(struct dc_nf *nf, int var, long e);
/* Variables in print order: those f[0..n) use first. */
void dc_pres_var_order(struct dc_nf *nf, const struct dc_rf *f, size_t n,
                       int *order);
/* Is var exp(s*x) or e (printed merged into one exp)? */
int dc_pres_linear_exp(const struct dc_nf *nf, int var);
/* exp of the summed arguments of the linear exponentials with e[v] != 0
** (NULL when there are none). */
struct dc_node *dc_pres_exp_group(struct dc_nf *nf, const long *e,
                                  const int *order);
/* |c| times the monomial; its sign is left to the caller. */
struct dc_node *dc_pres_mono_tree(struct dc_nf *nf, const struct mono *m,
                                  const int *order);
/* Term i of p (m->c initialised here; the caller clears it). */
void dc_pres_get_mono(struct mono *m, const fmpq_mpoly_t p, slong i,
                      struct dc_nf *nf);
/* p's terms in print order (NULL on out-of-memory); free_terms frees. */
struct mono *dc_pres_sorted_terms(struct dc_nf *nf, const fmpq_mpoly_t p,
                                  size_t *n, const int *order);
void dc_pres_free_terms(struct mono *m, size_t n);
/* p as an expanded sum in print order. */
struct dc_node *dc_pres_poly_tree(struct dc_nf *nf, const fmpq_mpoly_t p,
                                  const int *order);
#endif
