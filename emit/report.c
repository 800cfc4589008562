/*
** report.c: the check report in text, TAP or JSON, diagnostics, and the
** joining of per-spec pieces into one report (the CI formats' pieces are
** written by emit/report_ci.c).
**
** A piece is the report of one spec, composed in a dc_buf without knowing
** the specs before it; dc_report_add then writes it.  What does depend on
** the earlier specs is applied there: TAP test numbers (a piece's test
** lines are written "ok - ..." and numbered when added), the commas
** between JSON objects and SARIF results, and the totals.  Text, TAP and
** github are written spec by spec, each with one fwrite, so a report never
** interleaves with diagnostics; json, junit and sarif are documents whose
** head holds the totals, so they are kept and written at the end.
**
** The report walks the spec and its result side by side (result blocks
** are indexed [section][block], one chain result per chain, one link
** result per adjacent pair of elements).  It only reads; nothing here
** decides a verdict or an exit status.
**
** Steps are numbered across a chain from 1, so link i of a chain compares
** step i + 1 with step i + 2; a failure is reported at the position of the
** right-hand (later) step, as a compiler reports the line it stopped at.
**
** The JSON objects are written by emit/json.c, the writer --emit=json
** uses too, so the report and the document share every field name.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/document.h"
#include "expr/plain.h"
#include "emit/report.h"
#include "emit/report_int.h"
#include "emit/html.h"

#define ANSI_BOLD "\033[1m"
#define ANSI_RED "\033[1;31m"
#define ANSI_MAGENTA "\033[1;35m"
#define ANSI_CYAN "\033[1;36m"
#define ANSI_RESET "\033[0m"

/* The prefixes of a TAP test line inside a piece, before numbering. */
#define TAP_OK "ok - "
#define TAP_NOT_OK "not ok - "

struct dc_report {
  FILE *out;
  struct dc_report_opts o;
  struct dc_report_counts total;
  size_t npieces;               /* non-empty pieces kept in doc */
  struct dc_buf doc;            /* json, junit, sarif, html: the pieces */
  int status;                   /* the run's exit status (html) */
};

static int is_document(enum dc_report_format f)
{
  return f == DC_REPORT_JSON || f == DC_REPORT_JUNIT ||
         f == DC_REPORT_SARIF || f == DC_REPORT_HTML;
}

const struct dc_link_plot *dc_report_plot_of(const struct dc_report_opts *o,
                                             const struct dc_link_result *res)
{
  size_t i;
  for (i = 0; o->plots && i < o->plots->n; i++)
    if (o->plots->v[i].res == res)
      return &o->plots->v[i];
  return NULL;
}

void dc_report_counts_add(struct dc_report_counts *a,
                          const struct dc_report_counts *b)
{
  a->specs += b->specs;
  a->invalid += b->invalid;
  a->chains += b->chains;
  a->links += b->links;
  a->passed += b->passed;
  a->proved += b->proved;
  a->failed += b->failed;
  a->undetermined += b->undetermined;
  a->skipped += b->skipped;
  a->skips += b->skips;
  a->tests += b->tests;
}

/* The errno of the first write that failed: by the time the caller's
** final fflush sees the stream in error, errno no longer says why. */
static int first_write_errno;

int dc_report_write_errno(void)
{
  return first_write_errno;
}

/* Whether a piece of the report ran out of memory (it was left out). */
static int ran_out;

int dc_report_ran_out(void)
{
  return ran_out;
}

/* Write b to out; a piece that ran out of memory is only remembered: the
** caller says so on stderr and exits 3. */
static void write_buf(FILE *out, const struct dc_buf *b)
{
  errno = 0;
  if (b->oom)
    ran_out = 1;
  else if (b->s && fwrite(b->s, 1, b->len, out) != b->len &&
           !first_write_errno)
    first_write_errno = errno ? errno : EIO;
}

static const char *plural(size_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* ---- positions and diagnostics ---- */

void dc_report_put_pos(struct dc_buf *b, struct dc_pos p, const char *fallback)
{
  const char *file = p.file ? p.file : fallback;
  if (!file)
    file = "derivcheck";
  dc_buf_put_printable(b, file, strlen(file));
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
  dc_report_put_pos(b, p, fallback);
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

/* ---- walking the links of a spec ---- */

/* The result of block k of section s, or NULL when the checker left none. */
static const struct dc_block_result *block_result(
  const struct dc_spec_result *res, size_t s, size_t k)
{
  if (!res || !res->blocks || !res->blocks[s])
    return NULL;
  return &res->blocks[s][k];
}

static void each_link_of_chain(const struct dc_report_opts *o,
                               struct dc_buf *b, const struct dc_spec *spec,
                               const struct dc_chain *c,
                               const struct dc_chain_result *cr,
                               dc_link_fn fn)
{
  size_t i;
  for (i = 0; cr && i < cr->nlinks && i + 1 < c->nelems; i++) {
    struct link_ref l;
    l.spec = spec;
    l.left = &c->elems[i];
    l.right = &c->elems[i + 1];
    l.res = &cr->links[i];
    l.step = i + 2;
    fn(o, b, &l);
  }
}

void dc_report_each_link(const struct dc_report_opts *o, struct dc_buf *b,
                         const struct dc_spec *spec,
                         const struct dc_spec_result *res, dc_link_fn fn)
{
  size_t s, k, c;
  for (s = 0; s < spec->nsections; s++) {
    const struct dc_section *sec = &spec->sections[s];
    for (k = 0; k < sec->nblocks; k++) {
      const struct dc_block *blk = &sec->blocks[k];
      const struct dc_block_result *br = block_result(res, s, k);
      for (c = 0; br && br->chains && c < br->nchains && c < blk->nchains;
           c++)
        each_link_of_chain(o, b, spec, &blk->chains[c], &br->chains[c], fn);
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

void dc_report_link_message(struct dc_buf *b, const struct link_ref *l)
{
  const struct dc_link_result *lr = l->res;

  if (lr->verdict == DC_FAIL)
    dc_buf_printf(b, "step %zu does not equal step %zu (line %d)", l->step,
                  l->step - 1, l->left->pos.line);
  else
    dc_buf_printf(b, "step %zu could not be checked: %s", l->step,
                  lr->reason[0] ? lr->reason : "too few valid sample points");
}

void dc_report_link_details(struct dc_buf *b, const struct link_ref *l)
{
  const struct dc_link_result *lr = l->res;
  const char *left = l->left->src ? l->left->src : "";
  const char *right = l->right->src ? l->right->src : "";

  /* The steps as written, quoted for a terminal. */
  dc_buf_puts(b, "  ");
  dc_buf_put_printable(b, left, strlen(left));
  dc_buf_puts(b, lr->verdict != DC_FAIL ? "  =  " : "  =/=  ");
  dc_buf_put_printable(b, right, strlen(right));
  dc_buf_puts(b, "\n");
  if (lr->verdict != DC_FAIL)
    return;
  if (lr->nat) {
    dc_buf_puts(b, "  at ");
    put_point(b, lr);
    dc_buf_puts(b, "\n");
  }
  dc_buf_printf(b, "  left  = %s\n  right = %s\n", lr->left, lr->right);
  if (lr->exact_left && lr->exact_right) {
    size_t i, n = 0;
    dc_buf_puts(b, "  certified exactly at");
    for (i = 0; i < lr->nat; i++)
      if (lr->at[i].exact[0])
        dc_buf_printf(b, "%s %s = %s", n++ ? "," : "", lr->at[i].name,
                      lr->at[i].exact);
    dc_buf_printf(b, "%s: left = %s, right = %s\n", n ? "" : " this point",
                  lr->exact_left, lr->exact_right);
  } else if (lr->certified && lr->certified_bits &&
             strcmp(lr->certified, "difference") == 0) {
    /* The sides agree to every printed digit: say how it is shown. */
    dc_buf_printf(b, "  certified: left - right, simplified exactly, "
                  "excludes 0 in ball arithmetic at %ld bits (the sides "
                  "differ below the working precision)\n",
                  lr->certified_bits);
  } else if (lr->certified && lr->certified_bits) {
    dc_buf_printf(b, "  certified: left - right excludes 0 in ball arithmetic "
                  "at %ld bits\n", lr->certified_bits);
  }
  dc_report_diagnosis(b, lr);
}

/* What algebra says is wrong: the factor or the term the sides differ
** by, and the derivative derivcheck would write. */
void dc_report_diagnosis(struct dc_buf *b, const struct dc_link_result *lr)
{
  const struct dc_diagnosis *d = &lr->diag;
  if (lr->rounded[0])
    dc_buf_printf(b, "  note: %s (decimals: rounded)\n", lr->rounded);
  if (d->factor[0])
    dc_buf_printf(b, "  note: the sides differ by the factor %s "
                  "(left = %s * right)\n", d->factor, d->factor);
  else if (d->difference[0])
    dc_buf_printf(b, "  note: the sides differ by the term %s "
                  "(left - right = %s)\n", d->difference, d->difference);
  if (d->suggestion[0])
    dc_buf_printf(b, "  note: derivcheck's derivative of the left side: %s\n",
                  d->suggestion);
}

/* ---- text ---- */

static void text_link(const struct dc_report_opts *o, struct dc_buf *b,
                      const struct link_ref *l)
{
  const struct dc_link_result *lr = l->res;
  const char *path = l->spec->path;
  const struct dc_link_plot *plot;

  if (o->verbosity > 0) {
    dc_report_put_pos(b, l->right->pos, path);
    dc_buf_printf(b, ": step %zu: %s%s (%zu valid %s of %zu tried",
                  l->step, dc_verdict_word(lr->verdict),
                  lr->proved ? ", proved" : "", lr->nvalid,
                  plural(lr->nvalid, "sample", "samples"), lr->ntried);
    /* The precision the link needed: higher than asked where it cancels. */
    if (lr->precision_used > 0)
      dc_buf_printf(b, ", %ld bits", lr->precision_used);
    dc_buf_puts(b, ")\n");
  }
  plot = dc_report_plot_of(o, lr);
  if (lr->verdict == DC_PASS) {
    /* A passing link plotted on request (--plot): where the file went. */
    if (plot && plot->file && o->verbosity >= 0) {
      put_head(b, l->right->pos, path, DC_SEV_NOTE, o->color);
      dc_buf_printf(b, "step %zu plotted: ", l->step);
      dc_buf_put_printable(b, plot->file, strlen(plot->file));
      dc_buf_puts(b, "\n");
    }
    return;
  }
  put_head(b, l->right->pos, path, DC_SEV_ERROR, o->color);
  dc_report_link_message(b, l);
  dc_buf_puts(b, "\n");
  dc_report_link_details(b, l);
  if (plot && plot->file) {
    /* The name is the user's --plot-dir plus a name made of safe bytes. */
    dc_buf_puts(b, "  plot: ");
    dc_buf_put_printable(b, plot->file, strlen(plot->file));
    dc_buf_puts(b, "\n");
  }
}

void dc_report_text_summary(struct dc_buf *b, const struct dc_spec *spec,
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
  if (spec->nskipped)
    dc_buf_printf(b, ", %zu skipped", spec->nskipped);
  dc_buf_printf(b, " (%ld bits, %ld %s, seed %lu)\n", p->precision,
                p->samples, plural((size_t)p->samples, "sample", "samples"),
                p->seed);
}

/* "total: 4 specs (1 invalid), 12 chains, 27 links: 25 passed, 1 failed" */
static void text_total(struct dc_buf *b, const struct dc_report_counts *t)
{
  dc_buf_printf(b, "total: %zu %s", t->specs, plural(t->specs, "spec",
                                                      "specs"));
  if (t->invalid)
    dc_buf_printf(b, " (%zu invalid)", t->invalid);
  dc_buf_printf(b, ", %zu %s, %zu %s: %zu passed", t->chains,
                plural(t->chains, "chain", "chains"), t->links,
                plural(t->links, "link", "links"), t->passed);
  if (t->proved)
    dc_buf_printf(b, " (%zu proved)", t->proved);
  if (t->failed)
    dc_buf_printf(b, ", %zu failed", t->failed);
  if (t->undetermined)
    dc_buf_printf(b, ", %zu undetermined", t->undetermined);
  if (t->skipped)
    dc_buf_printf(b, ", %zu skipped", t->skipped);
  dc_buf_puts(b, "\n");
}

/* ---- TAP ---- */

/* A TAP description: '#' would start a directive, so it is escaped. */
static void tap_desc(struct dc_buf *b, const char *s)
{
  for (; *s; s++) {
    if (*s == '#' || *s == '\\')
      dc_buf_add(b, "\\", 1);
    if (*s == '\n' || *s == '\r')
      dc_buf_add(b, " ", 1);
    else
      dc_buf_add(b, s, 1);
  }
}

/*
** TAP::Parser's YAMLish reader (prove) reads a subset of YAML: a
** double-quoted scalar on one line, and a list item that looks like
** "key: value" is taken as a mapping.  So every string is written as a
** JSON string (a valid one-line YAML double-quoted scalar) and only ever as
** a mapping value, never as a bare list item: a message such as
** "f.yaml:4:30: error: ..." as "- ..." would be read as a key.
*/
static void tap_kv(struct dc_buf *b, const char *indent, const char *key,
                   const char *val)
{
  dc_buf_printf(b, "%s%s: ", indent, key);
  dc_json_str(b, val);
  dc_buf_puts(b, "\n");
}

static void tap_counterexample(struct dc_buf *b,
                               const struct dc_link_result *lr)
{
  size_t i;

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
  if (lr->certified)
    tap_kv(b, "  ", "certified", lr->certified);
  if (lr->rounded[0])
    tap_kv(b, "  ", "rounded", lr->rounded);
  if (lr->diag.factor[0])
    tap_kv(b, "  ", "factor", lr->diag.factor);
  if (lr->diag.difference[0])
    tap_kv(b, "  ", "difference", lr->diag.difference);
  if (lr->diag.suggestion[0])
    tap_kv(b, "  ", "suggested", lr->diag.suggestion);
}

static void tap_link(const struct dc_report_opts *o, struct dc_buf *b,
                     const struct link_ref *l)
{
  const struct dc_link_result *lr = l->res;
  struct dc_buf d;

  dc_buf_init(&d);
  dc_report_put_pos(&d, l->right->pos, l->spec->path);
  dc_buf_printf(&d, " step %zu%s", l->step, lr->proved ? " proved" : "");
  dc_buf_puts(b, lr->verdict == DC_PASS ? TAP_OK : TAP_NOT_OK);
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
  if (lr->verdict == DC_FAIL)
    tap_counterexample(b, lr);
  dc_buf_puts(b, "  ...\n");
}

/* What a post left unchecked: one test per skip, "ok" with the SKIP
** directive (TAP 13), so that a harness counts it as skipped, not passed. */
static void tap_skips(struct dc_buf *b, const struct dc_spec *spec)
{
  struct dc_buf d;
  size_t i;

  for (i = 0; i < spec->nskips; i++) {
    const struct dc_skip *s = &spec->skips[i];
    dc_buf_init(&d);
    dc_report_put_pos(&d, s->pos, spec->path);
    dc_buf_printf(&d, " skipped (%zu link%s)", s->links,
                  s->links == 1 ? "" : "s");
    dc_buf_puts(b, TAP_OK);
    tap_desc(b, d.s ? d.s : "");
    dc_buf_puts(b, " # SKIP ");
    tap_desc(b, s->reason);
    dc_buf_puts(b, "\n");
    if (d.oom)
      b->oom = 1;
    dc_buf_free(&d);
  }
}

/* Diagnostics in a TAP YAML block: a list of mappings, one per message. */
static void tap_diags(struct dc_buf *b, const struct dc_diags *diags)
{
  size_t i;

  if (!diags || !diags->n)
    return;
  dc_buf_puts(b, "  diagnostics:\n");
  for (i = 0; i < diags->n; i++) {
    const struct dc_diag *g = &diags->v[i];
    tap_kv(b, "    - ", "severity", dc_severity_word(g->sev));
    tap_kv(b, "      ", "file", g->pos.file ? g->pos.file : "");
    dc_buf_printf(b, "      line: %d\n      col: %d\n", g->pos.line,
                  g->pos.col);
    tap_kv(b, "      ", "message", g->msg);
  }
}

static void tap_broken(struct dc_buf *b, const char *path,
                       const struct dc_diags *diags, const char *what,
                       const char *error)
{
  dc_buf_puts(b, TAP_NOT_OK);
  tap_desc(b, path);
  dc_buf_printf(b, ": %s\n  ---\n", what);
  tap_kv(b, "  ", "message", error);
  tap_diags(b, diags);
  dc_buf_puts(b, "  ...\n");
}

/* ---- pieces ---- */

void dc_report_piece_spec(const struct dc_report_opts *o, struct dc_buf *b,
                          const struct dc_spec *spec,
                          const struct dc_check_params *params,
                          const struct dc_spec_result *res,
                          struct dc_report_counts *c)
{
  c->specs++;
  c->chains += res->nchains;
  c->links += res->nlinks;
  c->passed += res->npassed;
  c->proved += res->nproved;
  c->failed += res->nfailed;
  c->undetermined += res->nundetermined;
  c->skipped += spec->nskipped;
  c->skips += spec->nskips;
  switch (o->format) {
  case DC_REPORT_TEXT:
    dc_report_each_link(o, b, spec, res, text_link);
    if (o->verbosity >= 0)
      dc_report_text_summary(b, spec, params, res);
    break;
  case DC_REPORT_TAP:
    dc_report_each_link(o, b, spec, res, tap_link);
    tap_skips(b, spec);
    c->tests += res->nlinks + spec->nskips;
    break;
  case DC_REPORT_JSON:
    dc_json_spec(b, spec, params, res);
    break;
  case DC_REPORT_HTML:
    dc_html_spec(o, b, spec, params, res);
    break;
  case DC_REPORT_GITHUB:
  case DC_REPORT_JUNIT:
  case DC_REPORT_SARIF:
    dc_ci_spec(o, b, spec, params, res);
    break;
  }
}

void dc_report_piece_diags(const struct dc_report_opts *o, struct dc_buf *b,
                           const struct dc_diags *diags)
{
  if (o->format == DC_REPORT_GITHUB || o->format == DC_REPORT_SARIF)
    dc_ci_diags(o, b, diags);
}

void dc_report_piece_error(const struct dc_report_opts *o, struct dc_buf *b,
                           const char *path, const struct dc_diags *diags,
                           int loaded, int internal,
                           struct dc_report_counts *c)
{
  const char *what = loaded ? "spec is checked" : "spec loads";
  const char *error = internal ? "internal error while checking"
                      : loaded ? "the spec could not be checked"
                               : "the spec does not load";

  c->specs++;
  c->invalid++;
  switch (o->format) {
  case DC_REPORT_TEXT:
    /* The caller prints the diagnostics; nothing to add. */
    break;
  case DC_REPORT_TAP:
    tap_broken(b, path, diags, what, error);
    c->tests++;
    break;
  case DC_REPORT_JSON:
    dc_json_spec_error(b, path, error, diags);
    break;
  case DC_REPORT_HTML:
    dc_html_broken(o, b, path, diags, error);
    break;
  case DC_REPORT_GITHUB:
  case DC_REPORT_JUNIT:
  case DC_REPORT_SARIF:
    dc_ci_broken(o, b, path, diags, what, error);
    break;
  }
}

/* ---- joining pieces ---- */

struct dc_report *dc_report_new(FILE *out, const struct dc_report_opts *o)
{
  struct dc_report *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->out = out;
  r->o = *o;
  dc_buf_init(&r->doc);
  if (o->format == DC_REPORT_TAP)
    fputs("TAP version 13\n", out);
  return r;
}

/* Write a TAP piece, numbering its test lines from r's count on. */
static void tap_numbered(struct dc_report *r, struct dc_buf *out,
                         const char *s, size_t len)
{
  size_t ntests = r->total.tests;
  const char *end = s + len;

  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
    size_t skip = 0;

    if (n >= strlen(TAP_OK) && memcmp(s, TAP_OK, strlen(TAP_OK)) == 0) {
      dc_buf_printf(out, "ok %zu - ", ++ntests);
      skip = strlen(TAP_OK);
    } else if (n >= strlen(TAP_NOT_OK) &&
               memcmp(s, TAP_NOT_OK, strlen(TAP_NOT_OK)) == 0) {
      dc_buf_printf(out, "not ok %zu - ", ++ntests);
      skip = strlen(TAP_NOT_OK);
    }
    dc_buf_add(out, s + skip, n - skip);
    s += n;
  }
}

void dc_report_add(struct dc_report *r, const char *piece, size_t len,
                   const struct dc_report_counts *c)
{
  struct dc_buf b;

  if (is_document(r->o.format)) {
    /* JSON objects and SARIF results are separated by commas; JUnit
    ** testsuites follow one another. */
    if (len && r->npieces++ && r->o.format != DC_REPORT_JUNIT &&
        r->o.format != DC_REPORT_HTML)
      dc_buf_puts(&r->doc, r->o.format == DC_REPORT_JSON ? ",\n" : ",");
    dc_buf_add(&r->doc, piece, len);
  } else {
    dc_buf_init(&b);
    if (r->o.format == DC_REPORT_TAP)
      tap_numbered(r, &b, piece, len);
    else
      dc_buf_add(&b, piece, len);
    write_buf(r->out, &b);
    dc_buf_free(&b);
  }
  dc_report_counts_add(&r->total, c);
}

void dc_json_summary(struct dc_buf *b, const struct dc_report_counts *t)
{
  int ok = !t->invalid && !t->failed && !t->undetermined;
  dc_buf_printf(b, "\"summary\":{\"ok\":%s,\"specs\":%zu,\"invalid\":%zu,"
                "\"chains\":%zu,\"links\":%zu,\"passed\":%zu,\"proved\":%zu,"
                "\"failed\":%zu,\"undetermined\":%zu,\"skipped\":%zu}",
                ok ? "true" : "false", t->specs, t->invalid, t->chains,
                t->links, t->passed, t->proved, t->failed, t->undetermined,
                t->skipped);
}

/* The json, junit or sarif document: head with totals, pieces, end. */
static void finish_document(struct dc_report *r)
{
  struct dc_buf b;

  dc_buf_init(&b);
  if (r->o.format == DC_REPORT_JSON) {
    dc_buf_puts(&b, "{\"version\":1,\"specs\":[\n");
    dc_buf_add(&b, r->doc.s ? r->doc.s : "", r->doc.len);
    dc_buf_puts(&b, r->doc.len ? "\n]," : "],");
    dc_json_summary(&b, &r->total);
    dc_buf_puts(&b, "}\n");
  } else if (r->o.format == DC_REPORT_HTML) {
    dc_html_page(&r->o, &b, r->doc.s ? r->doc.s : "", r->doc.len, &r->total,
                 r->status);
  } else {
    dc_ci_begin(&r->o, &b, &r->total);
    dc_buf_add(&b, r->doc.s ? r->doc.s : "", r->doc.len);
    dc_ci_end(&r->o, &b);
  }
  if (r->doc.oom)
    b.oom = 1;
  write_buf(r->out, &b);
  dc_buf_free(&b);
}

void dc_report_set_status(struct dc_report *r, int status)
{
  if (r)
    r->status = status;
}

void dc_report_finish(struct dc_report *r)
{
  struct dc_buf b;

  if (!r)
    return;
  dc_buf_init(&b);
  if (is_document(r->o.format))
    finish_document(r);
  else if (r->o.format == DC_REPORT_TAP)
    dc_buf_printf(&b, "1..%zu\n", r->total.tests);
  else if (r->total.specs > 1 && r->o.verbosity >= 0)
    text_total(&b, &r->total);
  write_buf(r->out, &b);
  dc_buf_free(&b);
  dc_buf_free(&r->doc);
  free(r);
}

/* ---- one process, in order ---- */

void dc_report_spec(struct dc_report *r, const struct dc_spec *spec,
                    const struct dc_check_params *params,
                    const struct dc_spec_result *res)
{
  struct dc_report_counts c;
  struct dc_buf b;

  memset(&c, 0, sizeof c);
  dc_buf_init(&b);
  dc_report_piece_spec(&r->o, &b, spec, params, res, &c);
  dc_report_add(r, b.s ? b.s : "", b.len, &c);
  dc_buf_free(&b);
}

static void add_error(struct dc_report *r, const char *path,
                      const struct dc_diags *diags, int loaded, int internal)
{
  struct dc_report_counts c;
  struct dc_buf b;

  memset(&c, 0, sizeof c);
  dc_buf_init(&b);
  dc_report_piece_diags(&r->o, &b, diags);
  dc_report_piece_error(&r->o, &b, path, diags, loaded, internal, &c);
  dc_report_add(r, b.s ? b.s : "", b.len, &c);
  dc_buf_free(&b);
}

void dc_report_spec_error(struct dc_report *r, const char *path,
                          const struct dc_diags *diags)
{
  add_error(r, path, diags, 0, 0);
}

void dc_report_check_error(struct dc_report *r, const char *path,
                           const struct dc_diags *diags, int internal)
{
  add_error(r, path, diags, 1, internal);
}
