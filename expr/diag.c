/*
** diag.c: the diagnostic list, source maps and edit distance.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr/arena.h"
#include "expr/diag.h"
#include "expr/limits.h"

void dc_diags_init(struct dc_diags *d)
{
  memset(d, 0, sizeof *d);
}

void dc_diags_free(struct dc_diags *d)
{
  free(d->v);
  memset(d, 0, sizeof *d);
}

static void add(struct dc_diags *d, enum dc_severity sev, struct dc_pos pos,
                const char *fmt, va_list ap)
{
  struct dc_diag *g;

  if (sev == DC_SEV_ERROR && d->nerrors++ >= DC_MAX_ERRORS)
    return;
  /* Warnings are capped like errors: a spec of 20,000 typos must not
  ** print 20,000 lines. */
  if (sev == DC_SEV_WARNING && d->nwarnings++ >= DC_MAX_WARNINGS)
    return;
  if (dc_reserve(&d->v, &d->cap, d->n, sizeof *d->v)) {
    d->oom = 1;  /* the count above still records that something failed */
    return;
  }
  g = &d->v[d->n++];
  g->sev = sev;
  g->pos = pos;
  vsnprintf(g->msg, sizeof g->msg, fmt, ap);
}

#define DEFINE_REPORTER(name, sev)                                        \
  void name(struct dc_diags *d, struct dc_pos pos, const char *fmt, ...) \
  {                                                                       \
    va_list ap;                                                           \
    va_start(ap, fmt);                                                    \
    add(d, sev, pos, fmt, ap);                                            \
    va_end(ap);                                                           \
  }
DEFINE_REPORTER(dc_error, DC_SEV_ERROR)
DEFINE_REPORTER(dc_warning, DC_SEV_WARNING)
DEFINE_REPORTER(dc_note, DC_SEV_NOTE)

void dc_error_oom(struct dc_diags *d, struct dc_pos pos)
{
  d->oom = 1;
  dc_error(d, pos, "out of memory");
}

const char *dc_severity_word(enum dc_severity sev)
{
  switch (sev) {
  case DC_SEV_ERROR: return "error";
  case DC_SEV_WARNING: return "warning";
  case DC_SEV_NOTE: return "note";
  }
  return "error";
}

int dc_diags_full(const struct dc_diags *d)
{
  return d->nerrors >= DC_MAX_ERRORS;
}

struct dc_pos dc_srcmap_pos(const struct dc_srcmap *m, const char *text,
                            size_t len, size_t off)
{
  struct dc_pos p = { m->file, m->line, m->col };
  size_t i;

  if (off > len)
    off = len;
  for (i = 0; i < off; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\n') {
      p.line++;
      p.col = m->indent + 1;
    } else if ((c & 0xC0) != 0x80) {  /* count characters, not bytes */
      p.col++;
    }
  }
  return p;
}

/* Names up to this long get their edit distance without malloc. */
#define SMALL_NAME 64

/*
** The optimal-string-alignment distance: Levenshtein's insertions,
** deletions and substitutions plus the swap of two neighbouring bytes as
** one edit, since "yaht" for "yhat" is as common a typo as one wrong
** letter.  Three rows of the dynamic programme: the swap looks two back.
*/
size_t dc_edit_distance(const char *a, size_t na, const char *b, size_t nb,
                        size_t cap)
{
  size_t small[3 * (SMALL_NAME + 1)];
  size_t *rows, *prev2, *prev, *cur, *t, i, j, best, result;

  if ((na > nb ? na - nb : nb - na) > cap)
    return cap + 1;
  /* Names and keys are short: no allocation, so that finding a key in
  ** a mapping cannot fail when memory is short. */
  rows = nb <= SMALL_NAME ? small : malloc(3 * (nb + 1) * sizeof *rows);
  if (!rows)
    return cap + 1;
  prev2 = rows;
  prev = rows + (nb + 1);
  cur = rows + 2 * (nb + 1);
  for (j = 0; j <= nb; j++)
    prev[j] = j;
  for (i = 1; i <= na; i++) {
    cur[0] = best = i;
    for (j = 1; j <= nb; j++) {
      size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);
      if (prev[j] + 1 < v)
        v = prev[j] + 1;
      if (cur[j - 1] + 1 < v)
        v = cur[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          prev2[j - 2] + 1 < v)
        v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < best)
        best = v;
    }
    /* Values never shrink from one row to the next except through a swap,
    ** which reaches back two rows: once two rows in a row exceed the cap,
    ** every later one does. */
    if (best > cap && i > 1) {
      size_t k, pbest = prev[0];
      for (k = 1; k <= nb; k++)
        if (prev[k] < pbest)
          pbest = prev[k];
      if (pbest > cap) {
        if (rows != small)
          free(rows);
        return cap + 1;
      }
    }
    t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  result = prev[nb];
  if (rows != small)
    free(rows);
  return result > cap ? cap + 1 : result;
}
