import Foundation
import Testing
@testable import BorderPlanKit
import GRDB
import Geo

/// The knowledge base's free texts (status notes, history notes, notes, where a position comes
/// from) in Arabic, French and English: complete in the shipped files, faithful in their figures,
/// shown in the reader's language, kept whole by the store's upgrade, and never left stale by an edit.
@Suite(.serialized) struct DataTextTests {
    /// The crossing fields holding a free text, and whether every crossing must have one.
    static let fields: [(name: String, required: Bool)] = [("status_note", false), ("coordinate_source", true), ("notes", false)]

    /// Every free text of the shipped crossings.geojson, read with Foundation's own JSON reader:
    /// (where, its three members as found).
    static func shippedTexts() throws -> [(place: String, texts: [Language: Any])] {
        let data = try Data(contentsOf: geodataDirectory.appendingPathComponent(KnowledgeBase.crossingsFile))
        let file = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var out: [(String, [Language: Any])] = []
        func members(_ object: [String: Any], _ field: String) -> [Language: Any] {
            Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, object["\(field)_\($0.rawValue)"] ?? NSNull()) })
        }
        for (name, list, fields) in [(KnowledgeBase.projectsFile, "projects", ["notes"]), (KnowledgeBase.committeesFile, "committees", ["algerian_wilayas_note", "notes"])] {
            let data = try Data(contentsOf: geodataDirectory.appendingPathComponent(name))
            let records = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?[list] as? [[String: Any]])
            for record in records {
                for field in fields {
                    #expect(record[field] == nil, "\(name), \(record["id"] ?? "?"): the single-language \(field) is still there")
                    let texts = members(record, field)
                    if texts.values.contains(where: { $0 is String }) { out.append(("\(record["id"] ?? "?").\(field)", texts)) }
                }
            }
        }
        for feature in try #require(file["features"] as? [[String: Any]]) {
            let properties = try #require(feature["properties"] as? [String: Any])
            let id = properties["id"] as? String ?? "?"
            for field in fields {
                #expect(properties[field.name] == nil, "\(id): the single-language \(field.name) is still there")
                let texts = members(properties, field.name)
                let present = texts.values.contains { $0 is String }
                #expect(present || !field.required, "\(id): no \(field.name)")
                if present { out.append(("\(id).\(field.name)", texts)) }
            }
            for (index, event) in (properties["history"] as? [[String: Any]] ?? []).enumerated() {
                #expect(event["note"] == nil, "\(id).history[\(index)]: the single-language note is still there")
                out.append(("\(id).history[\(index)].note", members(event, "note")))
            }
        }
        return out
    }

    /// A record lacking one language fails: every text present is present in all three, non-empty,
    /// the Arabic one in Arabic letters and the translations not a copy of the English.
    @Test func everyFreeTextIsInArabicFrenchAndEnglish() throws {
        let texts = try Self.shippedTexts()
        // Crossings: 159 history notes, 22 status notes, 22 coordinate sources, 21 notes; 21 project notes; 11 committee notes, 3 wilaya notes.
        let expected = 159 + 22 + 22 + 21 + 21 + 11 + 3
        #expect(texts.count == expected)
        for (place, members) in texts {
            for language in Language.allCases {
                let text = (members[language] as? String ?? "").trimmingCharacters(in: .whitespaces)
                #expect(!text.isEmpty, "\(place): no \(language.rawValue) text")
            }
            let english = members[.en] as? String ?? ""
            let arabic = members[.ar] as? String ?? ""
            let french = members[.fr] as? String ?? ""
            let hasArabicLetter = arabic.unicodeScalars.contains { (0x0621...0x064A).contains($0.value) }
            #expect(hasArabicLetter, "\(place): the Arabic text has no Arabic letter")
            #expect(arabic != english, "\(place): the Arabic text is the English one")
            #expect(french != english, "\(place): the French text is the English one")
        }
    }

    /// The digit runs of a text ("287,000" → 287, 000): separators differ between the languages
    /// (287,000 · 287 000 · 287.000), the digits do not.
    static func digitRuns(_ text: String) -> [String: Int] {
        var runs: [String: Int] = [:]
        var current = ""
        for character in text + " " {
            if character.isASCII && character.isNumber { current.append(character); continue }
            if !current.isEmpty { runs[current, default: 0] += 1 }
            current = ""
        }
        return runs
    }

    /// Figures and dates are kept: every number of the English text is in the Arabic and the French
    /// one, as often (a cheap check independent of the translation).
    @Test func everyNumberOfTheEnglishIsInTheTranslations() throws {
        for (place, members) in try Self.shippedTexts() {
            let english = Self.digitRuns(members[.en] as? String ?? "")
            for language in [Language.ar, .fr] {
                let translated = Self.digitRuns(members[language] as? String ?? "")
                let missing = english.filter { translated[$0.key, default: 0] < $0.value }
                #expect(missing.isEmpty, "\(place): the \(language.rawValue) text lacks \(missing.keys.sorted())")
            }
        }
        #expect(Self.digitRuns("1,319,735 (824 903) 2.5 M") == ["1": 1, "319": 1, "735": 1, "824": 1, "903": 1, "2": 1, "5": 1])
    }

    /// French typography: a no-break space (never a plain one) before : ; ? ! % and inside « ».
    @Test func frenchTextsFollowFrenchTypography() throws {
        for (place, members) in try Self.shippedTexts() {
            let french = members[.fr] as? String ?? ""
            for mark in [" :", " ;", " ?", " !", " %", "« ", " »"] {
                #expect(!french.contains(mark), "\(place): '\(mark)' with a plain space in \(french)")
            }
        }
    }

    /// The reader's language, or "not yet translated" said in it with the text it has.
    @Test func readersShowTheirLanguageOrSayItIsNotYetTranslated() throws {
        let text = DataText("Fermé depuis 1994.", in: .fr)
        #expect(Localizer(.fr).dataText(text) == "Fermé depuis 1994.")
        #expect(Localizer(.en).dataText(text) == "[not yet translated; in French: Fermé depuis 1994.]")
        #expect(Localizer(.ar).dataText(text) == "[لم يُترجم بعد؛ بالفرنسية: Fermé depuis 1994.]")
        #expect(Localizer(.fr).dataText(DataText("Closed.", in: .en)) == "[pas encore traduit\u{202F}; en anglais\u{00A0}: Closed.]")
        #expect(Localizer(.en).dataText(nil as DataText?) == nil)
    }

    /// The ar and fr reports show the notes in their language: no status or history sentence of
    /// the English page is left in them, and each one's own text is there.
    @Test func reportsHaveNoEnglishStatusOrHistorySentence() throws {
        let pages = try ReportLocalizationTests.pages.get()
        let knowledge = try KnowledgeBase.load(directory: geodataDirectory, context: GeometryContext())
        let text = try Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, ReportProbe.plainText(try #require(pages[$0]))) })
        var checked = 0
        for crossing in knowledge.crossings {
            for note in [crossing.statusNote].compactMap({ $0 }) + crossing.history.map(\.note) {
                let english = try #require(note.en)
                #expect(text[.en]!.contains(english), "the English page lacks \(english)")
                for language in [Language.ar, .fr] {
                    #expect(!text[language]!.contains(english), "the \(language.rawValue) page has the English \(english)")
                    #expect(text[language]!.contains(try #require(note[language])), "the \(language.rawValue) page lacks the \(language.rawValue) text of \(english)")
                }
                checked += 1
            }
        }
        let expected = 22 + 159
        #expect(checked == expected)
    }

    /// An edit in one language leaves no stale text in the others: `kb set-status --lang fr --note`
    /// writes the French note and nulls the Arabic and English (the readers then say "not yet
    /// translated"); without a note, "Status set to …" in all three.
    @Test func anEditInOneLanguageLeavesNoStaleTranslation() throws {
        let scratch = try ScratchFolder()
        let editor = try scratchEditor(scratch)
        let source = try editSource("APS")
        try editor.edit(.crossing, id: "betita", author: "test", source: source, note: nil) { current in
            try KnowledgeEdits.setStatus(current!, status: .suspended, date: "2026-11-30", note: DataText("Fermé pour travaux.", in: .fr), source: source)
        }
        var crossing = try #require(try editor.store.knowledgeBase(context: GeometryContext()).crossing(id: "betita"))
        #expect(crossing.statusNote == DataText(fr: "Fermé pour travaux."))
        #expect(crossing.history.last?.note == DataText(fr: "Fermé pour travaux."))
        #expect(Localizer(.en).dataText(crossing.statusNote) == "[not yet translated; in French: Fermé pour travaux.]")
        try editor.edit(.crossing, id: "betita", author: "test", source: source, note: nil) { current in
            try KnowledgeEdits.setStatus(current!, status: .open, date: "2026-11-30", note: nil, source: source)
        }
        crossing = try #require(try editor.store.knowledgeBase(context: GeometryContext()).crossing(id: "betita"))
        #expect(crossing.statusNote == DataText(ar: "تغيّرت الحالة إلى «مفتوح».", fr: "Statut passé à « ouvert ».", en: "Status set to open."))
        let properties = try #require(try editor.store.record(.crossing, id: "betita")?.body["properties"])
        guard case let .object(members) = properties else { Issue.record("no properties object"); return }
        let keys = members.map(\.key)
        #expect(!keys.contains("status_note"))
        #expect(keys.firstIndex(of: "status_note_ar")! + 2 == keys.firstIndex(of: "status_note_en")!)
    }

    /// A store of schema 1 (one English text per field) is upgraded when opened: every text is kept
    /// as the English member, Arabic and French null, versions, ids and the other members unchanged.
    @Test func theStoreUpgradeKeepsEveryText() throws {
        let scratch = try ScratchFolder()
        let url = scratch.file("kb/borderplan.sqlite")
        let store = try KnowledgeStore.create(at: url, from: geodataDirectory)
        let current = try store.records(.crossing)
        let others = try [RecordKind.project, .committee].flatMap { try store.records($0) }
        // The same store as schema 1 wrote it: each text its English alone, under the old name.
        let legacy = (current + others).map { ($0.kind, $0.id, Self.legacy($0.kind, $0.body)) }
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER baseline_no_update")
            for (kind, id, body) in legacy {
                for table in ["records", "baseline"] {
                    try db.execute(sql: "UPDATE \(table) SET body = ? WHERE kind = ? AND id = ?", arguments: [body.compact(), kind.rawValue, id])
                }
            }
            try db.execute(sql: "CREATE TRIGGER baseline_no_update BEFORE UPDATE ON baseline BEGIN SELECT RAISE(ABORT, 'the baseline is read-only'); END")
            try db.execute(sql: "UPDATE meta SET value = '1' WHERE key = 'schema'")
        }
        try queue.close()
        let upgraded = try KnowledgeStore(url: url)
        let after = try upgraded.records(.crossing)
        #expect(after.map(\.id) == current.map(\.id))
        #expect(after.map(\.version) == current.map(\.version))
        let english = try Self.englishTexts(current.map(\.body))
        let expected = 22 + 22 + 21 + 159
        #expect(english.count == expected)
        #expect(try Self.englishTexts(after.map(\.body)) == english)
        for record in after {
            let properties = try #require(record.body["properties"])
            for field in Self.fields.map(\.name) {
                #expect(properties[field] == nil)
                #expect(properties["\(field)_ar"] == .null && properties["\(field)_fr"] == .null, "\(record.id).\(field): a translation appeared")
            }
        }
        let othersAfter = try [RecordKind.project, .committee].flatMap { try upgraded.records($0) }
        #expect(othersAfter.map(\.version) == others.map(\.version))
        let otherEnglish = others.flatMap { record in KnowledgeStore.textFields(record.kind).compactMap { record.body[DataText.key($0, .en)]?.stringValue } }
        let expectedOthers = 21 + 11 + 3
        #expect(otherEnglish.count == expectedOthers)
        #expect(othersAfter.flatMap { record in KnowledgeStore.textFields(record.kind).compactMap { record.body[DataText.key($0, .en)]?.stringValue } } == otherEnglish)
        #expect(try upgraded.verify() == [])
        let read = try upgraded.knowledgeBase(context: GeometryContext())
        let original = try KnowledgeBase.load(directory: geodataDirectory, context: GeometryContext())
        #expect(read.crossings.flatMap { $0.history.map(\.note.en) } == original.crossings.flatMap { $0.history.map(\.note.en) })
        #expect(read.crossings.allSatisfy { $0.history.allSatisfy { $0.note.untranslated == [.ar, .fr] } })
    }

    /// A record as schema 1 stored it: each text's English under its single name.
    static func legacy(_ kind: RecordKind, _ record: StoredJSON) -> StoredJSON {
        guard kind == .crossing else { return KnowledgeStore.textFields(kind).reduce(record) { fold($0, $1) } }
        var properties = record["properties"] ?? .null
        for field in fields.map(\.name) { properties = fold(properties, field) }
        properties.set("history", .array((properties["history"]?.arrayValue ?? []).map { fold($0, "note") }))
        var result = record
        result.set("properties", properties)
        return result
    }

    /// `object` with `field`'s three members folded into one, the English (schema 1).
    static func fold(_ object: StoredJSON, _ field: String) -> StoredJSON {
        guard case let .object(members) = object, let index = members.firstIndex(where: { $0.key == "\(field)_ar" }) else { return object }
        var kept = members.filter { ![DataText.key(field, .ar), DataText.key(field, .fr), DataText.key(field, .en)].contains($0.key) }
        kept.insert((field, object[DataText.key(field, .en)] ?? .null), at: index)
        return .object(kept)
    }

    /// The English of every text of `features`, in order (single-language or three-language form).
    static func englishTexts(_ features: [StoredJSON]) throws -> [String] {
        features.flatMap { feature -> [String] in
            let properties = feature["properties"] ?? .null
            func english(_ object: StoredJSON, _ field: String) -> String? {
                (object[DataText.key(field, .en)] ?? object[field])?.stringValue
            }
            return fields.compactMap { english(properties, $0.name) } + (properties["history"]?.arrayValue ?? []).compactMap { english($0, "note") }
        }
    }
}
