import BorderPlanKit
@testable import BorderPlanServer
import Foundation
import Geo
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import Testing

/// The repository's geodata folder, found from this file's location.
let geodataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("geodata")

/// Boxes the bbox tests use: around Debdeb and In Amenas on the Libyan border; over Algiers; an empty stretch of sea.
let testBoxes: [String: Envelope] = [
    "east": Envelope(minX: 8.0, minY: 26.0, maxX: 10.5, maxY: 31.0),
    "algiers": Envelope(minX: 3.0, minY: 36.70, maxX: 3.1, maxY: 36.80),
    "sea": Envelope(minX: -30, minY: 40, maxX: -29, maxY: 41),
]

/// What the export writes, computed once per test process from the same layers the catalog serves.
struct ExportReference: Sendable {
    /// Layer names in export order.
    let names: [String]
    /// Every collection served: the export layers, then border-segments.
    var allNames: [String] { names + ["border-segments", "committees"] }
    /// Feature count of every collection (border-segments: the features of geodata/border-segments.geojson).
    let counts: [String: Int]
    /// The (id, properties) of each feature of geodata/border-segments.geojson, read as plain JSON.
    let segmentFile: [SegmentRecord]

    struct SegmentRecord: Sendable {
        let id: String
        let kind: String?, country: String?, wilaya: String?
        let lengthKm: Double?
    }
    /// Each layer's features as the GeoJSON export writes them, one text per feature.
    let featureTexts: [String: [String]]
    /// Each layer's feature properties, for filter expectations.
    let properties: [String: [(id: String, properties: [JSONMember])]]
    /// Ids of the features whose geometry GEOS says intersects each test box, per layer.
    let boxMatches: [String: [String: [String]]]
    let catalog: FeatureCatalog

    static let radiusKm = 100.0

    static func load() throws -> ExportReference {
        let geodata = Geodata(directory: geodataDirectory)
        let data = try FeatureCatalog.analysisData(geodata)
        let layers = try FeatureCatalog.exportLayers(data, radiusKm: radiusKm)
        let segmentJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent("border-segments.geojson"))) as? [String: Any]
        let segmentFile = (segmentJSON?["features"] as? [[String: Any]] ?? []).map { feature in
            let p = feature["properties"] as? [String: Any] ?? [:]
            return SegmentRecord(id: feature["id"] as? String ?? "", kind: p["kind"] as? String, country: p["country"] as? String,
                                 wilaya: p["wilaya"] as? String, lengthKm: p["length_km"] as? Double)
        }
        var texts: [String: [String]] = [:], properties: [String: [(id: String, properties: [JSONMember])]] = [:]
        var boxMatches: [String: [String: [String]]] = [:]
        let context = GeometryContext()
        let rectangles = try testBoxes.mapValues { try Geometry.rectangle($0, in: context) }
        for layer in layers {
            // The export's own writer; its features are the lines between the header and the closing bracket.
            let text = try GeoJSONWriter.featureCollection(layer.features)
            texts[layer.name] = text.split(separator: "\n").dropFirst().dropLast().map { $0.hasSuffix(",") ? String($0.dropLast()) : String($0) }
            properties[layer.name] = layer.features.map { ($0.id ?? "", $0.properties) }
            for (box, rectangle) in rectangles {
                boxMatches[layer.name, default: [:]][box] = try layer.features.filter { feature in
                    guard let geometry = feature.geometry, !geometry.isEmpty else { return false }
                    let copy = try Geometry(wkt: try geometry.wkt(), context: context)  // an independent copy, no envelope shortcut
                    return try copy.intersects(rectangle)
                }.map { $0.id ?? "" }
            }
        }
        var counts = texts.mapValues(\.count)
        counts["border-segments"] = segmentFile.count
        counts["committees"] = data.knowledge.committees.count
        return ExportReference(names: layers.map(\.name), counts: counts, segmentFile: segmentFile, featureTexts: texts, properties: properties,
                               boxMatches: boxMatches, catalog: try FeatureCatalog(layers: layers, extra: [try FeatureCatalog.borderSegments(geodata), try FeatureCatalog.committees(data)],
                                                                      radiusKm: radiusKm))
    }
}

/// Loaded once (the global is initialised lazily and thread-safely).
let sharedReference = Result { try ExportReference.load() }

/// Collects access-log lines.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    func append(_ line: String) { lock.withLock { storage.append(line) } }
}

/// The application over the shared catalog, on a free loopback port.
func testApplication(log: LogCollector? = nil) throws -> some ApplicationProtocol {
    let reference = try sharedReference.get()
    return BorderPlanServer.application(catalog: reference.catalog, host: "127.0.0.1", port: 0,
                                        accessLog: log.map { collector in AccessLog { collector.append($0) } })
}

/// A parsed JSON body.
func json(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
}

/// The `links` of a JSON document.
func links(_ document: [String: Any]) -> [[String: String]] {
    (document["links"] as? [[String: Any]] ?? []).map { $0.compactMapValues { $0 as? String } }
}

/// The path and query of an absolute link, to request it through the test client.
func requestTarget(_ href: String) throws -> String {
    let components = try #require(URLComponents(string: href))
    return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
}

extension Data {
    init(buffer: ByteBuffer) { self.init(buffer.readableBytesView) }
}
