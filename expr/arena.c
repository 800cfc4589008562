/*
** arena.c: a list of large blocks, bump allocation inside each.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdalign.h>
#include "expr/arena.h"

#define BLOCK_BYTES ((size_t)64 << 10)

struct dc_arena_block {
  struct dc_arena_block *next;
  size_t size;                  /* bytes of data[] */
  size_t off;                   /* first free byte of data[] */
  alignas(max_align_t) unsigned char data[];
};

void dc_arena_init(struct dc_arena *a, size_t budget)
{
  a->head = NULL;
  a->used = 0;
  a->budget = budget;
  a->budget_spent = 0;
}

static size_t round_up(size_t n)
{
  size_t al = alignof(max_align_t);
  return (n + al - 1) / al * al;
}

void *dc_arena_alloc(struct dc_arena *a, size_t n)
{
  struct dc_arena_block *b = a->head;
  void *p;

  n = round_up(n ? n : 1);
  if (n > a->budget - a->used) {
    a->budget_spent = 1;
    return NULL;
  }
  if (!b || b->size - b->off < n) {
    size_t size = n > BLOCK_BYTES ? n : BLOCK_BYTES;
    b = malloc(sizeof *b + size);
    if (!b)
      return NULL;
    b->size = size;
    b->off = 0;
    b->next = a->head;
    a->head = b;
  }
  p = b->data + b->off;
  b->off += n;
  a->used += n;
  memset(p, 0, n);
  return p;
}

char *dc_arena_strndup(struct dc_arena *a, const char *s, size_t n)
{
  char *p = dc_arena_alloc(a, n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

void dc_arena_free(struct dc_arena *a)
{
  struct dc_arena_block *b = a->head;
  while (b) {
    struct dc_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->used = 0;
}

int dc_reserve(void *arrayp, size_t *cap, size_t n, size_t elem)
{
  void *old, *v;
  size_t ncap;

  if (n < *cap)
    return 0;
  if (*cap > SIZE_MAX / 2 / elem)
    return -1;  /* doubling would overflow */
  ncap = *cap ? 2 * *cap : 8;
  memcpy(&old, arrayp, sizeof old);  /* any object pointer type */
  v = realloc(old, ncap * elem);
  if (!v)
    return -1;
  memcpy(arrayp, &v, sizeof v);
  *cap = ncap;
  return 0;
}
