#!/usr/bin/env python3
"""The plot writer of make bench (bench/svgplot.py), in make check: the
file parses as XML, one curve per tool with a measured value, points where
log axes put them (by hand: the frame is 410 x 320 pixels from (80, 40),
decades 1 to 100 on both axes), timed-out runs as markers outside the
curves, names escaped.  Usage: test_plots.py OUTDIR."""
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import svgplot  # noqa: E402

NS = "{http://www.w3.org/2000/svg}"


def fail(why):
    sys.exit("test_plots: " + why)


def main(outdir):
    path = os.path.join(outdir, "test-plot.svg")
    series = [("derivcheck", "#1f77b4",
               [(1, 1, "ok"), (10, 10, "ok"), (100, 100, "ok")]),
              ("<b>Sym&Py</b>", "#2ca02c", [(1, 2, "ok"), (10, 50, "bound")]),
              ("GiNaC", "#d62728", [])]
    if svgplot.loglog(path, "t", "x", "y", series) != 2:
        fail("loglog does not count two curves")
    if svgplot.count_curves(path) != 2:
        fail("the file does not hold two curves")
    root = ET.parse(path).getroot()
    curves = [e for e in root.iter(NS + "polyline")]
    first = curves[0].get("points")
    if first != "80.0,360.0 285.0,200.0 490.0,40.0":
        fail("derivcheck's points are at %s" % first)
    if curves[1].get("data-tool") != "<b>Sym&Py</b>":
        fail("the tool name is not kept as an attribute")
    bounds = [e for e in root.iter(NS + "path") if e.get("class") == "bound"]
    if len(bounds) != 1:
        fail("%d timeout markers, expected 1" % len(bounds))
    if list(root.iter(NS + "b")) or list(root.iter("b")):
        fail("a tool name became markup")
    texts = [e.text for e in root.iter(NS + "text")]
    if "<b>Sym&Py</b>" not in texts or "timed out" not in texts:
        fail("the legend lacks a name or the timeout key: %s" % texts)
    for label in ("1", "10", "100"):
        if label not in texts:
            fail("no tick label %s" % label)
    with open(path, "a") as f:
        f.write("<unclosed>")
    try:
        svgplot.count_curves(path)
    except ET.ParseError:
        pass
    else:
        fail("a malformed file parses")
    os.remove(path)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
