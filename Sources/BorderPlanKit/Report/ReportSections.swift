import Foundation

/// The report's sections on what is there: borders, crossings and committees.
extension ReportBuilder {
    /// The seven land borders: length, wilayas, covered length and gaps.
    func bordersSection(coverage: CoverageResult) throws -> [HTMLNode] {
        let l = localizer
        let borders = try data.geodata.borders()
        let rows = borders.filter { !$0.isCoast }.map { border in
            let gaps = coverage.gaps.filter { $0.border == border.country }
            let gapKm = gaps.reduce(0) { $0 + $1.lengthKm }
            let wilayas = border.wilayas.map { "\($0.code) \(data.wilaya($0.code)?.name(options.language) ?? "") (\(l.km($0.lengthKm, decimals: 1)))" }
            return [border.name(options.language), border.country?.rawValue ?? "", formatFixed(border.lengthKm, decimals: 1),
                    wilayas.joined(separator: l.clauses), formatFixed(border.lengthKm - gapKm, decimals: 1),
                    l.text("report.borders.gapsCell", ["count": l.integer(gaps.count), "length": l.km(gapKm, decimals: 1)])]
        }
        let coast = l.km(borders.first { $0.isCoast }?.lengthKm ?? 0, decimals: 1)
        let table = Table(columns: [.init(l.text("report.borders.col.border")), .init(l.text("report.borders.col.iso")),
                                    .init(l.text("report.borders.col.length"), numeric: true), .init(l.text("report.borders.col.wilayas")),
                                    .init(l.text("report.borders.col.covered", ["radius": radiusText]), numeric: true), .init(l.text("report.borders.col.gaps"))],
                          rows: rows, notes: [l.text("report.borders.note", ["coast": coast, "file": "geodata/PROVENANCE.md"])])
        return [.el("h2", ["id": "borders"], text: l.text("report.borders.heading")), table.htmlNode(localizer: l)]
    }

    /// The crossings table, then each crossing's history in a `<details>`.
    func crossingsSection(sites: [Site]) throws -> [HTMLNode] {
        let l = localizer
        var rows: [[String]] = []
        var details: [HTMLNode] = []
        for site in sites {
            let crossing = data.knowledge.crossing(id: site.id)
            let links = try crossing.map { try data.linker.links(for: $0) }
            let status = l.name(site.status) + (site.hypothetical ? " (" + l.text("report.crossings.scenario") + ")" : "")
            rows.append([site.id, site.name, l.name(site.partner), crossing.map { l.name($0.kind) } ?? "—",
                         links?.wilaya.map { "\($0.code) \(data.wilaya($0.code)?.name(options.language) ?? "")" } ?? "—",
                         status, crossing.flatMap { l.dataText($0.statusNote) } ?? "", projectsCell(site.id), links?.committees.joined(separator: l.comma) ?? ""])
            if let crossing, !crossing.history.isEmpty { details.append(history(of: crossing)) }
        }
        let titles = ["report.crossings.col.id", "report.crossings.col.crossing", "report.crossings.col.partner", "report.crossings.col.kind",
                      "report.crossings.col.wilaya", "report.crossings.col.status", "report.crossings.col.statusNote",
                      "report.crossings.col.projects", "report.crossings.col.committees"]
        var columns = titles.map { Table.Column(l.text($0)) }
        columns[6].htmlClass = ReportClass.knowledgeText
        let table = Table(columns: columns, rows: rows)
        return [.el("h2", ["id": "crossings"], text: l.text("report.crossings.heading")), table.htmlNode(localizer: l)] + details
    }

    /// "p-id: in progress, 75 % (March 2025)" for each project of a crossing.
    func projectsCell(_ crossing: String) -> String {
        let l = localizer
        return data.knowledge.projects(for: crossing).map { project in
            guard let percent = project.percentComplete else {
                return l.text("report.crossings.project", ["id": project.id, "phase": l.name(project.phase)])
            }
            let progress = l.percent(percent, decimals: 0) + (project.percentCompleteDate.map { " (\(l.dateText($0)))" } ?? "")
            return l.text("report.crossings.projectProgress", ["id": project.id, "phase": l.name(project.phase), "progress": progress])
        }.joined(separator: l.clauses)
    }

    /// A crossing's history: date, event, what happened (the note in the report's language) and source.
    func history(of crossing: Crossing) -> HTMLNode {
        let l = localizer
        let titles = ["report.history.col.date", "report.history.col.event", "report.history.col.note", "report.history.col.source"]
        var columns = titles.map { Table.Column(l.text($0)) }
        columns[2].htmlClass = ReportClass.knowledgeText
        columns[3].htmlClass = ReportClass.source
        let table = Table(columns: columns,
                          rows: crossing.history.map { event in
                              [l.dateText(event.date), l.name(event.event), l.dataText(event.note),
                               [event.source?.title, event.source?.date.map(l.dateText)].compactMap { $0 }.joined(separator: l.comma)]
                          })
        let summary = l.html("report.history.summary", ["name": crossing.name(options.language), "count": l.integer(crossing.history.count)])
        return .el("details", [:], [.el("summary", [:], [summary]), table.htmlNode(localizer: l)])
    }

    /// Committees and how long since they last met.
    func committeesSection() -> [HTMLNode] {
        let l = localizer
        let rows = data.knowledge.committees.map { committee in
            [committee.id, l.name(committee.kind), committee.partners.map { l.name($0) }.joined(separator: l.comma), committee.sessionsHeld.map(String.init) ?? "",
             committee.lastSession.map { session in
                 l.dateText(session.start) + (session.place.map { l.comma + $0 } ?? "")
             } ?? l.text("report.committees.none"),
             committee.lastSessionDate.map { formatFixed($0.years(until: options.asOf), decimals: 1) } ?? ""]
        }
        let table = Table(columns: [.init(l.text("report.committees.col.id")), .init(l.text("report.committees.col.kind")),
                                    .init(l.text("report.committees.col.partner")), .init(l.text("report.committees.col.sessions"), numeric: true),
                                    .init(l.text("report.committees.col.last")), .init(l.text("report.committees.col.years"), numeric: true)],
                          rows: rows)
        return [.el("h2", ["id": "committees"], text: l.text("report.committees.heading")), table.htmlNode(localizer: l)]
    }
}
