import Foundation
import GRDB

/// One record of the store: the file's JSON object, as written, and its version (its ETag).
public struct StoredRecord: Sendable, Equatable {
    public var kind: RecordKind
    public var id: String
    public var position: Int
    public var body: StoredJSON
    public var version: Int

    /// The HTTP entity tag of this version (a strong validator).
    public var etag: String { "\"\(version)\"" }
}

/// An edit refused because the record changed since it was read (optimistic concurrency).
public struct StaleVersionError: Error, CustomStringConvertible {
    public var kind: RecordKind
    public var id: String
    public var expected: Int?
    public var current: Int?
    public var description: String {
        let now = current.map { "it is now at version \($0)" } ?? "it does not exist"
        let then = expected.map { "version \($0)" } ?? "a new record"
        return "\(kind.rawValue) '\(id)' changed since it was read (the edit was made on \(then); \(now)): read it again and redo the edit"
    }
}

/// The knowledge-base store: an SQLite database (WAL mode) holding every record as its JSON
/// object, an append-only journal of the edits, and the access tokens. The JSON files of the
/// data folder stay the reviewed source; `exportFiles` writes them back byte for byte.
public final class KnowledgeStore: Sendable {
    public let url: URL
    let pool: DatabasePool

    /// Opens an existing store.
    public init(url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataError(file: url.path, problem: "dataerrors.store.none")
        }
        self.url = url
        pool = try Self.located(url) { try DatabasePool(path: url.path, configuration: Self.configuration()) }
        var version = try Self.located(url) { try pool.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'schema'") } }
        if version == "1" {
            try Self.located(url) { try pool.write { try Self.migrateToTexts($0, file: url.path) } }
            version = "2"
        }
        guard version == Self.schemaVersion else { throw DataError(file: url.path, problem: "dataerrors.store.schema", ["found": .text(version ?? "none"), "expected": .text(Self.schemaVersion)]) }
    }

    /// 2: the crossings' free texts in three languages (a store of schema 1 is upgraded when opened).
    static let schemaVersion = "2"

    static func configuration() -> Configuration {
        var configuration = Configuration()
        // Writers of other processes wait for the lock instead of failing at once.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL") }
        return configuration
    }

    /// Runs `body`, turning an SQLite error into one that names the store file.
    static func located<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError {
            throw DataError(file: url.path, "SQLite: \(error.message ?? error.description)")
        }
    }

    /// Creates the store at `url` (which must not exist) from the knowledge-base files of `data`.
    @discardableResult
    public static func create(at url: URL, from data: URL) throws -> KnowledgeStore {
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw DataError(file: url.path, problem: "dataerrors.store.exists")
        }
        try OutputGuard(inputs: [(data, "the data folder")]).check(url, option: "--db")
        let documents = try RecordKind.allCases.map { kind in (kind, try readDocument(kind, data: data)) }
        try createFolder(url.deletingLastPathComponent())
        let pool = try located(url) { try DatabasePool(path: url.path, configuration: configuration()) }
        try located(url) {
            try pool.write { db in
                try createSchema(db)
                try db.execute(sql: "INSERT INTO meta VALUES ('schema', ?), ('created', ?), ('source', ?)",
                               arguments: [schemaVersion, isoTimestamp(Date()), data.standardizedFileURL.path])
                for (kind, (envelope, records)) in documents {
                    try db.execute(sql: "INSERT INTO documents VALUES (?, ?, ?)", arguments: [kind.rawValue, envelope.compact(), kind.listKey])
                    for (position, (id, body)) in records.enumerated() {
                        for table in ["records", "baseline"] {
                            try db.execute(sql: "INSERT INTO \(table) (kind, id, position, body, version) VALUES (?, ?, ?, ?, 1)",
                                           arguments: [kind.rawValue, id, position, body.compact()])
                        }
                    }
                }
            }
        }
        try pool.close()
        return try KnowledgeStore(url: url)
    }

    /// The file of `kind` in `data`: its top-level object without the list, and the listed records by id.
    static func readDocument(_ kind: RecordKind, data: URL) throws -> (StoredJSON, [(String, StoredJSON)]) {
        let file = data.appendingPathComponent(kind.file)
        let bytes = try readInput(url: file, kind: .knowledge)
        let document = try StoredJSON.parse(String(decoding: bytes, as: UTF8.self), file: file.path)
        guard let list = document[kind.listKey]?.arrayValue else { throw DataError(file: file.path, field: kind.listKey, problem: "dataerrors.store.list", ["kind": .text(kind.plural)]) }
        let records = try list.enumerated().map { index, record in
            guard let id = kind.id(of: record), !id.isEmpty else { throw DataError(file: file.path, feature: "\(kind.rawValue) \(index + 1)", field: "id", problem: "dataerrors.value.missing") }
            return (id, upgradeTexts(kind, record))
        }
        var envelope = document
        envelope.set(kind.listKey, .array([]))
        return (envelope, records)
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE documents (kind TEXT PRIMARY KEY, envelope TEXT NOT NULL, list_key TEXT NOT NULL);
            CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, body TEXT NOT NULL,
                                  version INTEGER NOT NULL CHECK (version >= 1), PRIMARY KEY (kind, id));
            CREATE TABLE baseline (kind TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, body TEXT NOT NULL,
                                   version INTEGER NOT NULL, PRIMARY KEY (kind, id));
            CREATE TABLE journal (edit INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, author TEXT NOT NULL CHECK (author <> ''),
                                  kind TEXT NOT NULL, record_id TEXT NOT NULL, patch TEXT NOT NULL, inverse TEXT NOT NULL,
                                  source_title TEXT NOT NULL CHECK (trim(source_title) <> ''), source_date TEXT, source_url TEXT,
                                  note TEXT, findings TEXT NOT NULL, version INTEGER NOT NULL, undoes INTEGER REFERENCES journal (edit));
            CREATE INDEX journal_record ON journal (kind, record_id);
            CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
            CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
            CREATE TRIGGER baseline_no_update BEFORE UPDATE ON baseline BEGIN SELECT RAISE(ABORT, 'the baseline is read-only'); END;
            CREATE TABLE tokens (name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
                                 hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL, revoked TEXT);
            """)
    }

    // MARK: Reading

    /// Every record of `kind`, in file order.
    public func records(_ kind: RecordKind) throws -> [StoredRecord] {
        try Self.located(url) {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM records WHERE kind = ? ORDER BY position", arguments: [kind.rawValue]).map { try record($0) }
            }
        }
    }

    /// The record `id` of `kind`, nil when there is none.
    public func record(_ kind: RecordKind, id: String) throws -> StoredRecord? {
        try Self.located(url) { try pool.read { db in try Self.fetchRecord(db, kind, id, file: url.path) } }
    }

    static func fetchRecord(_ db: Database, _ kind: RecordKind, _ id: String, file: String) throws -> StoredRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM records WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id]).map { try decodeRecord($0, file: file) }
    }

    func record(_ row: Row) throws -> StoredRecord { try Self.decodeRecord(row, file: url.path) }

    static func decodeRecord(_ row: Row, file: String) throws -> StoredRecord {
        let kindName: String = row["kind"]
        guard let kind = RecordKind(rawValue: kindName) else { throw DataError(file: file, field: "records.kind", problem: "dataerrors.store.kind", ["kind": .text(kindName)]) }
        return StoredRecord(kind: kind, id: row["id"], position: row["position"],
                            body: try StoredJSON.parse(row["body"], file: file), version: row["version"])
    }

    /// The three files as the store holds them now: file name → bytes (the data folder's format).
    /// `replacing`: a record to put in place of the stored one (appended when new; `null` leaves it out).
    public func exportFiles(replacing change: (RecordKind, String, StoredJSON)? = nil) throws -> [(file: String, data: Data)] {
        try RecordKind.allCases.map { kind in
            let envelopeText = try Self.located(url) {
                try pool.read { try String.fetchOne($0, sql: "SELECT envelope FROM documents WHERE kind = ?", arguments: [kind.rawValue]) }
            }
            guard let envelopeText else { throw DataError(file: url.path, problem: "dataerrors.store.no-file", ["file": .text(kind.file)]) }
            var document = try StoredJSON.parse(envelopeText, file: url.path)
            var bodies = try records(kind).map { ($0.id, $0.body) }
            if let change, change.0 == kind {
                if let index = bodies.firstIndex(where: { $0.0 == change.1 }) { bodies[index].1 = change.2 } else { bodies.append((change.1, change.2)) }
                bodies.removeAll { $0.1 == .null }
            }
            document.set(kind.listKey, .array(bodies.map(\.1)))
            return (kind.file, Data((document.pretty() + "\n").utf8))
        }
    }

    /// Writes the three files into `folder` (a folder of the caller's: a temporary one, or an export).
    public func writeFiles(to folder: URL) throws {
        for (file, data) in try exportFiles() { try writeFileAtomically(data, to: folder.appendingPathComponent(file)) }
    }
}

/// ISO 8601 UTC with seconds: "2026-11-30T09:45:12Z".
func isoTimestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
}
