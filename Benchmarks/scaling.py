#!/usr/bin/env python3
"""Scaling of `borderplan plan --objective demand`: synthetic demand layers of 10 k, 100 k and
1 M weighted points over the border wilayas (seeded, deterministic), and a growing number of
candidate crossings. Reports the median wall time of 3 runs and the peak memory (max RSS).

    python scaling.py --borderplan .build/release/borderplan --data geodata --out OUTDIR
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import shapely


def demand_points(data: Path, count: int, seed: int) -> np.ndarray:
    """`count` points uniform in longitude/latitude over the border wilayas, weights 1–1000."""
    wilayas = json.load(open(data / "wilayas.geojson"))
    borders = json.load(open(data / "borders.geojson"))
    lengths = {}
    for feature in borders["features"]:
        if feature["properties"]["kind"] == "land":
            for part in feature["properties"]["wilayas"]:
                lengths[part["code"]] = lengths.get(part["code"], 0) + part["length_km"]
    codes = {code for code, km in lengths.items() if km >= 1}
    region = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in wilayas["features"] if f["properties"]["code"] in codes])
    shapely.prepare(region)
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = region.bounds
    found = np.empty((0, 2))
    while len(found) < count:
        candidates = np.column_stack([rng.uniform(minx, maxx, count), rng.uniform(miny, maxy, count)])
        found = np.vstack([found, candidates[shapely.contains_xy(region, candidates[:, 0], candidates[:, 1])]])
    points = found[:count]
    weights = rng.integers(1, 1001, count)
    return np.column_stack([points[:, 1], points[:, 0], weights])  # lat, lon, weight


def run(command):
    """Wall time (s) and peak resident memory (MiB) of one run, measured by GNU time on the
    command itself (a child forked from this Python process would count its memory too)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    elapsed, kib = result.stderr.strip().splitlines()[-1].split()
    return float(elapsed), int(kib) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--borderplan", required=True)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []

    def measure(label, points, command):
        times, memory = [], []
        for _ in range(args.runs):
            elapsed, rss = run(command)
            times.append(elapsed)
            memory.append(rss)
        rows.append((label, points, statistics.median(times), min(times), max(times), max(memory)))
        print(f"{label:45s} {points:>9,d} points  median {statistics.median(times):6.3f} s  peak {max(memory):7.1f} MiB", flush=True)

    base = [args.borderplan, "plan", "--data", str(args.data), "--radius", "100", "--objective", "demand", "--format", "json"]
    for count in (10_000, 100_000, 1_000_000):
        path = args.out / f"demand-{count}.csv"
        if not path.exists():
            table = demand_points(args.data, count, seed=20261130 + count)
            with open(path, "w") as f:
                f.write("lat,lon,weight\n")
                np.savetxt(f, table, fmt=["%.6f", "%.6f", "%d"], delimiter=",")
        measure(f"plan --add 3, default candidates", count, base + ["--add", "3", "--demand", str(path)])
    path = args.out / "demand-100000.csv"
    for spacing in (200, 100, 50):
        measure(f"plan --add 3, generated candidates every {spacing} km", 100_000,
                base + ["--add", "3", "--demand", str(path), "--candidates", "generated", "--spacing", str(spacing), "--max-seconds", "60"])
    with open(args.out / "scaling.md", "w") as f:
        f.write("| workload | demand points | median s (min–max) | peak memory MiB |\n|---|---:|---:|---:|\n")
        for label, points, median, low, high, memory in rows:
            f.write(f"| {label} | {points:,} | {median:.3f} ({low:.3f}–{high:.3f}) | {memory:.0f} |\n")
    print((args.out / "scaling.md").read_text())


if __name__ == "__main__":
    main()
