import Foundation
import Geo
import GRDB

/// Writes OGC GeoPackage 1.3 files (SQLite, through GRDB): one feature table per layer, the
/// `gpkg_spatial_ref_sys` (EPSG:4326), `gpkg_contents`, `gpkg_geometry_columns` and
/// `gpkg_extensions` tables, GeoPackage binary geometries with their envelopes, and an
/// R-tree spatial index (`gpkg_rtree_index`) on every layer's geometry.
///
/// The only place BorderPlan touches SQLite. The file is written under a temporary
/// name and renamed when complete, so a failure never leaves half a GeoPackage. Every
/// SQLite call is checked (GRDB throws); a failure names the file, the layer and the feature.
public enum GeoPackageWriter {
    /// `last_change` of every table when no as-of date is given: the date of the OpenStreetMap
    /// extract the data comes from, fixed so that the same inputs give a byte-identical file.
    public static let lastChange = "2026-10-17T00:00:00.000Z"

    /// `last_change` for a report's as-of date (an input, so the file stays reproducible):
    /// midnight UTC of its first day when the date is partial.
    public static func lastChange(asOf: PartialDate?) -> String {
        guard let asOf else { return lastChange }
        return String(format: "%04d-%02d-%02dT00:00:00.000Z", asOf.year, asOf.month ?? 1, asOf.day ?? 1)
    }

    /// The GeoPackage geometry column of every feature table.
    public static let geometryColumn = "geom"

    /// `gpkg_extensions.definition` of the R-tree index, as GDAL writes it.
    static let rtreeDefinition = "http://www.geopackage.org/spec120/#extension_rtree"

    static let wgs84Definition = """
        GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],\
        PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],\
        AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]
        """

    /// Quotes an SQL identifier.
    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Name of the R-tree virtual table of a layer: `rtree_<table>_<column>`.
    public static func rtreeTable(_ layer: String) -> String { "rtree_\(layer)_\(geometryColumn)" }

    /// Writes `layers` (feature tables with their QGIS styles) and `tables` (attribute tables) to `url`.
    public static func write(_ layers: [ExportLayer], tables: [ExportTable] = [], asOf: PartialDate? = nil, to url: URL) throws {
        try createFolder(url.deletingLastPathComponent())
        try prepareFileOutput(url)
        let temporary = temporarySibling(of: url, suffix: "tmp")
        let token = InterruptCleanup.shared.register { unlink(temporary.path) }
        defer { InterruptCleanup.shared.unregister(token) }
        do {
            try writeDatabase(layers, tables: tables, lastChange: lastChange(asOf: asOf), path: temporary.path, file: url.path)
            try moveIntoPlace(temporary, url)
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    /// Creates the GeoPackage at `path`: settings, core tables, then each layer with its index.
    /// Errors name `file`, the file the user asked for.
    static func writeDatabase(_ layers: [ExportLayer], tables: [ExportTable], lastChange: String, path: String, file: String) throws {
        let queue = try located(file) { try DatabaseQueue(path: path, configuration: configuration()) }
        try located(file) {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
                try db.inTransaction {
                    try createCoreTables(db)
                    for layer in layers { try writeLayer(layer, lastChange: lastChange, db: db, path: file) }
                    for table in tables { try writeTable(table, lastChange: lastChange, db: db, path: file) }
                    try located(file, layer: "layer_styles") { try writeStyles(layers, lastChange: lastChange, db: db) }
                    return .commit
                }
            }
        }
        try located(file) { try queue.close() }
    }

    /// One connection, no WAL, foreign keys checked (GeoPackage's core tables declare them).
    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "GeoPackage"
        return configuration
    }

    /// Runs `body`, turning an SQLite (or geometry) error into a `DataError` that names the
    /// file, layer and feature. An error already located passes through.
    @discardableResult
    static func located<T>(_ path: String, layer: String? = nil, feature: String? = nil, _ body: () throws -> T) throws -> T {
        let place = [layer.map { "layer '\($0)'" }, feature.map { "feature '\($0)'" }].compactMap { $0 }.joined(separator: ", ")
        do {
            return try body()
        } catch let error as DataError {
            throw error
        } catch let error as DatabaseError {
            throw DataError(file: path, feature: place.isEmpty ? nil : place,
                            "SQLite: \(error.message ?? error.resultCode.description)\(error.sql.map { " in \($0.prefix(80))" } ?? "")")
        } catch {
            throw DataError(file: path, feature: place.isEmpty ? nil : place, "\(error)")
        }
    }

    /// `gpkg_spatial_ref_sys` (with EPSG:4326), `gpkg_contents`, `gpkg_geometry_columns`, `gpkg_extensions`.
    static func createCoreTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
              description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
              scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
            """)
        try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
                       arguments: [wgs84Definition])
    }

    /// One layer: its feature table and rows, its R-tree, then its `gpkg_contents`,
    /// `gpkg_geometry_columns` and `gpkg_extensions` rows.
    static func writeLayer(_ layer: ExportLayer, lastChange: String, db: Database, path: String) throws {
        try located(path, layer: layer.name) {
            try createFeatureTable(layer, db: db)
            try createSpatialIndex(layer, db: db)
        }
        let extent = try insertFeatures(layer, db: db, path: path)
        try located(path, layer: layer.name) {
            try db.execute(sql: "INSERT INTO gpkg_contents VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)",
                           arguments: [layer.name, layer.name, layer.description, lastChange, extent?.minX, extent?.minY, extent?.maxX, extent?.maxY])
            try db.execute(sql: "INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)",
                           arguments: [layer.name, geometryColumn, layer.geometryType])
            try db.execute(sql: "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', ?, 'write-only')",
                           arguments: [layer.name, geometryColumn, rtreeDefinition])
            try createIndexTriggers(layer.name, db: db)
        }
    }

    /// An attribute table (GeoPackage 1.3 §2.4): a plain table registered with data_type 'attributes'.
    static func writeTable(_ table: ExportTable, lastChange: String, db: Database, path: String) throws {
        try located(path, layer: table.name) {
            let columns = table.columns.map { ", \(identifier($0.name)) \(sqlType($0.kind))" }.joined()
            try db.execute(sql: "CREATE TABLE \(identifier(table.name)) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL\(columns))")
            let names = table.columns.map { identifier($0.name) }.joined(separator: ", ")
            let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
            let insert = try db.makeStatement(sql: "INSERT INTO \(identifier(table.name)) (\(names)) VALUES (\(placeholders))")
            for row in table.rows {
                try insert.execute(arguments: StatementArguments(zip(table.columns, row).map { databaseValue($1, kind: $0.kind) }))
            }
            try db.execute(sql: "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES (?, 'attributes', ?, ?, ?)",
                           arguments: [table.name, table.name, table.description, lastChange])
        }
    }

    /// The `layer_styles` table exactly as QGIS creates it (through GDAL: an attributes table),
    /// with one default style per layer: its QML and SLD from `LayerStyles`.
    static func writeStyles(_ layers: [ExportLayer], lastChange: String, db: Database) throws {
        let styles = layers.compactMap { LayerStyles.style(for: $0.name) }
        guard !styles.isEmpty else { return }
        try db.execute(sql: """
            CREATE TABLE "layer_styles" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "f_table_catalog" TEXT(256), "f_table_schema" TEXT(256),
              "f_table_name" TEXT(256), "f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT, "useAsDefault" BOOLEAN,
              "description" TEXT, "owner" TEXT(30), "ui" TEXT(30), "update_time" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))
            """)
        let insert = try db.makeStatement(sql: """
            INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD,
              useAsDefault, description, owner, ui, update_time) VALUES ('', '', ?, ?, ?, ?, ?, 1, ?, '', NULL, ?)
            """)
        for style in styles {
            try insert.execute(arguments: [style.layer, geometryColumn, style.layer, StyleXML.qml(style), StyleXML.sld(style),
                                           "BorderPlan: the maps' colours and symbols", lastChange])
        }
        try db.execute(sql: "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', '', ?)",
                       arguments: [lastChange])
    }

    /// The GeoPackage type of a column: integers are MEDIUMINT (32-bit; every count and id of
    /// the export fits), which GDAL reads as Integer, as it reads them from the GeoJSON; an
    /// INTEGER column would be Integer64 there.
    static func sqlType(_ kind: ExportColumn.Kind) -> String { kind == .integer ? "MEDIUMINT" : kind.rawValue }

    static func createFeatureTable(_ layer: ExportLayer, db: Database) throws {
        let columns = layer.columns.map { ", \(identifier($0.name)) \(sqlType($0.kind))" }.joined()
        try db.execute(sql: "CREATE TABLE \(identifier(layer.name)) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \(geometryColumn) \(layer.geometryType)\(columns))")
    }

    /// The R-tree of the layer (filled row by row in `insertFeatures`).
    static func createSpatialIndex(_ layer: ExportLayer, db: Database) throws {
        try db.execute(sql: "CREATE VIRTUAL TABLE \(identifier(rtreeTable(layer.name))) USING rtree(id, minx, maxx, miny, maxy)")
    }

    /// Inserts every feature and its R-tree entry (non-empty geometries only, as the spec says);
    /// returns the layer's extent.
    static func insertFeatures(_ layer: ExportLayer, db: Database, path: String) throws -> Envelope? {
        let names = ([geometryColumn] + layer.columns.map(\.name)).map(identifier).joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: layer.columns.count + 1).joined(separator: ", ")
        let (insert, index) = try located(path, layer: layer.name) {
            (try db.makeStatement(sql: "INSERT INTO \(identifier(layer.name)) (\(names)) VALUES (\(placeholders))"),
             try db.makeStatement(sql: "INSERT INTO \(identifier(rtreeTable(layer.name))) VALUES (?, ?, ?, ?, ?)"))
        }
        var extent: Envelope?
        for (position, feature) in layer.features.enumerated() {
            let envelope = feature.geometry.flatMap { $0.isEmpty ? nil : $0.envelope }
            try located(path, layer: layer.name, feature: feature.id ?? "#\(position + 1)") {
                var values: [DatabaseValue] = [try feature.geometry.map { Data(try geometryBlob($0)).databaseValue } ?? .null]
                values += layer.columns.enumerated().map { index, column in
                    databaseValue(feature.properties.indices.contains(index) ? feature.properties[index].value : .null, kind: column.kind)
                }
                try insert.execute(arguments: StatementArguments(values))
                if let envelope {
                    try index.execute(arguments: [db.lastInsertedRowID, envelope.minX, envelope.maxX, envelope.minY, envelope.maxY])
                }
            }
            if let envelope { extent = extent.map { $0.union(envelope) } ?? envelope }
        }
        return extent
    }

    /// An attribute as SQLite stores it in a column of `kind`: numbers rounded as the GeoJSON writes them.
    static func databaseValue(_ value: JSONValue, kind: ExportColumn.Kind) -> DatabaseValue {
        switch value {
        case .null: return .null
        case let .bool(flag): return (flag ? 1 : 0).databaseValue
        case let .int(number): return kind == .real ? Double(number).databaseValue : Int64(number).databaseValue
        case let .number(number, decimals), let .real(number, decimals):
            guard number.isFinite else { return .null }   // the GeoJSON writer writes null too
            let rounded = Double(formatNumber(number, decimals: decimals)) ?? number   // a finite number always parses back
            return kind == .integer ? Int64(rounded).databaseValue : rounded.databaseValue
        case let .string(text): return text.databaseValue
        case .array, .object: return value.serialized().databaseValue
        }
    }

    /// The GeoPackage 1.3 triggers that keep the R-tree in step when another program edits
    /// the file (they call GDAL/SpatiaLite's `ST_*` functions, so they are created after the rows).
    static func createIndexTriggers(_ layer: String, db: Database) throws {
        let t = identifier(layer), c = identifier(geometryColumn), r = identifier(rtreeTable(layer))
        let name = { (suffix: String) in identifier("\(rtreeTable(layer))_\(suffix)") }
        let values = "VALUES (NEW.fid, ST_MinX(NEW.\(c)), ST_MaxX(NEW.\(c)), ST_MinY(NEW.\(c)), ST_MaxY(NEW.\(c)))"
        try db.execute(sql: """
            CREATE TRIGGER \(name("insert")) AFTER INSERT ON \(t) WHEN (new.\(c) NOT NULL AND NOT ST_IsEmpty(NEW.\(c)))
            BEGIN INSERT OR REPLACE INTO \(r) \(values); END;
            CREATE TRIGGER \(name("update1")) AFTER UPDATE OF \(c) ON \(t) WHEN OLD.fid = NEW.fid AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c)))
            BEGIN INSERT OR REPLACE INTO \(r) \(values); END;
            CREATE TRIGGER \(name("update2")) AFTER UPDATE OF \(c) ON \(t) WHEN OLD.fid = NEW.fid AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c)))
            BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
            CREATE TRIGGER \(name("update3")) AFTER UPDATE OF \(c) ON \(t) WHEN OLD.fid != NEW.fid AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c)))
            BEGIN DELETE FROM \(r) WHERE id = OLD.fid; INSERT OR REPLACE INTO \(r) \(values); END;
            CREATE TRIGGER \(name("update4")) AFTER UPDATE ON \(t) WHEN OLD.fid != NEW.fid AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c)))
            BEGIN DELETE FROM \(r) WHERE id IN (OLD.fid, NEW.fid); END;
            CREATE TRIGGER \(name("delete")) AFTER DELETE ON \(t) WHEN old.\(c) NOT NULL
            BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
            """)
    }

    /// GeoPackage binary geometry: "GP", version 0, flags (little-endian, xy envelope or empty),
    /// SRS id 4326, the envelope, then little-endian WKB.
    public static func geometryBlob(_ geometry: Geometry) throws -> [UInt8] {
        var bytes: [UInt8] = [0x47, 0x50, 0x00]
        let envelope = geometry.isEmpty ? nil : geometry.envelope
        bytes.append(envelope == nil ? 0b0001_0001 : 0b0000_0011)
        withUnsafeBytes(of: Int32(4326).littleEndian) { bytes.append(contentsOf: $0) }
        if let envelope {
            for value in [envelope.minX, envelope.maxX, envelope.minY, envelope.maxY] {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        bytes.append(contentsOf: try geometry.wkb)
        return bytes
    }
}
