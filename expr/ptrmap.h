/*
** ptrmap.h: a map from pointers (usually nodes) to pointers, for memoised
** walks over the DAG.  Keys are never NULL.
*/
#ifndef DC_PTRMAP_H
#define DC_PTRMAP_H

#include <stddef.h>

struct dc_ptrmap {
  const void **keys;
  void **vals;
  size_t cap, n;
};

int dc_ptrmap_init(struct dc_ptrmap *m);           /* 0, or -1 on OOM */
void dc_ptrmap_free(struct dc_ptrmap *m);
/* The value stored under k; *found says whether there was one. */
void *dc_ptrmap_get(const struct dc_ptrmap *m, const void *k, int *found);
int dc_ptrmap_put(struct dc_ptrmap *m, const void *k, void *v);  /* 0 / -1 */

#endif
