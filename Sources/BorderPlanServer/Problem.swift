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

    public init(_ status: HTTPResponse.Status, _ title: String, detail: String, parameter: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.parameter = parameter
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
        return JSONValue.object(members).serialized()
    }
}
