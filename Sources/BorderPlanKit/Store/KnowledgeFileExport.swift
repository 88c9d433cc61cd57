import Foundation
import Geo

/// `kb export --to-data`: the one path by which the store replaces the data folder's
/// knowledge-base files — validated first, all three staged, then renamed into place.
public enum KnowledgeFileExport {
    public static func replaceDataFiles(store: KnowledgeStore, geodata: Geodata, asOf: PartialDate) throws -> String {
        let findings: [Finding] = try store.withFiles { folder in
            let knowledge = try KnowledgeBase.load(directory: folder, context: geodata.context)
            return try KnowledgeValidation(linker: try KnowledgeLinker(geodata: geodata, knowledge: knowledge, proj: try ProjContext()), asOf: asOf).run()
        }
        let errors = findings.filter { $0.severity == .error }
        guard errors.isEmpty else { throw EditRefused(errors: errors) }
        var lines: [String] = []
        var staged: [StagedFile] = []
        for (kind, (file, data)) in zip(RecordKind.allCases, try store.exportFiles()) {
            let target = geodata.directory.appendingPathComponent(file)
            let old = try readInput(url: target, kind: .knowledge)
            guard old != data else { lines.append("\(file): unchanged"); continue }
            lines.append("\(file): " + (try changes(kind, old: old, new: data, file: target.path)))
            staged.append(try StagedFile(target, contents: data))
        }
        for file in staged { try file.commit() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "2 changed (betita, debdeb), 1 added (x)".
    static func changes(_ kind: RecordKind, old: Data, new: Data, file: String) throws -> String {
        func records(_ data: Data) throws -> [String: StoredJSON] {
            let list = try StoredJSON.parse(String(decoding: data, as: UTF8.self), file: file)[kind.listKey]?.arrayValue ?? []
            return Dictionary(list.compactMap { record in kind.id(of: record).map { ($0, record) } }, uniquingKeysWith: { first, _ in first })
        }
        let before = try records(old), after = try records(new)
        let added = after.keys.filter { before[$0] == nil }.sorted()
        let removed = before.keys.filter { after[$0] == nil }.sorted()
        let changed = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }.sorted()
        let parts = [(changed, "changed"), (added, "added"), (removed, "removed")].filter { !$0.0.isEmpty }
            .map { "\($0.0.count) \($0.1) (\($0.0.joined(separator: ", ")))" }
        return parts.isEmpty ? "reformatted" : parts.joined(separator: ", ")
    }
}

/// Where a crossing falls: its wilaya and its nearest land border, computed as `validate` does.
public enum CrossingPlacement {
    public static func describe(id: String, knowledgeFolder: URL, geodata: Geodata) throws -> String {
        let knowledge = try KnowledgeBase.load(directory: knowledgeFolder, context: geodata.context)
        guard let crossing = knowledge.crossing(id: id) else { return "not in the knowledge base" }
        let links = try KnowledgeLinker(geodata: geodata, knowledge: knowledge, proj: try ProjContext()).links(for: crossing)
        let wilaya = try links.wilaya.map { link in
            "wilaya \(link.code) \(try geodata.wilaya(code: link.code)?.nameEN ?? "") (\(link.method.rawValue)"
                + (link.method == .nearest ? ", \(formatFixed(link.distanceKm, decimals: 1)) km away)" : ")")
        } ?? "no wilaya within reach"
        let border = links.border.map { "\(formatFixed(links.kmToBorder ?? .nan, decimals: 1)) km from the \($0) border" } ?? "no land border"
        return "\(wilaya), \(border), position ±\(formatNumber(crossing.precisionKm, decimals: 1)) km"
    }
}

/// `kb log`: the journal as text, one block per edit.
public enum JournalReport {
    public static func render(_ entries: [JournalEntry]) -> String {
        guard !entries.isEmpty else { return "no edits in the journal\n" }
        return entries.map(block).joined() + "\(entries.count) edit(s)\n"
    }

    static func block(_ entry: JournalEntry) -> String {
        var lines = ["edit \(entry.edit)  \(entry.time)  \(entry.author)  \(entry.kind.rawValue) '\(entry.recordID)' → version \(entry.version)"
                        + (entry.undoes.map { "  (undoes edit \($0))" } ?? "")]
        let source = entry.source
        lines.append("  source: \(source.title)" + (source.date.map { ", \($0)" } ?? "") + (source.url.map { ", \($0)" } ?? ""))
        for operation in entry.patch.operations {
            let value = operation.value.map { " " + excerpt($0.compact(), limit: 100) } ?? ""
            lines.append("  \(operation.op.rawValue) \(operation.path.isEmpty ? "(the record)" : operation.path)\(value)")
        }
        if let note = entry.note { lines.append("  note: \(note)") }
        for finding in entry.findings { lines.append("  \(finding)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
