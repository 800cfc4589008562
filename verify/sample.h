/*
** sample.h: drawing sample points inside domains, deterministically.
**
** A bounded domain [lo, hi] is drawn uniformly.  An unbounded one is drawn
** from a spread of scales: half the draws uniform near zero (|x| <= 2), half
** log-uniform in magnitude, half of those from 1e-3 to 1e3 and the others
** out to 1e-100 and 1e100, with a random sign where the domain allows it.
** Open bounds are never hit.  Every bit of a drawn value is random, at the
** precision of the variable it is drawn into; the same seed gives the same
** sequence.  dc_sample_strata draws one symbol's values from a
** low-discrepancy sequence, so every part of its domain is visited.
*/
#ifndef DC_SAMPLE_H
#define DC_SAMPLE_H

#include <stddef.h>
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

/* Draw x (its precision is kept, every bit of it drawn) inside dom
** (NULL: the real line). */
void dc_sample_domain(struct dc_rng *r, const struct dc_domain *dom,
                      mpfr_ptr x);

/* One symbol's stratified draws: the k-th uses k * alpha + shift mod 1
** (a Kronecker sequence) as the top 64 bits of its unit number. */
struct dc_strata {
  uint64_t shift, alpha, k;
};

/* Start symbol number `symbol`'s sequence at a shift drawn from r. */
void dc_strata_init(struct dc_strata *s, struct dc_rng *r, size_t symbol);
/* The next stratified draw of that symbol inside dom, into x. */
void dc_sample_strata(struct dc_strata *s, struct dc_rng *r,
                      const struct dc_domain *dom, mpfr_ptr x);

/* h mixed with the bytes of s (FNV-1a; h = 0 starts a hash). */
uint64_t dc_hash_text(uint64_t h, const char *s);

#endif
