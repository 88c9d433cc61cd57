import CSQLite
import Foundation
import Geo

/// Writes OGC GeoPackage 1.3 files (SQLite): one feature table per layer, the
/// `gpkg_spatial_ref_sys` (EPSG:4326), `gpkg_contents` and `gpkg_geometry_columns`
/// tables, and GeoPackage binary geometries with their envelopes.
///
/// The only place BorderPlan touches SQLite. The file is written under a temporary
/// name and renamed when complete, so a failure never leaves half a GeoPackage.
public enum GeoPackageWriter {
    /// `last_change` of every table: the date of the OpenStreetMap extract the data comes
    /// from, fixed so that the same inputs give a byte-identical file.
    public static let lastChange = "2026-10-17T00:00:00.000Z"

    static let wgs84Definition = """
        GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],\
        PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],\
        AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]
        """

    final class Database {
        let handle: OpaquePointer
        let file: String

        init(path: String) throws {
            file = path
            var db: OpaquePointer?
            guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
                let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
                if let db { sqlite3_close(db) }
                throw DataError(file: path, "SQLite: \(message)")
            }
            handle = db
        }

        deinit { sqlite3_close(handle) }

        func execute(_ sql: String) throws {
            var error: UnsafeMutablePointer<CChar>?
            guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
                let message = error.map { String(cString: $0) } ?? "unknown error"
                sqlite3_free(error)
                throw DataError(file: file, "SQLite: \(message) in \(sql.prefix(80))")
            }
        }

        func prepare(_ sql: String) throws -> OpaquePointer {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
                throw DataError(file: file, "SQLite: \(String(cString: sqlite3_errmsg(handle))) in \(sql.prefix(80))")
            }
            return statement
        }

        func step(_ statement: OpaquePointer) throws {
            guard sqlite3_step(statement) == SQLITE_DONE else {
                throw DataError(file: file, "SQLite: \(String(cString: sqlite3_errmsg(handle)))")
            }
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
    }

    /// Quotes an SQL identifier.
    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// SQLITE_TRANSIENT: SQLite copies the bound bytes.
    static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    public static func write(_ layers: [ExportLayer], to url: URL) throws {
        try createFolder(url.deletingLastPathComponent())
        try prepareFileOutput(url)
        let temporary = temporarySibling(of: url, suffix: "tmp")
        let token = InterruptCleanup.shared.register { unlink(temporary.path) }
        defer { InterruptCleanup.shared.unregister(token) }
        do {
            try writeDatabase(layers, path: temporary.path)
            try moveIntoPlace(temporary, url)
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    static func writeDatabase(_ layers: [ExportLayer], path: String) throws {
        let db = try Database(path: path)
        try db.execute("PRAGMA application_id = 1196444487; PRAGMA user_version = 10300; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        try db.execute("BEGIN")
        try db.execute("""
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
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
            """)
        let srs = try db.prepare("INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')")
        defer { sqlite3_finalize(srs) }
        sqlite3_bind_text(srs, 1, wgs84Definition, -1, transient)
        try db.step(srs)

        for layer in layers {
            let table = identifier(layer.name)
            let columns = layer.columns.map { "\(identifier($0.name)) \($0.kind.rawValue)" }.joined(separator: ", ")
            try db.execute("CREATE TABLE \(table) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom \(layer.geometryType)\(columns.isEmpty ? "" : ", " + columns))")
            let placeholders = Array(repeating: "?", count: layer.columns.count + 1).joined(separator: ", ")
            let insert = try db.prepare("INSERT INTO \(table) (geom\(layer.columns.map { ", " + identifier($0.name) }.joined())) VALUES (\(placeholders))")
            defer { sqlite3_finalize(insert) }
            var extent: Envelope?
            for feature in layer.features {
                if let geometry = feature.geometry {
                    let blob = try geometryBlob(geometry)
                    _ = blob.withUnsafeBytes { sqlite3_bind_blob(insert, 1, $0.baseAddress, Int32($0.count), transient) }
                    if let box = geometry.envelope { extent = extent.map { $0.union(box) } ?? box }
                } else {
                    sqlite3_bind_null(insert, 1)
                }
                for (index, column) in layer.columns.enumerated() {
                    let position = Int32(index + 2)
                    let value = feature.properties.indices.contains(index) ? feature.properties[index].value : .null
                    switch value {
                    case .null: sqlite3_bind_null(insert, position)
                    case let .bool(flag): sqlite3_bind_int64(insert, position, flag ? 1 : 0)
                    case let .int(number):
                        if column.kind == .real { sqlite3_bind_double(insert, position, Double(number)) } else { sqlite3_bind_int64(insert, position, Int64(number)) }
                    case let .number(number, decimals):
                        let rounded = Double(formatNumber(number, decimals: decimals)) ?? number
                        if column.kind == .integer { sqlite3_bind_int64(insert, position, Int64(rounded)) } else { sqlite3_bind_double(insert, position, rounded) }
                    case let .string(text): sqlite3_bind_text(insert, position, text, -1, transient)
                    case .array, .object: sqlite3_bind_text(insert, position, value.serialized(), -1, transient)
                    }
                }
                try db.step(insert)
            }
            let contents = try db.prepare("INSERT INTO gpkg_contents VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)")
            defer { sqlite3_finalize(contents) }
            sqlite3_bind_text(contents, 1, layer.name, -1, transient)
            sqlite3_bind_text(contents, 2, layer.name, -1, transient)
            sqlite3_bind_text(contents, 3, layer.description, -1, transient)
            sqlite3_bind_text(contents, 4, lastChange, -1, transient)
            if let extent {
                sqlite3_bind_double(contents, 5, extent.minX)
                sqlite3_bind_double(contents, 6, extent.minY)
                sqlite3_bind_double(contents, 7, extent.maxX)
                sqlite3_bind_double(contents, 8, extent.maxY)
            }
            try db.step(contents)
            let geometryColumns = try db.prepare("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)")
            defer { sqlite3_finalize(geometryColumns) }
            sqlite3_bind_text(geometryColumns, 1, layer.name, -1, transient)
            sqlite3_bind_text(geometryColumns, 2, layer.geometryType, -1, transient)
            try db.step(geometryColumns)
        }
        try db.execute("COMMIT")
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
