/*
** check.h: verdicts for every link of a spec (SPEC section 4).
**
** For each block, all its chain elements are expanded (simplify/expand.h)
** and compiled into one tape.  Points are drawn over the block's free
** symbols; each link A = B takes the points where both sides are defined
** until it has `samples` of them or the tries run out.  At each point the
** difference |A - B| is compared with a tolerance from the precision and the
** magnitudes of the intermediate values; a point that fails is evaluated
** again at twice the precision, and the link FAILs only when the difference
** does not shrink there.  Every symbolic derivative is compared with a
** central finite difference at every point; a disagreement is an internal
** error (exit 3).
*/
#ifndef DC_CHECK_H
#define DC_CHECK_H

#include <stddef.h>
#include "expr/diag.h"
#include "parser/spec.h"
#include "simplify/diagnose.h"

enum dc_verdict { DC_PASS, DC_FAIL, DC_UNDETERMINED };

/* One named value of a counterexample, printed to 20 significant digits. */
struct dc_binding_value {
  const char *name;             /* spelling */
  char value[64];
  int derived;                  /* 1 for a where name or definition */
  char exact[96];               /* an exact certificate's value as a
                                   fraction (free symbols), or "" */
};

/* "pass", "fail" or "undetermined": the word reports use. */
const char *dc_verdict_word(enum dc_verdict v);

struct dc_link_result {
  enum dc_verdict verdict;
  size_t nvalid;                /* points where both sides were defined */
  size_t ntried;                /* points drawn */
  char reason[160];             /* UNDETERMINED: why; else empty */
  int proved;                   /* left - right is exactly 0 (prove.h) */
  long precision_used;          /* bits of the most precise comparison:
                                   the working precision, or higher where
                                   cancellation or a disagreement asked */
  /* FAIL: the counterexample. */
  struct dc_binding_value *at;  /* malloc'd */
  size_t nat;
  char left[64], right[64];     /* both sides at the point */
  char rounded[80];             /* a rounded decimal's side (rounded.h):
                                   "0.5744 stands for [0.57435, 0.57445]",
                                   or "" */
  struct dc_diagnosis diag;     /* FAIL: what is wrong, when algebra says */
  const char *certified;        /* FAIL: "exact" (rational arithmetic at a
                                   rational point) or "ball" (Arb) */
  long certified_bits;          /* "ball": the precision that showed it */
  char *exact_left, *exact_right;  /* "exact": both sides as fractions
                                      (malloc'd) */
};

/* Results of one chain: links[i] is elems[i] = elems[i+1]. */
struct dc_chain_result {
  struct dc_link_result *links; /* malloc'd, nelems - 1 of them */
  size_t nlinks;
};

struct dc_block_result {
  struct dc_chain_result *chains;   /* malloc'd, one per chain */
  size_t nchains;
};

struct dc_spec_result {
  struct dc_block_result **blocks;  /* [section][block], malloc'd */
  size_t nlinks, npassed, nfailed, nundetermined;
  size_t nproved;               /* of the passed ones, proved exactly */
  size_t nchains;
};

struct dc_check_params {
  long precision;               /* bits */
  long samples;                 /* points per link */
  unsigned long seed;
};

enum dc_check_status {
  DC_CHECK_OK = 0,              /* every link has a verdict */
  DC_CHECK_INPUT = 2,           /* an input error (diagnostic recorded) */
  DC_CHECK_INTERNAL = 3         /* finite-difference disagreement, OOM */
};

/*
** Check every link of spec.  Fills res (free with dc_spec_result_free) and
** returns a dc_check_status; for INPUT and INTERNAL a diagnostic at the
** offending element says what happened.
*/
enum dc_check_status dc_check_spec(struct dc_ctx *ctx,
                                   const struct dc_spec *spec,
                                   const struct dc_check_params *params,
                                   struct dc_spec_result *res,
                                   struct dc_diags *diags);

void dc_spec_result_free(const struct dc_spec *spec,
                         struct dc_spec_result *res);

#endif
