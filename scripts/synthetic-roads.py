#!/usr/bin/env python3
"""A small synthetic road network (GeoJSON) west of the Bouchebka crossing, for the README's
isochrone map and for trying `--roads`: a 0.05° grid of tracks, every fourth line a primary road,
one one-way street and one line closed to the public. Deterministic: no randomness."""
import json, sys

def line(coords, **props):
    return {"type": "Feature", "properties": props, "geometry": {"type": "LineString", "coordinates": coords}}

features = []
way = 1
lons = [round(7.40 + 0.05 * i, 2) for i in range(21)]   # 7.40 .. 8.40
lats = [round(34.70 + 0.05 * j, 2) for j in range(19)]  # 34.70 .. 35.60
for j, lat in enumerate(lats):
    cls = "primary" if j % 4 == 2 else "track"
    features.append(line([[lon, lat] for lon in lons], highway=cls, osm_id=way, surface=None if cls == "primary" else "gravel")); way += 1
for i, lon in enumerate(lons):
    cls = "secondary" if i % 5 == 0 else ("track" if i % 2 else "unclassified")
    surface = "sand" if cls == "track" and lon < 7.7 else None
    features.append(line([[lon, lat] for lat in lats], highway=cls, osm_id=way, surface=surface)); way += 1
features.append(line([[8.40, 35.18], [8.40, 35.20]], highway="primary", osm_id=way, oneway="yes")); way += 1
features.append(line([[8.0, 35.0], [8.1, 35.1]], highway="service", osm_id=way, access="private")); way += 1
for f in features:
    f["properties"] = {k: v for k, v in f["properties"].items() if v is not None}
json.dump({"type": "FeatureCollection", "features": features}, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")
