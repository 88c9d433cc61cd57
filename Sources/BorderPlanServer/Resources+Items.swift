import BorderPlanKit
import Foundation

extension Resources {
    /// `/collections/{id}/items`: a page of the features that pass `bbox` and the property filters.
    func items(_ id: String, _ parameters: QueryParameters, _ links: LinkBuilder, _ encoding: Encoding, now: Date) throws -> Reply {
        try items(try find(id), parameters, links, encoding, now: now)
    }

    /// The items of `collection` (a catalog's, or one computed for the request).
    func items(_ collection: ServedCollection, _ parameters: QueryParameters, _ links: LinkBuilder, _ encoding: Encoding, now: Date) throws -> Reply {
        let query = try ItemQuery(parameters, collection: collection)
        let matched = try query.matching(collection)
        let page = matched.dropFirst(query.offset).prefix(query.limit)
        let all = pageLinks(collection, parameters, query, returned: page.count, matched: matched.count, links, encoding)
        if encoding == .html { return itemsHTML(collection, Array(page), matched: matched.count, query, all, links) }
        var body = "{\"type\":\"FeatureCollection\",\"numberMatched\":\(matched.count),\"numberReturned\":\(page.count)"
        body += ",\"timeStamp\":" + JSONValue.string(timestamp(now)).serialized()
        body += ",\"links\":" + JSONValue.array(all.map(\.json)).serialized() + ",\"features\":["
        body += page.map { "\n" + $0.json }.joined(separator: ",") + (page.isEmpty ? "]}\n" : "\n]}\n")
        return Reply(contentType: ServedMediaType.geoJSON, body: body, contentCRS: true)
    }

    /// Self/alternate (with the request's own parameters), next and prev pages, the collection.
    func pageLinks(_ collection: ServedCollection, _ parameters: QueryParameters, _ query: ItemQuery, returned: Int, matched: Int,
                   _ links: LinkBuilder, _ encoding: Encoding) -> [Link] {
        let path = "/collections/\(encodePathSegment(collection.id))"
        let kept = parameters.pairs.filter { $0.name != "f" && $0.name != "offset" && $0.name != "limit" }.map { ($0.name, $0.value) }
        func page(_ offset: Int) -> [(String, String)] { kept + [("limit", String(query.limit)), ("offset", String(offset))] }
        let type = encoding == .json ? ServedMediaType.geoJSON : ServedMediaType.html
        let f = [("f", encoding.rawValue)]
        var all = links.selfAndAlternate(path + "/items", page(query.offset), encoding: encoding, jsonType: ServedMediaType.geoJSON, title: "This page")
        if query.offset + returned < matched {
            all.append(Link(href: links.url(path + "/items", page(query.offset + returned) + f), rel: "next", type: type, title: "Next page"))
        }
        if query.offset > 0 {
            all.append(Link(href: links.url(path + "/items", page(max(0, query.offset - query.limit)) + f), rel: "prev", type: type, title: "Previous page"))
        }
        all.append(Link(href: links.url(path), rel: "collection", type: ServedMediaType.json, title: "Collection \(collection.id)"))
        return all
    }

    func itemsHTML(_ collection: ServedCollection, _ page: [ServedFeature], matched: Int, _ query: ItemQuery, _ all: [Link], _ links: LinkBuilder) -> Reply {
        let path = "/collections/\(encodePathSegment(collection.id))/items/"
        let rows = page.map { feature in
            (href: Optional(links.url(path + encodePathSegment(feature.id), [("f", "html")])), cells: [feature.id] + feature.properties.map { HTMLPage.cell($0.value) })
        }
        let summary = "Features \(page.isEmpty ? 0 : query.offset + 1)–\(query.offset + page.count) of \(matched) matched."
        let body = HTMLPage.paragraph(collection.description) + HTMLPage.paragraph(summary)
            + HTMLPage.table(header: ["id"] + collection.columns.map(\.name), rows: rows)
        return Reply(contentType: ServedMediaType.html, body: HTMLPage.render(title: "\(collection.id): features", links: all, body: body))
    }

    /// `/collections/{id}/items/{featureId}`: one feature with its links.
    func item(_ id: String, _ featureID: String, _ links: LinkBuilder, _ encoding: Encoding) throws -> Reply {
        let collection = try find(id)
        guard let feature = collection.feature(featureID) else {
            throw Problem.notFound(ServerText("server.feature.unknown", ["feature": featureID, "collection": collection.id]))
        }
        let path = "/collections/\(encodePathSegment(collection.id))"
        let all = links.selfAndAlternate(path + "/items/" + encodePathSegment(feature.id), encoding: encoding, jsonType: ServedMediaType.geoJSON, title: "This feature")
            + [Link(href: links.url(path), rel: "collection", type: ServedMediaType.json, title: "Collection \(collection.id)")]
        if encoding == .html {
            let rows = feature.properties.map { (href: String?.none, cells: [$0.key, HTMLPage.cell($0.value)]) }
            let extent = feature.envelope.map { HTMLPage.paragraph("Bounding box (CRS84): " + bboxJSON($0)) } ?? HTMLPage.paragraph("No geometry.")
            return Reply(contentType: ServedMediaType.html, body: HTMLPage.render(title: "\(collection.id) \(feature.id)", links: all,
                                                                             body: extent + HTMLPage.table(header: ["property", "value"], rows: rows)))
        }
        let body = String(feature.json.dropLast()) + ",\"links\":" + JSONValue.array(all.map(\.json)).serialized() + "}\n"
        return Reply(contentType: ServedMediaType.geoJSON, body: body, contentCRS: true)
    }

    func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
