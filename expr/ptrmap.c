/*
** ptrmap.c: a pointer-keyed open-addressing hash map.
*/
#include <stdint.h>
#include <stdlib.h>
#include "expr/ptrmap.h"

int dc_ptrmap_init(struct dc_ptrmap *m)
{
  m->cap = 256;
  m->n = 0;
  m->keys = calloc(m->cap, sizeof *m->keys);
  m->vals = calloc(m->cap, sizeof *m->vals);
  if (m->keys && m->vals)
    return 0;
  /* Nothing is kept on failure: callers need not free a map that did
  ** not start. */
  dc_ptrmap_free(m);
  m->keys = NULL;
  m->vals = NULL;
  m->cap = 0;
  return -1;
}

void dc_ptrmap_free(struct dc_ptrmap *m)
{
  free(m->keys);
  free(m->vals);
}

static size_t slot(const struct dc_ptrmap *m, const void *k)
{
  size_t h = ((uintptr_t)k >> 4) * 2654435761u;
  size_t i = h & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != k)
    i = (i + 1) & (m->cap - 1);
  return i;
}

void *dc_ptrmap_get(const struct dc_ptrmap *m, const void *k, int *found)
{
  size_t i = slot(m, k);
  *found = m->keys[i] != NULL;
  return m->vals[i];
}

int dc_ptrmap_put(struct dc_ptrmap *m, const void *k, void *v)
{
  size_t i;
  if (2 * (m->n + 1) > m->cap) {
    struct dc_ptrmap big = { NULL, NULL, m->cap * 2, 0 };
    size_t j;
    big.keys = calloc(big.cap, sizeof *big.keys);
    big.vals = calloc(big.cap, sizeof *big.vals);
    if (!big.keys || !big.vals) {
      dc_ptrmap_free(&big);
      return -1;
    }
    for (j = 0; j < m->cap; j++)
      if (m->keys[j]) {
        size_t s = slot(&big, m->keys[j]);
        big.keys[s] = m->keys[j];
        big.vals[s] = m->vals[j];
        big.n++;
      }
    dc_ptrmap_free(m);
    *m = big;
  }
  i = slot(m, k);
  if (!m->keys[i])
    m->n++;
  m->keys[i] = k;
  m->vals[i] = v;
  return 0;
}

