/*
** spec_schema.c: the generic parts of the schema walk: type checks with
** "expected a mapping for 'x', found a list" messages, unknown keys with
** a did-you-mean, entry-count limits, names as keys, integers in range.
*/
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "parser/spec_int.h"

void dc_spec_oom(struct loader *ld, struct dc_pos pos)
{
  /* The arenas refuse past their budget: that is an input too large. */
  if (ld->ctx->arena.budget_spent || ld->tmp.budget_spent)
    dc_error(ld->diags, pos, "the spec needs more than %zu MiB of "
             "expressions", (size_t)(ld->ctx->arena.budget >> 20));
  else
    dc_error_oom(ld->diags, pos);
}

/* A copy of scalar y's text in the context arena. */
const char *dc_spec_keep(struct loader *ld, const struct ynode *y)
{
  const char *s = dc_arena_strndup(&ld->ctx->arena, y->text, y->len);
  if (!s)
    dc_spec_oom(ld, y->pos);
  return s;
}

/* --- types and keys --- */

const char *dc_spec_describe(const struct ynode *y)
{
  switch (y->type) {
  case Y_MAP: return "a mapping";
  case Y_SEQ: return "a list";
  case Y_ALIAS: return "an alias";
  default: return y->is_null ? "an empty value" : "a string";
  }
}

/* Is y (present) of the wanted type?  Reports when not; aliases were
** reported already.  A string must not be empty/null. */
int dc_spec_want(struct loader *ld, const struct ynode *y, enum ytype type,
                 const char *what)
{
  static const char *const names[] = { "a string", "a list", "a mapping" };
  if (y->type == Y_ALIAS || y->skip)
    return 0;                   /* reported already */
  if (y->type == type && !(type == Y_SCALAR && y->is_null))
    return 1;
  dc_error(ld->diags, y->pos, "expected %s for %s, found %s", names[type],
           what, dc_spec_describe(y));
  return 0;
}

/* Report every key of map y that is not in valid[] (with a did-you-mean
** when one is at most two edits away); store the rest in slots[]. */
void dc_spec_read_keys(struct loader *ld, const struct ynode *y,
                       const char *const *valid, size_t nvalid,
                       struct ynode **slots, const char *where)
{
  struct ynode *k;
  size_t i;
  for (i = 0; i < nvalid; i++)
    slots[i] = NULL;
  for (k = y->kids; k; k = k->next) {
    size_t best = 3, bi = 0;
    if (k->skip)
      continue;
    for (i = 0; i < nvalid; i++) {
      size_t d = dc_edit_distance(k->text, k->len, valid[i], strlen(valid[i]),
                                  2);
      if (d < best) {
        best = d;
        bi = i;
      }
    }
    if (best == 0) {
      slots[bi] = k->val;
      continue;
    }
    if (best <= 2) {
      dc_error(ld->diags, k->pos, "unknown key '%.*s' %s (did you mean '%s'?)",
               (int)(k->len > 64 ? 64 : k->len), k->text, where, valid[bi]);
    } else {
      char list[256];
      size_t used = 0;
      for (i = 0; i < nvalid && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 i ? ", " : "", valid[i]);
      dc_error(ld->diags, k->pos, "unknown key '%.*s' %s (valid keys: %s)",
               (int)(k->len > 64 ? 64 : k->len), k->text, where, list);
    }
  }
}

int dc_spec_too_many(struct loader *ld, const struct ynode *y,
                     const char *what)
{
  if (y->n <= DC_MAX_ITEMS)
    return 0;
  dc_error(ld->diags, y->pos, "%zu entries in %s: more than the limit "
           "of %d", y->n, what, DC_MAX_ITEMS);
  return 1;
}

/* A collection of the wanted type with at most DC_MAX_ITEMS entries. */
int dc_spec_want_items(struct loader *ld, const struct ynode *y,
                       enum ytype type, const char *what)
{
  return dc_spec_want(ld, y, type, what) && !dc_spec_too_many(ld, y, what);
}

/* An arena array of n zeroed elements (n may be 0). */
void *dc_spec_alloc_array(struct loader *ld, size_t n, size_t size,
                          struct dc_pos pos)
{
  void *p = dc_arena_alloc(&ld->ctx->arena, (n ? n : 1) * size);
  if (!p)
    dc_spec_oom(ld, pos);
  return p;
}

/* An identifier key, interned; NULL (reported) when it is not one. */
struct dc_name *dc_spec_name_key(struct loader *ld, const struct ynode *k,
                                 const char *what)
{
  struct dc_name *n;
  if (!dc_spec_is_ident(k->text, k->len)) {
    dc_error(ld->diags, k->pos, "%s '%.*s' is not a valid name (letters, "
             "digits and '_', starting with a letter)", what,
             (int)(k->len > 64 ? 64 : k->len), k->text);
    return NULL;
  }
  n = dc_intern(ld->ctx, k->text, k->len);
  if (!n)
    dc_spec_oom(ld, k->pos);
  else if (!dc_spec_name_ok(ld, what, n, k->pos))
    return NULL;
  return n;
}

/* Parse a plain decimal integer: 0 ok, -1 not an integer, 1 too large. */
static int parse_integer(const struct ynode *y, int *neg, unsigned long *v)
{
  size_t i = 0;
  *neg = 0;
  *v = 0;
  if (y->style != YS_PLAIN || y->len == 0)
    return -1;
  if (y->text[0] == '-' || y->text[0] == '+')
    *neg = y->text[i++] == '-';
  if (i == y->len)
    return -1;
  for (; i < y->len; i++) {
    unsigned d = (unsigned)(y->text[i] - '0');
    if (d > 9)
      return -1;
    if (*v > (ULONG_MAX - d) / 10)
      return 1;
    *v = *v * 10 + d;
  }
  return 0;
}

int dc_spec_want_bool(struct loader *ld, const struct ynode *y,
                      const char *what, int *out)
{
  static const char *const words[] = { "false", "False", "FALSE",
                                       "true", "True", "TRUE" };
  size_t i;
  if (y->type != Y_SCALAR || y->is_null) {
    if (y->type != Y_ALIAS)
      dc_error(ld->diags, y->pos, "expected true or false for '%s', found "
               "%s", what, dc_spec_describe(y));
    return -1;
  }
  for (i = 0; y->style == YS_PLAIN && i < 6; i++)
    if (strlen(words[i]) == y->len && memcmp(words[i], y->text, y->len) == 0) {
      *out = i >= 3;
      return 0;
    }
  dc_error(ld->diags, y->pos, "expected true or false for '%s', found '%.*s'",
           what, (int)(y->len > 64 ? 64 : y->len), y->text);
  return -1;
}

/* An integer in [lo, hi] into *out; reports and returns -1 otherwise. */
int dc_spec_want_integer(struct loader *ld, const struct ynode *y,
                         const char *what, unsigned long lo,
                         unsigned long hi, unsigned long *out)
{
  int neg, rc;
  if (y->type != Y_SCALAR || y->is_null) {
    if (y->type != Y_ALIAS)
      dc_error(ld->diags, y->pos, "expected an integer for '%s', found %s",
               what, dc_spec_describe(y));
    return -1;
  }
  rc = parse_integer(y, &neg, out);
  if (rc < 0) {
    dc_error(ld->diags, y->pos, "expected an integer for '%s', found '%.*s'",
             what, (int)(y->len > 64 ? 64 : y->len), y->text);
    return -1;
  }
  if (rc > 0 || (neg && *out != 0) || *out < lo || *out > hi) {
    dc_error(ld->diags, y->pos, "'%s' must be between %lu and %lu", what, lo,
             hi);
    return -1;
  }
  return 0;
}

/* The last line the node y reaches: its last scalar's last character (a
** block scalar's trailing line breaks do not count). */
int dc_spec_end_line(const struct loader *ld, const struct ynode *y)
{
  const struct ynode *k;
  int end = y->pos.line;
  if (y->type == Y_SCALAR && y->src_end > y->src_start) {
    size_t e = y->src_end - 1;
    while (e > y->src_start && (ld->buf[e] == '\n' || ld->buf[e] == '\r'))
      e--;
    end = dc_spec_pos_of_byte(ld, e).line;
  }
  for (k = y->kids; k; k = k->next) {
    int l = dc_spec_end_line(ld, k);
    if (l > end)
      end = l;
    if (k->val && (l = dc_spec_end_line(ld, k->val)) > end)
      end = l;
  }
  return end;
}
