/*
** plots.h: the plots of a checked spec's failing links (verify/plot.h,
** emit/svg.h), inline SVG for the HTML report and, with --plot-dir, SVG
** files named after the spec's path and the link's position:
** DIR/specs_broken_x.yaml-24-16.svg (every byte of the path other than a
** letter, digit, '.', '-' or '_' becomes '_').
*/
#ifndef DC_CLI_PLOTS_H
#define DC_CLI_PLOTS_H

#include "emit/report.h"
#include "parser/spec.h"
#include "verify/check.h"

/*
** Plot every failing link of spec into out (free with dc_plots_free):
** the inline SVG when want_svg, a file in dir when dir is not NULL.  A
** file that cannot be written gives a message in diags and returns -1;
** a link that cannot be plotted is left out quietly.
*/
int dc_plots_make(struct dc_ctx *ctx, const struct dc_spec *spec,
                  const struct dc_check_params *params,
                  const struct dc_spec_result *res, int want_svg,
                  const char *dir, struct dc_plots *out, struct dc_buf *diags);
void dc_plots_free(struct dc_plots *p);

#endif
