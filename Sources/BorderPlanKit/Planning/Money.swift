import Foundation

/// One row of `geodata/rates.json`: how many DZD one unit of a currency was worth in a year,
/// with its source; `dzdPerUnit` nil when no sourced rate was found (never guessed).
public struct ExchangeRate: Codable, Sendable {
    public var currency: Currency
    public var year: Int
    public var dzdPerUnit: Double?
    public var kind: RateKind
    public var period: String?
    public var source: SourceReference?
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case currency, year, kind, period, source, note
        case dzdPerUnit = "dzd_per_unit"
    }
}

/// What a rate of `rates.json` is: the year's average, a dated official quotation standing in
/// for the year, or a year whose rate was not found.
public enum RateKind: String, ClosedSet {
    case annualAverage = "annual-average", quotation, unknown, identity
}

/// The dated rate table `geodata/rates.json` that converts the projects' costs to DZD.
public struct RateTable: Sendable {
    public static let file = "rates.json"
    public var rates: [ExchangeRate]

    public init(rates: [ExchangeRate]) { self.rates = rates }

    /// Loads `rates.json` of a data folder; a folder without one has no rates (every
    /// foreign cost is then unknown, and said so).
    public static func load(directory: URL) throws -> RateTable {
        let url = directory.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return RateTable(rates: []) }
        struct FileFormat: Decodable { var rates: [ExchangeRate] }
        let table = try decodeJSON(FileFormat.self, from: try readInput(url: url, kind: .knowledge), file: url.path, itemName: "rate", itemList: "rates")
        for (index, rate) in table.rates.enumerated() {
            guard let value = rate.dzdPerUnit else { continue }
            guard value.isFinite, value > 0, value < 1e6 else {
                throw DataError(file: url.path, feature: "rate \(index + 1) (\(rate.currency) \(rate.year))", field: "dzd_per_unit", problem: "dataerrors.rates.range", ["value": .number("\(value)")])
            }
        }
        return RateTable(rates: table.rates)
    }

    /// The sourced rate of `currency` in `year` (DZD: 1).
    public func rate(_ currency: Currency, year: Int) -> ExchangeRate? {
        if currency == .DZD { return ExchangeRate(currency: .DZD, year: year, dzdPerUnit: 1, kind: .identity) }
        return rates.first { $0.currency == currency && $0.year == year && $0.dzdPerUnit != nil }
    }

    /// The latest year with a sourced rate of `currency` (for amounts given today, as `--budget`).
    public func latest(_ currency: Currency) -> ExchangeRate? {
        if currency == .DZD { return ExchangeRate(currency: .DZD, year: 0, dzdPerUnit: 1, kind: .identity) }
        return rates.filter { $0.currency == currency && $0.dzdPerUnit != nil }.max { $0.year < $1.year }
    }
}

/// An amount converted to DZD, or why it cannot be.
public struct DZDCost: Sendable, Equatable {
    public var dzd: Double?
    /// "120 M TND × 43.41 DZD/TND (2023)", or the reason it is unknown.
    public var explanation: String
}

/// Money amounts as people write them: "5 bn DZD", "500 M DZD", "120 M TND", "500000000".
public enum Money {
    /// Scale words, largest first.
    static let scales: [(words: [String], factor: Double)] = [
        (["bn", "billion", "md", "milliard", "milliards"], 1e9), (["m", "million", "millions"], 1e6), (["k", "thousand"], 1e3),
    ]

    /// Parses "5 bn DZD" / "500 M DZD" / "120 M TND" / "500000000" (DZD when no currency).
    public static func parse(_ text: String) throws -> (amount: Double, currency: Currency) {
        let words = text.replacingOccurrences(of: "_", with: "").split(whereSeparator: { $0 == " " }).map(String.init)
        guard let first = words.first, let number = Double(first.replacingOccurrences(of: ",", with: "")), number.isFinite else {
            throw PlanError(problem: "usage.budget.format", ["value": .text(excerpt(text)), "currencies": .text(Currency.rawValues.joined(separator: ", "))])
        }
        var rest = Array(words.dropFirst())
        var factor = 1.0
        if let word = rest.first, let scale = scales.first(where: { $0.words.contains(word.lowercased()) }) {
            factor = scale.factor
            rest.removeFirst()
        }
        var currency = Currency.DZD
        if let word = rest.first {
            guard let parsed = Currency(rawValue: word.uppercased()) ?? (word.uppercased() == "DA" ? .DZD : nil) else {
                throw PlanError(problem: "usage.budget.currency", ["value": .text(excerpt(text)), "currency": .text(excerpt(word)), "currencies": .text(Currency.rawValues.joined(separator: ", "))])
            }
            currency = parsed
            rest.removeFirst()
        }
        guard rest.isEmpty else { throw PlanError(problem: "usage.budget.unexpected", ["value": .text(excerpt(text)), "rest": .text(excerpt(rest.joined(separator: " ")))]) }
        return (number * factor, currency)
    }

    /// An amount in DZD with the rate of `year` (nil: the latest sourced one), or why not.
    public static func toDZD(_ amount: Double, _ currency: Currency, year: Int?, rates: RateTable) -> DZDCost {
        let written = "\(show(amount)) \(currency)"
        if currency == .DZD { return DZDCost(dzd: amount, explanation: written) }
        let rate = year.map { rates.rate(currency, year: $0) } ?? rates.latest(currency)
        guard let rate, let perUnit = rate.dzdPerUnit else {
            let when = year.map { " for \($0)" } ?? ""
            return DZDCost(dzd: nil, explanation: "\(written): no sourced rate of \(currency)\(when) in \(RateTable.file)"
                           + (year == nil ? "" : " (the figure's year)"))
        }
        return DZDCost(dzd: amount * perUnit,
                       explanation: "\(written) × \(formatFixed(perUnit, decimals: 2)) DZD/\(currency) (\(rate.year) \(rate.kind)\(rate.period.map { " \($0)" } ?? ""))")
    }

    /// "5.2 bn", "500 M", "7,500" — short amounts for tables.
    public static func show(_ amount: Double) -> String {
        if amount >= 1e9 { return formatNumber(amount / 1e9, decimals: 3) + " bn" }
        if amount >= 1e6 { return formatNumber(amount / 1e6, decimals: 3) + " M" }
        return formatNumber(amount, decimals: 0)
    }

    /// A project's reported cost in DZD, with the rate of the figure's year.
    public static func projectCost(_ project: Project, rates: RateTable) -> DZDCost? {
        guard let cost = project.cost else { return nil }
        return toDZD(cost.amount, cost.currency, year: cost.year, rates: rates)
    }
}
