import Foundation
import Geo
#if canImport(Glibc)
import Glibc
#endif

/// Where a geometry's `coordinates` value is in a GeoJSON FeatureCollection (found by `JSONSyntaxCheck`).
struct CoordinatesRange {
    /// The feature's index in `features`.
    var feature: Int
    /// Byte range of the value.
    var range: Range<Int>
    /// Inside a GeometryCollection's `geometries`.
    var inCollection: Bool
}

/// The geometries of a FeatureCollection built straight from their `coordinates` text, as WKB for
/// GEOS's WKB reader: one pass over the numbers, without the DOM that GEOS's GeoJSON reader builds
/// for the whole file. It builds only what it builds exactly as GEOS's GeoJSON reader does (the same
/// types, the same doubles): any other geometry (a GeometryCollection, a MultiPoint, a position of other than two
/// numbers, an empty array, a ring GEOS refuses, a number out of range) makes it answer nil, and the
/// caller reads the file with GEOS's reader, which also says what is wrong.
struct GeoJSONGeometryScan {
    /// WKB type codes, by GeoJSON type.
    /// (No MultiPoint: GEOS's GeoJSON reader builds its points otherwise than its WKB reader does.)
    static let wkbTypes: [String: UInt32] = ["Point": 1, "LineString": 2, "Polygon": 3, "MultiLineString": 5, "MultiPolygon": 6]

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    var wkb: [UInt8] = []

    /// One geometry per feature (nil where `types` has none), or nil when this path does not apply.
    static func geometries(_ data: Data, types: [String?], coordinates: [CoordinatesRange], context: GeometryContext) -> [Geometry?]? {
        var ranges = [Range<Int>?](repeating: nil, count: types.count)
        for item in coordinates {
            guard !item.inCollection, item.feature < types.count, ranges[item.feature] == nil else { return nil }
            ranges[item.feature] = item.range
        }
        return data.withUnsafeBytes { raw -> [Geometry?]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var result: [Geometry?] = []
            result.reserveCapacity(types.count)
            for (type, range) in zip(types, ranges) {
                guard let type else {
                    guard range == nil else { return nil }
                    result.append(nil)
                    continue
                }
                guard let range, let code = wkbTypes[type] else { return nil }
                var scan = GeoJSONGeometryScan(bytes: UnsafeBufferPointer(rebasing: bytes[..<range.upperBound]), position: range.lowerBound)
                guard scan.geometry(code), scan.atEnd else { return nil }
                // Refused by GEOS (a ring not closed, too few points): its GeoJSON reader then names the problem.
                guard let geometry = try? Geometry(wkb: scan.wkb, context: context) else { return nil }
                result.append(geometry)
            }
            return result
        }
    }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return position == bytes.count
        }
    }

    /// Writes the geometry of WKB type `code` whose coordinates start here.
    mutating func geometry(_ code: UInt32) -> Bool {
        header(code)
        switch code {
        case 1: return point()
        case 2: return list { $0.point() }
        case 3: return list { $0.list { $0.point() } }
        case 5: return list { $0.header(2); return $0.list { $0.point() } }
        case 6: return list { $0.header(3); return $0.list { $0.list { $0.point() } } }
        default: return false
        }
    }

    mutating func header(_ code: UInt32) {
        wkb.append(1)   // little-endian
        append(code)
    }

    mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { wkb.append(contentsOf: $0) }
    }

    mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
            position += 1
        }
    }

    mutating func expect(_ byte: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// A non-empty array of items, its count first.
    mutating func list(_ item: (inout Self) -> Bool) -> Bool {
        guard expect(0x5B) else { return false }
        let countAt = wkb.count
        append(0)
        var count: UInt32 = 0
        repeat {
            guard item(&self) else { return false }
            count += 1
        } while expect(0x2C)
        guard expect(0x5D) else { return false }
        withUnsafeBytes(of: count.littleEndian) { wkb.replaceSubrange(countAt..<countAt + 4, with: $0) }
        return true
    }

    /// A position of exactly two numbers.
    mutating func point() -> Bool {
        guard expect(0x5B), let x = number(), expect(0x2C), let y = number(), expect(0x5D) else { return false }
        withUnsafeBytes(of: x.bitPattern.littleEndian) { wkb.append(contentsOf: $0) }
        withUnsafeBytes(of: y.bitPattern.littleEndian) { wkb.append(contentsOf: $0) }
        return true
    }

    /// A JSON number (the text passed `JSONSyntaxCheck`) as GEOS's reader reads it: `strtod`, except
    /// that a zero has no sign (GEOS reads "-0" and "-0.0" as 0), and a number beyond a double is
    /// refused. (Under a locale whose decimal separator is not '.', `strtod` stops early: refused too.)
    mutating func number() -> Double? {
        skipSpace()
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            guard (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x2B || byte == 0x2E || byte == 0x65 || byte == 0x45 else { break }
            position += 1
        }
        guard position > start, position < bytes.count, let base = bytes.baseAddress else { return nil }
        var end: UnsafeMutablePointer<CChar>?
        let value = (base + start).withMemoryRebound(to: CChar.self, capacity: position - start + 1) { strtod($0, &end) }
        guard let end, Int(bitPattern: end) == Int(bitPattern: base + position), value.isFinite else { return nil }
        return value == 0 ? 0 : value
    }
}
