import Foundation
import Geo

extension KnowledgeStore {
    /// The store a data command reads: `--db` when given, else `$BORDERPLAN_DB` when that file
    /// exists; nil means the data folder's files.
    public static func readLocation(db: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let db { return URL(fileURLWithPath: db) }
        guard let variable = environment["BORDERPLAN_DB"], !variable.isEmpty, FileManager.default.fileExists(atPath: variable) else { return nil }
        return URL(fileURLWithPath: variable)
    }

    /// The store `kb` commands use: `--db`, else `$BORDERPLAN_DB`, else `kb/borderplan.sqlite`
    /// beside the repository's data folder (`kb/` is ignored by git).
    public static func editLocation(db: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let db { return URL(fileURLWithPath: db) }
        if let variable = environment["BORDERPLAN_DB"], !variable.isEmpty { return URL(fileURLWithPath: variable) }
        return Geodata.defaultDirectory().deletingLastPathComponent().appendingPathComponent("kb/borderplan.sqlite")
    }

    /// Runs `body` on a temporary folder holding the three files as the store has them (with
    /// `change` applied), so the one reader, `KnowledgeBase.load`, reads store and files alike.
    /// Errors name the file by its name alone.
    public func withFiles<T>(replacing change: (RecordKind, String, StoredJSON)? = nil, _ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("borderplan-kb-\(getpid())-\(UUID().uuidString.prefix(8))")
        try createFolder(folder)
        defer { try? FileManager.default.removeItem(at: folder) }  // a temporary copy: nothing to report if it stays
        for (file, data) in try exportFiles(replacing: change) { try writeNewFile(data, at: folder.appendingPathComponent(file)) }
        do { return try body(folder) } catch var error as DataError where error.file.hasPrefix(folder.path) {
            error.file = "\(url.lastPathComponent): \(URL(fileURLWithPath: error.file).lastPathComponent)"
            throw error
        }
    }

    /// The knowledge base as the store holds it.
    public func knowledgeBase(context: GeometryContext) throws -> KnowledgeBase {
        try withFiles { try KnowledgeBase.load(directory: $0, context: context) }
    }
}
