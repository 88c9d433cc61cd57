import BorderPlanKit
import Foundation
import Geo

/// One feature as the server keeps it: its text exactly as the GeoJSON export writes it,
/// its properties for filters, its envelope, and a WKB copy for exact `bbox` tests.
/// Everything is a value, so the catalog is shared by every request without GEOS.
public struct ServedFeature: Sendable {
    public let id: String
    public let envelope: Envelope?
    /// WKB of a non-point geometry (points are tested on their envelope alone).
    let wkb: [UInt8]?
    public let properties: [JSONMember]
    /// `{"type":"Feature",...}` with the export's key order, bbox and 6 decimals.
    public let json: String
}

/// One export layer served as an OGC API collection.
public struct ServedCollection: Sendable {
    public let id: String
    public let description: String
    public let columns: [ExportColumn]
    public let features: [ServedFeature]
    /// Union of the features' envelopes (nil when every geometry is empty).
    public let extent: Envelope?
    let index: [String: Int]

    public func feature(_ id: String) -> ServedFeature? { index[id].map { features[$0] } }
    public func column(_ name: String) -> ExportColumn? { columns.first { $0.name == name } }
}

/// The collections the server publishes, computed once at start-up from the export layers.
public struct FeatureCatalog: Sendable {
    public let collections: [ServedCollection]
    public let radiusKm: Double

    public func collection(_ id: String) -> ServedCollection? { collections.first { $0.id == id } }

    /// Loads the geodata and the knowledge base and keeps every export layer at `radiusKm`,
    /// and the border segments of the geodata.
    public static func load(dataDirectory: URL?, radiusKm: Double, service: Service = .default) throws -> FeatureCatalog {
        let geodata = Geodata(directory: dataDirectory ?? Geodata.defaultDirectory())
        let data = try analysisData(geodata)
        return try FeatureCatalog(layers: try exportLayers(data, radiusKm: radiusKm, service: service),
                                  extra: [try borderSegments(geodata), try committees(data)], radiusKm: radiusKm)
    }

    /// The geodata and the knowledge base, loaded for analysis.
    public static func analysisData(_ geodata: Geodata) throws -> AnalysisData {
        let knowledge = try KnowledgeBase.load(directory: geodata.directory, context: geodata.context)
        return try AnalysisData(geodata: geodata, knowledge: knowledge, proj: try ProjContext())
    }

    /// The export layers with coverage at `radiusKm` by the crossings serving under `service`
    /// (what `borderplan export --radius R --service S` writes).
    public static func exportLayers(_ geodata: Geodata, radiusKm: Double, service: Service = .default) throws -> [ExportLayer] {
        try exportLayers(try analysisData(geodata), radiusKm: radiusKm, service: service)
    }

    /// The export layers of loaded `data`.
    public static func exportLayers(_ data: AnalysisData, radiusKm: Double, service: Service = .default) throws -> [ExportLayer] {
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: service, radiusKm: radiusKm)
        return try ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: service, radiusKm: radiusKm).layers()
    }

    /// Serves `layers` as they are, then `extra`. Throws when a layer repeats a feature id (ids address items).
    public init(layers: [ExportLayer], extra: [ServedCollection] = [], radiusKm: Double) throws {
        self.radiusKm = radiusKm
        collections = try layers.map { try Self.collection($0.name, $0.description, $0.columns, $0.features) } + extra
    }

    /// `border-segments`: each land border and the coast cut by wilaya, as `geodata/border-segments.geojson` holds them.
    public static func borderSegments(_ geodata: Geodata) throws -> ServedCollection {
        let columns = [ExportColumn("kind", .text), ExportColumn("country", .text), ExportColumn("wilaya", .text), ExportColumn("length_km", .real)]
        let features = try geodata.borderSegments().map { segment in
            OutputFeature(id: "\(segment.country?.rawValue ?? "coast")-\(segment.wilaya)", geometry: try segment.geometry.promotedToMulti(), properties: [
                JSONMember("kind", .string(segment.country == nil ? "coast" : "land")), JSONMember("country", .optional(segment.country?.rawValue)),
                JSONMember("wilaya", .string(segment.wilaya)), JSONMember("length_km", .number(segment.lengthKm, decimals: 3)),
            ])
        }
        return try collection("border-segments", "Each land border and the coast cut by wilaya, with its geodesic length", columns, features)
    }

    static func collection(_ name: String, _ description: String, _ columns: [ExportColumn], _ outputFeatures: [OutputFeature]) throws -> ServedCollection {
        var index: [String: Int] = [:]
        var extent: Envelope?
        let features = try outputFeatures.enumerated().map { number, feature in
            let served = try servedFeature(feature, fallbackID: String(number + 1))
            guard index.updateValue(number, forKey: served.id) == nil else {
                throw DataError(file: name, feature: "feature \(number + 1)", field: "id", problem: "server.catalog.duplicateId", ["id": .text(served.id)])
            }
            if let box = served.envelope { extent = extent.map { $0.union(box) } ?? box }
            return served
        }
        return ServedCollection(id: name, description: description, columns: columns, features: features, extent: extent, index: index)
    }

    static func servedFeature(_ feature: OutputFeature, fallbackID: String) throws -> ServedFeature {
        let id = feature.id ?? fallbackID
        var json = "{\"type\":\"Feature\",\"id\":" + JSONValue.string(id).serialized()
        var envelope: Envelope?
        var wkb: [UInt8]?
        if let geometry = feature.geometry, !geometry.isEmpty, let box = geometry.envelope {
            envelope = box
            json += ",\"bbox\":" + bboxJSON(box)
            if geometry.type != .point { wkb = try geometry.wkb }
        }
        json += ",\"geometry\":" + (try feature.geometry.map { try GeoJSONWriter.geometryJSON($0) } ?? "null")
        json += ",\"properties\":" + JSONValue.object(feature.properties).serialized() + "}"
        return ServedFeature(id: id, envelope: envelope, wkb: wkb, properties: feature.properties, json: json)
    }
}

/// `[minX,minY,maxX,maxY]` with the export's 6 decimals.
func bboxJSON(_ box: Envelope) -> String {
    "[" + [box.minX, box.minY, box.maxX, box.maxY].map { formatNumber($0, decimals: 6) }.joined(separator: ",") + "]"
}
