/*
** plot.h: the numbers behind the plot of a link (emit/svg.h draws them):
** both sides evaluated along one symbol, the others held at the
** counterexample's values, over a window of the symbol's domain and a
** zoom around the counterexample.
**
** The symbol is the one that "matters most" at the counterexample: the
** one whose change across its window changes left - right the most
** (|d(left - right)/dx| times the window's width, by a central difference
** at the point).
**
** A link without a counterexample (one that passed, or could not be
** determined, plotted on request: --plot) is plotted around a point drawn
** from the seed and the link's position: each symbol uniform in its
** domain when that is bounded, else within 2 of its finite bound or of 0,
** drawn again (up to 64 times) until both sides are defined there; the
** symbol is the one along which the sides change the most.  The window is the domain when it is bounded, else the
** counterexample's value plus or minus max(4, 2|x|), cut at a finite
** bound; where both sides are undefined in more than half of that window
** (a where name's domain cuts it short), it is narrowed to the part where
** a side is defined, a cell beyond on each side.  The zoom is a twentieth
** of the window's width around the point.
** Points sit at the midpoints of n equal cells, so an open bound is never
** evaluated.  Nothing is random: the plot follows from the counterexample,
** which follows from the seed.
*/
#ifndef DC_PLOT_H
#define DC_PLOT_H

#include <stddef.h>
#include "expr/node.h"
#include "parser/spec.h"
#include "verify/check.h"

/* Points per panel. */
#define DC_PLOT_POINTS 161

/* One range of the symbol: x[i], and both sides there (NAN where a side
** is undefined). */
struct dc_plot_panel {
  double lo, hi;
  double x[DC_PLOT_POINTS], left[DC_PLOT_POINTS], right[DC_PLOT_POINTS];
  double diff[DC_PLOT_POINTS];  /* left - right at the working precision */
};

struct dc_plot_data {
  char var[64];                 /* the symbol plotted along */
  double x0, left0, right0;     /* the point and both sides there */
  double diff0;                 /* left - right there */
  int cex;                      /* the point is a counterexample */
  int rounding;                 /* no counterexample, and wherever both
                                   sides are defined they agree to half
                                   the working precision: the difference
                                   drawn is rounding error */
  struct dc_plot_panel wide, zoom;
};

/*
** The plot of link ea = eb (elements of blk), checked with result lr.  0
** on success; -1 when there is nothing to plot (no free symbol, a side
** that does not expand, no point where both sides are defined) or memory
** ran out.  The sides are evaluated at params' precision; the seed picks
** the point of a link without a counterexample.
*/
int dc_plot_link(struct dc_ctx *ctx, const struct dc_block *blk,
                 const struct dc_element *ea, const struct dc_element *eb,
                 const struct dc_link_result *lr,
                 const struct dc_check_params *params,
                 struct dc_plot_data *out);

#endif
