import Foundation
import Geo

/// The outline of a polygon coverage (polygons that only share edges, like the wilayas),
/// found by edge cancellation: a boundary segment shared by two polygons is interior,
/// a segment that only one polygon has lies on the outline, and that polygon owns it.
///
/// Linear in the number of vertices (GEOS 3.12+ unions coverages the same way; the
/// 3.11 on Debian bookworm does not), and it tells for free which wilaya each outline
/// segment belongs to. `build` returns nil when the input is not a clean coverage
/// (the polygonized outline's area differs from the polygons' total, or the outline is
/// invalid), so callers can fall back to a general union.
public struct CoverageOutline {
    /// A directed outline segment and the index of the polygon it comes from.
    public struct Segment: Sendable, Equatable {
        public var start: Coordinate
        public var end: Coordinate
        public var owner: Int
    }

    /// The outline rings, each a closed chain of segments.
    public var rings: [[Segment]]
    /// The outline as polygons.
    public var geometry: Geometry

    private struct PointKey: Hashable {
        var x: UInt64
        var y: UInt64
        init(_ c: Coordinate) {
            x = (c.x == 0 ? 0.0 : c.x).bitPattern
            y = (c.y == 0 ? 0.0 : c.y).bitPattern
        }

        /// One mixed word into the hasher instead of two: the keys are many and the words random enough.
        func hash(into hasher: inout Hasher) { hasher.combine(x &* 0x9E37_79B9_7F4A_7C15 ^ y) }
    }

    private struct SegmentKey: Hashable {
        var a: PointKey
        var b: PointKey
        init(_ p: PointKey, _ q: PointKey) {
            if (p.x, p.y) < (q.x, q.y) { a = p; b = q } else { a = q; b = p }
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine((a.x &* 0x9E37_79B9_7F4A_7C15 ^ a.y) &* 0xBF58_476D_1CE4_E5B9 ^ (b.x &* 0x94D0_49BB_1331_11EB ^ b.y))
        }
    }

    public static func build(_ polygons: [Geometry], context: GeometryContext) throws -> CoverageOutline? {
        // Every directed segment of every ring, and how many polygons have it.
        let vertexCount = polygons.reduce(0) { $0 + $1.numberOfCoordinates }
        var segments: [Segment] = []
        segments.reserveCapacity(vertexCount)
        var counts: [SegmentKey: Int] = [:]
        counts.reserveCapacity(vertexCount)
        var planarArea = 0.0
        for (owner, polygon) in polygons.enumerated() {
            planarArea += try polygon.area
            for part in try polygon.parts where part.type == .polygon {
                for ring in try part.rings {
                    for index in 1..<ring.count where ring[index - 1] != ring[index] {
                        segments.append(Segment(start: ring[index - 1], end: ring[index], owner: owner))
                        counts[SegmentKey(PointKey(ring[index - 1]), PointKey(ring[index])), default: 0] += 1
                    }
                }
            }
        }
        let outer = segments.filter { counts[SegmentKey(PointKey($0.start), PointKey($0.end))] == 1 }
        // Chain them into rings, following each segment's direction.
        var byStart: [PointKey: [Int]] = [:]
        byStart.reserveCapacity(outer.count)
        for (index, segment) in outer.enumerated() { byStart[PointKey(segment.start), default: []].append(index) }
        var used = [Bool](repeating: false, count: outer.count)
        var rings: [[Segment]] = []
        for first in outer.indices where !used[first] {
            var ring: [Segment] = []
            var current = first
            while !used[current] {
                used[current] = true
                ring.append(outer[current])
                guard let next = byStart[PointKey(outer[current].end)]?.first(where: { !used[$0] }) else { break }
                current = next
            }
            guard ring.first?.start == ring.last?.end else { return nil }
            rings.append(ring)
        }
        let lines = try rings.map { ring in try Geometry.lineString([ring[0].start] + ring.map(\.end), in: context) }
        var outline = try Geometry.polygonize(lines, in: context).polygonalParts()
        if outline.numberOfGeometries == 1 { outline = try outline.geometry(at: 0) }
        // A clean coverage: the outline encloses exactly the polygons, and is valid (polygons that
        // overlap, or share a side without sharing its vertices, leave overlapping or touching pieces).
        guard planarArea > 0, abs(try outline.area - planarArea) <= planarArea * 1e-9, try outline.isValid else { return nil }
        return CoverageOutline(rings: rings, geometry: outline)
    }
}

extension BorderDerivation {
    /// Classifies the outline rings of a coverage whose segments already know their wilaya
    /// (index into `wilayaCodes`): same definition as `classify(outline:neighbours:wilayas:)`.
    public static func classify(_ outline: CoverageOutline, neighbours: [(iso2: String, geometry: Geometry)], wilayaCodes: [String]) throws -> [[BorderEdge]] {
        var test = try NeighbourTest(neighbours, context: outline.geometry.context)
        return try outline.rings.map { ring in
            test.startRing()
            var edges: [BorderEdge] = []
            edges.reserveCapacity(ring.count)
            for segment in ring {
                for (start, end, length) in split([segment.start, segment.end]) {
                    let country = try test.country(at: Coordinate(x: (start.x + end.x) / 2, y: (start.y + end.y) / 2))
                    edges.append(BorderEdge(start: start, end: end, length: length, country: country, wilaya: wilayaCodes[segment.owner]))
                }
            }
            return edges
        }
    }
}
