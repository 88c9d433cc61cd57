import BorderPlanKit
@testable import BorderPlanServer
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import Testing

/// Every endpoint through Hummingbird's in-process test client.
@Suite struct EndpointTests {
    let reference: ExportReference
    init() throws { reference = try sharedReference.get() }

    @Test func landingPageLinksTheRequiredResources() async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let rels = Set(links(try json(response)).compactMap { $0["rel"] })
                #expect(rels.isSuperset(of: ["self", "alternate", "service-desc", "service-doc", "conformance", "data"]))
            }
        }
    }

    @Test func conformanceDeclaresCoreGeoJSONHTMLAndOpenAPI() async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/conformance", method: .get) { response in
                let classes = try #require(try json(response)["conformsTo"] as? [String])
                for name in ["core", "geojson", "html", "oas30"] {
                    #expect(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/\(name)"))
                }
            }
        }
    }

    @Test func openAPIDocumentDescribesEveryEndpoint() async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/api", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/vnd.oai.openapi+json;version=3.0")
                let document = try json(response)
                #expect(document["openapi"] as? String == "3.0.3")
                let paths = try #require(document["paths"] as? [String: Any])
                var expected = ["/", "/api", "/conformance", "/collections", "/scenarios/coverage", "/plans"]
                for name in reference.allNames { expected += ["/collections/\(name)", "/collections/\(name)/items", "/collections/\(name)/schema", "/collections/\(name)/items/{featureId}"] }
                #expect(Set(paths.keys) == Set(expected))
                // Every $ref points at a component that exists.
                let text = String(buffer: response.body)
                let components = try #require(document["components"] as? [String: [String: Any]])
                for match in text.matches(of: /"\$ref":"#\/components\/(\w+)\/(\w+)"/) {
                    #expect(components[String(match.1)]?[String(match.2)] != nil, "\(match.0)")
                }
                // The items of crossings declare its properties as filters.
                let items = try #require((paths["/collections/crossings/items"] as? [String: Any])?["get"] as? [String: Any])
                let names = (items["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                #expect(names.contains("partner") && names.contains("status"))
            }
        }
    }

    @Test func collectionsAreTheExportLayersWithExtentAndCRS84() async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections", method: .get) { response in
                let collections = try #require(try json(response)["collections"] as? [[String: Any]])
                #expect(collections.compactMap { $0["id"] as? String } == reference.allNames)
                for collection in collections {
                    let spatial = (collection["extent"] as? [String: Any])?["spatial"] as? [String: Any]
                    #expect(spatial?["crs"] as? String == "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "\(collection["id"] ?? "")")
                    let bbox = try #require((spatial?["bbox"] as? [[Double]])?.first)
                    // Algeria and its neighbours lie within 25° W…30° E, 10°…40° N.
                    #expect(bbox.count == 4 && bbox[0] < bbox[2] && bbox[1] < bbox[3] && bbox[0] > -25 && bbox[2] < 30 && bbox[1] > 10 && bbox[3] < 40)
                    #expect(Set(links(collection).compactMap { $0["rel"] }).isSuperset(of: ["self", "alternate", "items"]))
                }
            }
        }
    }

    /// `describedby`: each column typed as the export column (GDAL and QGIS need not guess from a page).
    @Test func schemaTypesEveryColumnAsTheExport() async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections/catchments/schema", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/schema+json")
                let properties = try #require(try json(response)["properties"] as? [String: [String: Any]])
                let types = properties.compactMapValues { $0["type"] as? String }
                #expect(types == ["crossing": "string", "status": "string", "open": "boolean", "radius_km": "number",
                                  "area_km2": "number", "population": "integer", "places": "integer"])
                #expect(properties["geometry"]?["x-ogc-role"] as? String == "primary-geometry")
            }
        }
    }

    @Test func everyFeatureIsServedExactlyAsTheExportWritesIt() async throws {
        try await testApplication().test(.router) { client in
            for name in reference.names {
                try await client.execute(uri: "/collections/\(name)/items?limit=10000", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/geo+json")
                    #expect(response.headers[HTTPField.Name("Content-Crs")!] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>")
                    let expected = try #require(reference.featureTexts[name])
                    let document = try json(response)
                    #expect(document["numberMatched"] as? Int == expected.count, "\(name)")
                    #expect(document["numberReturned"] as? Int == expected.count, "\(name)")
                    #expect((document["timeStamp"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) } != nil)
                    let lines = String(buffer: response.body).split(separator: "\n").dropFirst().dropLast()
                        .map { $0.hasSuffix(",") ? String($0.dropLast()) : String($0) }
                    #expect(lines == expected, "\(name): served features differ from the export")
                }
            }
        }
    }

    /// border-segments serves the geodata file's segments: same ids, same properties.
    @Test func borderSegmentsAreTheGeodataFile() async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections/border-segments/items?limit=10000", method: .get) { response in
                let features = try #require(try json(response)["features"] as? [[String: Any]])
                #expect(features.compactMap { $0["id"] as? String } == reference.segmentFile.map(\.id))
                for (served, file) in zip(features, reference.segmentFile) {
                    let properties = served["properties"] as? [String: Any] ?? [:]
                    #expect(properties["kind"] as? String == file.kind && properties["country"] as? String == file.country, "\(file.id)")
                    #expect(properties["wilaya"] as? String == file.wilaya && properties["length_km"] as? Double == file.lengthKm, "\(file.id)")
                }
            }
        }
    }

    @Test func pagingFollowsNextLinksThroughEveryFeatureOnce() async throws {
        let expected = try #require(reference.properties["places"]).map(\.id)
        try await testApplication().test(.router) { client in
            var target: String? = "/collections/places/items"  // default limit 100
            var seen: [String] = []
            var pages = 0
            while let current = target {
                target = try await client.execute(uri: current, method: .get) { response -> String? in
                    let document = try json(response)
                    let features = try #require(document["features"] as? [[String: Any]])
                    #expect(features.count <= ItemQuery.defaultLimit)
                    #expect(document["numberReturned"] as? Int == features.count)
                    #expect(document["numberMatched"] as? Int == expected.count)
                    seen += features.compactMap { $0["id"] as? String }
                    let rels = links(document)
                    #expect(rels.contains { $0["rel"] == "prev" } == (pages > 0))
                    return try rels.first { $0["rel"] == "next" }.flatMap { $0["href"] }.map(requestTarget)
                }
                pages += 1
            }
            #expect(seen == expected)
            #expect(pages == (expected.count + ItemQuery.defaultLimit - 1) / ItemQuery.defaultLimit)
        }
    }

    @Test func limitAboveTheMaximumIsClampedAndOffsetSkips() async throws {
        let count = try #require(reference.featureTexts["places"]).count
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections/places/items?limit=20000", method: .get) { response in
                let document = try json(response)
                #expect(document["numberReturned"] as? Int == min(count, ItemQuery.maximumLimit))
                #expect(links(document).first { $0["rel"] == "self" }?["href"]?.contains("limit=10000") == true)
            }
            try await client.execute(uri: "/collections/places/items?limit=5&offset=\(count - 2)", method: .get) { response in
                let document = try json(response)
                #expect(document["numberReturned"] as? Int == 2)
                #expect(!links(document).contains { $0["rel"] == "next" })
            }
        }
    }

    @Test(arguments: ["east", "algiers", "sea"])
    func bboxSelectsWhatGEOSSaysIntersects(box: String) async throws {
        let envelope = try #require(testBoxes[box])
        let parameter = [envelope.minX, envelope.minY, envelope.maxX, envelope.maxY].map { String($0) }.joined(separator: ",")
        try await testApplication().test(.router) { client in
            for name in reference.names {
                try await client.execute(uri: "/collections/\(name)/items?limit=10000&bbox=\(parameter)", method: .get) { response in
                    #expect(response.status == .ok)
                    let ids = (try json(response)["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    #expect(ids == reference.boxMatches[name]?[box], "\(name) in \(box)")
                }
            }
        }
        // Hand-checked: the Algiers box lies in wilaya 16 (Alger); the eastern box holds Debdeb; the sea box holds nothing.
        if box == "algiers" { #expect(reference.boxMatches["wilayas"]?[box]?.contains("16") == true) }
        if box == "east" { #expect(reference.boxMatches["crossings"]?[box]?.contains("debdeb") == true) }
        if box == "sea" { #expect(reference.boxMatches.values.allSatisfy { $0[box]?.isEmpty == true }) }
    }

    @Test func propertyFiltersSelectByEquality() async throws {
        let crossings = try #require(reference.properties["crossings"])
        func value(_ properties: [JSONMember], _ key: String) -> JSONValue? { properties.first { $0.key == key }?.value }
        let expected = crossings.filter { value($0.properties, "partner") == .string("TN") && value($0.properties, "status") == .string("open") }.map(\.id)
        let expectedOpen = crossings.filter { value($0.properties, "open") == .bool(true) }.map(\.id)
        #expect(!expected.isEmpty && expected.count < crossings.count)
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections/crossings/items?partner=TN&status=open", method: .get) { response in
                let document = try json(response)
                #expect((document["features"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == expected)
                #expect(document["numberMatched"] as? Int == expected.count)
            }
            try await client.execute(uri: "/collections/crossings/items?open=true", method: .get) { response in
                let features = try json(response)["features"] as? [[String: Any]]
                #expect(features?.compactMap { $0["id"] as? String } == expectedOpen)
            }
        }
    }

    /// `datetime` keeps the crossings whose last event's (partial) date overlaps the interval, counted
    /// here from the export's own properties; malformed or reversed intervals are 400s naming it, and a
    /// collection without dates refuses it as an unknown parameter.
    @Test func datetimeSelectsByLastEventDate() async throws {
        let crossings = try #require(reference.properties["crossings"])
        let dated = crossings.map { (id: $0.id, date: Self.lastEventDate($0.properties)) }
        let from = try #require(PartialDate("2023-01-01")), to = try #require(PartialDate("2024-12-31"))
        let expected = dated.filter { $0.date.map { $0.latestDay >= from.earliestDay && $0.earliestDay <= to.latestDay } ?? false }.map(\.id)
        let since = dated.filter { $0.date.map { $0.latestDay >= from.earliestDay } ?? false }.map(\.id)
        #expect(!expected.isEmpty && expected.count < since.count && since.count < crossings.count)
        let firstYear = try #require(dated.compactMap(\.date).min { $0.earliestDay < $1.earliestDay }).year
        try await testApplication().test(.router) { client in
            for (query, ids) in [("2023-01-01/2024-12-31", expected), ("2023-01-01T08:00:00Z/..", since)] {
                let got = try await client.execute(uri: "/collections/crossings/items?limit=1000&datetime=\(query)", method: .get) { response in
                    (try json(response)["features"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                }
                #expect(got == ids, "\(query)")
            }
            for bad in ["2024-12-31/2023-01-01", "yesterday", "../.."] {
                let status = try await client.execute(uri: "/collections/crossings/items?datetime=\(bad)", method: .get) { $0.status }
                #expect(status == .badRequest, "\(bad)")
            }
            let undated = try await client.execute(uri: "/collections/wilayas/items?datetime=2024-01-01", method: .get) { $0.status }
            #expect(undated == .badRequest)
            let interval = try await client.execute(uri: "/collections/crossings", method: .get) { response in
                (((try json(response)["extent"] as? [String: Any])?["temporal"] as? [String: Any])?["interval"] as? [[String]])?.first
            }
            #expect(interval?.first?.hasPrefix(String(format: "%04d-", firstYear)) == true, "\(interval ?? [])")
        }
    }

    static func lastEventDate(_ properties: [JSONMember]) -> PartialDate? {
        guard case let .string(text)? = properties.first(where: { $0.key == "last_event_date" })?.value else { return nil }
        return PartialDate(text)
    }

    /// `committees`: one feature per committee of committees.json; a local meeting that names its
    /// wilayas has their union as geometry (its bounding box is the union of theirs), the others none.
    @Test func committeesCarryTheirWilayas() async throws {
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent("committees.json"))) as? [String: Any])
        let committees = try #require(file["committees"] as? [[String: Any]])
        let wilayaFile = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent("wilayas.geojson"))) as? [String: Any])
        var wilayaBoxes: [String: [Double]] = [:]
        for feature in wilayaFile["features"] as? [[String: Any]] ?? [] {
            guard let code = (feature["properties"] as? [String: Any])?["code"] as? String else { continue }
            wilayaBoxes[code] = Self.box(Self.positions((feature["geometry"] as? [String: Any])?["coordinates"] as Any))
        }
        // Each committee's expected box: the union of its named wilayas' boxes, nil when it has no geometry.
        let expected: [(id: String, box: [Double]?)] = try committees.map { committee in
            let id = try #require(committee["id"] as? String)
            let codes = committee["algerian_wilaya_codes"] as? [String] ?? []
            let named = committee["kind"] as? String == "local-walis" && !codes.isEmpty && committee["algerian_wilayas_scope"] as? String != "all-border-wilayas"
            guard named else { return (id, nil) }
            let boxes = try codes.map { try #require(wilayaBoxes[$0], "wilaya \($0)") }
            return (id, [boxes.map { $0[0] }.min()!, boxes.map { $0[1] }.min()!, boxes.map { $0[2] }.max()!, boxes.map { $0[3] }.max()!])
        }
        #expect(expected.contains { $0.box != nil } && expected.contains { $0.box == nil })
        try await testApplication().test(.router) { client in
            let served = try await client.execute(uri: "/collections/committees/items?limit=1000", method: .get) { response in
                try #require(try json(response)["features"] as? [[String: Any]]).map { feature in
                    (id: feature["id"] as? String ?? "", box: feature["geometry"] is NSNull ? nil : Self.box(Self.positions((feature["geometry"] as? [String: Any])?["coordinates"] as Any)))
                }
            }
            #expect(served.map(\.id) == expected.map(\.id))
            for (got, want) in zip(served, expected) {
                #expect((got.box == nil) == (want.box == nil), "\(got.id)")
                guard let box = got.box, let wanted = want.box else { continue }
                // A coverage union keeps the wilayas' vertices: the boxes agree to the files' precision (1e-5°).
                #expect(zip(box, wanted).allSatisfy { abs($0 - $1) < 2e-5 }, "\(got.id): \(box) vs \(wanted)")
            }
        }
    }

    /// Every [lon, lat] position of a GeoJSON coordinates array, at any depth.
    static func positions(_ value: Any) -> [[Double]] {
        guard let array = value as? [Any] else { return [] }
        if let position = array as? [Double], position.count >= 2 { return [position] }
        return array.flatMap(positions)
    }

    /// West, south, east, north of positions.
    static func box(_ points: [[Double]]) -> [Double] {
        [points.map { $0[0] }.min() ?? .nan, points.map { $0[1] }.min() ?? .nan, points.map { $0[0] }.max() ?? .nan, points.map { $0[1] }.max() ?? .nan]
    }

    @Test func oneFeatureHasItsLinksAndUnknownOnesAre404() async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections/crossings/items/debdeb", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                let document = try json(response)
                #expect(document["id"] as? String == "debdeb")
                #expect((document["properties"] as? [String: Any])?["partner"] as? String == "LY")
                #expect(Set(links(document).compactMap { $0["rel"] }) == ["self", "alternate", "collection"])
            }
            try await client.execute(uri: "/collections/crossings/items/atlantis", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }
}
