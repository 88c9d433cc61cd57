import BorderPlanKit
import HTTPTypes

/// An RFC 9457 problem: the only way a request fails. Its text names what was wrong
/// (the parameter, the collection, the feature) and never a file path or a stack trace.
public struct Problem: Error, Sendable, Equatable {
    public let status: HTTPResponse.Status
    public let title: String
    public let detail: String
    /// The query parameter at fault, reported as the `parameter` extension member.
    public let parameter: String?
    /// The field of the request body at fault ("k", "scenario.status", "add[0].lat"), reported as `field`.
    public var field: String?
    /// For an unknown id: the closest known ids, reported as `closest`.
    public var closest: [String] = []
    /// The methods a 405 names in its `Allow` header (default GET, HEAD).
    public var allow: String?

    public init(_ status: HTTPResponse.Status, _ title: String, detail: String, parameter: String? = nil, field: String? = nil, closest: [String] = []) {
        self.status = status
        self.title = title
        self.detail = detail
        self.parameter = parameter
        self.field = field
        self.closest = closest
    }

    /// 422: the body is JSON but `field` holds a value the request cannot use.
    static func badField(_ field: String?, _ detail: String, closest: [String] = []) -> Problem {
        Problem(.unprocessableContent, "Invalid field", detail: detail, field: field, closest: closest)
    }

    /// 400: `parameter` has a value the API does not accept.
    static func badParameter(_ parameter: String, _ detail: String) -> Problem {
        Problem(.badRequest, "Invalid parameter", detail: detail, parameter: parameter)
    }

    static func notFound(_ detail: String) -> Problem { Problem(.notFound, "Not found", detail: detail) }

    /// The `application/problem+json` body.
    func body(instance: String) -> String {
        var members = [JSONMember("type", "about:blank"), JSONMember("title", .string(title)),
                       JSONMember("status", .int(status.code)), JSONMember("detail", .string(detail)),
                       JSONMember("instance", .string(instance))]
        if let parameter { members.append(JSONMember("parameter", .string(parameter))) }
        if let field { members.append(JSONMember("field", .string(field))) }
        if !closest.isEmpty { members.append(JSONMember("closest", .array(closest.map(JSONValue.string)))) }
        return JSONValue.object(members).serialized()
    }
}
