import Foundation

/// The report's "most populous uncovered communes" section: a self-contained piece of HTML,
/// kept apart from the page layout so it moves with it.
enum UncoveredCommunesSection {
    static let limit = 20

    /// The `limit` communes of the border wilayas with the most population farther than R km
    /// from every open crossing; empty under the places model (places carry no commune).
    static func nodes(data: AnalysisData, sites: [Site], service: Service, radiusKm: Double, language: Language) throws -> [HTMLNode] {
        guard data.demandModel != .places else { return [] }
        let rows = try UnitCoverage.compute(data, by: .commune, open: data.servingSites(sites, service).map(\.location), radiusKm: radiusKm)
        let top = UnitCoverage.mostPopulousUncovered(rows, limit: limit)
        let l = Localizer(language)
        let radius = l.kmUpTo(radiusKm, decimals: 3)
        let table = Table(columns: [.init(l.text("report.communes.col.code")), .init(l.text("report.communes.col.commune")),
                                    .init(l.text("report.communes.col.wilaya")), .init(l.text("report.communes.col.uncovered"), numeric: true),
                                    .init(l.text("report.communes.col.population"), numeric: true)],
                          rows: top.map { [$0.code, $0.name(language), "\($0.wilaya) \(data.wilaya($0.wilaya)?.name(language) ?? "")",
                                           String($0.uncoveredPopulation), String($0.population)] })
        return [
            .el("h3", ["id": "uncovered-communes"], [l.html("report.communes.heading", ["count": l.integer(limit)])]),
            .el("p", [:], [l.html("report.communes.definition", ["radius": radius, "demand": l.demandSummary(data.demandModel),
                                                                 "command": "borderplan coverage --by commune"]).codeArguments()]),
            table.htmlNode(localizer: l),
        ]
    }
}
