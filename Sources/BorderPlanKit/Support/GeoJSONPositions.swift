import Foundation

extension GeoJSONReader {
    /// The GeoJSON text with the third number of every 3-number position inside a
    /// `coordinates` member removed, or nil when no position has more than two. RFC 7946 allows
    /// an altitude; BorderPlan works in two dimensions and GEOS 3.11's reader refuses a
    /// 3-D Point, so the altitude is ignored here. Arrays outside `coordinates` (properties,
    /// `bbox`) are left alone. The text has passed `JSONSyntaxCheck`.
    static func droppingAltitudes(_ data: Data) -> Data? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Data? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var out: [UInt8]?
            var copied = 0  // bytes[0..<copied] are in `out`
            var index = 0, depth = 0
            var coordinatesDepth: Int?, afterCoordinatesKey = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    let start = index + 1
                    index = start
                    while index < bytes.count, bytes[index] != 0x22 { index += bytes[index] == 0x5C ? 2 : 1 }
                    afterCoordinatesKey = coordinatesDepth == nil && index - start == 11
                        && (0..<11).allSatisfy { bytes[start + $0] == Array("coordinates".utf8)[$0] }
                    index += 1
                    continue
                }
                switch byte {
                case 0x5B:
                    depth += 1
                    if afterCoordinatesKey { coordinatesDepth = depth; afterCoordinatesKey = false }
                    if coordinatesDepth != nil, let cut = extraNumbers(bytes, from: index) {
                        if out == nil { out = []; out!.reserveCapacity(bytes.count) }
                        out!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<cut.lowerBound]))
                        copied = cut.upperBound
                    }
                case 0x5D:
                    if depth == coordinatesDepth { coordinatesDepth = nil }
                    depth -= 1
                case 0x2C, 0x7B, 0x7D: afterCoordinatesKey = false
                default: break
                }
                index += 1
            }
            guard var result = out else { return nil }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return Data(result)
        }
    }

    /// For an array of exactly three numbers starting at `open` (`[`), the byte range
    /// from the second comma up to (not including) the closing `]`; else nil.
    private static func extraNumbers(_ bytes: UnsafeBufferPointer<UInt8>, from open: Int) -> Range<Int>? {
        // Commas seen, and where the second one is (no array: this runs for every position).
        var index = open + 1, commas = 0, second = 0
        while index < bytes.count {
            switch bytes[index] {
            // Exactly three: RFC 7946 says positions SHOULD NOT go beyond, and four are refused as before.
            case 0x5D: return commas == 2 ? second..<index : nil
            case 0x2C:
                commas += 1
                if commas == 2 { second = index }
            case 0x5B, 0x7B, 0x22: return nil
            default: break
            }
            index += 1
        }
        return nil
    }
}
