import Foundation

/// An argument of a message of the catalogue (a finding, a data error), kept typed so each
/// language writes it its own way.
public indirect enum MessageValue: Sendable, Equatable {
    /// An id, a code, a file, a field or a text from the data: as it is, in every language.
    case text(String)
    /// A figure as `validate` has always printed it ("14.8", "1739"); French and Arabic
    /// write it with their own decimal mark and grouping.
    case number(String)
    /// A date: ISO in English (as before), the language's own date elsewhere.
    case date(PartialDate)
    /// A name in each language (a crossing, a wilaya, a border).
    case names(ar: String, fr: String, en: String)
    /// A text of the catalogue with its own arguments (a location, a list item).
    case phrase(String, [String: MessageValue])
    /// Several values, joined as the language joins a list ("a, b and c").
    case list([MessageValue])

    /// The names of `named` in the three languages.
    public static func name(_ named: some Named) -> MessageValue { .names(ar: named.nameAR, fr: named.nameFR, en: named.nameEN) }

    /// The value written for a reader of `l`'s language, as plain text.
    public func text(_ l: Localizer) -> String {
        switch self {
        case let .text(text): return text
        case let .number(machine): return l.language == .en ? machine : l.displayNumber(machine)
        case let .date(date): return l.language == .en ? date.description : l.date(date)
        case let .names(ar, fr, en): return [Language.ar: ar, .fr: fr, .en: en][l.language] ?? en
        case let .phrase(key, arguments): return l.text(key, arguments.mapValues { $0.text(l) })
        case let .list(items): return l.list(items.map { $0.text(l) })
        }
    }
}
