#!/usr/bin/env python3
"""check_report.py — checks a trainer's --report page: well-formed, self-contained XHTML with inline SVG.

Usage: check_report.py FILE.html
Exits 1 unless: the file starts with <!DOCTYPE html>; xml.etree parses it (well-formed XML); the root is
<html> in the XHTML namespace; there is no <script>, <link>, <iframe>, <img>, <object> or <embed>; no attribute
(href, src, xlink:href, ...) or style refers to anything outside the page (url(...), //host, http...), and the
only "http" text anywhere is a namespace name (xmlns); the head has a viewport <meta> and no chart has a fixed
width (phones). Then prints, for FileCheck: the title, how many <svg> charts there are with the <title> and
number of data points (<circle>) of each, its y tick labels ("yticks: …") and its marked line's label ("mark: …"),
each table row as "row: cell | cell", and each <pre> block verbatim after a "pre:" line.
"""
import re
import sys
import xml.etree.ElementTree as ET

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


def fail(message):
    sys.exit("check_report.py: " + message)


raw = open(sys.argv[1], encoding="utf-8").read()
if not raw.startswith("<!DOCTYPE html>"):
    fail("the page does not start with <!DOCTYPE html>")
# Namespace names are identifiers, not fetched; any other "http" would be a network reference.
without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", raw)
if "http" in without_namespaces:
    fail("a reference to the network: " + re.search(r".{0,40}http.{0,40}", without_namespaces).group())
if re.search(r"url\s*\(|@import", raw):
    fail("a style loads a resource")
root = ET.fromstring(raw)  # raises (exit 1) if the page is not well-formed
if root.tag != XHTML + "html":
    fail(f"root element {root.tag}")
for element in root.iter():
    name = element.tag.split("}")[-1]
    if name in ("script", "link", "iframe", "img", "object", "embed", "image", "use", "foreignObject"):
        fail(f"a <{name}> element")
    for attribute, value in element.attrib.items():
        if attribute.split("}")[-1] in ("href", "src", "srcset", "data", "action") or attribute.startswith("on"):
            fail(f"<{name} {attribute}=\"{value}\">")
if not any(m.get("name") == "viewport" for m in root.iter(XHTML + "meta")):
    fail("no viewport <meta>: a phone would render the page at desktop width")
print("title:", root.find(f"{XHTML}head/{XHTML}title").text)
charts = list(root.iter(SVG + "svg"))
print("svg charts:", len(charts))
for chart in charts:
    title = chart.find(SVG + "title")
    points = len(list(chart.iter(SVG + "circle")))
    print("svg:", title.text if title is not None else "(no title)", "-", points, "points")
    if "width" in chart.attrib:
        fail("a chart with a fixed width")
    ticks = [t.text for t in chart.iter(SVG + "text") if "yl" in t.get("class", "").split() and
             "ml" not in t.get("class", "").split()]
    print("yticks:", " ".join(ticks))
    for mark in chart.iter(SVG + "text"):
        if "ml" in mark.get("class", "").split():
            print("mark:", mark.text)
for row in root.iter(XHTML + "tr"):
    print("row:", " | ".join("".join(cell.itertext()) for cell in row))
for pre in root.iter(XHTML + "pre"):
    print("pre:")
    print("".join(pre.itertext()))
