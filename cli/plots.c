/*
** plots.c: plotting a spec's failing links (cli/plots.h).
*/
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/plots.h"
#include "emit/output.h"
#include "emit/svg.h"
#include "verify/plot.h"

/* DIR/NAME-LINE-COL.svg with NAME the spec's path made of safe bytes. */
static char *plot_path(const char *dir, const char *spec_path,
                       struct dc_pos p)
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
  dc_buf_printf(&b, "-%d-%d.svg", p.line, p.col);
  if (b.oom) {
    dc_buf_free(&b);
    return NULL;
  }
  return b.s;
}

struct maker {
  struct dc_ctx *ctx;
  const struct dc_spec *spec;
  const struct dc_check_params *params;
  int want_svg;
  const char *dir;
  struct dc_plots *out;
  struct dc_buf *diags;
  int failed;
};

static int write_file(struct maker *m, struct dc_link_plot *lp,
                      const struct dc_plot_data *d, const char *l,
                      const char *r, struct dc_pos pos)
{
  char msg[DC_OUTPUT_MSG];
  struct dc_buf svg;
  int rc = 0;

  lp->file = plot_path(m->dir, m->spec->path, pos);
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

/* Plot one failing link (ea = eb of blk). */
static void plot_one(struct maker *m, const struct dc_block *blk,
                     size_t step, const struct dc_element *ea,
                     const struct dc_element *eb,
                     const struct dc_link_result *lr)
{
  struct dc_plot_data *d = malloc(sizeof *d);
  struct dc_link_plot *v, *lp;
  char l[32], r[32];

  if (!d || dc_plot_link(m->ctx, blk, ea, eb, lr, m->params->precision,
                         d) != 0) {
    free(d);
    return;
  }
  v = realloc(m->out->v, (m->out->n + 1) * sizeof *v);
  if (!v) {
    free(d);
    return;
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
  if (m->dir && write_file(m, lp, d, l, r, eb->pos) != 0)
    m->failed = 1;
  free(d);
}

static void plot_block(struct maker *m, const struct dc_block *blk,
                       const struct dc_block_result *br)
{
  size_t c, i;
  for (c = 0; br && br->chains && c < br->nchains && c < blk->nchains; c++)
    for (i = 0; i < br->chains[c].nlinks && i + 1 < blk->chains[c].nelems;
         i++)
      if (br->chains[c].links[i].verdict == DC_FAIL)
        plot_one(m, blk, i + 2, &blk->chains[c].elems[i],
                 &blk->chains[c].elems[i + 1], &br->chains[c].links[i]);
}

int dc_plots_make(struct dc_ctx *ctx, const struct dc_spec *spec,
                  const struct dc_check_params *params,
                  const struct dc_spec_result *res, int want_svg,
                  const char *dir, struct dc_plots *out, struct dc_buf *diags)
{
  struct maker m = { ctx, spec, params, want_svg, dir, out, diags, 0 };
  size_t s, k;

  memset(out, 0, sizeof *out);
  if (res->nfailed == 0 || !res->blocks)
    return 0;
  for (s = 0; s < spec->nsections; s++)
    for (k = 0; res->blocks[s] && k < spec->sections[s].nblocks; k++)
      plot_block(&m, &spec->sections[s].blocks[k], &res->blocks[s][k]);
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
