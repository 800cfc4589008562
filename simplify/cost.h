/*
** cost.h: the size measure that picks the simplest of equal forms.
**
** The cost of a tree is its printed size: one per number (and one more
** per six digits), name, operator and call (a call's arguments counted
** too); grouping counts nothing.  Ties
** go, in order, to fewer top-level terms, a fraction counting those of
** its numerator (a*(1 - a) over a - a^2), fewer
** minus signs (1 - a over -(a - 1)), then the tree's key (dc_tree_key) in byte order, so
** the choice never depends on the order candidates were made in.
*/
#ifndef DC_COST_H
#define DC_COST_H

#include "expr/node.h"

struct dc_cost {
  long size;
  long terms;
  long minus;
};

struct dc_cost dc_cost_of(const struct dc_node *e);
/* <0 when a is simpler than b, >0 when b is, 0 when they are one tree. */
int dc_cost_cmp(const struct dc_node *a, const struct dc_node *b);
/* The simpler of two trees (either may be NULL). */
struct dc_node *dc_cost_min(struct dc_node *a, struct dc_node *b);

/* A text key of a tree's structure (prefix form: names, numbers as
** written, operators by kind), for deterministic orders; malloc'd, NULL on
** out-of-memory.  Not meant to be read or parsed. */
char *dc_tree_key(const struct dc_node *e);

#endif
