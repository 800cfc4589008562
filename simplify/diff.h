/*
** diff.h: symbolic differentiation of expanded DAGs.
**
** Works on the expanded form only (no names, grouping or derivative nodes):
** numbers, constants, free symbols, holes, parameters, the arithmetic
** operators, builtin calls, DC_GUARD and DC_WITH.  The result is built with
** light local simplification (0*u = 0, 1*u = u, u + 0 = u, constant
** folding of two numbers) so derivatives stay small; it is exact, never
** approximate.  Each rule is commented with its formula in diff.c.
*/
#ifndef DC_DIFF_H
#define DC_DIFF_H

#include <gmp.h>
#include "expr/node.h"

/*
** The order-th derivative of f with respect to the leaf var (DC_NAME,
** DC_HOLE or DC_PARAM), order >= 1.  NULL on out-of-memory (ctx->oom is
** then set) or when the derivative would make more than DC_MAX_DERIV_NODES
** nodes (ctx->oom is then not set: the input asks too much).
** d/dv GUARD_D(u) = WITH(du/dv, GUARD_D(u)): the derivative is only
** defined where the guarded value is.
*/
struct dc_node *dc_deriv(struct dc_ctx *ctx, struct dc_node *f,
                         struct dc_node *var, int order);

/* The same light simplifications as constructors, for other modules. */
struct dc_node *dc_s_add(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b);
struct dc_node *dc_s_sub(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b);
struct dc_node *dc_s_mul(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b);
struct dc_node *dc_s_div(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b);
struct dc_node *dc_s_neg(struct dc_ctx *ctx, struct dc_node *a);
struct dc_node *dc_s_pow(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b);

/* g'(u) for the one-argument builtin g with f = g(u) (the outer factor of
** the chain rule); NULL for an unknown builtin or out-of-memory. */
struct dc_node *dc_builtin_outer(struct dc_ctx *ctx, int id,
                                 struct dc_node *f, struct dc_node *u);

/* When e is a number written as arithmetic on numbers (2, -2, 1/2), its
** exact value into q and 1; else 0.  The power rule's test. */
int dc_numeric_exponent(const struct dc_node *e, mpq_t q);

#endif
