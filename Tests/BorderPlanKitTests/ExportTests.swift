import Foundation
import Testing
@testable import BorderPlanKit
import Geo

@Suite(.serialized) struct ExportTests {
    let data: AnalysisData
    let layers: [ExportLayer]
    let plan: PlanResult
    let builder: ExportLayerBuilder

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: 100)
        // The report's plan (K = 3, Morocco left out), so the plan layer goes through every writer too.
        plan = try Planner.run(PlanRequest.layerPlan(radiusKm: 100, k: 3, service: .default, excludePartners: [.MA], scenario: nil, language: .en), data: data)
        builder = ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: .default, radiusKm: 100, plan: plan)
        layers = try builder.layers()
    }

    /// The files `export` checks before any work (`ExportFiles.names`) are the files the writers
    /// write, for every layer and for subsets, in each folder format. Shapefiles: all but the parts
    /// of the mixed `projects` layer, which depend on its features.
    @Test func theFilesNamedBeforeTheWorkAreTheFilesWritten() throws {
        let scratch = try ScratchFolder()
        let subsets: [[ExportLayerKind]] = [[.gaps, .places], [.crossings, .plan, .projects], [.borders]]
        for kinds in [ExportLayerBuilder.allLayers] + subsets {
            let chosen = layers.filter { layer in kinds.contains { $0.rawValue == layer.name } }
            let tables = try builder.tables(kinds)
            let shapefiles = which("ogr2ogr") != nil && kinds.count < 5   // the whole set through ogr2ogr takes long
            for format in [ExportFormat.geojson, .csv] + (shapefiles ? [.shp] : []) {
                let written = try Exporter.write(chosen, tables: tables, format: format, to: scratch.file(UUID().uuidString)).map(\.lastPathComponent)
                let named = ExportFiles.names(kinds, format: format)
                #expect(named.count == Set(named).count && Set(named).isSubset(of: written), "\(format) \(kinds): \(Set(named).subtracting(written))")
                let unnamed = Set(written).subtracting(named)
                #expect(unnamed.allSatisfy { format == .shp && $0.hasPrefix("projects_") }, "\(format) \(kinds): not named \(unnamed)")
            }
        }
        #expect(ExportFiles.names(CompareReport.scenarioLayers, format: .geojson).sorted() == ["catchments.geojson", "crossing_committees.csv", "crossing_committees.csvt",
                "crossing_projects.csv", "crossing_projects.csvt", "crossings.geojson", "gap_wilayas.csv", "gap_wilayas.csvt", "gaps.geojson"])
    }

    /// GDAL's geometry type of each layer (the export's design: one type per layer).
    static let ogrTypes: [String: String] = [
        "wilayas": "Multi Polygon", "neighbours": "Multi Polygon", "borders": "Multi Line String", "crossings": "Point",
        "catchments": "Multi Polygon", "coverage": "Multi Polygon", "places": "Point", "projects": "Unknown (any)",
        "communes": "Multi Polygon", "plan": "Point",
    ]

    /// Features in a geodata file, read as plain JSON (not through BorderPlan's readers).
    static func featureCount(_ file: String) throws -> Int {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent(file))) as? [String: Any]
        return (object?["features"] as? [Any])?.count ?? -1
    }

    /// Projects in projects.json, read as plain JSON: one feature each in the `projects` layer.
    static func projectCount() throws -> Int {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent("projects.json"))) as? [String: Any]
        return (object?["projects"] as? [Any])?.count ?? -1
    }

    /// Border wilayas counted from `border-segments.geojson` by hand: wilayas whose land-border
    /// segments add up to at least 1 km (geodesic, vertex to vertex) — the README's definition.
    static func borderWilayaCount() throws -> Int {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent("border-segments.geojson"))) as? [String: Any]
        var km: [String: Double] = [:]
        for feature in object?["features"] as? [[String: Any]] ?? [] {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard properties["kind"] as? String == "land", let wilaya = properties["wilaya"] as? String,
                  let lines = (feature["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]] else { continue }
            for line in lines {
                for (a, b) in zip(line, line.dropFirst()) {
                    km[wilaya, default: 0] += Geodesic.wgs84.distance(Coordinate(lon: a[0], lat: a[1]), Coordinate(lon: b[0], lat: b[1])) / 1_000
                }
            }
        }
        return km.values.filter { $0 >= 1 }.count
    }

    /// Expected feature count of each layer, from the geodata files themselves: one feature per
    /// wilaya, neighbour, border line, crossing (and its catchment), border wilaya and place.
    static func expectedCounts() throws -> [String: Int] {
        let crossings = try featureCount("crossings.geojson")
        return ["wilayas": try featureCount("wilayas.geojson"), "neighbours": try featureCount("neighbours.geojson"),
                "borders": try featureCount("borders.geojson"), "crossings": crossings, "catchments": crossings,
                "coverage": try borderWilayaCount(), "places": try featureCount("places.geojson"), "projects": try projectCount(),
                "communes": try featureCount("communes.geojson")]
    }

    @Test func layerCountsFollowTheData() throws {
        let counts = try Self.expectedCounts()
        // Independent facts: 69 wilayas since the 2025 reform; seven land neighbours; seven land borders and the coast.
        #expect(counts["wilayas"] == 69 && counts["neighbours"] == 7 && counts["borders"] == 8)
        for layer in layers where counts[layer.name] != nil {
            #expect(layer.features.count == counts[layer.name], "\(layer.name)")
        }
    }

    @Test func geoJSONLayersOpenInGDALWithTheRightCountsAndTypes() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Exporter.write(layers, format: .geojson, to: folder)
        let counts = try Self.expectedCounts()
        #expect(files.count == ExportLayerBuilder.allLayers.count)
        let ogrinfo = try #require(which("ogrinfo"))
        for file in files {
            let layer = file.deletingPathExtension().lastPathComponent
            let result = try run(ogrinfo, ["-ro", "-al", "-so", file.path])
            #expect(result.status == 0 && !result.stderr.contains("Warning") && !result.stderr.contains("ERROR"), "\(layer): \(result.stderr)")
            if let ogrType = Self.ogrTypes[layer], let count = counts[layer] ?? (layer == "plan" ? plan.selected.count : nil) {
                #expect(result.stdout.contains("Feature Count: \(count)\n"), "\(layer)")
                #expect(result.stdout.contains("Geometry: \(ogrType)\n"), "\(layer)")
            } else {
                #expect(result.stdout.contains("Geometry: Line String"), "gaps are lines")
            }
        }
    }

    @Test func everyPolygonRingIsOrientedPerRFC7946AndNoCRSMember() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var polygons = 0
        for file in try Exporter.write(layers, format: .geojson, to: folder) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            #expect(object["crs"] == nil && object["bbox"] != nil)
            for feature in object["features"] as? [[String: Any]] ?? [] {
                #expect(feature["properties"] is [String: Any], "every Feature has properties")
                guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else { continue }
                let polygonList: [[[[Double]]]]
                switch type {
                case "Polygon": polygonList = [geometry["coordinates"] as? [[[Double]]] ?? []]
                case "MultiPolygon": polygonList = geometry["coordinates"] as? [[[[Double]]]] ?? []
                default: continue
                }
                for polygon in polygonList {
                    for (index, ring) in polygon.enumerated() {
                        let coordinates = ring.map { Coordinate(x: $0[0], y: $0[1]) }
                        let area = GeoJSONWriter.signedArea2(coordinates)
                        #expect(index == 0 ? area > 0 : area < 0, "\(file.lastPathComponent) ring \(index) orientation")
                        #expect(coordinates.first == coordinates.last)
                        polygons += 1
                    }
                }
            }
        }
        #expect(polygons > 200)
    }

    @Test func exportsAreByteIdentical() throws {
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        for folder in [a, b] {
            try Exporter.write(layers, format: .geojson, to: folder)
            try Exporter.write(layers, format: .gpkg, to: folder.appendingPathComponent("all.gpkg"))
        }
        for name in ExportLayerBuilder.allLayers.map({ "\($0).geojson" }) + ["all.gpkg"] {
            #expect(try Data(contentsOf: a.appendingPathComponent(name)) == Data(contentsOf: b.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test func geoPackageListsEveryLayerWithoutWarnings() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("borderplan.gpkg")
        try Exporter.write(layers, format: .gpkg, to: file)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".borderplan.gpkg.\(ProcessInfo.processInfo.processIdentifier).tmp").path))
        let ogrinfo = try #require(which("ogrinfo"))
        let list = try run(ogrinfo, ["-ro", file.path])
        #expect(list.status == 0 && list.stderr.isEmpty, "\(list.stderr)")
        // GDAL names a layer's geometry type in brackets, except for the mixed type (projects: points and lines).
        for (index, layer) in ExportLayerBuilder.allLayers.enumerated() {
            #expect(list.stdout.contains("\(index + 1): \(layer)" + (layer == .projects ? "\n" : " (")), "\(layer)")
        }
        let counts = try Self.expectedCounts()
        for (layer, ogrType) in Self.ogrTypes where layer != "plan" {
            let summary = try run(ogrinfo, ["-ro", "-so", file.path, layer])
            #expect(summary.stdout.contains("Feature Count: \(counts[layer] ?? -1)\n") && summary.stdout.contains("Geometry: \(ogrType)\n"), "\(layer)")
        }
        // Read every feature back: geometry blobs and typed attributes parse.
        let all = try run(ogrinfo, ["-ro", "-al", "-q", file.path])
        #expect(all.status == 0 && all.stderr.isEmpty, "\(all.stderr)")
        #expect(all.stdout.contains("open (Integer(Boolean)) = 1"))
        #expect(all.stdout.contains("code (String) = 65"))
    }

    @Test func awkwardNamesSurviveEveryWriter() throws {
        let context = data.context
        let name = "O'Hara \"<x>\" & عين قزام"
        let layer = ExportLayer(name: "odd", description: name, geometryType: "POINT", columns: [ExportColumn("name", .text)],
                                features: [OutputFeature(id: name, geometry: try .point(Coordinate(lon: 3, lat: 30), in: context), properties: [JSONMember("name", .string(name))])])
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Exporter.write([layer], format: .geojson, to: folder)
        try Exporter.write([layer], format: .gpkg, to: folder.appendingPathComponent("odd.gpkg"))
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("odd.geojson"))) as? [String: Any]
        let properties = (object?["features"] as? [[String: Any]])?.first?["properties"] as? [String: String]
        #expect(properties?["name"] == name)
        let ogrinfo = try #require(which("ogrinfo"))
        let read = try run(ogrinfo, ["-ro", "-al", "-q", folder.appendingPathComponent("odd.gpkg").path])
        #expect(read.stdout.contains(name))
        #expect(HTML.escape(name) == "O&apos;Hara &quot;&lt;x&gt;&quot; &amp; عين قزام")
    }
}

@Suite struct ReportTests {
    @Test func reportHoldsEveryBorderWilayaAndCrossing() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = ReportOptions()
        options.asOf = PartialDate("2026-11-30")!
        options.maxK = 2
        var stages: [String] = []
        let index = try ReportBuilder(data: data, options: options, progress: { stages.append($0) }).write(to: folder)
        let html = try String(contentsOf: index, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for code in data.borderWilayaCodes { #expect(html.contains(">\(code)<"), "wilaya \(code)") }
        for crossing in data.knowledge.crossings { #expect(html.contains(">\(crossing.id)<"), "crossing \(crossing.id)") }
        #expect(externalResources(in: html).isEmpty, "no external resources are loaded: \(externalResources(in: html))")
        #expect(stages.count >= 5 && stages.allSatisfy { $0.hasSuffix(" s") })
        for layer in ExportLayerBuilder.allLayers {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("exports/\(layer).geojson").path))
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("exports/borderplan.gpkg").path))
    }
}

/// What in `html` would make a browser fetch something: `src`/`href` values with a scheme or
/// starting with `//`, `<script>`, `<link>`, CSS `@import` and `url(` with a scheme, and any
/// `http(s)://` that is not an XML namespace name (`xmlns="http://www.w3.org/2000/svg"`, never fetched).
func externalResources(in html: String) -> [String] {
    func matches(_ pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return ["bad pattern \(pattern)"] }
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { Range($0.range, in: html).map { String(html[$0]) } }
    }
    let namespaces = matches(#"xmlns(:\w+)?="https?://[^"]*""#).count
    let urls = matches(#"https?://"#).count
    // Inline scripts are allowed (the maps' click-to-zoom), scripts from a file or fetching anything are not.
    return matches(#"\b(src|href)\s*=\s*["']?\s*([a-z][a-z0-9+.-]*:|//)"#)
        + matches(#"<script[^>]*\ssrc\b|<link|@import|url\(\s*["']?\s*([a-z]+:|//)|\bfetch\(|XMLHttpRequest|\bimport\("#)
        + (urls > namespaces ? ["\(urls - namespaces) http(s):// outside namespace names"] : [])
}

@Suite struct ReportWithMapsTests {
    @Test func htmlTreeEscapesTextAndAttributesByConstruction() {
        let awkward = "x\"><script>alert('&')</script>"
        let node = HTMLNode.el("p", ["title": awkward], [.text(awkward), .el("b", text: "عين قزام"), .trusted("<br>")])
        #expect(node.render() == "<p title=\"x&quot;&gt;&lt;script&gt;alert(&apos;&amp;&apos;)&lt;/script&gt;\">"
            + "x&quot;&gt;&lt;script&gt;alert(&apos;&amp;&apos;)&lt;/script&gt;<b>عين قزام</b><br></p>")
        let table = Table(title: awkward, columns: [.init("a <b>"), .init("n", numeric: true)], rows: [[awkward, "1"]], notes: ["<i>"]).htmlNode().render()
        #expect(!table.contains("<script") && !table.contains("<b>") && !table.contains("<i>"))
        #expect(table.hasPrefix("<table><caption>x&quot;&gt;&lt;script&gt;") && table.contains("<td class=\"num\">1</td>"))
    }

    @Test func theExternalResourceCheckBites() {
        #expect(externalResources(in: ##"<p>x</p><svg xmlns="http://www.w3.org/2000/svg"></svg><a href="#plan">p</a><a href="exports/a.geojson">a</a>"##).isEmpty)
        for page in [#"<img src="https://example.org/a.png">"#, #"<a href="http://example.org">x</a>"#, #"<link rel="stylesheet" href="a.css">"#,
                     #"<script>fetch(1)</script>"#, #"<script src="zoom.js"></script>"#, #"<style>@import 'x.css';</style>"#, #"<div style="background:url(//cdn/x.png)">"#, "see http://example.org"] {
            #expect(!externalResources(in: page).isEmpty, "\(page)")
        }
    }

    /// `borderplan report` as the CLI builds it (through `makeReportBuilder`, maps included).
    @Test func reportThroughTheFactoryHasBothMapsDrawnFromItsCoverage() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = ReportOptions()
        options.asOf = PartialDate("2026-11-30")!
        options.maxK = 1
        var stages: [String] = []
        let index = try makeReportBuilder(data: data, options: options, progress: { stages.append($0) }).write(to: folder)
        let html = try String(contentsOf: index, encoding: .utf8)
        #expect(stages.contains { $0.hasPrefix("maps ") })
        #expect(externalResources(in: html).isEmpty, "\(externalResources(in: html))")
        let figures = html.components(separatedBy: "<figure class=\"map\">").dropFirst()
        #expect(figures.count == 2)
        var probes: [SVGProbe] = []
        for figure in figures {
            let end = try #require(figure.range(of: "</svg>"))
            #expect(figure.hasPrefix("<svg"), "the XML declaration is stripped")
            probes.append(try #require(SVGProbe.parse(String(figure[..<end.upperBound])), "an inline map is not well-formed XML"))
            #expect(figure[end.upperBound...].hasPrefix("<figcaption>"))
        }
        // The coverage map (second) shows one disc per open crossing and one gap per gap of the
        // coverage, counted here from the knowledge base and a coverage run of our own.
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let openCount = sites.filter(Service.default.serves).count
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: 100)
        let coverageMap = try #require(probes.last)
        let discs = try #require(coverageMap.elements.firstIndex { $0.attributes["id"] == "discs" })
        // One filled union, and one thin rim per disc.
        #expect(coverageMap.elements.filter { $0.name == "path" && $0.parent == discs && $0.attributes["class"] == "disc" }.count == openCount)
        #expect(coverageMap.elements.filter { $0.name == "path" && $0.parent == discs && $0.attributes["class"] == "disc-union" }.count == 1)
        #expect(coverageMap.elements.filter { $0.attributes["class"] == "gap" }.count == coverage.gaps.count)
        #expect(probes.first?.element(id: "discs") == nil, "the overview has no discs")
    }
}
