import Foundation
import Geo

/// Export formats for GIS tools.
public enum ExportFormat: String, CaseIterable, Sendable {
    case geojson, gpkg, csv, shp
}

/// Writes export layers and their attribute tables: a folder of RFC 7946 `LAYER.geojson` and
/// `TABLE.csv` files, one GeoPackage (with its QGIS styles) and a QGIS project beside it, a
/// folder of CSV files (one layer or table each), or a folder of Shapefiles.
public enum Exporter {
    /// The GeoPackage written for `--out url`: the file itself when it ends in .gpkg, else borderplan.gpkg inside it.
    public static func gpkgFile(_ url: URL) -> URL {
        url.pathExtension.lowercased() == "gpkg" ? url : url.appendingPathComponent("borderplan.gpkg")
    }

    /// The QGIS project written beside the GeoPackage `gpkg`.
    public static func projectFile(_ gpkg: URL) -> URL { gpkg.deletingLastPathComponent().appendingPathComponent("borderplan.qgs") }

    /// The folder an export to `url` writes into, and the names it writes there when known in advance.
    static func outputFolder(_ url: URL, format: ExportFormat) -> (folder: URL, files: [String]) {
        switch format {
        case .geojson, .csv, .shp: return (url, [])
        case .gpkg:
            let gpkg = gpkgFile(url)
            return (gpkg.deletingLastPathComponent(), [gpkg.lastPathComponent, projectFile(gpkg).lastPathComponent])
        }
    }

    /// Fails before any work when `url` cannot receive the output (a folder where a file goes, the
    /// reverse, or a file of the same name that BorderPlan did not write: see `OutputFolder`).
    public static func checkTarget(_ url: URL, format: ExportFormat) throws {
        let (folder, files) = outputFolder(url, format: format)
        try OutputFolder.check(folder, files: files)
    }

    /// Writes `layers` and `tables` to `url`, all or nothing, never over a file BorderPlan did not
    /// write (`OutputFolder`); returns the files written.
    /// `asOf` is the GeoPackage's `last_change` (an input: the same inputs give the same bytes).
    @discardableResult
    public static func write(_ layers: [ExportLayer], tables: [ExportTable] = [], format: ExportFormat, to url: URL, asOf: PartialDate? = nil) throws -> [URL] {
        let (folder, files) = outputFolder(url, format: format)
        var written: [URL] = []
        try OutputFolder.write(folder, expected: files) { staging in
            let inStaging = format == .gpkg ? staging.appendingPathComponent(files[0]) : staging
            // In the order written (layers, then tables), named where they now are.
            written = try stage(layers, tables: tables, format: format, to: inStaging, asOf: asOf).map { file in
                folder.appendingPathComponent(String(file.standardizedFileURL.path.dropFirst(staging.standardizedFileURL.path.count + 1)))
            }
        }
        return written
    }

    /// Writes the export to `url` inside a staging folder of the caller's (`OutputFolder.staging`, or a
    /// folder in it); returns the files written there.
    @discardableResult
    public static func stage(_ layers: [ExportLayer], tables: [ExportTable] = [], format: ExportFormat, to url: URL, asOf: PartialDate? = nil) throws -> [URL] {
        switch format {
        case .geojson:
            var texts = try layers.map { (url.appendingPathComponent("\($0.name).geojson"), try GeoJSONWriter.featureCollection($0.features)) }
            for table in tables {
                let (csv, csvt) = ExportCSV.table(table)
                texts += [(url.appendingPathComponent("\(table.name).csv"), csv), (url.appendingPathComponent("\(table.name).csvt"), csvt)]
            }
            for (file, text) in texts { try writeAtomically(text, to: file) }
            return texts.map(\.0)
        case .csv:
            var texts: [(URL, String)] = []
            let named: [(String, (csv: String, csvt: String))] = try layers.map { ($0.name, try ExportCSV.layer($0)) } + tables.map { ($0.name, ExportCSV.table($0)) }
            for (name, (csv, csvt)) in named {
                texts += [(url.appendingPathComponent("\(name).csv"), csv), (url.appendingPathComponent("\(name).csvt"), csvt)]
            }
            for (file, text) in texts { try writeAtomically(text, to: file) }
            return texts.map(\.0)
        case .gpkg:
            let file = gpkgFile(url)
            try GeoPackageWriter.write(layers, tables: tables, asOf: asOf, to: file)
            let project = projectFile(file)
            try writeAtomically(QGISProject.document(layers, gpkgName: file.lastPathComponent), to: project)
            return [file, project]
        case .shp:
            return try ShapefileExport.write(layers, tables: tables, to: url)
        }
    }
}
