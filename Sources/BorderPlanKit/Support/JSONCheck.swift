import Foundation

/// A strict syntax check of JSON text before `JSONDecoder` sees it, for the two things the
/// decoder does not say: where a syntax error is (line and column, and the feature) and that
/// an object repeats a key (the decoder keeps one of the values silently).
struct JSONSyntaxCheck {
    /// A step of the path from the top of the document, as the decoder names it.
    struct PathKey: CodingKey {
        private var key: String?
        var intValue: Int?
        /// An index's text is made only when a message asks for it (the scan steps through every number).
        var stringValue: String { key ?? intValue.map { String($0) } ?? "" }
        init(stringValue: String) { self.key = stringValue }
        init(intValue: Int) { self.intValue = intValue }
    }

    struct Failure: Error {
        var offset: Int
        var message: String
        var path: [PathKey]
        var duplicateKey: String?
    }

    /// Deeper nesting than this is refused (GeoJSON needs 8 levels at most).
    static let maxDepth = 256

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var path: [PathKey] = []
    /// When not nil, where the `coordinates` values of a FeatureCollection's geometries are is collected here.
    var coordinateRanges: [CoordinatesRange]?

    /// Throws a located `DataError` for the first syntax error or repeated key of `data`. With
    /// `coordinates`, returns where the GeoJSON geometries' `coordinates` values are.
    @discardableResult
    static func check(_ data: Data, file: String, itemName: String, coordinates: Bool = false) throws -> [CoordinatesRange] {
        var ranges: [CoordinatesRange] = []
        let failure: Failure? = data.withUnsafeBytes { raw in
            var scanner = JSONSyntaxCheck(bytes: raw.bindMemory(to: UInt8.self), coordinateRanges: coordinates ? [] : nil)
            do { try scanner.document() } catch { return error as? Failure }
            ranges = scanner.coordinateRanges ?? []
            return nil
        }
        guard let failure else { return ranges }
        let (line, column) = data.withUnsafeBytes { lineAndColumn(of: failure.offset, in: $0.bindMemory(to: UInt8.self)) }
        let (feature, field) = DataError.locate(failure.path, itemName: itemName)
        if let key = failure.duplicateKey {
            let full = [field, key].compactMap { $0 }.joined(separator: ".")
            throw DataError(file: file, feature: feature, field: full, problem: "errors.json.duplicate-key",
                            ["key": .text(excerpt(key)), "line": .number(String(line)), "column": .number(String(column))])
        }
        throw DataError(file: file, feature: feature, field: field, problem: "errors.json.syntax",
                        ["line": .number(String(line)), "column": .number(String(column)), "detail": .text(failure.message)])
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var line = 1, column = 1
        for index in 0..<min(offset, bytes.count) {
            if bytes[index] == 0x0A { line += 1; column = 1 } else if bytes[index] & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    mutating func document() throws {
        try value(depth: 0)
        skipSpace()
        guard position == bytes.count else { throw fail("unexpected \(describe(position)) after the end of the JSON value") }
    }

    func fail(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(offset: offset ?? position, message: message, path: path)
    }

    func describe(_ offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file (is it cut short?)" }
        let byte = bytes[offset]
        if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        return String(format: "byte 0x%02X", byte)
    }

    mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
            position += 1
        }
    }

    mutating func value(depth: Int) throws {
        guard depth < Self.maxDepth else { throw fail("nested more than \(Self.maxDepth) levels deep") }
        skipSpace()
        guard position < bytes.count else { throw fail("unexpected end of the file (the text is cut short)") }
        switch bytes[position] {
        case 0x7B: try object(depth: depth)
        case 0x5B: try array(depth: depth)
        case 0x22: _ = try string(keepText: false)
        case 0x2D, 0x30...0x39: try number()
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        default: throw fail("unexpected \(describe(position)) where a value was expected (NaN and Infinity are not JSON)")
        }
    }

    mutating func object(depth: Int) throws {
        position += 1
        skipSpace()
        if position < bytes.count, bytes[position] == 0x7D { position += 1; return }
        var keys = Set<String>()
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == 0x22 else { throw fail("expected a key in double quotes, found \(describe(position))") }
            let keyOffset = position
            let key = try string(keepText: true) ?? ""
            guard keys.insert(key).inserted else {
                throw Failure(offset: keyOffset, message: "duplicate key", path: path, duplicateKey: key)
            }
            skipSpace()
            guard position < bytes.count, bytes[position] == 0x3A else { throw fail("expected ':' after the key '\(excerpt(key))', found \(describe(position))") }
            position += 1
            path.append(PathKey(stringValue: key))
            let start = position
            try value(depth: depth + 1)
            if coordinateRanges != nil, key == "coordinates", atGeometryCoordinates(), let feature = path[1].intValue {
                coordinateRanges?.append(CoordinatesRange(feature: feature, range: start..<position, inCollection: path.count > 4))
            }
            path.removeLast()
            skipSpace()
            guard position < bytes.count else { throw fail("unexpected end of the file inside an object (the text is cut short)") }
            if bytes[position] == 0x2C {
                position += 1
                skipSpace()
                if position < bytes.count, bytes[position] == 0x7D { throw fail("a comma before '}' (trailing commas are not JSON)") }
                continue
            }
            if bytes[position] == 0x7D { position += 1; return }
            throw fail("expected ',' or '}' in an object, found \(describe(position))")
        }
    }

    mutating func array(depth: Int) throws {
        position += 1
        skipSpace()
        if position < bytes.count, bytes[position] == 0x5D { position += 1; return }
        var index = 0
        while true {
            path.append(PathKey(intValue: index))
            try value(depth: depth + 1)
            path.removeLast()
            skipSpace()
            guard position < bytes.count else { throw fail("unexpected end of the file inside an array (the text is cut short)") }
            if bytes[position] == 0x2C {
                position += 1
                skipSpace()
                if position < bytes.count, bytes[position] == 0x5D { throw fail("a comma before ']' (trailing commas are not JSON)") }
                index += 1
                continue
            }
            if bytes[position] == 0x5D { position += 1; return }
            throw fail("expected ',' or ']' in an array, found \(describe(position))")
        }
    }

    /// True when the member just scanned is a geometry's `coordinates` in a FeatureCollection:
    /// `features[i].geometry.coordinates`, or the same inside its `geometries[j]`.
    func atGeometryCoordinates() -> Bool {
        guard path.count >= 4, path[0].stringValue == "features", path[1].intValue != nil, path[2].stringValue == "geometry" else { return false }
        var index = 3
        while index + 1 < path.count {
            guard path[index].stringValue == "geometries", path[index + 1].intValue != nil else { return false }
            index += 2
        }
        return index == path.count - 1
    }

    /// `data` with each of `ranges` (ascending, disjoint, from `check`) replaced by `[]`.
    static func replacing(_ ranges: [Range<Int>], in data: Data) -> Data {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Data in
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var copied = 0
            for range in ranges {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[copied..<range.lowerBound]))
                out.append(contentsOf: [0x5B, 0x5D])
                copied = range.upperBound
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[copied...]))
            return Data(out)
        }
    }

    /// Scans a string; returns its text when `keepText`.
    mutating func string(keepText: Bool) throws -> String? {
        let start = position
        position += 1
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x22 {
                position += 1
                guard keepText else { return nil }
                let body = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(position - 1)])
                if !escaped { return String(decoding: body, as: UTF8.self) }
                let fragment = Data(UnsafeBufferPointer(rebasing: bytes[start..<position]))
                // Escapes: the decoder reads the quoted fragment (it passed the checks above).
                return try JSONDecoder().decode(String.self, from: fragment)
            }
            if byte < 0x20 { throw fail("a control character (\(describe(position))) inside a string; write it as an escape") }
            if byte == 0x5C {
                escaped = true
                guard position + 1 < bytes.count else { break }
                let next = bytes[position + 1]
                if next == 0x75 {
                    guard position + 5 < bytes.count,
                          (2...5).allSatisfy({ isHexDigit(bytes[position + $0]) }) else { throw fail("a \\u escape needs four hex digits") }
                    position += 6
                    continue
                }
                guard "\"\\/bfnrt".utf8.contains(next) else { throw fail("unknown escape '\\\(describe(position + 1))'") }
                position += 2
                continue
            }
            position += 1
        }
        throw fail("a string is not closed (the text is cut short)", at: start)
    }

    func isHexDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) }

    mutating func digits() -> Int {
        let start = position
        while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
        return position - start
    }

    mutating func number() throws {
        let start = position
        if bytes[position] == 0x2D { position += 1 }
        guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { throw fail("a number needs a digit after '-'", at: start) }
        if bytes[position] == 0x30 { position += 1 } else { _ = digits() }
        if position < bytes.count, bytes[position] == 0x2E {
            position += 1
            guard digits() > 0 else { throw fail("a number needs digits after the decimal point", at: start) }
        }
        if position < bytes.count, bytes[position] == 0x65 || bytes[position] == 0x45 {
            position += 1
            if position < bytes.count, bytes[position] == 0x2B || bytes[position] == 0x2D { position += 1 }
            guard digits() > 0 else { throw fail("a number needs digits in its exponent", at: start) }
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let length = word.utf8CodeUnitCount
        let matches = position + length <= bytes.count && (0..<length).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
        guard matches else { throw fail("unexpected \(describe(position)) where a value was expected") }
        position += length
    }
}

/// Decodes JSON text after the strict check of `JSONSyntaxCheck`; every error is a located
/// `DataError` (file, feature or entry, field). The one way BorderPlan decodes a JSON file.
/// `omittingCoordinates`: the GeoJSON geometries' `coordinates` are left out of what the decoder
/// reads (for a type that never decodes them: the decoder then scans no position).
func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data, file: String, itemName: String = "feature", itemList: String = "features",
                              userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> T {
    guard !data.isEmpty else { throw DataError(file: file, problem: "errors.file.empty") }
    try JSONSyntaxCheck.check(data, file: file, itemName: itemName)
    return try decodeCheckedJSON(type, from: data, source: data, file: file, itemName: itemName, itemList: itemList, userInfo: userInfo)
}

/// Decodes `text`, which passed `JSONSyntaxCheck`: `source` itself, or a copy with parts the type
/// never decodes left out (`JSONSyntaxCheck.replacing`). Errors are located `DataError`s, as above.
func decodeCheckedJSON<T: Decodable>(_ type: T.Type, from text: Data, source data: Data, file: String, itemName: String = "feature",
                                     itemList: String = "features", userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> T {
    let decoder = JSONDecoder()
    decoder.userInfo = userInfo
    do {
        return try decoder.decode(T.self, from: text)
    } catch let error as DecodingError {
        throw DataError(file: file, decoding: error, itemName: itemName, itemList: itemList, source: data)
    }
}
