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

    /// Fails before any work when `url` cannot receive the output (a folder where a file goes, or the reverse).
    public static func checkTarget(_ url: URL, format: ExportFormat) throws {
        switch format {
        case .geojson, .csv, .shp:
            guard pathState(url.path) != .file && pathState(url.path) != .other else {
                throw DataError(file: url.path, problem: "dataerrors.export.is-file", ["format": .text(format.rawValue)])
            }
        case .gpkg:
            _ = try checkFileTarget(gpkgFile(url))
            _ = try checkFileTarget(projectFile(gpkgFile(url)))
        }
    }

    /// Writes `layers` and `tables` to `url`; returns the files written. Every file is produced in
    /// memory or under a temporary name first, so a failure leaves no half-written output.
    /// `asOf` is the GeoPackage's `last_change` (an input: the same inputs give the same bytes).
    @discardableResult
    public static func write(_ layers: [ExportLayer], tables: [ExportTable] = [], format: ExportFormat, to url: URL, asOf: PartialDate? = nil) throws -> [URL] {
        try checkTarget(url, format: format)
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
