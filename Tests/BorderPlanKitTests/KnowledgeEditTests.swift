import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// A validating editor on a scratch store of the committed knowledge base.
func scratchEditor(_ scratch: ScratchFolder) throws -> KnowledgeEditor {
    try KnowledgeEditor(store: try scratchStore(scratch), geodata: Geodata(directory: geodataDirectory), asOf: PartialDate("2026-11-30")!)
}

func editSource(_ title: String, _ date: String = "2026-11-30", url: String? = nil) throws -> EditSource {
    try EditSource(title: title, date: date, url: url)
}

@Suite(.serialized) struct KnowledgeEditTests {
    /// `kb set-status … --traffic travellers,goods` also sets what the crossing handles (Debdeb, goods
    /// only in the files, opened to travellers); without it the traffic stays as it was.
    @Test func setStatusSetsTrafficWhenGiven() throws {
        let scratch = try ScratchFolder()
        let editor = try scratchEditor(scratch)
        let before = try #require(try editor.store.record(.crossing, id: "debdeb"))
        #expect(before.body["properties"]?["traffic"] == .array([.string("goods")]))
        let source = try editSource("El Watan", url: "https://example.org/t")
        _ = try editor.edit(.crossing, id: "debdeb", author: "amina", source: source, note: nil) {
            try KnowledgeEdits.setStatus($0!, status: .open, date: "2026-11-30", note: nil, source: source, traffic: [.travellers, .goods])
        }
        let after = try #require(try editor.store.record(.crossing, id: "debdeb"))
        #expect(after.body["properties"]?["traffic"] == .array([.string("travellers"), .string("goods")]))
        _ = try editor.edit(.crossing, id: "debdeb", author: "amina", source: source, note: nil) {
            try KnowledgeEdits.setStatus($0!, status: .suspended, date: "2026-12-01", note: nil, source: source)
        }
        let last = try #require(try editor.store.record(.crossing, id: "debdeb"))
        #expect(last.body["properties"]?["traffic"] == .array([.string("travellers"), .string("goods")]))
    }

    @Test func setStatusAppendsTheEventAndJournalsIt() throws {
        let scratch = try ScratchFolder()
        let editor = try scratchEditor(scratch)
        let before = try #require(try editor.store.record(.crossing, id: "debdeb"))
        let history = try #require(before.body["properties"]?["history"]?.arrayValue)
        let outcome = try editor.edit(.crossing, id: "debdeb", author: "amina", source: editSource("El Watan", url: "https://example.org/a"), note: "reopened") {
            try KnowledgeEdits.setStatus($0!, status: .open, date: "2026-11-30", note: "Reopened to travellers.", source: editSource("El Watan", url: "https://example.org/a"))
        }
        let after = try #require(try editor.store.record(.crossing, id: "debdeb"))
        #expect(after.version == before.version + 1)
        #expect(after.body["properties"]?["status"] == .string("open"))
        let newHistory = try #require(after.body["properties"]?["history"]?.arrayValue)
        #expect(newHistory.count == history.count + 1)
        #expect(newHistory.last?["event"] == .string("reopened"))
        #expect(newHistory.last?["source"]?["url"] == .string("https://example.org/a"))
        let entry = outcome.entry
        #expect(entry.author == "amina" && entry.source.title == "El Watan" && entry.note == "reopened")
        #expect(entry.patch.operations.contains { $0.op == .add && $0.path == "/properties/history/\(history.count)" })
        // The knowledge base read from the store has the edit.
        let knowledge = try editor.store.knowledgeBase(context: GeometryContext())
        #expect(knowledge.crossing(id: "debdeb")?.status == .open)
    }

    @Test func anEditThatBringsAnErrorIsRefusedAndNotJournaled() throws {
        let scratch = try ScratchFolder()
        let editor = try scratchEditor(scratch)
        do {
            try editor.edit(.project, id: "debdeb-upgrade", author: "amina", source: editSource("typo"), note: nil) {
                try KnowledgeEdits.setProject($0!, phase: nil, percent: 150, cost: nil, date: "2026-11", source: editSource("typo"))
            }
            Issue.record("a 150 % project was accepted")
        } catch let refused as EditRefused {
            #expect(refused.errors.map(\.rule) == ["invalid-value"])
            #expect(refused.description.contains("percent_complete"))
        }
        // A crossing 300 km inside Algeria (Ghardaïa) is far from every border.
        let far = NewCrossing(id: "ghardaia-test", nameAR: "غرداية", nameFR: "Ghardaïa", nameEN: "Ghardaia", partner: .LY, kind: .road, algerianTown: nil,
                              status: .planned, official: false, lat: 32.49, lon: 3.67, precisionKm: 1, coordinateSource: "test")
        #expect(throws: EditRefused.self) {
            try editor.edit(.crossing, id: "ghardaia-test", author: "amina", source: editSource("test"), note: nil) { _ in KnowledgeEdits.newCrossing(far, source: try editSource("test")) }
        }
        // A value outside a closed set is refused by the files' schema, naming the field.
        do {
            try editor.edit(.project, id: "debdeb-upgrade", author: "amina", source: editSource("typo"), note: nil) { current in
                var body = current!
                body.set("phase", .string("finished"))
                return body
            }
            Issue.record("an unknown phase was accepted")
        } catch let refused as EditRefused {
            #expect(refused.errors.first?.rule == "schema")
            #expect(refused.description.contains("phase"))
        }
        #expect(try editor.store.journal().isEmpty)
        #expect(try editor.store.record(.project, id: "debdeb-upgrade")?.version == 1)
    }

    @Test func undoAddsTheInverseEdit() throws {
        let scratch = try ScratchFolder()
        let editor = try scratchEditor(scratch)
        let original = try #require(try editor.store.record(.committee, id: "dz-ne-bilateral-border")).body
        let added = try editor.edit(.committee, id: "dz-ne-bilateral-border", author: "amina", source: editSource("APS"), note: nil) {
            try KnowledgeEdits.addSession($0!, start: "2026-11-20", end: "2026-11-21", place: "Niamey", number: 8, source: editSource("APS"))
        }
        let changed = try #require(try editor.store.record(.committee, id: "dz-ne-bilateral-border")).body
        #expect(changed["last_session"]?["place"] == .string("Niamey"))
        #expect(changed["sessions_held"] == .number("8"))
        let undone = try editor.undo(added.entry.edit, author: "karim", note: "wrong committee")
        #expect(undone.entry.undoes == added.entry.edit)
        #expect(try editor.store.record(.committee, id: "dz-ne-bilateral-border")?.body == original)
        #expect(try editor.store.record(.committee, id: "dz-ne-bilateral-border")?.version == 3)
        #expect(try editor.store.journal(recordID: "dz-ne-bilateral-border").count == 2)
        // Undoing a created record removes it.
        let created = try editor.edit(.project, id: "test-project", author: "amina", source: editSource("APS"), note: nil) { _ in
            KnowledgeEdits.newProject(id: "test-project", crossing: "debdeb", kind: .post, aim: (ar: "اختبار", fr: "essai", en: "test"), phase: .announced, notes: nil, source: try editSource("APS"))
        }
        try editor.undo(created.entry.edit, author: "karim", note: nil)
        #expect(try editor.store.record(.project, id: "test-project") == nil)
        #expect(try editor.store.verify() == [])
    }

    @Test func costsAreParsedAsWritten() throws {
        for (text, amount, currency) in [("1.2 bn DZD", 1_200_000_000.0, Currency.DZD), ("179 M DZD", 179_000_000, .DZD), ("3500 USD", 3500, .USD)] {
            let parsed = try KnowledgeEdits.parseCost(text)
            #expect(parsed.0 == amount && parsed.1 == currency, "\(text)")
        }
        #expect(throws: DataError.self) { try KnowledgeEdits.parseCost("1.2 bn XYZ") }
        #expect(throws: DataError.self) { try KnowledgeEdits.parseCost("-1 DZD") }
        #expect(throws: DataError.self) { try KnowledgeEdits.parseCost("2 zillion DZD") }
    }
}
