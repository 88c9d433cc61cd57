import BorderPlanKit
@testable import BorderPlanServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Problems answer in the language of the request's `Accept-Language` (ar, fr, en; English
/// without one): title and detail translated, `Content-Language` set, the machine parts
/// (status, parameter, ids) unchanged.
@Suite struct ProblemLanguageTests {
    /// A problem body in `language`: translated (no common English word outside `kept`), in
    /// the language's script, with `Content-Language`.
    static func expectTranslated(_ response: TestResponse, _ language: Language, kept: [String], status: HTTPResponse.Status) throws {
        #expect(response.status == status)
        #expect(response.headers[.contentLanguage] == language.rawValue)
        #expect(response.headers[.vary] == "Accept-Language", "a cache keeps one reply per language")
        let body = try problem(response)
        #expect(body["status"] as? Int == Int(status.code))
        let title = try #require(body["title"] as? String), detail = try #require(body["detail"] as? String)
        for text in [title, detail] {
            #expect(englishWords(in: text, kept: kept).isEmpty, "\(language): \(text)")
            let arabicLetters = text.unicodeScalars.filter { (0x0600...0x06FF).contains($0.value) }.count
            #expect(language == .ar ? arabicLetters > 0 : arabicLetters == 0, "\(language): \(text)")
        }
    }

    static func headers(_ language: Language, token: String? = nil) -> HTTPFields {
        var fields = KBFixture.headers(token: token, ifMatch: "\"1\"")
        fields[.acceptLanguage] = language.rawValue
        return fields
    }

    @Test(arguments: [Language.ar, .fr])
    func viewersForbiddenWriteIsRefusedInTheRequestsLanguage(language: Language) async throws {
        let fixture = try KBFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/kb/projects/debdeb-upgrade", method: .patch, headers: Self.headers(language, token: fixture.viewer),
                                     body: KBFixture.percentPatch(95)) { response in
                try Self.expectTranslated(response, language, kept: ["victor"], status: .forbidden)
                let body = try problem(response)
                #expect((body["detail"] as? String)?.contains("victor") == true, "the token holder stays named")
            }
        }
        #expect(try fixture.store.journal().isEmpty)
    }

    @Test(arguments: [Language.ar, .fr])
    func unknownRecordIs404InTheRequestsLanguage(language: Language) async throws {
        let fixture = try KBFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/kb/crossings/nowhere", method: .get, headers: [.acceptLanguage: language.rawValue]) { response in
                try Self.expectTranslated(response, language, kept: ["nowhere"], status: .notFound)
                let body = try problem(response)
                #expect((body["detail"] as? String)?.contains("'nowhere'") == true)
                #expect(body["instance"] as? String == "/kb/crossings/nowhere")
            }
        }
    }

    @Test(arguments: [Language.ar, .fr])
    func badParameterIs400InTheRequestsLanguage(language: Language) async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections/places/items?limit=abc", method: .get, headers: [.acceptLanguage: language.rawValue]) { response in
                try Self.expectTranslated(response, language, kept: ["limit"], status: .badRequest)
                let body = try problem(response)
                #expect(body["parameter"] as? String == "limit")
                #expect((body["detail"] as? String)?.contains("'abc'") == true)
            }
        }
    }

    /// A refused edit (422): the rule id and subject stay, the finding's text is the language's.
    @Test func refusedEditListsItsErrorsInTheRequestsLanguage() async throws {
        let fixture = try KBFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/kb/projects/debdeb-upgrade", method: .patch, headers: Self.headers(.fr, token: fixture.editor),
                                     body: KBFixture.percentPatch(150)) { response in
                try Self.expectTranslated(response, .fr, kept: [], status: .unprocessableContent)
                let errors = try problem(response)["errors"] as? [String] ?? []
                #expect(errors.count == 1)
                let error = try #require(errors.first)
                #expect(error.hasPrefix("[invalid-value] debdeb-upgrade: "), "\(error)")
                #expect(englishWords(in: error, kept: ["invalid-value", "debdeb-upgrade", "percent_complete"]).isEmpty, "\(error)")
            }
        }
        #expect(try fixture.store.journal().isEmpty)
    }

    /// A patch that does not apply (409): the operation's number, op and path stay, the reason is translated.
    @Test func patchConflictInTheRequestsLanguage() async throws {
        let fixture = try KBFixture()
        let body = ByteBuffer(string: #"{"patch": [{"op": "replace", "path": "/no_such_field", "value": 1}], "source": {"title": "APS", "date": "2026-11-30", "url": null}, "note": "test"}"#)
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/kb/projects/debdeb-upgrade", method: .patch, headers: Self.headers(.ar, token: fixture.editor), body: body) { response in
                try Self.expectTranslated(response, .ar, kept: ["replace", "/no_such_field"], status: .conflict)
                let detail = try problem(response)["detail"] as? String ?? ""
                #expect(detail.contains("(replace /no_such_field)") && detail.contains("'no_such_field'"), "\(detail)")
            }
            try await client.execute(uri: "/kb/projects/debdeb-upgrade", method: .patch, headers: KBFixture.headers(token: fixture.editor, ifMatch: "\"1\""), body: body) { response in
                let detail = try problem(response)["detail"] as? String
                #expect(detail == "operation 1 (replace /no_such_field): no member 'no_such_field'")
            }
        }
    }

    /// Without `Accept-Language` (or with none of ar, fr): the English texts, as before.
    @Test func defaultIsEnglish() async throws {
        let fixture = try KBFixture()
        try await fixture.application().test(.router) { client in
            for headers in [KBFixture.headers(token: fixture.viewer, ifMatch: "\"1\""), Self.headers(.en, token: fixture.viewer)] {
                try await client.execute(uri: "/kb/projects/debdeb-upgrade", method: .patch, headers: headers, body: KBFixture.percentPatch(95)) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.contentLanguage] == "en")
                    let body = try problem(response)
                    #expect(body["title"] as? String == "Forbidden")
                    #expect(body["detail"] as? String == "victor holds a viewer's token; writes need an editor's")
                }
            }
        }
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections/places/items?limit=abc", method: .get, headers: [.acceptLanguage: "de-DE, de;q=0.9"]) { response in
                #expect(response.headers[.contentLanguage] == "en")
                let body = try problem(response)
                #expect(body["detail"] as? String == "limit is an integer ≥ 1, got 'abc'")
            }
        }
    }

    /// RFC 9110 §12.5.4: the highest q among ar, fr, en wins; regional tags count; q=0 excludes.
    @Test(arguments: [
        ("fr-DZ,fr;q=0.9,en;q=0.8", Language.fr), ("en;q=0.5, ar", .ar), ("ar;q=0.4, fr-FR;q=0.7", .fr), ("de, en;q=0.1", .en),
        ("ar;q=0, fr;q=0", .en), ("*", .en), ("", .en), ("AR-dz", .ar), ("es, fr;q=0.3", .fr),
    ])
    func acceptLanguageNegotiation(header: String, expected: Language) {
        #expect(RequestLanguage.negotiate(header) == expected, "\(header)")
    }
}
