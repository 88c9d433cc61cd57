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
    /// The GeoPackage written for `--out url`: the file itself when it ends in .gpkg, else borderplan.gpkg inside it.
    public static func gpkgFile(_ url: URL) -> URL {
        url.pathExtension.lowercased() == "gpkg" ? url : url.appendingPathComponent("borderplan.gpkg")
    }

    /// Fails before any work when `url` cannot receive the output (a folder where a file goes, or the reverse).
    public static func checkTarget(_ url: URL, format: ExportFormat) throws {
        switch format {
        case .geojson:
            guard pathState(url.path) != .file && pathState(url.path) != .other else {
                throw DataError(file: url.path, "is a file; --format geojson writes a folder of LAYER.geojson files")
            }
        case .gpkg: _ = try checkFileTarget(gpkgFile(url))
        }
    }

    @discardableResult
    public static func write(_ layers: [ExportLayer], format: ExportFormat, to url: URL) throws -> [URL] {
        switch format {
        case .geojson:
            try checkTarget(url, format: format)
            let texts = try layers.map { layer in
                (url.appendingPathComponent("\(layer.name).geojson"), try GeoJSONWriter.featureCollection(layer.features))
            }
            for (file, text) in texts { try writeAtomically(text, to: file) }
            return texts.map(\.0)
        case .gpkg:
            let file = gpkgFile(url)
            try GeoPackageWriter.write(layers, to: file)
            return [file]
        }
    }
}
