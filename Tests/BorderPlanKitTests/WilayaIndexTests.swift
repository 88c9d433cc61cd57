import Foundation
import Testing
@testable import BorderPlanKit
import Geo

@Suite struct WilayaIndexTests {
    /// One synthetic wilaya, 5–6° E × 35.5–36.5° N, indexed in `context`.
    func squareIndex(_ context: GeometryContext) throws -> WilayaIndex {
        let square = try Geometry.rectangle(Envelope(minX: 5, minY: 35.5, maxX: 6, maxY: 36.5), in: context)
        return try WilayaIndex(codes: ["01"], geometries: [square], context: context)
    }

    /// A crossing 14.8 km east of the wilaya at 36° N with a ±10 km position (snap 5 + 10 km) is
    /// linked to it; the old search box (snap/100 + 0.01 = 0.16°, 14.4 km of longitude there)
    /// never reached the wilaya. At 15.2 km it is beyond the snap and stays unlinked.
    @Test func snapAt36NorthReachesTheFullDistance() throws {
        let context = GeometryContext()
        let geodata = Geodata(directory: geodataDirectory, context: context)
        let knowledge = try KnowledgeBase.load(directory: geodataDirectory, context: context)
        let linker = try KnowledgeLinker(geodata: geodata, knowledge: knowledge, proj: try ProjContext(), wilayaIndex: try squareIndex(context))
        let edge = Coordinate(lon: 6, lat: 36)
        let near = Geodesic.wgs84.direct(from: edge, azimuth: 90, distance: 14_800).coordinate
        #expect(near.lon - 6 > 0.16, "outside the old box")
        let link = try #require(try linker.wilaya(at: near, precisionKm: 10))
        #expect(link.code == "01" && link.method == .nearest)
        // The nearest point of the meridian 6° E is (almost) where the geodesic started: 14.8 km.
        #expect(abs(link.distanceKm - 14.8) < 0.01)
        let far = Geodesic.wgs84.direct(from: edge, azimuth: 90, distance: 15_200).coordinate
        #expect(try linker.wilaya(at: far, precisionKm: 10) == nil)
        #expect(try linker.wilaya(at: Coordinate(lon: 5.5, lat: 36), precisionKm: 10)?.method == .inside)
    }

    /// A GEOS failure inside the clip (an invalid, self-intersecting zone across the wilaya's
    /// edge makes the overlay throw) surfaces as an error, never as an area.
    @Test func overlayFailureIsThrownNotCounted() throws {
        let context = GeometryContext()
        let clipper = WilayaClipper(index: try squareIndex(context))
        let bowTie = try Geometry(wkt: "POLYGON((5.8 35.8, 6.2 36.2, 6.2 35.8, 5.8 36.2, 5.8 35.8))", context: context)
        #expect(try !bowTie.isValid)
        #expect {
            _ = try clipper.split(bowTie)
        } throws: { error in
            guard case let .geos(operation, message)? = error as? GeoError else { return false }
            return operation == "intersection" && message.contains("Self-intersection")
        }
        // The same zone made valid is cut and measured.
        let parts = try clipper.split(try bowTie.makeValid().geometry.polygonalParts())
        #expect(parts.count == 1 && parts[0].code == "01" && parts[0].areaKm2 > 0)
    }

    /// The 0.5° cell shortcut of `wilayaCodes(of:)` names the same wilaya as testing every wilaya
    /// in code order, for seeded random points over Algeria and points within 0.02° of wilaya
    /// boundaries (where cells straddle two wilayas), vertices themselves included.
    @Test func gridShortcutAgreesWithBruteForce() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        var state: UInt64 = 20_261_130
        func random() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var points: [Coordinate] = (0..<4_000).map { _ in Coordinate(lon: -9 + 21 * random(), lat: 18.5 + 19 * random()) }
        for wilaya in data.wilayas {
            let ring = try wilaya.geometry.parts.flatMap { try $0.rings[0] }
            for index in stride(from: 0, to: ring.count, by: max(1, ring.count / 25)) {
                points.append(ring[index])
                points.append(Coordinate(lon: ring[index].lon + (random() - 0.5) * 0.04, lat: ring[index].lat + (random() - 0.5) * 0.04))
            }
        }
        let prepared = try data.wilayas.map { try PreparedGeometry($0.geometry) }
        let bruteForce = try points.map { point in
            let probe = try Geometry.point(point, in: data.context)
            return try prepared.indices.first { try prepared[$0].covers(probe) }.map { data.wilayas[$0].code }
        }
        let shortcut = try data.wilayaCodes(of: points)
        #expect(shortcut == bruteForce)
        // The sample means something: most points fall in Algeria, and in many wilayas.
        #expect(bruteForce.compactMap { $0 }.count > points.count / 2)
        #expect(Set(bruteForce.compactMap { $0 }).count == data.wilayas.count)
    }
}
