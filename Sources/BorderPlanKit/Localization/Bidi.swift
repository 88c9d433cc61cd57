import Foundation

/// Keeping left-to-right runs whole inside right-to-left text.
///
/// On an Arabic page or terminal, an id ("debdeb"), a number with its unit ("274,6 km"), a
/// Latin name or a date in digits is a left-to-right run; left bare, the Unicode bidi algorithm
/// lets its neutral characters (spaces, brackets, signs, dots) join the Arabic around it and
/// scrambles the line ("274.6) 1 (km"). Isolating each run — `<bdi>` in HTML, U+2068 FIRST
/// STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE in a terminal — keeps it whole.
public enum Bidi {
    /// The first-strong isolate and its end.
    public static let firstStrongIsolate: Character = "\u{2068}", popIsolate: Character = "\u{2069}"

    /// `text` between isolates (for one argument of a message).
    public static func isolate(_ text: String) -> String {
        text.isEmpty ? text : String(firstStrongIsolate) + text + String(popIsolate)
    }

    /// Whether a character is a strong right-to-left letter (Arabic, Hebrew, Syriac, Thaana, N'Ko and their presentation forms).
    public static func isRightToLeft(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
        default: return false
        }
    }

    /// Whether a character starts or carries a left-to-right run: a Latin (or other left-to-right)
    /// letter or a European digit.
    public static func isLeftToRight(_ character: Character) -> Bool {
        if character.isASCII && character.isNumber { return true }
        return character.isLetter && !isRightToLeft(character)
    }

    /// The left-to-right runs of `text`: from a left-to-right letter or digit (with a sign just
    /// before it) through everything up to the next right-to-left letter, less the trailing
    /// neutrals that belong to the sentence (spaces, "(", ",", "." …); a closing bracket stays
    /// when the run opened it, and "%" and "°" stay with their number.
    public static func leftToRightRuns(in text: String) -> [Range<String.Index>] {
        var runs: [Range<String.Index>] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard startsRun(text, at: index) else { index = text.index(after: index); continue }
            var end = index
            var cursor = index
            var opened = 0
            while cursor < text.endIndex, !isRightToLeft(text[cursor]) {
                let character = text[cursor]
                if character == "(" || character == "[" { opened += 1 }
                if character == ")" || character == "]" {
                    if opened == 0 { break }
                    opened -= 1
                }
                cursor = text.index(after: cursor)
                if isLeftToRight(character) || "%°‰)]".contains(character) { end = cursor }
            }
            runs.append(index..<end)
            index = end > index ? end : text.index(after: index)
        }
        return runs
    }

    /// Whether a run starts at `index`: a left-to-right character, or a sign before a digit.
    private static func startsRun(_ text: String, at index: String.Index) -> Bool {
        let character = text[index]
        if isLeftToRight(character) { return true }
        guard "+-−".contains(character) else { return false }
        let next = text.index(after: index)
        return next < text.endIndex && text[next].isASCII && text[next].isNumber
    }

    /// `text` with every left-to-right run between isolates, for an Arabic terminal; text already
    /// inside isolates is left as it is.
    public static func isolatingForTerminal(_ text: String) -> String {
        var out = ""
        var depth = 0
        var segment = ""
        func flush() {
            out += depth == 0 ? isolatingRuns(segment) : segment
            segment = ""
        }
        for character in text {
            if character == firstStrongIsolate || character == "\u{2066}" || character == "\u{2067}" {
                flush(); depth += 1; out.append(character)
            } else if character == popIsolate {
                flush(); depth = max(0, depth - 1); out.append(character)
            } else {
                segment.append(character)
            }
        }
        flush()
        return out
    }

    /// Each run of `text` wrapped in isolates.
    private static func isolatingRuns(_ text: String) -> String {
        var out = ""
        var position = text.startIndex
        for run in leftToRightRuns(in: text) {
            out += text[position..<run.lowerBound]
            out += isolate(String(text[run]))
            position = run.upperBound
        }
        return out + text[position...]
    }
}
