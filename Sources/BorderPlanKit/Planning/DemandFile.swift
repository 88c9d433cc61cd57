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
        let points = isCSV ? try csv(data, file: file) : try geoJSON(data, file: file, weightProperty: weightProperty, context: context)
        return try checkTotal(points, file: file)
    }

    /// The weights' sum stays within `PlanLimits.demandTotal` (covered totals are sums of them).
    static func checkTotal(_ points: [DemandPoint], file: String) throws -> [DemandPoint] {
        var total = 0.0
        for point in points { total += point.weight }
        guard total <= PlanLimits.demandTotal else {
            throw DataError(file: file, field: "weight", "the weights add up to \(total), beyond the limit of \(PlanLimits.demandTotal)")
        }
        return points
    }

    static func check(_ point: DemandPoint, file: String, feature: String?, line: Int?) throws -> DemandPoint {
        let place = feature ?? line.map { "line \($0)" }
        guard point.location.lat.isFinite, abs(point.location.lat) <= 90 else {
            throw DataError(file: file, feature: place, field: "lat", "latitude \(point.location.lat) is out of range (−90…90)")
        }
        guard point.location.lon.isFinite, abs(point.location.lon) <= 180 else {
            throw DataError(file: file, feature: place, field: "lon", "longitude \(point.location.lon) is out of range (−180…180)")
        }
        guard point.weight.isFinite, point.weight >= 0, point.weight <= PlanLimits.demandTotal else {
            throw DataError(file: file, feature: place, field: "weight", "weight \(point.weight) is not a finite number within 0…\(PlanLimits.demandTotal)")
        }
        return point
    }

    /// CSV with a header naming lat, lon and weight (any order, other columns ignored).
    /// Read byte by byte, numbers with `strtod`: a million rows take a fraction of a second.
    static func csv(_ data: Data, file: String) throws -> [DemandPoint] {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [DemandPoint] in
            let bytes = raw.bindMemory(to: UInt8.self)
            // Lines: [start, end) ranges without the line break.
            var lines: [Range<Int>] = []
            lines.reserveCapacity(bytes.count / 24)
            var lineStart = 0
            for index in 0..<bytes.count where bytes[index] == 0x0A {
                lines.append(lineStart..<(index > lineStart && bytes[index - 1] == 0x0D ? index - 1 : index))
                lineStart = index + 1
            }
            if lineStart < bytes.count { lines.append(lineStart..<bytes.count) }
            while let last = lines.last, last.isEmpty { lines.removeLast() }
            guard let headerRange = lines.first else { throw DataError(file: file, "no header line") }
            guard let header = String(validating: bytes[headerRange], as: UTF8.self) else {
                throw DataError(file: file, feature: "line 1", "the header is not UTF-8 text")
            }
            let columns = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let lat = columns.firstIndex(of: "lat"), let lon = columns.firstIndex(of: "lon"), let weight = columns.firstIndex(of: "weight") else {
                throw DataError(file: file, feature: "line 1", "the header must name the columns lat, lon and weight, found \(header)")
            }
            var points: [DemandPoint] = []
            points.reserveCapacity(lines.count)
            var cells = [Range<Int>](repeating: 0..<0, count: columns.count)
            for (index, range) in lines.enumerated().dropFirst() {
                let lineNumber = index + 1
                var count = 0, cellStart = range.lowerBound
                for position in range where bytes[position] == 0x2C {
                    if count < cells.count { cells[count] = cellStart..<position }
                    count += 1
                    cellStart = position + 1
                }
                if count < cells.count { cells[count] = cellStart..<range.upperBound }
                count += 1
                guard count == columns.count else {
                    throw DataError(file: file, feature: "line \(lineNumber)", "expected \(columns.count) values, found \(count)")
                }
                func number(_ column: Int, _ name: String) throws -> Double {
                    guard let value = parseDouble(bytes, cells[column]), value.isFinite else {
                        throw DataError(file: file, feature: "line \(lineNumber)", field: name,
                                        "'\(String(decoding: bytes[cells[column]], as: UTF8.self))' is not a finite number")
                    }
                    return value
                }
                points.append(try check(DemandPoint(location: Coordinate(lon: try number(lon, "lon"), lat: try number(lat, "lat")), weight: try number(weight, "weight")),
                                        file: file, feature: nil, line: lineNumber))
            }
            guard !points.isEmpty else { throw DataError(file: file, "no demand rows after the header") }
            return points
        }
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
            for offset in 0..<length where !"0123456789+-.eE".utf8.contains(bytes[lower + offset]) { return nil }
            return value
        }
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
