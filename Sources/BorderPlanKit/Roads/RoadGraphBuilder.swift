import Foundation
import Geo

/// What building the graph found worth telling: classes the speed table lacks (given the
/// default speed), lines left out as closed to the public.
public struct RoadBuildNotes: Sendable, Equatable {
    /// Unknown class → (number of lines, the first line's label).
    public var unknownClasses: [String: (count: Int, first: String)] = [:]
    public var closedLines = 0
    public var lines = 0

    public static func == (a: RoadBuildNotes, b: RoadBuildNotes) -> Bool {
        a.closedLines == b.closedLines && a.lines == b.lines && a.unknownClasses.mapValues(\.count) == b.unknownClasses.mapValues(\.count)
    }

    /// One warning line per unknown class, by class.
    public func warnings(file: String) -> [String] {
        unknownClasses.keys.sorted().map { name in
            let entry = unknownClasses[name]!
            return "\(file), \(entry.first): warning: class '\(name)' is not in the speed table; its \(entry.count) line(s) get the default speed"
        }
    }
}

/// Collects road lines (in one streaming pass) as snapped vertex keys, then cuts them into
/// edges at the vertices that are line ends or shared by two lines (or twice by one).
public struct RoadGraphBuilder {
    let speeds: SpeedTable
    private var keys: [UInt64] = []
    private var lineStart: [Int] = [0]
    private var lineForward: [Double] = []
    private var lineBackward: [Double] = []
    private var lineWay: [Int64] = []
    public private(set) var notes = RoadBuildNotes()

    public init(speeds: SpeedTable) { self.speeds = speeds }

    /// The snapped key of a position: longitude and latitude in units of 1e-7°, packed.
    static func key(lon: Double, lat: Double) -> UInt64 {
        let x = UInt32(bitPattern: Int32((lon / RoadGraph.snapDegrees).rounded()))
        let y = UInt32(bitPattern: Int32((lat / RoadGraph.snapDegrees).rounded()))
        return UInt64(x) << 32 | UInt64(y)
    }

    static func position(_ key: UInt64) -> (lon: Double, lat: Double) {
        (Double(Int32(bitPattern: UInt32(key >> 32))) * RoadGraph.snapDegrees, Double(Int32(bitPattern: UInt32(key & 0xFFFF_FFFF))) * RoadGraph.snapDegrees)
    }

    /// Adds one road line.
    public mutating func add(_ feature: RoadFeature) {
        notes.lines += 1
        if feature.closed { notes.closedLines += 1; return }
        let kmh: Double
        if let known = speeds.speed(of: feature.highway, surface: feature.surface) { kmh = known } else {
            kmh = feature.surface == .sand ? min(speeds.desertTrackKmh, speeds.defaultKmh) : speeds.defaultKmh
            let entry = notes.unknownClasses[feature.highway]
            notes.unknownClasses[feature.highway] = ((entry?.count ?? 0) + 1, entry?.first ?? feature.label)
        }
        let way = feature.osmID.flatMap { Int64($0) } ?? feature.fid
        for part in feature.parts {
            for point in part {
                let key = Self.key(lon: point.lon, lat: point.lat)
                if keys.count > lineStart[lineStart.count - 1], keys[keys.count - 1] == key { continue }
                keys.append(key)
            }
            guard keys.count - lineStart[lineStart.count - 1] >= 2 else { keys.removeLast(keys.count - lineStart[lineStart.count - 1]); continue }
            lineStart.append(keys.count)
            lineForward.append(feature.direction == .backward ? 0 : kmh)
            lineBackward.append(feature.direction == .forward ? 0 : kmh)
            lineWay.append(way)
        }
    }

    /// The graph: node keys are the sorted keys seen twice or more, line ends counted twice.
    public func build() -> RoadGraph {
        var counted = keys
        for line in 0..<(lineStart.count - 1) { counted.append(keys[lineStart[line]]); counted.append(keys[lineStart[line + 1] - 1]) }
        counted.sort()
        var nodeKeys: [UInt64] = []
        var index = 0
        while index < counted.count {
            var end = index + 1
            while end < counted.count, counted[end] == counted[index] { end += 1 }
            if end - index >= 2 { nodeKeys.append(counted[index]) }
            index = end
        }
        counted = []
        var graph = RoadGraph()
        graph.nodeLon = nodeKeys.map { Self.position($0).lon }
        graph.nodeLat = nodeKeys.map { Self.position($0).lat }
        for line in 0..<(lineStart.count - 1) { cut(line, nodeKeys: nodeKeys, into: &graph) }
        graph.buildArcs()
        return graph
    }

    /// Cuts line `line` at its nodes into edges of `graph`.
    private func cut(_ line: Int, nodeKeys: [UInt64], into graph: inout RoadGraph) {
        func nodeIndex(_ key: UInt64) -> Int32? {
            var low = 0, high = nodeKeys.count
            while low < high { let middle = (low + high) / 2; if nodeKeys[middle] < key { low = middle + 1 } else { high = middle } }
            return low < nodeKeys.count && nodeKeys[low] == key ? Int32(low) : nil
        }
        var startNode = nodeIndex(keys[lineStart[line]])!
        var length = 0.0
        var previous = Self.position(keys[lineStart[line]])
        var polyline = [previous]
        for vertex in (lineStart[line] + 1)..<lineStart[line + 1] {
            let point = Self.position(keys[vertex])
            length += Geodesic.wgs84.distance(Coordinate(lon: previous.lon, lat: previous.lat), Coordinate(lon: point.lon, lat: point.lat))
            polyline.append(point)
            previous = point
            guard let node = nodeIndex(keys[vertex]) else { continue }
            if node != startNode || length > 0 {
                graph.edgeFrom.append(startNode)
                graph.edgeTo.append(node)
                graph.edgeLength.append(length)
                graph.edgeForwardKmh.append(lineForward[line])
                graph.edgeBackwardKmh.append(lineBackward[line])
                graph.edgeWay.append(lineWay[line])
                for point in polyline { graph.vertexLon.append(point.lon); graph.vertexLat.append(point.lat) }
                graph.edgeVertexStart.append(Int32(graph.vertexLon.count))
            }
            startNode = node
            length = 0
            polyline = [point]
        }
    }
}
