import Foundation
import Geo

/// A place travel starts from: a crossing (or a scenario's site), with the time spent at the
/// post before the road (entry delay).
public struct TravelOrigin: Sendable {
    public var id: String
    public var location: Coordinate
    public var delaySeconds: Double

    public init(id: String, location: Coordinate, delaySeconds: Double = 0) {
        self.id = id
        self.location = location
        self.delaySeconds = delaySeconds
    }
}

/// The road network of one run: the graph (built or read from its cache), the speed table and
/// a grid over the nodes for the off-road connectors. Off the network, travel is along the
/// straight geodesic at the table's off-road speed: from an origin to its nearest node, and
/// from a node to any point (a demand point, a border edge, an isochrone's rim).
public final class RoadNetwork {
    public private(set) var graph: RoadGraph
    public let speeds: SpeedTable
    public let file: String
    let index: NodeIndex
    /// The graph laid out for Dijkstra, built on first use.
    public private(set) lazy var searchGraph = SearchGraph(graph)

    public init(graph: RoadGraph, speeds: SpeedTable, file: String) {
        self.graph = graph
        self.speeds = speeds
        self.file = file
        index = NodeIndex(graph)
    }

    /// Off-road speed, metres per second.
    public var offroadSpeed: Double { speeds.offroadKmh / 3.6 }

    /// Reads `roads` (through the cache `FILE.borderplan-graph` when it is valid) with `speeds`;
    /// `log` receives what happened (cache use, counts, warnings).
    public static func load(roads: URL, speeds: SpeedTable, context: GeometryContext, log: (String) -> Void) throws -> RoadNetwork {
        _ = try checkInput(roads, kind: .roads)
        let cacheURL = GraphCache.url(for: roads)
        let key = try GraphCache.key(of: roads, speeds: speeds)
        if let cached = GraphCache.load(cacheURL, key: key) {
            log("roads: graph read from the cache \(cacheURL.path)")
            return RoadNetwork(graph: cached, speeds: speeds, file: roads.path)
        }
        var builder = RoadGraphBuilder(speeds: speeds)
        try RoadReader.read(roads, context: context) { builder.add($0) }
        for warning in builder.notes.warnings(file: roads.path) { log(warning) }
        let graph = builder.build()
        do { try GraphCache.save(graph, key: key, to: cacheURL); log("roads: graph cached in \(cacheURL.path)") } catch {
            log("roads: the graph is not cached: \(error)")  // the run goes on without a cache
        }
        let network = RoadNetwork(graph: graph, speeds: speeds, file: roads.path)
        log(network.summary(lines: builder.notes.lines, closed: builder.notes.closedLines))
        return network
    }

    /// "N lines, N nodes, N edges, N components (largest N nodes)".
    public func summary(lines: Int? = nil, closed: Int = 0) -> String {
        let sizes = graph.components().sizes
        let read = lines.map { "\($0) lines (\(closed) closed to the public, left out), " } ?? ""
        return "roads: \(read)\(graph.nodeCount) nodes, \(graph.edgeCount) edges, \(graph.arcCount) directed arcs, "
            + "\(sizes.count) connected components (largest \(sizes.max() ?? 0) nodes)"
    }

    /// The network without the edges of `ways` (OSM way ids, or FIDs): a scenario's closures.
    public func closing(ways: Set<Int64>) -> RoadNetwork {
        var closed = graph
        for edge in 0..<closed.edgeCount where ways.contains(closed.edgeWay[edge]) {
            closed.edgeForwardKmh[edge] = 0
            closed.edgeBackwardKmh[edge] = 0
        }
        closed.buildArcs()
        return RoadNetwork(graph: closed, speeds: speeds, file: file)
    }

    /// The nearest node to `point` and its geodesic distance in metres (nil: no node).
    public func connect(_ point: Coordinate) -> (node: Int32, metres: Double)? {
        index.nearest(point, graph: graph)
    }

    /// Dijkstra from `origins` (each connected off-road to its nearest node, after its delay),
    /// bounded at `limitSeconds`; a source's label is its index in `origins`.
    public func times(from origins: [TravelOrigin], limitSeconds: Double = .infinity) -> TravelTimes {
        let sources = origins.enumerated().compactMap { offset, origin -> DijkstraSource? in
            guard let link = connect(origin.location) else { return nil }
            return DijkstraSource(node: link.node, seconds: origin.delaySeconds + link.metres / offroadSpeed, label: Int32(offset))
        }
        return Dijkstra.run(searchGraph, sources: sources, limit: limitSeconds)
    }

    /// The time to reach `point` and from which origin: through its nearest node then off-road,
    /// or straight off-road from an origin when that is quicker; nil when neither reaches it.
    public func time(to point: Coordinate, times: TravelTimes, origins: [TravelOrigin]) -> (seconds: Double, origin: Int)? {
        var best: (seconds: Double, origin: Int)?
        if let link = connect(point), times.reached(Int(link.node)) {
            best = (times.seconds[Int(link.node)] + link.metres / offroadSpeed, Int(times.source[Int(link.node)]))
        }
        for (offset, origin) in origins.enumerated() {
            let direct = origin.delaySeconds + Geodesic.wgs84.distance(origin.location, point) / offroadSpeed
            if direct < (best?.seconds ?? .infinity) { best = (direct, offset) }
        }
        return best
    }
}

/// A grid over the nodes (0.05° cells) for the nearest node to a point.
struct NodeIndex {
    static let cell = 0.05
    private var cells: [Int64: [Int32]] = [:]
    private var span = 0

    init(_ graph: RoadGraph) {
        var minKey = (Int.max, Int.max), maxKey = (Int.min, Int.min)
        for node in 0..<graph.nodeCount {
            let (x, y) = Self.cellOf(graph.nodeLon[node], graph.nodeLat[node])
            cells[Self.key(x, y), default: []].append(Int32(node))
            minKey = (min(minKey.0, x), min(minKey.1, y)); maxKey = (max(maxKey.0, x), max(maxKey.1, y))
        }
        span = graph.nodeCount == 0 ? 0 : max(maxKey.0 - minKey.0, maxKey.1 - minKey.1) + 1
    }

    static func cellOf(_ lon: Double, _ lat: Double) -> (Int, Int) { (Int((lon / cell).rounded(.down)), Int((lat / cell).rounded(.down))) }
    static func key(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: y))) }

    /// Rings searched before falling back to a scan of every node (a point far from the network).
    static let maxRings = 40

    /// Searches rings of cells outwards until no node outside can be nearer than the best.
    func nearest(_ point: Coordinate, graph: RoadGraph) -> (node: Int32, metres: Double)? {
        guard span > 0 else { return nil }
        let (cx, cy) = Self.cellOf(point.lon, point.lat)
        var best: (node: Int32, metres: Double)?
        func consider(_ node: Int32) {
            let metres = Geodesic.wgs84.distance(point, graph.node(Int(node)))
            if metres < best?.metres ?? .infinity || (metres == best?.metres && node < best!.node) { best = (node, metres) }
        }
        for ring in 0...min(Self.maxRings, span + 1) {
            // Every node outside rings 0..<ring is at least (ring - 1) cells away in longitude or latitude.
            let reach = Double(max(0, ring - 1)) * Self.cell
            let metresPerDegree = 110_500 * cos(min(89, abs(point.lat) + reach + Self.cell) * .pi / 180)
            if let best, best.metres < reach * max(metresPerDegree, 1) { return best }
            for x in (cx - ring)...(cx + ring) {
                for y in (cy - ring)...(cy + ring) where max(abs(x - cx), abs(y - cy)) == ring {
                    for node in cells[Self.key(x, y)] ?? [] { consider(node) }
                }
            }
        }
        best = nil
        for node in 0..<graph.nodeCount { consider(Int32(node)) }
        return best
    }
}
