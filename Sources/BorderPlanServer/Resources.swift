import BorderPlanKit
import Foundation
import Geo

/// The OGC API – Features resources over a catalog, each in JSON and HTML.
struct Resources: Sendable {
    static let title = "BorderPlan — Algeria's land borders"
    static let conformanceClasses = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ]

    let catalog: FeatureCatalog

    func landing(_ links: LinkBuilder, _ encoding: Encoding) -> Reply {
        let all = links.selfAndAlternate("/", encoding: encoding, jsonType: ServedMediaType.json, title: "This document") + [
            Link(href: links.url("/api"), rel: "service-desc", type: ServedMediaType.openAPI, title: "The API definition (OpenAPI 3.0)"),
            Link(href: links.url("/api", [("f", "html")]), rel: "service-doc", type: ServedMediaType.html, title: "The API documentation"),
            Link(href: links.url("/conformance"), rel: "conformance", type: ServedMediaType.json, title: "Conformance classes"),
            Link(href: links.url("/collections"), rel: "data", type: ServedMediaType.json, title: "The collections"),
            Link(href: links.url("/map"), rel: "related", type: ServedMediaType.html, title: "The web map: coverage, what-if scenarios and plans"),
        ]
        let description = "OGC API – Features over BorderPlan's layers: wilayas, borders, crossings, coverage at \(formatNumber(catalog.radiusKm, decimals: 1)) km."
        if encoding == .html { return Reply(contentType: ServedMediaType.html, body: HTMLPage.render(title: Self.title, links: all, body: HTMLPage.paragraph(description))) }
        return Reply(contentType: ServedMediaType.json, body: JSONValue.object([
            "title": .string(Self.title), "description": .string(description), "links": .array(all.map(\.json)),
        ]).serialized())
    }

    func conformance(_ links: LinkBuilder, _ encoding: Encoding) -> Reply {
        let all = links.selfAndAlternate("/conformance", encoding: encoding, jsonType: ServedMediaType.json, title: "Conformance classes")
        if encoding == .html {
            let list = "<ul>" + Self.conformanceClasses.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
            return Reply(contentType: ServedMediaType.html, body: HTMLPage.render(title: "Conformance", links: all, body: list))
        }
        return Reply(contentType: ServedMediaType.json, body: JSONValue.object([
            "conformsTo": .array(Self.conformanceClasses.map(JSONValue.string)), "links": .array(all.map(\.json)),
        ]).serialized())
    }

    func collections(_ links: LinkBuilder, _ encoding: Encoding) -> Reply {
        let all = links.selfAndAlternate("/collections", encoding: encoding, jsonType: ServedMediaType.json, title: "The collections")
        if encoding == .html {
            let rows = catalog.collections.map { c in
                (href: Optional(links.url("/collections/\(encodePathSegment(c.id))", [("f", "html")])), cells: [c.id, c.description, String(c.features.count)])
            }
            return Reply(contentType: ServedMediaType.html, body: HTMLPage.render(title: "Collections", links: all,
                                                                             body: HTMLPage.table(header: ["collection", "description", "features"], rows: rows)))
        }
        return Reply(contentType: ServedMediaType.json, body: JSONValue.object([
            "links": .array(all.map(\.json)), "collections": .array(catalog.collections.map { collectionJSON($0, links) }),
        ]).serialized())
    }

    func collection(_ id: String, _ links: LinkBuilder, _ encoding: Encoding) throws -> Reply {
        let collection = try find(id)
        if encoding == .html {
            let all = collectionLinks(collection, links, encoding)
            let extent = collection.extent.map { "Extent (CRS84): " + bboxJSON($0) } ?? "No extent (every geometry is empty)."
            let body = HTMLPage.paragraph(collection.description) + HTMLPage.paragraph("\(collection.features.count) features. " + extent)
                + HTMLPage.paragraph("Properties (each is also a filter on the items: ?name=value): " + collection.columns.map(\.name).joined(separator: ", "))
            return Reply(contentType: ServedMediaType.html, body: HTMLPage.render(title: collection.id, links: all, body: body))
        }
        return Reply(contentType: ServedMediaType.json, body: collectionJSON(collection, links, encoding).serialized())
    }

    func find(_ id: String) throws -> ServedCollection {
        guard let collection = catalog.collection(id) else {
            throw Problem.notFound(ServerText("server.collection.unknown", ["id": id, "collections": catalog.collections.map(\.id).joined(separator: ", ")]))
        }
        return collection
    }

    func collectionLinks(_ collection: ServedCollection, _ links: LinkBuilder, _ encoding: Encoding) -> [Link] {
        let path = "/collections/\(encodePathSegment(collection.id))"
        return links.selfAndAlternate(path, encoding: encoding, jsonType: ServedMediaType.json, title: "Collection \(collection.id)") + [
            Link(href: links.url(path + "/items", [("f", "json")]), rel: "items", type: ServedMediaType.geoJSON, title: "Features of \(collection.id) as GeoJSON"),
            Link(href: links.url(path + "/items", [("f", "html")]), rel: "items", type: ServedMediaType.html, title: "Features of \(collection.id) as HTML"),
            Link(href: links.url(path + "/schema"), rel: "describedby", type: ServedMediaType.jsonSchema, title: "Schema of the properties of \(collection.id)"),
        ]
    }

    func collectionJSON(_ collection: ServedCollection, _ links: LinkBuilder, _ encoding: Encoding = .json) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("id", .string(collection.id)), JSONMember("title", .string(collection.id)),
            JSONMember("description", .string(collection.description)),
            JSONMember("links", .array(collectionLinks(collection, links, encoding).map(\.json))),
        ]
        if let box = collection.extent {
            let bbox = JSONValue.array([box.minX, box.minY, box.maxX, box.maxY].map { .number($0, decimals: 6) })
            var extent: [JSONMember] = [JSONMember("spatial", .object(["bbox": .array([bbox]), "crs": .string(crs84)]))]
            if let interval = DatetimeFilter.temporalExtent(of: collection) {
                extent.append(JSONMember("temporal", .object(["interval": .array([.array([.string(interval.first), .string(interval.last)])]),
                                                              "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"])))
            }
            members.append(JSONMember("extent", .object(extent)))
        }
        members += [JSONMember("itemType", "feature"), JSONMember("crs", .array([.string(crs84)])), JSONMember("storageCrs", .string(crs84))]
        return .object(members)
    }
}
