#!/usr/bin/env python3
"""Compare BorderPlan's benchmark run with the Python peer's: the figures must agree
(exit status 1 otherwise) and the per-stage times are printed with their ratio.

    python3 compare.py swift.json python.json [--markdown bench.md]

Standard library only. Tolerances (why they are what they are):
- border and coast km: 0.05 km — both sum the same ≤ 1 km geodesic edges (Karney), so only the
  float order of summation differs; 0.05 km is far above that and far below one edge;
- outline area: 0.001 % — same rings, same geodesic polygon area;
- catchment km² per crossing: 0.05 % — the same 256-vertex disc clipped by GEOS 3.11 vs 3.14 overlays;
- coverage: population exact (same places, same "within R km" test); covered area 0.05 % or
  0.5 km²; covered border km 0.1 km; gap km per border 0.2 km (the Swift figures are written to 0.001);
- plan: covered population exact for every K (ties may pick other sites; the value is what counts).
"""
import argparse
import json
import statistics
import sys


def close(a, b, absolute=0.0, relative=0.0):
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))


def check_figures(swift, python):
    problems = []

    def expect(ok, what):
        if not ok:
            problems.append(what)

    s, p = swift["figures"], python["figures"]
    expect(close(s["outline_area_km2"], p["outline_area_km2"], relative=1e-5),
           f"outline area {s['outline_area_km2']} vs {p['outline_area_km2']}")
    for country, km in s["border_km"].items():
        expect(close(km, p["border_km"][country], absolute=0.05), f"border {country}: {km} vs {p['border_km'][country]} km")
    expect(close(s["coast_km"], p["coast_km"], absolute=0.05), f"coast {s['coast_km']} vs {p['coast_km']} km")
    for radius, crossings in s["catchment_km2"].items():
        for crossing, area in crossings.items():
            other = p["catchment_km2"][radius][crossing]
            expect(close(area, other, absolute=0.5, relative=5e-4), f"catchment {crossing} at {radius} km: {area} vs {other} km²")
    for radius, figures in s["coverage"].items():
        other = p["coverage"][radius]
        for code, value in figures["covered_population"].items():
            expect(value == other["covered_population"][code], f"population of {code} at {radius} km: {value} vs {other['covered_population'][code]}")
        for code, value in figures["covered_area_km2"].items():
            expect(close(value, other["covered_area_km2"][code], absolute=0.5, relative=5e-4),
                   f"covered area of {code} at {radius} km: {value} vs {other['covered_area_km2'][code]} km²")
        for code, value in figures["covered_border_km"].items():
            expect(close(value, other["covered_border_km"][code], absolute=0.1),
                   f"covered border of {code} at {radius} km: {value} vs {other['covered_border_km'][code]} km")
        for country, value in figures["gap_km"].items():
            expect(close(value, other["gap_km"][country], absolute=0.2), f"gaps on {country} at {radius} km: {value} vs {other['gap_km'][country]} km")
    for k, plan in s["plan"].items():
        expect(round(plan["covered_after"]) == round(p["plan"][k]["covered_after"]),
               f"plan K={k}: {plan['covered_after']} vs {p['plan'][k]['covered_after']}")
    return problems


def table(swift, python):
    rows = []
    for stage in swift["stages"]:
        s, p = swift["stages"][stage], python["stages"].get(stage, [])
        sm, pm = statistics.median(s), statistics.median(p) if p else float("nan")
        rows.append((stage, sm, min(s), max(s), pm, min(p) if p else float("nan"), max(p) if p else float("nan"), pm / sm if sm else float("inf")))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("swift")
    ap.add_argument("python")
    ap.add_argument("--markdown")
    args = ap.parse_args()
    swift = json.load(open(args.swift))
    python = json.load(open(args.python))
    rows = table(swift, python)
    header = "| stage | BorderPlan median (min–max) s | Python peer median (min–max) s | Python / BorderPlan |\n|---|---:|---:|---:|"
    lines = [header] + [f"| {stage} | {sm:.3f} ({smin:.3f}–{smax:.3f}) | {pm:.3f} ({pmin:.3f}–{pmax:.3f}) | {ratio:.1f}× |"
                        for stage, sm, smin, smax, pm, pmin, pmax, ratio in rows]
    versions = (f"BorderPlan {swift['versions'].get('borderplan')} (GEOS {swift['versions'].get('geos')}, PROJ {swift['versions'].get('proj')}); "
                f"Python {python['versions'].get('python')}, Shapely {python['versions'].get('shapely')} (GEOS {python['versions'].get('geos')}), "
                f"pyproj {python['versions'].get('pyproj')} (PROJ {python['versions'].get('proj')}), GeoPandas {python['versions'].get('geopandas')}; "
                f"{swift['runs']} runs each")
    text = "\n".join(lines) + "\n\n" + versions + "\n"
    print(text)
    if args.markdown:
        open(args.markdown, "w").write(text)
    problems = check_figures(swift, python)
    if problems:
        print(f"FIGURES DISAGREE ({len(problems)}):", file=sys.stderr)
        for problem in problems[:40]:
            print("  " + problem, file=sys.stderr)
        sys.exit(1)
    catchments = sum(len(crossings) for crossings in swift["figures"]["catchment_km2"].values())
    print(f"figures agree: borders, coast, outline area, {catchments} catchments, coverage at 3 radii, plan K = 1…3")


if __name__ == "__main__":
    main()
