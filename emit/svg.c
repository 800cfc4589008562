/*
** svg.c: a link's plot as SVG (emit/svg.h).
**
** Each panel is a nested <svg> with its own viewport, which clips what
** falls outside it, so no clipPath ids are needed (ids would clash when
** many plots are inlined in one HTML page).  The vertical range of a
** panel covers its finite values, but a pole would squash everything
** else flat: when the extreme values stretch the range more than tenfold
** beyond the 1st to 99th percentile, that percentile range is used, and
** the curve leaves the panel there.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/svg.h"

#define WIDTH 760
#define HEIGHT 500
#define PW 300                  /* a panel's plot area */
#define PH 160
#define COL0 70
#define COL1 430
#define ROW0 60
#define ROW1 300
#define MAX_VALUES (3 * DC_PLOT_POINTS)

/* Ratio of a difference's nonzero values beyond which it is drawn on a
** log scale. */
#define LOG_SPAN 1e3

struct range {
  double lo, hi;
};

/* Text for XML: names and labels are plain, but escaped all the same. */
static void put_xml_text(struct dc_buf *b, const char *s)
{
  for (; *s; s++)
    switch (*s) {
    case '<': dc_buf_puts(b, "&lt;"); break;
    case '>': dc_buf_puts(b, "&gt;"); break;
    case '&': dc_buf_puts(b, "&amp;"); break;
    case '"': dc_buf_puts(b, "&quot;"); break;
    default: dc_buf_add(b, s, 1);
    }
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The vertical range of the finite values v[0..n) plus `keep` (the
** counterexample's values, always shown). */
static struct range value_range(const double *v, size_t n, const double *keep,
                                size_t nkeep)
{
  double s[MAX_VALUES + 4];
  size_t i, m = 0;
  struct range r = { -1, 1 };

  for (i = 0; i < n && m < MAX_VALUES; i++)
    if (isfinite(v[i]))
      s[m++] = v[i];
  if (m == 0)
    return r;
  qsort(s, m, sizeof *s, cmp_double);
  r.lo = s[0];
  r.hi = s[m - 1];
  if (m > 20 && r.hi - r.lo > 10 * (s[m - 1 - m / 100] - s[m / 100])) {
    r.lo = s[m / 100];
    r.hi = s[m - 1 - m / 100];
  }
  for (i = 0; i < nkeep; i++)
    if (isfinite(keep[i])) {
      r.lo = fmin(r.lo, keep[i]);
      r.hi = fmax(r.hi, keep[i]);
    }
  if (!(r.hi - r.lo > 1e-300 * fmax(1, fabs(r.hi)))) {
    double pad = fabs(r.hi) > 0 ? fabs(r.hi) * 0.1 : 1;
    r.lo -= pad;
    r.hi += pad;
  } else {
    double pad = (r.hi - r.lo) * 0.08;
    r.lo -= pad;
    r.hi += pad;
  }
  return r;
}

/* Panel coordinates of a value; far values are held just outside. */
static double to_px(double v, struct range r, double size, int flip)
{
  double t = (v - r.lo) / (r.hi - r.lo);
  t = fmax(-1, fmin(2, t));
  return flip ? size * (1 - t) : size * t;
}

/* One curve as a <path>, a new piece after every undefined point. */
static void put_curve(struct dc_buf *b, const double *x, const double *y,
                      struct range rx, struct range ry, const char *cls)
{
  size_t k;
  int pen = 0;
  dc_buf_printf(b, "<path class=\"curve %s\" d=\"", cls);
  for (k = 0; k < DC_PLOT_POINTS; k++) {
    if (!isfinite(y[k])) {
      pen = 0;
      continue;
    }
    dc_buf_printf(b, "%s%.2f %.2f ", pen ? "L" : "M",
                  to_px(x[k], rx, PW, 0), to_px(y[k], ry, PH, 1));
    pen = 1;
  }
  dc_buf_puts(b, "\"/>\n");
}

/* The point of the plot: class "cex" for a counterexample, "point" for
** the point a link without one is plotted around. */
static const char *point_class(const struct dc_plot_data *d)
{
  return d->cex ? "cex" : "point";
}

static void put_marker(struct dc_buf *b, const struct dc_plot_data *d,
                       double y, struct range rx, struct range ry)
{
  if (!isfinite(y))
    return;
  dc_buf_printf(b, "<circle class=\"%s\" cx=\"%.2f\" cy=\"%.2f\" "
                "r=\"4\"/>\n", point_class(d), to_px(d->x0, rx, PW, 0),
                to_px(y, ry, PH, 1));
}

/* Half the width a label "name = value" may take (10 px type): near an
** end of the panel the label is anchored at that end instead of centred,
** so that it stays inside the picture. */
#define LABEL_HALF 60

/* "var = x0" under the point on the horizontal axis. */
static void put_point_label(struct dc_buf *b, int px, int py, struct range rx,
                            double x0, const char *var)
{
  double at = to_px(x0, rx, PW, 0);
  const char *anchor = "middle";
  if (at < LABEL_HALF) {
    at = 0;
    anchor = "start";
  } else if (at > PW - LABEL_HALF) {
    at = PW;
    anchor = "end";
  }
  dc_buf_printf(b, "<text class=\"tick\" x=\"%.2f\" y=\"%d\" "
                "text-anchor=\"%s\">", px + at, py + PH + 28, anchor);
  put_xml_text(b, var);
  dc_buf_printf(b, " = %.6g</text>\n", x0);
}

/* The frame, the axis labels and the title of a panel at (px, py). */
static void put_frame(struct dc_buf *b, int px, int py, struct range rx,
                      struct range ry, double x0, const char *var,
                      const char *title)
{
  dc_buf_printf(b, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" "
                "height=\"%d\"/>\n", px, py, PW, PH);
  dc_buf_printf(b, "<text x=\"%d\" y=\"%d\">", px, py - 8);
  put_xml_text(b, title);
  dc_buf_puts(b, "</text>\n");
  dc_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" "
                "text-anchor=\"end\">%.4g</text>\n", px - 4, py + 10, ry.hi);
  dc_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" "
                "text-anchor=\"end\">%.4g</text>\n", px - 4, py + PH, ry.lo);
  dc_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\">%.6g</text>\n", px,
                py + PH + 14, rx.lo);
  dc_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" "
                "text-anchor=\"end\">%.6g</text>\n", px + PW, py + PH + 14,
                rx.hi);
  put_point_label(b, px, py, rx, x0, var);
}

static void open_panel(struct dc_buf *b, int px, int py)
{
  dc_buf_printf(b, "<svg x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                "overflow=\"hidden\">\n", px, py, PW, PH);
}

/* Both sides over one range. */
static void sides_panel(struct dc_buf *b, const struct dc_plot_data *d,
                        const struct dc_plot_panel *p, int px, int py,
                        const char *title)
{
  double all[2 * DC_PLOT_POINTS], keep[2] = { d->left0, d->right0 };
  struct range rx = { p->lo, p->hi }, ry;

  memcpy(all, p->left, sizeof p->left);
  memcpy(all + DC_PLOT_POINTS, p->right, sizeof p->right);
  ry = value_range(all, 2 * DC_PLOT_POINTS, keep, 2);
  put_frame(b, px, py, rx, ry, d->x0, d->var, title);
  open_panel(b, px, py);
  put_curve(b, p->x, p->left, rx, ry, "left");
  put_curve(b, p->x, p->right, rx, ry, "right");
  put_marker(b, d, d->left0, rx, ry);
  put_marker(b, d, d->right0, rx, ry);
  dc_buf_puts(b, "</svg>\n");
}

/* Whether |v| spans more than LOG_SPAN among its nonzero finite values. */
static int wants_log(const double *v, size_t n)
{
  double lo = INFINITY, hi = 0;
  size_t i;
  for (i = 0; i < n; i++)
    if (isfinite(v[i]) && v[i] != 0) {
      lo = fmin(lo, fabs(v[i]));
      hi = fmax(hi, fabs(v[i]));
    }
  return hi > 0 && hi / lo > LOG_SPAN;
}

/* left - right over one range, log10 |left - right| when it spans orders
** of magnitude (where the sides agree exactly, a gap). */
static void diff_panel(struct dc_buf *b, const struct dc_plot_data *d,
                       const struct dc_plot_panel *p, int px, int py,
                       const char *title)
{
  double v[DC_PLOT_POINTS], v0 = d->diff0;
  struct range rx = { p->lo, p->hi }, ry;
  char head[96];
  size_t k;
  int lg;

  for (k = 0; k < DC_PLOT_POINTS; k++)
    v[k] = p->diff[k];
  lg = wants_log(v, DC_PLOT_POINTS);
  if (lg) {
    for (k = 0; k < DC_PLOT_POINTS; k++)
      v[k] = v[k] != 0 ? log10(fabs(v[k])) : NAN;
    v0 = v0 != 0 ? log10(fabs(v0)) : NAN;
  }
  ry = value_range(v, DC_PLOT_POINTS, &v0, 1);
  snprintf(head, sizeof head, "%s: %s%s", title,
           lg ? "log10 |left - right|" : "left - right",
           d->rounding ? " (rounding only)" : "");
  put_frame(b, px, py, rx, ry, d->x0, d->var, head);
  open_panel(b, px, py);
  if (!lg && ry.lo < 0 && ry.hi > 0)
    dc_buf_printf(b, "<line class=\"zero\" x1=\"0\" x2=\"%d\" y1=\"%.2f\" "
                  "y2=\"%.2f\"/>\n", PW, to_px(0, ry, PH, 1),
                  to_px(0, ry, PH, 1));
  put_curve(b, p->x, v, rx, ry, "diff");
  put_marker(b, d, v0, rx, ry);
  dc_buf_puts(b, "</svg>\n");
}

static void put_legend(struct dc_buf *b, const struct dc_plot_data *d,
                       const char *left, const char *right)
{
  dc_buf_puts(b, "<g class=\"legend\">\n<line class=\"left\" x1=\"70\" "
              "x2=\"100\" y1=\"18\" y2=\"18\"/>\n<text x=\"106\" y=\"22\">"
              "left: ");
  put_xml_text(b, left);
  dc_buf_puts(b, "</text>\n<line class=\"right\" x1=\"300\" x2=\"330\" "
              "y1=\"18\" y2=\"18\"/>\n<text x=\"336\" y=\"22\">right: ");
  put_xml_text(b, right);
  dc_buf_printf(b, "</text>\n<circle class=\"%s\" cx=\"540\" cy=\"18\" "
                "r=\"4\"/>\n<text x=\"550\" y=\"22\">%s</text>\n</g>\n",
                point_class(d), d->cex ? "counterexample" : "plotted around");
}

void dc_svg_plot(struct dc_buf *b, const struct dc_plot_data *d,
                 const char *left, const char *right, int standalone)
{
  if (standalone)
    dc_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  dc_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                "class=\"plot\" width=\"%d\" height=\"%d\" "
                "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
                "font-size=\"12\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT);
  dc_buf_puts(b, "<style>.frame{fill:#fff;stroke:#888}"
              ".curve{fill:none;stroke-width:1.6}"
              ".left{stroke:#1f5fbf;fill:none;stroke-width:1.6}"
              ".right{stroke:#d0461c;fill:none;stroke-width:1.6;"
              "stroke-dasharray:6 3}"
              ".diff{stroke:#2a8a2a}.zero{stroke:#bbb}"
              ".cex{fill:#000}.point{fill:#555}.tick{fill:#555;font-size:10px}</style>\n");
  put_legend(b, d, left, right);
  sides_panel(b, d, &d->wide, COL0, ROW0, "both sides");
  sides_panel(b, d, &d->zoom, COL1, ROW0, "both sides, zoom");
  diff_panel(b, d, &d->wide, COL0, ROW1, "difference");
  diff_panel(b, d, &d->zoom, COL1, ROW1, "difference, zoom");
  dc_buf_puts(b, "</svg>\n");
}
