import Foundation
import Geo

/// "stage name ……  1.23 s": one progress line of a long command.
public func progressLine(_ stage: String, seconds: Double) -> String {
    stage.padding(toLength: max(stage.count, 30), withPad: " ", startingAt: 0) + String(format: "%7.2f s", seconds)
}

/// What `borderplan report` is asked.
public struct ReportOptions {
    public var radiusKm: Double = 100
    public var scenario: Scenario?
    public var service: Service = .default
    /// Partners whose crossings the plan leaves out (default: Morocco, border closed since 1994).
    public var excludePartners: [Partner] = ReportOptions.defaultExcludedPartners
    public var exclude: [String] = []
    public var asOf: PartialDate = .today()
    public var language: Language = .en
    public var maxK = 3

    public static let defaultExcludedPartners: [Partner] = [.MA]

    public init() {}
}

/// The main job (`make run`): a self-contained HTML report with maps, tables, the plan
/// and the consistency findings, plus the GeoJSON and GeoPackage exports.
public struct ReportBuilder {
    public let data: AnalysisData
    public let options: ReportOptions
    /// Draws a map as standalone SVG (nil: no maps).
    public var drawMap: ((_ kind: String, _ coverage: CoverageResult, _ sites: [Site]) throws -> String)?
    public let progress: (String) -> Void

    public init(data: AnalysisData, options: ReportOptions, progress: @escaping (String) -> Void) {
        self.data = data
        self.options = options
        self.progress = progress
    }

    /// Writes DIR/index.html and DIR/exports/; returns the report's path.
    ///
    /// Coverage is computed once here and handed to the exports and the maps.
    @discardableResult
    public func write(to directory: URL) throws -> URL {
        var clock = Date()
        func stage(_ name: String) {
            progress(progressLine(name, seconds: Date().timeIntervalSince(clock)))
            clock = Date()
        }
        let sites = Scenario.sites(data.knowledge, scenario: options.scenario, language: options.language)
        let findings = try KnowledgeValidation(linker: data.linker, asOf: options.asOf).run()
        stage("validate")
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: options.service, radiusKm: options.radiusKm)
        stage("coverage")
        let plans = try (1...options.maxK).map(plan(k:))
        stage("plan K = 1…\(options.maxK)")
        let builder = ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: options.service, radiusKm: options.radiusKm, language: options.language, plan: plans.last)
        let layers = try builder.layers()
        let tables = try builder.tables()
        let exports = directory.appendingPathComponent("exports")
        try Exporter.write(layers, tables: tables, format: .geojson, to: exports)
        try Exporter.write(layers, tables: tables, format: .gpkg, to: exports.appendingPathComponent("borderplan.gpkg"), asOf: options.asOf)
        stage("exports (GeoJSON, GeoPackage)")
        var maps: [(title: String, svg: String)] = []
        if let drawMap {
            maps.append(("Overview", try drawMap("overview", coverage, sites)))
            maps.append(("Coverage at \(formatNumber(options.radiusKm, decimals: 3)) km", try drawMap("coverage", coverage, sites)))
            stage("maps")
        }
        let html = try page(sites: sites, coverage: coverage, plans: plans, findings: findings, maps: maps, layers: layers)
        let index = directory.appendingPathComponent("index.html")
        try writeAtomically(html, to: index)
        stage("index.html")
        return index
    }

    /// The plan for `k` new crossings, with the report's options.
    func plan(k: Int) throws -> PlanResult {
        var request = PlanRequest(radiusKm: options.radiusKm, k: k)
        request.service = options.service
        request.excludePartners = options.excludePartners
        request.exclude = options.exclude
        request.scenario = options.scenario
        request.language = options.language
        request.maxSeconds = 10
        return try Planner.run(request, data: data)
    }

    /// The whole page: header, maps, then one section per topic.
    func page(sites: [Site], coverage: CoverageResult, plans: [PlanResult], findings: [Finding],
              maps: [(title: String, svg: String)], layers: [ExportLayer]) throws -> String {
        var body = header(findings: findings)
        body += maps.map { map in
            .el("figure", ["class": "map"], [.trusted(stripXMLDeclaration(map.svg)), .el("figcaption", text: map.title)])
        }
        body += try bordersSection(coverage: coverage)
        body += try crossingsSection(sites: sites)
        body += committeesSection()
        body += coverageSection(coverage)
        body += try serviceSection(sites: sites)
        body += try UncoveredCommunesSection.nodes(data: data, sites: sites, service: options.service, radiusKm: options.radiusKm, language: options.language)
        body += planSection(plans)
        body += try PlanMapSection.nodes(self, plan: plans.last, coverage: coverage, sites: sites, maps: maps)
        body += try AcrossTheBorderSection.nodes(data: data, sites: sites, options: options)
        body += findingsSection(findings)
        body += exportsSection(layers)
        return document(body)
    }

    /// `<!DOCTYPE html>`, the head with the inline style sheet, and `body` one node a line.
    func document(_ body: [HTMLNode]) -> String {
        let language = options.language
        var attributes: [(name: String, value: String)] = [("lang", language.rawValue)]
        if language == .ar { attributes.append(("dir", "rtl")) }
        let head = HTMLNode.el("head", [:], [.void("meta", [("charset", "utf-8")]), .el("title", text: "BorderPlan report"),
                                              .el("style", [:], [.trusted(Self.style)])])
        let newline = HTMLNode.trusted("\n")   // the text escaper writes a newline as &#10;
        let html = HTMLNode.element("html", attributes, [head, .el("body", [:], [newline] + body.joined(separator: newline) + [newline])])
        return "<!DOCTYPE html>\n" + html.render() + "\n"
    }

    static let style = """
        body{font-family:"DejaVu Sans",sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.4}
        table{border-collapse:collapse;margin:1em 0;font-size:0.9em;width:100%}th,td{border-bottom:1px solid #ddd;padding:0.25em 0.5em;text-align:left;vertical-align:top}
        th{background:#f3f3f3}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:bold;margin:0.5em 0}
        tfoot td{font-weight:bold}.note{color:#666;font-size:0.85em}figure.map svg{width:100%;height:auto;border:1px solid #ccc}nav{margin:1em 0}
        details{margin:0.3em 0}summary{cursor:pointer}
        """

    /// Title, the lead paragraph (date, radius, statuses, scenario) and the table of contents.
    func header(findings: [Finding]) -> [HTMLNode] {
        let radius = formatNumber(options.radiusKm, decimals: 1)
        let summary = findings.reduce(into: [Finding.Severity: Int]()) { $0[$1.severity, default: 0] += 1 }
        let contents = [("#borders", "Borders"), ("#crossings", "Crossings"), ("#committees", "Committees"), ("#coverage", "Coverage"), ("#plan", "Plan"),
                        ("#findings", "Findings (\(summary[.error] ?? 0) errors, \(summary[.disagreement] ?? 0) disagreements, \(summary[.warning] ?? 0) warnings)"),
                        ("#exports", "Exports")]
        return [
            .el("h1", text: "BorderPlan — Algeria's land borders and crossings"),
            .el("p", ["class": "lead"], text: "As of \(options.asOf). Radius \(radius) km; service: \(options.service) (\(options.service.rule))"
                + (options.scenario.map { "; scenario \"\($0.name)\"" } ?? "") + ". All areas, lengths and distances are geodesic on WGS84."),
            .el("nav", [:], contents.map { HTMLNode.el("a", ["href": $0.0], text: $0.1) }.joined(separator: .text(" · "))),
        ]
    }

    /// The seven land borders: length, wilayas, covered length and gaps.
    func bordersSection(coverage: CoverageResult) throws -> [HTMLNode] {
        let language = options.language
        let radius = formatNumber(options.radiusKm, decimals: 3)
        let borders = try data.geodata.borders()
        return [
            .el("h2", ["id": "borders"], text: "The seven land borders"),
            Table(columns: [.init("border"), .init("ISO-2"), .init("length (km)", numeric: true), .init("wilayas (km)"),
                            .init("covered at \(radius) km (km)", numeric: true), .init("gaps")],
                  rows: borders.filter { !$0.isCoast }.map { border in
                      let gaps = coverage.gaps.filter { $0.border == border.country }
                      let gapKm = gaps.reduce(0) { $0 + $1.lengthKm }
                      return [border.name(language), border.country?.rawValue ?? "", formatFixed(border.lengthKm, decimals: 1),
                              border.wilayas.map { "\($0.code) \(data.wilaya($0.code)?.name(language) ?? "") \(formatFixed($0.lengthKm, decimals: 1))" }.joined(separator: "; "),
                              formatFixed(border.lengthKm - gapKm, decimals: 1), "\(gaps.count) (\(formatFixed(gapKm, decimals: 1)) km)"]
                  },
                  notes: ["Coastline: \(formatFixed(borders.first { $0.isCoast }?.lengthKm ?? 0, decimals: 1)) km. Definition and sources: geodata/PROVENANCE.md."]).htmlNode(),
        ]
    }

    /// The crossings table, then each crossing's history in a `<details>`.
    func crossingsSection(sites: [Site]) throws -> [HTMLNode] {
        let language = options.language
        var rows: [[String]] = []
        var details: [HTMLNode] = []
        for site in sites {
            let crossing = data.knowledge.crossing(id: site.id)
            let links = try crossing.map { try data.linker.links(for: $0) }
            let projects = data.knowledge.projects(for: site.id)
            rows.append([site.id, site.name, site.partner.rawValue, crossing?.kind.rawValue ?? "—", links?.wilaya.map { "\($0.code) \(data.wilaya($0.code)?.name(language) ?? "")" } ?? "—",
                         site.status.rawValue + (site.hypothetical ? " (scenario)" : ""), crossing?.statusNote ?? "",
                         projects.map { project in "\(project.id): \(project.phase)\(project.percentComplete.map { " \(formatNumber($0, decimals: 0)) %" + (project.percentCompleteDate.map { " (\($0))" } ?? "") } ?? "")" }.joined(separator: "; "),
                         links?.committees.joined(separator: ", ") ?? ""])
            if let crossing, !crossing.history.isEmpty {
                let history = Table(columns: [.init("date"), .init("event"), .init("what happened"), .init("source")],
                                    rows: crossing.history.map { [$0.date, $0.event.rawValue, $0.note, [$0.source?.title, $0.source?.date].compactMap { $0 }.joined(separator: ", ")] })
                details.append(.el("details", [:], [.el("summary", text: "\(crossing.name(language)) — history (\(crossing.history.count) events)"), history.htmlNode()]))
            }
        }
        let table = Table(columns: [.init("id"), .init("crossing"), .init("partner"), .init("kind"), .init("wilaya"), .init("status"), .init("status note"), .init("projects"), .init("committees")],
                          rows: rows)
        return [.el("h2", ["id": "crossings"], text: "Crossings"), table.htmlNode()] + details
    }

    /// Committees and how long since they last met.
    func committeesSection() -> [HTMLNode] {
        [
            .el("h2", ["id": "committees"], text: "Committees and meetings"),
            Table(columns: [.init("id"), .init("kind"), .init("partner"), .init("sessions", numeric: true), .init("last session"), .init("years since", numeric: true)],
                  rows: data.knowledge.committees.map { committee in
                      [committee.id, committee.kind.rawValue, committee.partners.map(\.rawValue).joined(separator: "+"), committee.sessionsHeld.map(String.init) ?? "",
                       committee.lastSession.map { "\($0.start)\($0.place.map { ", \($0)" } ?? "")" } ?? "none on record",
                       committee.lastSessionDate.map { formatFixed($0.years(until: options.asOf), decimals: 1) } ?? ""]
                  }).htmlNode(),
        ]
    }

    /// Coverage per border wilaya, then the gaps.
    func coverageSection(_ coverage: CoverageResult) -> [HTMLNode] {
        let language = options.language
        let radius = formatNumber(options.radiusKm, decimals: 1)
        return [
            .el("h2", ["id": "coverage"], text: "Coverage of the border wilayas at \(radius) km"),
            .el("p", text: "Covered area: the wilaya ∩ the union of the \(radius) km geodesic discs of the open crossings. Covered population: the population within \(radius) km of an open crossing, \(data.demandModel.summary). Covered border: land-border edges (≤ 1 km) whose midpoint is within \(radius) km of an open crossing."),
            Table(columns: [.init("code"), .init("wilaya"), .init("borders"), .init("area covered (%)", numeric: true), .init("population covered", numeric: true),
                            .init("population (%)", numeric: true), .init("border covered (km)", numeric: true), .init("border (%)", numeric: true), .init("nearest open crossing")],
                  rows: coverage.wilayas.map { w in
                      [w.code, data.wilaya(w.code)?.name(language) ?? "", w.borders.map(\.country.rawValue).joined(separator: " "), formatFixed(w.areaPercent, decimals: 1),
                       "\(w.coveredPopulation) / \(w.population)", w.populationPercent.map { formatFixed($0, decimals: 1) } ?? "—",
                       "\(formatFixed(w.coveredBorderKm, decimals: 1)) / \(formatFixed(w.borderKm, decimals: 1))", w.borderPercent.map { formatFixed($0, decimals: 1) } ?? "—",
                       w.nearestCrossing.map { "\($0.id) (\(formatFixed($0.distanceKm, decimals: 0)) km)" } ?? "—"]
                  }).htmlNode(),
            Table(title: "Gaps: land-border stretches farther than \(radius) km from every open crossing",
                  columns: [.init("border"), .init("length (km)", numeric: true), .init("wilayas")],
                  rows: coverage.gaps.map { [$0.border.rawValue, formatFixed($0.lengthKm, decimals: 1), $0.wilayas.map { "\($0) \(data.wilaya($0)?.name(language) ?? "")" }.joined(separator: ", ")] }).htmlNode(),
        ]
    }

    /// Covered population per border wilaya for travellers and for goods, side by side.
    func serviceSection(sites: [Site]) throws -> [HTMLNode] {
        let services: [Service] = [.travellers, .goods]
        let rows = try ServiceCoverage.compute(data, sites: sites, services: services, radiusKm: options.radiusKm)
        let radius = formatNumber(options.radiusKm, decimals: 1)
        return [
            .el("h3", ["id": "coverage-by-service"], text: "Covered population by service at \(radius) km: travellers and goods"),
            .el("p", text: "A crossing serves a service when it is open, opens permanently (not only exceptionally) and handles that traffic; \(data.demandModel.summary)."),
            Table(columns: [.init("code"), .init("wilaya"), .init("population", numeric: true)]
                    + services.map { .init("\($0) (%)", numeric: true) },
                  rows: rows.map { row in
                      [row.code, data.wilaya(row.code)?.name(options.language) ?? "", String(row.population)]
                          + row.percents.map { $0.map { formatFixed($0, decimals: 1) } ?? "—" }
                  }).htmlNode(),
        ]
    }

    /// The plan for K = 1…maxK and what it leaves out.
    func planSection(_ plans: [PlanResult]) -> [HTMLNode] {
        let radius = formatNumber(options.radiusKm, decimals: 1)
        return [
            .el("h2", ["id": "plan"], text: "Where to work next: the plan for K = 1…\(options.maxK)"),
            .el("p", text: "Objective: population of the border wilayas (\(data.demandModel.summary)) within \(radius) km of a crossing serving \(options.service) (\(options.service.rule)) or chosen; options: every crossing that does not serve (opened, reopened, given the traffic or made permanent). "
                + "Excluded partners: \(options.excludePartners.isEmpty ? "none" : options.excludePartners.map(\.rawValue).joined(separator: ", "))"
                + (options.exclude.isEmpty ? "" : "; excluded crossings: \(options.exclude.joined(separator: ", "))")
                + ". Change them with `borderplan report --exclude-partner …` (an empty list: `--exclude-partner none`) or `--exclude ID …`."),
            Table(columns: [.init("K", numeric: true), .init("choose"), .init("covered before", numeric: true), .init("covered after", numeric: true),
                            .init("share after (%)", numeric: true), .init("optimal"), .init("runner-ups within 1 %")],
                  rows: plans.map { plan in
                      [String(plan.request.k), plan.selected.map { "\($0.rank). \($0.site.id) (+\(formatFixed($0.marginal, decimals: 0)))" }.joined(separator: " "),
                       formatFixed(plan.coveredBefore, decimals: 0), formatFixed(plan.coveredAfter, decimals: 0),
                       plan.demandTotal > 0 ? formatFixed(plan.coveredAfter / plan.demandTotal * 100, decimals: 2) : "—",
                       plan.optimal ? "yes (proved)" : "gap ≤ \(formatFixed(plan.gapPercent, decimals: 2)) %",
                       plan.runnersUp.prefix(3).map { $0.ids.joined(separator: " + ") }.joined(separator: "; ")]
                  }).htmlNode(),
        ] + plans.compactMap { plan in plan.stopNote.map { .el("p", ["class": "note"], text: "K = \(plan.request.k): \($0).") } }
    }

    /// The consistency findings.
    func findingsSection(_ findings: [Finding]) -> [HTMLNode] {
        [
            .el("h2", ["id": "findings"], text: "Consistency findings (document vs geometry, planning gaps)"),
            Table(columns: [.init("severity"), .init("rule"), .init("subject"), .init("finding")],
                  rows: findings.map { [$0.severity.rawValue, $0.rule, $0.subject, $0.message] }).htmlNode(),
        ]
    }

    /// Links to the exported files, then the attribution.
    func exportsSection(_ layers: [ExportLayer]) -> [HTMLNode] {
        func item(_ file: String, _ note: String) -> HTMLNode {
            .el("li", [:], [.el("a", ["href": file], text: file), .text(note)])
        }
        let items = layers.map { item("exports/\($0.name).geojson", " — \($0.description) (\($0.features.count) features)") }
            + [item("exports/borderplan.gpkg", " — all layers in one GeoPackage")]
        return [
            .el("h2", ["id": "exports"], text: "Exports"),
            .el("ul", [:], items),
            .el("p", ["class": "note"], text: "Data: © OpenStreetMap contributors (ODbL) · Natural Earth · GeoNames (CC BY 4.0). Generated by borderplan \(borderPlanVersion)."),
        ]
    }

    func stripXMLDeclaration(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
        return String(svg[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
