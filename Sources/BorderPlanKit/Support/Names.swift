import Foundation

/// Languages names are given in.
public enum Language: String, Sendable, CaseIterable {
    case ar, fr, en
}

/// Something with a name in each of BorderPlan's languages.
public protocol Named {
    var nameAR: String { get }
    var nameFR: String { get }
    var nameEN: String { get }
}

extension Named {
    /// The name in `language`.
    public func name(_ language: Language) -> String {
        switch language {
        case .ar: return nameAR
        case .fr: return nameFR
        case .en: return nameEN
        }
    }
}

/// Folds a name for matching: accents, case, apostrophes, hyphens and Arabic
/// letter variants do not count ("Béjaïa" = "bejaia", "El M'Ghair" = "el mghair").
public func foldName(_ name: String) -> String {
    var text = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
    let arabicVariants: [Character: Character] = ["أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"]
    text = String(text.map { arabicVariants[$0] ?? $0 })
    var out = ""
    var lastWasSpace = true
    for character in text {
        if character.isLetter || character.isNumber {
            out.append(character)
            lastWasSpace = false
        } else if character == "'" || character == "’" || character == "ʼ" {
            continue
        } else if !lastWasSpace {
            out.append(" ")
            lastWasSpace = true
        }
    }
    return out.trimmingCharacters(in: .whitespaces)
}

/// Edit distance between two strings (insertions, deletions, substitutions).
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The `limit` candidates closest to `query` by folded edit distance, for "did you mean" messages.
public func closestMatches(to query: String, among candidates: [String], limit: Int = 3) -> [String] {
    let folded = foldName(query)
    return candidates
        .map { (candidate: $0, distance: editDistance(folded, foldName($0)) - (foldName($0).contains(folded) ? 100 : 0)) }
        .sorted { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }
        .prefix(limit)
        .map(\.candidate)
}
