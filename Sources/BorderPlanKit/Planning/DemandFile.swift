import Foundation
import Geo

/// A weighted demand point of a user demand layer.
public struct DemandPoint: Sendable {
    public var location: Coordinate
    public var weight: Double
}

/// Reads `--demand FILE`: GeoJSON Point features with a numeric property named by
/// `--weight`, or CSV with a header `lat,lon,weight`. A bad row is an error naming
/// the file and the line (or feature), never a silent skip.
public enum DemandFile {
    public static func load(_ url: URL, weightProperty: String = "weight", context: GeometryContext) throws -> [DemandPoint] {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataError(file: file, "cannot read the demand layer: \((error as NSError).localizedDescription)")
        }
        return try parse(data, file: file, csv: url.pathExtension.lowercased() == "csv", weightProperty: weightProperty, context: context)
    }

    /// Parses a demand layer already in memory: CSV when `csv`, else GeoJSON.
    public static func parse(_ data: Data, file: String, csv isCSV: Bool, weightProperty: String = "weight", context: GeometryContext) throws -> [DemandPoint] {
        guard !data.isEmpty else { throw DataError(file: file, "the demand file is empty") }
        if isCSV { return try csv(data, file: file) }
        return try geoJSON(data, file: file, weightProperty: weightProperty, context: context)
    }

    static func check(_ point: DemandPoint, file: String, feature: String?, line: Int?) throws -> DemandPoint {
        let place = feature ?? line.map { "line \($0)" }
        guard point.location.lat.isFinite, abs(point.location.lat) <= 90 else {
            throw DataError(file: file, feature: place, field: "lat", "latitude \(point.location.lat) is out of range (−90…90)")
        }
        guard point.location.lon.isFinite, abs(point.location.lon) <= 180 else {
            throw DataError(file: file, feature: place, field: "lon", "longitude \(point.location.lon) is out of range (−180…180)")
        }
        guard point.weight.isFinite, point.weight >= 0 else {
            throw DataError(file: file, feature: place, field: "weight", "weight \(point.weight) is not a finite number ≥ 0")
        }
        return point
    }

    static func csv(_ data: Data, file: String) throws -> [DemandPoint] {
        guard let text = String(data: data, encoding: .utf8) else { throw DataError(file: file, "not UTF-8 text") }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first else { throw DataError(file: file, "no header line") }
        let columns = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let lat = columns.firstIndex(of: "lat"), let lon = columns.firstIndex(of: "lon"), let weight = columns.firstIndex(of: "weight") else {
            throw DataError(file: file, feature: "line 1", "the header must name the columns lat, lon and weight, found \(header)")
        }
        var points: [DemandPoint] = []
        points.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated().dropFirst() {
            let lineNumber = index + 1
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == columns.count else {
                throw DataError(file: file, feature: "line \(lineNumber)", "expected \(columns.count) values, found \(cells.count)")
            }
            func number(_ column: Int, _ name: String) throws -> Double {
                guard let value = Double(cells[column]), value.isFinite else {
                    throw DataError(file: file, feature: "line \(lineNumber)", field: name, "'\(cells[column])' is not a finite number")
                }
                return value
            }
            points.append(try check(DemandPoint(location: Coordinate(lon: try number(lon, "lon"), lat: try number(lat, "lat")), weight: try number(weight, "weight")),
                                    file: file, feature: nil, line: lineNumber))
        }
        guard !points.isEmpty else { throw DataError(file: file, "no demand rows after the header") }
        return points
    }

    static func geoJSON(_ data: Data, file: String, weightProperty: String, context: GeometryContext) throws -> [DemandPoint] {
        let features = try GeoJSONReader.parse(data, file: file, as: [String: JSONScalar].self, context: context, lonLat: false)
        guard !features.isEmpty else { throw DataError(file: file, "no features") }
        return try features.map { feature in
            guard let geometry = feature.geometry, geometry.type == .point, let location = try geometry.coordinates.first else {
                throw DataError(file: file, feature: feature.label, field: "geometry", "expected a Point")
            }
            guard let value = feature.properties[weightProperty] else {
                throw DataError(file: file, feature: feature.label, field: weightProperty, "missing weight property")
            }
            guard case let .number(weight) = value else {
                throw DataError(file: file, feature: feature.label, field: weightProperty, "the weight must be a number")
            }
            return try check(DemandPoint(location: location, weight: weight), file: file, feature: feature.label, line: nil)
        }
    }
}

/// A scalar JSON property value (for reading arbitrary feature properties).
public enum JSONScalar: Decodable, Sendable {
    case number(Double), string(String), bool(Bool), null, other

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else { self = .other }
    }
}
