import Foundation
import Testing
@testable import BorderPlanKit
import Geo

@Suite struct JSONValueTests {
    @Test func stringsAreEscapedNotConcatenated() throws {
        let tricky = "Quote \" back\\slash <tag> & ampersand\nnewline \u{01} — عين قزام"
        let text = JSONValue.object(["name": .string(tricky)]).serialized()
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(decoded?["name"] == tricky)
        #expect(text.contains("عين قزام"), "Arabic stays readable UTF-8")
    }

    @Test func numbersAreFixedAndClean() {
        #expect(formatNumber(1052.65, decimals: 1) == "1052.7")
        #expect(formatNumber(-0.0000001, decimals: 6) == "0")
        #expect(formatNumber(3.100000, decimals: 6) == "3.1")
        #expect(formatNumber(-5.000123, decimals: 6) == "-5.000123")
        #expect(formatNumber(0.05, decimals: 2) == "0.05")
        #expect(formatNumber(12, decimals: 3) == "12")
        #expect(JSONValue.rounded(.nan, 2) == .null)
    }

    /// The one formatter against the C library's `%.Nf` (correctly rounded from the binary
    /// value): the same text once trailing zeros and "-0" are dropped, except at near-ties,
    /// where `value × 10^N` lies within 10⁻⁶ of a half and the two roundings may differ by one
    /// in the last digit. The text is always plain decimal and within half a unit of `value`.
    @Test func numbersMatchTheCLibraryRounding() {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1, 10, 123.456789, -180, 180, 90, 1e-7, -1e-7, 0.0000005, 2.5e-6, 1052.65, 36.7538, 1e12]
        var state: UInt64 = 7 // a fixed linear congruential sequence: the same values every run
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(Double(state >> 11) / Double(1 << 53) * 400 - 200)
        }
        func trimmed(_ text: String) -> String {
            var text = text
            if text.contains(".") { while text.hasSuffix("0") { text.removeLast() } }
            if text.hasSuffix(".") { text.removeLast() }
            return text == "-0" ? "0" : text
        }
        let plain = #/-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?/#
        for value in values {
            for decimals in [0, 1, 3, 6] {
                let text = formatNumber(value, decimals: decimals)
                var bytes: [UInt8] = []
                appendNumber(value, decimals: decimals, to: &bytes)
                #expect(bytes == Array(text.utf8))
                #expect(text.wholeMatch(of: plain) != nil, "\(text)")
                let unit = pow(10.0, Double(-decimals))
                #expect(abs(Double(text)! - value) <= unit / 2 + abs(value) * 1e-15, "\(value) at \(decimals): \(text)")
                let scaled = abs(value) / unit
                let nearTie = abs(scaled - scaled.rounded(.down) - 0.5) < 1e-6
                #expect(nearTie || text == trimmed(String(format: "%.\(decimals)f", value)), "\(value) at \(decimals): \(text)")
            }
        }
        #expect(formatNumber(.infinity, decimals: 3) == "null" && formatNumber(.nan, decimals: 0) == "null")
    }

    @Test func keyOrderIsKept() {
        let text = JSONValue.object(["z": 1, "a": 2, "m": .array([true, nil])]).serialized()
        #expect(text == #"{"z":1,"a":2,"m":[true,null]}"#)
    }
}

@Suite struct GeoJSONIOTests {
    let context = GeometryContext()

    @Test func writerOrientsRingsAndRoundTripsThroughGEOS() throws {
        // Exterior given clockwise, hole counter-clockwise: the writer must flip both (RFC 7946 §3.1.6).
        let polygon = try Geometry.polygon(
            exterior: [.init(x: 0, y: 0), .init(x: 0, y: 4), .init(x: 4, y: 4), .init(x: 4, y: 0), .init(x: 0, y: 0)],
            holes: [[.init(x: 1, y: 1), .init(x: 2, y: 1), .init(x: 2, y: 2), .init(x: 1, y: 2), .init(x: 1, y: 1)]], in: context)
        let text = try GeoJSONWriter.featureCollection([OutputFeature(id: "a&b", geometry: polygon, properties: [JSONMember("name", "O'Hara \"<x>\"")])])
        let features = try GeoJSONReader.parse(Data(text.utf8), file: "memory", as: [String: String].self, context: context)
        #expect(features.count == 1 && features[0].id == "a&b" && features[0].properties["name"] == "O'Hara \"<x>\"")
        let rings = try #require(try features[0].geometry?.rings)
        #expect(GeoJSONWriter.signedArea2(rings[0]) > 0, "exterior counter-clockwise")
        #expect(GeoJSONWriter.signedArea2(rings[1]) < 0, "hole clockwise")
        #expect(try features[0].geometry!.topologicallyEquals(polygon))
        #expect(text.contains(#""bbox":[0,0,4,4]"#))
        #expect(!text.contains("\"crs\""))
        // Deterministic: the same input writes the same bytes.
        #expect(text == (try GeoJSONWriter.featureCollection([OutputFeature(id: "a&b", geometry: polygon, properties: [JSONMember("name", "O'Hara \"<x>\"")])])))
    }

    struct Props: Decodable { var code: String; var area: Double }

    func expectDataError(_ json: String, file: String = "layer.geojson", contains parts: [String]) {
        #expect {
            _ = try GeoJSONReader.parse(Data(json.utf8), file: file, as: Props.self, context: context)
        } throws: { error in
            guard let error = error as? DataError else { return false }
            let text = error.description
            return parts.allSatisfy { text.contains($0) }
        }
    }

    @Test func readerErrorsNameFileFeatureAndField() {
        let good = #"{"type":"Feature","properties":{"code":"01","area":1},"geometry":{"type":"Point","coordinates":[1,2]}}"#
        expectDataError("", contains: ["layer.geojson", "empty"])
        expectDataError(#"{"type":"FeatureCollection","features":[\#(good),"#, contains: ["layer.geojson", "not valid JSON"])
        expectDataError(#"{"type":"Topology","features":[]}"#, contains: ["field 'type'", "FeatureCollection"])
        expectDataError(#"{"type":"FeatureCollection","features":[\#(good),{"type":"Feature","properties":{"code":5,"area":1},"geometry":null}]}"#,
                        contains: ["layer.geojson", "feature 2", "field 'code'"])
        expectDataError(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"01"},"geometry":null}]}"#,
                        contains: ["feature 1", "field 'area'", "missing"])
        expectDataError(#"{"type":"FeatureCollection","features":[\#(good),{"type":"Feature","id":"x","properties":{"code":"02","area":1},"geometry":{"type":"Point","coordinates":[200,2]}}]}"#,
                        contains: ["feature 2 (id 'x')", "field 'geometry'", "out of range"])
        expectDataError(#"{"type":"FeatureCollection","features":[\#(good),{"type":"Feature","properties":{"code":"02","area":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0]]]}}]}"#,
                        contains: ["feature 2", "field 'geometry'"])
    }

    /// The types of the features' geometries, read independently (nil: no geometry).
    static func geometryTypes(_ data: Data) throws -> [String?] {
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(object["features"] as? [[String: Any]])
        return features.map { ($0["geometry"] as? [String: Any])?["type"] as? String }
    }

    /// `GeoJSONGeometryScan` builds each geometry as GEOS's GeoJSON reader reads it, to the WKB byte
    /// (every layer of the data folder, and numbers written every way JSON allows), and leaves the rest to that reader.
    @Test func theScanBuildsWhatGEOSReads() throws {
        func feature(_ geometry: String) -> String { #"{"type":"Feature","properties":{},"geometry":\#(geometry)}"# }
        let crafted = [#"{"type":"Point","coordinates":[-0,1.5e1]}"#, #"{"type":"Point","coordinates":[3.25,-0.0]}"#,
                       #"{"type":"LineString","coordinates":[ [0,0] , [1e-7,2E+2],[-180,90]]}"#, "null",
                       #"{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3],[4,5]]]}"#,
                       #"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}"#,
                       #"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6.000000000000001],[5,5]]]]}"#]
        let craftedText = #"{"type":"FeatureCollection","features":["# + crafted.map(feature).joined(separator: ",\n") + "]}"
        let files = try FileManager.default.contentsOfDirectory(at: geodataDirectory, includingPropertiesForKeys: nil).filter { $0.pathExtension == "geojson" }
        #expect(files.count >= 8)
        for (name, data) in [("crafted", Data(craftedText.utf8))] + (try files.map { ($0.lastPathComponent, try Data(contentsOf: $0)) }) {
            let coordinates = try JSONSyntaxCheck.check(data, file: name, itemName: "feature", coordinates: true)
            let types = try Self.geometryTypes(data)
            let scanned = try #require(GeoJSONGeometryScan.geometries(data, types: types, coordinates: coordinates, context: context), "\(name)")
            let read = try GeoJSONReader.readGeometries(data, file: name, stubs: types.map { $0 != nil }, context: context)
            #expect(scanned.count == read.count && scanned.count == types.count, "\(name)")
            for (index, (a, b)) in zip(scanned, read).enumerated() {
                #expect(try a?.wkb == b?.wkb, "\(name) feature \(index + 1)")
            }
        }
        // Left to GEOS's reader: an altitude, a collection, a multipoint, an empty array, too few positions, a ring not closed.
        for geometry in [#"{"type":"Point","coordinates":[1,2,3]}"#, #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}"#,
                         #"{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}"#,
                         #"{"type":"Polygon","coordinates":[]}"#, #"{"type":"LineString","coordinates":[[1,2]]}"#,
                         #"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,1]]]}"#, #"{"type":"Point"}"#] {
            let data = Data(#"{"type":"FeatureCollection","features":[\#(feature(geometry))]}"#.utf8)
            let coordinates = try JSONSyntaxCheck.check(data, file: "case", itemName: "feature", coordinates: true)
            #expect(GeoJSONGeometryScan.geometries(data, types: try Self.geometryTypes(data), coordinates: coordinates, context: context) == nil, "\(geometry)")
        }
    }

    @Test func nullGeometriesAreKeptAsNil() throws {
        let json = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"01","area":1},"geometry":null},{"type":"Feature","properties":{"code":"02","area":2},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#
        let features = try GeoJSONReader.parse(Data(json.utf8), file: "f", as: Props.self, context: context)
        #expect(features.count == 2 && features[0].geometry == nil && features[1].geometry?.type == .point)
    }
}

@Suite struct TableTests {
    let table = Table(columns: [.init("name"), .init("km", numeric: true)], rows: [["El Tarf, \"east\"", "129.8"], ["عين قزام", "7.0"]], footer: ["total", "136.8"])

    @Test func csvQuotesPerRFC4180() {
        #expect(table.render(.csv) == "name,km\r\n\"El Tarf, \"\"east\"\"\",129.8\r\nعين قزام,7.0\r\ntotal,136.8\r\n")
    }

    @Test func textAlignsNumbersRight() {
        let lines = table.render(.table).split(separator: "\n").map(String.init)
        #expect(lines[2].hasSuffix("129.8") && lines[3].hasSuffix("  7.0"))
    }

    @Test func markdownEscapesPipes() {
        let markdown = Table(columns: [.init("a")], rows: [["x|y"]]).render(.markdown)
        #expect(markdown.contains("x\\|y"))
    }
}

/// Inputs the fuzzers found; each crashed once and must now give a located error.
@Suite struct FuzzRegressionTests {
    static let corpus = repositoryRoot.appendingPathComponent("Tests/BorderPlanKitTests/Corpus")

    @Test func emptyPositionInAPolygonHole() throws {
        // GEOS 3.11's GeoJSON reader dereferenced a null pointer on `[[], [0.4,0.4], …]` (fuzz-geojson).
        let url = Self.corpus.appendingPathComponent("fuzz-geojson-empty-position.geojson")
        #expect {
            _ = try GeoJSONReader.read(url, as: [String: JSONScalar].self, context: GeometryContext())
        } throws: { error in
            "\(error)".contains("fuzz-geojson-empty-position.geojson") && "\(error)".contains("feature 1") && "\(error)".contains("geometry")
        }
    }

    @Test func malformedPositionsAreRejectedBeforeGEOS() {
        let cases = [
            #"{"type":"Point","coordinates":[]}"#, #"{"type":"Point","coordinates":[1]}"#, #"{"type":"Point","coordinates":[1,2,3,4]}"#,
            #"{"type":"LineString","coordinates":[[0,0],[]]}"#, #"{"type":"Polygon","coordinates":[[0,0],[1,1]]}"#,
            #"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]],[[]]]]}"#, #"{"type":"Polygonal","coordinates":[]}"#,
            #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[[]]}]}"#,
        ]
        for geometry in cases {
            let json = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":\#(geometry)}]}"#
            #expect(throws: DataError.self, "\(geometry)") {
                _ = try GeoJSONReader.parse(Data(json.utf8), file: "cases", as: [String: JSONScalar].self, context: GeometryContext())
            }
        }
    }
}
