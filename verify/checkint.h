/*
** checkint.h: the pieces of the checker split out of check.c: when two
** values agree (tolerance.c) and the finite-difference cross-check of a
** symbolic derivative (fdiff.c).  Private to verify/.
*/
#ifndef DC_CHECKINT_H
#define DC_CHECKINT_H

#include <stddef.h>
#include <stdint.h>
#include <mpfr.h>
#include "expr/diag.h"
#include "simplify/expand.h"
#include "verify/eval.h"
#include "verify/sample.h"
#include "expr/limits.h"

/* Bits of slack in the tolerance: how much error amplification beyond
** the largest intermediate magnitude a correct evaluation may show.  Few,
** so that an error 10^5 (17 bits) above the rounding level is a
** disagreement; a true identity whose error grows faster than the
** estimate only costs a confirmation at 2P, where its difference
** shrinks. */
#define DC_TOL_SLACK 10

/* Bits a comparison may lose to cancellation before it is redone at a
** higher precision: beyond this, too few of the asked-for bits are left
** to tell a small wrong term from rounding. */
#define DC_SAFE_LOST_BITS 64

/* The highest precision a comparison is raised to: this many times the
** working precision (8192 bits at 256), at most DC_MAX_PRECISION. */
#define DC_AUTO_PRECISION_FACTOR 32

mpfr_prec_t dc_precision_cap(mpfr_prec_t base);

/* Bits lost to cancellation in comparing a with b at prec: the larger
** error estimate's exponent above the larger exponent a side holds
** beyond its noise (1 when neither does). */
mpfr_exp_t dc_bits_lost(mpfr_srcptr a, mpfr_exp_t ma, mpfr_srcptr b,
                        mpfr_exp_t mb, mpfr_prec_t prec);

enum dc_cmp {
  DC_CMP_AGREE,                 /* equal within the tolerance */
  DC_CMP_DISAGREE,              /* to be confirmed at twice the precision */
  DC_CMP_RAISE,                 /* decides nothing: redo at *need bits */
  DC_CMP_UNDECIDED              /* decides nothing even at the cap */
};

/*
** Compare a and b evaluated at prec for a check asked at base bits (prec
** >= base).  When more than DC_SAFE_LOST_BITS were lost, *need is the
** precision that keeps base bits (capped), and the answer is RAISE while
** prec is below it.  diff receives |a - b|.
*/
enum dc_cmp dc_compare(mpfr_ptr diff, mpfr_srcptr a, mpfr_exp_t ma,
                       mpfr_srcptr b, mpfr_exp_t mb, mpfr_prec_t prec,
                       mpfr_prec_t base, mpfr_prec_t *need);

/*
** True when a and b (with intermediate magnitudes ma, mb) agree at
** precision prec: equal, or |a - b| <= 2^(max(ma, mb) - prec + slack).
** diff receives |a - b| (its precision is set here).
*/
int dc_values_agree(mpfr_ptr diff, mpfr_srcptr a, mpfr_exp_t ma,
                    mpfr_srcptr b, mpfr_exp_t mb, mpfr_prec_t prec);

/*
** After a disagreement at precision p whose |a - b| had exponent d1, a and
** b are the same sides at p2 = 2p.  True (a real difference) when they
** still disagree at p2 and the difference did not shrink by more than
** 2^(p/2): rounding noise shrinks with the precision, a real difference
** does not.
*/
int dc_difference_confirmed(mpfr_ptr diff, mpfr_srcptr a, mpfr_exp_t ma,
                            mpfr_srcptr b, mpfr_exp_t mb, mpfr_prec_t p2,
                            mpfr_exp_t d1, mpfr_prec_t p);

/*
** The finite-difference cross-check of the symbolic derivatives of one
** function f (fdiff.c).  First derivatives of one f by several leaves (a
** loss by each parameter) form one group, checked together along a random
** direction; a derivative of higher order is a group of its own.
*/
struct dc_fdiff_member {
  const struct dc_dcheck *c;
  size_t rsym, rat;             /* roots of sym and at in the main tape */
  size_t nchecked;              /* points where it was compared */
  int failed;                   /* disagreed once: reported, not again */
  /* at the current point: */
  int todo;                     /* to be compared */
  long coef;                    /* its direction coefficient */
  mpfr_exp_t e;                 /* exponent of its at value */
  mpfr_exp_t term;              /* exponent of coef * 2^e * sym */
};

struct dc_fdiff {
  struct dc_node *f;
  int order;
  struct dc_fdiff_member *m;
  size_t nm, cap;
  struct dc_tape *tape;         /* evaluates f */
  long *map;                    /* tape input i -> main tape slot, or
                                ** -1 - k for member k's variable */
  mpfr_srcptr *in;              /* tape inputs for one evaluation */
  mpfr_t *x;                    /* each member's variable */
  size_t nx;                    /* of them initialised */
  mpfr_t acc, t, fd1, sum;      /* difference, scratch, first difference,
                                ** symbolic directional derivative */
  uint64_t rng;                 /* draws the direction coefficients */
};

/* An empty group for f and order.  Then dc_fdiff_add each derivative (for
** order 1 as many as share f, each by another leaf), then dc_fdiff_ready.
** 0, or -1 on out-of-memory. */
void dc_fdiff_init(struct dc_fdiff *f, struct dc_node *fn, int order);
int dc_fdiff_add(struct dc_fdiff *f, const struct dc_dcheck *c, size_t rsym,
                 size_t rat);
/* Whether the group already holds a derivative by c's variable. */
int dc_fdiff_has(const struct dc_fdiff *f, const struct dc_dcheck *c);
/* Build f's tape: every input of f but the members' variables must be an
** input of the main tape.  0, or -1. */
int dc_fdiff_ready(struct dc_fdiff *f, const struct dc_tape *main_tape);
void dc_fdiff_free(struct dc_fdiff *f);
/* Every member compared at `samples` points (or failed). */
int dc_fdiff_done(const struct dc_fdiff *f, size_t samples);

/*
** Compare each member's sym with finite differences of f at the current
** point (main_tape evaluated at prec with inputs `in`); members already
** compared at `samples` points are left out.  Returns 0 when they agree or
** the comparison is not possible here (a value is undefined, the step too
** long or the rounding too large); -1 after recording an internal-error
** diagnostic at pos for each member that disagrees.
*/
int dc_fdiff_check(struct dc_fdiff *f, const struct dc_tape *main_tape,
                   mpfr_srcptr *in, mpfr_prec_t prec, size_t samples,
                   struct dc_diags *diags, struct dc_pos pos);

/* The search for points inside the domains of the where names and
** definitions one link reaches (guard.c). */
struct dc_guard_search;

/*
** Prepare the search for the DC_GUARD nodes reachable from a and b (the
** link's expanded sides, roots of main_tape).  NULL with *none set when
** there is nothing to search (no guard), NULL with *none clear on
** out-of-memory.  Points it moves have `bits` bits, like drawn ones.
*/
struct dc_guard_search *dc_guard_search_new(const struct dc_tape *main_tape,
                                            struct dc_node *a,
                                            struct dc_node *b,
                                            mpfr_prec_t bits, int *none);
void dc_guard_search_free(struct dc_guard_search *s);

/*
** Move the point in[] (main_tape's inputs, each inside its own domain) so
** that every guard holds, evaluating at prec.  Returns 1 when it did (the
** point stays inside the inputs' domains), 0 when no point was found (in[]
** may have moved), -1 on out-of-memory.  Bounded: see guard.c.
*/
int dc_guard_search_find(struct dc_guard_search *s, struct dc_rng *rng,
                         mpfr_t *in, mpfr_prec_t prec);

#endif
