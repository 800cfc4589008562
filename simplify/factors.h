/*
** factors.h: factoring polynomials for presentation, each one once.
**
** Presenting a rational function tries five styles (present.h), and the
** name rewriting presents every candidate (names.c), so the same
** numerators and denominators are factored again and again; FLINT's
** multivariate factoring dominated the diagnosis of a wrong network step.
** A normaliser keeps the factorisations it has made, most recent first.
*/
#ifndef DC_FACTORS_H
#define DC_FACTORS_H

#include <flint/fmpq_mpoly_factor.h>
#include "simplify/normal.h"

/* Factorisations kept per normaliser; older ones are made again. */
#define DC_FACTOR_CACHE 64

/* fac := the factorisation of p (fac initialised in nf's ring).  1 on
** success, 0 when FLINT could not factor p (fac then undefined). */
int dc_nf_factor(struct dc_nf *nf, fmpq_mpoly_factor_t fac,
                 const fmpq_mpoly_t p);

/* Release the normaliser's kept factorisations (dc_nf_free calls it). */
void dc_nf_factors_free(struct dc_nf *nf);

#endif
