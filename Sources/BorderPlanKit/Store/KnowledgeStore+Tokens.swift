import Foundation
import GRDB

/// What a token lets its holder do: editors write, viewers only read.
public enum TokenRole: String, CaseIterable, Sendable {
    case editor, viewer
}

/// The holder of a valid token.
public struct TokenHolder: Sendable, Equatable {
    public var name: String
    public var role: TokenRole
}

extension KnowledgeStore {
    /// Creates a token for `name`: 256 random bits (SystemRandomNumberGenerator), returned once;
    /// the store keeps only its SHA-256.
    public func addToken(name: String, role: TokenRole) throws -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.@".contains($0) }) else {
            throw DataError(file: url.path, field: "name", problem: "dataerrors.token.name", ["name": .text(name)])
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = "bpk_" + bytes.map { String(format: "%02x", $0) }.joined()
        try Self.located(url) {
            try pool.write { db in
                if let revoked = try Row.fetchOne(db, sql: "SELECT revoked FROM tokens WHERE name = ?", arguments: [name]) {
                    guard (revoked["revoked"] as String?) != nil else {
                        throw DataError(file: url.path, field: "name", problem: "dataerrors.token.exists", ["name": .text(name)])
                    }
                    try db.execute(sql: "DELETE FROM tokens WHERE name = ?", arguments: [name])
                }
                try db.execute(sql: "INSERT INTO tokens VALUES (?, ?, ?, ?, NULL)",
                               arguments: [name, role.rawValue, SHA256.hex(Array(token.utf8)), isoTimestamp(Date())])
            }
        }
        return token
    }

    /// Revokes the token of `name` (it stops working at once).
    public func revokeToken(name: String) throws {
        let changed = try Self.located(url) {
            try pool.write { db in
                try db.execute(sql: "UPDATE tokens SET revoked = ? WHERE name = ? AND revoked IS NULL", arguments: [isoTimestamp(Date()), name])
                return db.changesCount
            }
        }
        guard changed == 1 else { throw DataError(file: url.path, field: "name", problem: "dataerrors.token.none", ["name": .text(name)]) }
    }

    /// The holder of `token`, nil when it is unknown or revoked.
    public func authenticate(_ token: String) throws -> TokenHolder? {
        let hash = SHA256.hex(Array(token.utf8))
        return try Self.located(url) {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT name, role FROM tokens WHERE hash = ? AND revoked IS NULL", arguments: [hash]).flatMap { row in
                    TokenRole(rawValue: row["role"]).map { TokenHolder(name: row["name"], role: $0) }
                }
            }
        }
    }
}
