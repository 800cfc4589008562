/*
** gradient.h: reverse-mode differentiation: the first derivatives of one
** expanded DAG by every leaf it holds, from one backward pass.
**
** Forward differentiation (diff.h) walks f once per variable, so the
** gradient of a loss in N parameters costs N walks of f.  The backward
** pass gives each node its adjoint (the derivative of f by that node) from
** the adjoints of its users, so one walk serves every leaf: the work and
** the result grow with the size of f, not with size times leaves.  The
** derivatives are DAGs of the same node kinds, built with the same light
** simplification as diff.c, equal in value to what dc_deriv gives and
** defined at the same points (guards pass on as DC_WITH), though not
** always of the same shape.
*/
#ifndef DC_GRADIENT_H
#define DC_GRADIENT_H

#include "expr/node.h"

struct dc_gradient;

/* The gradient of f.  NULL when memory runs out, when f holds a node this
** cannot differentiate (not an expanded DAG), or when it would make more
** than DC_MAX_DERIV_NODES nodes: the caller then differentiates forward,
** which says which of these it was. */
struct dc_gradient *dc_gradient_new(struct dc_ctx *ctx, struct dc_node *f);

/* df/dvar for the leaf var (the number 0 when f does not hold it); NULL
** only on out-of-memory. */
struct dc_node *dc_gradient_get(struct dc_gradient *g,
                                const struct dc_node *var);

void dc_gradient_free(struct dc_gradient *g);

#endif
