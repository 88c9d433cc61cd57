import Foundation

/// The message catalogue: every user-facing text of BorderPlan in Arabic, French and English.
///
/// Files: `Resources/Messages/<language>/<domain>.json`, each a flat JSON object of key → text.
/// A text names its arguments as `{placeholder}`; translators may reorder them freely. The
/// tests check that every key has the three languages, that placeholders agree and that every
/// key is used (`LocalizationTests`).
public struct Catalogue: Sendable {
    /// Texts by language, then key.
    public let texts: [Language: [String: String]]
    /// The file each key came from, by language (for the tests' messages).
    public let files: [Language: [String: String]]

    /// The catalogue shipped in the BorderPlanKit resource bundle, read once.
    public static let shared: Catalogue = {
        guard let directory = Bundle.module.url(forResource: "Messages", withExtension: nil) else {
            preconditionFailure("BorderPlanKit's resource bundle has no Messages folder: reinstall BorderPlan")
        }
        do { return try Catalogue(directory: directory) } catch {
            preconditionFailure("The message catalogue shipped with BorderPlan is broken: \(error)")
        }
    }()

    /// A catalogue from texts in memory (tests).
    init(texts: [Language: [String: String]]) {
        self.texts = texts
        self.files = texts.mapValues { $0.mapValues { _ in "memory" } }
    }

    /// Reads `directory/<language>/*.json` for every language, in file-name order.
    public init(directory: URL) throws {
        var texts: [Language: [String: String]] = [:]
        var files: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let folder = directory.appendingPathComponent(language.rawValue)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
            var table: [String: String] = [:]
            var origin: [String: String] = [:]
            for name in names {
                let file = folder.appendingPathComponent(name)
                for (key, text) in try Self.entries(of: file) {
                    if let first = origin[key] {
                        throw CatalogueError.duplicateKey(key, file: "\(language.rawValue)/\(name)", first: "\(language.rawValue)/\(first)")
                    }
                    table[key] = text
                    origin[key] = name
                }
            }
            texts[language] = table
            files[language] = origin
        }
        self.texts = texts
        self.files = files
    }

    /// The key → text pairs of one catalogue file; anything but an object of strings is an error.
    static func entries(of file: URL) throws -> [String: String] {
        let data = try Data(contentsOf: file)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CatalogueError.notAnObject(file: file.lastPathComponent)
        }
        var entries: [String: String] = [:]
        for (key, value) in object {
            guard let text = value as? String else { throw CatalogueError.notText(key: key, file: file.lastPathComponent) }
            entries[key] = text
        }
        return entries
    }

    /// The `{name}` placeholders of a text, in order of appearance.
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) { names.append(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return names
    }
}

/// A broken catalogue file.
public enum CatalogueError: Error, CustomStringConvertible {
    case duplicateKey(String, file: String, first: String)
    case notAnObject(file: String)
    case notText(key: String, file: String)

    public var description: String {
        switch self {
        case let .duplicateKey(key, file, first): return "\(file): key '\(key)' is already defined in \(first)"
        case let .notAnObject(file): return "\(file): a catalogue file is one JSON object of key → text"
        case let .notText(key, file): return "\(file), key '\(key)': the value must be a string"
        }
    }
}
