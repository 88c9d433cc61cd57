import BorderPlanKit
@testable import BorderPlanServer
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import Testing

/// `/map` and its assets: served by BorderPlan itself, Leaflet from Debian's package, nothing external.
@Suite struct WebMapTests {
    func application(_ webMap: WebMap) throws -> some ApplicationProtocol {
        BorderPlanServer.application(catalog: try sharedReference.get().catalog, host: "127.0.0.1", port: 0, accessLog: nil, webMap: webMap)
    }

    @Test func mapAndAssetsAreServed() async throws {
        let webMap = WebMap()
        try #require(webMap.isAvailable, "libjs-leaflet (make deps installs it)")
        try await application(webMap).test(.router) { client in
            for (path, type) in [("/map", "text/html; charset=utf-8"), ("/map?lang=ar", "text/html; charset=utf-8"),
                                 ("/assets/leaflet/leaflet.js", "text/javascript; charset=utf-8"), ("/assets/leaflet/leaflet.css", "text/css; charset=utf-8"),
                                 ("/assets/map.js", "text/javascript; charset=utf-8"), ("/assets/edit.js", "text/javascript; charset=utf-8"), ("/assets/map.css", "text/css; charset=utf-8"),
                                 ("/assets/messages.json", "application/json")] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == type, "\(path)")
                }
            }
            // Leaflet is Debian's file, byte for byte.
            try await client.execute(uri: "/assets/leaflet/leaflet.js", method: .get) { response in
                let file = try Data(contentsOf: WebMap.debianLeafletDirectory.appendingPathComponent("leaflet.js"))
                #expect(Data(buffer: response.body) == file)
            }
            try await client.execute(uri: "/map?colour=red", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    /// Without libjs-leaflet the map is a 503 naming the package; the OGC API still answers.
    @Test func missingLeafletIsA503NamingThePackage() async throws {
        let webMap = WebMap(leafletDirectory: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)"))
        #expect(!webMap.isAvailable)
        try await application(webMap).test(.router) { client in
            try await client.execute(uri: "/map", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let detail = try json(response)["detail"] as? String
                #expect(detail == "the web map needs Leaflet from the Debian package libjs-leaflet (make deps installs it); the OGC API works without it")
            }
            try await client.execute(uri: "/collections", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// The page loads nothing from outside (no CDN, no tiles): every URL it names is a path on this server.
    @Test func pageAndScriptNameNoExternalURL() {
        for text in [WebMapFiles.page, WebMapFiles.style, WebMapScript.text, WebMapEditScript.text] {
            #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"))
        }
        #expect(WebMapFiles.page.contains("src=\"/assets/leaflet/leaflet.js\""))
    }

    /// The message table has the same keys in Arabic, French and English, none empty, and every
    /// `data-t` key of the page is in it.
    @Test func messagesCoverEveryLanguageAndEveryKey() throws {
        let table = try #require(try JSONSerialization.jsonObject(with: Data(WebMap.messagesJSON.utf8)) as? [String: [String: String]])
        #expect(Set(table.keys) == ["ar", "fr", "en"])
        // The map's texts are the catalogue's webmap.json, through the Localizer (French spacing included).
        #expect(table["fr"]?["webmap.edit.saved"] == Localizer(.fr).text("webmap.edit.saved"))
        #expect(table["ar"]?["status.open"] == Localizer(.ar).name(CrossingStatus.open))
        let english = Set(try #require(table["en"]).keys)
        for (language, messages) in table {
            #expect(Set(messages.keys) == english, "\(language)")
            #expect(messages.values.allSatisfy { !$0.isEmpty }, "\(language)")
        }
        for match in WebMapFiles.page.matches(of: /data-t="([^"]+)"/) {
            #expect(english.contains(String(match.1)), "\(match.1)")
        }
        for script in [WebMapScript.text, WebMapEditScript.text] {
            for match in script.matches(of: /[^\w.]t\("([a-zA-Z.\-]+)"[,)]/) {
                #expect(english.contains(String(match.1)), "\(match.1)")
            }
        }
        // The same {placeholders} in every language.
        let placeholders = { (text: String) in Set(text.matches(of: /\{(\w+)\}/).map { String($0.1) }) }
        for (key, text) in try #require(table["en"]) {
            for language in ["ar", "fr"] {
                #expect(placeholders(table[language]?[key] ?? "") == placeholders(text), "\(language) \(key)")
            }
        }
    }
}
