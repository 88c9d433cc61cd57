import BorderPlanKit
import Foundation
import Geo

// `borderplan-bench roads --out DIR --runs N [--side 1414]`: the travel-time benchmark of
// `make bench-roads`. A synthetic grid network (side × side nodes, 0.005° apart, each grid line
// one road of a class cycling through the speed table: about 2 M nodes and 8 M directed arcs at
// the default side) built through RoadGraphBuilder; then, timed, N times each:
//   - nearest: one multi-source Dijkstra from 25 sources (the "crossings"), unbounded;
//   - isochrones: 25 single-source Dijkstra runs bounded at 240 min.
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

    static func run(out: URL, runs: Int, side: Int) throws {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var graph = RoadGraph()
        let table = try speeds(out)
        let build = seconds { graph = grid(side: side, speeds: table) }
        // 25 sources spread over the grid (a 5 × 5 lattice).
        let sources = (0..<25).map { Int32((($0 / 5) * side / 5 + side / 10) * side + ($0 % 5) * side / 5 + side / 10) }
        var nearest = TravelTimes(seconds: [], source: [])
        var nearestTimes: [Double] = [], isochroneTimes: [Double] = [], nearestCPU: [Double] = [], isochroneCPU: [Double] = []
        var reached: [Int] = []
        for _ in 0..<runs {
            nearestCPU.append(cpuSeconds {
                nearestTimes.append(seconds { nearest = Dijkstra.run(graph, sources: sources.enumerated().map { DijkstraSource(node: $1, seconds: 0, label: Int32($0)) }) })
            })
            reached = []
            isochroneCPU.append(cpuSeconds {
                isochroneTimes.append(seconds {
                    for source in sources {
                        let times = Dijkstra.run(graph, sources: [DijkstraSource(node: source, seconds: 0, label: 0)], limit: 240 * 60)
                        reached.append(times.seconds.reduce(0) { $1.isFinite ? $0 + 1 : $0 })
                    }
                })
            })
        }
        let peak = Double(maxResidentKiB()) / 1024
        try write(graph.arcStart, out.appendingPathComponent("indptr.i32"))
        try write(graph.arcTarget, out.appendingPathComponent("indices.i32"))
        try write(graph.arcSeconds, out.appendingPathComponent("seconds.f64"))
        try write(sources, out.appendingPathComponent("sources.i32"))
        try write(nearest.seconds, out.appendingPathComponent("nearest.f64"))
        // The bounded runs once more, untimed, each written as it comes (25 × nodes times would not fit the memory goal).
        let isochrones = out.appendingPathComponent("isochrones.f64")
        guard FileManager.default.createFile(atPath: isochrones.path, contents: nil) else { throw DataError(file: isochrones.path, "cannot create the file") }
        let handle = try FileHandle(forWritingTo: isochrones)
        for source in sources {
            let times = Dijkstra.run(graph, sources: [DijkstraSource(node: source, seconds: 0, label: 0)], limit: 240 * 60)
            try handle.write(contentsOf: times.seconds.withUnsafeBytes { Data($0) })
        }
        try handle.close()
        let result = JSONValue.object([
            "nodes": .int(graph.nodeCount), "directed_arcs": .int(graph.arcCount), "sources": .int(sources.count),
            "build_seconds": .number(build, decimals: 3),
            "nearest_seconds": .array(nearestTimes.map { .number($0, decimals: 4) }),
            "isochrones_240min_seconds": .array(isochroneTimes.map { .number($0, decimals: 4) }),
            "nearest_cpu_seconds": .array(nearestCPU.map { .number($0, decimals: 4) }),
            "isochrones_240min_cpu_seconds": .array(isochroneCPU.map { .number($0, decimals: 4) }),
            "reached_within_240min": .array(reached.map(JSONValue.int)),
            "max_rss_mib_timed_runs": .number(peak, decimals: 1),
        ])
        try Data((result.prettySerialized() + "\n").utf8).write(to: out.appendingPathComponent("swift.json"))
        print(result.prettySerialized())
    }

    /// Peak resident memory of this process, KiB (Linux `getrusage`).
    static func maxResidentKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}
