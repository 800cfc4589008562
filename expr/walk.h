/*
** walk.h: visiting every node of an expanded DAG once, without recursion
** (expanded DAGs can be far deeper than the C stack allows).
*/
#ifndef DC_WALK_H
#define DC_WALK_H

#include <stddef.h>
#include "expr/node.h"

/* Every node reachable from roots[0..nroots), each once, operands before
** their users, into *out (malloc'd).  0, or -1 on out-of-memory. */
int dc_post_order(struct dc_node *const *roots, size_t nroots,
                  struct dc_node ***out, size_t *nout);

#endif
