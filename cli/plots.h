/*
** plots.h: the plots of a checked spec's links (verify/plot.h,
** emit/svg.h): every failing link, and with --plot every link, or with
** --plot=FILE:LINE[:COL] the links at those positions; inline SVG for the
** HTML report and, with --plot-dir, SVG files named after the spec's path
** and the link's position: DIR/specs_broken_x.yaml-24-16.svg (every byte
** of the path other than a letter, digit, '.', '-' or '_' becomes '_';
** a derive block's steps, which share the position of its derive:
** expression, add -sSTEP).
**
** A --plot position is checked in two steps: its FILE must be one of the
** inputs (dc_plot_reqs_resolve, before anything is checked), and each
** spec that FILE names must have a link there (dc_plots_make, after the
** spec is checked).  Either miss is an error, exit status 2: the plot
** that was asked for is not there.
*/
#ifndef DC_CLI_PLOTS_H
#define DC_CLI_PLOTS_H

#include "cli/inputs.h"
#include "cli/options.h"
#include "emit/report.h"
#include "parser/spec.h"
#include "verify/check.h"

/* Give each --plot request the identity of its FILE, and check that FILE
** is among the inputs.  0, or -1 after a usage error on stderr. */
int dc_plot_reqs_resolve(struct dc_plot_req *v, size_t n,
                         const struct dc_inputs *in);

/* What to plot besides the failing links of the spec read from in. */
struct dc_plot_pick {
  const struct dc_options *opts;  /* plot_all, plots, plot_dir */
  const struct dc_input *in;
};

/*
** Plot the links of spec that pick asks for into out (free with
** dc_plots_free): the inline SVG when want_svg, a file in
** pick->opts->plot_dir when that is set.  A file that cannot be written,
** or a --plot position of this spec where no link stands, gives a
** message in diags and returns -1; a failing link that cannot be plotted
** (no free symbol) is left out quietly, one asked for by position with a
** warning.
*/
int dc_plots_make(struct dc_ctx *ctx, const struct dc_spec *spec,
                  const struct dc_check_params *params,
                  const struct dc_spec_result *res, int want_svg,
                  const struct dc_plot_pick *pick, struct dc_plots *out,
                  struct dc_buf *diags);
void dc_plots_free(struct dc_plots *p);

#endif
