import Foundation

/// A JSON value whose objects keep their key order, so that every output is
/// byte-identical across runs and diff-friendly.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number written with at most `decimals` decimals (trailing zeros trimmed).
    case number(Double, decimals: Int)
    /// A number of a Real column: as `number`, but always with a decimal point ("5.0"), so
    /// GIS readers type the field Real whatever its values.
    case real(Double, decimals: Int)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// A number rounded to `decimals`, or `null` when it is not finite.
    public static func rounded(_ value: Double?, _ decimals: Int) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value, decimals: decimals)
    }

    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// Compact serialization (no spaces).
    public func serialized() -> String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// Indented serialization (2 spaces), for files people read.
    public func prettySerialized() -> String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out
    }

    func write(to out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .int(value): out += String(value)
        case let .number(value, decimals): out += formatNumber(value, decimals: decimals)
        case let .real(value, decimals):
            let text = formatNumber(value, decimals: decimals)
            out += text.contains(".") || !value.isFinite ? text : text + ".0"
        case let .string(value): writeJSONString(value, to: &out)
        case let .array(values):
            if values.isEmpty { out += "[]"; return }
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent, level + 1)
                value.write(to: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "]"
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent, level + 1)
                writeJSONString(member.key, to: &out)
                out += indent == nil ? ":" : ": "
                member.value.write(to: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }
}

/// One key/value pair of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// Builds an ordered JSON object: `.object(["a": 1, "b": "x"])` keeps a before b.
extension JSONValue {
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { JSONMember($0.key, $0.value) })
    }
}

/// Writes `value` as a JSON string: quotes, backslashes and control characters escaped;
/// everything else (Arabic included) as UTF-8. U+2028 and U+2029 are escaped too (safe inside
/// JavaScript) unless `escapingLineSeparators` is false, as Python's `json` with
/// `ensure_ascii=False` writes them (the knowledge-base files' own form).
func writeJSONString(_ value: String, to out: inout String, escapingLineSeparators: Bool = true) {
    out += "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\u{2028}" where escapingLineSeparators: out += "\\u2028"
        case "\u{2029}" where escapingLineSeparators: out += "\\u2029"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    out += "\""
}

/// Formats with exactly `decimals` decimals (for tables, where columns align).
public func formatFixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "—" }
    let text = String(format: "%.\(decimals)f", value)
    return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
}
