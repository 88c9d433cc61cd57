import Foundation

/// An id that names nothing (a crossing, wilaya, layer, status …), with the closest known ids.
/// Thrown from any layer; the command-line tool turns it into exit status 2, in one place.
public struct UnknownIdentifier: Error, CustomStringConvertible {
    public var kind: String
    public var id: String
    public var closest: [String]

    public init(kind: String, id: String, closest: [String]) {
        self.kind = kind
        self.id = id
        self.closest = closest
    }

    public var description: String {
        "unknown \(kind) '\(excerpt(id))'" + (closest.isEmpty ? "" : "; closest: \(excerpt(closest.joined(separator: ", ")))")
    }
}
