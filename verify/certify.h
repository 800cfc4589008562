/*
** certify.h: certificates for failures that are not rational (SPEC 4).
**
** A sampled failure is only reported as FAIL when it can be shown: at the
** failing point (the sampled inputs, kept exactly), left - right is
** evaluated in Arb's ball arithmetic, where every operation returns an
** interval guaranteed to hold the exact result.  A ball that excludes 0
** proves the two sides differ there.  Each operation must also be
** certainly defined on its ball (a log of a positive ball, a division by
** a ball without 0, a guard's domain holding the whole ball); when not, or
** when the ball still holds 0, the precision is doubled, up to
** DC_CERTIFY_MAX_BITS.
*/
#ifndef DC_CERTIFY_H
#define DC_CERTIFY_H

#include <mpfr.h>
#include "expr/node.h"
#include "simplify/exact.h"

#define DC_CERTIFY_MIN_BITS 128
#define DC_CERTIFY_MAX_BITS 16384

/* 1 when the ball of a - b at point pt excludes 0 (bits: the precision
** that did it), 0 when no precision up to the cap showed it (or memory
** ran out: no certificate). */
int dc_certify_differ(const struct dc_node *a, const struct dc_node *b,
                      const struct dc_exact_cex *pt, long *bits);

/* The same for many links: a certifier keeps the balls of the nodes it
** has evaluated while the point stays the same, so links that share
** their DAG (the gradient of one loss) pay for it once.  NULL from new:
** out of memory. */
struct dc_certifier;
struct dc_certifier *dc_certifier_new(void);
void dc_certifier_free(struct dc_certifier *c);
int dc_certify_differ_with(struct dc_certifier *c, const struct dc_node *a,
                           const struct dc_node *b,
                           const struct dc_exact_cex *pt, long *bits);

/*
** The same through an exact difference d (simplify/prove.h: d = a - b
** wherever a and b are defined): 1 when a and b are certainly defined at
** pt and d's ball excludes 0 there.  This shows sides that differ below
** any working precision (sin(x) + exp(-10000) against sin(x)), where the
** balls of a and b are each too wide to tell.  Then right is b's value
** and left is b + d's (a itself may have cancelled to nothing), rounded
** to their precisions.  Precisions go up to max_bits only: most links
** that come here are true identities the normal form does not see
** (sin(x)^2 + cos(x)^2 = 1), whose d holds 0 at every precision.
*/
int dc_certify_differ_by(struct dc_certifier *c, const struct dc_node *a,
                         const struct dc_node *b, const struct dc_node *d,
                         const struct dc_exact_cex *pt, long max_bits,
                         long *bits, mpfr_ptr left, mpfr_ptr right);

#endif
