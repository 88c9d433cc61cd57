import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// `CoverageOutline.build` and `classify(_ CoverageOutline:)`, the path `make geodata` and the
/// bench use, against the general path (a GEOS coverage union, then `classify(outline:)`).
@Suite struct CoverageOutlineTests {
    let context = GeometryContext()

    func box(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) throws -> Geometry {
        try Geometry.rectangle(Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY), in: context)
    }

    /// Three wilayas on 0–2° E × 30–31° N, noded like a real coverage: two squares, a third with
    /// a hole (a lake that is no wilaya: the outline has a hole), and an island off the west side
    /// belonging to the first. Neighbour "TN" east
    /// of 2° E and "LY" south of 30° N.
    func fixture() throws -> (wilayas: [(code: String, geometry: Geometry)], neighbours: [(iso2: String, geometry: Geometry)]) {
        let withLake = try Geometry.polygon(
            exterior: [.init(lon: 1, lat: 30), .init(lon: 2, lat: 30), .init(lon: 2, lat: 31), .init(lon: 1, lat: 31), .init(lon: 1, lat: 30.5), .init(lon: 1, lat: 30)],
            holes: [[.init(lon: 1.3, lat: 30.3), .init(lon: 1.3, lat: 30.6), .init(lon: 1.6, lat: 30.6), .init(lon: 1.6, lat: 30.3), .init(lon: 1.3, lat: 30.3)]],
            in: context)
        let island = try box(-0.5, 30.4, -0.3, 30.6)
        let west = try Geometry.collection(.multiPolygon, [try box(0, 30, 1, 30.5), island], in: context)
        let wilayas = [("01", west), ("02", try box(0, 30.5, 1, 31)), ("03", withLake)]
        let neighbours = [("TN", try box(2, 29, 3, 32)), ("LY", try box(-1, 29, 3, 30))]
        return (wilayas.map { (code: $0.0, geometry: $0.1) }, neighbours.map { (iso2: $0.0, geometry: $0.1) })
    }

    /// An edge as a comparable key: undirected end points, then country and wilaya.
    struct EdgeKey: Comparable {
        var a: Coordinate, b: Coordinate
        var country: String, wilaya: String
        var length: Double
        init(_ edge: BorderEdge) {
            (a, b) = (edge.start.lon, edge.start.lat) < (edge.end.lon, edge.end.lat) ? (edge.start, edge.end) : (edge.end, edge.start)
            country = edge.country?.rawValue ?? "coast"
            wilaya = edge.wilaya
            length = edge.length
        }
        static func < (l: Self, r: Self) -> Bool {
            func key(_ e: Self) -> [Double] { [e.a.lon, e.a.lat, e.b.lon, e.b.lat].map { ($0 * 1e7).rounded() } }
            return key(l).lexicographicallyPrecedes(key(r))
        }
        /// Same edge: end points within 10⁻⁹° (a ring walked the other way interpolates from the
        /// other end), same neighbour and wilaya, lengths within a micrometre.
        func matches(_ other: Self) -> Bool {
            [a.lon - other.a.lon, a.lat - other.a.lat, b.lon - other.b.lon, b.lat - other.b.lat].allSatisfy { abs($0) < 1e-9 }
                && country == other.country && wilaya == other.wilaya && abs(length - other.length) < 1e-6
        }
    }

    @Test func edgeCancellationGivesTheSameEdgesAsTheGeneralPath() throws {
        let (wilayas, neighbours) = try fixture()
        let outline = try #require(try CoverageOutline.build(wilayas.map(\.geometry), context: context))
        let union = try Geometry.union(of: wilayas.map(\.geometry), coverage: true, in: context)
        // The outline: three rings (mainland, lake, island), and the union's area exactly.
        #expect(outline.rings.count == 3)
        #expect(abs(try Geodesic.wgs84.area(of: outline.geometry) - Geodesic.wgs84.area(of: union)) < 1)
        #expect(try outline.geometry.symmetricDifference(union).area < 1e-12)
        let fast = try BorderDerivation.classify(outline, neighbours: neighbours, wilayaCodes: wilayas.map(\.code)).joined().map(EdgeKey.init).sorted()
        let general = try BorderDerivation.classify(outline: union, neighbours: neighbours, wilayas: wilayas).joined().map(EdgeKey.init).sorted()
        #expect(fast.count == general.count)
        #expect(zip(fast, general).allSatisfy { $0.matches($1) })
        // What the edges say, hand-checked: TN faces the east side (meridian arc 30–31° N) plus
        // 0.1° strips; LY the south side 0–2° E; the lake and the island are coast of 03 and 01.
        let eastKm = Geodesic.wgs84.distance(Coordinate(lon: 2, lat: 30), Coordinate(lon: 2, lat: 31)) / 1e3
        let tn = fast.filter { $0.country == "TN" }.reduce(0) { $0 + $1.length } / 1e3
        #expect(tn > eastKm - 1 && tn < eastKm + 12)
        let lakeAndIsland = fast.filter { ($0.a.lon > 1.29 && $0.b.lon < 1.61 && $0.a.lat > 30.29 && $0.b.lat < 30.61) || $0.b.lon <= -0.3 }
        #expect(lakeAndIsland.allSatisfy { $0.country == "coast" })
        #expect(Set(lakeAndIsland.map(\.wilaya)) == ["01", "03"])
    }

    /// Polygons that overlap, or share a side without a common vertex, are no clean coverage:
    /// `build` says so (nil) and the caller falls back to a GEOS union.
    @Test func overlappingPolygonsAreRefused() throws {
        #expect(try CoverageOutline.build([try box(0, 0, 1, 1), try box(0.5, 0, 1.5, 1)], context: context) == nil)
        #expect(try CoverageOutline.build([try box(0, 0, 1, 1), try box(1, 0, 2, 0.5), try box(1, 0.5, 2, 1)], context: context) == nil)
    }
}
