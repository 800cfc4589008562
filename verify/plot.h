/*
** plot.h: the numbers behind the plot of a failing link (emit/svg.h
** draws them): both sides evaluated along one symbol, the others held at
** the counterexample's values, over a window of the symbol's domain and
** a zoom around the counterexample.
**
** The symbol is the one that "matters most" at the counterexample: the
** one whose change across its window changes left - right the most
** (|d(left - right)/dx| times the window's width, by a central difference
** at the point).  The window is the domain when it is bounded, else the
** counterexample's value plus or minus max(4, 2|x|), cut at a finite
** bound; the zoom is a twentieth of the window's width around the point.
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
};

struct dc_plot_data {
  char var[64];                 /* the symbol plotted along */
  double x0, left0, right0;     /* the counterexample and both sides there */
  struct dc_plot_panel wide, zoom;
};

/*
** The plot of link ea = eb (elements of blk) that failed with lr.  0 on
** success; -1 when there is nothing to plot (no free symbol, a side that
** does not expand, no counterexample) or memory ran out.  prec is the
** working precision.
*/
int dc_plot_link(struct dc_ctx *ctx, const struct dc_block *blk,
                 const struct dc_element *ea, const struct dc_element *eb,
                 const struct dc_link_result *lr, long prec,
                 struct dc_plot_data *out);

#endif
