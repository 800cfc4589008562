/*
** plots.c: plotting a spec's links (cli/plots.h).
*/
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/plots.h"
#include "emit/output.h"
#include "emit/svg.h"
#include "verify/plot.h"

/* DIR/NAME-LINE-COL.svg with NAME the spec's path made of safe bytes
** (-sSTEP before .svg when step is not 0). */
static char *plot_path(const char *dir, const char *spec_path,
                       struct dc_pos p, size_t step)
{
  struct dc_buf b;
  const char *s;

  dc_buf_init(&b);
  dc_buf_printf(&b, "%s/", dir);
  for (s = spec_path; *s; s++) {
    char c = *s;
    int safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    dc_buf_add(&b, safe ? s : "_", 1);
  }
  dc_buf_printf(&b, "-%d-%d", p.line, p.col);
  if (step)
    dc_buf_printf(&b, "-s%zu", step);
  dc_buf_puts(&b, ".svg");
  if (b.oom) {
    dc_buf_free(&b);
    return NULL;
  }
  return b.s;
}

/* Whether --plot's r names the file of input in. */
static int names_input(const struct dc_plot_req *r, const struct dc_input *in)
{
  if (in->kind != DC_INPUT_FILE)
    return 0;
  if (r->has_id && in->has_id)
    return r->dev == in->dev && r->ino == in->ino;
  return strcmp(r->file, in->name) == 0;
}

int dc_plot_reqs_resolve(struct dc_plot_req *v, size_t n,
                         const struct dc_inputs *in)
{
  size_t i, k;
  for (i = 0; i < n; i++) {
    struct stat st;
    if (stat(v[i].file, &st) == 0) {
      v[i].has_id = 1;
      v[i].dev = (unsigned long long)st.st_dev;
      v[i].ino = (unsigned long long)st.st_ino;
    }
    for (k = 0; k < in->n && !names_input(&v[i], &in->v[k]); k++)
      ;
    if (k == in->n) {
      struct dc_buf b;
      dc_buf_init(&b);
      dc_buf_put_printable(&b, v[i].arg, strlen(v[i].arg));
      fprintf(stderr, "derivcheck: error: --plot=%s: the file is not one "
              "of the specs checked\n", b.s ? b.s : "");
      dc_buf_free(&b);
      return -1;
    }
  }
  return 0;
}

struct maker {
  struct dc_ctx *ctx;
  const struct dc_spec *spec;
  const struct dc_check_params *params;
  int want_svg;
  const struct dc_plot_pick *pick;
  const char *dir;
  struct dc_plots *out;
  struct dc_buf *diags;
  int failed;
  char *used;                   /* per --plot request: a link matched */
};

static int write_file(struct maker *m, struct dc_link_plot *lp,
                      const struct dc_plot_data *d, const char *l,
                      const char *r, struct dc_pos pos, size_t step)
{
  char msg[DC_OUTPUT_MSG];
  struct dc_buf svg;
  int rc = 0;

  lp->file = plot_path(m->dir, m->spec->path, pos, step);
  dc_buf_init(&svg);
  dc_svg_plot(&svg, d, l, r, 1);
  if (!lp->file || svg.oom) {
    dc_buf_printf(m->diags, "derivcheck: error: out of memory while "
                  "plotting\n");
    rc = -1;
  } else if (dc_output_write(lp->file, svg.s, svg.len, msg, sizeof msg)) {
    dc_buf_printf(m->diags, "derivcheck: error: %s\n", msg);
    rc = -1;
  }
  dc_buf_free(&svg);
  return rc;
}

/* Plot one link (ea = eb of blk); -1 when it cannot be plotted. */
static int plot_one(struct maker *m, const struct dc_block *blk,
                    size_t step, const struct dc_element *ea,
                    const struct dc_element *eb,
                    const struct dc_link_result *lr)
{
  struct dc_plot_data *d = malloc(sizeof *d);
  struct dc_link_plot *v, *lp;
  char l[32], r[32];

  if (!d || dc_plot_link(m->ctx, blk, ea, eb, lr, m->params, d) != 0) {
    free(d);
    return -1;
  }
  v = realloc(m->out->v, (m->out->n + 1) * sizeof *v);
  if (!v) {
    free(d);
    return -1;
  }
  m->out->v = v;
  lp = &v[m->out->n++];
  memset(lp, 0, sizeof *lp);
  lp->res = lr;
  snprintf(l, sizeof l, "step %zu", step - 1);
  snprintf(r, sizeof r, "step %zu", step);
  if (m->want_svg) {
    struct dc_buf svg;
    dc_buf_init(&svg);
    dc_svg_plot(&svg, d, l, r, 0);
    lp->svg = svg.oom ? NULL : svg.s;
    if (svg.oom)
      dc_buf_free(&svg);
  }
  if (m->dir && write_file(m, lp, d, l, r, eb->pos,
                            blk->kind == DC_BLOCK_DERIVE ? step : 0) != 0)
    m->failed = 1;
  free(d);
  return 0;
}

/* The --plot requests of this spec that name pos: marked used; -1 when
** there is none, else the first. */
static long asked_at(struct maker *m, struct dc_pos pos)
{
  const struct dc_options *o = m->pick ? m->pick->opts : NULL;
  long first = -1;
  size_t i;
  for (i = 0; o && i < o->nplots; i++) {
    const struct dc_plot_req *r = &o->plots[i];
    if (names_input(r, m->pick->in) && r->line == pos.line &&
        (r->col == 0 || r->col == pos.col)) {
      m->used[i] = 1;
      if (first < 0)
        first = (long)i;
    }
  }
  return first;
}

/* A link asked for by position that cannot be plotted: say so. */
static void warn_unplotted(struct maker *m, long req, size_t step)
{
  struct dc_buf q;
  dc_buf_init(&q);
  dc_buf_put_printable(&q, m->pick->opts->plots[req].arg,
                       strlen(m->pick->opts->plots[req].arg));
  dc_buf_printf(m->diags, "derivcheck: warning: --plot=%s: step %zu cannot "
                "be plotted (no symbol to plot along, or no point where "
                "both sides are defined)\n", q.s ? q.s : "", step);
  dc_buf_free(&q);
}

static void plot_block(struct maker *m, const struct dc_block *blk,
                       const struct dc_block_result *br)
{
  size_t c, i;
  for (c = 0; br && br->chains && c < br->nchains && c < blk->nchains; c++)
    for (i = 0; i < br->chains[c].nlinks && i + 1 < blk->chains[c].nelems;
         i++) {
      const struct dc_element *eb = &blk->chains[c].elems[i + 1];
      const struct dc_link_result *lr = &br->chains[c].links[i];
      long req = asked_at(m, eb->pos);
      if (lr->verdict != DC_FAIL && req < 0 && !m->pick->opts->plot_all)
        continue;
      if (plot_one(m, blk, i + 2, &blk->chains[c].elems[i], eb, lr) != 0 &&
          req >= 0)
        warn_unplotted(m, req, i + 2);
    }
}

/* Every --plot request that names this spec but no link of it. */
static void report_unused(struct maker *m)
{
  const struct dc_options *o = m->pick->opts;
  size_t i;
  for (i = 0; i < o->nplots; i++)
    if (!m->used[i] && names_input(&o->plots[i], m->pick->in)) {
      struct dc_buf q;
      dc_buf_init(&q);
      dc_buf_put_printable(&q, o->plots[i].arg, strlen(o->plots[i].arg));
      dc_buf_printf(m->diags, "derivcheck: error: --plot=%s: no link "
                    "stands at that position (a link stands at its "
                    "right-hand expression)\n", q.s ? q.s : "");
      dc_buf_free(&q);
      m->failed = 1;
    }
}

int dc_plots_make(struct dc_ctx *ctx, const struct dc_spec *spec,
                  const struct dc_check_params *params,
                  const struct dc_spec_result *res, int want_svg,
                  const struct dc_plot_pick *pick, struct dc_plots *out,
                  struct dc_buf *diags)
{
  struct maker m = { ctx, spec, params, want_svg, pick, pick->opts->plot_dir,
                     out, diags, 0, NULL };
  size_t s, k, nreq = pick->opts->nplots;

  memset(out, 0, sizeof *out);
  m.used = calloc(nreq ? nreq : 1, 1);
  if (!m.used) {
    dc_buf_printf(diags, "derivcheck: error: out of memory while "
                  "plotting\n");
    return -1;
  }
  for (s = 0; res->blocks && s < spec->nsections; s++)
    for (k = 0; res->blocks[s] && k < spec->sections[s].nblocks; k++)
      plot_block(&m, &spec->sections[s].blocks[k], &res->blocks[s][k]);
  report_unused(&m);
  free(m.used);
  return m.failed ? -1 : 0;
}

void dc_plots_free(struct dc_plots *p)
{
  size_t i;
  for (i = 0; i < p->n; i++) {
    free(p->v[i].svg);
    free(p->v[i].file);
  }
  free(p->v);
  memset(p, 0, sizeof *p);
}
