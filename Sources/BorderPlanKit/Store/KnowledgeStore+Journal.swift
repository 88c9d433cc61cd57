import Foundation
import GRDB

/// One row of the journal: who changed which record, how (an RFC 6902 patch), on what source.
public struct JournalEntry: Sendable, Equatable {
    public var edit: Int
    /// ISO 8601 UTC.
    public var time: String
    public var author: String
    public var kind: RecordKind
    public var recordID: String
    public var patch: JSONPatch
    /// The patch that undoes this one (its tests fail when the fields changed since).
    public var inverse: JSONPatch
    public var source: EditSource
    public var note: String?
    /// The validation findings (disagreements, warnings) the edit brought, saved with it.
    public var findings: [String]
    /// The record's version after the edit (0: the edit removed it).
    public var version: Int
    /// The edit this one undoes.
    public var undoes: Int?
}

/// An edit to commit: a patch of one record made on the version the editor read.
public struct EditRequest: Sendable {
    public var kind: RecordKind
    public var id: String
    public var patch: JSONPatch
    /// The version the patch was made on; nil for a record that must not exist yet.
    public var baseVersion: Int?
    public var author: String
    public var source: EditSource
    public var note: String?
    public var findings: [String] = []
    public var undoes: Int? = nil

    public init(kind: RecordKind, id: String, patch: JSONPatch, baseVersion: Int?, author: String, source: EditSource, note: String? = nil) {
        self.kind = kind
        self.id = id
        self.patch = patch
        self.baseVersion = baseVersion
        self.author = author
        self.source = source
        self.note = note
    }
}

extension KnowledgeStore {
    /// Applies `request` and appends its journal row, in one transaction; throws
    /// `StaleVersionError` when the record is no longer at `baseVersion` (nothing is written then).
    @discardableResult
    public func commit(_ request: EditRequest) throws -> JournalEntry {
        guard !request.author.trimmingCharacters(in: .whitespaces).isEmpty else { throw DataError(file: url.path, field: "author", problem: "dataerrors.edit.author") }
        let file = url.path
        return try Self.located(url) {
            try pool.write { db in
                let current = try Self.fetchRecord(db, request.kind, request.id, file: file)
                guard current?.version == request.baseVersion else {
                    throw StaleVersionError(kind: request.kind, id: request.id, expected: request.baseVersion, current: current?.version)
                }
                let before = current?.body ?? .null
                let after = try request.patch.apply(to: before)
                let inverse = try request.patch.inverse(before: before)
                let version = try Self.store(db, request, after: after, current: current)
                try db.execute(sql: """
                    INSERT INTO journal (time, author, kind, record_id, patch, inverse, source_title, source_date, source_url, note, findings, version, undoes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [isoTimestamp(Date()), request.author, request.kind.rawValue, request.id, request.patch.json.compact(),
                                     inverse.json.compact(), request.source.title, request.source.date, request.source.url, request.note,
                                     StoredJSON.array(request.findings.map(StoredJSON.string)).compact(), version, request.undoes])
                return try Self.journalEntry(Row.fetchOne(db, sql: "SELECT * FROM journal WHERE edit = ?", arguments: [db.lastInsertedRowID])!, file: file)
            }
        }
    }

    /// Writes `after` as the record's new state; returns its version (0 when removed).
    private static func store(_ db: Database, _ request: EditRequest, after: StoredJSON, current: StoredRecord?) throws -> Int {
        let kind = request.kind.rawValue
        guard after != .null else {
            try db.execute(sql: "DELETE FROM records WHERE kind = ? AND id = ?", arguments: [kind, request.id])
            return 0
        }
        guard request.kind.id(of: after) == request.id else {
            throw DataError(file: request.kind.file, feature: "\(request.kind.rawValue) '\(request.id)'", field: "id", problem: "dataerrors.edit.id")
        }
        if let current {
            try db.execute(sql: "UPDATE records SET body = ?, version = ? WHERE kind = ? AND id = ?",
                           arguments: [after.compact(), current.version + 1, kind, request.id])
            return current.version + 1
        }
        let position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM records WHERE kind = ?", arguments: [kind]) ?? 0
        try db.execute(sql: "INSERT INTO records (kind, id, position, body, version) VALUES (?, ?, ?, ?, 1)", arguments: [kind, request.id, position, after.compact()])
        return 1
    }

    /// The number of the latest edit (0 when the journal is empty).
    public func lastEdit() throws -> Int {
        try Self.located(url) { try pool.read { try Int.fetchOne($0, sql: "SELECT COALESCE(MAX(edit), 0) FROM journal") ?? 0 } }
    }

    /// The journal, oldest first; only the edits of record `id` when given.
    public func journal(recordID: String? = nil) throws -> [JournalEntry] {
        let file = url.path
        return try Self.located(url) {
            try pool.read { db in
                let rows = try recordID.map { try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE record_id = ? ORDER BY edit", arguments: [$0]) }
                    ?? Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY edit")
                return try rows.map { try Self.journalEntry($0, file: file) }
            }
        }
    }

    public func journalEntry(_ edit: Int) throws -> JournalEntry? {
        let file = url.path
        return try Self.located(url) {
            try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM journal WHERE edit = ?", arguments: [edit]).map { try Self.journalEntry($0, file: file) } }
        }
    }

    static func journalEntry(_ row: Row, file: String) throws -> JournalEntry {
        let kindName: String = row["kind"]
        guard let kind = RecordKind(rawValue: kindName) else { throw DataError(file: file, field: "journal.kind", problem: "dataerrors.store.kind", ["kind": .text(kindName)]) }
        let findings = try StoredJSON.parse(row["findings"], file: file).arrayValue?.compactMap(\.stringValue) ?? []
        return JournalEntry(edit: row["edit"], time: row["time"], author: row["author"], kind: kind, recordID: row["record_id"],
                            patch: try JSONPatch(json: StoredJSON.parse(row["patch"], file: file), where: file),
                            inverse: try JSONPatch(json: StoredJSON.parse(row["inverse"], file: file), where: file),
                            source: try EditSource(title: row["source_title"], date: row["source_date"], url: row["source_url"]),
                            note: row["note"], findings: findings, version: row["version"], undoes: row["undoes"])
    }

    /// Checks that the store is whole: SQLite's integrity check, and the baseline with the
    /// journal replayed equals the records (bodies and versions). Returns the problems found.
    public func verify() throws -> [String] {
        var problems: [String] = []
        let integrity = try Self.located(url) { try pool.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } }
        if integrity != ["ok"] { problems += integrity.map { "integrity_check: \($0)" } }
        var replayed: [String: (StoredJSON, Int)] = [:]
        let baseline = try Self.located(url) { try pool.read { try Row.fetchAll($0, sql: "SELECT * FROM baseline") } }
        for row in baseline {
            let record = try Self.decodeRecord(row, file: url.path)
            replayed["\(record.kind.rawValue)/\(record.id)"] = (record.body, 1)
        }
        for entry in try journal() {
            let key = "\(entry.kind.rawValue)/\(entry.recordID)"
            let (body, version) = replayed[key] ?? (.null, 0)
            let after = try entry.patch.apply(to: body)
            let expected = after == .null ? 0 : body == .null ? 1 : version + 1
            replayed[key] = after == .null ? nil : (after, expected)
            if entry.version != expected { problems.append("edit \(entry.edit): version \(entry.version), expected \(expected)") }
        }
        var stored: [String: (StoredJSON, Int)] = [:]
        for kind in RecordKind.allCases { for record in try records(kind) { stored["\(kind.rawValue)/\(record.id)"] = (record.body, record.version) } }
        for key in Set(replayed.keys).union(stored.keys).sorted() {
            let a = replayed[key], b = stored[key]
            if a?.0 != b?.0 || a?.1 != b?.1 { problems.append("\(key): the journal replayed gives version \(a?.1 ?? 0), the record is at version \(b?.1 ?? 0)" + (a?.0 != b?.0 ? " with another body" : "")) }
        }
        return problems
    }
}
