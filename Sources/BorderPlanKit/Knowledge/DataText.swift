import Foundation

/// A free text of the knowledge base — a status note, a history note, a crossing's notes, where
/// its position comes from — in Arabic, French and English. The files store it as
/// `<field>_ar`, `<field>_fr`, `<field>_en`, like the names (`name_ar`…) and the aims (`aim_ar`…).
/// A language left null is "not yet translated": an edit written in one language clears the
/// others, so a translation never outlives the text it translated, and readers say so.
public struct DataText: Sendable, Equatable, ExpressibleByStringInterpolation {
    public var ar: String?
    public var fr: String?
    public var en: String?

    public init(ar: String? = nil, fr: String? = nil, en: String? = nil) {
        self.ar = ar
        self.fr = fr
        self.en = en
    }

    /// A text written in `language` alone: the other languages are not yet translated.
    public init(_ text: String, in language: Language) {
        self.init()
        self[language] = text
    }

    /// A literal is English text, the other languages not yet translated (test fixtures).
    public init(stringLiteral value: String) { self.init(value, in: .en) }

    public subscript(language: Language) -> String? {
        get {
            switch language {
            case .ar: return ar
            case .fr: return fr
            case .en: return en
            }
        }
        set {
            switch language {
            case .ar: ar = newValue
            case .fr: fr = newValue
            case .en: en = newValue
            }
        }
    }

    /// True when no language has the text (no note at all).
    public var isAbsent: Bool { Language.allCases.allSatisfy { self[$0] == nil } }

    /// The languages still to translate: empty when the text is complete or absent.
    public var untranslated: [Language] { isAbsent ? [] : Language.allCases.filter { self[$0] == nil } }

    /// The language a reader of `language` is shown when it lacks the text: English, French, then Arabic.
    func fallback(for language: Language) -> (Language, String)? {
        [Language.en, .fr, .ar].lazy.filter { $0 != language }.compactMap { other in self[other].map { (other, $0) } }.first
    }

    /// The members a knowledge-base file writes for `field`, in the file's order (null: not yet translated).
    public func members(_ field: String) -> [(key: String, value: StoredJSON)] {
        Language.allCases.map { (Self.key(field, $0), StoredJSON.optional(self[$0])) }
    }

    /// "status_note_ar".
    public static func key(_ field: String, _ language: Language) -> String { "\(field)_\(language.rawValue)" }
}

// MARK: Reading

/// A member name known only at run time.
struct DataTextKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension DataText {
    /// Reads `<field>_ar`, `<field>_fr` and `<field>_en` of the object `decoder` is on. A file of the
    /// earlier form, with `<field>` alone, is read as English (Arabic and French not yet translated).
    /// `required`: a text with no language at all is an error naming `<field>_en`.
    static func decode(_ field: String, from decoder: Decoder, required: Bool) throws -> DataText {
        let container = try decoder.container(keyedBy: DataTextKey.self)
        var text = DataText()
        for language in Language.allCases {
            text[language] = try container.decodeIfPresent(String.self, forKey: DataTextKey(key(field, language)))
        }
        if text.isAbsent { text.en = try container.decodeIfPresent(String.self, forKey: DataTextKey(field)) }
        if required && text.isAbsent {
            throw DecodingError.keyNotFound(DataTextKey(key(field, .en)), .init(codingPath: container.codingPath,
                                                                               debugDescription: "expected the text in at least one of \(field)_ar, \(field)_fr, \(field)_en"))
        }
        return text
    }
}

// MARK: Showing

extension Localizer {
    /// `text` in this language; when it is not yet translated, says so in this language and
    /// shows the text in the language it has ("[not yet translated; in English: …]"), never silently.
    public func dataText(_ text: DataText) -> String {
        if let own = text[language] { return own }
        guard let (other, original) = text.fallback(for: language) else { return "" }
        return self.text("kbtexts.untranslated", ["language": self.text(Self.inLanguageKey(other)), "text": original])
    }

    /// The key of "in English" and its kind.
    static func inLanguageKey(_ language: Language) -> String {
        switch language {
        case .ar: return "kbtexts.in.ar"
        case .fr: return "kbtexts.in.fr"
        case .en: return "kbtexts.in.en"
        }
    }

    /// `dataText` of an optional text, nil when there is none.
    public func dataText(_ text: DataText?) -> String? {
        guard let text, !text.isAbsent else { return nil }
        return dataText(text)
    }
}

extension DataText {
    /// The text as a message argument: each language's reader gets `Localizer.dataText`.
    var messageValue: MessageValue {
        .names(ar: Localizer(.ar).dataText(self), fr: Localizer(.fr).dataText(self), en: Localizer(.en).dataText(self))
    }
}

extension DataText {
    /// "Status set to open." in every language: the note of a status change given without one.
    public static func statusSet(_ status: CrossingStatus) -> DataText {
        var text = DataText()
        for language in Language.allCases {
            let l = Localizer(language)
            text[language] = l.text("kbtexts.statusSet", ["status": l.name(status)])
        }
        return text
    }
}
