/*
** svg.h: the plot of a link as an SVG image (from verify/plot.h).
**
** Four panels: on top both sides over the symbol's window and over the
** zoom around the counterexample; below, left - right over the same two
** ranges, on a log scale of |left - right| when its nonzero values span
** more than three orders of magnitude.  Each panel's curves are <path>
** elements of class "curve" (six in all: left, right, difference, twice),
** broken into pieces where a side is undefined; the counterexample is a
** circle of class "cex" on every panel (class "point" for the point a
** link without a counterexample is plotted around).  The difference is
** the one taken at the working precision (verify/plot.h), so a passing
** link shows its rounding error, or 0.  Only numbers formatted with
** fixed digits go into the picture, so it is the same on every run.
*/
#ifndef DC_SVG_H
#define DC_SVG_H

#include "expr/plain.h"
#include "verify/plot.h"

/* The SVG of d (a standalone document when standalone is set: with the
** XML declaration; inline in HTML without it).  left and right name the
** two sides in the legend ("step 2", "step 3"). */
void dc_svg_plot(struct dc_buf *b, const struct dc_plot_data *d,
                 const char *left, const char *right, int standalone);

#endif
