import Foundation
import Geo
import GRDB

/// Reads a road network through GDAL: `ogr2ogr` converts the user's file into a GeoPackage in a
/// temporary folder of our own (removed afterwards), which is then read row by row through a
/// SQLite cursor, so a file of any size is streamed, never loaded whole.
///
/// - `.osm.pbf` / `.osm`: the OSM driver's `lines` layer, rows with a `highway` tag; `surface`,
///   `tracktype`, `oneway` and `access` come from `other_tags` (hstore text), `osm_id` names the way.
/// - any other line layer GDAL reads (GeoPackage, Shapefile, GeoJSON, …), reprojected to WGS84:
///   the first layer with a `highway` (else `class`) field; `surface`, `tracktype`, `oneway`,
///   `access` and `osm_id` (else `id`) fields are used when present.
public enum RoadReader {
    /// Calls `body` for each road line of `url`, in file order.
    public static func read(_ url: URL, context: GeometryContext, _ body: (RoadFeature) throws -> Void) throws {
        let input = try checkInput(url, kind: .roads)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("borderplan-roads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let token = InterruptCleanup.shared.register { try? FileManager.default.removeItem(at: folder) }
        // Only our own temporary folder is removed; a failure to remove it leaves a file in /tmp, nothing worse.
        defer { InterruptCleanup.shared.unregister(token); try? FileManager.default.removeItem(at: folder) }
        let gpkg = folder.appendingPathComponent("roads.gpkg")
        try convert(input, to: gpkg)
        let queue = try DatabaseQueue(path: gpkg.path, configuration: readOnly())
        var count = 0
        try queue.read { db in
            let layer = try findLayer(db, file: input.name)
            let cursor = try Row.fetchCursor(db, sql: layer.query)
            while let row = try cursor.next() {
                guard let feature = try layer.feature(row, file: input.name, context: context) else { continue }
                count += 1
                try body(feature)
            }
        }
        guard count > 0 else { throw DataError(file: input.name, problem: "dataerrors.roads.no-line") }
    }

    static func isOSM(_ url: URL) -> Bool {
        let name = url.lastPathComponent.lowercased()
        return name.hasSuffix(".osm.pbf") || name.hasSuffix(".pbf") || name.hasSuffix(".osm")
    }

    static func convert(_ input: CheckedInput, to gpkg: URL) throws {
        guard let tool = ExternalTool.find("ogr2ogr") else {
            throw DataError(file: "ogr2ogr", problem: "dataerrors.tool.ogr2ogr-roads")
        }
        var arguments = ["-f", "GPKG", "-dim", "XY", "-lco", "SPATIAL_INDEX=NO", "-gt", "65536", gpkg.path, input.url.path]
        if isOSM(input.url) {
            arguments += ["lines", "-nln", "roads", "-where", "highway IS NOT NULL"]
        } else {
            arguments += ["-t_srs", "EPSG:4326"]
        }
        try ExternalTool.run(tool, arguments, file: input.name)
    }

    static func readOnly() -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }

    /// The first feature table with a `highway` or `class` column.
    static func findLayer(_ db: Database, file: String) throws -> RoadLayer {
        let tables = try String.fetchAll(db, sql: "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid")
        for table in tables {
            let columns = try db.columns(in: table).map(\.name)
            guard let geometry = try String.fetchOne(db, sql: "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", arguments: [table]) else { continue }
            if let layer = RoadLayer(table: table, geometry: geometry, columns: columns) { return layer }
        }
        throw DataError(file: file, problem: "dataerrors.roads.no-layer", ["layers": .text(tables.joined(separator: ", "))])
    }
}

/// The columns of the converted layer and how a row becomes a `RoadFeature`.
struct RoadLayer {
    var table: String
    var geometry: String
    var classColumn: String
    var columns: Set<String>

    init?(table: String, geometry: String, columns: [String]) {
        guard let classColumn = ["highway", "class"].first(where: columns.contains) else { return nil }
        self.table = table
        self.geometry = geometry
        self.classColumn = classColumn
        self.columns = Set(columns)
    }

    var query: String {
        let optional = ["surface", "tracktype", "oneway", "access", "osm_id", "id", "other_tags"].filter(columns.contains)
        let selected = (["fid", classColumn, geometry] + optional).map { "\"\($0)\"" }.joined(separator: ", ")
        return "SELECT \(selected) FROM \"\(table)\" ORDER BY fid"
    }

    /// The row as a road, nil when it has no class (a non-road line); an error for a broken geometry.
    func feature(_ row: Row, file: String, context: GeometryContext) throws -> RoadFeature? {
        let fid: Int64 = row["fid"]
        guard let highway = text(row, classColumn)?.lowercased(), !highway.isEmpty else { return nil }
        var tags: [String: String] = [:]
        if let other = text(row, "other_tags") { tags = HStore.parse(other) }
        for key in ["surface", "tracktype", "oneway", "access"] { if let value = text(row, key) { tags[key] = value } }
        let osmID = text(row, "osm_id") ?? text(row, "id")
        let label = osmID.map { "feature \(fid) (OSM way \($0))" } ?? "feature \(fid)"
        let blob: Data? = row[geometry]
        guard let blob else { throw DataError(file: file, feature: label, field: "geometry", problem: "dataerrors.geometry.none") }
        let parts = try GeoPackageGeometry.lines(blob, file: file, feature: label, context: context)
        let access = tags["access"]?.lowercased()
        return RoadFeature(fid: fid, osmID: osmID, highway: highway,
                           surface: RoadSurface.of(surface: tags["surface"], tracktype: tags["tracktype"]),
                           direction: RoadDirection(oneway: tags["oneway"]), closed: access == "no" || access == "private",
                           parts: parts)
    }

    /// A column's value as text (numbers too), nil when absent or NULL.
    func text(_ row: Row, _ column: String) -> String? {
        guard columns.contains(column), let value = row[column] as DatabaseValue? else { return nil }
        switch value.storage {
        case .null, .blob: return nil
        case let .string(text): return text
        case let .int64(number): return String(number)
        case let .double(number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        }
    }
}

/// GeoPackage geometry blobs (GPKG header + WKB) read as line vertex lists through GEOS.
enum GeoPackageGeometry {
    /// The parts of a LineString or MultiLineString; an error naming the feature for anything
    /// else, for a part with fewer than two distinct vertices, or coordinates off the globe.
    static func lines(_ blob: Data, file: String, feature: String, context: GeometryContext) throws -> [[(lon: Double, lat: Double)]] {
        let wkb = try stripHeader(blob, file: file, feature: feature)
        let geometry: Geometry
        do { geometry = try Geometry(wkb: wkb, context: context) } catch {
            throw DataError(file: file, feature: feature, field: "geometry", problem: "dataerrors.geometry.invalid", ["detail": .text("\(error)")])
        }
        guard geometry.type == .lineString || geometry.type == .multiLineString else {
            throw DataError(file: file, feature: feature, field: "geometry", problem: "dataerrors.roads.not-line", ["type": .text(geometry.type.rawValue)])
        }
        return try geometry.parts.map { part in
            let points = try part.coordinates
            guard points.allSatisfy({ abs($0.lat) <= 90 && abs($0.lon) <= 180 }) else {
                throw DataError(file: file, feature: feature, field: "geometry", problem: "dataerrors.roads.vertex")
            }
            guard Set(points).count >= 2 else {
                throw DataError(file: file, feature: feature, field: "geometry", problem: "dataerrors.roads.two-vertices")
            }
            return points.map { ($0.lon, $0.lat) }
        }
    }

    /// The WKB after the GeoPackage header (magic `GP`, version, flags, srs id, envelope).
    static func stripHeader(_ blob: Data, file: String, feature: String) throws -> [UInt8] {
        let bytes = [UInt8](blob)
        guard bytes.count >= 8, bytes[0] == 0x47, bytes[1] == 0x50 else {
            throw DataError(file: file, feature: feature, field: "geometry", problem: "dataerrors.roads.blob")
        }
        let envelopeSizes = [0, 32, 48, 48, 64]
        let indicator = Int((bytes[3] >> 1) & 0x07)
        guard indicator < envelopeSizes.count, bytes.count > 8 + envelopeSizes[indicator] else {
            throw DataError(file: file, feature: feature, field: "geometry", problem: "dataerrors.roads.blob-header")
        }
        return Array(bytes[(8 + envelopeSizes[indicator])...])
    }
}
