import BorderPlanKit
import Foundation
import Hummingbird
import NIOCore

/// The body of a POST: read up to `maximumBytes` (more is a 413), then parsed as one JSON object.
enum PostBody {
    static let maximumBytes = 1 << 20

    static func read(_ request: Request) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBytes { throw tooLarge }
        var request = request
        do {
            return Data(try await request.collectBody(upTo: maximumBytes).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    static let tooLarge = Problem(.contentTooLarge, ServerText("server.title.contentTooLarge"),
                                   detail: ServerText("server.body.tooLarge", values: ["bytes": .number(String(maximumBytes))]))

    /// The members of a JSON object body; anything else is a 400 (not JSON) or a 422 (not an object).
    static func object(_ data: Data) throws -> [String: BodyValue] {
        guard !data.isEmpty else { throw Problem(.badRequest, ServerText("server.title.emptyBody"), detail: ServerText("server.body.empty", ["none": "{}"])) }
        let value: BodyValue
        do { value = try JSONDecoder().decode(BodyValue.self, from: data) } catch {
            throw Problem(.badRequest, ServerText("server.title.notJSON"), detail: ServerText("server.body.notJSON"))
        }
        guard case let .object(members) = value else { throw Problem.badField(nil, ServerText("server.body.notObject", values: ["kind": value.kind])) }
        return members
    }

    /// The body re-encoded with sorted keys and without spaces: equal for bodies that mean the same
    /// (the key of the reply cache).
    static func canonical(_ members: [String: BodyValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(BodyValue.object(members)), as: UTF8.self)
    }
}

/// Any JSON value of a body, typed as it came (so that `"k": "2"` or `"k": true` is refused, naming `k`).
indirect enum BodyValue: Codable, Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([BodyValue]), object([String: BodyValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }  // absent: not a boolean, try the next type
        else if let number = try? container.decode(Double.self) { self = .number(number) }  // absent: not a number
        else if let text = try? container.decode(String.self) { self = .string(text) }  // absent: not a string
        else if let items = try? container.decode([BodyValue].self) { self = .array(items) }  // absent: not an array
        else { self = .object(try container.decode([String: BodyValue].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(flag): try container.encode(flag)
        case let .number(number): try container.encode(number)
        case let .string(text): try container.encode(text)
        case let .array(items): try container.encode(items)
        case let .object(members): try container.encode(members)
        }
    }

    /// What the value is, as messages name it ("a string"), in each language.
    var kind: MessageValue {
        switch self {
        case .null: return .text("null")
        case .bool: return .phrase("server.json.boolean", [:])
        case .number: return .phrase("server.json.number", [:])
        case .string: return .phrase("server.json.string", [:])
        case .array: return .phrase("server.json.array", [:])
        case .object: return .phrase("server.json.object", [:])
        }
    }
}

/// Typed access to the members of a body object; every error is a 422 naming the field.
struct BodyFields {
    let members: [String: BodyValue]

    init(_ members: [String: BodyValue], allowed: [String]) throws {
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Problem.badField(unknown, ServerText("server.field.unknown", ["name": excerpt(unknown), "allowed": allowed.joined(separator: ", ")]),
                                   closest: closestMatches(to: unknown, among: allowed))
        }
        self.members = members
    }

    func number(_ name: String) throws -> Double? {
        switch members[name] {
        case nil, .null?: return nil
        case let .number(value)?: return value
        case let other?: throw Problem.badField(name, ServerText("server.field.number", values: ["name": .text(name), "kind": other.kind]))
        }
    }

    func integer(_ name: String) throws -> Int? {
        guard let value = try number(name) else { return nil }
        guard value.rounded() == value, abs(value) < 1e9 else { throw Problem.badField(name, ServerText("server.field.integer", values: ["name": .text(name), "value": .number("\(value)")])) }
        return Int(value)
    }

    func string(_ name: String) throws -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case let .string(value)?: return value
        case let other?: throw Problem.badField(name, ServerText("server.field.string", values: ["name": .text(name), "kind": other.kind]))
        }
    }

    func strings(_ name: String) throws -> [String] {
        switch members[name] {
        case nil, .null?: return []
        case let .array(items)?:
            return try items.enumerated().map { index, item in
                guard case let .string(text) = item else { throw Problem.badField("\(name)[\(index)]", ServerText("server.field.stringItem", values: ["name": .text(name), "index": .text(String(index)), "kind": item.kind])) }
                return text
            }
        case let other?: throw Problem.badField(name, ServerText("server.field.strings", values: ["name": .text(name), "kind": other.kind]))
        }
    }

    /// A member that is a closed set's value (`demand-model`, `objective`).
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            let all = T.allCases.map(\.rawValue)
            throw Problem.badField(name, ServerText("server.value.notOneOf", ["value": excerpt(text), "allowed": all.joined(separator: ", ")]), closest: closestMatches(to: text, among: all))
        }
        return value
    }
}
