import Foundation

/// A note of a plan (why it stops, what it left out, why a project has no coverage effect): a
/// stable machine `code` and a message of the catalogue (plannotes.json) shown in the reader's
/// language; `description` is its English text.
public struct PlanNote: Sendable, Equatable, CustomStringConvertible {
    /// The key without its domain: "stop.some-add", "unknown-cost.budget".
    public var code: String
    public var message: DataError.Problem

    /// The note `key` of plannotes.json with its arguments.
    public init(_ key: String, _ arguments: [String: MessageValue] = [:]) {
        code = key.hasPrefix("plannotes.") ? String(key.dropFirst("plannotes.".count)) : key
        message = DataError.Problem(key, arguments)
    }

    public var description: String { message.english }

    /// The note in `l`'s language.
    public func text(_ l: Localizer) -> String { message.text(l) }

    /// The note as JSON: its code and its text in `l`'s language.
    public func json(_ l: Localizer) -> JSONValue { .object(["code": .string(code), "text": .string(text(l))]) }

    /// A value of a closed set named in each language, English as its raw value (as the notes have always written it).
    static func named<Value: CatalogueNamed>(_ value: Value) -> MessageValue {
        .names(ar: Localizer(.ar).name(value), fr: Localizer(.fr).name(value), en: value.rawValue)
    }
}
