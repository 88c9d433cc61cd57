import BorderPlanKit
@testable import BorderPlanServer
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import Testing

/// Status codes, problems, content negotiation, HTML, links and the access log.
@Suite struct ProtocolTests {
    let reference: ExportReference
    init() throws { reference = try sharedReference.get() }

    /// Bad parameters: 400, an RFC 9457 body naming the parameter.
    @Test(arguments: [
        ("/collections/places/items?limit=0", "limit"), ("/collections/places/items?limit=abc", "limit"),
        ("/collections/places/items?offset=-1", "offset"), ("/collections/places/items?bbox=1,2,3", "bbox"),
        ("/collections/places/items?bbox=0,95,1,96", "bbox"), ("/collections/places/items?bbox=0,30,1,20", "bbox"),
        ("/collections/places/items?bbox=a,b,c,d", "bbox"), ("/collections?f=xml", "f"),
        ("/collections/places/items?colour=red", "colour"), ("/conformance?limit=3", "limit"),
        ("/collections/crossings/items?partner=TN&partner=LY", "partner"), ("/collections/places/items?population=many", "population"),
        ("/collections/crossings/items?open=maybe", "open"), ("/collections/catchments/items?area_km2=big", "area_km2"),
    ])
    func badParametersAre400ProblemsNamingTheParameter(target: String, parameter: String) async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: target, method: .get) { response in
                #expect(response.status == .badRequest, "\(target)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try json(response)
                #expect(problem["status"] as? Int == 400)
                #expect(problem["parameter"] as? String == parameter, "\(target)")
                #expect((problem["detail"] as? String)?.contains(parameter) == true)
            }
        }
    }

    /// Unknown paths, collections and features, path traversal: 404 problems that leak no path of the machine.
    @Test(arguments: [
        "/nothing", "/collections/nothing", "/collections/nothing/items", "/collections/wilayas/items/99",
        "/collections/..%2f..%2fetc", "/collections/..%2f..%2fetc%2fpasswd/items", "/collections/../../etc/passwd",
        "/collections/wilayas/items/..%2f..%2f..%2fPackage.swift", "/api/../../etc/passwd", "/collections/%ff",
    ])
    func unknownResourcesAre404WithoutLeaks(target: String) async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: target, method: .get) { response in
                #expect(response.status == .notFound, "\(target)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = String(buffer: response.body)
                #expect(!body.contains("root:") && !body.contains(geodataDirectory.deletingLastPathComponent().path) && !body.contains(".swift:"), "\(body)")
                let status = try json(response)["status"] as? Int
                #expect(status == 404)
            }
        }
    }

    @Test func otherMethodsAre405() async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/collections", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    /// `?f=` wins over `Accept`; a browser's Accept gets HTML; a GIS client's gets JSON.
    @Test func contentNegotiation() async throws {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        let cases: [(String, String?, String)] = [
            ("/", nil, "application/json"), ("/", browser, "text/html; charset=utf-8"), ("/?f=json", browser, "application/json"),
            ("/collections?f=html", nil, "text/html; charset=utf-8"), ("/collections/wilayas/items", "application/geo+json, application/json;q=0.9", "application/geo+json"),
            ("/collections/wilayas/items", "text/html;q=0.5, application/json", "application/geo+json"), ("/api", browser, "text/html; charset=utf-8"),
            ("/collections/wilayas/items/16", "*/*", "application/geo+json"),
        ]
        try await testApplication().test(.router) { client in
            for (target, accept, type) in cases {
                let headers: HTTPFields = accept.map { [.accept: $0] } ?? [:]
                try await client.execute(uri: target, method: .get, headers: headers) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == type, "\(target) with \(accept ?? "no Accept")")
                }
            }
        }
    }

    /// Every HTML page is a complete document, and text from the data is escaped.
    @Test func htmlPagesAreCompleteAndEscaped() async throws {
        let targets = ["/", "/api", "/conformance", "/collections"] + reference.names.flatMap { ["/collections/\($0)", "/collections/\($0)/items"] }
            + ["/collections/wilayas/items/16", "/collections/crossings/items/debdeb"]
        try await testApplication().test(.router) { client in
            for target in targets {
                try await client.execute(uri: target + "?f=html", method: .get) { response in
                    let page = String(buffer: response.body)
                    #expect(response.status == .ok && page.hasPrefix("<!DOCTYPE html>") && page.contains("</html>"), "\(target)")
                    #expect(page.components(separatedBy: "<table>").count == page.components(separatedBy: "</table>").count, "\(target)")
                }
            }
        }
        // A property that holds markup comes out as text.
        let hostile = try FeatureCatalog.servedFeature(OutputFeature(id: "<x>", geometry: nil, properties: [JSONMember("name", "<script>alert(1)</script> & co")]), fallbackID: "1")
        let collection = ServedCollection(id: "t", description: "d", columns: [ExportColumn("name", .text)], features: [hostile], extent: nil, index: ["<x>": 0])
        let links = LinkBuilder(host: nil, fallback: "http://127.0.0.1:8080")
        let query = try ItemQuery(try QueryParameters(nil), collection: collection)
        let page = Resources(catalog: reference.catalog).itemsHTML(collection, [hostile], matched: 1, query, [], links).body
        #expect(!page.contains("<script>") && page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") && page.contains("&lt;x&gt;"))
    }

    /// A Host header with anything but host[:port] characters is not echoed into links.
    @Test func hostileHostHeaderIsNotUsedInLinks() {
        #expect(LinkBuilder(host: "evil.example\"><script>", fallback: "http://127.0.0.1:8080").base == "http://127.0.0.1:8080")
        #expect(LinkBuilder(host: "gis.local:9000", fallback: "http://127.0.0.1:8080").base == "http://gis.local:9000")
    }

    /// Crawls every link of every JSON document from the landing page: each one answers 200.
    @Test func everyLinkResolves() async throws {
        try await testApplication().test(.router) { client in
            var queue = ["/"], seen = Set<String>(["/"]), requested = 0
            while !queue.isEmpty {
                let target = queue.removeFirst()
                let found = try await client.execute(uri: target, method: .get) { response -> [String] in
                    #expect(response.status == .ok, "\(target)")
                    guard response.headers[.contentType]?.contains("json") == true else { return [] }
                    let document = try json(response)
                    var hrefs = allLinks(document).compactMap { $0["href"] }
                    if let features = document["features"] as? [[String: Any]], let first = features.first?["id"] as? String, let base = target.split(separator: "?").first {
                        hrefs.append("http://x\(base)/\(first)")  // and one item of each page
                    }
                    return try hrefs.map(requestTarget)
                }
                requested += 1
                for link in found where seen.insert(link).inserted { queue.append(link) }
            }
            // Landing (2 encodings) + api + conformance + collections, then per collection: metadata, items pages, one item.
            #expect(requested > 4 + 3 * reference.names.count)
        }
    }

    /// The links of a document and of every object nested in it (the collections' own links).
    func allLinks(_ value: Any) -> [[String: String]] {
        if let object = value as? [String: Any] {
            return links(object) + object.filter { $0.key != "links" }.values.flatMap(allLinks)
        }
        if let array = value as? [Any] { return array.flatMap(allLinks) }
        return []
    }

    @Test func accessLogWritesOneJSONLinePerRequest() async throws {
        let log = LogCollector()
        try await testApplication(log: log).test(.router) { client in
            try await client.execute(uri: "/collections/crossings/items?partner=TN", method: .get) { _ in }
            try await client.execute(uri: "/collections/nothing", method: .get) { _ in }
        }
        let lines = log.lines
        #expect(lines.count == 2)
        let entries = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(entries.map { $0["status"] as? Int } == [200, 404])
        #expect(entries[0]["path"] as? String == "/collections/crossings/items" && entries[0]["query"] as? String == "partner=TN")
        #expect(entries.allSatisfy { $0["method"] as? String == "GET" && ($0["ms"] as? Double).map { $0 >= 0 } == true && $0["time"] is String })
    }
}
