import Foundation
import Geo

func sourceJSON(_ source: SourceReference?) -> JSONValue {
    guard let source else { return .null }
    return .object(["title": .string(source.title), "date": .optional(source.date), "url": .optional(source.url)])
}

func eventJSON(_ event: CrossingEvent) -> JSONValue {
    .object(["date": .string(event.date), "event": .string(event.event.rawValue), "note": .string(event.note), "source": sourceJSON(event.source)])
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

func projectJSON(_ project: Project) -> JSONValue {
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
        "notes": .optional(project.notes),
        "sources": .array(project.sources.map { sourceJSON($0) }),
    ])
}

func sessionJSON(_ session: Committee.Session) -> JSONValue {
    .object(["number": session.number.map(JSONValue.int) ?? .null, "place": .optional(session.place), "start": .string(session.start),
             "end": .optional(session.end), "source": sourceJSON(session.source)])
}

func costText(_ cost: Project.Cost?) -> String {
    guard let cost else { return "" }
    if cost.amount >= 1e9 { return "\(formatNumber(cost.amount / 1e9, decimals: 2)) bn \(cost.currency)" }
    if cost.amount >= 1e6 { return "\(formatNumber(cost.amount / 1e6, decimals: 1)) M \(cost.currency)" }
    return "\(formatNumber(cost.amount, decimals: 0)) \(cost.currency)"
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

    public static func list(_ linker: KnowledgeLinker, filter: Filter, format: OutputFormat, language: Language) throws -> String {
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
        let rows = try selected.map { crossing, links -> [String] in
            [crossing.id, crossing.name(language), crossing.partner.rawValue, crossing.kind.rawValue, links.border?.rawValue ?? "—",
             try links.wilaya.map { "\($0.code) \(try wilayaName($0.code) ?? "")" } ?? "—", crossing.status.rawValue,
             formatFixed(crossing.precisionKm, decimals: 0), links.kmToBorder.map { formatFixed($0, decimals: 1) } ?? "—",
             String(linker.knowledge.projects(for: crossing.id).count)]
        }
        let counts = CrossingStatus.allCases.map { status in "\(selected.filter { $0.0.status == status }.count) \(status)" }.joined(separator: ", ")
        return Table(title: format == .table ? "Border crossings (positions are estimates: see precision)" : nil,
                     columns: [.init("id"), .init("name"), .init("partner"), .init("kind"), .init("border (computed)"), .init("wilaya (computed)"), .init("status"),
                               .init("precision (km)", numeric: true), .init("to border (km)", numeric: true), .init("projects", numeric: true)],
                     rows: rows, footer: ["\(selected.count) crossings", counts, "", "", "", "", "", "", "", ""]).render(format)
    }

    /// Everything about one crossing: position, wilaya, border, distances, history, projects, committees.
    public static func detail(_ linker: KnowledgeLinker, id: String, asOf: PartialDate, format: OutputFormat, language: Language,
                              corridor: Corridor? = nil) throws -> String {
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
        let lines = detailLines(crossing, links: links, wilaya: wilaya, language: language)
        let body = detailTables(crossing, projects: projects, committees: committees, asOf: asOf) + (corridor.map { [CorridorReport.table($0, format: format)] } ?? [])
        if format == .table {
            return lines.joined(separator: "\n") + "\n" + body.map { $0.render(.table) }.joined(separator: "\n")
        }
        return (format == .markdown ? lines.map { $0.isEmpty ? "" : $0 + "  " } : lines).joined(separator: "\n") + "\n" + body.map { $0.render(format) }.joined(separator: "\n")
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
            "status_note": .optional(crossing.statusNote), "official": .bool(crossing.official),
            "document_partner": .optional(crossing.documentPartner?.rawValue),
            "algerian_town": .optional(crossing.algerianTown), "partner_town": .optional(crossing.partnerTown),
            "coordinate_source": .string(crossing.coordinateSource),
            "history": .array(crossing.history.map(eventJSON)),
            "projects": .array(projects.map(projectJSON)),
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

    /// The heading and the labelled lines of `detail`.
    static func detailLines(_ crossing: Crossing, links: CrossingLinks, wilaya: Wilaya?, language: Language) -> [String] {
        var lines: [String] = []
        lines.append("\(crossing.name(language)) [\(crossing.id)]")
        lines.append(String(repeating: "═", count: 60))
        lines.append("Kind          \(crossing.kind.rawValue)")
        lines.append("Status        \(crossing.status)\(crossing.statusNote.map { " — \($0)" } ?? "")")
        lines.append("Service       \(crossing.traffic.sorted().map(\.rawValue).joined(separator: " and ")), \(crossing.regime)")
        lines.append("Partner       \(crossing.partner)\(crossing.partnerTown.map { " (\($0))" } ?? "")\(crossing.documentPartner.map { "; the ministry document says \($0)" } ?? "")")
        lines.append("Position      \(formatFixed(crossing.location.lat, decimals: 4)) N, \(formatFixed(crossing.location.lon, decimals: 4)) E, ±\(formatNumber(crossing.precisionKm, decimals: 1)) km (\(crossing.coordinateSource))")
        lines.append("Wilaya        " + (links.wilaya.map { "\($0.code) \(wilaya?.name(language) ?? "")" + ($0.method == .nearest ? " (nearest, \(formatFixed($0.distanceKm, decimals: 1)) km away)" : "") } ?? "none within 5 km"))
        lines.append("Border        " + (links.border.map { "\($0), \(formatFixed(links.kmToBorder ?? 0, decimals: 1)) km away" } ?? "—"))
        lines.append("Distances     Algiers \(links.kmToAlgiers.map { formatFixed($0, decimals: 1) + " km" } ?? "—"); "
                     + "\(links.wilayaMainTown?.name ?? "wilaya main town") \(links.kmToWilayaMainTown.map { formatFixed($0, decimals: 1) + " km" } ?? "—") (geodesic)")
        lines.append("Nearest places " + links.nearestPlaces.map { "\($0.place.name) (\($0.place.population) inh., \(formatFixed($0.distanceKm, decimals: 1)) km)" }.joined(separator: "; "))
        lines.append("")
        return lines
    }

    /// History, projects and committees of `detail`.
    static func detailTables(_ crossing: Crossing, projects: [Project], committees: [Committee], asOf: PartialDate) -> [Table] {
        [
            Table(title: "History", columns: [.init("date"), .init("event"), .init("what happened"), .init("source")],
                  rows: crossing.history.map { [$0.date, $0.event.rawValue, $0.note, [$0.source?.title, $0.source?.date].compactMap { $0 }.joined(separator: ", ")] }),
            Table(title: "Projects", columns: [.init("id"), .init("aim"), .init("phase"), .init("done (%)", numeric: true), .init("cost")],
                  rows: projects.map { [$0.id, $0.aim, $0.phase.rawValue, $0.percentComplete.map { formatNumber($0, decimals: 1) } ?? "", costText($0.cost)] }),
            Table(title: "Committees", columns: [.init("id"), .init("kind"), .init("last session"), .init("years ago", numeric: true)],
                  rows: committees.map { committee in
                      [committee.id, committee.kind.rawValue,
                       committee.lastSession.map { "\($0.start)\($0.end.map { $0 == committee.lastSession?.start ? "" : "…\($0)" } ?? "")\($0.place.map { ", \($0)" } ?? "")" } ?? "none on record",
                       committee.lastSessionDate.map { formatFixed($0.years(until: asOf), decimals: 1) } ?? ""]
                  }),
        ]
    }
}

/// `borderplan committees`.
public enum CommitteesReport {
    public static func render(_ linker: KnowledgeLinker, asOf: PartialDate, format: OutputFormat, language: Language) throws -> String {
        let committees = linker.knowledge.committees
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
            let wilayas = committee.algerianWilayasScope == .allBorderWilayas ? "all border wilayas"
                : try (committee.algerianWilayaCodes ?? []).map { "\($0) \(try linker.geodata.wilaya(code: $0)?.name(language) ?? "")" }.joined(separator: ", ")
            return [committee.id, committee.kind.rawValue, committee.partners.map(\.rawValue).joined(separator: "+"), committee.foundingProtocol ?? "",
                    committee.sessionsHeld.map(String.init) ?? "",
                    committee.lastSession.map { "\($0.start)\($0.place.map { ", \($0)" } ?? "")" } ?? "none on record",
                    committee.lastSessionDate.map { formatFixed($0.years(until: asOf), decimals: 1) } ?? "",
                    wilayas, (committee.foreignProvinces ?? []).joined(separator: ", ")]
        }
        return Table(title: format == .table ? "Cross-border committees and meetings (as of \(asOf))" : nil,
                     columns: [.init("id"), .init("kind"), .init("partner"), .init("founded"), .init("sessions", numeric: true), .init("last session"),
                               .init("years since", numeric: true), .init("Algerian wilayas"), .init("foreign provinces")],
                     rows: rows).render(format)
    }
}

/// `borderplan projects`.
public enum ProjectsReport {
    public static func render(_ knowledge: KnowledgeBase, format: OutputFormat) -> String {
        if format == .json {
            return JSONValue.object(["projects": .array(knowledge.projects.map(projectJSON))]).prettySerialized() + "\n"
        }
        let rows = knowledge.projects.map { project in
            [project.id, project.crossings.joined(separator: ", "), project.kind.rawValue, project.aim, project.phase.rawValue,
             project.percentComplete.map { formatNumber($0, decimals: 1) } ?? "", costText(project.cost),
             project.started ?? "", project.completed ?? project.expected.map { "expected \($0)" } ?? ""]
        }
        return Table(title: format == .table ? "Upgrade and creation projects" : nil,
                     columns: [.init("id"), .init("crossings"), .init("kind"), .init("aim"), .init("phase"), .init("done (%)", numeric: true), .init("cost"),
                               .init("started"), .init("completed")],
                     rows: rows).render(format)
    }
}

/// `borderplan validate`.
public enum ValidateReport {
    public static func render(_ findings: [Finding], asOf: PartialDate, format: OutputFormat) -> String {
        let counts = Finding.Severity.allCases.map { severity in (severity, findings.filter { $0.severity == severity }.count) }
        if format == .json {
            return JSONValue.object([
                "as_of": .string(asOf.description),
                "summary": .object(counts.map { JSONMember($0.0.rawValue, .int($0.1)) }),
                "findings": .array(findings.map { .object(["severity": .string($0.severity.rawValue), "rule": .string($0.rule), "subject": .string($0.subject), "message": .string($0.message)]) }),
            ]).prettySerialized() + "\n"
        }
        let summary = counts.map { "\($0.1) \($0.0.rawValue)\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
        return Table(title: format == .table ? "Consistency report as of \(asOf): \(summary)" : nil,
                     columns: [.init("severity"), .init("rule"), .init("subject"), .init("finding")],
                     rows: findings.map { [$0.severity.rawValue, $0.rule, $0.subject, $0.message] },
                     notes: format == .table ? ["Errors make the exit status 1. Disagreements: the source document vs the geometry. Warnings: planning gaps."] : []).render(format)
    }
}
