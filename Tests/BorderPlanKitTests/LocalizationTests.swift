import Foundation
import Testing
@testable import BorderPlanKit

/// The message catalogue is complete and used, and the formats match ICU's (CLDR) for each language.
@Suite struct LocalizationTests {
    let catalogue = Catalogue.shared

    @Test func everyKeyHasEveryLanguage() {
        let all = Set(Language.allCases.flatMap { catalogue.texts[$0]?.keys.map { $0 } ?? [] })
        #expect(all.count > 50, "the catalogue loaded \(all.count) keys")
        for language in Language.allCases {
            let missing = all.subtracting(catalogue.texts[language]?.keys.map { $0 } ?? []).sorted()
            #expect(missing.isEmpty, "\(language.rawValue) lacks \(missing.prefix(20))")
            let empty = (catalogue.texts[language] ?? [:]).filter { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }.keys.sorted()
            #expect(empty.isEmpty, "\(language.rawValue) has empty texts: \(empty.prefix(20))")
        }
    }

    @Test func placeholdersAgreeAcrossLanguages() {
        for (key, english) in catalogue.texts[.en] ?? [:] {
            let expected = Set(Catalogue.placeholders(in: english))
            for language in [Language.fr, .ar] {
                let text = catalogue.texts[language]?[key] ?? ""
                #expect(Set(Catalogue.placeholders(in: text)) == expected, "\(key): \(language.rawValue) has \(Catalogue.placeholders(in: text)), en has \(expected.sorted())")
            }
        }
    }

    /// Every key is a string literal somewhere in Sources (Swift or the web map's script), or the
    /// name of a value of a closed set (`catalogueNamedKeys`).
    @Test func everyKeyIsUsed() throws {
        let sources = try sourceTexts()
        let named = Set(catalogueNamedKeys)
        var unused: [String] = []
        for key in (catalogue.texts[.en] ?? [:]).keys.sorted() where !named.contains(key) {
            if !["\"\(key)\"", "'\(key)'", "`\(key)`"].contains(where: sources.contains) { unused.append(key) }
        }
        #expect(unused.isEmpty, "keys never used in Sources: \(unused.prefix(30))")
        let missing = named.filter { catalogue.texts[.en]?[$0] == nil }.sorted()
        #expect(missing.isEmpty, "closed-set values without a name in the catalogue: \(missing)")
    }

    /// Every key written as `l.text("…")` (or terminalText/html) in Sources exists in the catalogue.
    @Test func everyUsedKeyExists() throws {
        let sources = try sourceTexts()
        let pattern = try NSRegularExpression(pattern: #"\b(?:text|terminalText|html)\(\s*"([a-zA-Z][a-zA-Z0-9_.\-]*\.[a-zA-Z0-9_.\-]+)""#)
        let matches = pattern.matches(in: sources, range: NSRange(sources.startIndex..., in: sources))
        let keys = Set(matches.compactMap { Range($0.range(at: 1), in: sources).map { String(sources[$0]) } })
        #expect(!keys.isEmpty)
        let missing = keys.filter { catalogue.texts[.en]?[$0] == nil }.sorted()
        #expect(missing.isEmpty, "keys used in Sources but absent from the catalogue: \(missing)")
    }

    /// All Swift files of Sources, concatenated.
    func sourceTexts() throws -> String {
        let root = repositoryRoot.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return "" }
        var text = ""
        for case let url as URL in walker where ["swift", "js"].contains(url.pathExtension) {
            text += try String(contentsOf: url, encoding: .utf8)
        }
        return text
    }

    // MARK: Formats against ICU (Foundation's formatters read CLDR through ICU: an independent reference)

    static let locales: [(Language, String)] = [(.en, "en_US"), (.fr, "fr_FR"), (.ar, "ar_DZ")]

    /// Values exact at every number of decimals tried, so that rounding rules do not enter; ICU
    /// marks a negative Arabic number with a LEFT-TO-RIGHT MARK, which BorderPlan replaces by isolating runs.
    @Test(arguments: [0.0, 7, 999, 1000, 12_345.5, 1_848_602, 34_357_526, -4_493.5, 0.5])
    func numbersMatchICU(_ value: Double) {
        for (language, identifier) in Self.locales {
            for decimals in [1, 2] {
                let formatter = NumberFormatter()
                formatter.locale = Locale(identifier: identifier)
                formatter.numberStyle = .decimal
                formatter.minimumFractionDigits = decimals
                formatter.maximumFractionDigits = decimals
                formatter.roundingMode = .halfUp
                let expected = (formatter.string(from: NSNumber(value: value)) ?? "").replacingOccurrences(of: "\u{200E}", with: "")
                #expect(Localizer(language).number(value, decimals: decimals) == expected, "\(identifier) \(value) \(decimals)")
            }
        }
    }

    @Test func datesMatchICU() throws {
        for (language, identifier) in Self.locales {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: identifier)
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "d MMMM yyyy"
            for month in 1...12 {
                for day in [2, 15, 28] {
                    let date = try #require(Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: 2026, month: month, day: day)))
                    #expect(Localizer(language).date(PartialDate(year: 2026, month: month, day: day)) == formatter.string(from: date))
                }
            }
        }
    }

    /// Hand-checked: French "1er", month and year only, year only; Algeria's Arabic month names.
    @Test func partialDates() {
        #expect(Localizer(.fr).date(PartialDate(year: 1994, month: 8, day: 1)) == "1er août 1994")
        #expect(Localizer(.ar).date(PartialDate(year: 2026, month: 7)) == "جويلية 2026")
        #expect(Localizer(.en).date(PartialDate(year: 2023)) == "2023")
        #expect(Localizer(.ar).monthName(1) == "جانفي" && Localizer(.ar).monthName(2) == "فيفري")
    }

    @Test func unitsAndPercents() {
        #expect(Localizer(.fr).km(274.6, decimals: 1) == "274,6\u{00A0}km")
        #expect(Localizer(.ar).km(1_848.5, decimals: 1) == "1.848,5\u{00A0}كم")
        #expect(Localizer(.fr).percent(75, decimals: 0) == "75\u{202F}%")
        #expect(Localizer(.en).integer(-1_848_602) == "-1,848,602")
        #expect(Localizer(.en).list(["a", "b", "c"]) == "a, b and c")
        #expect(Localizer(.ar).list(["تونس", "ليبيا"]) == "تونس وليبيا")
        #expect(Localizer(.fr).displayNumber("1848602") == "1\u{202F}848\u{202F}602")
        #expect(Localizer(.ar).displayNumber("-12.50") == "-12,50")
        #expect(Localizer(.fr).displayNumber("75 %") == "75\u{202F}%")
        #expect(Localizer(.fr).displayNumber("debdeb") == "debdeb" && Localizer(.fr).displayNumber("1.2.3") == "1.2.3" && Localizer(.fr).displayNumber("—") == "—")
    }

    /// French spacing before high punctuation, however the translator typed it.
    @Test func frenchTypography() {
        #expect(FrenchTypography.spaced("Rayon: {r}") == "Rayon\u{00A0}: {r}")
        #expect(FrenchTypography.spaced("Couvert : 75%") == "Couvert\u{00A0}: 75\u{202F}%")
        #expect(FrenchTypography.spaced("Vraiment?") == "Vraiment\u{202F}?")
        #expect(FrenchTypography.spaced("à 12:30, voir https://x.dz") == "à 12:30, voir https://x.dz")
    }

    /// Placeholders are filled; a missing argument stays visible; HTML arguments are isolated.
    @Test func fillingAndIsolation() {
        let catalogue = Catalogue(texts: [.en: ["t.k": "{a} of {b}"], .fr: ["t.k": "{b} : {a}"], .ar: ["t.k": "{a} من {b}"]])
        #expect(Localizer(.en, catalogue: catalogue).text("t.k", ["a": "1", "b": "2"]) == "1 of 2")
        #expect(Localizer(.fr, catalogue: catalogue).text("t.k", ["a": "1", "b": "2"]) == "2\u{00A0}: 1")
        #expect(Localizer(.en, catalogue: catalogue).text("t.k", ["a": "1"]) == "1 of {b}")
        #expect(Localizer(.ar, catalogue: catalogue).html("t.k", ["a": "debdeb", "b": "<x>"]).render() == "<bdi>debdeb</bdi> من <bdi>&lt;x&gt;</bdi>")
        #expect(Localizer(.ar, catalogue: catalogue).terminalText("t.k", ["a": "debdeb", "b": "ب"]) == "\u{2068}debdeb\u{2069} من \u{2068}ب\u{2069}")
        #expect(Localizer(.en, catalogue: catalogue).text("t.none") == "t.none")
    }

    /// Hand-checked runs: a number with its unit, a bracketed count, a percentage, an id.
    @Test func leftToRightRuns() {
        func runs(_ text: String) -> [String] { Bidi.leftToRightRuns(in: text).map { String(text[$0]) } }
        #expect(runs("طول 274.6 km على الحدود") == ["274.6 km"])
        #expect(runs("المعبر (debdeb) مفتوح.") == ["debdeb"])
        #expect(runs("تيمياوين (+4493) .1") == ["+4493", "1"])
        #expect(runs("نسبة 75 % من") == ["75 %"])
        #expect(runs("كلها عربية") == [])
        #expect(runs("(274.6 km)") == ["274.6 km"])
        #expect(HTMLNode.el("p", text: "المعبر debdeb مفتوح").render(isolatingLeftToRight: true) == "<p>المعبر <bdi>debdeb</bdi> مفتوح</p>")
        #expect(HTMLNode.el("p", ["dir": "ltr"], text: "a b").render(isolatingLeftToRight: true) == "<p dir=\"ltr\">a b</p>")
        #expect(Bidi.isolatingForTerminal("طول 274.6 km") == "طول \u{2068}274.6 km\u{2069}")
    }
}
