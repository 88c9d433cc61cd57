import Foundation
import Geo

/// An edit refused by the rules of `borderplan validate`: the errors it would introduce.
public struct EditRefused: Error, CustomStringConvertible {
    public var errors: [Finding]
    public var description: String {
        "the edit is refused: it introduces " + (errors.count == 1 ? "an error" : "\(errors.count) errors") + "\n"
            + errors.map { "  error [\($0.rule)] \($0.subject): \($0.message)" }.joined(separator: "\n")
    }
}

/// What an accepted edit did.
public struct EditOutcome: Sendable {
    public var entry: JournalEntry
    /// The disagreements and warnings the edit brought (printed, and saved in the journal).
    public var findings: [Finding]
}

/// Applies edits to a store after checking them with the rules of `borderplan validate` on the
/// whole knowledge base as it would be: an edit that brings a new error is refused; new
/// disagreements and warnings are saved with it. Validation runs on the records as read; the
/// commit then checks that the record is still at the version read (optimistic concurrency).
public final class KnowledgeEditor {
    public let store: KnowledgeStore
    public let geodata: Geodata
    public let asOf: PartialDate
    let proj: ProjContext
    /// The findings of the store as of journal edit `lastEdit` (reused while nobody else wrote).
    private var baseline: (lastEdit: Int, findings: Set<FindingKey>)?

    public init(store: KnowledgeStore, geodata: Geodata, asOf: PartialDate) throws {
        self.store = store
        self.geodata = geodata
        self.asOf = asOf
        proj = try ProjContext()
    }

    /// Edits record `id` of `kind`: `change` gets its current JSON (nil when absent) and returns
    /// the new one (nil removes it). `baseVersion`, when given, is the version the caller read (a
    /// server's If-Match); otherwise the version read here.
    @discardableResult
    public func edit(_ kind: RecordKind, id: String, baseVersion: Int? = nil, author: String, source: EditSource, note: String?,
                     undoes: Int? = nil, change: (StoredJSON?) throws -> StoredJSON?) throws -> EditOutcome {
        let current = try store.record(kind, id: id)
        if let baseVersion, baseVersion != current?.version {
            throw StaleVersionError(kind: kind, id: id, expected: baseVersion, current: current?.version)
        }
        let after = try change(current?.body) ?? .null
        let patch = JSONPatch.diff(current?.body ?? .null, after)
        guard !patch.isEmpty else { throw DataError(file: kind.file, feature: "\(kind.rawValue) '\(id)'", problem: "dataerrors.edit.nothing") }
        let lastEdit = try store.lastEdit()
        let before = try baselineFindings(lastEdit)
        let all = try validate((kind, id, after))
        let findings = all.filter { !before.contains(FindingKey($0)) }
        let errors = findings.filter { $0.severity == .error }
        guard errors.isEmpty else { throw EditRefused(errors: errors) }
        var request = EditRequest(kind: kind, id: id, patch: patch, baseVersion: current?.version, author: author, source: source, note: note)
        request.findings = findings.map { "\($0.severity.rawValue) [\($0.rule)] \($0.subject): \($0.message)" }
        request.undoes = undoes
        let entry = try store.commit(request)
        // Nobody wrote in between: the edited knowledge base's findings are the next baseline.
        if entry.edit == lastEdit + 1 { baseline = (entry.edit, Set(all.map(FindingKey.init))) }
        return EditOutcome(entry: entry, findings: findings)
    }

    private func baselineFindings(_ lastEdit: Int) throws -> Set<FindingKey> {
        if let baseline, baseline.lastEdit == lastEdit { return baseline.findings }
        let findings = Set(try validate(nil).map(FindingKey.init))
        baseline = (lastEdit, findings)
        return findings
    }

    /// Adds the inverse of journal entry `edit` as a new edit (its tests fail when the fields changed since).
    @discardableResult
    public func undo(_ edit: Int, author: String, note: String?) throws -> EditOutcome {
        guard let entry = try store.journalEntry(edit) else { throw DataError(file: store.url.path, problem: "dataerrors.edit.no-edit", ["edit": .text("\(edit)")]) }
        let source = try EditSource(title: "undo of edit \(edit): \(entry.source.title)", date: entry.source.date, url: entry.source.url)
        return try self.edit(entry.kind, id: entry.recordID, author: author, source: source, note: note, undoes: edit) { current in
            let after = try entry.inverse.apply(to: current ?? .null)
            return after == .null ? nil : after
        }
    }

    /// `borderplan validate`'s findings on the store's records, with `change` applied.
    func validate(_ change: (RecordKind, String, StoredJSON)?) throws -> [Finding] {
        let knowledge: KnowledgeBase
        do { knowledge = try store.withFiles(replacing: change) { try KnowledgeBase.load(directory: $0, context: geodata.context) } } catch let error as DataError {
            return [Finding(severity: .error, rule: .schema, subject: change?.1 ?? "", "finding.schema", ["detail": .text(error.description)])]
        }
        return try KnowledgeValidation(linker: try KnowledgeLinker(geodata: geodata, knowledge: knowledge, proj: proj), asOf: asOf).run()
    }

    /// What makes two findings the same one, before and after an edit.
    struct FindingKey: Hashable {
        var severity: String, rule: String, subject: String, message: String
        init(_ finding: Finding) {
            severity = finding.severity.rawValue
            rule = finding.rule
            subject = finding.subject
            message = finding.message
        }
    }
}
