import Foundation
import Geo

/// Export formats for GIS tools.
public enum ExportFormat: String, CaseIterable, Sendable {
    case geojson, gpkg
}

/// Writes export layers: one RFC 7946 `LAYER.geojson` per layer in a folder, or one GeoPackage.
public enum Exporter {
    /// Writes `layers` to `url` (a folder for GeoJSON, a .gpkg file); returns the files written.
    /// Every file is produced in memory (GeoJSON) or under a temporary name (GeoPackage)
    /// first, so a failure leaves no half-written output.
    @discardableResult
    public static func write(_ layers: [ExportLayer], format: ExportFormat, to url: URL) throws -> [URL] {
        switch format {
        case .geojson:
            let texts = try layers.map { layer in
                (url.appendingPathComponent("\(layer.name).geojson"), try GeoJSONWriter.featureCollection(layer.features))
            }
            for (file, text) in texts { try writeAtomically(text, to: file) }
            return texts.map(\.0)
        case .gpkg:
            let file = url.pathExtension.lowercased() == "gpkg" ? url : url.appendingPathComponent("borderplan.gpkg")
            try GeoPackageWriter.write(layers, to: file)
            return [file]
        }
    }
}
