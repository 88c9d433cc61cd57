import Foundation

/// The two encodings every resource has (OGC API – Features Part 1: GeoJSON/JSON and HTML).
public enum Encoding: String, Sendable, CaseIterable {
    case json, html

    /// `?f=json|html` wins; otherwise the `Accept` header, JSON when it does not prefer HTML.
    static func negotiate(f: String?, accept: String?) throws -> Encoding {
        if let f {
            guard let encoding = Encoding(rawValue: f) else {
                throw Problem.badParameter("f", ServerText("server.query.f", ["value": f]))
            }
            return encoding
        }
        guard let accept else { return .json }
        return quality(of: "text/html", in: accept) > quality(of: "application/json", in: accept) ? .html : .json
    }

    /// The q-value `accept` gives `mediaType` (JSON variants such as geo+json count as JSON;
    /// `type/*` and `*/*` match with their own q).
    static func quality(of mediaType: String, in accept: String) -> Double {
        let (type, _) = split(mediaType)
        var best = 0.0
        var bestSpecificity = -1
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let first = parts.first, !first.isEmpty else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let (rangeType, rangeSubtype) = split(first)
            let specificity: Int
            if first == "*/*" { specificity = 0 }
            else if rangeType == type && rangeSubtype == "*" { specificity = 1 }
            else if first == mediaType || (type == "application" && rangeType == "application" && isJSON(rangeSubtype) && isJSON(split(mediaType).1)) { specificity = 2 }
            else { continue }
            if specificity > bestSpecificity || (specificity == bestSpecificity && q > best) {
                best = q
                bestSpecificity = specificity
            }
        }
        return best
    }

    private static func split(_ mediaType: String) -> (String, String) {
        let parts = mediaType.split(separator: "/", maxSplits: 1).map(String.init)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }

    private static func isJSON(_ subtype: String) -> Bool { subtype == "json" || subtype.hasSuffix("+json") }
}

/// Media types of the responses.
enum ServedMediaType {
    static let json = "application/json"
    static let geoJSON = "application/geo+json"
    static let openAPI = "application/vnd.oai.openapi+json;version=3.0"
    static let html = "text/html; charset=utf-8"
    static let problem = "application/problem+json"
    static let jsonSchema = "application/schema+json"
    static let javascript = "text/javascript; charset=utf-8"
    static let css = "text/css; charset=utf-8"
}
