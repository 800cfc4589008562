/*
** walk.c: the post-order of a DAG (see walk.h), with an explicit stack.
*/
#include <stdlib.h>
#include "expr/walk.h"
#include "expr/ptrmap.h"

struct frame {
  struct dc_node *e;
  size_t next;                  /* operand to visit next */
};

/* Append e to a growing array; 0 or -1. */
static int push_node(struct dc_node ***v, size_t *n, size_t *cap,
                     struct dc_node *e)
{
  if (*n == *cap) {
    size_t nc = *cap ? 2 * *cap : 16;
    struct dc_node **p = realloc(*v, nc * sizeof *p);
    if (!p)
      return -1;
    *v = p;
    *cap = nc;
  }
  (*v)[(*n)++] = e;
  return 0;
}

/*
** Every node reachable from roots[0..nroots), each once, operands before
** their users, into *out (malloc'd).  Iterative: expanded DAGs are deeper
** than the C stack.  0, or -1 on out-of-memory.
*/
int dc_post_order(struct dc_node *const *roots, size_t nroots,
                  struct dc_node ***out, size_t *nout)
{
  struct dc_ptrmap seen;
  struct frame *st = NULL;
  size_t sp = 0, cap = 0, ocap = 0, r;
  int rc = 0;
  *out = NULL;
  *nout = 0;
  if (dc_ptrmap_init(&seen) != 0)
    return -1;
  for (r = 0; r < nroots && rc == 0; r++) {
    struct dc_node *e = roots[r];
    int found;
    dc_ptrmap_get(&seen, e, &found);
    if (found)
      continue;
    if (dc_ptrmap_put(&seen, e, e) != 0)
      rc = -1;
    else if (cap == 0 && !(st = malloc((cap = 64) * sizeof *st)))
      rc = -1;
    else
      st[sp++] = (struct frame){ e, 0 };
    while (sp > 0 && rc == 0) {
      struct frame *f = &st[sp - 1];
      if (f->next < f->e->nargs) {
        struct dc_node *c = f->e->a[f->next++];
        dc_ptrmap_get(&seen, c, &found);
        if (found)
          continue;
        if (sp == cap) {
          struct frame *p = realloc(st, 2 * cap * sizeof *p);
          if (!p) {
            rc = -1;
            break;
          }
          st = p;
          cap *= 2;
        }
        if (dc_ptrmap_put(&seen, c, c) != 0)
          rc = -1;
        else
          st[sp++] = (struct frame){ c, 0 };
      } else {
        rc = push_node(out, nout, &ocap, f->e);
        sp--;
      }
    }
  }
  free(st);
  dc_ptrmap_free(&seen);
  if (rc != 0) {
    free(*out);
    *out = NULL;
    *nout = 0;
  }
  return rc;
}
