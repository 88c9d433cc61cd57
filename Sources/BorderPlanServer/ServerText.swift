import BorderPlanKit
import Foundation

/// The text of a problem's title or detail, rendered in the request's language only when the
/// reply is written: a message of the server catalogue (`server.json`) with its arguments, a
/// wrapped `DataError` (`DataError.text(_:)`), or a domain error's own message (its catalogue
/// text when it has one, else its English sentence).
public struct ServerText: Sendable, Equatable {
    enum Source: Sendable, Equatable {
        case catalogue(DataError.Problem)
        case dataError(DataError)
        case domain(prefix: String?, english: String, problem: DataError.Problem?)
    }

    let source: Source

    /// The catalogue's text `key` with `arguments` (ids, paths, values: the same in every language).
    init(_ key: String, _ arguments: [String: String] = [:]) { source = .catalogue(DataError.Problem(key, arguments.mapValues(MessageValue.text))) }

    /// The catalogue's text `key` with typed arguments (numbers, nested phrases).
    init(_ key: String, values: [String: MessageValue]) { source = .catalogue(DataError.Problem(key, values)) }

    /// A data error, in the language of the reply.
    static func dataError(_ error: DataError) -> ServerText { ServerText(source: .dataError(error)) }

    /// A domain error (a limit, a plan that cannot be posed): its catalogue text when it has one.
    static func error(_ error: some TranslatableError) -> ServerText {
        ServerText(source: .domain(prefix: nil, english: error.description, problem: error.problem))
    }

    /// A data error's problem alone, after `prefix` (the item it is about), without its file.
    static func problem(of error: DataError, after prefix: String?) -> ServerText {
        ServerText(source: .domain(prefix: prefix, english: error.message, problem: error.problem))
    }

    /// A sentence of a domain error that exists only in English (kept as it is).
    static func english(_ sentence: String) -> ServerText { ServerText(source: .domain(prefix: nil, english: sentence, problem: nil)) }

    private init(source: Source) { self.source = source }

    /// The text in `l`'s language.
    func text(_ l: Localizer) -> String {
        switch source {
        case let .catalogue(message): return message.text(l)
        case let .dataError(error): return error.text(l)
        case let .domain(prefix, english, problem):
            let body = l.language == .en ? english : (problem?.text(l) ?? english)
            return [prefix, body].compactMap { $0 }.joined(separator: ": ")
        }
    }
}

/// The language of a request's problems: the best of ar, fr, en in its `Accept-Language`
/// header (RFC 9110 §12.5.4, q-values honoured, `fr-DZ` counts as `fr`), English without one.
enum RequestLanguage {
    static func negotiate(_ acceptLanguage: String?) -> Language {
        guard let acceptLanguage else { return .en }
        var best: (language: Language, q: Double)?
        for range in acceptLanguage.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = parts.first, !tag.isEmpty else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let primary = String(tag.split(separator: "-").first ?? "")
            guard q > 0, let language = Language(rawValue: primary) else { continue }
            if q > (best?.q ?? 0) { best = (language, q) }
        }
        return best?.language ?? .en
    }
}
