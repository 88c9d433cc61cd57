#!/usr/bin/env python3
"""The peer of `borderplan-bench roads` (make bench-roads): SciPy's csgraph.dijkstra on the same
CSR graph (written by the Swift side as raw arrays), timed over several runs, and the times
checked identical to 1e-6 relative (unreached on both sides where one is): the exit status is 1
when they are not. Prints medians side by side, wall and CPU seconds (on a shared machine the
wall clock measures the other jobs too), and whether each goal of issue 18 is met.

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
    result["goals"] = report(swift, result, args.runs)
    json.dump(result, open(os.path.join(args.folder, "scipy.json"), "w"), indent=2)
    return 0 if ok_nearest and ok_iso else 1


def report(swift, scipy, runs):
    """Prints the side-by-side table (medians of the runs, wall and CPU) and the goals; returns the goals."""
    med = lambda values: float(np.median(values))
    cores = swift["cores"]
    print(f"graph: {swift['nodes']} nodes, {swift['directed_arcs']} directed arcs, {swift['sources']} sources; "
          f"{cores} cores; medians of {runs} runs; load average now {os.getloadavg()[0]:.1f}")
    print(f"Swift: graph built in {swift['build_seconds']} s, laid out for search in {swift['search_layout_seconds']} s (not timed below)")
    rows = [("nearest, 25 sources (one thread)", "nearest_seconds", "nearest_cpu_seconds", "scipy_nearest_seconds", "scipy_nearest_cpu_seconds"),
            ("isochrones 25 x 240 min, 1 thread", "isochrones_240min_1thread_seconds", "isochrones_240min_1thread_cpu_seconds",
             "scipy_isochrones_240min_seconds", "scipy_isochrones_240min_cpu_seconds"),
            (f"isochrones 25 x 240 min, {cores} threads", "isochrones_240min_seconds", "isochrones_240min_cpu_seconds",
             "scipy_isochrones_240min_seconds", "scipy_isochrones_240min_cpu_seconds")]
    print(f"{'':38} {'Swift wall':>10} {'Swift CPU':>10} {'SciPy wall':>10} {'SciPy CPU':>10} {'CPU ratio':>9} {'wall ratio':>10}")
    for name, wall, cpu, peer_wall, peer_cpu in rows:
        w, c, pw, pc = med(swift[wall]), med(swift[cpu]), med(scipy[peer_wall]), med(scipy[peer_cpu])
        print(f"{name:38} {w:10.3f} {c:10.3f} {pw:10.3f} {pc:10.3f} {c / pc:9.2f} {w / pw:10.2f}")
    print(f"times identical to 1e-6 relative: nearest {scipy['nearest_identical']} (max rel diff {scipy['nearest_max_rel_diff']}), "
          f"isochrones {scipy['isochrones_identical']} (max rel diff {scipy['isochrones_max_rel_diff']})")
    nearest_cpu = med(swift["nearest_cpu_seconds"])
    iso_wall, iso_one_cpu = med(swift["isochrones_240min_seconds"]), med(swift["isochrones_240min_1thread_cpu_seconds"])
    goals = {
        "nearest <= 1.5 s (CPU, one thread)": nearest_cpu <= 1.5,
        f"isochrones <= 3 s (wall, {cores} threads)": iso_wall <= 3,
        "isochrones <= 3 s (CPU, one thread)": iso_one_cpu <= 3,
        "memory <= 1 GiB": swift["max_rss_mib_timed_runs"] <= 1024,
        "nearest at least as fast as SciPy (CPU)": nearest_cpu <= med(scipy["scipy_nearest_cpu_seconds"]),
        "isochrones at least as fast as SciPy (CPU, one thread each)": iso_one_cpu <= med(scipy["scipy_isochrones_240min_cpu_seconds"]),
        f"isochrones at least as fast as SciPy (wall, {cores} threads against SciPy's one)": iso_wall <= med(scipy["scipy_isochrones_240min_seconds"]),
        "times identical to 1e-6 relative": bool(scipy["nearest_identical"] and scipy["isochrones_identical"]),
    }
    print(f"Swift peak memory {swift['max_rss_mib_timed_runs']} MiB")
    for goal, met in goals.items():
        print(f"  {'met    ' if met else 'NOT MET'}  {goal}")
    return goals


if __name__ == "__main__":
    sys.exit(main())
