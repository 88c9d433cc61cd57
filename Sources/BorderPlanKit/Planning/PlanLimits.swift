import Foundation

/// A numeric option or value outside its stated limits.
public struct LimitError: TranslatableError, Equatable {
    public var description: String
    public var problem: DataError.Problem?
    public init(_ description: String) { self.description = description }
    /// The limit message `key` of the catalogue (usage.json).
    public init(problem key: String, _ arguments: [String: MessageValue]) {
        problem = DataError.Problem(key, arguments)
        description = problem!.english
    }
}

/// The stated limits of the numeric options and counts (README, "Robustness"), one checking
/// function per option. The CLI parses every numeric option through these, and `Planner`
/// checks a request against them again, so a library caller meets the same limits.
public enum PlanLimits {
    /// Radius: 0.1 km (100 m) to 2,500 km (more than Algeria's largest extent), to the metre.
    public static let radiusKm: ClosedRange<Double> = 0.1...2_500
    /// Sites to choose: 1 to 1,000 (more than there are candidates is allowed, with a note).
    public static let add: ClosedRange<Int> = 1...1_000
    /// Spacing of generated candidates: 0.5 km to 2,500 km.
    public static let spacingKm: ClosedRange<Double> = 0.5...2_500
    /// Time limit of `plan`: 1 s (loading the data alone takes about 0.3 s) to one day.
    public static let maxSeconds: ClosedRange<Double> = 1...86_400
    /// Budget and each cost: 0 to 10¹⁵ (any currency).
    public static let money: ClosedRange<Double> = 0...1e15
    /// Crossings per wilaya for `--min-per-wilaya`: 0 to 100.
    public static let minPerWilaya: ClosedRange<Int> = 0...100
    /// Population of one place: 0 to 100 million (the largest city on Earth has under 40 million).
    public static let placePopulation: ClosedRange<Int> = 0...100_000_000
    /// One demand weight and the sum of a demand layer's weights: at most 10¹⁵.
    public static let demandTotal: Double = 1e15

    /// `--radius`: a distance in km within `radiusKm`, given to the metre at most.
    public static func radius(_ text: String, option: String = "--radius") throws -> Double {
        let value = try number(text, option: option, what: "radius", unit: " km")
        try require(value, in: radiusKm, option: option, what: "radius", unit: " km")
        let metres = value * 1_000
        guard abs(metres - metres.rounded()) <= 1e-6 * metres else {
            throw LimitError(problem: "usage.limit.metre", ["option": .text(option), "value": .text(text)])
        }
        return value
    }

    /// `--spacing`: km between generated candidates, within `spacingKm`.
    public static func spacing(_ text: String) throws -> Double {
        let value = try number(text, option: "--spacing", what: "spacing", unit: " km")
        try require(value, in: spacingKm, option: "--spacing", what: "spacing", unit: " km")
        return value
    }

    /// `--max-seconds`: the whole command's time limit, within `maxSeconds`.
    public static func seconds(_ text: String) throws -> Double {
        let value = try number(text, option: "--max-seconds", what: "time limit", unit: " s")
        try require(value, in: maxSeconds, option: "--max-seconds", what: "time limit", unit: " s")
        return value
    }

    /// `--budget`: an amount within `money`.
    public static func budget(_ text: String) throws -> Double {
        let value = try number(text, option: "--budget", what: "budget", unit: "")
        try require(value, in: money, option: "--budget", what: "budget", unit: "")
        return value
    }

    /// `--add`: a whole number of sites within `add`.
    public static func sites(_ text: String) throws -> Int {
        try integer(text, in: add, option: "--add", what: "number of sites")
    }

    /// `--min-per-wilaya`: a whole number within `minPerWilaya`.
    public static func perWilaya(_ text: String) throws -> Int {
        try integer(text, in: minPerWilaya, option: "--min-per-wilaya", what: "number of crossings")
    }

    /// Checks an already-parsed value (a library caller's request) against `range`.
    public static func require(_ value: Double, in range: ClosedRange<Double>, option: String, what: String, unit: String) throws {
        guard value.isFinite else { throw LimitError(problem: "usage.limit.finite", ["option": .text(option), "what": whatValue(what), "value": .number("\(value)")]) }
        if value < 0 && range.lowerBound >= 0 {
            throw LimitError(problem: "usage.limit.negative", ["option": .text(option), "what": whatValue(what), "value": .number(show(value)), "unit": unitValue(unit),
                                                                "min": .number(show(range.lowerBound)), "max": .number(show(range.upperBound))])
        }
        guard range.contains(value) else {
            throw LimitError(problem: "usage.limit.outside", ["option": .text(option), "what": whatValue(what), "value": .number(show(value)), "unit": unitValue(unit),
                                                               "min": .number(show(range.lowerBound)), "max": .number(show(range.upperBound))])
        }
    }

    /// Checks an already-parsed whole number against `range`.
    public static func require(_ value: Int, in range: ClosedRange<Int>, option: String, what: String) throws {
        if value < 0 && range.lowerBound >= 0 {
            throw LimitError(problem: "usage.limit.negative", ["option": .text(option), "what": whatValue(what), "value": .number("\(value)"), "unit": .text(""),
                                                                "min": .number("\(range.lowerBound)"), "max": .number("\(range.upperBound)")])
        }
        guard range.contains(value) else {
            throw LimitError(problem: "usage.limit.outside", ["option": .text(option), "what": whatValue(what), "value": .number("\(value)"), "unit": .text(""),
                                                               "min": .number("\(range.lowerBound)"), "max": .number("\(range.upperBound)")])
        }
    }

    /// A decimal number; NaN, infinities, hexadecimal and empty text are refused.
    static func number(_ text: String, option: String, what: String, unit: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 40, trimmed.allSatisfy({ "0123456789+-.eE".contains($0) }), let value = Double(trimmed) else {
            throw LimitError(problem: "usage.limit.decimal", ["option": .text(option), "value": .text(String(text.prefix(40))), "what": whatValue(what)])
        }
        guard value.isFinite else { throw LimitError(problem: "usage.limit.finite-text", ["option": .text(option), "value": .text(String(text.prefix(40))), "what": whatValue(what)]) }
        return value
    }

    static func integer(_ text: String, in range: ClosedRange<Int>, option: String, what: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(trimmed) else {
            if let decimal = try? number(trimmed, option: option, what: what, unit: ""), decimal < 0 {
                // A negative decimal (the number check above has already said what is wrong otherwise).
                throw LimitError(problem: "usage.limit.negative-whole", ["option": .text(option), "what": whatValue(what), "value": .text(String(text.prefix(40))),
                                                                        "min": .number("\(range.lowerBound)"), "max": .number("\(range.upperBound)")])
            }
            throw LimitError(problem: "usage.limit.whole", ["option": .text(option), "value": .text(String(text.prefix(40))), "what": whatValue(what),
                                                             "min": .number("\(range.lowerBound)"), "max": .number("\(range.upperBound)")])
        }
        try require(value, in: range, option: option, what: what)
        return value
    }

    /// What a limit is about ("radius"), as a text of the catalogue when it has one.
    static func whatValue(_ what: String) -> MessageValue {
        let keys = ["radius": "usage.what.radius", "spacing": "usage.what.spacing", "time limit": "usage.what.time-limit", "budget": "usage.what.budget",
                    "number of sites": "usage.what.sites", "number of crossings": "usage.what.crossings"]
        return keys[what].map { .phrase($0, [:]) } ?? .text(what)
    }

    /// A unit suffix (" km") in each language.
    static func unitValue(_ unit: String) -> MessageValue {
        switch unit {
        case " km": return .names(ar: " كم", fr: " km", en: " km")
        case " s": return .names(ar: " ثا", fr: " s", en: " s")
        case " DZD": return .names(ar: " دج", fr: " DA", en: " DZD")
        default: return .text(unit)
        }
    }

    /// A value as given, without rounding it to something else (shortest exact decimal).
    public static func show(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e21 { return String(format: "%.0f", value) }
        return "\(value)"
    }
}

/// A point in time by which planning must be done, on the monotonic clock.
public struct Deadline: Sendable {
    public let seconds: Double
    let start: UInt64

    /// `seconds` from `start` (default: now).
    public init(seconds: Double, start: UInt64 = DispatchTime.now().uptimeNanoseconds) {
        self.seconds = seconds
        self.start = start
    }

    /// Seconds since the start.
    public var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9 }
    public var hasPassed: Bool { elapsed >= seconds }

    /// Throws when the time is up, saying which stage it cut and how far it had got.
    public func check(_ stage: @autoclosure () -> String) throws {
        guard hasPassed else { return }
        throw PlanError(problem: "usage.limit.time", ["seconds": .number(PlanLimits.show(seconds)), "stage": .text(stage())])
    }
}
