import Foundation

/// The Arabic script as Algerian usage writes names: the one check for "is this an Arabic
/// name" (the geodata build picks GeoNames alternates with it; the tests check the shipped data).
public enum ArabicScript {
    /// Hamza to yeh (U+0621–U+064A), which includes tatweel U+0640.
    static let letters: ClosedRange<UInt32> = 0x0621...0x064A
    /// Harakat: fathatan to sukun (U+064B–U+0652).
    static let harakat: ClosedRange<UInt32> = 0x064B...0x0652
    /// Alef wasla, and the Maghrebi ڨ (gaf, U+06A8) and ڤ (veh, U+06A4).
    static let extraLetters: Set<UInt32> = [0x0671, 0x06A8, 0x06A4]
    static let alefMaksura: UInt32 = 0x0649, tehMarbuta: UInt32 = 0x0629, yehWithHamza: UInt32 = 0x0626

    /// True when `name` is written entirely in the Arabic letters Algerian usage writes — the
    /// Arabic block's letters U+0621–U+064A, harakat, alef wasla, ڨ and ڤ, with spaces and hyphens
    /// between words — and spelt as Arabic spells: ة and ى only end a word, and no word starts
    /// with ئ. That rejects letters of other languages written in the Arabic block (Urdu ہ U+06C1,
    /// Kurdish ە U+06D5, Persian ی U+06CC and ک U+06A9), Uyghur spellings such as «ئالجىر», Latin,
    /// digits and any other punctuation.
    public static func isAlgerianArabic(_ name: String) -> Bool {
        let words = name.split(separator: " ", omittingEmptySubsequences: true)
            .flatMap { $0.split(separator: "-", omittingEmptySubsequences: true) }
        guard !words.isEmpty, name.unicodeScalars.allSatisfy({ $0 == " " || $0 == "-" || isArabicScalar($0.value) }) else { return false }
        return words.allSatisfy(isArabicWord)
    }

    /// One word (no space or hyphen): at least one letter, ة and ى only last, ئ not first.
    static func isArabicWord(_ word: Substring) -> Bool {
        let letters = word.unicodeScalars.map(\.value).filter { !harakat.contains($0) }
        guard let first = letters.first, first != yehWithHamza else { return false }
        return !letters.dropLast().contains { $0 == alefMaksura || $0 == tehMarbuta }
    }

    /// `name` without tatweel (U+0640), the elongation stroke that decorates some sources' names
    /// («النــعـامـة») and carries no letter.
    public static func withoutTatweel(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.value != 0x0640 }))
    }

    static func isArabicScalar(_ value: UInt32) -> Bool {
        letters.contains(value) || harakat.contains(value) || extraLetters.contains(value)
    }
}
