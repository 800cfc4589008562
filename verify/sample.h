/*
** sample.h: drawing sample points inside domains, deterministically.
**
** A bounded domain [lo, hi] is drawn uniformly.  An unbounded one is drawn
** from a spread of scales: half the draws uniform near zero (|x| <= 2), half
** log-uniform in magnitude, mostly from 1e-3 to 1e3 and a quarter of them
** out to 1e-12 and 1e12, with a random sign where the domain allows it.  Open bounds are never hit.  The same seed gives the
** same sequence at any precision (values are drawn at a fixed precision and
** are exact at higher ones).
*/
#ifndef DC_SAMPLE_H
#define DC_SAMPLE_H

#include <stdint.h>
#include <mpfr.h>
#include "expr/node.h"

struct dc_rng {
  uint64_t s[4];                /* xoshiro256** state */
};

void dc_rng_seed(struct dc_rng *r, uint64_t seed, uint64_t stream);
uint64_t dc_rng_next(struct dc_rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double dc_rng_unit(struct dc_rng *r);

/* Draw x (its precision is kept) inside dom (NULL: the real line). */
void dc_sample_domain(struct dc_rng *r, const struct dc_domain *dom,
                      mpfr_ptr x);

#endif
