import Foundation

/// The files an export will write, known from its options before any work, so that `export` and
/// `compare --format geojson` refuse a folder holding a user's file of the same name at once, as
/// `report` does, not after seconds of computing (`OutputFolder.check`; the commit checks again).
public enum ExportFiles {
    /// The attribute tables that go with the layers `kinds` (the tables `ExportLayerBuilder.tables` writes).
    public static func tableNames(_ kinds: [ExportLayerKind]) -> [String] {
        ExportTableKind.going(with: kinds).map(\.rawValue)
    }

    /// The files (relative paths) an export of the layers `kinds` and their tables writes into the
    /// folder of `--out` in a folder format. Shapefiles: every file of a layer of one geometry type
    /// and of a table; the parts of the mixed layer (`projects`) depend on its features, so only the
    /// commit checks them.
    public static func names(_ kinds: [ExportLayerKind], format: ExportFormat) -> [String] {
        let layers = ExportLayerBuilder.allLayers.filter(kinds.contains).map(\.rawValue)
        let tables = tableNames(kinds)
        switch format {
        case .geojson: return layers.map { "\($0).geojson" } + tables.flatMap { ["\($0).csv", "\($0).csvt"] }
        case .csv: return (layers + tables).flatMap { ["\($0).csv", "\($0).csvt"] }
        case .gpkg:
            let gpkg = Exporter.gpkgFile(URL(fileURLWithPath: "."))
            return [gpkg.lastPathComponent, Exporter.projectFile(gpkg).lastPathComponent]
        case .shp:
            let single = ExportLayerBuilder.allLayers.filter { kinds.contains($0) && $0 != .projects }.map(\.rawValue)
            return single.flatMap { name in ["shp", "shx", "dbf", "prj", "cpg"].map { "\(name).\($0)" } }
                + tables.flatMap { ["\($0).dbf", "\($0).cpg"] } + ["shapefile_fields.csv"]
        }
    }

    /// Throws before any work unless `url` may receive the export of `kinds` in `format`: the
    /// target itself (`Exporter.checkTarget`), then each file the export will write there.
    public static func check(_ url: URL, format: ExportFormat, layers kinds: [ExportLayerKind]) throws {
        try Exporter.checkTarget(url, format: format)
        guard format != .gpkg else { return }   // checkTarget checked the GeoPackage and its project
        try OutputFolder.check(url, files: names(kinds, format: format))
    }
}
