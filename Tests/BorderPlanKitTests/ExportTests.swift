import Foundation
import Testing
@testable import BorderPlanKit
import Geo

@Suite(.serialized) struct ExportTests {
    let data: AnalysisData
    let layers: [ExportLayer]

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, open: .default, radiusKm: 100)
        layers = try ExportLayerBuilder(data: data, coverage: coverage, sites: sites, open: .default, radiusKm: 100).layers()
    }

    /// Feature counts and GDAL geometry types per layer; crossings and projects counted from the
    /// shipped knowledge base (one catchment per crossing), the rest fixed by the geodata.
    var expected: [String: (count: Int, ogrType: String)] {
        let crossings = data.knowledge.crossings.count
        return [
            "wilayas": (69, "Multi Polygon"), "neighbours": (7, "Multi Polygon"), "borders": (8, "Multi Line String"),
            "crossings": (crossings, "Point"), "catchments": (crossings, "Multi Polygon"), "coverage": (18, "Multi Polygon"),
            "places": (348, "Point"), "projects": (data.knowledge.projects.count, "Unknown (any)"),
        ]
    }

    @Test func geoJSONLayersOpenInGDALWithTheRightCountsAndTypes() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Exporter.write(layers, format: .geojson, to: folder)
        #expect(files.count == ExportLayerBuilder.allLayers.count)
        let ogrinfo = try #require(which("ogrinfo"))
        for file in files {
            let layer = file.deletingPathExtension().lastPathComponent
            let result = try run(ogrinfo, ["-ro", "-al", "-so", file.path])
            #expect(result.status == 0 && !result.stderr.contains("Warning") && !result.stderr.contains("ERROR"), "\(layer): \(result.stderr)")
            if let expected = expected[layer] {
                #expect(result.stdout.contains("Feature Count: \(expected.count)\n"), "\(layer)")
                #expect(result.stdout.contains("Geometry: \(expected.ogrType)\n"), "\(layer)")
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
            #expect(list.stdout.contains("\(index + 1): \(layer)" + (layer == "projects" ? "\n" : " (")), "\(layer)")
        }
        for (layer, expected) in expected {
            let summary = try run(ogrinfo, ["-ro", "-so", file.path, layer])
            #expect(summary.stdout.contains("Feature Count: \(expected.count)\n") && summary.stdout.contains("Geometry: \(expected.ogrType)\n"), "\(layer)")
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
        #expect(!html.contains("http://") || html.contains("<a"), "no external resources are loaded")
        #expect(!html.contains("<script src") && !html.contains("<link"))
        #expect(stages.count >= 5 && stages.allSatisfy { $0.hasSuffix(" s") })
        for layer in ExportLayerBuilder.allLayers {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("exports/\(layer).geojson").path))
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("exports/borderplan.gpkg").path))
    }
}
