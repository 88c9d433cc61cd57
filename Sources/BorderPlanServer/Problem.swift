import BorderPlanKit
import HTTPTypes

/// An RFC 9457 problem: the only way a request fails. Its text names what was wrong
/// (the parameter, the collection, the feature) and never a file path or a stack trace.
public struct Problem: Error, Sendable, Equatable {
    public let status: HTTPResponse.Status
    /// The title and detail, rendered in the request's language when the reply is written.
    public let title: ServerText
    public let detail: ServerText
    /// The query parameter at fault, reported as the `parameter` extension member.
    public let parameter: String?
    /// The field of the request body at fault ("k", "scenario.status", "add[0].lat"), reported as `field`.
    public var field: String?
    /// For an unknown id: the closest known ids, reported as `closest`.
    public var closest: [String] = []
    /// The methods a 405 names in its `Allow` header (default GET, HEAD).
    public var allow: String?

    init(_ status: HTTPResponse.Status, _ title: ServerText, detail: ServerText, parameter: String? = nil, field: String? = nil, closest: [String] = []) {
        self.status = status
        self.title = title
        self.detail = detail
        self.parameter = parameter
        self.field = field
        self.closest = closest
    }

    /// 422: the body is JSON but `field` holds a value the request cannot use.
    static func badField(_ field: String?, _ detail: ServerText, closest: [String] = []) -> Problem {
        Problem(.unprocessableContent, ServerText("server.title.invalidField"), detail: detail, field: field, closest: closest)
    }

    /// 400: `parameter` has a value the API does not accept.
    static func badParameter(_ parameter: String, _ detail: ServerText) -> Problem {
        Problem(.badRequest, ServerText("server.title.invalidParameter"), detail: detail, parameter: parameter)
    }

    static func notFound(_ detail: ServerText) -> Problem { Problem(.notFound, ServerText("server.title.notFound"), detail: detail) }

    /// The `application/problem+json` body, its title and detail in `l`'s language.
    func body(instance: String, _ l: Localizer) -> String {
        var members = [JSONMember("type", "about:blank"), JSONMember("title", .string(title.text(l))),
                       JSONMember("status", .int(status.code)), JSONMember("detail", .string(detail.text(l))),
                       JSONMember("instance", .string(instance))]
        if let parameter { members.append(JSONMember("parameter", .string(parameter))) }
        if let field { members.append(JSONMember("field", .string(field))) }
        if !closest.isEmpty { members.append(JSONMember("closest", .array(closest.map(JSONValue.string)))) }
        return JSONValue.object(members).serialized()
    }
}
