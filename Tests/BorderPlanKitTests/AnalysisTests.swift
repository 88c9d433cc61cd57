import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// A synthetic geodata folder: one square wilaya "01" (0–1° E × 0–1° N) whose east side is
/// the land border with "TN", one crossing on that border at (1° E, 0.5° N), two places.
enum SyntheticGeodata {
    static func write(crossings: [(id: String, lat: Double, lon: Double, status: String)] = [("east", 0.5, 1.0, "open")]) throws -> URL {
        let folder = try temporaryDirectory()
        let context = GeometryContext()
        let square = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1), in: context)
        let east = try Geometry.lineString([Coordinate(lon: 1, lat: 0), Coordinate(lon: 1, lat: 1)], in: context)
        let eastKm = Geodesic.wgs84.distance(Coordinate(lon: 1, lat: 0), Coordinate(lon: 1, lat: 1)) / 1_000
        let multi = try Geometry.collection(.multiLineString, [east], in: context)
        func write(_ name: String, _ features: [OutputFeature]) throws {
            try writeAtomically(try GeoJSONWriter.featureCollection(features), to: folder.appendingPathComponent(name))
        }
        try write(GeodataFile.wilayas, [OutputFeature(id: "01", geometry: square, properties: [
            JSONMember("code", "01"), JSONMember("name_ar", "مربع"), JSONMember("name_fr", "Carré"), JSONMember("name_en", "Square"),
            JSONMember("osm_id", 1), JSONMember("area_km2", .number(try Geodesic.wgs84.area(of: square) / 1e6, decimals: 3)),
            JSONMember("parent", nil), JSONMember("created", nil)])])
        try write(GeodataFile.borders, [OutputFeature(id: "TN", geometry: multi, properties: [
            JSONMember("kind", "land"), JSONMember("country", "TN"), JSONMember("name_ar", "تونس"), JSONMember("name_fr", "Tunisie"),
            JSONMember("name_en", "Tunisia"), JSONMember("length_km", .number(eastKm, decimals: 3)),
            JSONMember("wilayas", .array([.object(["code": "01", "length_km": .number(eastKm, decimals: 3)])]))])])
        try write(GeodataFile.borderSegments, [OutputFeature(id: "TN-01", geometry: multi, properties: [
            JSONMember("kind", "land"), JSONMember("country", "TN"), JSONMember("wilaya", "01"), JSONMember("length_km", .number(eastKm, decimals: 3))])])
        let places: [(Int, String, Double, Double, Int)] = [(1, "Near", 0.9, 0.5, 1_000), (2, "Far", 0.1, 0.5, 500)]
        try write(GeodataFile.places, try places.map { id, name, lon, lat, population in
            OutputFeature(id: String(id), geometry: try .point(Coordinate(lon: lon, lat: lat), in: context), properties: [
                JSONMember("geonameid", .int(id)), JSONMember("name", .string(name)), JSONMember("name_ar", nil),
                JSONMember("population", .int(population)), JSONMember("wilaya", "01"), JSONMember("wilaya_method", "inside")])
        })
        try write(KnowledgeBase.crossingsFile, try crossings.map { crossing in
            OutputFeature(id: crossing.id, geometry: try .point(Coordinate(lon: crossing.lon, lat: crossing.lat), in: context), properties: [
                JSONMember("id", .string(crossing.id)), JSONMember("name_ar", .string(crossing.id)), JSONMember("name_fr", .string(crossing.id)), JSONMember("name_en", .string(crossing.id)),
                JSONMember("partner", "TN"), JSONMember("kind", "road"), JSONMember("algerian_town", nil), JSONMember("partner_town", nil), JSONMember("status", .string(crossing.status)), JSONMember("traffic", .array([.string("travellers"), .string("goods")])), JSONMember("regime", "permanent"),
                JSONMember("status_note", nil), JSONMember("official", true), JSONMember("precision_km", 1), JSONMember("coordinate_source", "synthetic"),
                JSONMember("document_partner", nil), JSONMember("history", .array([])),
                JSONMember("sources", .array([.object(["title": "synthetic", "date": nil, "url": nil])])), JSONMember("notes", nil)])
        })
        try writeAtomically(#"{"projects":[]}"#, to: folder.appendingPathComponent(KnowledgeBase.projectsFile))
        try writeAtomically(#"{"committees":[]}"#, to: folder.appendingPathComponent(KnowledgeBase.committeesFile))
        return folder
    }
}

@Suite struct CatchmentTests {
    @Test func discAreaMatchesAGeodesicCirclePolygon() throws {
        // Reference: the geodesic area of a 1,024-point circle built with the direct problem.
        let catchments = Catchments(context: GeometryContext(), proj: try ProjContext())
        for (lat, lon, radius) in [(30.0, 9.45, 100.0), (19.45, 5.79, 200.0), (36.9, 8.63, 50.0)] {
            let center = Coordinate(lon: lon, lat: lat)
            let disc = try catchments.disc(center: center, radiusKm: radius)
            #expect(try disc.rings[0].count >= 4 * Catchments.quadrantSegments)
            let reference = Geodesic.wgs84.polygon(Geodesic.wgs84.circle(center: center, radius: radius * 1_000, vertices: 1024)).area
            let area = try Geodesic.wgs84.area(of: disc)
            #expect(abs(area - reference) / reference < 0.0005, "disc at \(lat), \(lon), R \(radius)")
            for vertex in try disc.rings[0] { #expect(abs(Geodesic.wgs84.distance(center, vertex) - radius * 1_000) < 1) }
        }
    }

    @Test func serviceAreasSplitAtTheGeodesicBisector() throws {
        // Two crossings on a 1° square; reference bisector: for each latitude, the longitude where the
        // geodesic distances to both are equal, found by bisection on the distances alone.
        let context = GeometryContext()
        let catchments = Catchments(context: context, proj: try ProjContext())
        let a = Coordinate(lon: 0.2, lat: 0.3), b = Coordinate(lon: 0.9, lat: 0.8)
        let square = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1), in: context)
        let cellA = try catchments.serviceArea(of: a, others: [b]).intersection(square)
        let cellB = try catchments.serviceArea(of: b, others: [a]).intersection(square)
        // Together they tile the square (overlap and gap below 0.1 %).
        let squareArea = try Geodesic.wgs84.area(of: square)
        #expect(abs(try Geodesic.wgs84.area(of: cellA) + Geodesic.wgs84.area(of: cellB) - squareArea) / squareArea < 0.001)
        let boundary = try cellA.boundary()
        for step in 1..<20 {
            let lat = Double(step) / 20
            var low = -1.0, high = 2.0
            for _ in 0..<80 {
                let mid = (low + high) / 2
                let p = Coordinate(lon: mid, lat: lat)
                if Geodesic.wgs84.distance(p, a) < Geodesic.wgs84.distance(p, b) { low = mid } else { high = mid }
            }
            let onBisector = Coordinate(lon: (low + high) / 2, lat: lat)
            guard onBisector.lon > 0.01, onBisector.lon < 0.99 else { continue }
            let km = try GeodesicDistance(proj: catchments.proj).distance(from: onBisector, to: boundary) / 1_000
            #expect(km < 1, "bisector at latitude \(lat) is \(km) km from the dividing line")
        }
    }
}

@Suite struct CoverageTests {
    @Test func syntheticSquareHandComputed() throws {
        let folder = try SyntheticGeodata.write()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try AnalysisData(directory: folder, demandModel: .places)  // the fixture has places, no communes
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let result = try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: 50)
        let square = try #require(result.wilayas.first)
        // Area: the 1° cell at the equator is 12,308.778 km² (GeographicLib). The crossing sits on the
        // east side, a meridian (a geodesic), so half its 50 km disc is inside: π·50²/2 = 3,926.99 km².
        // 0.2 % covers the 256-vertex disc and the ellipsoid's curvature over 50 km.
        #expect(abs(square.areaKm2 - 12_308.778) < 0.01)
        #expect(abs(square.coveredAreaKm2 - 3_926.99) / 3_926.99 < 0.002)
        #expect(abs(square.areaPercent - 3_926.99 / 12_308.778 * 100) < 0.1)
        // Population: "Near" (11 km away) is covered, "Far" (89 km) is not: 1,000 of 1,500.
        #expect(square.population == 1_500 && square.coveredPopulation == 1_000)
        // Border: the east side, 110.574 km; edges whose midpoint is within 50 km: 100 km ± 1 km (edges ≤ 1 km).
        #expect(abs(square.borderKm - 110.574) < 0.01)
        #expect(abs(square.coveredBorderKm - 100) < 1.0)
        // Gaps: the two ends of the side, ~5.3 km each, together borderKm − covered.
        #expect(result.gaps.count == 2)
        #expect(abs(result.gaps.reduce(0) { $0 + $1.lengthKm } - (square.borderKm - square.coveredBorderKm)) < 0.01)
        #expect(result.gaps.allSatisfy { $0.border == .TN && $0.wilayas == ["01"] })
        // Nearest open crossing from the main town ("Near", 0.1° west of it: 11.13 km).
        #expect(square.nearestCrossing?.id == "east")
        #expect(abs((square.nearestCrossing?.distanceKm ?? 0) - 11.132) < 0.01)
    }

    @Test func coverageJSONContract() throws {
        let folder = try SyntheticGeodata.write(crossings: [("east", 0.5, 1.0, "open"), ("shut", 0.9, 1.0, "closed")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try AnalysisData(directory: folder, demandModel: .places)  // the fixture has places, no communes
        let result = try CoverageAnalysis(data: data).run(sites: Scenario.sites(data.knowledge, scenario: nil), service: .default, radiusKm: 50)
        let text = CoverageReport.render(result, data: data, format: .json, language: .en)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["radius_km", "demand_model", "service", "open", "wilayas", "gaps"])
        #expect(object["demand_model"] as? String == "places")
        #expect(object["open"] as? [String] == ["east"], "closed crossings are not open")
        let wilaya = try #require((object["wilayas"] as? [[String: Any]])?.first)
        #expect(Set(wilaya.keys) == ["code", "name", "borders", "area_km2", "covered_area_km2", "area_pct", "population", "covered_population",
                                     "population_pct", "border_km", "covered_border_km", "border_pct", "nearest_crossing"])
        let gap = try #require((object["gaps"] as? [[String: Any]])?.first)
        #expect(Set(gap.keys) == ["border", "length_km", "wilayas"])
    }

    @Test func scenarioOpensAClosedCrossing() throws {
        let folder = try SyntheticGeodata.write(crossings: [("east", 0.5, 1.0, "closed")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try AnalysisData(directory: folder, demandModel: .places)  // the fixture has places, no communes
        let analysis = CoverageAnalysis(data: data)
        let baseline = try analysis.run(sites: Scenario.sites(data.knowledge, scenario: nil), service: .default, radiusKm: 50)
        #expect(baseline.open.isEmpty && baseline.wilayas[0].coveredBorderKm == 0)
        #expect(baseline.wilayas[0].populationPercent == 0)
        let reopened = try analysis.run(sites: Scenario.sites(data.knowledge, scenario: Scenario(name: "reopen", statusOverrides: ["east": .open])),
                                        service: .default, radiusKm: 50)
        #expect(reopened.open == ["east"] && reopened.wilayas[0].coveredPopulation == 1_000)
    }
}

@Suite struct ScenarioFileTests {
    let scratch: ScratchFolder
    init() throws { scratch = try ScratchFolder() }

    func load(_ json: String) throws -> Scenario {
        let data = try AnalysisData(directory: geodataDirectory)
        let url = scratch.file("what-if.json")
        try writeAtomically(json, to: url)
        return try Scenario.load(url, linker: data.linker, proj: data.proj)
    }

    func expectError(_ json: String, _ parts: [String]) {
        #expect {
            _ = try load(json)
        } throws: { error in
            let text = "\(error)"
            return error is DataError && text.contains("what-if.json") && parts.allSatisfy { text.contains($0) }
        }
    }

    @Test func validScenario() throws {
        let scenario = try load(#"{"name":"reopen Debdeb","status":{"debdeb":"open"},"add":[{"id":"new-1","name":"Near Ghadames","lat":30.02,"lon":9.47,"partner":"LY"}]}"#)
        #expect(scenario.name == "reopen Debdeb" && scenario.statusOverrides == ["debdeb": .open] && scenario.additions.count == 1)
    }

    @Test func badEntriesAreNamed() {
        expectError(#"{"status":{"debdb":"open"}}"#, ["status entry 'debdb'", "closest: debdeb"])
        expectError(#"{"status":{"debdeb":"half-open"}}"#, ["field 'status.debdeb'", "'half-open' is not one of open, closed, planned, suspended"])
        expectError(#"{"add":[{"id":"n","lat":95,"lon":9,"partner":"LY"}]}"#, ["add[0] (id 'n')", "field 'lat'"])
        expectError(#"{"add":[{"id":"n","lat":30,"lon":190,"partner":"LY"}]}"#, ["add[0] (id 'n')", "field 'lon'"])
        expectError(#"{"add":[{"id":"n","lat":32.49,"lon":3.67,"partner":"LY"}]}"#, ["add[0] (id 'n')", "km from the nearest land border"])
        expectError(#"{"add":[{"id":"debdeb","lat":30,"lon":9.45,"partner":"LY"}]}"#, ["already used"])
        expectError(#"{"add":[{"id":"n","lat":"north","lon":9,"partner":"LY"}]}"#, ["add[0] (id 'n')", "field 'lat'"])
        expectError("", ["empty"])
    }
}

@Suite struct DistanceTests {
    @Test func endpointsResolveAndMatchGeographicLib() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        let a = try Endpoint.resolve("36.7538,3.0588", data: data, language: .en)
        let b = try Endpoint.resolve("22.785, 5.5228", data: data, language: .en)
        let text = DistanceReport.render(from: a, to: b, format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        // GeographicLib: 1566.509544 km, azimuths 170.612842° and −8.154437° (PROJ geod -I).
        #expect(abs((object["distance_km"] as? Double ?? 0) - 1566.510) < 0.0005)
        #expect(abs((object["azimuth_deg"] as? Double ?? 0) - 170.612842) < 1e-6)
        #expect(abs((object["back_azimuth_deg"] as? Double ?? 0) - -8.154437) < 1e-6)
        #expect(try Endpoint.resolve("debdeb", data: data, language: .en).kind == "crossing")
        #expect(try Endpoint.resolve("33", data: data, language: .en).kind == "wilaya")
        #expect(try Endpoint.resolve("Béjaïa", data: data, language: .en).id == "06")
        #expect(throws: UnknownIdentifier.self) { try Endpoint.resolve("95,3", data: data, language: .en) }
        #expect(throws: UnknownIdentifier.self) { try Endpoint.resolve("Atlantis", data: data, language: .en) }
    }
}
