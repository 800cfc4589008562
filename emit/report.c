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
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/plain.h"
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

static const char *sev_word(enum dc_severity s)
{
  switch (s) {
  case DC_SEV_ERROR: return "error";
  case DC_SEV_WARNING: return "warning";
  case DC_SEV_NOTE: return "note";
  }
  return "error";
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
  dc_buf_printf(b, "%s:", sev_word(sev));
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

static const char *verdict_word(enum dc_verdict v)
{
  switch (v) {
  case DC_PASS: return "pass";
  case DC_FAIL: return "fail";
  case DC_UNDETERMINED: return "undetermined";
  }
  return "undetermined";
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
    dc_buf_printf(b, ": step %zu: %s (%zu valid %s of %zu tried)\n", l->step,
                  verdict_word(lr->verdict), lr->nvalid,
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

static void json_str(struct dc_buf *b, const char *s);

/* A "key: value" line of a TAP YAML block; values are JSON strings, which
** are valid YAML double-quoted scalars. */
static void tap_kv(struct dc_buf *b, const char *indent, const char *key,
                   const char *val)
{
  dc_buf_printf(b, "%s%s: ", indent, key);
  json_str(b, val);
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
  dc_buf_printf(&d, " step %zu", l->step);
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
  tap_kv(b, "  ", "verdict", verdict_word(lr->verdict));
  tap_kv(b, "  ", "left_expr", l->left->src ? l->left->src : "");
  tap_kv(b, "  ", "right_expr", l->right->src ? l->right->src : "");
  dc_buf_printf(b, "  valid_samples: %zu\n", lr->nvalid);
  if (lr->verdict == DC_FAIL) {
    if (lr->nat) {
      dc_buf_puts(b, "  at:\n");
      for (i = 0; i < lr->nat; i++) {
        dc_buf_puts(b, "    ");
        json_str(b, lr->at[i].name);
        dc_buf_puts(b, ": ");
        json_str(b, lr->at[i].value);
        dc_buf_puts(b, "\n");
      }
    }
    tap_kv(b, "  ", "left", lr->left);
    tap_kv(b, "  ", "right", lr->right);
  }
  dc_buf_puts(b, "  ...\n");
}

/* ---- JSON ---- */

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
  size_t n, i;
  unsigned c = s[0];
  unsigned long cp;

  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, cp = c & 0x07;
  else
    return 0;
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  /* Reject overlong forms, surrogates and values past U+10FFFF. */
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

/* s as a JSON string: quotes, backslashes and control characters escaped,
** valid UTF-8 passed through, an invalid byte replaced by U+FFFD. */
static void json_str(struct dc_buf *b, const char *s)
{
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  size_t n;

  dc_buf_add(b, "\"", 1);
  while (*p) {
    switch (*p) {
    case '"': dc_buf_puts(b, "\\\""); p++; continue;
    case '\\': dc_buf_puts(b, "\\\\"); p++; continue;
    case '\n': dc_buf_puts(b, "\\n"); p++; continue;
    case '\r': dc_buf_puts(b, "\\r"); p++; continue;
    case '\t': dc_buf_puts(b, "\\t"); p++; continue;
    case '\b': dc_buf_puts(b, "\\b"); p++; continue;
    case '\f': dc_buf_puts(b, "\\f"); p++; continue;
    default: break;
    }
    if (*p < 0x20) {
      dc_buf_printf(b, "\\u%04x", *p);
      p++;
      continue;
    }
    n = utf8_len(p);
    if (n == 0) {
      dc_buf_puts(b, "\\ufffd");
      p++;
      continue;
    }
    dc_buf_add(b, (const char *)p, n);
    p += n;
  }
  dc_buf_add(b, "\"", 1);
}

/* "key": "string" with a leading comma unless first. */
static void json_kstr(struct dc_buf *b, int comma, const char *key,
                      const char *val)
{
  dc_buf_printf(b, "%s\"%s\":", comma ? "," : "", key);
  if (val)
    json_str(b, val);
  else
    dc_buf_puts(b, "null");
}

static void json_element(struct dc_buf *b, const struct dc_element *e)
{
  char *plain = dc_plain_string(e->expr);
  if (!plain)
    b->oom = 1;
  dc_buf_puts(b, "{");
  json_kstr(b, 0, "expr", plain ? plain : "");
  json_kstr(b, 1, "source", e->src);
  dc_buf_printf(b, ",\"line\":%d,\"col\":%d}", e->pos.line, e->pos.col);
  free(plain);
}

/* The counterexample: free symbols under "at", where names and definitions
** under "derived", both sides' values. */
static void json_counterexample(struct dc_buf *b,
                                const struct dc_link_result *lr)
{
  size_t i, n;
  int derived;

  dc_buf_puts(b, ",\"counterexample\":{");
  for (derived = 0; derived <= 1; derived++) {
    dc_buf_printf(b, "%s\"%s\":{", derived ? "," : "",
                  derived ? "derived" : "at");
    for (i = 0, n = 0; i < lr->nat; i++) {
      if (!lr->at[i].derived != !derived)
        continue;
      if (n++)
        dc_buf_puts(b, ",");
      json_str(b, lr->at[i].name);
      dc_buf_puts(b, ":");
      json_str(b, lr->at[i].value);
    }
    dc_buf_puts(b, "}");
  }
  json_kstr(b, 1, "left", lr->left);
  json_kstr(b, 1, "right", lr->right);
  dc_buf_puts(b, "}");
}

static void json_link(struct dc_buf *b, const struct dc_link_result *lr,
                      size_t step)
{
  dc_buf_printf(b, "{\"step\":%zu,\"verdict\":\"%s\",\"valid_samples\":%zu,"
                "\"tried\":%zu", step, verdict_word(lr->verdict), lr->nvalid,
                lr->ntried);
  if (lr->verdict == DC_FAIL)
    json_counterexample(b, lr);
  else if (lr->verdict == DC_UNDETERMINED)
    json_kstr(b, 1, "reason", lr->reason);
  dc_buf_puts(b, "}");
}

static void json_chain(struct dc_buf *b, const struct dc_chain *c,
                       const struct dc_chain_result *cr)
{
  size_t i;

  dc_buf_printf(b, "{\"line\":%d,\"col\":%d,\"elements\":[", c->pos.line,
                c->pos.col);
  for (i = 0; i < c->nelems; i++) {
    if (i)
      dc_buf_puts(b, ",");
    json_element(b, &c->elems[i]);
  }
  dc_buf_puts(b, "],\"links\":[");
  for (i = 0; cr && i < cr->nlinks && i + 1 < c->nelems; i++) {
    if (i)
      dc_buf_puts(b, ",");
    json_link(b, &cr->links[i], i + 2);
  }
  dc_buf_puts(b, "]}");
}

static const char *block_kind_word(enum dc_block_kind k)
{
  switch (k) {
  case DC_BLOCK_TEXT: return "text";
  case DC_BLOCK_CHAINS: return "chains";
  case DC_BLOCK_DERIVE: return "derive";
  }
  return "text";
}

static void json_block(struct dc_buf *b, const struct dc_block *blk,
                       const struct dc_block_result *br)
{
  size_t c;

  dc_buf_printf(b, "{\"kind\":\"%s\",\"line\":%d", block_kind_word(blk->kind),
                blk->pos.line);
  if (blk->kind == DC_BLOCK_TEXT) {
    json_kstr(b, 1, "text", blk->text);
    dc_buf_puts(b, "}");
    return;
  }
  if (blk->kind == DC_BLOCK_DERIVE) {
    dc_buf_puts(b, ",\"derive\":");
    json_element(b, &blk->derive);
  }
  dc_buf_puts(b, ",\"chains\":[");
  for (c = 0; c < blk->nchains; c++) {
    const struct dc_chain_result *cr =
      br && br->chains && c < br->nchains ? &br->chains[c] : NULL;
    if (c)
      dc_buf_puts(b, ",");
    json_chain(b, &blk->chains[c], cr);
  }
  dc_buf_puts(b, "]}");
}

static void json_spec(struct dc_buf *b, const struct dc_spec *spec,
                      const struct dc_check_params *p,
                      const struct dc_spec_result *res)
{
  size_t s, k;

  dc_buf_puts(b, "{\"version\":1");
  json_kstr(b, 1, "file", spec->path);
  json_kstr(b, 1, "title", spec->title);
  dc_buf_printf(b, ",\"precision\":%ld,\"samples\":%ld,\"seed\":%lu",
                p->precision, p->samples, p->seed);
  dc_buf_puts(b, ",\"sections\":[");
  for (s = 0; s < spec->nsections; s++) {
    const struct dc_section *sec = &spec->sections[s];
    if (s)
      dc_buf_puts(b, ",");
    dc_buf_puts(b, "{");
    json_kstr(b, 0, "title", sec->title);
    dc_buf_printf(b, ",\"line\":%d,\"blocks\":[", sec->pos.line);
    for (k = 0; k < sec->nblocks; k++) {
      if (k)
        dc_buf_puts(b, ",");
      json_block(b, &sec->blocks[k], block_result(res, s, k));
    }
    dc_buf_puts(b, "]}");
  }
  dc_buf_printf(b, "],\"summary\":{\"ok\":%s,\"chains\":%zu,\"links\":%zu,"
                "\"passed\":%zu,\"failed\":%zu,\"undetermined\":%zu}}",
                res->nfailed || res->nundetermined ? "false" : "true",
                res->nchains, res->nlinks, res->npassed, res->nfailed,
                res->nundetermined);
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
    json_spec(&b, spec, params, res);
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
        dc_buf_printf(&line, ": %s: %s", sev_word(diags->v[i].sev),
                      diags->v[i].msg);
        dc_buf_puts(&b, "    - ");
        json_str(&b, line.s);
        dc_buf_puts(&b, "\n");
        dc_buf_free(&line);
      }
    }
    dc_buf_puts(&b, "  ...\n");
  } else if (r->o.format == DC_REPORT_JSON) {
    dc_buf_puts(&b, r->nobjects++ ? ",\n" : "\n");
    dc_buf_puts(&b, "{\"version\":1");
    json_kstr(&b, 1, "file", path);
    json_kstr(&b, 1, "error", error);
    dc_buf_puts(&b, ",\"diagnostics\":[");
    for (i = 0; diags && i < diags->n; i++) {
      const struct dc_diag *g = &diags->v[i];
      dc_buf_puts(&b, i ? ",{" : "{");
      json_kstr(&b, 0, "severity", sev_word(g->sev));
      json_kstr(&b, 1, "file", g->pos.file);
      dc_buf_printf(&b, ",\"line\":%d,\"col\":%d", g->pos.line, g->pos.col);
      json_kstr(&b, 1, "message", g->msg);
      dc_buf_puts(&b, "}");
    }
    dc_buf_puts(&b, "]}");
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
