import Foundation

/// An RFC 6902 JSON Patch over `StoredJSON`: the form in which the journal records an edit.
/// The whole record is the document; "" is its root (absent record = `null`).
public struct JSONPatch: Sendable, Equatable {
    /// The operations this store writes and applies (RFC 6902 §4).
    public enum Op: String, Sendable {
        case add, remove, replace, test
    }

    public struct Operation: Sendable, Equatable {
        public var op: Op
        /// A JSON Pointer (RFC 6901).
        public var path: String
        public var value: StoredJSON?
    }

    public var operations: [Operation]

    public init(_ operations: [Operation]) { self.operations = operations }

    public var isEmpty: Bool { operations.isEmpty }

    /// The patch that turns `old` into `new`: members compared one by one, arrays extended at
    /// their end element by element, anything else replaced whole.
    public static func diff(_ old: StoredJSON, _ new: StoredJSON) -> JSONPatch {
        var operations: [Operation] = []
        diff(old, new, path: "", into: &operations)
        return JSONPatch(operations)
    }

    private static func diff(_ old: StoredJSON, _ new: StoredJSON, path: String, into operations: inout [Operation]) {
        guard old != new else { return }
        switch (old, new) {
        case (.null, _) where path.isEmpty:
            operations.append(Operation(op: .add, path: path, value: new))
        case (_, .null) where path.isEmpty:
            operations.append(Operation(op: .remove, path: path, value: nil))
        case let (.object(a), .object(b)) where keepsOrder(a.map(\.key), b.map(\.key)):
            for member in a {
                let child = path + "/" + escape(member.key)
                if let value = b.first(where: { $0.key == member.key })?.value {
                    diff(member.value, value, path: child, into: &operations)
                } else {
                    operations.append(Operation(op: .remove, path: child, value: nil))
                }
            }
            for member in b where !a.contains(where: { $0.key == member.key }) {
                operations.append(Operation(op: .add, path: path + "/" + escape(member.key), value: member.value))
            }
        case let (.array(a), .array(b)) where b.count >= a.count:
            for index in a.indices { diff(a[index], b[index], path: "\(path)/\(index)", into: &operations) }
            for index in a.count..<b.count { operations.append(Operation(op: .add, path: "\(path)/\(index)", value: b[index])) }
        case let (.array(a), .array(b)) where b.count < a.count && Array(a.prefix(b.count)) == b:
            for index in (b.count..<a.count).reversed() { operations.append(Operation(op: .remove, path: "\(path)/\(index)", value: nil)) }
        default:
            operations.append(Operation(op: .replace, path: path, value: new))
        }
    }

    /// Whether member-wise operations turn keys `a` into `b` in order: the shared keys keep their
    /// order and the new ones come after them (an RFC 6902 `add` appends a member).
    private static func keepsOrder(_ a: [String], _ b: [String]) -> Bool {
        let shared = b.filter { a.contains($0) }
        return a.filter { b.contains($0) } == shared && Array(b.prefix(shared.count)) == shared
    }

    /// The patch that undoes this one applied to `before`: a test of every changed value first
    /// (so an undo over a later edit of the same fields fails instead of clobbering it).
    public func inverse(before: StoredJSON) throws -> JSONPatch {
        let after = try apply(to: before)
        let back = JSONPatch.diff(after, before)
        let tests = back.operations.filter { $0.op != .add }.map { operation in
            Operation(op: .test, path: operation.path, value: try? JSONPatch.pointer(operation.path, in: after))  // every tested path exists in `after`
        }
        return JSONPatch(tests + back.operations)
    }

    /// Applies the operations in order; an error names the operation and its path.
    public func apply(to document: StoredJSON) throws -> StoredJSON {
        var result = document
        for (index, operation) in operations.enumerated() {
            do { result = try JSONPatch.apply(operation, to: result) } catch let error as PatchError {
                throw PatchError("server.patch.operation", ["number": .number(String(index + 1)), "op": .text(operation.op.rawValue),
                                                              "path": .text(operation.path), "problem": error.problem.map { .phrase($0.key, $0.arguments) } ?? .text(error.message)])
            }
        }
        return result
    }

    /// A patch that does not apply; its text is a message of the catalogue (server.json: the
    /// server's PATCH answers it in the request's language).
    public struct PatchError: TranslatableError {
        public var problem: DataError.Problem?
        /// The English text.
        public var message: String { problem?.english ?? "" }
        public var description: String { message }

        init(_ key: String, _ arguments: [String: MessageValue] = [:]) { problem = DataError.Problem(key, arguments) }
    }

    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func tokens(_ path: String) throws -> [String] {
        guard !path.isEmpty else { return [] }
        guard path.hasPrefix("/") else { throw PatchError("server.patch.pointer", ["slash": .text("/")]) }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// The value at `path`.
    static func pointer(_ path: String, in document: StoredJSON) throws -> StoredJSON {
        var current = document
        for token in try tokens(path) {
            switch current {
            case let .object(members):
                guard let value = members.first(where: { $0.key == token })?.value else { throw PatchError("server.patch.noMember", ["name": .text(token)]) }
                current = value
            case let .array(values):
                guard let index = Int(token), values.indices.contains(index) else { throw PatchError("server.patch.noElement", ["index": .text(token)]) }
                current = values[index]
            default: throw PatchError("server.patch.notContainer", ["name": .text(token)])
            }
        }
        return current
    }

    static func apply(_ operation: Operation, to document: StoredJSON) throws -> StoredJSON {
        let path = try tokens(operation.path)
        if operation.op == .test {
            guard try pointer(operation.path, in: document) == operation.value ?? .null else { throw PatchError("server.patch.changed") }
            return document
        }
        guard let last = path.last else {
            switch operation.op {
            case .add, .replace: return operation.value ?? .null
            case .remove: return .null
            case .test: return document
            }
        }
        return try modify(document, Array(path.dropLast()), last: last, operation)
    }

    private static func modify(_ node: StoredJSON, _ parents: [String], last: String, _ operation: Operation) throws -> StoredJSON {
        if let token = parents.first {
            let rest = Array(parents.dropFirst())
            switch node {
            case var .object(members):
                guard let index = members.firstIndex(where: { $0.key == token }) else { throw PatchError("server.patch.noMember", ["name": .text(token)]) }
                members[index].value = try modify(members[index].value, rest, last: last, operation)
                return .object(members)
            case var .array(values):
                guard let index = Int(token), values.indices.contains(index) else { throw PatchError("server.patch.noElement", ["index": .text(token)]) }
                values[index] = try modify(values[index], rest, last: last, operation)
                return .array(values)
            default: throw PatchError("server.patch.notContainer", ["name": .text(token)])
            }
        }
        return try change(node, last, operation)
    }

    private static func change(_ node: StoredJSON, _ key: String, _ operation: Operation) throws -> StoredJSON {
        let value = operation.value ?? .null
        switch node {
        case var .object(members):
            let index = members.firstIndex { $0.key == key }
            switch (operation.op, index) {
            case let (.add, index?), let (.replace, index?): members[index].value = value
            case (.add, nil): members.append((key, value))
            case let (.remove, index?): members.remove(at: index)
            case (.replace, nil), (.remove, nil): throw PatchError("server.patch.noMember", ["name": .text(key)])
            case (.test, _): break
            }
            return .object(members)
        case var .array(values):
            let index = key == "-" ? values.count : Int(key)
            guard let index, index >= 0 else { throw PatchError("server.patch.notIndex", ["name": .text(key)]) }
            switch operation.op {
            case .add:
                guard index <= values.count else { throw PatchError("server.patch.pastEnd", ["index": .number(String(index))]) }
                values.insert(value, at: index)
            case .replace, .remove:
                guard values.indices.contains(index) else { throw PatchError("server.patch.noElement", ["index": .text(String(index))]) }
                if operation.op == .replace { values[index] = value } else { values.remove(at: index) }
            case .test: break
            }
            return .array(values)
        default: throw PatchError("server.patch.notContainer", ["name": .text(key)])
        }
    }
}

// MARK: JSON form

extension JSONPatch {
    /// The patch as RFC 6902 JSON (an array of operation objects).
    public var json: StoredJSON {
        .array(operations.map { operation in
            var members: [(key: String, value: StoredJSON)] = [("op", .string(operation.op.rawValue)), ("path", .string(operation.path))]
            if let value = operation.value { members.append(("value", value)) }
            return .object(members)
        })
    }

    /// Reads RFC 6902 JSON; `where` names the input in errors.
    public init(json: StoredJSON, where place: String) throws {
        guard let items = json.arrayValue else { throw DataError(file: place, problem: "dataerrors.patch.array") }
        operations = try items.enumerated().map { index, item in
            guard let name = item["op"]?.stringValue, let op = Op(rawValue: name) else {
                throw DataError(file: place, feature: "operation \(index + 1)", field: "op", problem: "dataerrors.patch.op")
            }
            guard let path = item["path"]?.stringValue else { throw DataError(file: place, feature: "operation \(index + 1)", field: "path", problem: "dataerrors.value.missing") }
            if op != .remove && item["value"] == nil { throw DataError(file: place, feature: "operation \(index + 1)", field: "value", problem: "dataerrors.value.missing") }
            return Operation(op: op, path: path, value: item["value"])
        }
    }
}
