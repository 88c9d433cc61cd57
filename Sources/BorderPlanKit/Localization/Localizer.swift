import Foundation

/// Texts and formats in one language: the only way user-facing words reach an output.
///
/// `text` looks a key up in the catalogue and fills its `{placeholders}`; the number and date
/// formats (LocaleFormats.swift) follow the conventions of Algeria's administration in each
/// language (CLDR fr and ar-DZ). A key missing in the language falls back to English, then to
/// the key itself, so a gap shows rather than crashes; the tests keep the catalogue complete.
public struct Localizer: Sendable {
    public let language: Language
    let catalogue: Catalogue

    public init(_ language: Language, catalogue: Catalogue = .shared) {
        self.language = language
        self.catalogue = catalogue
    }

    /// The text of `key` with `arguments` put in its placeholders, as plain text (files, JSON, CSV).
    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        fill(template(key), arguments) { $0 }
    }

    /// The text for a terminal: in Arabic, each argument and each left-to-right run of the
    /// template is wrapped in Unicode isolates (U+2068 … U+2069) so a bidi terminal keeps
    /// numbers, ids and Latin names whole.
    public func terminalText(_ key: String, _ arguments: [String: String] = [:]) -> String {
        guard language == .ar else { return text(key, arguments) }
        return Bidi.isolatingForTerminal(fill(template(key), arguments) { Bidi.isolate($0) })
    }

    /// The text as HTML: each argument in a `<bdi>` so that, on a right-to-left page, an id,
    /// a number with its unit or a Latin name never reorders its neighbours.
    public func html(_ key: String, _ arguments: [String: String] = [:]) -> HTMLNode {
        var nodes: [HTMLNode] = []
        var rest = template(key)[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = arguments[name] else {
                nodes.append(.text(String(rest[...close])))
                rest = rest[rest.index(after: close)...]
                continue
            }
            if open > rest.startIndex { nodes.append(.text(String(rest[..<open]))) }
            nodes.append(.el("bdi", text: value))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { nodes.append(.text(String(rest))) }
        return .fragment(nodes)
    }

    /// The name of a value of a closed set ("status.open" → "ouvert").
    public func name<Value: CatalogueNamed>(_ value: Value) -> String {
        text(Value.catalogueKey(value))
    }

    /// Whether the catalogue has `key` in this language.
    public func has(_ key: String) -> Bool { catalogue.texts[language]?[key] != nil }

    /// The template of `key`: this language, else English, else the key; French gets its
    /// no-break spaces before high punctuation.
    func template(_ key: String) -> String {
        guard let text = catalogue.texts[language]?[key] ?? catalogue.texts[.en]?[key] else { return key }
        return language == .fr ? FrenchTypography.spaced(text) : text
    }

    /// `template` with each `{name}` replaced by `transform(arguments[name])`; unknown names stay.
    func fill(_ template: String, _ arguments: [String: String], _ transform: (String) -> String) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            out += arguments[name].map(transform) ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

/// A closed set whose values have names in the catalogue, under `<family>.<rawValue>`.
public protocol CatalogueNamed: CaseIterable, RawRepresentable where RawValue == String {
    /// The key prefix of the set's names ("status").
    static var catalogueFamily: String { get }
}

extension CatalogueNamed {
    /// The key of one value's name.
    public static func catalogueKey(_ value: Self) -> String { catalogueFamily + "." + value.rawValue }
    /// The keys of all values' names (the tests count them as used).
    public static var catalogueKeys: [String] { allCases.map(catalogueKey) }
}

extension CrossingStatus: CatalogueNamed { public static var catalogueFamily: String { "status" } }
extension Traffic: CatalogueNamed { public static var catalogueFamily: String { "traffic" } }
extension Regime: CatalogueNamed { public static var catalogueFamily: String { "regime" } }
extension Partner: CatalogueNamed { public static var catalogueFamily: String { "partner" } }
extension ProjectPhase: CatalogueNamed { public static var catalogueFamily: String { "phase" } }
extension ProjectKind: CatalogueNamed { public static var catalogueFamily: String { "projectKind" } }
extension CrossingKind: CatalogueNamed { public static var catalogueFamily: String { "crossingKind" } }
extension CommitteeKind: CatalogueNamed { public static var catalogueFamily: String { "committeeKind" } }
extension CrossingEventKind: CatalogueNamed { public static var catalogueFamily: String { "event" } }
extension Service: CatalogueNamed { public static var catalogueFamily: String { "service" } }
extension Language: CatalogueNamed { public static var catalogueFamily: String { "language" } }
extension Finding.Severity: CatalogueNamed { public static var catalogueFamily: String { "finding.severity" } }

/// Every closed set named in the catalogue: the tests count their keys as used. Add a type
/// here when it conforms to `CatalogueNamed`.
public let catalogueNamedKeys: [String] =
    CrossingStatus.catalogueKeys + Traffic.catalogueKeys + Regime.catalogueKeys + Partner.catalogueKeys
    + ProjectPhase.catalogueKeys + ProjectKind.catalogueKeys + CrossingKind.catalogueKeys
    + CommitteeKind.catalogueKeys + CrossingEventKind.catalogueKeys + Service.catalogueKeys + Language.catalogueKeys
    + Finding.Severity.catalogueKeys

/// French spacing: a no-break space before `:` and `%` and a narrow one before `;`, `?`, `!`
/// (Imprimerie nationale rules), whatever space the translator typed. A mark counts when it
/// follows a word, a number or a placeholder and ends a word (so "12:30" and URLs stay).
enum FrenchTypography {
    static func spaced(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        for (index, character) in characters.enumerated() {
            if let space = highPunctuation[character], endsWord(characters, after: index) {
                var trimmed = out
                while let last = trimmed.last, last == " " || last == "\u{00A0}" || last == "\u{202F}" { trimmed.removeLast() }
                if let before = trimmed.last, before.isLetter || before.isNumber || ")}»".contains(before) { out = trimmed + String(space) }
            }
            out.append(character)
        }
        return out
    }

    /// Whether the character after `index` is the end of the text, a space or a closing mark.
    private static func endsWord(_ characters: [Character], after index: Int) -> Bool {
        index + 1 == characters.count || characters[index + 1].isWhitespace || ")»{.,".contains(characters[index + 1])
    }

    /// The space each high punctuation mark takes before it.
    static let highPunctuation: [Character: Character] = [":": "\u{00A0}", "%": "\u{202F}", ";": "\u{202F}", "?": "\u{202F}", "!": "\u{202F}"]
}
