import Foundation

/// The report's coverage sections: per border wilaya, the gaps, and per service.
extension ReportBuilder {
    /// Coverage per border wilaya, then the gaps.
    func coverageSection(_ coverage: CoverageResult) -> [HTMLNode] {
        let l = localizer
        let language = options.language
        let rows = coverage.wilayas.map { w in
            [w.code, data.wilaya(w.code)?.name(language) ?? "", w.borders.map { l.name($0.country) }.joined(separator: l.comma),
             formatFixed(w.areaPercent, decimals: 1),
             "\(l.integer(w.coveredPopulation)) / \(l.integer(w.population))", w.populationPercent.map { formatFixed($0, decimals: 1) } ?? "—",
             "\(l.number(w.coveredBorderKm, decimals: 1)) / \(l.number(w.borderKm, decimals: 1))", w.borderPercent.map { formatFixed($0, decimals: 1) } ?? "—",
             w.nearestCrossing.map { "\($0.id) (\(l.km($0.distanceKm, decimals: 0)))" } ?? "—"]
        }
        let titles: [(String, Bool)] = [("report.coverage.col.code", false), ("report.coverage.col.wilaya", false), ("report.coverage.col.borders", false),
                                        ("report.coverage.col.area", true), ("report.coverage.col.population", true), ("report.coverage.col.populationShare", true),
                                        ("report.coverage.col.border", true), ("report.coverage.col.borderShare", true), ("report.coverage.col.nearest", false)]
        let gaps = Table(title: l.text("report.gaps.title", ["radius": radiusText]),
                         columns: [.init(l.text("report.gaps.col.border")), .init(l.text("report.gaps.col.length"), numeric: true), .init(l.text("report.gaps.col.wilayas"))],
                         rows: coverage.gaps.map { gap in
                             [l.name(gap.border), formatFixed(gap.lengthKm, decimals: 1),
                              gap.wilayas.map { "\($0) \(data.wilaya($0)?.name(language) ?? "")" }.joined(separator: l.comma)]
                         })
        return [
            .el("h2", ["id": "coverage"], [l.html("report.coverage.heading", ["radius": radiusText])]),
            .el("p", [:], [l.html("report.coverage.definition", ["radius": radiusText, "demand": demandSummary])]),
            Table(columns: titles.map { Table.Column(l.text($0.0), numeric: $0.1) }, rows: rows).htmlNode(localizer: l),
            gaps.htmlNode(localizer: l),
        ]
    }

    /// Covered population per border wilaya for travellers and for goods, side by side.
    func serviceSection(sites: [Site]) throws -> [HTMLNode] {
        let l = localizer
        let services: [Service] = [.travellers, .goods]
        let rows = try ServiceCoverage.compute(data, sites: sites, services: services, radiusKm: options.radiusKm)
        let table = Table(columns: [.init(l.text("report.service.col.code")), .init(l.text("report.service.col.wilaya")),
                                    .init(l.text("report.service.col.population"), numeric: true)]
                            + services.map { .init(l.text("report.service.col.share", ["service": l.name($0)]), numeric: true) },
                          rows: rows.map { row in
                              [row.code, data.wilaya(row.code)?.name(options.language) ?? "", String(row.population)]
                                  + row.percents.map { $0.map { formatFixed($0, decimals: 1) } ?? "—" }
                          })
        return [
            .el("h3", ["id": "coverage-by-service"], [l.html("report.service.heading", ["radius": radiusText])]),
            .el("p", [:], [l.html("report.service.definition", ["demand": demandSummary])]),
            table.htmlNode(localizer: l),
        ]
    }
}
