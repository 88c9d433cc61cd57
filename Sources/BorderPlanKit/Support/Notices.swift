import Foundation

/// The language of the notices a command writes on standard error about its outputs (a file
/// replaced, a stale staging folder removed) and of its progress lines. The command line sets it
/// once from `--lang` before the command runs; the server never does, so its log stays English.
public enum Notices {
    private static let lock = NSLock()
    /// Guarded by `lock` (read from any thread that writes an output).
    nonisolated(unsafe) private static var current: Language = .en

    public static var language: Language {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// The text of `key` in the notices' language, plain (standard error escapes it).
    public static func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        Localizer(language).text(key, arguments)
    }
}
