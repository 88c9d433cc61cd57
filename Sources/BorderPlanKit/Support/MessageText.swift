import Foundation

/// The longest piece of input a message echoes back, in characters.
public let maxEchoedCharacters = 200

/// `text` made safe to echo in a message: control characters escaped (see `escapingControls`)
/// and cut to `limit` characters with "…" and the full length, so that a wrong file (a binary,
/// a one-line 300 MB "header") gives a short message.
public func excerpt<S: StringProtocol>(_ text: S, limit: Int = maxEchoedCharacters, keepLineBreaks: Bool = false) -> String {
    let head = String(text.prefix(limit + 1))
    guard head.count > limit else { return escapingControls(head, keepLineBreaks: keepLineBreaks) }
    return escapingControls(String(head.prefix(limit)), keepLineBreaks: keepLineBreaks) + "… (\(text.utf8.count) bytes)"
}

/// `text` with every control character (C0, DEL, C1, and the bidirectional overrides that
/// could reorder a terminal line) written as `\u{…}`, so data never drives the terminal.
/// Tabs and line breaks are kept only when `keepLineBreaks`.
/// `keepIsolates` lets FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE through: the Arabic text
/// tables put them around left-to-right runs after escaping the data's own (`Table`).
public func escapingControls(_ text: String, keepLineBreaks: Bool = false, keepIsolates: Bool = false) -> String {
    func unsafe(_ scalar: Unicode.Scalar) -> Bool {
        isUnsafeScalar(scalar, keepLineBreaks: keepLineBreaks) && !(keepIsolates && (scalar.value == 0x2068 || scalar.value == 0x2069))
    }
    guard text.unicodeScalars.contains(where: unsafe) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        if unsafe(scalar) {
            out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
        } else {
            out.append(scalar)
        }
    }
    return String(out)
}

func isUnsafeScalar(_ scalar: Unicode.Scalar, keepLineBreaks: Bool) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: return !keepLineBreaks
    case 0x00...0x1F, 0x7F...0x9F: return true
    // Bidirectional embeddings, overrides and isolates (Arabic names need none of them).
    case 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}
