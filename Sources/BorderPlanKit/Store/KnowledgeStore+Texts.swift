import Foundation
import GRDB

/// Schema 2 of the store: the free texts of the crossings in three languages. A store of schema 1
/// (one English text per field) is upgraded when opened: each text becomes the English member,
/// Arabic and French "not yet translated" (null), and nothing else changes. The journal keeps
/// its patches as written (append-only): undoing an edit made before the upgrade that touched a
/// text fails its test, with a message, instead of writing the old form back.
extension KnowledgeStore {
    /// The fields of each kind of record that hold a free text (`<field>_ar/_fr/_en`); and a crossing's history notes.
    static func textFields(_ kind: RecordKind) -> [String] {
        switch kind {
        case .crossing: return ["status_note", "coordinate_source", "notes"]
        case .project: return ["notes"]
        case .committee: return ["algerian_wilayas_note", "notes"]
        }
    }

    /// `body` with every single-language text in the three-language form.
    public static func upgradeTexts(_ kind: RecordKind, _ body: StoredJSON) -> StoredJSON {
        guard kind == .crossing else {
            var result = body
            for field in textFields(kind) { upgrade(&result, field) }
            return result
        }
        guard var properties = body["properties"] else { return body }
        for field in textFields(kind) { upgrade(&properties, field) }
        if var history = properties["history"]?.arrayValue {
            for index in history.indices { upgrade(&history[index], "note") }
            properties.set("history", .array(history))
        }
        var result = body
        result.set("properties", properties)
        return result
    }

    /// Replaces member `field` (a string, or null) by its three members in the same place.
    private static func upgrade(_ object: inout StoredJSON, _ field: String) {
        guard let legacy = object[field] else { return }
        KnowledgeEdits.setText(&object, field, legacy.stringValue.map { DataText($0, in: .en) } ?? DataText())
    }

    /// Upgrades every record and its baseline copy from schema 1 to 2, in one transaction.
    static func migrateToTexts(_ db: Database, file: String) throws {
        try db.execute(sql: "DROP TRIGGER baseline_no_update")
        for table in ["records", "baseline"] {
            for row in try Row.fetchAll(db, sql: "SELECT kind, id, body FROM \(table)") {
                guard let kind = RecordKind(rawValue: row["kind"]) else { continue }  // decodeRecord reports an unknown kind when it is read
                let body = try StoredJSON.parse(row["body"], file: file)
                let upgraded = upgradeTexts(kind, body)
                guard upgraded != body else { continue }
                try db.execute(sql: "UPDATE \(table) SET body = ? WHERE kind = ? AND id = ?", arguments: [upgraded.compact(), kind.rawValue, row["id"] as String])
            }
        }
        try db.execute(sql: """
            CREATE TRIGGER baseline_no_update BEFORE UPDATE ON baseline BEGIN SELECT RAISE(ABORT, 'the baseline is read-only'); END;
            UPDATE meta SET value = '2' WHERE key = 'schema';
            """)
    }
}
