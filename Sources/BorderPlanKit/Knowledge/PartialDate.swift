import Foundation

/// A date known to the year, the month or the day ("2012", "2012-02", "2012-02-14"),
/// kept as precise as its source and never invented further.
public struct PartialDate: Comparable, Sendable, CustomStringConvertible, Hashable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    /// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD", checking the calendar; nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: `Int` alone would read "+1" and "-0" ("2026-+1-+5").
        guard parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }) else { return nil }
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), year >= 1800, year <= 2200 else { return nil }
        self.year = year
        if parts.count >= 2 {
            guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            self.month = month
        }
        if parts.count == 3 {
            guard parts[2].count == 2, let day = Int(parts[2]), let month,
                  (1...PartialDate.daysIn(month: month, year: year)).contains(day) else { return nil }
            self.day = day
        }
    }

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        var text = String(format: "%04d", year)
        if let month { text += String(format: "-%02d", month) }
        if let day { text += String(format: "-%02d", day) }
        return text
    }

    /// How much of the date is known: "day", "month" or "year" (the exports' `*_precision` fields).
    public var precisionName: String { day != nil ? "day" : month != nil ? "month" : "year" }

    /// The first and the last day the date can mean, as day numbers since 1970-01-01.
    public var earliestDay: Int { Self.dayNumber(year, month ?? 1, day ?? 1) }
    public var latestDay: Int {
        let m = month ?? 12
        return Self.dayNumber(year, m, day ?? Self.daysIn(month: m, year: year))
    }

    /// Days since 1970-01-01 (proleptic Gregorian), no Foundation calendar involved.
    static func dayNumber(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Years from this date (its last possible day) to `other` (its first possible day).
    public func years(until other: PartialDate) -> Double {
        Double(other.earliestDay - latestDay) / 365.2425
    }

    /// Today in UTC.
    public static func today() -> PartialDate {
        let days = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        return fromDayNumber(days)
    }

    static func fromDayNumber(_ z: Int) -> PartialDate {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return PartialDate(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public static func < (a: PartialDate, b: PartialDate) -> Bool {
        (a.earliestDay, a.latestDay) < (b.earliestDay, b.latestDay)
    }
}
