/*
** derive.h: derivations derivcheck writes itself (SPEC section 6).
**
** From a written diff/pdiff expression the step engine makes a chain, one
** recognisable step per link:
**   1. the chain rule through the block's where names, as a product of
**      Leibniz factors: pdiff(L, z) = diff(L, a)*diff(a, z);
**   2. each factor replaced by its derivative; a factor that is a user
**      function of the variable (a = sigma(z), or sigma(x) itself) is first
**      shown as its body with a prime, (1/(1 + exp(-z)))';
**   3. then in the author's names (simplify/names.h): (a*(1 - a));
**   4. distributed over the first sum, each term cancelled;
**   5. expanded term by term, in written order;
**   6. collected: the simplest form (simplify/cost.h).
** A step that would repeat the one before is left out, and the chain
** stops at the simplest form.  Every tree is a written tree in the block's
** scope; the caller checks every link like a written one.
*/
#ifndef DC_DERIVE_H
#define DC_DERIVE_H

#include <stddef.h>
#include "expr/diag.h"
#include "expr/node.h"
#include "expr/scope.h"

/* Work units one derivation may spend (about one per term operation). */
#define DC_DERIVE_BUDGET 20000000L

/*
** The chain for `expr` (as written, in scope): fills steps[0..*n) (at
** most cap; steps[0] is expr itself).  0 on success; -1 with a diagnostic
** at pos when the derivation could not be made (an exhausted budget names
** the step it stopped at) or out of memory (ctx->oom).
*/
int dc_derive(struct dc_ctx *ctx, const struct dc_scope *scope,
              struct dc_node *expr, struct dc_node **steps, size_t cap,
              size_t *n, struct dc_diags *diags, struct dc_pos pos);

/* The simplest form of expr (as written, in scope) in the author's names,
** or NULL when it could not be made within the budget. */
struct dc_node *dc_simplest(struct dc_ctx *ctx, const struct dc_scope *scope,
                            struct dc_node *expr);

/* The same within `work` budget units. */
struct dc_node *dc_simplest_within(struct dc_ctx *ctx,
                                   const struct dc_scope *scope,
                                   struct dc_node *expr, long work);

/* Steps a chain may hold at most. */
#define DC_DERIVE_MAX_STEPS 12

#endif
