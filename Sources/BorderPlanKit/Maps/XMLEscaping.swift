/// Escaping for XML 1.0 text and attribute values: the only way text enters an SVG.
enum XMLEscaping {
    /// `text` made safe for element content and for a double- or single-quoted attribute value:
    /// `& < > " '` become entities; tab, line feed and carriage return become character
    /// references (so attribute normalisation keeps them); characters XML 1.0 forbids
    /// (other C0 controls, U+FFFE, U+FFFF) are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if isLegal(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Whether XML 1.0 allows `scalar` in a document:
    /// #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    /// (Swift strings never hold surrogates.)
    static func isLegal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Whether `name` is a plain XML name (ASCII letters, digits, `-`, `_`, `.`, one optional
    /// `prefix:`), as used for the element and attribute names the map code writes.
    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        var colons = 0
        for scalar in name.unicodeScalars {
            if scalar == ":" { colons += 1; continue }
            guard scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar) else { return false }
        }
        return colons <= 1 && !name.hasSuffix(":")
    }
}
