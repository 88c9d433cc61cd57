#!/usr/bin/env python3
"""Draws isochrone bands (the GeoJSON layer of `borderplan catchment ID --roads FILE --minutes …
--geojson BANDS`) over the road network as an SVG (standard library only; rsvg-convert makes the
PNG). Equirectangular with the longitude scaled by cos(mean latitude).

    isochrone-map.py BANDS.geojson ROADS.geojson LON,LAT OUT.svg
"""
import json, math, sys

bands = json.load(open(sys.argv[1]))["features"]
roads = [f for f in json.load(open(sys.argv[2]))["features"] if f["properties"].get("access") not in ("no", "private")]
site = [float(v) for v in sys.argv[3].split(",")]
out = sys.argv[4]
colours = ["#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027"]

def rings(geometry):
    if geometry is None:
        return []
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]

points = [p for f in bands for ring in rings(f["geometry"]) for p in ring] + [p for f in roads for p in f["geometry"]["coordinates"]]
min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
k = math.cos(math.radians((min_y + max_y) / 2))
width = 760.0
scale = width / ((max_x - min_x) * k)
height = (max_y - min_y) * scale + 60

def xy(p):
    return f"{(p[0] - min_x) * k * scale + 10:.1f},{(max_y - p[1]) * scale + 40:.1f}"

svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 20:.0f}" height="{height + 20:.0f}" font-family="sans-serif" font-size="13">',
       '<rect width="100%" height="100%" fill="white"/>',
       f'<text x="10" y="22" font-size="16">Isochrones by road from {sys.argv[3]} (synthetic network, off-road 10 km/h)</text>']
for index, feature in enumerate(reversed(bands)):
    colour = colours[(len(bands) - 1 - index) % len(colours)]
    path = " ".join("M" + " L".join(xy(p) for p in ring) + " Z" for ring in rings(feature["geometry"]))
    svg.append(f'<path d="{path}" fill="{colour}" fill-opacity="0.75" fill-rule="evenodd" stroke="#555" stroke-width="0.5"/>')
for feature in roads:
    width_px = 1.6 if feature["properties"].get("highway") in ("primary", "secondary") else 0.5
    svg.append(f'<polyline points="{" ".join(xy(p) for p in feature["geometry"]["coordinates"])}" fill="none" stroke="#333" stroke-width="{width_px}"/>')
svg.append(f'<circle cx="{xy(site).split(",")[0]}" cy="{xy(site).split(",")[1]}" r="6" fill="#c00" stroke="white" stroke-width="2"/>')
for index, feature in enumerate(bands):
    y = 50 + 22 * index
    props = feature["properties"]
    svg.append(f'<rect x="{width - 170}" y="{y}" width="18" height="14" fill="{colours[index % len(colours)]}"/>')
    svg.append(f'<text x="{width - 146}" y="{y + 12}">{props["minutes_from"]:g}–{props["minutes_to"]:g} min</text>')
svg.append("</svg>")
open(out, "w").write("\n".join(svg) + "\n")
