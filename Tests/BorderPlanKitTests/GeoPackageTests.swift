import Foundation
import GRDB
import Testing
@testable import BorderPlanKit
import Geo

/// The GeoPackage export read back two independent ways: with GDAL (`ogrinfo`) and with
/// plain SQL, and compared with the GeoJSON export of the same layers.
@Suite(.serialized) struct GeoPackageTests {
    let data: AnalysisData
    let layers: [ExportLayer]
    let folder: URL
    let gpkg: URL

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: 100)
        layers = try ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: .default, radiusKm: 100).layers()
        folder = try temporaryDirectory()
        gpkg = folder.appendingPathComponent("borderplan.gpkg")
        try Exporter.write(layers, format: .geojson, to: folder)
        try Exporter.write(layers, format: .gpkg, to: gpkg)
    }

    /// Runs `body` on the written GeoPackage (read-only), then removes the test folder.
    func withDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: gpkg.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// The features of `layer` in the GeoJSON export.
    func geoJSONFeatures(_ layer: String) throws -> (features: [[String: Any]], bbox: [Double]?) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("\(layer).geojson"))) as? [String: Any])
        return (object["features"] as? [[String: Any]] ?? [], object["bbox"] as? [Double])
    }

    /// Longitude/latitude box of a GeoJSON geometry, from all its positions (nil when empty).
    static func boundingBox(_ geometry: Any?) -> Envelope? {
        var box: Envelope?
        func visit(_ value: Any) {
            if let position = value as? [Double], position.count >= 2 {
                let point = Envelope(minX: position[0], minY: position[1], maxX: position[0], maxY: position[1])
                box = box.map { $0.union(point) } ?? point
            } else if let list = value as? [Any] {
                list.forEach(visit)
            }
        }
        if let coordinates = (geometry as? [String: Any])?["coordinates"] { visit(coordinates) }
        return box
    }

    /// The envelope in a GeoPackage geometry header (flags: envelope kind 1 = xy), nil when none.
    static func headerEnvelope(_ blob: Data) throws -> Envelope? {
        let bytes = [UInt8](blob)
        #expect(bytes.count >= 8 && bytes[0] == 0x47 && bytes[1] == 0x50 && bytes[2] == 0)
        guard (bytes[3] >> 1) & 0b111 == 1 else { return nil }
        let values = (0..<4).map { index in
            Double(bitPattern: bytes[8 + 8 * index ..< 16 + 8 * index].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
        return Envelope(minX: values[0], minY: values[2], maxX: values[1], maxY: values[3])
    }

    @Test func gdalSeesTheSpatialIndexOfEveryLayer() throws {
        let ogrinfo = try #require(which("ogrinfo"))
        defer { try? FileManager.default.removeItem(at: folder) }
        func hasSpatialIndex(_ table: String, _ column: String) throws -> (yes: Bool, stderr: String) {
            let result = try run(ogrinfo, ["-ro", "-q", "-sql", "SELECT HasSpatialIndex('\(table)', '\(column)')", gpkg.path])
            return (result.status == 0 && result.stdout.contains("HasSpatialIndex (Integer) = 1\n"), result.stderr)
        }
        for layer in layers {
            let answer = try hasSpatialIndex(layer.name, "geom")
            #expect(answer.yes && answer.stderr.isEmpty, "\(layer.name): \(answer.stderr)")
        }
        #expect(try !hasSpatialIndex("crossings", "name_en").yes, "control: a column without an index")
    }

    /// The R-tree holds one box per non-empty geometry, enclosing the GeoJSON export's box of
    /// that feature. R-tree coordinates are 32-bit floats rounded outwards (SQLite steps a
    /// rounded value once more when it fell on the wrong side): at most two float steps at
    /// that value wider; GeoJSON rounds to 6 decimals: 5e-7°.
    @Test func rtreeBoxesEncloseEachFeature() throws {
        func slack(_ value: Double) -> Double { 2 * Double(Float(abs(value)).ulp) + 5e-7 + 1e-12 }
        try withDatabase { db in
            let extensions = try Row.fetchAll(db, sql: "SELECT table_name, column_name, extension_name, scope FROM gpkg_extensions ORDER BY table_name")
            #expect(Set(extensions.map { $0["table_name"] as String }) == Set(layers.map(\.name)))
            for row in extensions {
                #expect(row["column_name"] as String == "geom" && row["extension_name"] as String == "gpkg_rtree_index" && row["scope"] as String == "write-only")
            }
            for layer in layers {
                let features = try geoJSONFeatures(layer.name).features
                let boxes = try Row.fetchAll(db, sql: "SELECT id, minx, maxx, miny, maxy FROM \"rtree_\(layer.name)_geom\" ORDER BY id")
                let expected = features.enumerated().compactMap { index, feature in Self.boundingBox(feature["geometry"]).map { (Int64(index + 1), $0) } }
                #expect(boxes.count == expected.count, "\(layer.name)")
                for (row, (fid, box)) in zip(boxes, expected) {
                    #expect(row["id"] as Int64 == fid, "\(layer.name)")
                    let minX: Double = row["minx"], maxX: Double = row["maxx"], minY: Double = row["miny"], maxY: Double = row["maxy"]
                    #expect(minX <= box.minX + 5e-7 && minY <= box.minY + 5e-7 && maxX >= box.maxX - 5e-7 && maxY >= box.maxY - 5e-7, "\(layer.name) \(fid)")
                    #expect(box.minX - minX <= slack(minX) && box.minY - minY <= slack(minY) && maxX - box.maxX <= slack(maxX) && maxY - box.maxY <= slack(maxY),
                            "\(layer.name) \(fid): \([minX, maxX, minY, maxY]) vs \(box)")
                }
            }
        }
    }

    /// `ogrinfo -spat` (through the R-tree) returns exactly the features whose geometry meets
    /// the box, as a brute-force GEOS test over every feature finds them.
    @Test(arguments: [(9.0, 30.0, 10.0, 31.0), (0.0, 18.0, 6.0, 22.0), (-9.0, 26.0, -2.0, 30.0), (5.0, 33.0, 8.5, 37.5)])
    func envelopeQueryMatchesBruteForce(box: (Double, Double, Double, Double)) throws {
        let ogrinfo = try #require(which("ogrinfo"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let envelope = Envelope(minX: box.0, minY: box.1, maxX: box.2, maxY: box.3)
        let rectangle = try Geometry.rectangle(envelope, in: data.context)
        for layer in layers where ["crossings", "catchments", "places", "gaps", "wilayas"].contains(layer.name) {
            let expected = Set(try layer.features.indices.filter { index in
                guard let geometry = layer.features[index].geometry, !geometry.isEmpty else { return false }
                return try geometry.intersects(rectangle)
            }.map { $0 + 1 })
            let result = try run(ogrinfo, ["-ro", "-q", "-spat", "\(box.0)", "\(box.1)", "\(box.2)", "\(box.3)", gpkg.path, layer.name])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            let prefix = "OGRFeature(\(layer.name)):"
            let found = Set(result.stdout.split(separator: "\n").filter { $0.hasPrefix(prefix) }.compactMap { Int($0.dropFirst(prefix.count)) })
            #expect(found == expected, "\(layer.name) in \(box)")
            if layer.name == "wilayas" { #expect(!expected.isEmpty, "every test box lies partly in Algeria") }
        }
    }

    /// Every attribute of every feature equals the GeoJSON export's; every geometry header's
    /// envelope and every layer's `gpkg_contents` extent match the GeoJSON boxes (6 decimals there).
    @Test func attributesAndEnvelopesAgreeWithGeoJSON() throws {
        try withDatabase { db in
            for layer in layers {
                let (features, bbox) = try geoJSONFeatures(layer.name)
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(layer.name)\" ORDER BY fid")
                #expect(rows.count == features.count && rows.count == layer.features.count, "\(layer.name)")
                for (index, (row, feature)) in zip(rows, features).enumerated() {
                    let properties = try #require(feature["properties"] as? [String: Any])
                    for column in layer.columns {
                        expectSame(row[column.name] as DatabaseValue, properties[column.name], kind: column.kind, "\(layer.name) #\(index + 1) \(column.name)")
                    }
                    let blob: Data? = row["geom"]
                    let header = try blob.flatMap(Self.headerEnvelope)
                    let box = Self.boundingBox(feature["geometry"])
                    #expect((header == nil) == (box == nil), "\(layer.name) #\(index + 1)")
                    if let header, let box { #expect(close(header, box, 5e-7 + 1e-9), "\(layer.name) #\(index + 1): \(header) vs \(box)") }
                }
                let extent = try #require(try Row.fetchOne(db, sql: "SELECT min_x, min_y, max_x, max_y, last_change FROM gpkg_contents WHERE table_name = ?", arguments: [layer.name]))
                #expect(extent["last_change"] as String == GeoPackageWriter.lastChange)
                if let bbox {
                    let stored = Envelope(minX: extent["min_x"], minY: extent["min_y"], maxX: extent["max_x"], maxY: extent["max_y"])
                    #expect(close(stored, Envelope(minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3]), 5e-7 + 1e-9), "\(layer.name) extent")
                }
            }
        }
    }

    func close(_ a: Envelope, _ b: Envelope, _ tolerance: Double) -> Bool {
        abs(a.minX - b.minX) <= tolerance && abs(a.minY - b.minY) <= tolerance && abs(a.maxX - b.maxX) <= tolerance && abs(a.maxY - b.maxY) <= tolerance
    }

    /// A GeoJSON number or boolean as a Double (JSONSerialization gives NSNumber, Int, Double or Bool).
    func number(_ value: Any?) -> Double? {
        if let flag = value as? Bool, !(value is Int || value is Double) { return flag ? 1 : 0 }
        return (value as? NSNumber)?.doubleValue
    }

    /// A GeoPackage value against the GeoJSON property of the same column.
    func expectSame(_ stored: DatabaseValue, _ json: Any?, kind: ExportColumn.Kind, _ label: String) {
        switch (stored.storage, kind) {
        case (.null, _): #expect(json == nil || json is NSNull, "\(label): null vs \(String(describing: json))")
        case let (.string(text), .text), let (.string(text), .date): #expect(text == json as? String, "\(label)")
        case let (.int64(value), .boolean): #expect((value == 0 || value == 1) && number(json) == Double(value), "\(label)")
        case let (.int64(value), .integer): #expect(number(json) == Double(value), "\(label): \(value) vs \(String(describing: json))")
        case let (.double(value), .real): #expect(number(json) == value, "\(label): \(value) vs \(String(describing: json))")
        default: Issue.record("\(label): \(stored) stored in a \(kind) column, GeoJSON has \(String(describing: json))")
        }
    }
}

@Suite struct GeoPackageFailureTests {
    /// A layer SQLite refuses (its name is taken by a GeoPackage table): the error names the
    /// file and the layer, no temporary file is left, and the previous export is untouched.
    @Test func aRefusedLayerIsNamedAndTheOldFileKept() throws {
        let context = GeometryContext()
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("out.gpkg")
        let point = try Geometry.point(Coordinate(lon: 3, lat: 30), in: context)
        func layer(_ name: String) -> ExportLayer {
            ExportLayer(name: name, description: "clash", geometryType: "POINT", columns: [ExportColumn("name", .text)],
                        features: [OutputFeature(id: "a", geometry: point, properties: [JSONMember("name", .string("a"))])])
        }
        try Exporter.write([layer("points")], format: .gpkg, to: file)
        let previous = try Data(contentsOf: file)
        let error = try #require(throws: DataError.self) { try Exporter.write([layer("gpkg_contents")], format: .gpkg, to: file) }
        #expect(error.file == file.path && error.feature == "layer 'gpkg_contents'", "\(error)")
        #expect(error.message.hasPrefix("SQLite: "), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".borderplan-manifest.json", "borderplan.qgs", "out.gpkg"])
        #expect(try Data(contentsOf: file) == previous)
    }
}
