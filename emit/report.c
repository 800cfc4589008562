/*
** report.c: the check report in text, TAP or JSON, and diagnostics.
**
** Each spec's report is composed in a dc_buf and written with one fwrite,
** so a report never interleaves with diagnostics printed in between.  The
** report walks the spec and its result side by side (result blocks are
** indexed [section][block], one chain result per chain, one link result per
** adjacent pair of elements).  It only reads; nothing here decides a
** verdict or an exit status.
**
** Steps are numbered across a chain from 1, so link i of a chain compares
** step i + 1 with step i + 2; a failure is reported at the position of the
** right-hand (later) step, as a compiler reports the line it stopped at.
**
** The JSON objects are written by emit/json.c, the writer --emit=json
** uses too, so the report and the document share every field name.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/document.h"
#include "expr/plain.h"
#include "emit/report.h"

#define ANSI_BOLD "\033[1m"
#define ANSI_RED "\033[1;31m"
#define ANSI_MAGENTA "\033[1;35m"
#define ANSI_CYAN "\033[1;36m"
#define ANSI_RESET "\033[0m"

struct dc_report {
  FILE *out;
  struct dc_report_opts o;
  size_t ntests;                /* TAP: tests written so far */
  size_t nobjects;              /* JSON: spec objects written so far */
};

/* One link of a spec and where it sits, for the per-format writers. */
struct link_ref {
  const struct dc_spec *spec;
  const struct dc_element *left, *right;
  const struct dc_link_result *res;
  size_t step;                  /* the right-hand element's step number */
};

struct dc_report *dc_report_new(FILE *out, const struct dc_report_opts *o)
{
  struct dc_report *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->out = out;
  r->o = *o;
  if (o->format == DC_REPORT_TAP)
    fputs("TAP version 13\n", out);
  else if (o->format == DC_REPORT_JSON)
    fputs("[", out);
  return r;
}

/* Write b to out and free it. */
static void flush_buf(FILE *out, struct dc_buf *b)
{
  if (b->s && !b->oom)
    fwrite(b->s, 1, b->len, out);
  else if (b->oom)
    fputs("derivcheck: out of memory while writing the report\n", out);
  dc_buf_free(b);
}

static const char *plural(size_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* ---- positions and diagnostics ---- */

/* "file:line:col", "file" when there is no line, "derivcheck" when there
** is no file either. */
static void put_pos(struct dc_buf *b, struct dc_pos p, const char *fallback)
{
  const char *file = p.file ? p.file : fallback;
  dc_buf_puts(b, file ? file : "derivcheck");
  if (p.line > 0)
    dc_buf_printf(b, ":%d:%d", p.line, p.col);
}


static const char *sev_color(enum dc_severity s)
{
  switch (s) {
  case DC_SEV_ERROR: return ANSI_RED;
  case DC_SEV_WARNING: return ANSI_MAGENTA;
  case DC_SEV_NOTE: return ANSI_CYAN;
  }
  return ANSI_RED;
}

/* The "file:line:col: error: " head of a compiler-style message. */
static void put_head(struct dc_buf *b, struct dc_pos p, const char *fallback,
                     enum dc_severity sev, int color)
{
  if (color)
    dc_buf_puts(b, ANSI_BOLD);
  put_pos(b, p, fallback);
  dc_buf_puts(b, ":");
  if (color)
    dc_buf_puts(b, ANSI_RESET);
  dc_buf_puts(b, " ");
  if (color)
    dc_buf_puts(b, sev_color(sev));
  dc_buf_printf(b, "%s:", dc_severity_word(sev));
  if (color)
    dc_buf_puts(b, ANSI_RESET);
  dc_buf_puts(b, " ");
}

void dc_print_diags(FILE *out, const struct dc_diags *d, int color)
{
  struct dc_buf b;
  size_t i, kept = 0;

  dc_buf_init(&b);
  for (i = 0; i < d->n; i++) {
    const struct dc_diag *g = &d->v[i];
    put_head(&b, g->pos, NULL, g->sev, color);
    dc_buf_printf(&b, "%s\n", g->msg);
    if (g->sev == DC_SEV_ERROR)
      kept++;
  }
  /* The list keeps only the first errors; say how many more there were. */
  if (d->nerrors > kept) {
    size_t more = d->nerrors - kept;
    struct dc_pos none = { NULL, 0, 0 };
    put_head(&b, none, NULL, DC_SEV_NOTE, color);
    dc_buf_printf(&b, "%zu more %s not shown\n", more,
                  plural(more, "error", "errors"));
  }
  flush_buf(out, &b);
}

/* ---- walking the links of a spec ---- */

typedef void (*link_fn)(struct dc_report *r, struct dc_buf *b,
                        const struct link_ref *l);

/* The result of block k of section s, or NULL when the checker left none. */
static const struct dc_block_result *block_result(
  const struct dc_spec_result *res, size_t s, size_t k)
{
  if (!res || !res->blocks || !res->blocks[s])
    return NULL;
  return &res->blocks[s][k];
}

static void each_link_of_chain(struct dc_report *r, struct dc_buf *b,
                               const struct dc_spec *spec,
                               const struct dc_chain *c,
                               const struct dc_chain_result *cr, link_fn fn)
{
  size_t i;
  for (i = 0; cr && i < cr->nlinks && i + 1 < c->nelems; i++) {
    struct link_ref l;
    l.spec = spec;
    l.left = &c->elems[i];
    l.right = &c->elems[i + 1];
    l.res = &cr->links[i];
    l.step = i + 2;
    fn(r, b, &l);
  }
}

/* Call fn for every checked link, in spec order. */
static void each_link(struct dc_report *r, struct dc_buf *b,
                      const struct dc_spec *spec,
                      const struct dc_spec_result *res, link_fn fn)
{
  size_t s, k, c;
  for (s = 0; s < spec->nsections; s++) {
    const struct dc_section *sec = &spec->sections[s];
    for (k = 0; k < sec->nblocks; k++) {
      const struct dc_block *blk = &sec->blocks[k];
      const struct dc_block_result *br = block_result(res, s, k);
      for (c = 0; br && br->chains && c < br->nchains && c < blk->nchains;
           c++)
        each_link_of_chain(r, b, spec, &blk->chains[c], &br->chains[c], fn);
    }
  }
}


/* "y = 0.3, w = 1.2 (yhat = 0.5)": free symbols, then derived names. */
static void put_point(struct dc_buf *b, const struct dc_link_result *lr)
{
  size_t i, n = 0, nd = 0;

  for (i = 0; i < lr->nat; i++)
    if (!lr->at[i].derived)
      dc_buf_printf(b, "%s%s = %s", n++ ? ", " : "", lr->at[i].name,
                    lr->at[i].value);
  for (i = 0; i < lr->nat; i++) {
    if (!lr->at[i].derived)
      continue;
    dc_buf_printf(b, "%s%s = %s", nd++ ? ", " : (n ? " (" : "("),
                  lr->at[i].name, lr->at[i].value);
  }
  if (nd)
    dc_buf_puts(b, ")");
}

/* ---- text ---- */

static void text_link(struct dc_report *r, struct dc_buf *b,
                      const struct link_ref *l)
{
  const struct dc_link_result *lr = l->res;
  const char *path = l->spec->path;
  int color = r->o.color;

  if (r->o.verbosity > 0) {
    put_pos(b, l->right->pos, path);
    dc_buf_printf(b, ": step %zu: %s%s (%zu valid %s of %zu tried)\n",
                  l->step, dc_verdict_word(lr->verdict),
                  lr->proved ? ", proved" : "", lr->nvalid,
                  plural(lr->nvalid, "sample", "samples"), lr->ntried);
  }
  if (lr->verdict == DC_FAIL) {
    put_head(b, l->right->pos, path, DC_SEV_ERROR, color);
    dc_buf_printf(b, "step %zu does not equal step %zu (line %d)\n", l->step,
                  l->step - 1, l->left->pos.line);
    dc_buf_printf(b, "  %s  =/=  %s\n", l->left->src ? l->left->src : "",
                  l->right->src ? l->right->src : "");
    if (lr->nat) {
      dc_buf_puts(b, "  at ");
      put_point(b, lr);
      dc_buf_puts(b, "\n");
    }
    dc_buf_printf(b, "  left  = %s\n  right = %s\n", lr->left, lr->right);
  } else if (lr->verdict == DC_UNDETERMINED) {
    put_head(b, l->right->pos, path, DC_SEV_ERROR, color);
    dc_buf_printf(b, "step %zu could not be checked: %s\n", l->step,
                  lr->reason[0] ? lr->reason : "too few valid sample points");
    dc_buf_printf(b, "  %s  =  %s\n", l->left->src ? l->left->src : "",
                  l->right->src ? l->right->src : "");
  }
}

/* "specs/bce.yaml: 12 chains, 27 links: 25 passed, 1 failed, ..." */
static void text_summary(struct dc_buf *b, const struct dc_spec *spec,
                         const struct dc_check_params *p,
                         const struct dc_spec_result *res)
{
  dc_buf_printf(b, "%s: %zu %s, %zu %s: %zu passed", spec->path,
                res->nchains, plural(res->nchains, "chain", "chains"),
                res->nlinks, plural(res->nlinks, "link", "links"),
                res->npassed);
  if (res->nproved)
    dc_buf_printf(b, " (%zu proved)", res->nproved);
  if (res->nfailed)
    dc_buf_printf(b, ", %zu failed", res->nfailed);
  if (res->nundetermined)
    dc_buf_printf(b, ", %zu undetermined", res->nundetermined);
  dc_buf_printf(b, " (%ld bits, %ld %s, seed %lu)\n", p->precision,
                p->samples, plural((size_t)p->samples, "sample", "samples"),
                p->seed);
}

/* ---- TAP ---- */

/* A TAP description: '#' would start a directive, so it is escaped. */
static void tap_desc(struct dc_buf *b, const char *s)
{
  for (; *s; s++) {
    if (*s == '#' || *s == '\\')
      dc_buf_add(b, "\\", 1);
    if (*s == '\n')
      dc_buf_add(b, " ", 1);
    else
      dc_buf_add(b, s, 1);
  }
}

/* A "key: value" line of a TAP YAML block; values are JSON strings, which
** are valid YAML double-quoted scalars. */
static void tap_kv(struct dc_buf *b, const char *indent, const char *key,
                   const char *val)
{
  dc_buf_printf(b, "%s%s: ", indent, key);
  dc_json_str(b, val);
  dc_buf_puts(b, "\n");
}

static void tap_link(struct dc_report *r, struct dc_buf *b,
                     const struct link_ref *l)
{
  const struct dc_link_result *lr = l->res;
  struct dc_buf d;
  size_t i;

  dc_buf_init(&d);
  put_pos(&d, l->right->pos, l->spec->path);
  dc_buf_printf(&d, " step %zu%s", l->step, lr->proved ? " proved" : "");
  r->ntests++;
  dc_buf_printf(b, "%sok %zu - ", lr->verdict == DC_PASS ? "" : "not ",
                r->ntests);
  tap_desc(b, d.s ? d.s : "");
  dc_buf_puts(b, "\n");
  dc_buf_free(&d);
  if (lr->verdict == DC_PASS)
    return;
  dc_buf_puts(b, "  ---\n");
  if (lr->verdict == DC_FAIL) {
    char msg[96];
    snprintf(msg, sizeof msg, "step %zu does not equal step %zu", l->step,
             l->step - 1);
    tap_kv(b, "  ", "message", msg);
  } else {
    tap_kv(b, "  ", "message", "could not be checked");
    tap_kv(b, "  ", "reason", lr->reason);
  }
  tap_kv(b, "  ", "verdict", dc_verdict_word(lr->verdict));
  tap_kv(b, "  ", "left_expr", l->left->src ? l->left->src : "");
  tap_kv(b, "  ", "right_expr", l->right->src ? l->right->src : "");
  dc_buf_printf(b, "  valid_samples: %zu\n", lr->nvalid);
  if (lr->verdict == DC_FAIL) {
    if (lr->nat) {
      dc_buf_puts(b, "  at:\n");
      for (i = 0; i < lr->nat; i++) {
        dc_buf_puts(b, "    ");
        dc_json_str(b, lr->at[i].name);
        dc_buf_puts(b, ": ");
        dc_json_str(b, lr->at[i].value);
        dc_buf_puts(b, "\n");
      }
    }
    tap_kv(b, "  ", "left", lr->left);
    tap_kv(b, "  ", "right", lr->right);
  }
  dc_buf_puts(b, "  ...\n");
}

/* ---- entry points ---- */

void dc_report_spec(struct dc_report *r, const struct dc_spec *spec,
                    const struct dc_check_params *params,
                    const struct dc_spec_result *res)
{
  struct dc_buf b;

  dc_buf_init(&b);
  switch (r->o.format) {
  case DC_REPORT_TEXT:
    each_link(r, &b, spec, res, text_link);
    if (r->o.verbosity >= 0)
      text_summary(&b, spec, params, res);
    break;
  case DC_REPORT_TAP:
    each_link(r, &b, spec, res, tap_link);
    break;
  case DC_REPORT_JSON:
    dc_buf_puts(&b, r->nobjects++ ? ",\n" : "\n");
    dc_json_spec(&b, spec, params, res);
    break;
  }
  flush_buf(r->out, &b);
}

/* A spec that produced no result: what = what it failed to do. */
static void report_broken(struct dc_report *r, const char *path,
                          const struct dc_diags *diags, const char *what,
                          const char *error)
{
  struct dc_buf b;
  size_t i;

  dc_buf_init(&b);
  if (r->o.format == DC_REPORT_TAP) {
    r->ntests++;
    dc_buf_printf(&b, "not ok %zu - ", r->ntests);
    tap_desc(&b, path);
    dc_buf_printf(&b, ": %s\n  ---\n", what);
    tap_kv(&b, "  ", "message", error);
    if (diags && diags->n) {
      dc_buf_puts(&b, "  diagnostics:\n");
      for (i = 0; i < diags->n; i++) {
        struct dc_buf line;
        dc_buf_init(&line);
        put_pos(&line, diags->v[i].pos, NULL);
        dc_buf_printf(&line, ": %s: %s", dc_severity_word(diags->v[i].sev),
                      diags->v[i].msg);
        dc_buf_puts(&b, "    - ");
        dc_json_str(&b, line.s);
        dc_buf_puts(&b, "\n");
        dc_buf_free(&line);
      }
    }
    dc_buf_puts(&b, "  ...\n");
  } else if (r->o.format == DC_REPORT_JSON) {
    dc_buf_puts(&b, r->nobjects++ ? ",\n" : "\n");
    dc_json_spec_error(&b, path, error, diags);
  }
  /* Text: the caller has printed the diagnostics; nothing to add. */
  flush_buf(r->out, &b);
}

void dc_report_spec_error(struct dc_report *r, const char *path,
                          const struct dc_diags *diags)
{
  report_broken(r, path, diags, "spec loads", "the spec does not load");
}

void dc_report_check_error(struct dc_report *r, const char *path,
                           const struct dc_diags *diags, int internal)
{
  report_broken(r, path, diags, "spec is checked",
                internal ? "internal error while checking"
                         : "the spec could not be checked");
}

void dc_report_finish(struct dc_report *r)
{
  if (!r)
    return;
  if (r->o.format == DC_REPORT_TAP)
    fprintf(r->out, "1..%zu\n", r->ntests);
  else if (r->o.format == DC_REPORT_JSON)
    fputs(r->nobjects ? "\n]\n" : "]\n", r->out);
  free(r);
}
