import BorderPlanKit

extension Resources {
    /// `/collections/{id}/schema`: the JSON Schema of the features' properties (OGC API – Features
    /// Part 5 style), linked as `describedby`, so that clients type each column as the export does
    /// instead of guessing from the first page (GDAL reads it).
    func schema(_ id: String, _ links: LinkBuilder) throws -> Reply {
        let collection = try find(id)
        var properties = collection.columns.map { column in
            JSONMember(column.name, .object(["title": .string(column.name), "type": .string(OpenAPIDocument.schemaType(column.kind))]))
        }
        properties.append(JSONMember("geometry", .object(["x-ogc-role": "primary-geometry"])))
        return Reply(contentType: ServedMediaType.jsonSchema, body: JSONValue.object([
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string(links.url("/collections/\(encodePathSegment(collection.id))/schema")),
            "type": "object", "title": .string(collection.id), "description": .string(collection.description),
            "properties": .object(properties),
        ]).serialized())
    }
}
