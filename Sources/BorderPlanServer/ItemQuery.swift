import BorderPlanKit
import Foundation
import Geo

/// The query string as ordered (name, value) pairs, percent-decoded ('+' is a space).
struct QueryParameters: Sendable {
    let pairs: [(name: String, value: String)]

    init(_ query: String?) throws {
        pairs = try (query ?? "").split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0], what: ServerText("server.query.name"))
            return (name, try Self.decode(parts.count > 1 ? parts[1] : "", what: ServerText("server.query.value", ["name": name])))
        }
    }

    private static func decode(_ text: Substring, what: ServerText) throws -> String {
        guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw Problem(.badRequest, ServerText("server.title.invalidQuery"), detail: what)
        }
        return decoded
    }

    /// The single value of `name`; a parameter given twice is an error naming it.
    func value(_ name: String) throws -> String? {
        let values = pairs.filter { $0.name == name }
        guard values.count <= 1 else { throw Problem.badParameter(name, ServerText("server.query.repeated", values: ["name": .text(name), "count": .number(String(values.count))])) }
        return values.first?.value
    }

    /// Throws 400 for the first parameter not in `allowed` (OGC API – Features /req/core/query-param-unknown).
    func requireKnown(_ allowed: Set<String>) throws {
        if let unknown = pairs.first(where: { !allowed.contains($0.name) }) {
            throw Problem.badParameter(unknown.name, ServerText("server.query.unknown", ["name": unknown.name, "allowed": allowed.sorted().joined(separator: ", ")]))
        }
    }
}

/// One `?property=value` filter on a layer column: equality with the value as the export writes it.
struct PropertyFilter: Sendable {
    let column: ExportColumn
    let value: JSONValue

    /// Parses `text` for the column's type, so `?area_km2=abc` or `?open=maybe` is a 400 naming it.
    init(column: ExportColumn, text: String) throws {
        self.column = column
        switch column.kind {
        case .text, .date: value = .string(text)
        case .integer:
            guard let number = Int(text) else { throw Problem.badParameter(column.name, ServerText("server.query.integer", ["name": column.name, "value": text])) }
            value = .int(number)
        case .real:
            guard let number = Double(text), number.isFinite else { throw Problem.badParameter(column.name, ServerText("server.query.number", ["name": column.name, "value": text])) }
            value = .number(number, decimals: 15)
        case .boolean:
            guard let flag = Bool(text) else { throw Problem.badParameter(column.name, ServerText("server.query.boolean", ["name": column.name, "value": text])) }
            value = .bool(flag)
        }
    }

    func matches(_ feature: ServedFeature) -> Bool {
        guard let property = feature.properties.first(where: { $0.key == column.name })?.value else { return false }
        switch (property, value) {
        case let (.number(have, decimals), .number(want, _)), let (.real(have, decimals), .number(want, _)): return Double(formatNumber(have, decimals: decimals)) == want
        case let (.int(have), .number(want, _)): return Double(have) == want
        default: return property == value
        }
    }
}

/// The parameters of `/collections/{id}/items`, checked.
struct ItemQuery: Sendable {
    static let defaultLimit = 100
    static let maximumLimit = 10_000
    static let reserved: Set<String> = ["f", "bbox", "limit", "offset"]

    var bbox: BoundingBox?
    var limit = ItemQuery.defaultLimit
    var offset = 0
    var filters: [PropertyFilter] = []
    var datetime: DatetimeFilter?

    init(_ parameters: QueryParameters, collection: ServedCollection) throws {
        let temporal = DatetimeFilter.temporalColumn(of: collection)
        let dated: Set<String> = temporal == nil ? [] : ["datetime"], radius: Set<String> = collection.id == "catchments" ? ["radius"] : []
        let perRequest = dated.union(radius)
        try parameters.requireKnown(Self.reserved.union(collection.columns.map(\.name)).union(perRequest))
        if let temporal, let text = try parameters.value("datetime") { datetime = try DatetimeFilter(parsing: text, column: temporal) }
        if let text = try parameters.value("bbox") { bbox = try BoundingBox(parsing: text) }
        if let text = try parameters.value("limit") {
            guard let value = Int(text), value >= 1 else { throw Problem.badParameter("limit", ServerText("server.query.limit", ["value": text])) }
            limit = min(value, Self.maximumLimit)  // larger values are clamped, not refused (/req/core/fc-limit-response-1)
        }
        if let text = try parameters.value("offset") {
            guard let value = Int(text), value >= 0 else { throw Problem.badParameter("offset", ServerText("server.query.offset", ["value": text])) }
            offset = value
        }
        for column in collection.columns where !Self.reserved.contains(column.name) {
            if let text = try parameters.value(column.name) { filters.append(try PropertyFilter(column: column, text: text)) }
        }
    }

    /// The features that pass the bbox and every filter, in the layer's order.
    func matching(_ collection: ServedCollection) throws -> [ServedFeature] {
        let tester = try bbox.map { try BoundingBoxTester($0) }
        return try collection.features.filter { feature in
            guard filters.allSatisfy({ $0.matches(feature) }), datetime?.matches(feature) ?? true else { return false }
            return try tester?.intersects(feature) ?? true
        }
    }
}
