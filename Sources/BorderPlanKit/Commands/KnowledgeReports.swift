import Foundation
import Geo

func sourceJSON(_ source: SourceReference?) -> JSONValue {
    guard let source else { return .null }
    return .object(["title": .string(source.title), "date": .optional(source.date), "url": .optional(source.url)])
}

/// An event, its note in `l`'s language.
func eventJSON(_ event: CrossingEvent, _ l: Localizer) -> JSONValue {
    .object(["date": .string(event.date), "event": .string(event.event.rawValue), "note": .string(l.dataText(event.note)), "source": sourceJSON(event.source)])
}

/// A project geometry as GeoJSON (6 decimals), or null.
func projectGeometryJSON(_ geometry: ProjectGeometry?) -> JSONValue {
    func positions(_ item: GeoJSONPositions) -> JSONValue {
        switch item {
        case let .position(numbers): return .array(numbers.map { .number($0, decimals: 6) })
        case let .list(items): return .array(items.map(positions))
        }
    }
    guard let geometry else { return .null }
    return .object(["type": .string(geometry.type), "coordinates": positions(geometry.coordinates)])
}

/// A project, its notes in `l`'s language.
func projectJSON(_ project: Project, _ l: Localizer) -> JSONValue {
    .object([
        "id": .string(project.id), "crossing": .string(project.crossing),
        "other_crossings": .array((project.otherCrossings ?? []).map(JSONValue.string)),
        "kind": .string(project.kind.rawValue),
        "aim": .string(project.aim), "phase": .string(project.phase.rawValue),
        "percent_complete": .rounded(project.percentComplete, 1),
        "percent_complete_date": .optional(project.percentCompleteDate),
        "cost": project.cost.map { .object(["amount": .number($0.amount, decimals: 2), "currency": .string($0.currency.rawValue)]) } ?? .null,
        "started": .optional(project.started), "completed": .optional(project.completed), "expected": .optional(project.expected),
        "geometry": projectGeometryJSON(project.geometry),
        "notes": .optional(l.dataText(project.notes)),
        "sources": .array(project.sources.map { sourceJSON($0) }),
    ])
}

func sessionJSON(_ session: Committee.Session) -> JSONValue {
    .object(["number": session.number.map(JSONValue.int) ?? .null, "place": .optional(session.place), "start": .string(session.start),
             "end": .optional(session.end), "source": sourceJSON(session.source)])
}

/// A project's cost in billions or millions ("2.5 bn DZD"), numbers in machine form (tables localise them).
func costText(_ cost: Project.Cost?, _ l: Localizer = Localizer(.en)) -> String {
    guard let cost else { return "" }
    let currency = cost.currency.rawValue
    if cost.amount >= 1e9 { return l.text("commands.cost.billions", ["amount": formatNumber(cost.amount / 1e9, decimals: 2), "currency": currency]) }
    if cost.amount >= 1e6 { return l.text("commands.cost.millions", ["amount": formatNumber(cost.amount / 1e6, decimals: 1), "currency": currency]) }
    return "\(formatNumber(cost.amount, decimals: 0)) \(currency)"
}

/// `borderplan crossings` and `borderplan crossing ID`.
public enum CrossingsReport {
    public struct Filter {
        public var partner: Partner?
        public var status: CrossingStatus?
        public var wilaya: String?
        public init(partner: Partner? = nil, status: CrossingStatus? = nil, wilaya: String? = nil) {
            self.partner = partner
            self.status = status
            self.wilaya = wilaya
        }
    }

    /// Resolves a wilaya given by code or name to its official code.
    public static func wilayaCode(_ text: String, in data: Geodata) throws -> String {
        let wilayas = try data.wilayas()
        if let hit = wilayas.first(where: { $0.code == text || $0.code == "0" + text }) { return hit.code }
        let folded = foldName(text)
        if let hit = wilayas.first(where: { [$0.nameAR, $0.nameFR, $0.nameEN].contains { foldName($0) == folded } }) { return hit.code }
        throw UnknownIdentifier(kind: "wilaya", id: text, closest: closestMatches(to: text, among: wilayas.map(\.nameEN)))
    }

    public static func list(_ linker: KnowledgeLinker, filter: Filter, format: OutputFormat, language: Language, wide: Bool = false) throws -> String {
        let data = linker.geodata
        let wilayaFilter = try filter.wilaya.map { try wilayaCode($0, in: data) }
        var selected: [(Crossing, CrossingLinks)] = []
        for crossing in linker.knowledge.crossings {
            if let partner = filter.partner, crossing.partner != partner { continue }
            if let status = filter.status, crossing.status != status { continue }
            let links = try linker.links(for: crossing)
            if let wilayaFilter, links.wilaya?.code != wilayaFilter { continue }
            selected.append((crossing, links))
        }
        func wilayaName(_ code: String?) throws -> String? { try code.flatMap { try data.wilaya(code: $0)?.name(language) } }
        if format == .json {
            return JSONValue.object(["crossings": .array(try selected.map { crossing, links in
                .object([
                    "id": .string(crossing.id), "name": .string(crossing.name(language)), "partner": .string(crossing.partner.rawValue),
                    "kind": .string(crossing.kind.rawValue), "border": .optional(links.border?.rawValue),
                    "wilaya": try links.wilaya.map { .object(["code": .string($0.code), "name": .optional(try wilayaName($0.code))]) } ?? .null,
                    "status": .string(crossing.status.rawValue),
                    "traffic": .array(crossing.traffic.sorted().map { .string($0.rawValue) }), "regime": .string(crossing.regime.rawValue),
                    "lat": .number(crossing.location.lat, decimals: 6), "lon": .number(crossing.location.lon, decimals: 6),
                    "precision_km": .number(crossing.precisionKm, decimals: 1),
                    "km_to_border": .rounded(links.kmToBorder, 1),
                ])
            })]).prettySerialized() + "\n"
        }
        let l = Localizer(language)
        let rows = try selected.map { crossing, links -> [String] in
            [crossing.id, crossing.name(language), l.name(crossing.partner), l.name(crossing.kind), links.border.map { l.name($0) } ?? "—",
             links.wilaya?.code ?? "—", try links.wilaya.map { try wilayaName($0.code) ?? "" } ?? "—", l.name(crossing.status),
             formatFixed(crossing.precisionKm, decimals: 0), links.kmToBorder.map { formatFixed($0, decimals: 1) } ?? "—",
             String(linker.knowledge.projects(for: crossing.id).count)]
        }
        let counts = CrossingStatus.allCases.map { status in "\(l.name(status)): \(selected.filter { $0.0.status == status }.count)" }.joined(separator: ", ")
        return Table(title: format == .table ? l.text("commands.crossings.title") : nil,
                     columns: [.init(l, "tables.id"), .init(l, "tables.name"), .init(l, "tables.partner"), .init(l, "tables.kind", priority: 5),
                               .init(l, "tables.border_computed", priority: 6), .init(l, "tables.wilaya_code", priority: 3), .init(l, "tables.wilaya_computed", priority: 2),
                               .init(l, "tables.status"), .init(l, "tables.precision_km", numeric: true, priority: 4),
                               .init(l, "tables.to_border_km", numeric: true, priority: 1), .init(l, "tables.projects", numeric: true, priority: 1)],
                     rows: rows, footer: [l.text("commands.crossings.count", ["count": String(selected.count)]), "", "", "", "", "", "", "", "", "", ""],
                     notes: [counts]).render(format, l, wide: wide)
    }

    /// Everything about one crossing: position, wilaya, border, distances, history, projects, committees.
    public static func detail(_ linker: KnowledgeLinker, id: String, asOf: PartialDate, format: OutputFormat, language: Language,
                              corridor: Corridor? = nil, wide: Bool = false) throws -> String {
        let knowledge = linker.knowledge
        guard let crossing = knowledge.crossing(id: id) else {
            throw UnknownIdentifier(kind: "crossing", id: id, closest: closestMatches(to: id, among: knowledge.crossings.map(\.id)))
        }
        let links = try linker.links(for: crossing)
        let wilaya = try links.wilaya.flatMap { try linker.geodata.wilaya(code: $0.code) }
        let committees = links.committees.compactMap { id in knowledge.committees.first { $0.id == id } }
        let projects = knowledge.projects(for: crossing.id)
        if format == .json {
            var json = detailJSON(crossing, links: links, wilaya: wilaya, projects: projects, committees: committees, asOf: asOf, language: language)
            if let corridor, case let .object(members) = json { json = .object(members + [JSONMember("corridor", CorridorReport.json(corridor))]) }
            return json.prettySerialized() + "\n"
        }
        let l = Localizer(language)
        let lines = detailLines(crossing, links: links, wilaya: wilaya, l: l)
        let body = detailTables(crossing, projects: projects, committees: committees, asOf: asOf, l: l) + (corridor.map { [CorridorReport.table($0, format: format, language: language)] } ?? [])
        if format == .table {
            let shown = lines.map { escapingControls($0) }.flatMap { line in
                (wide ? [line] : TextLayout.wrap(line, to: TextLayout.maxWidth)).map { language == .ar ? Bidi.isolatingForTerminal($0) : $0 }
            }
            return shown.joined(separator: "\n") + "\n" + body.map { $0.render(.table, l, wide: wide) }.joined(separator: "\n")
        }
        return (format == .markdown ? lines.map { $0.isEmpty ? "" : $0 + "  " } : lines).joined(separator: "\n") + "\n"
            + body.map { $0.render(format, l, wide: wide) }.joined(separator: "\n")
    }

    /// The JSON form of `detail`.
    static func detailJSON(_ crossing: Crossing, links: CrossingLinks, wilaya: Wilaya?, projects: [Project], committees: [Committee],
                           asOf: PartialDate, language: Language) -> JSONValue {
        .object([
            "id": .string(crossing.id), "name": .string(crossing.name(language)), "partner": .string(crossing.partner.rawValue),
            "kind": .string(crossing.kind.rawValue), "border": .optional(links.border?.rawValue),
            "wilaya": links.wilaya.map { .object(["code": .string($0.code), "name": .optional(wilaya?.name(language)), "method": .string($0.method.rawValue)]) } ?? .null,
            "status": .string(crossing.status.rawValue),
            "traffic": .array(crossing.traffic.sorted().map { .string($0.rawValue) }), "regime": .string(crossing.regime.rawValue),
            "lat": .number(crossing.location.lat, decimals: 6), "lon": .number(crossing.location.lon, decimals: 6),
            "precision_km": .number(crossing.precisionKm, decimals: 1),
            "km_to_border": .rounded(links.kmToBorder, 1),
            "names": .object(["ar": .string(crossing.nameAR), "fr": .string(crossing.nameFR), "en": .string(crossing.nameEN)]),
            "status_note": .optional(Localizer(language).dataText(crossing.statusNote)), "official": .bool(crossing.official),
            "document_partner": .optional(crossing.documentPartner?.rawValue),
            "algerian_town": .optional(crossing.algerianTown), "partner_town": .optional(crossing.partnerTown),
            "coordinate_source": .string(Localizer(language).dataText(crossing.coordinateSource)),
            "notes": .optional(Localizer(language).dataText(crossing.notes)),
            "history": .array(crossing.history.map { eventJSON($0, Localizer(language)) }),
            "projects": .array(projects.map { projectJSON($0, Localizer(language)) }),
            "committees": .array(committees.map { committee in
                .object([
                    "id": .string(committee.id), "kind": .string(committee.kind.rawValue), "partner": .string(committee.partner.rawValue),
                    "last_session": committee.lastSession.map { .object(["place": .optional($0.place), "start": .string($0.start), "end": .optional($0.end)]) } ?? .null,
                    "years_since_last": .rounded(committee.lastSessionDate.map { $0.years(until: asOf) }, 1),
                ])
            }),
            "nearest_places": .array(links.nearestPlaces.map { nearby in
                .object(["geonameid": .int(nearby.place.id), "name": .string(nearby.place.name), "population": .int(nearby.place.population),
                         "wilaya": .string(nearby.place.wilaya), "distance_km": .number(nearby.distanceKm, decimals: 1)])
            }),
            "distances_km": .object([
                "border": .rounded(links.kmToBorder, 1),
                "algiers": .rounded(links.kmToAlgiers, 1),
                "wilaya_main_town": .rounded(links.kmToWilayaMainTown, 1),
                "borders": .object(links.borderDistancesKm.sorted { $0.key.rawValue < $1.key.rawValue }.map { JSONMember($0.key.rawValue, .number($0.value, decimals: 1)) }),
            ]),
            "wilaya_main_town": .optional(links.wilayaMainTown?.name),
        ])
    }

    /// The heading and the labelled lines of `detail`, labels padded to one width.
    static func detailLines(_ crossing: Crossing, links: CrossingLinks, wilaya: Wilaya?, l: Localizer) -> [String] {
        func km(_ value: Double) -> String { l.km(value, decimals: 1) }
        let traffic = l.list(crossing.traffic.sorted().map { l.name($0) })
        let partner = l.name(crossing.partner) + (crossing.partnerTown.map { " (\($0))" } ?? "")
            + (crossing.documentPartner.map { l.text("commands.crossing.documentPartner", ["partner": l.name($0)]) } ?? "")
        let position = l.text("commands.crossing.positionValue", ["lat": l.number(crossing.location.lat, decimals: 4), "lon": l.number(crossing.location.lon, decimals: 4),
                                                                   "precision": l.kmUpTo(crossing.precisionKm, decimals: 1), "source": l.dataText(crossing.coordinateSource)])
        let wilayaText = links.wilaya.map { link in
            "\(link.code) \(wilaya?.name(l.language) ?? "")" + (link.method == .nearest ? " " + l.text("commands.crossing.nearestWilaya", ["km": km(link.distanceKm)]) : "")
        } ?? l.text("commands.crossing.noWilaya")
        let border = links.border.map { l.text("commands.crossing.borderValue", ["border": l.name($0), "km": km(links.kmToBorder ?? 0)]) } ?? "—"
        let distances = l.text("commands.crossing.distancesValue", ["algiers": links.kmToAlgiers.map(km) ?? "—",
                                                                    "town": links.wilayaMainTown?.name ?? l.text("commands.crossing.mainTown"),
                                                                    "townKm": links.kmToWilayaMainTown.map(km) ?? "—"])
        let places = links.nearestPlaces.map {
            l.text("commands.crossing.placeValue", ["name": $0.place.name, "population": l.integer($0.place.population), "km": km($0.distanceKm)])
        }.joined(separator: l.clauses)
        let labelled: [(String, String)] = [
            (l.text("commands.crossing.kind"), l.name(crossing.kind)),
            (l.text("commands.crossing.status"), l.name(crossing.status) + (l.dataText(crossing.statusNote).map { " — \($0)" } ?? "")),
            (l.text("commands.crossing.service"), traffic + l.comma + l.name(crossing.regime)),
            (l.text("commands.crossing.partner"), partner), (l.text("commands.crossing.position"), position),
            (l.text("commands.crossing.wilaya"), wilayaText), (l.text("commands.crossing.border"), border),
            (l.text("commands.crossing.distances"), distances), (l.text("commands.crossing.places"), places),
        ]
        let width = labelled.map { Table.width($0.0) }.max() ?? 0
        let body = labelled.map { label, value in label + String(repeating: " ", count: width + 2 - Table.width(label)) + value }
        return ["\(crossing.name(l.language)) [\(crossing.id)]", String(repeating: "═", count: 60)] + body + [""]
    }

    /// History, projects and committees of `detail`.
    static func detailTables(_ crossing: Crossing, projects: [Project], committees: [Committee], asOf: PartialDate, l: Localizer) -> [Table] {
        [
            Table(title: l.text("commands.crossing.history"),
                  columns: [.init(l, "tables.date"), .init(l, "tables.event"), .init(l, "tables.what_happened"), .init(l, "tables.source", priority: 1)],
                  rows: crossing.history.map { [$0.date, l.name($0.event), l.dataText($0.note), [$0.source?.title, $0.source?.date].compactMap { $0 }.joined(separator: ", ")] }),
            Table(title: l.text("commands.crossing.projects"),
                  columns: [.init(l, "tables.id"), .init(l, "tables.aim"), .init(l, "tables.phase"), .init(l, "tables.done_pct", numeric: true), .init(l, "tables.cost", measures: true)],
                  rows: projects.map { [$0.id, $0.aim(l.language), l.name($0.phase), $0.percentComplete.map { formatNumber($0, decimals: 1) } ?? "", costText($0.cost, l)] }),
            Table(title: l.text("commands.crossing.committees"),
                  columns: [.init(l, "tables.id"), .init(l, "tables.kind"), .init(l, "tables.last_session"), .init(l, "tables.years_ago", numeric: true)],
                  rows: committees.map { committee in
                      [committee.id, l.name(committee.kind),
                       committee.lastSession.map { "\($0.start)\($0.end.map { $0 == committee.lastSession?.start ? "" : "…\($0)" } ?? "")\($0.place.map { ", \($0)" } ?? "")" }
                           ?? l.text("commands.committees.none"),
                       committee.lastSessionDate.map { formatFixed($0.years(until: asOf), decimals: 1) } ?? ""]
                  }),
        ]
    }
}

/// `borderplan committees`.
public enum CommitteesReport {
    public static func render(_ linker: KnowledgeLinker, asOf: PartialDate, format: OutputFormat, language: Language, wide: Bool = false) throws -> String {
        let committees = linker.knowledge.committees
        let l = Localizer(language)
        if format == .json {
            return JSONValue.object([
                "as_of": .string(asOf.description),
                "committees": .array(committees.map { committee in
                    .object([
                        "id": .string(committee.id), "kind": .string(committee.kind.rawValue), "partner": .string(committee.partner.rawValue),
                        "other_partners": .array((committee.otherPartners ?? []).map { .string($0.rawValue) }),
                        "founding_protocol": .optional(committee.foundingProtocol),
                        "sessions_held": committee.sessionsHeld.map(JSONValue.int) ?? .null,
                        "last_session": committee.lastSession.map { .object(["place": .optional($0.place), "start": .string($0.start), "end": .optional($0.end)]) } ?? .null,
                        "years_since_last": .rounded(committee.lastSessionDate.map { $0.years(until: asOf) }, 1),
                        "sessions": .array((committee.sessions ?? []).map(sessionJSON)),
                        "algerian_wilayas": .array((committee.algerianWilayaCodes ?? []).map(JSONValue.string)),
                        "algerian_wilayas_scope": .optional(committee.algerianWilayasScope?.rawValue),
                        "foreign_provinces": .array((committee.foreignProvinces ?? []).map(JSONValue.string)),
                        "sources": .array(committee.sources.map { sourceJSON($0) }),
                    ])
                }),
            ]).prettySerialized() + "\n"
        }
        let rows = try committees.map { committee -> [String] in
            let wilayas = committee.algerianWilayasScope == .allBorderWilayas ? l.text("commands.committees.allBorderWilayas")
                : try (committee.algerianWilayaCodes ?? []).map { "\($0) \(try linker.geodata.wilaya(code: $0)?.name(language) ?? "")" }.joined(separator: ", ")
            return [committee.id, l.name(committee.kind), committee.partners.map(\.rawValue).joined(separator: "+"), committee.foundingProtocol ?? "",
                    committee.sessionsHeld.map(String.init) ?? "",
                    committee.lastSession.map { "\($0.start)\($0.place.map { ", \($0)" } ?? "")" } ?? l.text("commands.committees.none"),
                    committee.lastSessionDate.map { formatFixed($0.years(until: asOf), decimals: 1) } ?? "",
                    wilayas, (committee.foreignProvinces ?? []).joined(separator: ", ")]
        }
        return Table(title: format == .table ? l.text("commands.committees.title", ["date": l.date(asOf)]) : nil,
                     columns: [.init(l, "tables.id"), .init(l, "tables.kind", priority: 3), .init(l, "tables.partners"), .init(l, "tables.founded", priority: 4),
                               .init(l, "tables.sessions", numeric: true, priority: 5), .init(l, "tables.last_session"),
                               .init(l, "tables.years_since", numeric: true), .init(l, "tables.algerian_wilayas", priority: 1), .init(l, "tables.foreign_provinces", priority: 2)],
                     rows: rows).render(format, l, wide: wide)
    }
}

/// `borderplan projects`.
public enum ProjectsReport {
    public static func render(_ knowledge: KnowledgeBase, format: OutputFormat, language: Language = .en, wide: Bool = false) -> String {
        if format == .json {
            return JSONValue.object(["projects": .array(knowledge.projects.map { projectJSON($0, Localizer(language)) })]).prettySerialized() + "\n"
        }
        let l = Localizer(language)
        let rows = knowledge.projects.map { project in
            [project.id, project.crossings.joined(separator: ", "), l.name(project.kind), project.aim, l.name(project.phase),
             project.percentComplete.map { formatNumber($0, decimals: 1) } ?? "", costText(project.cost, l),
             project.started ?? "", project.completed ?? project.expected.map { l.text("commands.projects.expected", ["date": $0]) } ?? ""]
        }
        return Table(title: format == .table ? l.text("commands.projects.title") : nil,
                     columns: [.init(l, "tables.id"), .init(l, "tables.crossings", priority: 2), .init(l, "tables.kind", priority: 3), .init(l, "tables.aim"),
                               .init(l, "tables.phase"), .init(l, "tables.done_pct", numeric: true), .init(l, "tables.cost", measures: true, priority: 1),
                               .init(l, "tables.started", priority: 4), .init(l, "tables.completed", priority: 5)],
                     rows: rows).render(format, l, wide: wide)
    }
}

/// `borderplan validate`.
public enum ValidateReport {
    public static func render(_ findings: [Finding], asOf: PartialDate, format: OutputFormat, language: Language = .en, wide: Bool = false) -> String {
        let counts = Finding.Severity.allCases.map { severity in (severity, findings.filter { $0.severity == severity }.count) }
        if format == .json {
            return JSONValue.object([
                "as_of": .string(asOf.description),
                "summary": .object(counts.map { JSONMember($0.0.rawValue, .int($0.1)) }),
                "findings": .array(findings.map { .object(["severity": .string($0.severity.rawValue), "rule": .string($0.rule), "subject": .string($0.subject), "message": .string($0.message)]) }),
            ]).prettySerialized() + "\n"
        }
        let l = Localizer(language)
        let summary = counts.map { "\(l.name($0.0)): \($0.1)" }.joined(separator: ", ")
        return Table(title: format == .table ? l.text("commands.validate.title", ["date": l.date(asOf), "summary": summary]) : nil,
                     columns: [.init(l, "tables.severity"), .init(l, "tables.rule", priority: 1), .init(l, "tables.subject"), .init(l, "tables.finding")],
                     rows: findings.map { [l.name($0.severity), $0.rule, $0.subject, $0.text(l)] },
                     notes: format == .table ? [l.text("commands.validate.note")] : []).render(format, l, wide: wide)
    }

}
