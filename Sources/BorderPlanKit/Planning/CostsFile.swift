import Foundation

/// Reads `--costs FILE`: JSON `{"id": amount, ...}` or CSV `id,cost` (with that header).
public enum CostsFile {
    public static func load(_ url: URL) throws -> [String: Double] {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataError(file: file, "cannot read the costs: \((error as NSError).localizedDescription)")
        }
        guard !data.isEmpty else { throw DataError(file: file, "the costs file is empty") }
        if url.pathExtension.lowercased() == "csv" {
            let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
            guard lines.first?.lowercased().replacingOccurrences(of: " ", with: "") == "id,cost" else {
                throw DataError(file: file, feature: "line 1", "the header must be id,cost")
            }
            var costs: [String: Double] = [:]
            for (index, line) in lines.enumerated().dropFirst() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count == 2, !cells[0].isEmpty else { throw DataError(file: file, feature: "line \(index + 1)", "expected id,cost") }
                guard let cost = Double(cells[1]), PlanLimits.money.contains(cost) else {
                    throw DataError(file: file, feature: "line \(index + 1)", field: "cost", "'\(cells[1].prefix(40))' is not a cost within 0…1e15")
                }
                costs[cells[0]] = cost
            }
            return costs
        }
        do {
            let costs = try JSONDecoder().decode([String: Double].self, from: data)
            for (id, cost) in costs where !PlanLimits.money.contains(cost) {
                throw DataError(file: file, feature: "entry '\(id)'", field: id, "\(cost) is not a cost within 0…1e15")
            }
            return costs
        } catch let error as DecodingError {
            throw DataError(file: file, decoding: error, itemName: "entry")
        }
    }
}
