import BorderPlanKit
@testable import BorderPlanServer
import Foundation
import Geo
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A scratch store of the committed knowledge base with an editor's and a viewer's token, and
/// the application serving it (over an empty feature catalog: only /kb is under test).
final class KBFixture: @unchecked Sendable {
    let folder: URL
    let store: KnowledgeStore
    let editor: String
    let viewer: String
    let service: KBService

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("borderplan-kb-test-\(UUID().uuidString)")
        store = try KnowledgeStore.create(at: folder.appendingPathComponent("kb.sqlite"), from: geodataDirectory)
        editor = try store.addToken(name: "amina", role: .editor)
        viewer = try store.addToken(name: "victor", role: .viewer)
        service = try KBService(store: store, geodata: Geodata(directory: geodataDirectory), asOf: PartialDate("2026-11-30")!)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }  // best effort: a leftover must not fail a test

    func application() throws -> some ApplicationProtocol {
        BorderPlanServer.application(catalog: try FeatureCatalog(layers: [], extra: [], radiusKm: 100), host: "127.0.0.1", port: 0, accessLog: nil, kb: service)
    }

    static func headers(token: String?, ifMatch: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let token { fields[.authorization] = "Bearer \(token)" }
        if let ifMatch { fields[.ifMatch] = ifMatch }
        return fields
    }

    /// A PATCH body setting a project's percent complete.
    static func percentPatch(_ percent: Int) -> ByteBuffer {
        ByteBuffer(string: #"{"patch": [{"op": "replace", "path": "/percent_complete", "value": \#(percent)}], "source": {"title": "APS", "date": "2026-11-30", "url": null}, "note": "test"}"#)
    }
}

func problem(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
}

@Suite struct KBEndpointTests {
    @Test func readsAreOpenAndCarryTheETag() async throws {
        let fixture = try KBFixture()
        let record = try #require(try fixture.store.record(.crossing, id: "debdeb"))
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/kb/crossings/debdeb", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"1\"")
                #expect(String(buffer: response.body) == record.body.pretty() + "\n")
            }
            try await client.execute(uri: "/kb/crossings/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try problem(response)
                #expect(body["status"] as? Int == 404)
            }
        }
    }

    @Test func writesNeedAnEditorsTokenAndIfMatch() async throws {
        let fixture = try KBFixture()
        let uri = "/kb/projects/debdeb-upgrade"
        try await fixture.application().test(.router) { client in
            let refusals: [(String?, String?, HTTPResponse.Status)] = [(nil, "\"1\"", .unauthorized), ("bpk_wrong", "\"1\"", .unauthorized),
                                                                       (fixture.viewer, "\"1\"", .forbidden), (fixture.editor, nil, .preconditionRequired),
                                                                       (fixture.editor, "\"7\"", .preconditionFailed)]
            for (token, ifMatch, status) in refusals {
                try await client.execute(uri: uri, method: .patch, headers: KBFixture.headers(token: token, ifMatch: ifMatch), body: KBFixture.percentPatch(95)) { response in
                    #expect(response.status == status)
                    let body = try problem(response)
                    #expect(body["status"] as? Int == Int(status.code))
                    if status == .unauthorized { #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true) }
                }
            }
            #expect(try fixture.store.journal().isEmpty, "a refused request journals nothing")
            try await client.execute(uri: uri, method: .patch, headers: KBFixture.headers(token: fixture.editor, ifMatch: "\"1\""), body: KBFixture.percentPatch(95)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"2\"")
            }
            // A second write on the old ETag is stale.
            try await client.execute(uri: uri, method: .patch, headers: KBFixture.headers(token: fixture.editor, ifMatch: "\"1\""), body: KBFixture.percentPatch(96)) { response in
                #expect(response.status == .preconditionFailed)
            }
        }
        let journal = try fixture.store.journal()
        #expect(journal.count == 1)
        #expect(journal.first?.author == "amina" && journal.first?.source.title == "APS")
        #expect(try fixture.store.record(.project, id: "debdeb-upgrade")?.body["percent_complete"] == .number("95"))
    }

    @Test func anInvalidEditIsRefusedWithTheRule() async throws {
        let fixture = try KBFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/kb/projects/debdeb-upgrade", method: .patch, headers: KBFixture.headers(token: fixture.editor, ifMatch: "\"1\""),
                                     body: KBFixture.percentPatch(150)) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try problem(response)["errors"] as? [String] ?? []
                #expect(errors.count == 1 && errors[0].contains("[invalid-value]") && errors[0].contains("percent_complete"))
            }
            // No source title: 400.
            try await client.execute(uri: "/kb/projects/debdeb-upgrade", method: .patch, headers: KBFixture.headers(token: fixture.editor, ifMatch: "\"1\""),
                                     body: ByteBuffer(string: #"{"patch": [{"op": "replace", "path": "/percent_complete", "value": 91}]}"#)) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(try fixture.store.journal().isEmpty)
    }

    @Test func postCreatesARecord() async throws {
        let fixture = try KBFixture()
        let record = KnowledgeEdits.newProject(id: "api-project", crossing: "debdeb", kind: .post, aim: (ar: "اختبار", fr: "essai", en: "test"), phase: .announced, notes: nil,
                                               source: try EditSource(title: "APS", date: "2026-11-30"))
        let body = ByteBuffer(string: #"{"record": \#(record.compact()), "source": {"title": "APS", "date": "2026-11-30"}}"#)
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/kb/projects", method: .post, headers: KBFixture.headers(token: fixture.editor, ifMatch: nil), body: body) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/kb/projects/api-project")
                #expect(response.headers[.eTag] == "\"1\"")
            }
            try await client.execute(uri: "/kb/projects", method: .post, headers: KBFixture.headers(token: fixture.editor, ifMatch: nil), body: body) { response in
                #expect(response.status == .conflict)
            }
        }
        #expect(try fixture.store.record(.project, id: "api-project")?.body == record)
        #expect(try fixture.store.journal().count == 1)
    }
}
