import BorderPlanKit

extension Resources {
    /// `/api`: the OpenAPI 3.0 document, or its endpoints as an HTML page (the service-doc).
    func api(_ links: LinkBuilder, _ encoding: Encoding) -> Reply {
        let document = OpenAPIDocument.json(catalog, serverURL: links.base)
        guard encoding == .html else { return Reply(contentType: ServedMediaType.openAPI, body: document.serialized()) }
        var rows: [(href: String?, cells: [String])] = []
        if case let .object(members) = document, case let .object(paths)? = members.first(where: { $0.key == "paths" })?.value {
            for path in paths {
                guard case let .object(methods) = path.value, case let .object(operation)? = methods.first?.value else { continue }
                let summary = operation.first { $0.key == "summary" }.map { HTMLPage.cell($0.value) } ?? ""
                let method = methods.first?.key.uppercased() ?? "GET"
                let concrete = !path.key.contains("{") && method == "GET"
                rows.append((href: concrete ? links.url(path.key, [("f", "html")]) : nil, cells: [method + " " + path.key, summary]))
            }
        }
        let all = links.selfAndAlternate("/api", encoding: .html, jsonType: ServedMediaType.openAPI, title: "The API definition")
        let body = HTMLPage.paragraph("Every endpoint answers JSON (GeoJSON for features) or HTML: ?f=json|html, else the Accept header. "
                                      + "Items take bbox, limit (default \(ItemQuery.defaultLimit), at most \(ItemQuery.maximumLimit)), offset and ?property=value filters.")
            + HTMLPage.table(header: ["endpoint", "summary"], rows: rows)
        return Reply(contentType: ServedMediaType.html, body: HTMLPage.render(title: "API", links: all, body: body))
    }
}
