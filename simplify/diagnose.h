/*
** diagnose.h: saying what is wrong with a failing link, not only that it
** is wrong.
**
** For a link A = B that fails, the simplest forms (simplify/derive.h) of
** A/B and of A - B, in the block's names: a small ratio names a forgotten
** factor ("the sides differ by the factor x": an inner derivative; "-1": a
** sign), a small difference a dropped term.  When A is a derivative, its
** simplest form is offered as the right-hand side derivcheck would write.
** Each is left empty when it could not be made within the budget or is
** not small; of the ratio and the difference only the one that says more
** is kept.
*/
#ifndef DC_DIAGNOSE_H
#define DC_DIAGNOSE_H

#include "expr/node.h"
#include "expr/scope.h"

/* A ratio or difference is "small" up to this printed size (cost.h). */
#define DC_DIAGNOSE_MAX_SIZE 12

/* Work units for each of the three simplifications. */
#define DC_DIAGNOSE_BUDGET 2000000L

struct dc_diagnosis {
  char factor[200];             /* A/B in plain syntax, or "" */
  char difference[200];         /* A - B, or "" */
  char suggestion[240];         /* A's simplest form when A is a
                                   derivative, or "" */
};

void dc_diagnose(struct dc_ctx *ctx, const struct dc_scope *scope,
                 struct dc_node *left, struct dc_node *right,
                 struct dc_diagnosis *d);

#endif
