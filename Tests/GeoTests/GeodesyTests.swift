import Foundation
import Testing
@testable import Geo

/// Geodesic problems against GeographicLib / PROJ `geod` reference values.
@Suite struct GeodesyTests {
    let algiers = Coordinate(lon: 3.0588, lat: 36.7538)
    let tamanrasset = Coordinate(lon: 5.5228, lat: 22.785)

    @Test func inverseAlgiersToTamanrasset() {
        // Reference: GeographicLib GeodSolve -i gives 1566.509544 km;
        // PROJ's `geod -I +ellps=WGS84` gives azimuths 170.612842° / -8.154437° (back azimuth).
        let line = Geodesic.wgs84.inverse(from: algiers, to: tamanrasset)
        #expect(abs(line.distance - 1_566_509.544) < 1.0) // 1 m, as the issue asks
        #expect(abs(line.azimuth - 170.612842) < 1e-5)
        #expect(abs(line.backAzimuth - -8.154437) < 1e-5)
    }

    @Test func directRoundTrip() {
        // Solving the direct problem from the inverse's azimuth and distance must land
        // on the end point: 1e-9° ≈ 0.1 mm, far above Karney's nanometre accuracy.
        let line = Geodesic.wgs84.inverse(from: algiers, to: tamanrasset)
        let end = Geodesic.wgs84.direct(from: algiers, azimuth: line.azimuth, distance: line.distance)
        #expect(abs(end.coordinate.lat - tamanrasset.lat) < 1e-9)
        #expect(abs(end.coordinate.lon - tamanrasset.lon) < 1e-9)
        #expect(abs(end.finalAzimuth - line.finalAzimuth) < 1e-9)
    }

    @Test func areaOfOneDegreeCell() throws {
        // Reference: GeographicLib Planimeter, cell 0–1° N × 0–1° E on WGS84 = 12,308.778 km².
        let ring = [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 1), Coordinate(x: 0, y: 0)]
        let measure = Geodesic.wgs84.polygon(ring)
        #expect(measure.signedArea > 0, "counter-clockwise ring has positive area")
        let km2 = measure.area / 1e6
        #expect(abs(km2 - 12_308.778) / 12_308.778 < 1e-5) // 0.001 %
        // Same through a GEOS polygon, clockwise this time: area is orientation-free.
        let context = GeometryContext()
        let polygon = try Geometry.polygon(exterior: ring.reversed(), in: context)
        #expect(abs(try Geodesic.wgs84.area(of: polygon) / 1e6 - 12_308.778) / 12_308.778 < 1e-5)
    }

    @Test func polygonWithHoleSubtractsTheHole() throws {
        let context = GeometryContext()
        let outer = [Coordinate(x: 0, y: 0), Coordinate(x: 2, y: 0), Coordinate(x: 2, y: 2), Coordinate(x: 0, y: 2), Coordinate(x: 0, y: 0)]
        let hole = [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 1), Coordinate(x: 0, y: 0)]
            .map { Coordinate(x: $0.x + 0.5, y: $0.y + 0.5) }
        let polygon = try Geometry.polygon(exterior: outer, holes: [hole], in: context)
        let expected = Geodesic.wgs84.polygon(outer).area - Geodesic.wgs84.polygon(hole).area
        #expect(abs(try Geodesic.wgs84.area(of: polygon) - expected) < 1e-3)
    }

    @Test func geodesicCircleVerticesAreAtTheRadius() {
        let center = Coordinate(lon: 9.45, lat: 30.0)
        let ring = Geodesic.wgs84.circle(center: center, radius: 100_000, vertices: 512)
        #expect(ring.count == 513 && ring.first == ring.last)
        for vertex in ring { #expect(abs(Geodesic.wgs84.distance(center, vertex) - 100_000) < 1e-6) }
        #expect(Geodesic.wgs84.polygon(ring).signedArea > 0, "circle ring runs counter-clockwise")
    }
}

/// Coordinate transformations against `cs2cs` and hand-checked cases.
@Suite struct ProjectionTests {
    @Test func utm31RoundTripAndReferenceValue() throws {
        let proj = try ProjContext()
        let toUTM = try Transformer(from: "EPSG:4326", to: "EPSG:32631", context: proj)
        let algiers = Coordinate(lon: 3.0588, lat: 36.7538)
        let projected = try toUTM.transform(algiers)
        // Reference: `echo "36.7538 3.0588" | cs2cs -f %.4f EPSG:4326 EPSG:32631` → 505248.6127 4067562.7829.
        // 1 mm: the printed precision of the reference.
        #expect(abs(projected.x - 505_248.6127) < 1e-3)
        #expect(abs(projected.y - 4_067_562.7829) < 1e-3)
        let back = try toUTM.transform(projected, inverse: true)
        #expect(abs(back.lon - algiers.lon) < 1e-9 && abs(back.lat - algiers.lat) < 1e-9)
        // Hand-checked: on the zone's central meridian (3° E) at the equator, x = 500 000 m (false easting), y = 0.
        let origin = try toUTM.transform(Coordinate(lon: 3, lat: 0))
        #expect(abs(origin.x - 500_000) < 1e-6 && abs(origin.y) < 1e-6)
    }

    @Test func batchTransformMatchesSinglePoints() throws {
        let proj = try ProjContext()
        let toUTM = try Transformer(from: "EPSG:4326", to: "EPSG:32631", context: proj)
        let points = (0..<50).map { Coordinate(lon: 0.5 + Double($0) * 0.1, lat: 20 + Double($0) * 0.3) }
        let batch = try toUTM.transform(points)
        for (point, result) in zip(points, batch) {
            let single = try toUTM.transform(point)
            #expect(single == result)
        }
    }

    @Test func geometryTransformKeepsStructure() throws {
        let context = GeometryContext()
        let proj = try ProjContext()
        let toUTM = try Transformer(from: "EPSG:4326", to: "EPSG:32631", context: proj)
        let polygon = try Geometry(wkt: "POLYGON((2 36, 4 36, 4 37, 2 37, 2 36))", context: context)
        let projected = try toUTM.transform(polygon)
        #expect(projected.type == .polygon)
        let back = try toUTM.transform(projected, inverse: true)
        #expect(try back.symmetricDifference(polygon).area < 1e-12)
    }

    @Test func bufferInAzimuthalEquidistantIsATrueCircle() throws {
        // A 100 km buffer built in the AEQD projection of (30.0 N, 9.45 E): every vertex is
        // 100 km ± 1 m from the centre along the geodesic, and the area matches the
        // geodesic circle polygon's within 0.1 %.
        let context = GeometryContext()
        let proj = try ProjContext()
        let center = Coordinate(lon: 9.45, lat: 30.0)
        let aeqd = try Transformer.azimuthalEquidistant(center: center, context: proj)
        let disc = try Geometry.point(Coordinate(x: 0, y: 0), in: context).buffer(100_000, quadrantSegments: 64)
        let lonLat = try aeqd.transform(disc, inverse: true)
        let ring = try lonLat.rings[0]
        #expect(ring.count >= 257)
        for vertex in ring { #expect(abs(Geodesic.wgs84.distance(center, vertex) - 100_000) < 1.0) }
        let reference = Geodesic.wgs84.polygon(Geodesic.wgs84.circle(center: center, radius: 100_000, vertices: 1024)).area
        let area = try Geodesic.wgs84.area(of: lonLat)
        #expect(abs(area - reference) / reference < 1e-3)
    }

    @Test func unknownCRSIsATypedError() throws {
        let proj = try ProjContext()
        #expect(throws: GeoError.self) { try Transformer(from: "EPSG:4326", to: "EPSG:999999", context: proj) }
    }

    @Test func outOfDomainPointIsATypedError() throws {
        let proj = try ProjContext()
        let toUTM = try Transformer(from: "EPSG:4326", to: "EPSG:32631", context: proj)
        #expect(throws: GeoError.self) { try toUTM.transform(Coordinate(lon: 3, lat: 95)) }
    }
}
