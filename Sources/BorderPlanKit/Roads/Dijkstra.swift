import Foundation

/// Travel times from a set of sources to every node: seconds (infinity when not reached
/// within the limit) and which source got there first (-1 when none).
public struct TravelTimes: Sendable {
    public var seconds: [Double]
    public var source: [Int32]

    public init(seconds: [Double], source: [Int32]) {
        self.seconds = seconds
        self.source = source
    }

    public func reached(_ node: Int) -> Bool { seconds[node].isFinite }
}

/// A start of a multi-source search: node, the time already spent getting there, and a label.
public struct DijkstraSource: Sendable {
    public var node: Int32
    public var seconds: Double
    public var label: Int32

    public init(node: Int32, seconds: Double, label: Int32) {
        self.node = node
        self.seconds = seconds
        self.label = label
    }
}

/// Multi-source Dijkstra over the CSR arcs, bounded: nodes farther than `limit` seconds are
/// left unreached. One run gives every node its nearest source (by time), as `min_only` in
/// SciPy. The work is done by `DijkstraSearch` (radix heap, packed arcs) on a `SearchGraph`.
public enum Dijkstra {
    /// One run on `graph` (its search layout is built for this call: keep a `SearchGraph` to run many).
    public static func run(_ graph: RoadGraph, sources: [DijkstraSource], limit: Double = .infinity) -> TravelTimes {
        run(SearchGraph(graph), sources: sources, limit: limit)
    }

    public static func run(_ graph: SearchGraph, sources: [DijkstraSource], limit: Double = .infinity) -> TravelTimes {
        let search = DijkstraSearch(graph)
        search.run(from: sources, limit: limit)
        return search.travelTimes()
    }

    /// The machine's cores: the default number of workers of `forEach`.
    public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// One run per element of `runs` (each a set of sources, bounded at `limit`) on `workers`
    /// threads, each with its own workspace; `body(index, search)` is called on the worker's
    /// thread right after run `index`, while its results are in `search` (read them there).
    public static func forEach(_ graph: SearchGraph, runs: [[DijkstraSource]], limit: Double = .infinity, workers: Int = cores,
                               body: @Sendable (Int, DijkstraSearch) -> Void) {
        let workers = max(1, min(workers, runs.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let search = DijkstraSearch(graph)
            for index in stride(from: worker, to: runs.count, by: workers) {
                search.run(from: runs[index], limit: limit)
                body(index, search)
            }
        }
    }
}
