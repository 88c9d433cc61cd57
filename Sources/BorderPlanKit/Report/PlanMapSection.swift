import Foundation

/// The report's plan map: the largest plan's options and the communes they newly cover, drawn
/// on the coverage map, with the ten communes that gain most. A self-contained piece of HTML.
enum PlanMapSection {
    static let listed = 10

    /// Nothing when the report draws no maps, has no coverage map or the plan chose nothing.
    static func nodes(_ report: ReportBuilder, plan: PlanResult?, coverage: CoverageResult, sites: [Site],
                      maps: [(title: HTMLNode, svg: String)]) throws -> [HTMLNode] {
        guard report.drawMap != nil, let plan, !plan.selected.isEmpty,
              let coverageMap = maps.first(where: { $0.svg.contains("id=\"discs\"") })?.svg else { return [] }
        let data = report.data, language = report.options.language
        let communes = try PlanMap.newlyCovered(plan, data: data, sites: sites)
        let svg = try PlanMap(data: data, language: language).svg(coverageMap: coverageMap, plan: plan, newlyCovered: communes, coverage: coverage,
                                                                  sites: sites, service: plan.request.service)
        let people = communes.reduce(0) { $0 + $1.gain }
        var nodes: [HTMLNode] = [
            .el("figure", ["class": "map", "id": "plan-map"], [.trusted(report.stripXMLDeclaration(svg)),
                                                               .el("figcaption", text: caption(plan, communes: communes.count, people: people, data: data, language: language))]),
        ]
        if !communes.isEmpty {
            let headers = PlanMapText(language).communeHeaders
            nodes.append(Table(columns: [.init(headers.code), .init(headers.commune), .init(headers.wilaya), .init(headers.gain, numeric: true)],
                               rows: communes.prefix(listed).map { item in
                                   [item.commune.onsCode ?? item.commune.id, item.commune.name(language),
                                    "\(item.commune.wilaya) \(data.wilaya(item.commune.wilaya)?.name(language) ?? "")", String(item.gain)]
                               }).htmlNode())
        }
        return nodes
    }

    /// What the map shows, with its demand model and service.
    static func caption(_ plan: PlanResult, communes: Int, people: Int, data: AnalysisData, language: Language) -> String {
        PlanMapText(language).caption(plan, communes: communes, people: people, demandModel: data.demandModel)
    }
}
