/*
** special.h: points next to the kinks and edges of a block (special.c):
** where an argument of abs, sqrt or log or a denominator is 0, where a
** guarded value (a where name or definition with a domain) reaches a
** bound, and a symbol at and just inside the bounds of its domain.
*/
#ifndef DC_SPECIAL_H
#define DC_SPECIAL_H

#include <stddef.h>
#include <mpfr.h>
#include "verify/eval.h"
#include "verify/sample.h"

/* Points found per crossing: both ends of four ever closer brackets. */
#define DC_SPECIAL_POINTS 8

struct dc_special;

/* The levels of the nodes reachable from roots (expanded sides, roots of
** main_tape).  NULL with *none set when there are none, NULL with *none
** clear on OOM.  Points have `bits` bits. */
struct dc_special *dc_special_new(const struct dc_tape *main_tape,
                                  struct dc_node *const *roots,
                                  size_t nroots, mpfr_prec_t bits, int *none);
void dc_special_free(struct dc_special *s);
size_t dc_special_levels(const struct dc_special *s);

/*
** From the point in[] (main_tape's inputs), look for a crossing of level k
** along one input.  Returns how many points were found (0: none; in[] is
** as it was), -1 on OOM.  dc_special_point(s, j, in) then moves in[] to
** the j-th of them (the other inputs stay).
*/
int dc_special_find(struct dc_special *s, size_t k, struct dc_rng *rng,
                    mpfr_t *in, mpfr_prec_t prec);
void dc_special_point(const struct dc_special *s, size_t j, mpfr_t *in);

/*
** The j-th point at a bound of dom into x (at x's precision): on a closed
** bound and 2^-4, 2^-30 and 2^-(prec - 8) of its scale inside.  Returns 2
** when x was set inside dom, 1 when there is no such point (go on to
** j + 1), 0 after the last one.
*/
int dc_special_bound(const struct dc_domain *dom, size_t j, mpfr_ptr x);

#endif
