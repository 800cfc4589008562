/*
** prove.h: exact decisions of links through the normal form (SPEC 4, 6).
**
** Both sides of a link, expanded, are normalised together (they share
** atoms).  When left - right is exactly 0, with the atoms as independent
** variables, the link holds wherever both sides are defined: every rewrite
** the normal form makes is valid at every such point, and a rational
** function that is zero is zero at every point where its reduced
** denominator is nonzero, which includes every point where the sides are
** defined.  So the link is proved.  Anything else decides nothing here.
*/
#ifndef DC_PROVE_H
#define DC_PROVE_H

#include "expr/node.h"

/* Work units one link's proof may spend. */
#define DC_PROVE_BUDGET 2000000L

enum dc_proof {
  DC_PROOF_NONE,                /* not decided by algebra */
  DC_PROOF_EXACT                /* left - right is identically 0 */
};

/* Try to prove a = b for two expanded DAGs. */
enum dc_proof dc_prove_equal(struct dc_ctx *ctx, struct dc_node *a,
                             struct dc_node *b);

/*
** When a != b in the normal form: a - b as an expanded DAG, made from the
** normal form of the difference, so it equals a - b wherever both are
** defined; NULL when it is 0, could not be made within the budget, or
** memory ran out.  A claim whose sides differ by less than the working
** precision (exp(-10000)) can be shown false through it (verify/certify.h).
*/
struct dc_node *dc_prove_difference(struct dc_ctx *ctx, struct dc_node *a,
                                    struct dc_node *b);

#endif
