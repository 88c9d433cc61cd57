import BorderPlanKit
import Foundation

/// One JSON line per request (time, peer, method, path, query, status, bytes, duration),
/// written to a sink: standard error when serving, a collector in tests.
public struct AccessLog: Sendable {
    let sink: @Sendable (String) -> Void

    public init(sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    /// Writes each line to standard error in one `write` call (lines never interleave).
    public static let standardError = AccessLog { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }

    struct Entry {
        var date: Date
        var remote: String?
        var method: String
        var path: String
        var query: String?
        var status: Int
        var bytes: Int
        var milliseconds: Double
        var userAgent: String?
    }

    func record(_ entry: Entry) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        sink(JSONValue.object([
            "time": .string(formatter.string(from: entry.date)), "remote": .optional(entry.remote), "method": .string(entry.method),
            "path": .string(entry.path), "query": .optional(entry.query), "status": .int(entry.status), "bytes": .int(entry.bytes),
            "ms": .number(entry.milliseconds, decimals: 3), "user_agent": .optional(entry.userAgent),
        ]).serialized())
    }
}
