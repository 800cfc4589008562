/*
** cost.c: printed size of a tree, with the tie-breaks of cost.h.
*/
#include <stdlib.h>
#include <string.h>
#include "expr/stack.h"
#include "simplify/cost.h"

static void add_cost(const struct dc_node *e, struct dc_cost *c, int depth)
{
  size_t i;
  if (!e || depth > 10000 || dc_stack_low())
    return;                     /* a cost is a heuristic: a partial one does */
  switch (e->kind) {
  case DC_PAREN: case DC_BRACKET: case DC_GUARD: case DC_WITH:
    add_cost(e->a[0], c, depth + 1);
    return;
  case DC_NEG: case DC_SUB:
    c->minus++;
    break;
  case DC_NUM:
    if (mpq_sgn(*e->q) < 0)
      c->minus++;
    /* A long literal is not one symbol to the reader: a digit group of
    ** six counts one more. */
    c->size += (long)(strlen(e->text) / 6);
    break;
  default:
    break;
  }
  c->size++;
  for (i = 0; i < e->nargs; i++)
    add_cost(e->a[i], c, depth + 1);
}

/* Terms of the top-level sum; a fraction counts its numerator's. */
static long top_terms(const struct dc_node *e)
{
  if (dc_stack_low())
    return 1;                   /* a left-deep sum recurses once per term */
  while (e && (e->kind == DC_PAREN || e->kind == DC_NEG || e->kind == DC_DIV))
    e = e->a[0];
  if (e && (e->kind == DC_ADD || e->kind == DC_SUB))
    return top_terms(e->a[0]) + top_terms(e->a[1]);
  return 1;
}

struct dc_cost dc_cost_of(const struct dc_node *e)
{
  struct dc_cost c = { 0, 0, 0 };
  add_cost(e, &c, 0);
  c.terms = top_terms(e);
  return c;
}

int dc_cost_cmp(const struct dc_node *a, const struct dc_node *b)
{
  struct dc_cost ca = dc_cost_of(a), cb = dc_cost_of(b);
  char *sa, *sb;
  int r;
  if (a == b)
    return 0;
  if (ca.size != cb.size)
    return ca.size < cb.size ? -1 : 1;
  if (ca.terms != cb.terms)
    return ca.terms < cb.terms ? -1 : 1;
  if (ca.minus != cb.minus)
    return ca.minus < cb.minus ? -1 : 1;
  sa = dc_tree_key(a);
  sb = dc_tree_key(b);
  r = sa && sb ? strcmp(sa, sb) : 0;
  free(sa);
  free(sb);
  return r < 0 ? -1 : r > 0;
}

struct dc_node *dc_cost_min(struct dc_node *a, struct dc_node *b)
{
  if (!a)
    return b;
  if (!b)
    return a;
  return dc_cost_cmp(a, b) <= 0 ? a : b;
}

/* Append the key of e to *buf (grown as needed); -1 on out-of-memory. */
static int put_key(char **buf, size_t *len, size_t *cap, const char *s,
                   size_t n)
{
  if (*len + n + 1 > *cap) {
    size_t c = (*cap ? *cap * 2 : 64) + n;
    char *b = realloc(*buf, c);
    if (!b)
      return -1;
    *buf = b;
    *cap = c;
  }
  memcpy(*buf + *len, s, n);
  *len += n;
  (*buf)[*len] = '\0';
  return 0;
}

static int key_rec(const struct dc_node *e, char **buf, size_t *len,
                   size_t *cap, int depth)
{
  size_t i;
  char k[2] = { 0, 0 };
  if (!e || depth > 10000 || dc_stack_low())
    return 0;
  if (e->kind == DC_PAREN || e->kind == DC_BRACKET)
    return key_rec(e->a[0], buf, len, cap, depth + 1);
  if (e->kind == DC_NUM)
    return put_key(buf, len, cap, e->text, strlen(e->text));
  if (e->name && put_key(buf, len, cap, e->name->s, e->name->len))
    return -1;
  if (!e->name) {
    k[0] = (char)('A' + e->kind);
    if (put_key(buf, len, cap, k, 1))
      return -1;
  }
  if (e->nargs && put_key(buf, len, cap, "(", 1))
    return -1;
  for (i = 0; i < e->nargs; i++)
    if ((i && put_key(buf, len, cap, ",", 1)) ||
        key_rec(e->a[i], buf, len, cap, depth + 1))
      return -1;
  return e->nargs ? put_key(buf, len, cap, ")", 1) : 0;
}

char *dc_tree_key(const struct dc_node *e)
{
  char *buf = NULL;
  size_t len = 0, cap = 0;
  if (put_key(&buf, &len, &cap, "", 0) || key_rec(e, &buf, &len, &cap, 0)) {
    free(buf);
    return NULL;
  }
  return buf;
}
