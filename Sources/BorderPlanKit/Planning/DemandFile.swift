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
    /// Reads a demand layer: GeoJSON when its text starts with `{`, else CSV (whatever the
    /// extension). A CSV file is read in chunks, so its size costs no memory beyond the points.
    public static func load(_ url: URL, weightProperty: String = "weight", context: GeometryContext) throws -> [DemandPoint] {
        let input = try checkInput(url, kind: .demand)
        if try startsLikeJSON(input) {
            return try checkTotal(try geoJSON(try readInput(url: url, kind: .demand), file: input.name, weightProperty: weightProperty, context: context),
                                  file: input.name)
        }
        return try checkTotal(try csv(file: input.name) { try CSVReader.read(input, $0) }, file: input.name)
    }

    /// Parses a demand layer already in memory: CSV when `csv`, else GeoJSON.
    public static func parse(_ data: Data, file: String, csv isCSV: Bool, weightProperty: String = "weight", context: GeometryContext) throws -> [DemandPoint] {
        guard !data.isEmpty else { throw DataError(file: file, problem: "dataerrors.demand.empty") }
        let points = isCSV ? try csv(file: file) { try CSVReader.read(data, file: file, $0) }
            : try geoJSON(data, file: file, weightProperty: weightProperty, context: context)
        return try checkTotal(points, file: file)
    }

    /// The weights' sum stays within `PlanLimits.demandTotal` (covered totals are sums of them).
    static func checkTotal(_ points: [DemandPoint], file: String) throws -> [DemandPoint] {
        var total = 0.0
        for point in points { total += point.weight }
        guard total <= PlanLimits.demandTotal else {
            throw DataError(file: file, field: "weight", problem: "dataerrors.demand.total", ["total": .number("\(total)"), "limit": .number("\(PlanLimits.demandTotal)")])
        }
        return points
    }

    /// True when the first byte after a byte-order mark and spaces is `{` (GeoJSON).
    static func startsLikeJSON(_ input: CheckedInput) throws -> Bool {
        try readPrefix(of: input).drop(while: { utf8ByteOrderMark.contains($0) || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }).first == 0x7B
    }

    static func check(_ point: DemandPoint, file: String, feature: String?, line: Int?) throws -> DemandPoint {
        let place = feature ?? line.map { "line \($0)" }
        guard point.location.lat.isFinite, abs(point.location.lat) <= 90 else {
            throw DataError(file: file, feature: place, field: "lat", problem: "dataerrors.coordinates.latitude", ["value": .number("\(point.location.lat)")])
        }
        guard point.location.lon.isFinite, abs(point.location.lon) <= 180 else {
            throw DataError(file: file, feature: place, field: "lon", problem: "dataerrors.coordinates.longitude", ["value": .number("\(point.location.lon)")])
        }
        guard point.weight.isFinite, point.weight >= 0, point.weight <= PlanLimits.demandTotal else {
            throw DataError(file: file, feature: place, field: "weight", problem: "dataerrors.demand.weight", ["value": .number("\(point.weight)"), "limit": .number("\(PlanLimits.demandTotal)")])
        }
        return point
    }

    /// CSV with a header naming lat, lon and weight (any order, other columns ignored), read
    /// record by record from `read`; numbers with `strtod`.
    static func csv(file: String, read: ((CSVRecord) throws -> Void) throws -> Void) throws -> [DemandPoint] {
        var columns: (lat: Int, lon: Int, weight: Int, count: Int)?
        var points: [DemandPoint] = []
        try read { record in
            guard let columns else {
                let names = (0..<record.count).map { record.text($0).trimmingCharacters(in: .whitespaces).lowercased() }
                guard let lat = names.firstIndex(of: "lat"), let lon = names.firstIndex(of: "lon"), let weight = names.firstIndex(of: "weight") else {
                    throw DataError(file: file, feature: "line \(record.line)",
                                    problem: "dataerrors.demand.header", ["found": .text(excerpt(names.joined(separator: ",")))])
                }
                columns = (lat, lon, weight, names.count)
                return
            }
            guard record.count == columns.count else {
                throw DataError(file: file, feature: "line \(record.line)", problem: "dataerrors.csv.value-count", ["expected": .number("\(columns.count)"), "found": .number("\(record.count)")])
            }
            func number(_ column: Int, _ name: String) throws -> Double {
                guard let value = parseDouble(record.bytes, record.range(column)), value.isFinite else {
                    throw DataError(file: file, feature: "line \(record.line)", field: name, problem: "dataerrors.number.not-finite", ["value": .text(excerpt(record.text(column)))])
                }
                return value
            }
            let point = DemandPoint(location: Coordinate(lon: try number(columns.lon, "lon"), lat: try number(columns.lat, "lat")),
                                    weight: try number(columns.weight, "weight"))
            points.append(try check(point, file: file, feature: nil, line: record.line))
        }
        guard columns != nil else { throw DataError(file: file, problem: "dataerrors.demand.no-header") }
        guard !points.isEmpty else { throw DataError(file: file, problem: "dataerrors.demand.no-rows") }
        return points
    }

    /// A decimal number from bytes (spaces around allowed), or nil.
    static func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        let length = upper - lower
        guard length > 0, length < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
            for offset in 0..<length { buffer[offset] = CChar(bitPattern: bytes[lower + offset]) }
            buffer[length] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end == buffer.baseAddress! + length else { return nil }
            // strtod also reads "nan", "inf" and hex: only plain decimals are demand.
            for offset in 0..<length {
                switch bytes[lower + offset] {
                case 0x30...0x39, 0x2B, 0x2D, 0x2E, 0x45, 0x65: continue
                default: return nil
                }
            }
            return value
        }
    }

    static func geoJSON(_ data: Data, file: String, weightProperty: String, context: GeometryContext) throws -> [DemandPoint] {
        let features = try GeoJSONReader.parse(data, file: file, as: [String: JSONScalar].self, context: context, lonLat: false)
        guard !features.isEmpty else { throw DataError(file: file, problem: "dataerrors.geojson.no-features") }
        return try features.map { feature in
            guard let geometry = feature.geometry, geometry.type == .point, let location = try geometry.coordinates.first else {
                throw DataError(file: file, feature: feature.label, field: "geometry", problem: "errors.kb.not-a-point")
            }
            guard let value = feature.properties[weightProperty] else {
                throw DataError(file: file, feature: feature.label, field: weightProperty, problem: "dataerrors.demand.missing-weight")
            }
            guard case let .number(weight) = value else {
                throw DataError(file: file, feature: feature.label, field: weightProperty, problem: "dataerrors.demand.weight-type")
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
        // Each failed decode only means "not this type": the next one is tried, and `.other` is kept.
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else { self = .other }
    }
}
