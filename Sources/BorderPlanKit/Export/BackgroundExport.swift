import Foundation
import Geo

/// Export layers with their geometries as WKB (exact doubles, little-endian): plain values
/// that another thread rebuilds in a `GeometryContext` of its own, since a context is never
/// used by two threads at once (the pattern of `GeodataPrefetch`).
struct PortableLayers: Sendable {
    struct Feature: Sendable {
        var id: String?
        var wkb: [UInt8]?
        var properties: [JSONMember]
    }

    struct Layer: Sendable {
        var name: String
        var description: String
        var geometryType: String
        var columns: [ExportColumn]
        var features: [Feature]
    }

    let layers: [Layer]

    /// Takes `layers` apart on the thread that owns their geometries.
    init(_ layers: [ExportLayer]) throws {
        self.layers = try layers.map { layer in
            Layer(name: layer.name, description: layer.description, geometryType: layer.geometryType, columns: layer.columns,
                  features: try layer.features.map { Feature(id: $0.id, wkb: try $0.geometry?.wkb, properties: $0.properties) })
        }
    }

    /// The same layers, their geometries read back in `context`.
    func layers(in context: GeometryContext) throws -> [ExportLayer] {
        try layers.map { layer in
            ExportLayer(name: layer.name, description: layer.description, geometryType: layer.geometryType, columns: layer.columns,
                        features: try layer.features.map { feature in
                OutputFeature(id: feature.id, geometry: try feature.wkb.map { try Geometry(wkb: $0, context: context) }, properties: feature.properties)
            })
        }
    }
}

/// The report's exports (the GeoJSON and CSV files, the GeoPackage and its QGIS project)
/// written by `Exporter.stage` on a thread of their own while the caller draws the maps and
/// the page. The layers cross as `PortableLayers`; `finish()` waits for the thread and throws
/// its error, so the caller fails exactly as the same exports on its own thread would.
final class BackgroundExport: @unchecked Sendable {
    private let condition = NSCondition()
    // Written once by the worker under `condition`, read after it is set: the seconds it took.
    private var outcome: Result<TimeInterval, any Error>?

    /// Starts writing `layers` and `tables` into the folder `exports` (GeoJSON and CSV files,
    /// then `borderplan.gpkg` and `borderplan.qgs`); `asOf` is the GeoPackage's `last_change`.
    init(_ layers: [ExportLayer], tables: [ExportTable], to exports: URL, asOf: PartialDate?) throws {
        let portable = try PortableLayers(layers)
        let thread = Thread { [self] in
            let start = Date()
            let result = Result {
                let own = try portable.layers(in: GeometryContext())
                try Exporter.stage(own, tables: tables, format: .geojson, to: exports)
                try Exporter.stage(own, tables: tables, format: .gpkg, to: exports.appendingPathComponent("borderplan.gpkg"), asOf: asOf)
                return Date().timeIntervalSince(start)
            }
            condition.lock()
            outcome = result
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 8 << 20   // as the main thread: the writers recurse into nested geometries and XML
        thread.start()
    }

    /// Waits for the worker; returns the seconds it worked, or throws its error.
    @discardableResult
    func finish() throws -> TimeInterval {
        condition.lock()
        while outcome == nil { condition.wait() }
        let done = outcome!
        condition.unlock()
        return try done.get()
    }
}
