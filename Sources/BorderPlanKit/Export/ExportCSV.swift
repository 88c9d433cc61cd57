import Foundation

/// RFC 4180 CSV of one layer or table per file, with GDAL's `.csvt` sidecar naming each
/// column's type (so `ogr2ogr` and QGIS read the same types as from the GeoPackage).
enum ExportCSV {
    /// A field quoted when it holds a comma, a quote or a line break (quotes doubled).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A cell: text as is, numbers as the GeoJSON writes them, booleans 1/0, null empty.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case let .string(text): return text
        case let .bool(flag): return flag ? "1" : "0"
        default: return value.serialized()
        }
    }

    /// GDAL's CSVT type name of a column.
    static func csvtType(_ kind: ExportColumn.Kind) -> String {
        switch kind {
        case .text: return "String"
        case .integer: return "Integer"
        case .real: return "Real"
        case .boolean: return "Integer(Boolean)"
        case .date: return "Date"
        }
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    /// The CSV text and its CSVT of an attribute table.
    static func table(_ table: ExportTable) -> (csv: String, csvt: String) {
        let body = table.rows.map { line($0.map(cell)) }.joined()
        return (line(table.columns.map(\.name)) + body, line(table.columns.map { csvtType($0.kind) }))
    }

    /// A layer as CSV: its geometry as WKT in a first column `WKT` (GDAL's CSV driver reads it
    /// as the geometry), then the attributes.
    static func layer(_ layer: ExportLayer) throws -> (csv: String, csvt: String) {
        var text = line(["WKT"] + layer.columns.map(\.name))
        for feature in layer.features {
            let wkt = try feature.geometry.map { try $0.wkt(precision: 6) } ?? ""
            text += line([wkt] + layer.columns.indices.map { feature.properties.indices.contains($0) ? cell(feature.properties[$0].value) : "" })
        }
        return (text, line(["WKT"] + layer.columns.map { csvtType($0.kind) }))
    }
}
