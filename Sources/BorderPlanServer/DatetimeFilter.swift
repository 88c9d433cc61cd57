import BorderPlanKit
import Foundation

/// `?datetime=` of `/collections/{id}/items` (OGC API – Features Part 1, /req/core/fc-time-definition):
/// an instant (`2024-05-01`, `2024-05-01T10:00:00Z`) or an interval (`2020-01-01/2024-12-31`, with `..`
/// or nothing for an open end). A feature matches when its date — a partial date like `2019` covers
/// the whole year — overlaps the interval; a feature with no date never matches.
struct DatetimeFilter: Sendable {
    /// The text column holding the collection's dates (`last_event_date`), partial ISO 8601.
    let column: String
    /// First and last day of the interval, as `PartialDate` day numbers; nil is an open end.
    let start: Int?, end: Int?

    /// The date column a collection filters on: the `*_date` text column with a `*_date_precision` beside it.
    static func temporalColumn(of collection: ServedCollection) -> String? {
        collection.columns.first { column in
            column.name.hasSuffix("_date") && collection.column(column.name + "_precision") != nil
        }?.name
    }

    /// The first and last instants of the collection's dates (RFC 3339), for its temporal extent.
    static func temporalExtent(of collection: ServedCollection) -> (first: String, last: String)? {
        guard let column = temporalColumn(of: collection) else { return nil }
        let dates = collection.features.compactMap { feature -> PartialDate? in
            guard case let .string(text)? = feature.properties.first(where: { $0.key == column })?.value else { return nil }
            return PartialDate(text)
        }
        guard let first = dates.min(by: { $0.earliestDay < $1.earliestDay }), let last = dates.max(by: { $0.latestDay < $1.latestDay }) else { return nil }
        let start = PartialDate(year: first.year, month: first.month ?? 1, day: first.day ?? 1)
        let endMonth = last.month ?? 12
        let end = PartialDate(year: last.year, month: endMonth, day: last.day ?? PartialDate.daysIn(month: endMonth, year: last.year))
        return ("\(start)T00:00:00Z", "\(end)T23:59:59Z")
    }

    init(parsing text: String, column: String) throws {
        self.column = column
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count) else { throw Self.invalid(text) }
        if parts.count == 1 {
            guard let instant = Self.date(parts[0]) else { throw Self.invalid(text) }
            (start, end) = (instant.earliestDay, instant.latestDay)
            return
        }
        let open = { (part: String) in part.isEmpty || part == ".." }
        guard !(open(parts[0]) && open(parts[1])) else { throw Self.invalid(text) }
        let first = open(parts[0]) ? nil : Self.date(parts[0]), last = open(parts[1]) ? nil : Self.date(parts[1])
        if !open(parts[0]) && first == nil || !open(parts[1]) && last == nil { throw Self.invalid(text) }
        (start, end) = (first?.earliestDay, last?.latestDay)
        if let start, let end, start > end {
            throw Problem.badParameter("datetime", ServerText("server.datetime.order", ["value": text]))
        }
    }

    /// A date or an RFC 3339 date-time (its UTC day: the layers' dates are days).
    static func date(_ text: String) -> PartialDate? {
        let day = text.count > 10 && (text.dropFirst(10).first == "T" || text.dropFirst(10).first == "t") ? String(text.prefix(10)) : text
        return PartialDate(day)
    }

    static func invalid(_ text: String) -> Problem {
        Problem.badParameter("datetime", ServerText("server.datetime.format", ["value": text]))
    }

    func matches(_ feature: ServedFeature) -> Bool {
        guard case let .string(text)? = feature.properties.first(where: { $0.key == column })?.value, let date = PartialDate(text) else { return false }
        return (start.map { date.latestDay >= $0 } ?? true) && (end.map { date.earliestDay <= $0 } ?? true)
    }
}
