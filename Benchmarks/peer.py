#!/usr/bin/env python3
"""Python peer of BorderPlan's benchmarks.

Runs the benchmark workload (see Benchmarks/README.md) with Shapely 2, pyproj and GeoPandas,
vectorised wherever those libraries allow, times each stage with time.perf_counter and writes the
figures of the last run as JSON so that `make bench` can check them against the Swift tool.

    python peer.py --data ../geodata --out OUTDIR --runs N --json RESULT.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely
from pyproj import Geod, Transformer

GEOD = Geod(ellps="WGS84")
RADII = (50, 100, 200)           # km, stages 3 and 4
PLAN_RADIUS = 100                # km, stage 5 and the exports
PLAN_K = (1, 2, 3)
OPEN_STATUSES = ("open", "restricted")
CANDIDATE_STATUSES = ("closed", "planned")
MAX_EDGE_M = 1000.0              # border edges of at most 1 km
NEIGHBOUR_TOLERANCE_DEG = 0.1    # planar degrees
BORDER_WILAYA_MIN_KM = 1.0
STAGES = ("load", "outline_borders", "catchments", "coverage", "plan", "exports", "report")
LAYERS = ("wilayas", "neighbours", "borders", "crossings", "catchments", "coverage", "gaps", "places")


# --------------------------------------------------------------------------------------------
# Geodesic helpers (Karney's algorithms through PROJ's geodesic.h, as pyproj.Geod exposes them)
# --------------------------------------------------------------------------------------------

def geodesic_areas(geoms) -> np.ndarray:
    """Geodesic area (m²) of each polygonal geometry of an array, holes subtracted.

    Polygons are oriented (exteriors counter-clockwise, holes clockwise) so that the signed ring
    areas of Geod.polygon_area_perimeter add up; the rings of all geometries are taken at once
    with shapely's array functions and summed back per geometry with np.bincount. Non-polygonal
    parts (lines or points left by an intersection) have no rings and add nothing.
    """
    geoms = shapely.orient_polygons(np.asarray(geoms, dtype=object), exterior_cw=False)
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    if rings.size == 0:
        return np.zeros(len(geoms))
    coords, vertex_of = shapely.get_coordinates(rings, return_index=True)
    cuts = np.flatnonzero(np.diff(vertex_of)) + 1
    ring_area = np.fromiter(
        (GEOD.polygon_area_perimeter(c[:, 0], c[:, 1])[0] for c in np.split(coords, cuts)),
        dtype=float, count=rings.size)
    return np.bincount(part_of[ring_of], weights=ring_area, minlength=len(geoms))


def geodesic_distance_matrix(lon1, lat1, lon2, lat2) -> np.ndarray:
    """(n1, n2) matrix of geodesic distances in metres, one vectorised Geod.inv call."""
    n1, n2 = len(lon1), len(lon2)
    _, _, dist = GEOD.inv(np.repeat(lon1, n2), np.repeat(lat1, n2), np.tile(lon2, n1), np.tile(lat2, n1))
    return dist.reshape(n1, n2)


def split_edges(coords: np.ndarray, line_of: np.ndarray):
    """Split polylines into edges of at most 1 km (the border derivation's step 1).

    coords (n, 2) lon/lat vertices and line_of (n,) the polyline of each vertex, as
    shapely.get_coordinates(..., return_index=True) gives them. Each segment a→b (a ≠ b) of geodesic
    length L is cut into max(1, ceil(L / 1 km)) equal parts by linear interpolation in lon/lat
    (point_k = a + (b − a)·k/pieces, the last point exactly b). Returns the edges' start (m, 2),
    end (m, 2), geodesic length (m,) in metres, and the polyline of each edge (m,).
    """
    same = line_of[:-1] == line_of[1:]
    a, b, line = coords[:-1][same], coords[1:][same], line_of[:-1][same]
    distinct = np.any(a != b, axis=1)
    a, b, line = a[distinct], b[distinct], line[distinct]
    _, _, seg_len = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    pieces = np.maximum(1, np.ceil(seg_len / MAX_EDGE_M)).astype(np.int64)

    seg = np.repeat(np.arange(len(a)), pieces)                       # segment of each edge
    k = np.arange(seg.size) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    p = pieces[seg]
    a_e, b_e = a[seg], b[seg]
    delta = b_e - a_e
    start = a_e + delta * (k / p)[:, None]
    last = (k + 1 == p)[:, None]
    end = np.where(last, b_e, a_e + delta * ((k + 1) / p)[:, None])

    length = seg_len[seg]                                            # pieces == 1: L itself
    split = p > 1
    if split.any():
        length[split] = GEOD.inv(start[split, 0], start[split, 1], end[split, 0], end[split, 1])[2]
    return start, end, length, line[seg]


def aeqd_transformer(lon: float, lat: float, source="EPSG:4326") -> Transformer:
    crs = (f"+proj=aeqd +lat_0={float(lat)!r} +lon_0={float(lon)!r} +x_0=0 +y_0=0 "
           "+datum=WGS84 +units=m +no_defs +type=crs")
    return Transformer.from_crs(source, crs, always_xy=True)


# --------------------------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------------------------

def load(data: Path) -> dict:
    """Stage 1: the six GeoJSON layers (GeoPandas, pyogrio engine) and the two JSON files."""
    def read(name):
        return gpd.read_file(data / f"{name}.geojson", engine="pyogrio")

    d = {
        "wilayas": read("wilayas"),
        "neighbours": read("neighbours"),
        "borders": read("borders"),
        "segments": read("border-segments"),
        "places": read("places"),
        "crossings": read("crossings"),
    }
    with open(data / "projects.json", encoding="utf-8") as f:
        d["projects"] = json.load(f)
    with open(data / "committees.json", encoding="utf-8") as f:
        d["committees"] = json.load(f)
    return d


def outline_borders(d: dict) -> dict:
    """Stage 2: the outline (coverage union), its geodesic area, and the border derivation."""
    outline = shapely.coverage_union_all(d["wilayas"].geometry.to_numpy())
    outline = shapely.orient_polygons(outline, exterior_cw=False)
    area_m2 = abs(GEOD.geometry_area_perimeter(outline)[0])

    # Every ring (exteriors and interiors) of every polygon of the outline → ≤ 1 km edges.
    rings = shapely.get_rings(shapely.get_parts(outline))
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    start, end, length, _ = split_edges(coords, ring_of)
    mid = shapely.points((start + end) / 2.0)

    # Land-border edge of N: midpoint within 0.1° of N, N the nearest such neighbour; else coast.
    nb = d["neighbours"]
    nb_geoms = nb.geometry.to_numpy()
    shapely.prepare(nb_geoms)
    best = np.full(len(mid), -1)
    best_dist = np.full(len(mid), np.inf)
    for j, geom in enumerate(nb_geoms):
        near = np.flatnonzero(shapely.dwithin(geom, mid, NEIGHBOUR_TOLERANCE_DEG))
        if near.size == 0:
            continue
        dist = shapely.distance(geom, mid[near])
        closer = dist < best_dist[near]
        best_dist[near[closer]] = dist[closer]
        best[near[closer]] = j

    per_country = np.bincount(best + 1, weights=length, minlength=len(nb) + 1) / 1000.0
    border_km = dict(zip(nb["iso2"], per_country[1:].tolist()))
    return {
        "outline": outline,
        "outline_area_km2": area_m2 / 1e6,
        "border_km": border_km,
        "coast_km": float(per_country[0]),
        "edge_count": int(len(mid)),
    }


def build_discs(crossings: gpd.GeoDataFrame, radii) -> np.ndarray:
    """Geodesic discs: (n_crossings, n_radii) array of lon/lat polygons.

    Each disc is a buffer of the origin in the azimuthal equidistant projection centred on the
    crossing (64 segments a quarter), brought back to lon/lat by one shapely.transform call per
    crossing (all radii at once) with PROJ's inverse transform, vectorised over the coordinates.
    """
    radii_m = np.asarray(radii, dtype=float) * 1000.0
    base = shapely.buffer(shapely.points(np.zeros((len(radii_m), 2))), radii_m, quad_segs=64)
    wgs84 = pyproj.CRS("EPSG:4326")
    lon = crossings.geometry.x.to_numpy()
    lat = crossings.geometry.y.to_numpy()
    discs = np.empty((len(crossings), len(radii_m)), dtype=object)
    for i in range(len(crossings)):
        tr = aeqd_transformer(lon[i], lat[i], wgs84)

        def back(xy, tr=tr):
            return np.column_stack(tr.transform(xy[:, 0], xy[:, 1], direction="INVERSE"))

        discs[i] = shapely.transform(base, back)
    return discs


def catchments(d: dict, radii=RADII) -> dict:
    """Stage 3: every crossing's disc at each R, clipped to the wilayas it meets (STRtree)."""
    cr = d["crossings"]
    discs = build_discs(cr, radii)
    flat = discs.ravel()                                   # row-major: crossing, radius
    wil = d["wilayas"].geometry.to_numpy()
    tree = shapely.STRtree(wil)
    disc_idx, wil_idx = tree.query(flat, predicate="intersects")
    pieces = shapely.intersection(flat[disc_idx], wil[wil_idx])
    area = np.bincount(disc_idx, weights=geodesic_areas(pieces), minlength=flat.size) / 1e6
    area = area.reshape(discs.shape)
    ids = cr["id"].tolist()
    km2 = {str(r): dict(zip(ids, area[:, j].tolist())) for j, r in enumerate(radii)}
    return {"radii": tuple(radii), "discs": discs, "catchment_km2": km2}


def border_wilaya_codes(borders: gpd.GeoDataFrame) -> list[str]:
    """Wilayas with at least 1 km of land border (sum over the land features' `wilayas`)."""
    land = borders[borders["kind"] == "land"]
    rows = [w for lst in land["wilayas"] for w in (json.loads(lst) if isinstance(lst, str) else lst)]
    per = pd.DataFrame(rows).groupby("code")["length_km"].sum()
    return sorted(per.index[per >= BORDER_WILAYA_MIN_KM])


def coverage(d: dict, catch: dict, radii=RADII) -> dict:
    """Stage 4: coverage of the border wilayas by the open crossings at each R."""
    cr = d["crossings"]
    is_open = cr["status"].isin(OPEN_STATUSES).to_numpy()
    clon, clat = cr.geometry.x.to_numpy()[is_open], cr.geometry.y.to_numpy()[is_open]
    codes = border_wilaya_codes(d["borders"])

    wil = d["wilayas"].set_index("code")
    bw_geoms = wil.loc[codes].geometry.to_numpy()

    # Places: nearest open crossing, one Geod.inv over places × open crossings.
    pl = d["places"]
    pl_dmin = geodesic_distance_matrix(pl.geometry.x.to_numpy(), pl.geometry.y.to_numpy(), clon, clat).min(axis=1)
    slot_of = pd.Index(codes)
    pl_slot = slot_of.get_indexer(pl["wilaya"])             # -1: not a border wilaya
    pl_pop = pl["population"].to_numpy(dtype=np.int64)

    # Land-border edges: split the land segments like the outline, nearest open crossing per midpoint.
    seg = d["segments"]
    seg = seg[seg["kind"] == "land"].reset_index(drop=True)
    lines, line_feature = shapely.get_parts(seg.geometry.to_numpy(), return_index=True)
    coords, vertex_line = shapely.get_coordinates(lines, return_index=True)
    start, end, length, edge_line = split_edges(coords, vertex_line)
    edge_feature = line_feature[edge_line]
    mid = (start + end) / 2.0
    edge_dmin = geodesic_distance_matrix(mid[:, 0], mid[:, 1], clon, clat).min(axis=1)
    edge_slot = slot_of.get_indexer(seg["wilaya"].to_numpy()[edge_feature])
    countries = list(dict.fromkeys(d["borders"].loc[d["borders"]["kind"] == "land", "country"]))
    edge_country = pd.Index(countries).get_indexer(seg["country"].to_numpy()[edge_feature])

    disc_col = {r: j for j, r in enumerate(catch["radii"])}
    nb = len(codes)
    per_r = {}
    for r in radii:
        zone = shapely.union_all(catch["discs"][is_open, disc_col[r]])
        covered_geoms = shapely.intersection(bw_geoms, zone)
        area = geodesic_areas(covered_geoms) / 1e6

        pl_in = (pl_dmin <= r * 1000.0) & (pl_slot >= 0)
        pop = np.bincount(pl_slot[pl_in], weights=pl_pop[pl_in], minlength=nb).astype(np.int64)

        e_in = edge_dmin <= r * 1000.0
        sel = e_in & (edge_slot >= 0)
        bkm = np.bincount(edge_slot[sel], weights=length[sel], minlength=nb) / 1000.0
        gap = np.bincount(edge_country[~e_in], weights=length[~e_in], minlength=len(countries)) / 1000.0

        per_r[str(r)] = {
            "covered_area_km2": dict(zip(codes, area.tolist())),
            "covered_population": dict(zip(codes, pop.tolist())),
            "covered_border_km": dict(zip(codes, bkm.tolist())),
            "gap_km": dict(zip(countries, gap.tolist())),
            "_covered_geoms": covered_geoms,
        }
    return {
        "border_wilayas": codes,
        "per_radius": per_r,
        "countries": countries,
        "edges": {"start": start, "end": end, "length": length, "dmin": edge_dmin,
                  "country": edge_country, "slot": edge_slot},
        "places_dmin": pl_dmin,
    }


def plan(d: dict, codes: list[str], radius_km: float = PLAN_RADIUS, ks=PLAN_K) -> dict:
    """Stage 5: maximal covering (population), exact by exhaustive enumeration, vectorised ORs."""
    cr = d["crossings"]
    pl = d["places"]
    pl = pl[pl["wilaya"].isin(codes)]
    weight = pl["population"].to_numpy(dtype=np.int64)
    plon, plat = pl.geometry.x.to_numpy(), pl.geometry.y.to_numpy()

    is_open = cr["status"].isin(OPEN_STATUSES).to_numpy()
    cand = cr[cr["status"].isin(CANDIDATE_STATUSES)].sort_values("id")
    r_m = radius_km * 1000.0

    already = (geodesic_distance_matrix(plon, plat, cr.geometry.x.to_numpy()[is_open],
                                        cr.geometry.y.to_numpy()[is_open]) <= r_m).any(axis=1)
    cover = geodesic_distance_matrix(plon, plat, cand.geometry.x.to_numpy(), cand.geometry.y.to_numpy()) <= r_m
    # Only what is not yet covered can be gained.
    gain = cover & ~already[:, None]
    base = int(weight[already].sum())
    cand_ids = cand["id"].tolist()

    out = {"covered_before": base, "demand_total": int(weight.sum()), "candidates": cand_ids}
    for k in ks:
        k_eff = min(k, len(cand_ids))
        combos = np.array(list(itertools.combinations(range(len(cand_ids)), k_eff)), dtype=np.intp)
        # (places, combos): covered by at least one chosen candidate — one vectorised OR over K.
        newly = gain[:, combos].any(axis=2)
        totals = base + weight @ newly
        best = int(np.argmax(totals))
        out[str(k)] = {"covered_after": int(totals[best]),
                       "selected": sorted(cand_ids[i] for i in combos[best])}
    return out


def _jsonable(df: pd.DataFrame) -> pd.DataFrame:
    """Nested list/dict attributes (history, sources, wilayas) as JSON text for the writers."""
    df = df.copy()
    for col in df.columns:
        if col != df.geometry.name and df[col].dtype == object:
            if df[col].map(lambda v: isinstance(v, (list, dict))).any():
                df[col] = df[col].map(lambda v: v if v is None or isinstance(v, str)
                                      else json.dumps(v, ensure_ascii=False))
    return df


def build_layers(d: dict, ob: dict, catch: dict, cov: dict, radius_km: float = PLAN_RADIUS) -> dict:
    """The export layers at radius_km as GeoDataFrames (EPSG:4326)."""
    rkey = str(radius_km)
    res = cov["per_radius"][rkey]
    codes = cov["border_wilayas"]

    wil = d["wilayas"].copy()
    cov_df = pd.DataFrame({
        "code": codes,
        "covered_area_km2": [res["covered_area_km2"][c] for c in codes],
        "covered_population": [res["covered_population"][c] for c in codes],
        "covered_border_km": [res["covered_border_km"][c] for c in codes],
    })
    wil["border_wilaya"] = wil["code"].isin(codes)
    wil = wil.merge(cov_df, on="code", how="left")
    wil["covered_population"] = wil["covered_population"].astype("Int64")
    wil["covered_area_pct"] = 100.0 * wil["covered_area_km2"] / wil["area_km2"]

    # Catchments: the R km discs clipped to Algeria (one vectorised intersection with the outline).
    cr = d["crossings"]
    j = catch["radii"].index(radius_km)
    clipped = shapely.intersection(catch["discs"][:, j], ob["outline"])
    pop_within = (cov_places_within(d, cr, radius_km) * d["places"]["population"].to_numpy()[:, None]).sum(axis=0)
    catch_gdf = gpd.GeoDataFrame({
        "id": cr["id"], "name_en": cr["name_en"], "partner": cr["partner"], "status": cr["status"],
        "radius_km": radius_km,
        "area_km2": [catch["catchment_km2"][rkey][i] for i in cr["id"]],
        "population": pop_within.astype(np.int64),
    }, geometry=clipped, crs="EPSG:4326")

    cov_gdf = gpd.GeoDataFrame({
        "code": codes, "radius_km": radius_km,
        "covered_area_km2": cov_df["covered_area_km2"],
    }, geometry=res["_covered_geoms"], crs="EPSG:4326")
    cov_gdf = cov_gdf[~cov_gdf.geometry.is_empty]

    # Gaps: uncovered land edges merged per country with shapely.line_merge.
    e = cov["edges"]
    gap = e["dmin"] > radius_km * 1000.0
    edges = shapely.linestrings(np.stack([e["start"][gap], e["end"][gap]], axis=1))
    countries = np.asarray(cov["countries"])
    ecountry = e["country"][gap]
    present = np.unique(ecountry)
    merged = shapely.line_merge(shapely.multilinestrings(edges, indices=np.searchsorted(present, ecountry)))
    parts, part_country = shapely.get_parts(merged, return_index=True)
    coords, vertex_part = shapely.get_coordinates(parts, return_index=True)
    same = vertex_part[:-1] == vertex_part[1:]
    seg_len = GEOD.inv(coords[:-1, 0][same], coords[:-1, 1][same], coords[1:, 0][same], coords[1:, 1][same])[2]
    part_km = np.bincount(vertex_part[:-1][same], weights=seg_len, minlength=len(parts)) / 1000.0
    gaps_gdf = gpd.GeoDataFrame({
        "country": countries[present[part_country]], "radius_km": radius_km, "length_km": part_km,
    }, geometry=parts, crs="EPSG:4326")

    return {
        "wilayas": wil,
        "neighbours": d["neighbours"],
        "borders": d["borders"],
        "crossings": cr,
        "catchments": catch_gdf,
        "coverage": cov_gdf,
        "gaps": gaps_gdf,
        "places": d["places"],
    }


def cov_places_within(d: dict, cr: gpd.GeoDataFrame, radius_km: float) -> np.ndarray:
    """(places, crossings) boolean: place within radius_km of the crossing (one Geod.inv)."""
    pl = d["places"]
    return geodesic_distance_matrix(pl.geometry.x.to_numpy(), pl.geometry.y.to_numpy(),
                                    cr.geometry.x.to_numpy(), cr.geometry.y.to_numpy()) <= radius_km * 1000.0


def exports(d: dict, ob: dict, catch: dict, cov: dict, out: Path, radius_km: float = PLAN_RADIUS) -> dict:
    """Stage 6: one GeoJSON per layer and one GeoPackage with every layer (pyogrio)."""
    out.mkdir(parents=True, exist_ok=True)
    layers = build_layers(d, ob, catch, cov, radius_km)
    gpkg = out / "borderplan.gpkg"
    if gpkg.exists():
        gpkg.unlink()
    for name in LAYERS:
        gdf = _jsonable(layers[name])
        geojson = out / f"{name}.geojson"
        if geojson.exists():
            geojson.unlink()
        gdf.to_file(geojson, driver="GeoJSON", engine="pyogrio")
        gdf.to_file(gpkg, layer=name, driver="GPKG", engine="pyogrio")
    return layers


def report(data: Path, out: Path) -> dict:
    """Stage 7: the whole job once more end to end, with an index.html of pandas tables.

    load → outline_borders → catchments at 100 km (the discs that coverage and the catchments
    layer need) → coverage at 100 km → plan K = 1..3 → exports → index.html.
    """
    r = PLAN_RADIUS
    d = load(data)
    ob = outline_borders(d)
    catch = catchments(d, radii=(r,))
    cov = coverage(d, catch, radii=(r,))
    pl = plan(d, cov["border_wilayas"], r)
    layers = exports(d, ob, catch, cov, out / "exports", r)

    borders = pd.DataFrame({
        "border": list(ob["border_km"]) + ["coast"],
        "length_km": list(ob["border_km"].values()) + [ob["coast_km"]],
        "gap_km": [cov["per_radius"][str(r)]["gap_km"].get(c) for c in ob["border_km"]] + [None],
    })
    crossings = layers["catchments"].drop(columns="geometry")
    wil = layers["wilayas"]
    covtab = pd.DataFrame(wil[wil["border_wilaya"]].drop(columns="geometry"))[
        ["code", "name_en", "area_km2", "covered_area_km2", "covered_area_pct",
         "covered_population", "covered_border_km"]]
    plantab = pd.DataFrame([
        {"K": k, "covered_before": pl["covered_before"], "covered_after": pl[str(k)]["covered_after"],
         "selected": ", ".join(pl[str(k)]["selected"])} for k in PLAN_K])
    html = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>BorderPlan report (Python peer)</title></head><body>",
        "<h1>BorderPlan report (Python peer)</h1>",
        f"<p>Outline area {ob['outline_area_km2']:.1f} km² (geodesic, WGS84); radius {r} km.</p>",
        "<h2>Borders</h2>", borders.to_html(index=False, float_format="%.1f", na_rep=""),
        "<h2>Crossings</h2>", crossings.to_html(index=False, float_format="%.1f", na_rep=""),
        "<h2>Coverage</h2>", covtab.to_html(index=False, float_format="%.1f", na_rep=""),
        "<h2>Plan</h2>", plantab.to_html(index=False),
        "<p>Data: © OpenStreetMap contributors (ODbL); GeoNames (CC BY 4.0); Natural Earth.</p>",
        "</body></html>",
    ]
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text("\n".join(html), encoding="utf-8")
    return {"plan": pl}


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------

def versions() -> dict:
    return {
        "python": platform.python_version(),
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "pyproj": pyproj.__version__,
        "proj": pyproj.proj_version_str,
        "geopandas": gpd.__version__,
        "pyogrio": pyogrio.__version__,
        "gdal": pyogrio.__gdal_version_string__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }


def run_once(data: Path, out: Path, times: dict) -> dict:
    def timed(name, fn, *args, **kw):
        t0 = time.perf_counter()
        result = fn(*args, **kw)
        times[name].append(time.perf_counter() - t0)
        return result

    d = timed("load", load, data)
    ob = timed("outline_borders", outline_borders, d)
    catch = timed("catchments", catchments, d)
    cov = timed("coverage", coverage, d, catch)
    pl = timed("plan", plan, d, cov["border_wilayas"])
    timed("exports", exports, d, ob, catch, cov, out / "exports")
    timed("report", report, data, out / "report")
    return {"ob": ob, "catch": catch, "cov": cov, "plan": pl}


def figures(last: dict) -> dict:
    ob, cov, pl = last["ob"], last["cov"], last["plan"]
    return {
        "outline_area_km2": ob["outline_area_km2"],
        "border_km": ob["border_km"],
        "coast_km": ob["coast_km"],
        "catchment_km2": last["catch"]["catchment_km2"],
        "coverage": {r: {k: v for k, v in res.items() if not k.startswith("_")}
                     for r, res in cov["per_radius"].items()},
        "plan": {str(k): pl[str(k)] for k in PLAN_K},
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parent.parent / "geodata")
    ap.add_argument("--out", type=Path, required=True, help="output directory (exports, report)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, required=True, help="where to write the result JSON")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    times = {s: [] for s in STAGES}
    last = None
    for _ in range(args.runs):
        last = run_once(args.data, args.out, times)

    result = {"tool": "python", "versions": versions(), "runs": args.runs,
              "stages": times, "figures": figures(last)}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    width = max(map(len, STAGES))
    print(f"python peer: {args.runs} run(s); median seconds per stage", file=sys.stderr)
    for s in STAGES:
        print(f"  {s:<{width}}  {statistics.median(times[s]):9.4f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
