import Foundation
import Testing
@testable import BorderPlanKit

/// Issue 15's "done when": the Arabic and French reports (shipped data, default options) have no
/// common English word in any text node, apart from what stays as published. The exclusions,
/// all of them:
/// - elements: `<bdi>` (isolated ids, codes, numbers), `<svg>` (the maps, tested by their own
///   suites), `<style>`, `<script>`, `<a>` and `<cite>` (URLs and citations);
/// - CSS classes: `kb-text` (the crossings' `status_note` and the history `note` cells),
///   `source` (source titles and dates);
/// - the knowledge base's free-text fields wherever a sentence quotes them: `status_note`,
///   history `note`, `coordinate_source`, `notes` and source `title` (another change translates
///   the data itself);
/// - tokens that are codes (`dz-ml-bilateral-border`), command-line options, quoted values, and
///   the licence names of the data credit line (`CC BY 4.0`).
@Suite struct ReportEnglishWordsTests {
    static let excludedElements: Set<String> = ["bdi", "svg", "style", "script", "a", "cite"]
    static let excludedClasses: Set<String> = [ReportClass.knowledgeText, ReportClass.source]
    static let freeTextFields: Set<String> = ["status_note", "note", "coordinate_source", "notes", "title"]
    static let licences = ["CC BY 4.0", "CC BY-SA", "ODbL"]

    /// The Arabic and French pages: the shipped report with the default options (`shippedReportPages`).
    static var pages: Result<[Language: String], any Error> { shippedReportPages }

    @Test(arguments: [Language.ar, .fr])
    func noEnglishWordOutsideTheExclusions(_ language: Language) throws {
        let html = try #require(try Self.pages.get()[language])
        let free = try Self.knowledgeFreeTexts()
        #expect(free.count > 100, "the knowledge base has \(free.count) free texts")
        let nodes = Self.textNodes(in: html)
        #expect(nodes.count > 500, "the page has \(nodes.count) checked text nodes")
        let english = nodes.compactMap { node -> String? in
            let words = Self.english(in: node, removing: free)
            return words.isEmpty ? nil : "\(words) in «\(node.prefix(160))»"
        }
        #expect(english.isEmpty, "\(language.rawValue): \(english.count) text nodes with English words: \(english.prefix(12))")
    }

    /// The check finds English prose, and lets the exclusions through.
    @Test func theCheckBites() {
        let html = """
            <body><p>Couverture de la frontière</p><p>the plan stops there</p><p>المعبر <bdi>open crossing</bdi></p>
            <td class="kb-text">Closed since 1994</td><svg><text>coverage</text></svg><p>règle wilaya-without-crossing</p>
            <p>Données : GeoNames (CC BY 4.0)</p><p>début de la modernisation</p></body>
            """
        let flagged = Self.textNodes(in: html).filter { !Self.english(in: $0, removing: []).isEmpty }
        #expect(flagged == ["the plan stops there"])
        #expect(Self.english(in: "position (About 40 km east of Bir El Ater)", removing: ["About 40 km east of Bir El Ater"]).isEmpty)
    }

    /// The English words of a text node once the knowledge base's free texts and the licences are taken out.
    static func english(in node: String, removing free: [String]) -> [String] {
        var text = node
        for part in free + licences where text.contains(part) { text = text.replacingOccurrences(of: part, with: " ") }
        text = text.replacingOccurrences(of: #"\b[a-z0-9]+(?:-[a-z0-9]+)+\b"#, with: " ", options: .regularExpression)
        return englishWords(in: text)
    }

    /// The text nodes of `html` outside the excluded elements and classes, entities decoded.
    static func textNodes(in html: String) -> [String] {
        let void: Set<String> = ["meta", "br", "img", "link", "input", "hr", "col", "wbr", "source"]
        var stack: [(tag: String, excluded: Bool)] = []
        var nodes: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            let text = decodeEntities(String(rest[..<open])).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, stack.last?.excluded != true { nodes.append(text) }
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let tag = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
            let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
            if tag.hasPrefix("/") {
                if let index = stack.lastIndex(where: { $0.tag == name }) { stack.removeSubrange(index...) }
            } else if !void.contains(name) && !tag.hasSuffix("/") {
                let classes = Set(firstMatch(#"class="([^"]*)""#, in: tag)?.split(separator: " ").map(String.init) ?? [])
                let excluded = (stack.last?.excluded ?? false) || excludedElements.contains(name) || !classes.isDisjoint(with: excludedClasses)
                stack.append((name, excluded))
            }
        }
        return nodes
    }

    /// The free texts of the knowledge base's files (crossings, projects, committees): every
    /// string value of a field of `freeTextFields`, longest first.
    static func knowledgeFreeTexts() throws -> [String] {
        var texts: Set<String> = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                for (key, item) in object {
                    if freeTextFields.contains(key), let text = item as? String, !text.isEmpty { texts.insert(text) }
                    walk(item)
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        for file in [KnowledgeBase.crossingsFile, KnowledgeBase.projectsFile, KnowledgeBase.committeesFile] {
            walk(try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent(file))))
        }
        return texts.sorted { $0.count > $1.count }
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&nbsp;", "\u{00A0}"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        return out
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern),   // a fixed, valid pattern
              let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}
