import Foundation

/// An error whose text is a message of the catalogue (`usage.json`, `dataerrors.json`):
/// `description` is its English text, `text(_:)` the text in a reader's language.
public protocol TranslatableError: Error, CustomStringConvertible {
    /// The message's key and arguments; nil for a text that only exists in English.
    var problem: DataError.Problem? { get }
}

extension TranslatableError {
    /// The error in `l`'s language (English: exactly `description`).
    public func text(_ l: Localizer) -> String {
        guard let problem, l.language != .en else { return description }
        return problem.text(l)
    }
}

extension DataError.Problem {
    /// A problem of the catalogue with its arguments.
    public init(_ key: String, _ arguments: [String: MessageValue] = [:]) {
        self.init(key: key, arguments: arguments)
    }

    /// The message in `l`'s language.
    public func text(_ l: Localizer) -> String { l.text(key, arguments.mapValues { $0.text(l) }) }

    /// The message in English, as `description` gives it.
    public var english: String { text(Localizer(.en)) }
}
