import Foundation

/// A JSON value as a knowledge-base file holds it: objects keep their key order and numbers keep
/// their written form ("8.0" stays "8.0"), so a record read and written back is byte-identical.
public indirect enum StoredJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number as written in the source (a valid JSON number).
    case number(String)
    case string(String)
    case array([StoredJSON])
    case object([(key: String, value: StoredJSON)])

    public static func == (a: StoredJSON, b: StoredJSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y || (Double(x) != nil && Double(x) == Double(y))
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A number from a Double: a whole value without a point ("75"), unless `asFloat` (then
    /// as Python writes a float: "26.0", "10.05"), so that new values read like the file's.
    public static func decimal(_ value: Double, asFloat: Bool = false) -> StoredJSON {
        if !asFloat, value == value.rounded(), abs(value) < 1e15 { return .number(String(Int(value))) }
        return .number("\(value)")
    }

    public static func optional(_ value: String?) -> StoredJSON { value.map(StoredJSON.string) ?? .null }

    /// The member `key` of an object (nil when absent or not an object).
    public subscript(key: String) -> StoredJSON? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    public var arrayValue: [StoredJSON]? {
        if case let .array(values) = self { return values }
        return nil
    }

    /// Sets member `key`, in place when present, else appended (so key order stays the file's).
    public mutating func set(_ key: String, _ value: StoredJSON) {
        guard case var .object(members) = self else { return }
        if let index = members.firstIndex(where: { $0.key == key }) { members[index].value = value } else { members.append((key, value)) }
        self = .object(members)
    }
}

// MARK: Writing

extension StoredJSON {
    /// The knowledge-base file format: Python's `json.dumps(indent=2, ensure_ascii=False)`
    /// (2-space indent, ", " never at line ends, ": " after keys, non-ASCII as UTF-8).
    public func pretty() -> String {
        var out = ""
        write(&out, indent: true, level: 0)
        return out
    }

    /// One line, for the store's columns and JSON patches.
    public func compact() -> String {
        var out = ""
        write(&out, indent: false, level: 0)
        return out
    }

    private func write(_ out: inout String, indent: Bool, level: Int) {
        func newline(_ level: Int) {
            guard indent else { return }
            out += "\n" + String(repeating: "  ", count: level)
        }
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .number(text): out += text
        case let .string(text): writeJSONString(text, to: &out, escapingLineSeparators: false)
        case let .array(values):
            guard !values.isEmpty else { out += "[]"; return }
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                newline(level + 1)
                value.write(&out, indent: indent, level: level + 1)
            }
            newline(level)
            out += "]"
        case let .object(members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                newline(level + 1)
                writeJSONString(member.key, to: &out, escapingLineSeparators: false)
                out += indent ? ": " : ":"
                member.value.write(&out, indent: indent, level: level + 1)
            }
            newline(level)
            out += "}"
        }
    }
}

// MARK: Reading

extension StoredJSON {
    /// Parses JSON text (RFC 8259), keeping key order and the numbers' written form.
    public static func parse(_ text: String, file: String) throws -> StoredJSON {
        var parser = StoredJSONParser(bytes: Array(text.utf8), file: file)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }
}

/// A small recursive-descent JSON parser over UTF-8 bytes.
struct StoredJSONParser {
    let bytes: [UInt8]
    let file: String
    var index = 0
    static let maxDepth = 64

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    func failure(_ message: String) -> DataError { DataError(file: file, "byte \(index + 1): \(message)") }

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    mutating func value(depth: Int) throws -> StoredJSON {
        guard depth < Self.maxDepth else { throw failure("nested deeper than \(Self.maxDepth) levels") }
        skipSpace()
        guard index < bytes.count else { throw failure("unexpected end of the text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else { throw failure("expected '\(word)'") }
        index += expected.count
    }

    mutating func object(depth: Int) throws -> StoredJSON {
        index += 1
        var members: [(key: String, value: StoredJSON)] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key in quotes") }
            let key = try string()
            guard !members.contains(where: { $0.key == key }) else { throw failure("key '\(key)' appears twice in an object") }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after key '\(key)'") }
            index += 1
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard index < bytes.count else { throw failure("unexpected end inside an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw failure("expected ',' or '}'") }
            index += 1
            return .object(members)
        }
    }

    mutating func array(depth: Int) throws -> StoredJSON {
        index += 1
        var values: [StoredJSON] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(values) }
        while true {
            values.append(try value(depth: depth + 1))
            skipSpace()
            guard index < bytes.count else { throw failure("unexpected end inside an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "]") else { throw failure("expected ',' or ']'") }
            index += 1
            return .array(values)
        }
    }

    mutating func number() throws -> String {
        let start = index
        let allowed = Set("+-0123456789.eE".utf8)
        while index < bytes.count, allowed.contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let pattern = #/-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/#
        guard !text.isEmpty, text.wholeMatch(of: pattern) != nil, Double(text)?.isFinite == true else {
            index = start
            throw failure("expected a JSON value")
        }
        return text
    }

    mutating func string() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var run = [UInt8]()
        func flush() { scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars); run.removeAll() }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { index += 1; flush(); return String(scalars) }
            guard byte >= 0x20 else { throw failure("control character inside a string") }
            if byte != UInt8(ascii: "\\") { run.append(byte); index += 1; continue }
            flush()
            guard index + 1 < bytes.count else { break }
            index += 2
            switch bytes[index - 1] {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
            default: throw failure("unknown escape in a string")
            }
        }
        throw failure("unterminated string")
    }

    /// After "\u": four hex digits, and a low surrogate after a high one.
    mutating func unicodeEscape() throws -> Unicode.Scalar {
        func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw failure("bad \\u escape")
            }
            index += 4
            return value
        }
        let first = try hex4()
        if (0xD800..<0xDC00).contains(first), index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
            index += 2
            let second = try hex4()
            guard (0xDC00..<0xE000).contains(second) else { throw failure("bad surrogate pair") }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(first) else { throw failure("lone surrogate in a \\u escape") }
        return scalar
    }
}
