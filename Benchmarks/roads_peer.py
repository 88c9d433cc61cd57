#!/usr/bin/env python3
"""The peer of `borderplan-bench roads` (make bench-roads): SciPy's csgraph.dijkstra on the same
CSR graph (written by the Swift side as raw arrays), timed over several runs, and the times
checked identical to 1e-6 relative (unreached on both sides where one is).

    roads_peer.py DIR [--runs N]
"""
import argparse, json, os, sys, time
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

LIMIT = 240 * 60.0


def load(folder):
    indptr = np.fromfile(os.path.join(folder, "indptr.i32"), dtype="<i4")
    indices = np.fromfile(os.path.join(folder, "indices.i32"), dtype="<i4")
    data = np.fromfile(os.path.join(folder, "seconds.f64"), dtype="<f8")
    n = len(indptr) - 1
    return csr_matrix((data, indices, indptr), shape=(n, n)), np.fromfile(os.path.join(folder, "sources.i32"), dtype="<i4")


def same(a, b):
    """Identical to 1e-6 relative; infinite on both sides counts as equal."""
    finite = np.isfinite(a) & np.isfinite(b)
    if not np.array_equal(np.isfinite(a), np.isfinite(b)):
        return False, int(np.sum(np.isfinite(a) != np.isfinite(b)))
    worst = np.max(np.abs(a[finite] - b[finite]) / np.maximum(1.0, np.abs(b[finite]))) if finite.any() else 0.0
    return bool(worst <= 1e-6), float(worst)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    graph, sources = load(args.folder)
    nearest_times, iso_times, nearest_cpu, iso_cpu = [], [], [], []
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        nearest = dijkstra(graph, directed=True, indices=sources, min_only=True)
        nearest_times.append(time.perf_counter() - start)
        nearest_cpu.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        iso = [dijkstra(graph, directed=True, indices=int(s), limit=LIMIT) for s in sources]
        iso_times.append(time.perf_counter() - start)
        iso_cpu.append(time.process_time() - cpu)
    swift_nearest = np.fromfile(os.path.join(args.folder, "nearest.f64"), dtype="<f8")
    swift_iso = np.fromfile(os.path.join(args.folder, "isochrones.f64"), dtype="<f8").reshape(len(sources), -1)
    ok_nearest, err_nearest = same(swift_nearest, nearest)
    ok_iso, err_iso = same(swift_iso, np.vstack(iso))
    swift = json.load(open(os.path.join(args.folder, "swift.json")))
    result = {"scipy_nearest_seconds": nearest_times, "scipy_isochrones_240min_seconds": iso_times,
              "scipy_nearest_cpu_seconds": nearest_cpu, "scipy_isochrones_240min_cpu_seconds": iso_cpu,
              "nearest_identical": ok_nearest, "nearest_max_rel_diff": err_nearest,
              "isochrones_identical": ok_iso, "isochrones_max_rel_diff": err_iso}
    json.dump(result, open(os.path.join(args.folder, "scipy.json"), "w"), indent=2)
    print(f"graph: {swift['nodes']} nodes, {swift['directed_arcs']} directed arcs, {swift['sources']} sources; "
          f"Swift peak memory {swift['max_rss_mib_timed_runs']} MiB")
    print(f"nearest (25-source Dijkstra):   Swift best {min(swift['nearest_seconds']):.3f} s wall, {min(swift['nearest_cpu_seconds']):.3f} s CPU; "
          f"SciPy best {min(nearest_times):.3f} s wall, {min(nearest_cpu):.3f} s CPU; identical to 1e-6: {ok_nearest} (max rel diff {err_nearest})")
    print(f"isochrones 25 × 240 min:        Swift best {min(swift['isochrones_240min_seconds']):.3f} s wall, {min(swift['isochrones_240min_cpu_seconds']):.3f} s CPU; "
          f"SciPy best {min(iso_times):.3f} s wall, {min(iso_cpu):.3f} s CPU; identical to 1e-6: {ok_iso} (max rel diff {err_iso})")
    return 0 if ok_nearest and ok_iso else 1


if __name__ == "__main__":
    sys.exit(main())
