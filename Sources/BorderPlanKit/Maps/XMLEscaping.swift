/// Escaping for XML 1.0 text and attribute values: the only way text enters an SVG.
enum XMLEscaping {
    /// `text` made safe for element content and for a double- or single-quoted attribute value:
    /// `& < > " '` become entities; tab, line feed and carriage return become character
    /// references (so attribute normalisation keeps them); characters XML 1.0 forbids
    /// (other C0 controls, U+FFFE, U+FFFF) are dropped.
    /// Works on the UTF-8 bytes: a text with nothing to escape (most of them, and the maps'
    /// long path data) comes back as it is.
    static func escape(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: needsWork) else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            out.append(contentsOf: bytes[..<first])
            var index = first
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                case 0x27: out.append(contentsOf: "&apos;".utf8)
                case 0x09: out.append(contentsOf: "&#9;".utf8)
                case 0x0A: out.append(contentsOf: "&#10;".utf8)
                case 0x0D: out.append(contentsOf: "&#13;".utf8)
                case ..<0x20: break   // other C0 controls: not allowed in XML 1.0
                case 0xEF where index + 1 < bytes.count && bytes[index] == 0xBF && bytes[index + 1] >= 0xBE:
                    index += 2   // U+FFFE and U+FFFF (EF BF BE, EF BF BF): not characters
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether the UTF-8 byte starts something `escape` changes: a markup character, a control,
    /// or the lead byte of U+F000…U+FFFF (which holds U+FFFE and U+FFFF).
    private static func needsWork(_ byte: UInt8) -> Bool {
        switch byte {
        case ..<0x20, 0x22, 0x26, 0x27, 0x3C, 0x3E, 0xEF: return true
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
