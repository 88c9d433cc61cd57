import BorderPlanKit
import Foundation
import Geo

// `borderplan-bench roads --out DIR --runs N [--side 1414]`: the travel-time benchmark of
// `make bench-roads`. A synthetic grid network (side × side nodes, 0.005° apart, each grid line
// one road of a class cycling through the speed table: about 2 M nodes and 8 M directed arcs at
// the default side) built through RoadGraphBuilder, then laid out for search (SearchGraph, timed
// apart); then, timed, N times each:
//   - nearest: one multi-source Dijkstra from 25 sources (the "crossings"), unbounded, its times
//     and labels returned as whole arrays (as SciPy returns them);
//   - isochrones: 25 single-source Dijkstra runs bounded at 240 min, on one thread and on every
//     core (Dijkstra.forEach, one workspace per thread, each run read in place).
// The CSR arrays, the sources and the resulting times go to DIR as raw little-endian arrays for
// Benchmarks/roads_peer.py (SciPy's csgraph.dijkstra on the same graph).

enum RoadsBench {
    static let classes = ["primary", "secondary", "tertiary", "track", "unclassified", "residential", "trunk"]

    static func speeds(_ folder: URL) throws -> SpeedTable {
        let url = folder.appendingPathComponent("speeds.csv")
        try Data("class,speed_kmh\nprimary,80\nsecondary,70\ntertiary,60\ntrack,35\nunclassified,50\nresidential,30\ntrunk,90\ndefault,30\noffroad,10\n".utf8).write(to: url)
        return try SpeedTable.load(url)
    }

    static func grid(side: Int, speeds: SpeedTable) -> RoadGraph {
        var builder = RoadGraphBuilder(speeds: speeds)
        let step = 0.005
        for row in 0..<side {
            let lat = 25 + Double(row) * step
            builder.add(RoadFeature(fid: Int64(row + 1), osmID: nil, highway: classes[row % classes.count], surface: nil, direction: .both,
                                    closed: false, parts: [(0..<side).map { (2 + Double($0) * step, lat) }]))
        }
        for column in 0..<side {
            let lon = 2 + Double(column) * step
            builder.add(RoadFeature(fid: Int64(side + column + 1), osmID: nil, highway: classes[(column * 3) % classes.count], surface: nil,
                                    direction: .both, closed: false, parts: [(0..<side).map { (lon, 25 + Double($0) * step) }]))
        }
        return builder.build()
    }

    static func write<T>(_ values: [T], _ url: URL) throws {
        try values.withUnsafeBytes { Data($0) }.write(to: url)
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// CPU seconds of this process while `body` runs: on a shared, loaded machine the wall
    /// clock measures the other jobs too.
    static func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        let start = now()
        try body()
        return now() - start
    }

    /// A final class so the worker threads can each write their own slot.
    final class Counts: @unchecked Sendable {  // each slot written by one thread only
        let slots: UnsafeMutablePointer<Int>
        let count: Int
        init(_ count: Int) { self.count = count; slots = .allocate(capacity: count); slots.initialize(repeating: 0, count: count) }
        deinit { slots.deallocate() }
        var values: [Int] { (0..<count).map { slots[$0] } }
    }

    /// Wall and CPU seconds of `runs` calls of `body`.
    static func timings(runs: Int, _ body: () -> Void) -> (wall: [Double], cpu: [Double]) {
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<runs { cpu.append(cpuSeconds { wall.append(seconds(body)) }) }
        return (wall, cpu)
    }

    /// The 25 isochrones: one bounded run per source on `workers` threads; the nodes each reached.
    static func isochrones(_ graph: SearchGraph, sources: [Int32], workers: Int) -> [Int] {
        let counts = Counts(sources.count)
        Dijkstra.forEach(graph, runs: sources.map { [DijkstraSource(node: $0, seconds: 0, label: 0)] }, limit: 240 * 60, workers: workers) { index, search in
            counts.slots[index] = search.reachedCount
        }
        return counts.values
    }

    static func run(out: URL, runs: Int, side: Int) throws {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var graph = RoadGraph()
        let table = try speeds(out)
        let build = seconds { graph = grid(side: side, speeds: table) }
        var search: SearchGraph?
        let layout = seconds { search = SearchGraph(graph) }
        guard let search else { return }
        // 25 sources spread over the grid (a 5 × 5 lattice).
        let sources = (0..<25).map { Int32((($0 / 5) * side / 5 + side / 10) * side + ($0 % 5) * side / 5 + side / 10) }
        let starts = sources.enumerated().map { DijkstraSource(node: $1, seconds: 0, label: Int32($0)) }
        var nearest = TravelTimes(seconds: [], source: [])
        var reached: [Int] = []
        let nearestTimes = timings(runs: runs) { nearest = Dijkstra.run(search, sources: starts) }
        let oneThread = timings(runs: runs) { reached = isochrones(search, sources: sources, workers: 1) }
        let parallel = timings(runs: runs) { reached = isochrones(search, sources: sources, workers: Dijkstra.cores) }
        let peak = Double(maxResidentKiB()) / 1024
        try write(graph.arcStart, out.appendingPathComponent("indptr.i32"))
        try write(graph.arcTarget, out.appendingPathComponent("indices.i32"))
        try write(graph.arcSeconds, out.appendingPathComponent("seconds.f64"))
        try write(sources, out.appendingPathComponent("sources.i32"))
        try write(nearest.seconds, out.appendingPathComponent("nearest.f64"))
        try writeIsochrones(search, sources: sources, to: out.appendingPathComponent("isochrones.f64"))
        func list(_ values: [Double]) -> JSONValue { .array(values.map { .number($0, decimals: 4) }) }
        let result = JSONValue.object([
            "nodes": .int(graph.nodeCount), "directed_arcs": .int(graph.arcCount), "sources": .int(sources.count),
            "cores": .int(Dijkstra.cores),
            "build_seconds": .number(build, decimals: 3), "search_layout_seconds": .number(layout, decimals: 3),
            "nearest_seconds": list(nearestTimes.wall), "nearest_cpu_seconds": list(nearestTimes.cpu),
            "isochrones_240min_1thread_seconds": list(oneThread.wall), "isochrones_240min_1thread_cpu_seconds": list(oneThread.cpu),
            "isochrones_240min_seconds": list(parallel.wall), "isochrones_240min_cpu_seconds": list(parallel.cpu),
            "reached_within_240min": .array(reached.map(JSONValue.int)),
            "max_rss_mib_timed_runs": .number(peak, decimals: 1),
        ])
        try Data((result.prettySerialized() + "\n").utf8).write(to: out.appendingPathComponent("swift.json"))
        print(result.prettySerialized())
    }

    /// The bounded runs once more, untimed, one after the other, each written as it comes
    /// (25 × nodes times would not fit the memory goal).
    static func writeIsochrones(_ graph: SearchGraph, sources: [Int32], to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw DataError(file: url.path, "cannot create the file") }
        let handle = try FileHandle(forWritingTo: url)
        let search = DijkstraSearch(graph)
        for source in sources {
            search.run(from: [DijkstraSource(node: source, seconds: 0, label: 0)], limit: 240 * 60)
            try handle.write(contentsOf: search.travelTimes().seconds.withUnsafeBytes { Data($0) })
        }
        try handle.close()
    }

    /// Peak resident memory of this process, KiB (Linux `getrusage`).
    static func maxResidentKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}
