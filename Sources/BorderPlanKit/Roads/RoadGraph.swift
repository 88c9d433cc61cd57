import Foundation
import Geo

/// A road network as a graph: nodes at line ends and at vertices shared by lines, edges
/// between consecutive nodes of a line with their geodesic length (WGS84), polyline and speed
/// in each direction (0: not that way, a one-way street), and the directed arcs in compressed
/// sparse row (CSR) arrays for Dijkstra.
///
/// Snapping: two vertices are one node when their coordinates round to the same 1e-7 degree
/// (about 1 cm; OSM's own precision, so OSM ways meet exactly where they share a node).
public struct RoadGraph {
    public static let snapDegrees = 1e-7

    // Nodes.
    public internal(set) var nodeLon: [Double] = []
    public internal(set) var nodeLat: [Double] = []
    // Edges (one per stretch of line between two nodes).
    public internal(set) var edgeFrom: [Int32] = []
    public internal(set) var edgeTo: [Int32] = []
    public internal(set) var edgeLength: [Double] = []
    /// km/h from `edgeFrom` to `edgeTo`, and back; 0 when that way is not allowed.
    public internal(set) var edgeForwardKmh: [Double] = []
    public internal(set) var edgeBackwardKmh: [Double] = []
    /// The way (OSM id, else the feature's FID) each edge comes from: closures name it.
    public internal(set) var edgeWay: [Int64] = []
    /// Edge e's polyline is vertices `edgeVertexStart[e] ..< edgeVertexStart[e + 1]`.
    public internal(set) var edgeVertexStart: [Int32] = [0]
    public internal(set) var vertexLon: [Double] = []
    public internal(set) var vertexLat: [Double] = []

    // Directed arcs, CSR: the arcs out of node u are `arcStart[u] ..< arcStart[u + 1]`.
    public internal(set) var arcStart: [Int32] = []
    public internal(set) var arcTarget: [Int32] = []
    public internal(set) var arcSeconds: [Double] = []
    public internal(set) var arcEdge: [Int32] = []

    public init() {}

    public var nodeCount: Int { nodeLon.count }
    public var edgeCount: Int { edgeFrom.count }
    public var arcCount: Int { arcTarget.count }

    public func node(_ index: Int) -> Coordinate { Coordinate(lon: nodeLon[index], lat: nodeLat[index]) }

    /// The polyline of edge `e`, from `edgeFrom[e]` to `edgeTo[e]`.
    public func polyline(_ edge: Int) -> [Coordinate] {
        (Int(edgeVertexStart[edge])..<Int(edgeVertexStart[edge + 1])).map { Coordinate(lon: vertexLon[$0], lat: vertexLat[$0]) }
    }

    /// Builds the CSR arcs from the edges, leaving out the edges `closed` says are closed.
    public mutating func buildArcs(closed: (Int) -> Bool = { _ in false }) {
        var degree = [Int32](repeating: 0, count: nodeCount + 1)
        for edge in 0..<edgeCount where !closed(edge) {
            if edgeForwardKmh[edge] > 0 { degree[Int(edgeFrom[edge]) + 1] += 1 }
            if edgeBackwardKmh[edge] > 0 { degree[Int(edgeTo[edge]) + 1] += 1 }
        }
        for index in 0..<nodeCount { degree[index + 1] += degree[index] }
        arcStart = degree
        let total = Int(degree[nodeCount])
        arcTarget = [Int32](repeating: 0, count: total)
        arcSeconds = [Double](repeating: 0, count: total)
        arcEdge = [Int32](repeating: 0, count: total)
        var next = degree
        func add(_ from: Int32, _ to: Int32, _ kmh: Double, _ edge: Int) {
            let slot = Int(next[Int(from)])
            next[Int(from)] += 1
            arcTarget[slot] = to
            arcSeconds[slot] = edgeLength[edge] / (kmh / 3.6)
            arcEdge[slot] = Int32(edge)
        }
        for edge in 0..<edgeCount where !closed(edge) {
            if edgeForwardKmh[edge] > 0 { add(edgeFrom[edge], edgeTo[edge], edgeForwardKmh[edge], edge) }
            if edgeBackwardKmh[edge] > 0 { add(edgeTo[edge], edgeFrom[edge], edgeBackwardKmh[edge], edge) }
        }
    }

    /// Weakly connected components: a component number per node, and each component's size.
    public func components() -> (label: [Int32], sizes: [Int]) {
        var parent = Array(0..<Int32(nodeCount))
        func find(_ node: Int32) -> Int32 {
            var root = node
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var current = node
            while parent[Int(current)] != root { let next = parent[Int(current)]; parent[Int(current)] = root; current = next }
            return root
        }
        for edge in 0..<edgeCount {
            let a = find(edgeFrom[edge]), b = find(edgeTo[edge])
            if a != b { parent[Int(max(a, b))] = min(a, b) }
        }
        var label = [Int32](repeating: -1, count: nodeCount)
        var rootLabel: [Int32: Int32] = [:]
        var sizes: [Int] = []
        for node in 0..<nodeCount {
            let root = find(Int32(node))
            let component = rootLabel[root] ?? { let new = Int32(sizes.count); rootLabel[root] = new; sizes.append(0); return new }()
            label[node] = component
            sizes[Int(component)] += 1
        }
        return (label, sizes)
    }
}
