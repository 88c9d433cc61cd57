import Foundation
import Testing
@testable import Geo

/// A tiny deterministic generator (SplitMix64) so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct GeometryTests {
    let context = GeometryContext()

    @Test func wktWkbAndGeoJSONRoundTrip() throws {
        let polygon = try Geometry(wkt: "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))", context: context)
        #expect(polygon.type == .polygon)
        #expect(try polygon.area == 15) // 16 − 1, hand-computed
        let fromWKB = try Geometry(wkb: try polygon.wkb, context: context)
        #expect(try fromWKB.topologicallyEquals(polygon))
        let fromJSON = try Geometry(geoJSON: try polygon.geoJSON(), context: context)
        #expect(try fromJSON.topologicallyEquals(polygon))
        #expect(try polygon.wkt(precision: 0) == "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))")
        #expect(polygon.envelope == Envelope(minX: 0, minY: 0, maxX: 4, maxY: 4))
        #expect(try polygon.rings.count == 2)
    }

    @Test func geoJSONFeatureCollectionGivesGeometriesInOrder() throws {
        let json = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[3,4]]}}]}"#
        let collection = try Geometry(geoJSON: json, context: context)
        let parts = try collection.parts
        #expect(parts.count == 2)
        #expect(try parts[0].coordinates == [Coordinate(x: 1, y: 2)])
        #expect(try parts[1].length == 5)
    }

    @Test func malformedInputThrowsInsteadOfCrashing() {
        let bad = ["POLYGON((0 0, 1 1", "POINT(a b)", "LINESTRING(0 0)", "", "FOO(1 2)", "POLYGON((0 0, 1 0, 1 1, 0 0)"]
        for text in bad {
            #expect(throws: GeoError.self, "WKT \(text)") { try Geometry(wkt: text, context: context) }
        }
        let badJSON = [#"{"type":"Point","coordinates":[1]}"#, #"{"type":"Polygon","coordinates":[[[0,0],[1,0]]]}"#, "{", #"{"type":"Nope"}"#, "[]"]
        for text in badJSON {
            #expect(throws: GeoError.self, "GeoJSON \(text)") { try Geometry(geoJSON: text, context: context) }
        }
        #expect(throws: GeoError.self) { try Geometry(wkb: [0x01, 0x03, 0x00], context: context) }
        #expect(throws: GeoError.self) { try Geometry.polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1)], in: context) }
        #expect(throws: GeoError.self) { try Geometry.point(Coordinate(x: .nan, y: 0), in: context) }
    }

    @Test func bowTieIsInvalidAndRepairedIntoTwoTriangles() throws {
        let bowTie = try Geometry(wkt: "POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))", context: context)
        #expect(try !bowTie.isValid)
        let validity = try bowTie.validity()
        #expect(validity.reason == "Self-intersection")
        #expect(validity.location == Coordinate(x: 1, y: 1))
        let (repaired, report) = try bowTie.makeValid()
        #expect(try repaired.isValid)
        #expect(repaired.type == .multiPolygon)
        #expect(repaired.numberOfGeometries == 2)
        // Two triangles of base 2 and height 1: 1 + 1 (hand-computed).
        #expect(try repaired.area == 2)
        #expect(report.reason == "Self-intersection" && report.typeAfter == .multiPolygon && report.areaAfter == 2)
    }

    @Test func overlaysAndPredicates() throws {
        let a = try Geometry(wkt: "POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))", context: context)
        let b = try Geometry(wkt: "POLYGON((1 1, 3 1, 3 3, 1 3, 1 1))", context: context)
        #expect(try a.intersection(b).area == 1)
        #expect(try a.union(b).area == 7)
        #expect(try a.difference(b).area == 3)
        #expect(try a.symmetricDifference(b).area == 6)
        #expect(try a.intersects(b) && !a.disjoint(b) && !a.contains(b) && !a.touches(b))
        let inner = try Geometry(wkt: "POINT(0.5 0.5)", context: context)
        #expect(try a.contains(inner) && inner.within(a) && a.covers(inner) && inner.coveredBy(a))
        let edge = try Geometry(wkt: "POINT(2 1)", context: context)
        #expect(try a.touches(edge) && !a.contains(edge) && a.covers(edge))
        let (p, q) = try a.nearestPoints(with: try Geometry(wkt: "POINT(5 1)", context: context))
        #expect(p == Coordinate(x: 2, y: 1) && q == Coordinate(x: 5, y: 1))
        #expect(try a.distance(to: try Geometry(wkt: "POINT(5 1)", context: context)) == 3)
        #expect(try a.centroid().coordinates == [Coordinate(x: 1, y: 1)])
        #expect(try a.pointOnSurface().within(a))
        #expect(try a.boundary().type == .lineString)
        #expect(try a.buffer(1, quadrantSegments: 8).area > 4 + 8)
    }

    @Test func coverageUnionOfAdjacentSquares() throws {
        let squares = try (0..<3).map { i in
            try Geometry(wkt: "POLYGON((\(i) 0, \(i + 1) 0, \(i + 1) 1, \(i) 1, \(i) 0))", context: context)
        }
        let union = try Geometry.union(of: squares, coverage: true, in: context)
        #expect(union.type == .polygon)
        #expect(try union.area == 3)
        #expect(try union.topologicallyEquals(try Geometry.union(of: squares, in: context)))
    }

    @Test func lineMergeSimplifyDensifyVoronoi() throws {
        let lines = try Geometry(wkt: "MULTILINESTRING((0 0, 1 0), (1 0, 2 0), (2 0, 2 1))", context: context)
        let merged = try lines.lineMerged()
        #expect(merged.type == .lineString)
        #expect(try merged.length == 3)
        let wiggle = try Geometry(wkt: "LINESTRING(0 0, 1 0.01, 2 0, 3 0.01, 4 0)", context: context)
        #expect(try wiggle.simplified(tolerance: 0.1).numberOfCoordinates == 2)
        let densified = try Geometry(wkt: "LINESTRING(0 0, 10 0)", context: context).densified(maxSegmentLength: 1)
        #expect(densified.numberOfCoordinates == 11)
        let sites = try Geometry(wkt: "MULTIPOINT((0 0), (2 0))", context: context)
        let extent = try Geometry(wkt: "POLYGON((-1 -1, 3 -1, 3 1, -1 1, -1 -1))", context: context)
        let cells = try sites.voronoiDiagram(extent: extent)
        #expect(cells.numberOfGeometries == 2)
        // The two cells split at x = 1, the perpendicular bisector (hand-checked).
        let clippedCells = try cells.parts.map { try $0.intersection(extent) }
        #expect(clippedCells.allSatisfy { (try? $0.area) == 4 })
    }

    @Test func partsAreIndependentCopies() throws {
        var parts: [Geometry] = []
        do {
            let multi = try Geometry(wkt: "MULTIPOINT((1 1), (2 2))", context: context)
            parts = try multi.parts
        } // the collection is destroyed here; its parts must survive (they are clones)
        #expect(try parts[1].coordinates == [Coordinate(x: 2, y: 2)])
    }

    @Test func mismatchedContextsAreRejected() throws {
        let other = GeometryContext()
        let a = try Geometry(wkt: "POINT(0 0)", context: context)
        let b = try Geometry(wkt: "POINT(1 1)", context: other)
        #expect(throws: GeoError.contextMismatch(operation: "distance")) { try a.distance(to: b) }
    }

    @Test func preparedAndTreeAgreeWithPlainPredicates() throws {
        // A concave polygon with a hole, and 10,000 seeded random points around it.
        let polygon = try Geometry(wkt: "POLYGON((0 0, 10 0, 10 10, 5 4, 0 10, 0 0), (2 1, 3 1, 3 2, 2 2, 2 1))", context: context)
        let prepared = try PreparedGeometry(polygon)
        var random = SeededGenerator(state: 42)
        var points: [Geometry] = []
        for _ in 0..<10_000 {
            let c = Coordinate(x: Double.random(in: -1...11, using: &random), y: Double.random(in: -1...11, using: &random))
            points.append(try .point(c, in: context))
        }
        var inside = 0
        for point in points {
            let plain = try polygon.contains(point)
            #expect(try prepared.contains(point) == plain)
            #expect(try prepared.intersects(point) == (try polygon.intersects(point)))
            #expect(try prepared.covers(point) == (try polygon.covers(point)))
            if plain { inside += 1 }
        }
        #expect(inside > 3_000 && inside < 7_000, "the sample straddles the polygon")
        let tree = try STRtree(points, context: context)
        let hits = try tree.query(polygon, predicate: .contains)
        let expected = try points.indices.filter { try polygon.contains(points[$0]) }
        #expect(hits == expected)
        let envelopeHits = try tree.query(polygon)
        #expect(envelopeHits.count >= hits.count)
        // Nearest: the tree's answer has the minimum distance among all points.
        let probe = try Geometry.point(Coordinate(x: 5, y: 5), in: context)
        let nearest = try #require(try tree.nearest(probe))
        let best = try points.map { try $0.distance(to: probe) }.min()!
        #expect(try points[nearest].distance(to: probe) == best)
    }

    @Test func geometryWorkOnSeveralThreadsAtOnce() async throws {
        // Each task owns its own contexts; results must equal the single-threaded ones.
        func work(_ seed: UInt64) throws -> Double {
            let context = GeometryContext()
            let proj = try ProjContext()
            var random = SeededGenerator(state: seed)
            var total = 0.0
            for _ in 0..<200 {
                let center = Coordinate(lon: Double.random(in: 0...9, using: &random), lat: Double.random(in: 20...36, using: &random))
                let aeqd = try Transformer.azimuthalEquidistant(center: center, context: proj)
                let disc = try Geometry.point(Coordinate(x: 0, y: 0), in: context).buffer(50_000, quadrantSegments: 16)
                let lonLat = try aeqd.transform(disc, inverse: true)
                let square = try Geometry.rectangle(Envelope(minX: center.lon - 0.3, minY: center.lat - 0.3, maxX: center.lon + 0.3, maxY: center.lat + 0.3), in: context)
                total += try Geodesic.wgs84.area(of: lonLat.intersection(square))
            }
            return total
        }
        let expected = try (1...4).map { try work(UInt64($0)) }
        let parallel = try await withThrowingTaskGroup(of: (Int, Double).self) { group in
            for index in 1...4 { group.addTask { (index, try work(UInt64(index))) } }
            var results = [Double](repeating: 0, count: 4)
            for try await (index, value) in group { results[index - 1] = value }
            return results
        }
        #expect(parallel == expected)
    }
}
