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
        let radius = formatNumber(radiusKm, decimals: 3)
        return [
            .el("h3", ["id": "uncovered-communes"], text: "The \(limit) most populous uncovered communes of the border wilayas"),
            .el("p", text: "Population farther than \(radius) km from every open crossing, per commune; \(data.demandModel.summary). `borderplan coverage --by commune` lists every commune."),
            Table(columns: [.init("commune code"), .init("commune"), .init("wilaya"), .init("uncovered", numeric: true), .init("population", numeric: true)],
                  rows: top.map { [$0.code, $0.name(language), "\($0.wilaya) \(data.wilaya($0.wilaya)?.name(language) ?? "")", String($0.uncoveredPopulation), String($0.population)] }).htmlNode(),
        ]
    }
}
