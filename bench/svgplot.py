"""Log-log line plots as SVG, with the Python standard library only.

    loglog(path, title, xlabel, ylabel, series)

series is a list of (name, colour, points), points a list of (x, y, kind):
kind "ok" for a measured value, joined into the tool's curve (one
<polyline class="curve" data-tool=NAME> per tool with a measured value),
or "bound" for a lower bound (a run stopped at its timeout), drawn as a
hollow triangle pointing up at y and not joined.
"""
import math
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 640, 420
LEFT, RIGHT, TOP, BOTTOM = 80, 150, 40, 60


def _decades(lo, hi):
    """The powers of ten that enclose [lo, hi], as exponents."""
    a = math.floor(math.log10(lo))
    b = math.ceil(math.log10(hi))
    if a == b:
        b += 1
    return a, b


def _label(e):
    """10^e as a short number: 0.001 to 10000, else 1e5."""
    if -3 <= e <= 4:
        return ("%.*f" % (max(0, -e), 10.0 ** e))
    return "1e%d" % e


class _Axes:
    """Maps data to pixels on decade-aligned log axes."""

    def __init__(self, xs, ys):
        self.xa, self.xb = _decades(min(xs), max(xs))
        self.ya, self.yb = _decades(min(ys), max(ys))
        self.w = WIDTH - LEFT - RIGHT
        self.h = HEIGHT - TOP - BOTTOM

    def x(self, v):
        t = (math.log10(v) - self.xa) / (self.xb - self.xa)
        return LEFT + t * self.w

    def y(self, v):
        t = (math.log10(v) - self.ya) / (self.yb - self.ya)
        return TOP + self.h - t * self.h


def _frame(ax, title, xlabel, ylabel):
    out = ['<rect x="%d" y="%d" width="%d" height="%d" fill="none" '
           'stroke="#444"/>' % (LEFT, TOP, ax.w, ax.h)]
    for e in range(ax.xa, ax.xb + 1):
        px = ax.x(10.0 ** e)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>'
                   % (px, TOP, px, TOP + ax.h))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                   % (px, TOP + ax.h + 18, _label(e)))
    for e in range(ax.ya, ax.yb + 1):
        py = ax.y(10.0 ** e)
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>'
                   % (LEFT, py, LEFT + ax.w, py))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>'
                   % (LEFT - 6, py + 4, _label(e)))
    out.append('<text x="%d" y="%d" text-anchor="middle" font-size="15">%s'
               '</text>' % (WIDTH // 2, 24, escape(title)))
    out.append('<text x="%d" y="%d" text-anchor="middle">%s</text>'
               % (LEFT + ax.w // 2, HEIGHT - 16, escape(xlabel)))
    out.append('<text x="18" y="%d" text-anchor="middle" '
               'transform="rotate(-90 18 %d)">%s</text>'
               % (TOP + ax.h // 2, TOP + ax.h // 2, escape(ylabel)))
    return out


def _series(ax, index, name, colour, points):
    out = []
    ok = [(ax.x(x), ax.y(y)) for x, y, kind in points if kind == "ok"]
    if ok:
        out.append('<polyline class="curve" data-tool=%s fill="none" '
                   'stroke=%s stroke-width="2" points="%s"/>'
                   % (quoteattr(name), quoteattr(colour),
                      " ".join("%.1f,%.1f" % p for p in ok)))
        for px, py in ok:
            out.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill=%s/>'
                       % (px, py, quoteattr(colour)))
    for x, y, kind in points:
        if kind == "bound":
            px, py = ax.x(x), ax.y(y)
            out.append('<path class="bound" d="M%.1f %.1f l5 9 h-10 z" '
                       'fill="white" stroke=%s stroke-width="1.5"/>'
                       % (px, py - 6, quoteattr(colour)))
    ly = TOP + 10 + 20 * index
    lx = LEFT + ax.w + 14
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke=%s '
               'stroke-width="2"/>' % (lx, ly, lx + 22, ly, quoteattr(colour)))
    out.append('<text x="%d" y="%d">%s</text>' % (lx + 28, ly + 4,
                                                 escape(name)))
    return out


def loglog(path, title, xlabel, ylabel, series):
    """Write the plot of series to path; returns the number of curves."""
    xs = [x for _, _, pts in series for x, _, _ in pts]
    ys = [y for _, _, pts in series for _, y, _ in pts]
    if not xs:
        xs, ys = [1, 10], [1, 10]
    ax = _Axes(xs, ys)
    body = _frame(ax, title, xlabel, ylabel)
    for i, (name, colour, pts) in enumerate(series):
        body += _series(ax, i, name, colour, pts)
    if any(kind == "bound" for _, _, pts in series for _, _, kind in pts):
        ly = TOP + 10 + 20 * len(series)
        body.append('<path d="M%d %d l5 9 h-10 z" fill="white" '
                    'stroke="#444"/>' % (LEFT + ax.w + 25, ly - 6))
        body.append('<text x="%d" y="%d">timed out</text>'
                    % (LEFT + ax.w + 42, ly + 4))
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<svg xmlns="http://www.w3.org/2000/svg" width="%d" '
                'height="%d" viewBox="0 0 %d %d" font-family="sans-serif" '
                'font-size="12">\n<rect width="100%%" height="100%%" '
                'fill="white"/>\n' % (WIDTH, HEIGHT, WIDTH, HEIGHT))
        f.write("\n".join(body))
        f.write("\n</svg>\n")
    return sum(1 for _, _, pts in series
               if any(kind == "ok" for _, _, kind in pts))


def count_curves(path):
    """Parse path as XML (raising on a malformed file) and return its
    number of curves."""
    import xml.etree.ElementTree as ET
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    return sum(1 for el in root.iter(ns + "polyline")
               if el.get("class") == "curve")
