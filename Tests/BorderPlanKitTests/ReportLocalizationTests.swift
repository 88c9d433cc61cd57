import Foundation
import Testing
@testable import BorderPlanKit

/// The Arabic and French reports, written from the real data as `borderplan report --lang` writes
/// them (maps included): no heading, caption or table header left in English, every
/// left-to-right run of the Arabic page isolated, French numbers in French.
@Suite struct ReportLocalizationTests {
    /// The three pages, on 30 November 2026: the shipped report's (`shippedReportPages`).
    static var pages: Result<[Language: String], any Error> { shippedReportPages }

    /// Labels that are the same word in the language and in English (French "wilaya", "date",
    /// "source", "code", "population", "commune"): the only ones allowed to stay equal.
    static let sameWord: [Language: Set<String>] = [.fr: ["wilaya", "wilayas", "date", "source", "code", "population", "commune"]]

    func page(_ language: Language) throws -> String { try #require(try Self.pages.get()[language]) }

    @Test(arguments: [Language.ar, .fr])
    func noHeadingCaptionOrHeaderIsLeftInEnglish(_ language: Language) throws {
        let english = ReportProbe.labels(in: try page(.en))
        let translated = ReportProbe.labels(in: try page(language))
        #expect(english.count > 60, "the English report has \(english.count) headings, captions and headers")
        #expect(translated.map(\.tag) == english.map(\.tag), "the \(language.rawValue) report has other elements than the English one")
        let untranslated = zip(translated, english).filter { pair in
            pair.0.text == pair.1.text && !ReportProbe.isOnlyIdsCodesNumbers(pair.1.text) && !(Self.sameWord[language] ?? []).contains(pair.1.text)
        }
        #expect(untranslated.isEmpty, "\(language.rawValue) left in English: \(untranslated.map { "<\($0.0.tag)> \($0.0.text)" }.prefix(15))")
    }

    @Test func arabicPageIsRightToLeftWithEveryLeftToRightRunIsolated() throws {
        let html = try page(.ar)
        #expect(html.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(ReportProbe.labels(in: html).contains { $0.tag == "h1" && $0.text.contains("الحدود البرية للجزائر") })
        let bare = ReportProbe.unisolatedLeftToRight(in: html)
        #expect(bare.isEmpty, "left-to-right text outside <bdi> or dir: \(bare.prefix(15))")
        #expect(ReportProbe.plainText(html).contains("الوضع في 30 نوفمبر 2026."), "the date in Algeria's month names")
    }

    /// The checker finds a bare run, and accepts runs in `<bdi>` or under a `dir`.
    @Test func theIsolationCheckBites() {
        #expect(ReportProbe.unisolatedLeftToRight(in: "<body><p>المعبر debdeb</p></body>") == ["المعبر debdeb"])
        #expect(ReportProbe.unisolatedLeftToRight(in: "<body><p>عدد 12</p></body>") == ["عدد 12"])
        #expect(ReportProbe.unisolatedLeftToRight(in: "<body><p>المعبر <bdi>debdeb</bdi></p><p dir=\"ltr\">a <b>b</b></p><svg><text>x</text></svg></body>").isEmpty)
        #expect(ReportProbe.unisolatedLeftToRight(in: "<body><div dir=\"rtl\">المعبر debdeb</div></body>") == ["المعبر debdeb"])
        #expect(ReportProbe.isOnlyIdsCodesNumbers("K") && ReportProbe.isOnlyIdsCodesNumbers("ISO-2") && !ReportProbe.isOnlyIdsCodesNumbers("length (km)"))
    }

    /// Hand-checked: an Arabic argument keeps its Latin run isolated inside its own `<bdi>`; an
    /// Arabic table writes its machine numbers the Algerian way and lays an English note out left to right.
    @Test func arabicArgumentsAndCellsKeepTheirRuns() {
        let catalogue = Catalogue(texts: [.en: ["t.k": "see {a}"], .fr: ["t.k": "voir {a}"], .ar: ["t.k": "انظر {a}"]])
        let node = Localizer(.ar, catalogue: catalogue).html("t.k", ["a": "في GeoNames (CC BY 4.0)"])
        #expect(node.render(isolatingLeftToRight: true) == "انظر <bdi>في <bdi>GeoNames (CC BY 4.0)</bdi></bdi>")
        #expect(node.codeArguments().render() == "انظر <bdi><code>في GeoNames (CC BY 4.0)</code></bdi>")
        let table = Table(columns: [.init("n", numeric: true), .init("note")], rows: [["1848602.5", "Closed since 1994."]])
        let arabic = table.htmlNode(localizer: Localizer(.ar)).render(isolatingLeftToRight: true)
        #expect(arabic.contains("<td class=\"num\"><bdi>1.848.602,5</bdi></td>") && arabic.contains("<td dir=\"ltr\">Closed since 1994.</td>"), "\(arabic)")
        #expect(table.htmlNode(localizer: Localizer(.fr)).render().contains("<td class=\"num\">1\u{202F}848\u{202F}602,5</td><td>Closed since 1994.</td>"))
    }

    /// The coverage table's numbers in French: U+202F between groups of three, a decimal comma,
    /// and the same values as the English table's (whose numbers are read back independently).
    @Test func frenchCoverageNumbersUseNarrowSpacesAndDecimalCommas() throws {
        let french = ReportProbe.numericCells(ofTableAfter: "id=\"coverage\"", in: try page(.fr))
        let english = ReportProbe.numericCells(ofTableAfter: "id=\"coverage\"", in: try page(.en))
        #expect(french.count == english.count && french.count > 50)
        #expect(french.contains { $0.contains("\u{202F}") }, "populations are grouped with U+202F")
        #expect(french.contains { $0.range(of: #"^\d+,\d$"#, options: .regularExpression) != nil }, "shares have a decimal comma")
        let number = #"\d{1,3}(\x{202F}\d{3})*(,\d+)?"#
        for (fr, en) in zip(french, english) where en != "—" {
            #expect(fr.range(of: "^\(number)( / \(number))?$", options: .regularExpression) != nil, "not French: \(fr)")
            let frValues = fr.replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: ",", with: ".")
            #expect(frValues == en.replacingOccurrences(of: ",", with: ""), "\(fr) vs \(en)")
        }
    }
}

/// Reading a report page back: its labels and its text runs.
enum ReportProbe {
    /// Headings h1–h4, captions, figure captions and table headers, in page order, as plain text
    /// (the maps' SVG left out).
    static func labels(in html: String) -> [(tag: String, text: String)] {
        let page = removing(["svg", "style", "script"], from: html)
        return matches(#"<(h[1-4]|caption|figcaption|th)\b[^>]*>(.*?)</\1>"#, in: page).map { groups in
            (groups[1], plainText(groups[2]))
        }
    }

    /// Texts of the body (outside svg, style, script) with a Latin letter or a digit that is in
    /// neither a `<bdi>` nor an element with `dir="ltr"` or `dir="auto"` (a `dir="rtl"` isolates nothing).
    static func unisolatedLeftToRight(in html: String) -> [String] {
        guard let body = html.range(of: "<body") else { return [] }
        let page = removing(["svg", "style", "script"], from: String(html[body.lowerBound...]))
        var stack: [(tag: String, isolates: Bool)] = []
        var bare: [String] = []
        for token in matches(#"<[^>]*>|[^<]+"#, in: page).map({ $0[0] }) {
            if token.hasPrefix("</") {
                let tag = String(token.dropFirst(2).prefix { $0.isLetter || $0.isNumber })
                if let open = stack.lastIndex(where: { $0.tag == tag }) { stack.removeSubrange(open...) }
            } else if token.hasPrefix("<") {
                let tag = String(token.dropFirst().prefix { $0.isLetter || $0.isNumber })
                guard !["meta", "br", "hr", "img", "wbr", "input"].contains(tag), !token.hasSuffix("/>"), !token.hasPrefix("<!") else { continue }
                stack.append((tag, tag == "bdi" || token.contains(" dir=\"ltr\"") || token.contains(" dir=\"auto\"")))
            } else {
                let text = plainText(token)
                let leftToRight = text.unicodeScalars.contains { ("0"..."9").contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || (0xC0...0x24F).contains($0.value) }
                if leftToRight && !stack.contains(where: \.isolates) { bare.append(text) }
            }
        }
        return bare
    }

    /// The `<td class="num">` texts of the first table after `marker`.
    static func numericCells(ofTableAfter marker: String, in html: String) -> [String] {
        guard let start = html.range(of: marker), let table = html.range(of: "<table", range: start.upperBound..<html.endIndex),
              let end = html.range(of: "</table>", range: table.upperBound..<html.endIndex) else { return [] }
        return matches(#"<td class="num">(.*?)</td>"#, in: String(html[table.lowerBound..<end.upperBound])).map { plainText($0[1]) }
    }

    /// Whether a label is only ids, codes, symbols and numbers ("K", "ISO-2"): words of one letter or in capitals.
    static func isOnlyIdsCodesNumbers(_ text: String) -> Bool {
        text.split { !$0.isLetter }.allSatisfy { $0.count == 1 || $0 == $0.uppercased() }
    }

    /// Markup without the given elements and their content.
    static func removing(_ tags: [String], from html: String) -> String {
        tags.reduce(html) { page, tag in
            let regex = expression("<\(tag)\\b.*?</\(tag)>")
            return regex.stringByReplacingMatches(in: page, range: NSRange(page.startIndex..., in: page), withTemplate: "")
        }
    }

    /// The text of a piece of markup: tags dropped, the escaper's entities decoded.
    static func plainText(_ markup: String) -> String {
        let text = markup.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        return [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&#10;", "\n"), ("&amp;", "&")]
            .reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// A regular expression whose dot matches newlines; the patterns are this file's constants.
    static func expression(_ pattern: String) -> NSRegularExpression {
        do { return try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) } catch {
            preconditionFailure("bad pattern \(pattern): \(error)")
        }
    }

    /// Each match of `pattern` (dot matches newlines) with its groups.
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = expression(pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (0..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }
}
