import Foundation
import Geo

/// One piece (at most 1 km) of Algeria's outline, classified.
public struct BorderEdge: Sendable, Equatable {
    public var start: Coordinate
    public var end: Coordinate
    /// Geodesic length, metres.
    public var length: Double
    /// ISO-2 code of the neighbour this edge faces; nil for coast.
    public var country: String?
    /// Official code of the wilaya whose boundary the edge lies on.
    public var wilaya: String

    /// Midpoint in longitude/latitude (the edge is short enough for this to be on it).
    public var midpoint: Coordinate { Coordinate(x: (start.x + end.x) / 2, y: (start.y + end.y) / 2) }
}

/// The definition every border figure uses (stated in geodata/PROVENANCE.md):
/// split the outline's rings into edges of at most 1 km; an edge is a land-border
/// edge of neighbour N when its midpoint lies within 0.1° of N's polygon and N is
/// the nearest such neighbour; every other edge is coast (islands are coast). An
/// edge belongs to the wilaya whose boundary it lies on. Lengths are geodesic.
public enum BorderDerivation {
    public static let maxEdgeLength = 1_000.0
    public static let neighbourTolerance = 0.1

    /// Splits the polyline through `points` into edges of at most `maxLength` metres
    /// (geodesic), interpolating along the line as drawn in longitude/latitude so the
    /// pieces stay exactly on it. Returns (start, end, geodesic length) triples.
    public static func split(_ points: [Coordinate], maxLength: Double = maxEdgeLength) -> [(Coordinate, Coordinate, Double)] {
        guard points.count > 1 else { return [] }
        var edges: [(Coordinate, Coordinate, Double)] = []
        edges.reserveCapacity(points.count)
        for index in 1..<points.count {
            let a = points[index - 1], b = points[index]
            if a == b { continue }
            let length = Geodesic.wgs84.distance(a, b)
            let pieces = max(1, Int((length / maxLength).rounded(.up)))
            var previous = a
            for piece in 1...pieces {
                let t = Double(piece) / Double(pieces)
                let next = piece == pieces ? b : Coordinate(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)
                edges.append((previous, next, pieces == 1 ? length : Geodesic.wgs84.distance(previous, next)))
                previous = next
            }
        }
        return edges
    }

    /// The classified edges of every ring of `outline`, each ring's edges in ring order.
    public static func classify(outline: Geometry, neighbours: [(iso2: String, geometry: Geometry)],
                                wilayas: [(code: String, geometry: Geometry)]) throws -> [[BorderEdge]] {
        let context = outline.context
        let preparedNeighbours = try neighbours.map { (iso2: $0.iso2, prepared: try PreparedGeometry($0.geometry), box: $0.geometry.envelope?.expanded(by: neighbourTolerance)) }
        let preparedWilayas = try wilayas.map { try PreparedGeometry($0.geometry) }
        let tree = try STRtree(wilayas.map(\.geometry), context: context)

        var rings: [[Coordinate]] = []
        for polygon in try outline.parts where polygon.type == .polygon {
            rings.append(contentsOf: try polygon.rings)
        }
        return try rings.map { ring in
            try split(ring).map { start, end, length in
                let mid = Coordinate(x: (start.x + end.x) / 2, y: (start.y + end.y) / 2)
                let point = try Geometry.point(mid, in: context)
                var country: String?
                var best = Double.infinity
                for neighbour in preparedNeighbours {
                    guard let box = neighbour.box, mid.x >= box.minX, mid.x <= box.maxX, mid.y >= box.minY, mid.y <= box.maxY else { continue }
                    guard try neighbour.prepared.isWithinDistance(neighbourTolerance, of: point) else { continue }
                    let distance = try neighbour.prepared.distance(to: point)
                    if distance < best { best = distance; country = neighbour.iso2 }
                }
                let probe = try point.buffer(1e-6, quadrantSegments: 1)
                var owner = -1
                var nearest = Double.infinity
                for index in try tree.query(probe) {
                    let distance = try preparedWilayas[index].distance(to: point)
                    if distance < nearest { nearest = distance; owner = index }
                }
                if owner < 0 {
                    // Not near any wilaya's envelope (cannot happen for a true outline): take the nearest.
                    owner = try tree.nearest(point) ?? 0
                }
                return BorderEdge(start: start, end: end, length: length, country: country, wilaya: wilayas[owner].code)
            }
        }
    }

    /// Consecutive edges of one ring grouped by `key`; a group that wraps past the
    /// ring's start is joined with the first one.
    public static func runs<Key: Equatable>(_ ring: [BorderEdge], by key: (BorderEdge) -> Key) -> [[BorderEdge]] {
        var groups: [[BorderEdge]] = []
        for edge in ring {
            if let last = groups.last?.last, key(last) == key(edge), last.end == edge.start {
                groups[groups.count - 1].append(edge)
            } else {
                groups.append([edge])
            }
        }
        if groups.count > 1, let first = groups.first?.first, let last = groups.last?.last,
           key(first) == key(last), last.end == first.start {
            groups[0] = groups.removeLast() + groups[0]
        }
        return groups
    }

    /// A run of edges as the list of its vertices.
    public static func vertices(of run: [BorderEdge]) -> [Coordinate] {
        guard let first = run.first else { return [] }
        return [first.start] + run.map(\.end)
    }

    /// Coast runs lying between two runs of the same land border: places where the OSM
    /// outline and Natural Earth's neighbour differ by more than the 0.1° tolerance, so
    /// the definition counts a stretch of land border as coast. Reported, not changed.
    public static func enclosedCoastRuns(_ rings: [[BorderEdge]]) -> [(country: String, wilaya: String, lengthKm: Double, at: Coordinate)] {
        var result: [(country: String, wilaya: String, lengthKm: Double, at: Coordinate)] = []
        for ring in rings {
            let groups = runs(ring, by: \.country)
            guard groups.count >= 3 else { continue }
            for (index, group) in groups.enumerated() where group[0].country == nil {
                let before = groups[(index + groups.count - 1) % groups.count][0].country
                let after = groups[(index + 1) % groups.count][0].country
                guard let before, before == after else { continue }
                result.append((before, group[group.count / 2].wilaya, group.reduce(0) { $0 + $1.length } / 1_000, group[group.count / 2].midpoint))
            }
        }
        return result
    }
}
