import Foundation
import Geo

/// One piece (at most 1 km) of Algeria's outline, classified.
public struct BorderEdge: Sendable, Equatable {
    public var start: Coordinate
    public var end: Coordinate
    /// Geodesic length, metres.
    public var length: Double
    /// The neighbour this edge faces; nil for coast.
    public var country: Partner?
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
        let wilayaIndex = try WilayaIndex(codes: wilayas.map(\.code), geometries: wilayas.map(\.geometry), context: context)
        var rings: [[Coordinate]] = []
        for polygon in try outline.parts where polygon.type == .polygon {
            rings.append(contentsOf: try polygon.rings)
        }
        var test = try NeighbourTest(neighbours, context: context)
        return try rings.map { ring in
            test.startRing()
            return try split(ring).map { start, end, length in
                let mid = Coordinate(x: (start.x + end.x) / 2, y: (start.y + end.y) / 2)
                let country = try test.country(at: mid)
                // The wilaya whose boundary the edge lies on: the nearest to its midpoint.
                let point = try Geometry.point(mid, in: context)
                var owner = -1
                var nearest = Double.infinity
                for index in try wilayaIndex.candidates(point) {
                    let distance = try wilayaIndex.distance(index, to: point)
                    if distance < nearest { nearest = distance; owner = index }
                }
                if owner < 0 { owner = try wilayaIndex.nearest(point) ?? 0 }
                return BorderEdge(start: start, end: end, length: length, country: country, wilaya: wilayas[owner].code)
            }
        }
    }

    /// The neighbour test of the definition, walked along a ring: an edge faces the nearest
    /// neighbour within 0.1° of its midpoint. How far the midpoint may still travel before
    /// neighbour n could come within the tolerance is kept as a budget: a measured distance d
    /// leaves d − 0.1° of clearance and every step spends its length (triangle inequality),
    /// so edges far from every neighbour cost no GEOS call at all.
    struct NeighbourTest {
        let codes: [Partner]
        let prepared: [PreparedGeometry]
        let context: GeometryContext
        var clearance: [Double]
        var previous: Coordinate?

        init(_ neighbours: [(iso2: String, geometry: Geometry)], context: GeometryContext) throws {
            codes = try neighbours.map { neighbour in
                guard let partner = Partner(rawValue: neighbour.iso2) else { throw DataError(file: "neighbours", feature: neighbour.iso2, field: "iso2", problem: "dataerrors.builder.partner", ["allowed": .text(Partner.rawValues.joined(separator: ", "))]) }
                return partner
            }
            prepared = try neighbours.map { try PreparedGeometry($0.geometry) }
            self.context = context
            clearance = Array(repeating: 0, count: neighbours.count)
        }

        /// A new ring: no budget carries over.
        mutating func startRing() {
            clearance = Array(repeating: 0, count: prepared.count)
            previous = nil
        }

        /// The neighbour the edge with midpoint `mid` faces, or nil (coast).
        mutating func country(at mid: Coordinate) throws -> Partner? {
            if let previous {
                let step = ((mid.x - previous.x) * (mid.x - previous.x) + (mid.y - previous.y) * (mid.y - previous.y)).squareRoot()
                for index in clearance.indices { clearance[index] -= step }
            }
            previous = mid
            var country: Partner?
            var best = Double.infinity
            var point: Geometry?
            for (index, neighbour) in prepared.enumerated() where clearance[index] <= 0 {
                let probe = try point ?? Geometry.point(mid, in: context)
                point = probe
                let distance = try neighbour.distance(to: probe)
                if distance <= neighbourTolerance {
                    if distance < best { best = distance; country = codes[index] }
                } else {
                    clearance[index] = distance - neighbourTolerance
                }
            }
            return country
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
    public static func enclosedCoastRuns(_ rings: [[BorderEdge]]) -> [(country: Partner, wilaya: String, lengthKm: Double, at: Coordinate)] {
        var result: [(country: Partner, wilaya: String, lengthKm: Double, at: Coordinate)] = []
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
