/*
** arena.h: bump allocation for everything that lives as long as one spec.
**
** Expression nodes, interned names and spec structures are allocated here
** and freed all at once.  The arena keeps a byte budget and returns NULL
** once it is spent, so runaway input becomes an error, never unbounded
** memory.
*/
#ifndef DC_ARENA_H
#define DC_ARENA_H

#include <stddef.h>

struct dc_arena_block;

struct dc_arena {
  struct dc_arena_block *head;  /* newest block; older ones chained behind */
  size_t used;                  /* bytes handed out so far, all blocks */
  size_t budget;                /* most bytes this arena may hand out */
  int budget_spent;             /* a request was refused for the budget
                                   (input too large), not for malloc */
};

void dc_arena_init(struct dc_arena *a, size_t budget);
/* Zeroed, max-aligned memory, or NULL once the budget is spent. */
void *dc_arena_alloc(struct dc_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n), or NULL. */
char *dc_arena_strndup(struct dc_arena *a, const char *s, size_t n);
void dc_arena_free(struct dc_arena *a);

/*
** Room for element n of a malloc'd array: *arrayp (a pointer to the
** array pointer) holds *cap elements of elem bytes; when n == *cap the
** array doubles (8 at first).  0, or -1 when out of memory (the array is
** then unchanged).  The one growth rule for every growable array.
*/
int dc_reserve(void *arrayp, size_t *cap, size_t n, size_t elem);

#endif
