import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// A store created from the committed knowledge base in a scratch folder.
func scratchStore(_ scratch: ScratchFolder) throws -> KnowledgeStore {
    try KnowledgeStore.create(at: scratch.file("kb/borderplan.sqlite"), from: geodataDirectory)
}

@Suite struct KnowledgeStoreTests {
    @Test func exportWithoutEditsIsByteIdentical() throws {
        let scratch = try ScratchFolder()
        let store = try scratchStore(scratch)
        // The ids, in file order, as Foundation's own JSON reader sees them.
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent("crossings.geojson"))) as? [String: Any]
        let ids = (file?["features"] as? [[String: Any]])?.compactMap { ($0["properties"] as? [String: Any])?["id"] as? String }
        #expect(try store.records(.crossing).map(\.id) == ids)
        for (file, data) in try store.exportFiles() {
            let original = try Data(contentsOf: geodataDirectory.appendingPathComponent(file))
            #expect(data == original, "\(file) differs from the committed file")
        }
        #expect(try store.verify() == [])
    }

    @Test func serialiserMatchesPythonJSONFormatting() throws {
        // json.dumps({"a": [1.0, 2, []], "é": "x\u00e9\"\n\u0001", "o": {}}, indent=2, ensure_ascii=False)
        let text = "{\"a\": [1.0, 2, []], \"\u{e9}\": \"x\u{e9}\\\"\\n\\u0001\", \"o\": {}}"
        let expected = "{\n  \"a\": [\n    1.0,\n    2,\n    []\n  ],\n  \"\u{e9}\": \"x\u{e9}\\\"\\n\\u0001\",\n  \"o\": {}\n}"
        #expect(try StoredJSON.parse(text, file: "t").pretty() == expected)
        #expect(throws: DataError.self) { try StoredJSON.parse("{\"a\": 1, \"a\": 2}", file: "t") }
        #expect(throws: DataError.self) { try StoredJSON.parse("[1,]", file: "t") }
        #expect(try StoredJSON.parse("\"\\ud83d\\ude00\"", file: "t") == .string("\u{1F600}"))
    }

    @Test func sha256KnownAnswers() {
        // FIPS 180-4 examples (NIST CSRC "SHA256.pdf") and the empty message.
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func patchFollowsRFC6902Examples() throws {
        func json(_ text: String) throws -> StoredJSON { try StoredJSON.parse(text, file: "t") }
        func patch(_ text: String) throws -> JSONPatch { try JSONPatch(json: json(text), where: "t") }
        // RFC 6902 appendix A.1, A.2, A.4, A.5, A.8.
        #expect(try patch(#"[{"op":"add","path":"/baz","value":"qux"}]"#).apply(to: json(#"{"foo":"bar"}"#)) == json(#"{"foo":"bar","baz":"qux"}"#))
        #expect(try patch(#"[{"op":"add","path":"/foo/1","value":"qux"}]"#).apply(to: json(#"{"foo":["bar","baz"]}"#)) == json(#"{"foo":["bar","qux","baz"]}"#))
        #expect(try patch(#"[{"op":"remove","path":"/baz"}]"#).apply(to: json(#"{"baz":"qux","foo":"bar"}"#)) == json(#"{"foo":"bar"}"#))
        #expect(try patch(#"[{"op":"replace","path":"/baz","value":"boo"}]"#).apply(to: json(#"{"baz":"qux","foo":"bar"}"#)) == json(#"{"baz":"boo","foo":"bar"}"#))
        #expect(try patch(#"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#).apply(to: json(#"{"baz":"qux","foo":["a",2,"c"]}"#)) == json(#"{"baz":"qux","foo":["a",2,"c"]}"#))
        #expect(throws: JSONPatch.PatchError.self) { try patch(#"[{"op":"test","path":"/baz","value":"bar"}]"#).apply(to: json(#"{"baz":"qux"}"#)) }
        // diff, apply and inverse agree; the inverse refuses to clobber a later change.
        let old = try json(#"{"id":"x","n":1,"list":[1,2],"o":{"a":null}}"#), new = try json(#"{"id":"x","n":2,"list":[1,2,3],"o":{"a":"b"},"z":true}"#)
        let forward = JSONPatch.diff(old, new)
        #expect(try forward.apply(to: old) == new)
        let back = try forward.inverse(before: old)
        #expect(try back.apply(to: new) == old)
        #expect(throws: JSONPatch.PatchError.self) { try back.apply(to: json(#"{"id":"x","n":5,"list":[1,2,3],"o":{"a":"b"},"z":true}"#)) }
    }

    @Test func tokensKeepOnlyTheirHash() throws {
        let scratch = try ScratchFolder()
        let store = try scratchStore(scratch)
        let token = try store.addToken(name: "amina", role: .editor)
        #expect(token.count == 4 + 64)
        #expect(try store.authenticate(token) == TokenHolder(name: "amina", role: .editor))
        #expect(try store.authenticate(token + "0") == nil)
        let raw = try Data(contentsOf: store.url) + ((try? Data(contentsOf: URL(fileURLWithPath: store.url.path + "-wal"))) ?? Data())  // the WAL may be absent
        #expect(raw.range(of: Data(token.utf8)) == nil, "the token itself must not be stored")
        #expect(throws: DataError.self) { try store.addToken(name: "amina", role: .viewer) }
        try store.revokeToken(name: "amina")
        #expect(try store.authenticate(token) == nil)
        #expect(throws: DataError.self) { try store.revokeToken(name: "amina") }
        #expect(try store.addToken(name: "amina", role: .viewer) != token)
    }

    @Test func journalIsAppendOnly() throws {
        let scratch = try ScratchFolder()
        let store = try scratchStore(scratch)
        try commitNote(store, project: "debdeb-upgrade", text: "x")
        #expect(throws: (any Error).self) { try store.pool.write { try $0.execute(sql: "UPDATE journal SET author = 'eve'") } }
        #expect(throws: (any Error).self) { try store.pool.write { try $0.execute(sql: "DELETE FROM journal") } }
        #expect(throws: DataError.self) { try EditSource(title: "  ") }
    }
}

/// A journaled edit of a project's notes straight through the store (no validation).
@discardableResult
func commitNote(_ store: KnowledgeStore, project: String, text: String, baseVersion: Int? = nil) throws -> JournalEntry {
    let record = try #require(try store.record(.project, id: project))
    var after = record.body
    after.set("notes", .string(text))
    return try store.commit(EditRequest(kind: .project, id: project, patch: JSONPatch.diff(record.body, after), baseVersion: baseVersion ?? record.version,
                                        author: "test", source: try EditSource(title: "test source", date: "2026-11-30")))
}

@Suite struct KnowledgeStoreConcurrencyTests {
    @Test func twoWritersOnOneRecordOneWins() throws {
        let scratch = try ScratchFolder()
        let url = try scratchStore(scratch).url
        // Two writers, each with its own connection pool (as two processes), both on version 1.
        let stores = try [KnowledgeStore(url: url), KnowledgeStore(url: url)]
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do { try commitNote(stores[index], project: "debdeb-upgrade", text: "writer \(index)", baseVersion: 1); results.add("ok") } catch is StaleVersionError {
                results.add("stale")
            } catch { results.add("other: \(error)") }
        }
        #expect(results.values.sorted() == ["ok", "stale"])
        #expect(try stores[0].journal().count == 1)
        #expect(try stores[0].record(.project, id: "debdeb-upgrade")?.version == 2)
        #expect(try stores[0].verify() == [])
    }

    @Test func twentyParallelWritersLoseNothing() throws {
        let scratch = try ScratchFolder()
        let url = try scratchStore(scratch).url
        let projects = try KnowledgeStore(url: url).records(.project).prefix(20).map(\.id)
        try #require(projects.count == 20)
        let editsEach = 15
        let failures = Results()
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: 20) { index in
            do {
                let store = try KnowledgeStore(url: url)
                for edit in 0..<editsEach { try commitNote(store, project: projects[index], text: "writer \(index) edit \(edit)") }
            } catch { failures.add("\(projects[index]): \(error)") }
        }
        let elapsed = start.duration(to: .now)
        #expect(failures.values == [])
        let store = try KnowledgeStore(url: url)
        #expect(try store.journal().count == 20 * editsEach)
        for id in projects {
            let record = try #require(try store.record(.project, id: id))
            #expect(record.version == 1 + editsEach)
            #expect(record.body["notes"] == .string("writer \(projects.firstIndex(of: id)!) edit \(editsEach - 1)"))
        }
        #expect(try store.verify() == [])
        #expect(elapsed < .seconds(20), "300 small transactions took \(elapsed)")
    }

    @Test func killedWriterLeavesTheStoreConsistent() throws {
        let borderplan = try #require(builtProduct("borderplan"), "the borderplan executable is built with the tests")
        let scratch = try ScratchFolder()
        let url = try scratchStore(scratch).url
        let process = Process()
        process.executableURL = URL(fileURLWithPath: borderplan)
        process.arguments = ["kb", "burst", "--db", url.path, "--data", geodataDirectory.path, "--project", "debdeb-upgrade", "--count", "1000000"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = try KnowledgeStore(url: url)
        let deadline = ContinuousClock.now + .seconds(30)
        while try reader.lastEdit() < 50, ContinuousClock.now < deadline, process.isRunning { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the writer was killed mid-burst, not finished")
        let reopened = try KnowledgeStore(url: url)
        let edits = try reopened.lastEdit()
        #expect(edits >= 50)
        #expect(try reopened.verify() == [])
        #expect(try reopened.record(.project, id: "debdeb-upgrade")?.version == 1 + edits)
        // And it still takes writes.
        try commitNote(reopened, project: "debdeb-upgrade", text: "after the crash")
    }
}

/// Thread-safe collection of test outcomes.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ value: String) { lock.withLock { items.append(value) } }
    var values: [String] { lock.withLock { items } }
}
