import Foundation
import Geo

/// The Shapefile export: the GeoJSON export (and the tables' CSV) converted by GDAL's
/// `ogr2ogr` with `-lco ENCODING=UTF-8` (a `.cpg` of UTF-8, so Arabic names survive).
/// Field names longer than the DBF's 10 characters get short names, listed in `shapefile_fields.csv`.
enum ShapefileExport {
    static let tool = "ogr2ogr"

    /// The DBF field names of `names`: kept when ≤ 10 characters, else cut to 10, and to 8 plus
    /// a two-digit number when that collides; unique and in order.
    static func shortNames(_ names: [String]) -> [String] {
        var used = Set<String>()
        return names.map { name in
            var short = String(name.prefix(10))
            var number = 1
            while used.contains(short.lowercased()) {
                short = String(name.prefix(8)) + String(format: "%02d", number)
                number += 1
            }
            used.insert(short.lowercased())
            return short
        }
    }

    /// The mixed-geometry layer (projects) is split by geometry kind (a Shapefile holds one),
    /// into the parts that have features.
    static func parts(_ layer: ExportLayer) -> [(name: String, condition: String?)] {
        guard layer.geometryType == "GEOMETRY" else { return [(layer.name, nil)] }
        let kinds: [(suffix: String, types: [GeometryType])] = [("points", [.point, .multiPoint]), ("lines", [.lineString, .multiLineString]),
                                                                ("polygons", [.polygon, .multiPolygon])]
        let present = Set(layer.features.compactMap { $0.geometry?.type })
        return kinds.filter { !present.isDisjoint(with: $0.types) }.map { kind in
            ("\(layer.name)_\(kind.suffix)", "OGR_GEOMETRY IN (\(kind.types.map { "'\($0.rawValue.uppercased())'" }.joined(separator: ", ")))")
        }
    }

    static func write(_ layers: [ExportLayer], tables: [ExportTable], to url: URL) throws -> [URL] {
        guard let executable = ExternalTool.find(tool) else {
            throw DataError(file: tool, problem: "dataerrors.tool.ogr2ogr-shp")
        }
        let staging = temporarySibling(of: url.appendingPathComponent("shp"), suffix: "staging")
        try createFolder(url)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        let token = InterruptCleanup.shared.register { try? FileManager.default.removeItem(at: staging) }
        defer { InterruptCleanup.shared.unregister(token); try? FileManager.default.removeItem(at: staging) }  // only our own staging folder
        let sources = staging.appendingPathComponent("src")
        try Exporter.write(layers, tables: tables, format: .geojson, to: sources)
        let output = staging.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: false)
        var mapping = "layer,field,shp_field\r\n"
        typealias Input = (source: String, name: String, condition: String?, columns: [String], ext: String)
        let layerInputs: [Input] = layers.flatMap { layer in parts(layer).map { (layer.name, $0.name, $0.condition, layer.columns.map(\.name), "geojson") } }
        let inputs = layerInputs + tables.map { ($0.name, $0.name, nil, $0.columns.map(\.name), "csv") }
        for (source, name, condition, columns, ext) in inputs {
            let short = shortNames(columns)
            for (long, field) in zip(columns, short) where long != field { mapping += ExportCSV.line([name, long, field]) }
            let select = zip(columns, short).map { "\"\($0)\" AS \"\($1)\"" }.joined(separator: ", ")
            let sql = "SELECT \(select) FROM \"\(source)\"" + (condition.map { " WHERE \($0)" } ?? "")
            let input = sources.appendingPathComponent("\(source).\(ext)")
            try ExternalTool.run(executable, ["-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", "-dialect", "OGRSQL", "-sql", sql, "-nln", name,
                                 output.appendingPathComponent("\(name).shp").path, input.path], file: input.path)
        }
        try writeAtomically(mapping, to: output.appendingPathComponent("shapefile_fields.csv"))
        return try moveAll(from: output, to: url)
    }

    /// Puts every staged file in place (a .cpg of UTF-8 written for each .dbf that has none).
    static func moveAll(from staging: URL, to url: URL) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: staging.path).sorted()
        for name in names where name.hasSuffix(".dbf") {
            let cpg = staging.appendingPathComponent(String(name.dropLast(4)) + ".cpg")
            if !FileManager.default.fileExists(atPath: cpg.path) { try writeAtomically("UTF-8", to: cpg) }
        }
        let all = try FileManager.default.contentsOfDirectory(atPath: staging.path).sorted()
        return try all.map { name in
            let target = url.appendingPathComponent(name)
            try prepareFileOutput(target)
            try moveIntoPlace(staging.appendingPathComponent(name), target)
            return target
        }
    }
}
