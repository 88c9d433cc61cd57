import Foundation
import GRDB
import Testing
@testable import BorderPlanKit
import Geo

/// The GIS interop of the exports: QGIS styles and project, flat attribute tables, one type per
/// field across formats, the Shapefile and CSV exports — checked through GDAL and SQLite.
@Suite(.serialized) struct GISExportTests {
    let layers: [ExportLayer]
    let tables: [ExportTable]
    let folder: URL
    let gpkg: URL

    /// One export for the whole (serialized) suite: building it takes most of a test's time.
    final class Fixture: @unchecked Sendable {
        let layers: [ExportLayer]
        let tables: [ExportTable]
        let scratch = try? ScratchFolder()

        init() throws {
            let data = try AnalysisData(directory: geodataDirectory)
            let sites = Scenario.sites(data.knowledge, scenario: nil)
            let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .travellers, radiusKm: 100)
            let plan = try Planner.run(PlanRequest.layerPlan(radiusKm: 100, k: 2, service: .travellers, excludePartners: [.MA], scenario: nil, language: .fr), data: data)
            let builder = ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: .travellers, radiusKm: 100, language: .fr, plan: plan)
            layers = try builder.layers()
            tables = try builder.tables()
            let folder = try #require(scratch).url
            try Exporter.write(layers, tables: tables, format: .gpkg, to: folder.appendingPathComponent("gpkg/borderplan.gpkg"), asOf: PartialDate("2026-11-30"))
            try Exporter.write(layers, tables: tables, format: .geojson, to: folder.appendingPathComponent("geojson"))
        }

        nonisolated(unsafe) static var cached: Fixture?
        static func shared() throws -> Fixture {
            if let cached { return cached }
            let fixture = try Fixture()
            cached = fixture
            return fixture
        }
    }

    init() throws {
        let fixture = try Fixture.shared()
        layers = fixture.layers
        tables = fixture.tables
        folder = try #require(fixture.scratch).url
        gpkg = folder.appendingPathComponent("gpkg/borderplan.gpkg")
    }

    /// Field name → GDAL type ("String", "Real", "Integer(Boolean)", "Date", …) from `ogrinfo -so`.
    static func ogrFieldTypes(_ arguments: [String]) throws -> [String: String] {
        let ogrinfo = try #require(which("ogrinfo"))
        let result = try run(ogrinfo, ["-ro", "-so"] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        var types: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].contains(" "), let open = parts[1].firstIndex(of: " ") ?? Optional(parts[1].endIndex),
                  parts[1].hasSuffix(")") || parts[1].contains("(") else { continue }
            types[parts[0]] = String(parts[1][..<open])
        }
        return types
    }

    @Test func everyLayerHasADefaultQGISStyleInQMLAndSLD() throws {
        let queue = try DatabaseQueue(path: gpkg.path)
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, update_time FROM layer_styles ORDER BY id")
        }
        #expect(rows.map { $0["f_table_name"] as String } == layers.map(\.name))
        let expectedRenderer = ["borders": "categorizedSymbol", "crossings": "RuleRenderer", "coverage": "graduatedSymbol", "gaps": "singleSymbol",
                                "communes": "RuleRenderer", "plan": "categorizedSymbol"]
        for row in rows {
            let name: String = row["f_table_name"]
            #expect(row["useAsDefault"] as Int == 1 && row["f_geometry_column"] as String == "geom" && row["update_time"] as String == "2026-11-30T00:00:00.000Z")
            let qml = try #require(SVGProbe.parse(row["styleQML"]), "\(name): the QML is not well-formed XML")
            let sld = try #require(SVGProbe.parse(row["styleSLD"]), "\(name): the SLD is not well-formed XML")
            #expect(qml.elements.first?.name == "qgis" && sld.elements.first?.name == "StyledLayerDescriptor", "\(name)")
            let renderer = qml.elements.first { $0.name == "renderer-v2" }?.attributes["type"]
            if let expected = expectedRenderer[name] { #expect(renderer == expected, "\(name)") }
            // Every symbol of the QML is one rule of the SLD.
            #expect(qml.elements.filter { $0.name == "symbol" }.count == sld.elements.filter { $0.name == "se:Rule" }.count, "\(name)")
        }
        // GDAL sees layer_styles as a table (QGIS finds it through OGR) and reads it without a warning.
        let ogrinfo = try #require(which("ogrinfo"))
        let listing = try run(ogrinfo, ["-ro", "-so", gpkg.path, "layer_styles"])
        #expect(listing.status == 0 && listing.stderr.isEmpty && listing.stdout.contains("Feature Count: \(layers.count)\n"), "\(listing.stderr)")
    }

    /// The borders' QML colours are the maps' colours (the SVG's stroke of each border line).
    @Test func borderColoursInTheStyleAreTheMapsColours() throws {
        let style = try #require(LayerStyles.style(for: "borders"))
        let qml = try #require(SVGProbe.parse(StyleXML.qml(style)))
        let categories = qml.elements.filter { $0.name == "category" }
        let colours = qml.elements.filter { $0.attributes["name"] == "line_color" }.compactMap { $0.attributes["value"] }
        #expect(categories.count == 8 && colours.count == 8)
        // Tunisia: ColorBrewer Dark2's orange #d95f02 = 217,95,2 (the README's overview map).
        let tunisia = try #require(categories.firstIndex { $0.attributes["value"] == "TN" })
        #expect(colours[tunisia] == "217,95,2,255")
        // The catch-all category (coast) is last, with value "".
        #expect(categories.last?.attributes["value"] == "" && categories.last?.attributes["label"] == "coast")
    }

    @Test func qgisProjectGroupsTheLayersAndPointsAtTheGeoPackage() throws {
        let text = try String(contentsOf: gpkg.deletingLastPathComponent().appendingPathComponent("borderplan.qgs"), encoding: .utf8)
        let project = try #require(SVGProbe.parse(text))
        let groups = project.elements.filter { $0.name == "layer-tree-group" && $0.attributes["name"] != nil }.compactMap { $0.attributes["name"] }
        #expect(groups == ["plan", "places", "crossings", "analysis", "borders", "base"])
        let treeLayers = project.elements.filter { $0.name == "layer-tree-layer" }
        #expect(Set(treeLayers.compactMap { $0.attributes["name"] }) == Set(layers.map(\.name)))
        #expect(treeLayers.allSatisfy { $0.attributes["source"] == "./borderplan.gpkg|layername=\($0.attributes["name"] ?? "")" })
        #expect(project.elements.filter { $0.name == "maplayer" }.count == layers.count)
    }

    @Test func flatTablesAddUpToTheLayersFigures() throws {
        let queue = try DatabaseQueue(path: gpkg.path)
        try queue.read { db in
            let kinds = try Row.fetchAll(db, sql: "SELECT table_name, data_type, srs_id FROM gpkg_contents WHERE data_type = 'attributes' ORDER BY table_name")
            #expect(kinds.map { $0["table_name"] as String } == (ExportLayerBuilder.tableNames + ["layer_styles"]).sorted())
            // Border lengths per wilaya add up to the border's length: 3-decimal rounding of at most ~20 rows, 0.1 km is ample.
            let sums = try Row.fetchAll(db, sql: """
                SELECT b.country AS country, b.length_km AS length, SUM(t.length_km) AS total, COUNT(*) AS n
                FROM borders b JOIN border_wilaya_lengths t ON t.border = coalesce(b.country, 'coast') GROUP BY b.fid
                """)
            #expect(sums.count == 8)
            for row in sums { #expect(abs((row["length"] as Double) - (row["total"] as Double)) < 0.1, "\(row)") }
            // Every gap has its wilayas, each a wilaya of the layer, and no cell holds two values.
            let orphans = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM gaps g WHERE NOT EXISTS (SELECT 1 FROM gap_wilayas w WHERE w.gap_id = g.id)")
            let unknown = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM gap_wilayas w WHERE NOT EXISTS (SELECT 1 FROM wilayas x WHERE x.code = w.wilaya_code)")
            #expect(orphans == 0 && unknown == 0)
            let packed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM gap_wilayas WHERE wilaya_code LIKE '% %' OR gap_id LIKE '% %'")
            #expect(packed == 0)
        }
        // One row per project and crossing it concerns (`crossing` and `other_crossings` of projects.json, read as plain JSON).
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent("projects.json"))) as? [String: Any]
        let crossingIDs = Set(try #require(layers.first { $0.name == "crossings" }).features.compactMap(\.id))
        let expected = (object?["projects"] as? [[String: Any]] ?? []).map { project in
            Set([project["crossing"] as? String ?? ""] + (project["other_crossings"] as? [String] ?? [])).intersection(crossingIDs).count
        }.reduce(0, +)
        #expect(tables.first { $0.name == "crossing_projects" }?.rows.count == expected && expected > 0)
        // The GeoJSON export carries the same tables as CSV, which GDAL reads with their types.
        let types = try Self.ogrFieldTypes([folder.appendingPathComponent("geojson/border_wilaya_lengths.csv").path, "border_wilaya_lengths"])
        #expect(types["length_km"] == "Real" && types["wilaya_code"] == "String", "\(types)")
    }

    @Test func everyFieldHasTheSameTypeInGeoJSONAndTheGeoPackage() throws {
        var compared = 0
        for layer in layers {
            let geojson = try Self.ogrFieldTypes(["-al", folder.appendingPathComponent("geojson/\(layer.name).geojson").path])
            let geopackage = try Self.ogrFieldTypes([gpkg.path, layer.name])
            for column in layer.columns {
                // A column without a single value carries no type in GeoJSON: GDAL reads it as String
                // (e.g. plan.cost_dzd when no chosen option has a known cost). The GeoPackage keeps it.
                let values = layer.features.compactMap { $0.properties.first { $0.key == column.name }?.value }
                if values.allSatisfy({ $0 == .null }) {
                    let declared: [ExportColumn.Kind: String] = [.text: "String", .integer: "Integer", .real: "Real", .boolean: "Integer(Boolean)", .date: "Date"]
                    #expect(geojson[column.name] == "String" && geopackage[column.name] == declared[column.kind], "\(layer.name).\(column.name)")
                    continue
                }
                #expect(geojson[column.name] != nil && geojson[column.name] == geopackage[column.name],
                        "\(layer.name).\(column.name): GeoJSON \(geojson[column.name] ?? "-") vs GeoPackage \(geopackage[column.name] ?? "-")")
                compared += 1
            }
        }
        #expect(compared > 80)
        let crossings = try Self.ogrFieldTypes([gpkg.path, "crossings"])
        #expect(crossings["precision_km"] == "Real" && crossings["last_event_day"] == "Date" && crossings["last_event_date_precision"] == "String")
        let wilayas = try Self.ogrFieldTypes([gpkg.path, "wilayas"])
        #expect(wilayas["population_pct"] == "Real" && wilayas["population"] == "Integer")
    }

    /// The as-of date is an input: the same inputs give the same GeoPackage and project, byte for byte;
    /// another as-of date changes `last_change`.
    @Test func sameInputsGiveTheSameBytes() throws {
        var outputs: [[Data]] = []
        for (name, date) in [("a", "2026-11-30"), ("b", "2026-11-30"), ("c", "2025-01-15")] {
            let files = try Exporter.write(layers, tables: tables, format: .gpkg, to: folder.appendingPathComponent("same-\(name)/borderplan.gpkg"), asOf: PartialDate(date))
            outputs.append(try files.map { try Data(contentsOf: $0) })
        }
        #expect(outputs[0] == outputs[1] && outputs[0][0] != outputs[2][0])
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("same-c/borderplan.gpkg").path)
        let changes = try queue.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT last_change FROM gpkg_contents") }
        #expect(changes == ["2025-01-15T00:00:00.000Z"])
    }

    @Test func nameFieldFollowsTheLanguage() throws {
        let wilayas = try #require(layers.first { $0.name == "wilayas" })
        for feature in wilayas.features {
            let values = Dictionary(uniqueKeysWithValues: feature.properties.map { ($0.key, $0.value) })
            #expect(values["name"] == values["name_fr"] && values["name_ar"] != nil && values["name_en"] != nil)
        }
    }

    /// A DBF's records as text fields by name (dBASE III: header, 32-byte field descriptors, fixed-width records).
    static func dbfRecords(_ data: Data) -> [[String: String]] {
        let bytes = [UInt8](data)
        let count = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8, recordLength = Int(bytes[10]) | Int(bytes[11]) << 8
        var fields: [(name: String, width: Int)] = []
        var offset = 32
        while bytes[offset] != 0x0D {
            let name = String(decoding: bytes[offset..<offset + 11].prefix { $0 != 0 }, as: UTF8.self)
            fields.append((name, Int(bytes[offset + 16])))
            offset += 32
        }
        return (0..<count).map { index in
            var position = headerLength + index * recordLength + 1
            var record: [String: String] = [:]
            for field in fields {
                let raw = Data(bytes[position..<position + field.width])
                record[field.name] = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                position += field.width
            }
            return record
        }
    }

    @Test func shapefilesKeepArabicNamesByteForByte() throws {
        let out = folder.appendingPathComponent("shp")
        let files = try Exporter.write(layers, tables: tables, format: .shp, to: out)
        #expect(files.contains { $0.lastPathComponent == "crossings.shp" } && files.contains { $0.lastPathComponent == "crossing_projects.dbf" })
        #expect(try String(contentsOf: out.appendingPathComponent("crossings.cpg"), encoding: .utf8).hasPrefix("UTF-8"))
        let crossings = try #require(layers.first { $0.name == "crossings" })
        let records = Self.dbfRecords(try Data(contentsOf: out.appendingPathComponent("crossings.dbf")))
        #expect(records.count == crossings.features.count)
        var arabic = 0
        for (record, feature) in zip(records, crossings.features) {
            guard case let .string(name)? = feature.properties.first(where: { $0.key == "name_ar" })?.value else { continue }
            #expect(Array(record["name_ar", default: ""].utf8) == Array(name.utf8), "\(feature.id ?? "")")
            if name.unicodeScalars.contains(where: { (0x0600...0x06FF).contains($0.value) }) { arabic += 1 }
        }
        #expect(arabic > 20)
        // Long field names are shortened and listed; ogrinfo reads every Shapefile.
        let mapping = try String(contentsOf: out.appendingPathComponent("shapefile_fields.csv"), encoding: .utf8)
        #expect(mapping.contains("wilayas,covered_area_km2,covered_ar\r\n"))
        let ogrinfo = try #require(which("ogrinfo"))
        for file in files where file.pathExtension == "shp" {
            let result = try run(ogrinfo, ["-ro", "-so", "-al", file.path])
            #expect(result.status == 0 && !result.stderr.contains("ERROR"), "\(file.lastPathComponent): \(result.stderr)")
        }
    }

    @Test func csvExportWritesOneTablePerFile() throws {
        let out = folder.appendingPathComponent("csv")
        let files = try Exporter.write(layers, tables: tables, format: .csv, to: out)
        let csvs = files.filter { $0.pathExtension == "csv" }.map { $0.deletingPathExtension().lastPathComponent }
        #expect(csvs == layers.map(\.name) + tables.map(\.name))
        // GDAL reads the places back with their geometry (the WKT column) and count.
        let places = try #require(layers.first { $0.name == "places" })
        let ogrinfo = try #require(which("ogrinfo"))
        let result = try run(ogrinfo, ["-ro", "-so", out.appendingPathComponent("places.csv").path, "places"])
        #expect(result.stdout.contains("Feature Count: \(places.features.count)\n") && result.stdout.contains("Geometry Column = geom_WKT"), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("population: Integer ") && result.stdout.contains("covered: Integer(Boolean) "), "the .csvt types")
    }
}
