import Foundation

/// Reads `--costs FILE`: JSON `{"id": amount, ...}` or CSV `id,cost` (with that header),
/// told apart by the content (JSON starts with `{`), not by the extension.
public enum CostsFile {
    public static func load(_ url: URL) throws -> [String: Double] {
        try parse(try readInput(url: url, kind: .costs), file: url.path)
    }

    /// Parses costs already in memory (`file` names them in messages).
    public static func parse(_ data: Data, file: String) throws -> [String: Double] {
        guard !data.isEmpty else { throw DataError(file: file, problem: "dataerrors.costs.empty") }
        let costs: [(id: String, cost: Double, place: String)]
        if data.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }).first == 0x7B {
            let decoded = try decodeJSON([String: Double].self, from: data, file: file, itemName: "entry")
            costs = decoded.sorted { $0.key < $1.key }.map { ($0.key, $0.value, "entry '\(excerpt($0.key))'") }
        } else {
            costs = try csv(data, file: file)
        }
        var result: [String: Double] = [:]
        for (id, cost, place) in costs {
            try checkIdentifier(id, file: file, feature: place, field: "id")
            guard cost.isFinite, PlanLimits.money.contains(cost) else { throw DataError(file: file, feature: place, field: "cost", problem: "dataerrors.costs.range", ["value": .number("\(cost)")]) }
            guard result.updateValue(cost, forKey: id) == nil else {
                throw DataError(file: file, feature: place, field: "id", problem: "dataerrors.costs.twice", ["id": .text(excerpt(id))])
            }
        }
        return result
    }

    static func csv(_ data: Data, file: String) throws -> [(id: String, cost: Double, place: String)] {
        var header: [String]?
        var rows: [(id: String, cost: Double, place: String)] = []
        try CSVReader.read(data, file: file) { record in
            let cells = (0..<record.count).map { record.text($0) }
            guard header != nil else {
                header = cells
                guard cells.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == ["id", "cost"] else {
                    throw DataError(file: file, feature: "line \(record.line)", problem: "dataerrors.costs.header", ["found": .text(excerpt(cells.joined(separator: ",")))])
                }
                return
            }
            guard cells.count == 2, !cells[0].isEmpty else { throw DataError(file: file, feature: "line \(record.line)", problem: "dataerrors.costs.row") }
            let text = cells[1].trimmingCharacters(in: .whitespaces)
            guard let cost = Double(text), cost.isFinite, cost >= 0, text.allSatisfy({ "0123456789+-.eE".contains($0) }) else {
                throw DataError(file: file, feature: "line \(record.line)", field: "cost", problem: "dataerrors.costs.range", ["value": .text("'\(excerpt(cells[1]))'")])
            }
            rows.append((cells[0], cost, "line \(record.line)"))
        }
        guard header != nil else { throw DataError(file: file, problem: "dataerrors.costs.empty") }
        return rows
    }

    /// Throws `UnknownIdentifier` (exit status 2, with the closest ids) for the first id of
    /// `costs` that is not a crossing or site the plan can use, as for an id on the command line.
    public static func checkIdentifiers(_ costs: [String: Double], known: [String], file: String) throws {
        for id in costs.keys.sorted() where !known.contains(id) {
            throw UnknownIdentifier(kind: "crossing in \(file)", id: id, closest: closestMatches(to: id, among: known))
        }
    }
}

/// Ids are compared exactly: an id with spaces around it (" debdeb") would silently match
/// nothing, so it is refused with the field named rather than trimmed.
func checkIdentifier(_ id: String, file: String, feature: String?, field: String) throws {
    guard !id.isEmpty else { throw DataError(file: file, feature: feature, field: field, problem: "dataerrors.id.empty") }
    guard id.trimmingCharacters(in: .whitespacesAndNewlines) == id else {
        throw DataError(file: file, feature: feature, field: field,
                        problem: "dataerrors.id.spaces", ["id": .text(excerpt(id)), "trimmed": .text(excerpt(id.trimmingCharacters(in: .whitespacesAndNewlines)))])
    }
}
