import BorderPlanKit

/// The OpenAPI 3.0 definition of every endpoint (`/api`), with one items path per collection
/// so that each collection's property filters are declared parameters.
enum OpenAPIDocument {
    static func json(_ catalog: FeatureCatalog, serverURL: String) -> JSONValue {
        var paths: [JSONMember] = [
            path("/", "getLandingPage", "Landing page", "LandingPage", [ref("f")]),
            JSONMember("/api", .object(["get": operation("getAPI", "This OpenAPI 3.0 document", [ref("f")],
                                                          ok: .object([ServedMediaType.openAPI: .object(["schema": .object(["type": "object"])]),
                                                                       "text/html": .object(["schema": .object(["type": "string"])])]))])),
            path("/conformance", "getConformance", "Conformance classes", "Conformance", [ref("f")]),
            path("/collections", "getCollections", "The collections", "Collections", [ref("f")]),
        ]
        for collection in catalog.collections {
            let base = "/collections/" + collection.id
            paths.append(path(base, "describe_\(collection.id)", "Metadata of \(collection.id)", "Collection", [ref("f")], notFound: true))
            let filters = collection.columns.filter { !ItemQuery.reserved.contains($0.name) }.map(filterParameter)
            paths.append(JSONMember(base + "/items", .object(["get": operation(
                "getFeatures_\(collection.id)", "Features of \(collection.id): \(collection.description)",
                [ref("f"), ref("bbox"), ref("limit"), ref("offset")] + (DatetimeFilter.temporalColumn(of: collection) == nil ? [] : [ref("datetime")])
                    + (collection.id == "catchments" ? [ref("radius")] : []) + filters,
                ok: features("FeatureCollection"), badRequest: true, notFound: true)])))
            paths.append(JSONMember(base + "/schema", .object(["get": operation(
                "getSchema_\(collection.id)", "JSON Schema of the properties of \(collection.id)", [ref("f")],
                ok: .object([ServedMediaType.jsonSchema: .object(["schema": .object(["type": "object"])])]), notFound: true)])))
            paths.append(JSONMember(base + "/items/{featureId}", .object(["get": operation(
                "getFeature_\(collection.id)", "One feature of \(collection.id)", [ref("f"), ref("featureId")],
                ok: features("Feature"), notFound: true)])))
        }
        paths += [postPath("/scenarios/coverage", "postScenarioCoverage",
                           "Coverage of the border wilayas under a scenario (the body: a --scenario document), with crossings, catchments and gaps as GeoJSON",
                           [query("radius", "number", "Radius in km (default: the server's)"), query("demand-model", "string", "communes, grid or places"),
                            query("service", "string", "travellers (default), goods or any: which crossings serve")]),
                  postPath("/plans", "postPlan", "A plan (the plan command's options as JSON members: k, budget, radius, exclude-partners, candidates…) and its sites as GeoJSON", [])]
        return .object([
            "openapi": "3.0.3",
            "info": .object(["title": .string(Resources.title), "version": .string(borderPlanVersion),
                             "description": "OGC API – Features (Part 1: Core, GeoJSON, HTML, OpenAPI 3.0) over BorderPlan's export layers.",
                             "license": .object(["name": "Data: OpenStreetMap (ODbL), Natural Earth (public domain), GeoNames (CC BY 4.0)"])]),
            "servers": .array([.object(["url": .string(serverURL)])]),
            "paths": .object(paths),
            "components": .object(["parameters": parameters, "schemas": schemas]),
        ])
    }

    static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/parameters/\(name)")]) }
    static func schemaRef(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    static func path(_ path: String, _ id: String, _ summary: String, _ schema: String, _ parameters: [JSONValue], notFound: Bool = false) -> JSONMember {
        let ok = JSONValue.object([ServedMediaType.json: .object(["schema": schemaRef(schema)]), "text/html": .object(["schema": .object(["type": "string"])])])
        return JSONMember(path, .object(["get": operation(id, summary, parameters, ok: ok, notFound: notFound)]))
    }

    static func features(_ schema: String) -> JSONValue {
        .object([ServedMediaType.geoJSON: .object(["schema": schemaRef(schema)]), "text/html": .object(["schema": .object(["type": "string"])])])
    }

    static func operation(_ id: String, _ summary: String, _ parameters: [JSONValue], ok: JSONValue, badRequest: Bool = true, notFound: Bool = false) -> JSONValue {
        let problem = JSONValue.object([ServedMediaType.problem: .object(["schema": schemaRef("Problem")])])
        var responses = [JSONMember("200", .object(["description": .string(summary), "content": ok]))]
        if badRequest { responses.append(JSONMember("400", .object(["description": "An invalid or unknown parameter (named in the problem)", "content": problem]))) }
        if notFound { responses.append(JSONMember("404", .object(["description": "No such collection or feature", "content": problem]))) }
        return .object(["operationId": .string(id), "summary": .string(summary), "parameters": .array(parameters), "responses": .object(responses)])
    }

    /// A POST taking a JSON object body and answering JSON, with its problems (400, 413, 422, 503).
    static func postPath(_ path: String, _ id: String, _ summary: String, _ parameters: [JSONValue]) -> JSONMember {
        let problem = JSONValue.object([ServedMediaType.problem: .object(["schema": schemaRef("Problem")])])
        var responses = [JSONMember("200", .object(["description": .string(summary), "content": .object([ServedMediaType.json: .object(["schema": .object(["type": "object"])])])]))]
        for (code, text) in [("400", "Not JSON, or an invalid query parameter"), ("413", "Body over 1 MiB"),
                             ("422", "A field with a value the request cannot use (named in the problem, with the closest ids)"), ("503", "Timeout")] {
            responses.append(JSONMember(code, .object(["description": .string(text), "content": problem])))
        }
        return JSONMember(path, .object(["post": .object([
            "operationId": .string(id), "summary": .string(summary), "parameters": .array(parameters),
            "requestBody": .object(["required": true, "content": .object([ServedMediaType.json: .object(["schema": .object(["type": "object"])])])]),
            "responses": .object(responses),
        ])]))
    }

    static func query(_ name: String, _ type: String, _ description: String) -> JSONValue {
        .object(["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": .object(["type": .string(type)])])
    }

    /// `?name=value`: equality on one property, typed as the export column.
    static func filterParameter(_ column: ExportColumn) -> JSONValue {
        .object(["name": .string(column.name), "in": "query", "required": false, "style": "form", "explode": false,
                 "description": .string("Only features whose \(column.name) equals this value"), "schema": .object(["type": .string(schemaType(column.kind))])])
    }

    static func schemaType(_ kind: ExportColumn.Kind) -> String {
        switch kind {
        case .text, .date: return "string"
        case .integer: return "integer"
        case .real: return "number"
        case .boolean: return "boolean"
        }
    }

    static let parameters = JSONValue.object([
        "f": .object(["name": "f", "in": "query", "required": false, "description": "The encoding: json or html (else the Accept header)",
                      "schema": .object(["type": "string", "enum": .array(["json", "html"])]), "style": "form", "explode": false]),
        "bbox": .object(["name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
                         "description": "Only features whose geometry intersects this box: west,south,east,north (CRS84)",
                         "schema": .object(["type": "array", "minItems": 4, "maxItems": 6, "items": .object(["type": "number"])])]),
        "limit": .object(["name": "limit", "in": "query", "required": false, "style": "form", "explode": false,
                          "description": "Page size (values above the maximum are clamped to it)",
                          "schema": .object(["type": "integer", "minimum": 1, "maximum": .int(ItemQuery.maximumLimit), "default": .int(ItemQuery.defaultLimit)])]),
        "offset": .object(["name": "offset", "in": "query", "required": false, "style": "form", "explode": false,
                           "description": "Number of matched features skipped before the page", "schema": .object(["type": "integer", "minimum": 0, "default": 0])]),
        "radius": .object(["name": "radius", "in": "query", "required": false, "style": "form", "explode": false,
                           "description": "Catchments at this radius (km) instead of the server's (computed on demand)",
                           "schema": .object(["type": "number", "exclusiveMinimum": 0])]),
        "datetime": .object(["name": "datetime", "in": "query", "required": false, "style": "form", "explode": false,
                             "description": "Only features whose date overlaps this instant or interval (RFC 3339; '..' for an open end)",
                             "schema": .object(["type": "string"])]),
        "featureId": .object(["name": "featureId", "in": "path", "required": true, "description": "A feature's id", "schema": .object(["type": "string"])]),
    ])

    static let schemas: JSONValue = {
        let link = JSONValue.object(["type": "object", "required": .array(["href", "rel"]), "properties": .object([
            "href": .object(["type": "string"]), "rel": .object(["type": "string"]), "type": .object(["type": "string"]), "title": .object(["type": "string"])])])
        let links = JSONValue.object(["type": "array", "items": schemaRef("Link")])
        func object(_ required: [JSONValue], _ properties: KeyValuePairs<String, JSONValue>) -> JSONValue {
            .object(["type": "object", "required": .array(required), "properties": .object(properties)])
        }
        return .object([
            "Link": link,
            "LandingPage": object(["links"], ["title": .object(["type": "string"]), "description": .object(["type": "string"]), "links": links]),
            "Conformance": object(["conformsTo"], ["conformsTo": .object(["type": "array", "items": .object(["type": "string"])])]),
            "Collection": object(["id", "links"], ["id": .object(["type": "string"]), "title": .object(["type": "string"]),
                                                   "description": .object(["type": "string"]), "links": links, "extent": .object(["type": "object"]),
                                                   "itemType": .object(["type": "string"]), "crs": .object(["type": "array", "items": .object(["type": "string"])])]),
            "Collections": object(["links", "collections"], ["links": links, "collections": .object(["type": "array", "items": schemaRef("Collection")])]),
            "FeatureCollection": object(["type", "features"], ["type": .object(["type": "string", "enum": .array(["FeatureCollection"])]),
                                                               "features": .object(["type": "array", "items": schemaRef("Feature")]), "links": links,
                                                               "timeStamp": .object(["type": "string", "format": "date-time"]),
                                                               "numberMatched": .object(["type": "integer", "minimum": 0]),
                                                               "numberReturned": .object(["type": "integer", "minimum": 0])]),
            "Feature": object(["type", "geometry", "properties"], ["type": .object(["type": "string", "enum": .array(["Feature"])]),
                                                                   "id": .object(["type": "string"]), "geometry": .object(["type": "object", "nullable": true]),
                                                                   "properties": .object(["type": "object", "nullable": true]), "links": links]),
            "Problem": object(["title", "status"], ["type": .object(["type": "string"]), "title": .object(["type": "string"]),
                                                   "status": .object(["type": "integer"]), "detail": .object(["type": "string"]),
                                                   "instance": .object(["type": "string"]), "parameter": .object(["type": "string"]),
                                                   "field": .object(["type": "string"]), "closest": .object(["type": "array", "items": .object(["type": "string"])])]),
        ])
    }()
}
