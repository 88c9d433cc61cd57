import Foundation

/// The edits of `borderplan kb …` as changes of a record's JSON: each keeps the file's key
/// order and adds members only where the file's schema has them.
public enum KnowledgeEdits {
    /// The history event a status change records.
    public static func event(for status: CrossingStatus) -> CrossingEventKind {
        switch status {
        case .open: return .reopened
        case .suspended: return .suspended
        case .closed: return .closed
        case .planned: return .announced
        }
    }

    /// Sets a crossing's status and appends the dated event with its source. The note is the
    /// status note and the event's note, in the language it was written in (the others marked
    /// not yet translated); without one, "Status set to …" in every language.
    public static func setStatus(_ crossing: StoredJSON, status: CrossingStatus, date: String, note: DataText?, source: EditSource,
                                 traffic: Set<Traffic>? = nil) throws -> StoredJSON {
        let text = note ?? DataText.statusSet(status)
        var result = try addEvent(crossing, date: date, event: event(for: status), note: text, source: source)
        try updateProperties(&result) { properties in
            properties.set("status", .string(status.rawValue))
            setText(&properties, "status_note", text)
            if let traffic { properties.set("traffic", .array(Traffic.allCases.filter(traffic.contains).map { .string($0.rawValue) })) }
        }
        return result
    }

    /// Appends a dated event to a crossing's history (kept in date order: inserted after the
    /// last event dated no later); its note in the languages `note` has, the others null.
    public static func addEvent(_ crossing: StoredJSON, date: String, event: CrossingEventKind, note: DataText, source: EditSource) throws -> StoredJSON {
        var result = crossing
        try checkDate(date, field: "date")
        try updateProperties(&result) { properties in
            var history = properties["history"]?.arrayValue ?? []
            let when = PartialDate(date)!
            let index = history.lastIndex { ($0["date"]?.stringValue).flatMap(PartialDate.init).map { $0 <= when } ?? true }.map { $0 + 1 } ?? 0
            history.insert(.object([("date", .string(date)), ("event", .string(event.rawValue))] + note.members("note") + [("source", source.json)]), at: index)
            properties.set("history", .array(history))
        }
        return result
    }

    /// Writes `text` as `field`'s three members: in place of the members there (or of the
    /// earlier single-language `field`), else appended. A language `text` lacks becomes null, so
    /// no translation of the text it replaces survives.
    static func setText(_ object: inout StoredJSON, _ field: String, _ text: DataText) {
        guard case var .object(members) = object else { return }
        let keys = Set([field] + Language.allCases.map { DataText.key(field, $0) })
        let index = members.firstIndex { keys.contains($0.key) } ?? members.count
        members.removeAll { keys.contains($0.key) }
        members.insert(contentsOf: text.members(field), at: min(index, members.count))
        object = .object(members)
    }

    private static func updateProperties(_ feature: inout StoredJSON, _ change: (inout StoredJSON) throws -> Void) throws {
        guard var properties = feature["properties"], case .object = properties else {
            throw DataError(file: KnowledgeBase.crossingsFile, field: "properties", problem: "dataerrors.edit.properties")
        }
        try change(&properties)
        feature.set("properties", properties)
    }

    /// A project's progress: phase, percent complete (as of `date`), cost; the source is added to its sources.
    public static func setProject(_ project: StoredJSON, phase: ProjectPhase?, percent: Double?, cost: (Double, Currency)?, date: String?, source: EditSource) throws -> StoredJSON {
        var result = project
        if let date { try checkDate(date, field: "date") }
        if let phase { result.set("phase", .string(phase.rawValue)) }
        if let percent {
            result.set("percent_complete", .decimal(percent))
            result.set("percent_complete_date", .optional(date))
        }
        if let cost { result.set("cost", .object([("amount", .decimal(cost.0)), ("currency", .string(cost.1.rawValue))])) }
        result.set("sources", .array(adding(source, to: result["sources"]?.arrayValue ?? [])))
        return result
    }

    /// A new project with every member of the file's schema, in its order; `aim` in Arabic, French and English.
    public static func newProject(id: String, crossing: String, kind: ProjectKind, aim: (ar: String, fr: String, en: String), phase: ProjectPhase,
                                  notes: DataText?, source: EditSource) -> StoredJSON {
        let head: [(key: String, value: StoredJSON)] = [
            ("id", .string(id)), ("crossing", .string(crossing)), ("other_crossings", .array([])), ("kind", .string(kind.rawValue)),
            ("aim_ar", .string(aim.ar)), ("aim_fr", .string(aim.fr)), ("aim_en", .string(aim.en)), ("phase", .string(phase.rawValue)), ("percent_complete", .null), ("percent_complete_date", .null),
            ("cost", .null), ("effect", .null), ("started", .null), ("completed", .null), ("expected", .null), ("geometry", .null),
        ]
        return .object(head + (notes ?? DataText()).members("notes") + [("sources", .array([source.json]))])
    }

    /// Appends a session to a committee (sessions kept oldest first), moves `last_session` to
    /// the latest one, and counts it in `sessions_held` when that is known.
    public static func addSession(_ committee: StoredJSON, start: String, end: String?, place: String, number: Int?, source: EditSource) throws -> StoredJSON {
        try checkDate(start, field: "date")
        if let end { try checkDate(end, field: "end") }
        var result = committee
        var sessions = result["sessions"]?.arrayValue ?? []
        var session: [(key: String, value: StoredJSON)] = []
        if let number { session.append(("number", .number(String(number)))) }
        session += [("place", .string(place)), ("start", .string(start)), ("end", .optional(end)), ("source", source.json)]
        let when = PartialDate(start)!
        let index = sessions.lastIndex { ($0["start"]?.stringValue).flatMap(PartialDate.init).map { $0 <= when } ?? true }.map { $0 + 1 } ?? 0
        sessions.insert(.object(session), at: index)
        result.set("sessions", .array(sessions))
        if index == sessions.count - 1 {
            result.set("last_session", .object([("place", .string(place)), ("start", .string(start)), ("end", .optional(end))]))
        }
        if case let .number(held)? = result["sessions_held"], let count = Int(held) { result.set("sessions_held", .number(String(number.map { max($0, count) } ?? count + 1))) }
        result.set("sources", .array(adding(source, to: result["sources"]?.arrayValue ?? [])))
        return result
    }

    /// A new crossing as a GeoJSON feature, with every property of the file's schema in its order.
    public static func newCrossing(_ crossing: NewCrossing, source: EditSource) -> StoredJSON {
        let c = crossing
        let head: [(key: String, value: StoredJSON)] = [
            ("id", .string(c.id)), ("name_ar", .string(c.nameAR)), ("name_fr", .string(c.nameFR)), ("name_en", .string(c.nameEN)),
            ("partner", .string(c.partner.rawValue)), ("kind", .string(c.kind.rawValue)), ("algerian_town", .optional(c.algerianTown)),
            ("partner_town", .null), ("status", .string(c.status.rawValue)),
            ("traffic", .array(Traffic.allCases.filter(c.traffic.contains).map { .string($0.rawValue) })), ("regime", .string(c.regime.rawValue)),
        ]
        let middle: [(key: String, value: StoredJSON)] = [("official", .bool(c.official)), ("precision_km", .decimal(c.precisionKm))]
        let tail: [(key: String, value: StoredJSON)] = [("document_partner", .null), ("history", .array([])), ("sources", .array([source.json]))]
        let properties: StoredJSON = .object(head + DataText().members("status_note") + middle + c.coordinateSource.members("coordinate_source")
                                             + tail + DataText().members("notes"))
        return .object([("type", .string("Feature")), ("id", .string(c.id)),
                        ("geometry", .object([("type", .string("Point")), ("coordinates", .array([.decimal(c.lon, asFloat: true), .decimal(c.lat, asFloat: true)]))])),
                        ("properties", properties)])
    }

    /// `sources` with `source` appended unless a source of the same title and date is there.
    static func adding(_ source: EditSource, to sources: [StoredJSON]) -> [StoredJSON] {
        let present = sources.contains { $0["title"]?.stringValue == source.title && $0["date"]?.stringValue == source.date }
        return present ? sources : sources + [source.json]
    }

    static func checkDate(_ text: String, field: String) throws {
        guard PartialDate(text) != nil else { throw DataError(file: "edit", field: field, problem: "dataerrors.edit.date", ["value": .text(text)]) }
    }

    /// Parses a cost as people write it: "1.2 bn DZD", "179 M DZD", "3500000000 DZD".
    public static func parseCost(_ text: String) throws -> (Double, Currency) {
        let parts = text.split(separator: " ").map(String.init)
        let multipliers: [String: Double] = ["bn": 1e9, "billion": 1e9, "M": 1e6, "million": 1e6, "k": 1e3]
        guard (2...3).contains(parts.count), let amount = Double(parts[0]), amount.isFinite, amount >= 0,
              let currency = Currency(rawValue: parts[parts.count - 1]) else {
            throw DataError(file: "edit", field: "cost", problem: "dataerrors.edit.cost", ["value": .text(text), "currencies": .text(Currency.rawValues.joined(separator: ", "))])
        }
        guard parts.count == 2 || multipliers[parts[1]] != nil else {
            throw DataError(file: "edit", field: "cost", problem: "dataerrors.edit.multiplier", ["value": .text(parts[1])])
        }
        let value = (amount * (parts.count == 3 ? multipliers[parts[1]]! : 1)).rounded()
        guard PlanLimits.money.contains(value) else { throw DataError(file: "edit", field: "cost", problem: "dataerrors.costs.range", ["value": .number("\(value)")]) }
        return (value, currency)
    }
}

/// What `kb add-crossing` records about a new crossing.
public struct NewCrossing: Sendable {
    public var id: String
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    public var partner: Partner
    public var kind: CrossingKind
    public var algerianTown: String?
    public var status: CrossingStatus
    /// What it handles and on what terms (travellers and goods, permanently, unless said otherwise).
    public var traffic: Set<Traffic> = [.travellers, .goods]
    public var regime: Regime = .permanent
    public var official: Bool
    public var lat: Double
    public var lon: Double
    public var precisionKm: Double
    /// Where the position comes from, in the languages it was given in.
    public var coordinateSource: DataText

    public init(id: String, nameAR: String, nameFR: String, nameEN: String, partner: Partner, kind: CrossingKind, algerianTown: String?,
                status: CrossingStatus, official: Bool, lat: Double, lon: Double, precisionKm: Double, coordinateSource: DataText) {
        self.id = id
        self.nameAR = nameAR
        self.nameFR = nameFR
        self.nameEN = nameEN
        self.partner = partner
        self.kind = kind
        self.algerianTown = algerianTown
        self.status = status
        self.official = official
        self.lat = lat
        self.lon = lon
        self.precisionKm = precisionKm
        self.coordinateSource = coordinateSource
    }
}
