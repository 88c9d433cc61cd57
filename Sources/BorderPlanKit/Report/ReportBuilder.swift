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
    public var open: OpenStatuses = .default
    /// Partners whose crossings the plan leaves out (default: Morocco, border closed since 1994).
    public var excludePartners: [String] = ReportOptions.defaultExcludedPartners
    public var exclude: [String] = []
    public var asOf: PartialDate = .today()
    public var language: Language = .en
    public var maxK = 3

    public static let defaultExcludedPartners = ["MA"]

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
    @discardableResult
    public func write(to directory: URL) throws -> URL {
        var clock = Date()
        func stage(_ name: String) {
            progress(progressLine(name, seconds: Date().timeIntervalSince(clock)))
            clock = Date()
        }
        let language = options.language
        let sites = Scenario.sites(data.knowledge, scenario: options.scenario, language: language)
        let findings = try KnowledgeValidation(linker: data.linker, asOf: options.asOf).run()
        stage("validate")
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, open: options.open, radiusKm: options.radiusKm)
        stage("coverage")
        var plans: [PlanResult] = []
        for k in 1...options.maxK {
            var request = PlanRequest(radiusKm: options.radiusKm, k: k)
            request.open = options.open
            request.excludePartners = options.excludePartners
            request.exclude = options.exclude
            request.scenario = options.scenario
            request.language = language
            request.maxSeconds = 10
            plans.append(try Planner.run(request, data: data))
        }
        stage("plan K = 1…\(options.maxK)")
        let layers = try ExportLayerBuilder(data: data, coverage: coverage, sites: sites, open: options.open, radiusKm: options.radiusKm).layers()
        let exports = directory.appendingPathComponent("exports")
        try Exporter.write(layers, format: .geojson, to: exports)
        try Exporter.write(layers, format: .gpkg, to: exports.appendingPathComponent("borderplan.gpkg"))
        stage("exports (GeoJSON, GeoPackage)")
        var maps: [(title: String, svg: String)] = []
        if let drawMap {
            maps.append(("Overview", try drawMap("overview", coverage, sites)))
            maps.append(("Coverage at \(formatNumber(options.radiusKm, decimals: 0)) km", try drawMap("coverage", coverage, sites)))
            stage("maps")
        }
        let html = try page(sites: sites, coverage: coverage, plans: plans, findings: findings, maps: maps, layers: layers)
        let index = directory.appendingPathComponent("index.html")
        try writeAtomically(html, to: index)
        stage("index.html")
        return index
    }

    func page(sites: [Site], coverage: CoverageResult, plans: [PlanResult], findings: [Finding],
              maps: [(title: String, svg: String)], layers: [ExportLayer]) throws -> String {
        let language = options.language
        let radius = formatNumber(options.radiusKm, decimals: 1)
        var body: [String] = []
        body.append(HTML.text("h1", "BorderPlan — Algeria's land borders and crossings"))
        body.append(HTML.text("p", "As of \(options.asOf). Radius \(radius) km; open statuses: \(options.open.description)"
            + (options.scenario.map { "; scenario \"\($0.name)\"" } ?? "") + ". All areas, lengths and distances are geodesic on WGS84.", ["class": "lead"]))
        let summary = findings.reduce(into: [Finding.Severity: Int]()) { $0[$1.severity, default: 0] += 1 }
        body.append(HTML.element("nav", [:], [("#borders", "Borders"), ("#crossings", "Crossings"), ("#committees", "Committees"), ("#coverage", "Coverage"),
                                                ("#plan", "Plan"), ("#findings", "Findings (\(summary[.error] ?? 0) errors, \(summary[.disagreement] ?? 0) disagreements, \(summary[.warning] ?? 0) warnings)"),
                                                ("#exports", "Exports")]
            .map { HTML.text("a", $0.1, ["href": $0.0]) }.joined(separator: " · ")))
        for map in maps {
            body.append(HTML.element("figure", ["class": "map"], stripXMLDeclaration(map.svg) + HTML.text("figcaption", map.title)))
        }

        // Borders.
        body.append(HTML.text("h2", "The seven land borders", ["id": "borders"]))
        let borders = try data.geodata.borders()
        body.append(Table(columns: [.init("border"), .init("ISO-2"), .init("length (km)", numeric: true), .init("wilayas (km)"),
                                    .init("covered at \(radius) km (km)", numeric: true), .init("gaps")],
                          rows: borders.filter { !$0.isCoast }.map { border in
                              let gaps = coverage.gaps.filter { $0.border == border.country }
                              let gapKm = gaps.reduce(0) { $0 + $1.lengthKm }
                              return [border.name(language), border.country ?? "", formatFixed(border.lengthKm, decimals: 1),
                                      border.wilayas.map { "\($0.code) \(data.wilaya($0.code)?.name(language) ?? "") \(formatFixed($0.length_km, decimals: 1))" }.joined(separator: "; "),
                                      formatFixed(border.lengthKm - gapKm, decimals: 1), "\(gaps.count) (\(formatFixed(gapKm, decimals: 1)) km)"]
                          },
                          notes: ["Coastline: \(formatFixed(borders.first { $0.isCoast }?.lengthKm ?? 0, decimals: 1)) km. Definition and sources: geodata/PROVENANCE.md."]).html())

        // Crossings.
        body.append(HTML.text("h2", "Crossings", ["id": "crossings"]))
        var crossingRows: [[String]] = []
        var details: [String] = []
        for site in sites {
            let crossing = data.knowledge.crossing(id: site.id)
            let links = try crossing.map { try data.linker.links(for: $0) }
            let projects = data.knowledge.projects(for: site.id)
            crossingRows.append([site.id, site.name, site.partner, links?.wilaya.map { "\($0.code) \(data.wilaya($0.code)?.name(language) ?? "")" } ?? "—",
                                 site.status + (site.hypothetical ? " (scenario)" : ""), crossing?.statusNote ?? "",
                                 projects.map { "\($0.id): \($0.phase)\($0.percent_complete.map { " \(formatNumber($0, decimals: 0)) %" } ?? "")" }.joined(separator: "; "),
                                 links?.committees.joined(separator: ", ") ?? ""])
            if let crossing, !crossing.history.isEmpty {
                let history = Table(columns: [.init("date"), .init("event"), .init("what happened"), .init("source")],
                                    rows: crossing.history.map { [$0.date, $0.event, $0.note, [$0.source?.title, $0.source?.date].compactMap { $0 }.joined(separator: ", ")] })
                details.append(HTML.element("details", [:], HTML.text("summary", "\(crossing.name(language)) — history (\(crossing.history.count) events)") + history.html()))
            }
        }
        body.append(Table(columns: [.init("id"), .init("crossing"), .init("partner"), .init("wilaya"), .init("status"), .init("status note"), .init("projects"), .init("committees")],
                          rows: crossingRows).html())
        body.append(contentsOf: details)

        // Committees.
        body.append(HTML.text("h2", "Committees and meetings", ["id": "committees"]))
        body.append(Table(columns: [.init("id"), .init("kind"), .init("partner"), .init("sessions", numeric: true), .init("last session"), .init("years since", numeric: true)],
                          rows: data.knowledge.committees.map { committee in
                              [committee.id, committee.kind, committee.partner, committee.sessions_held.map(String.init) ?? "",
                               committee.last_session.map { "\($0.start)\($0.place.map { ", \($0)" } ?? "")" } ?? "none on record",
                               committee.lastSessionDate.map { formatFixed($0.years(until: options.asOf), decimals: 1) } ?? ""]
                          }).html())

        // Coverage.
        body.append(HTML.text("h2", "Coverage of the border wilayas at \(radius) km", ["id": "coverage"]))
        body.append(HTML.text("p", "Covered area: the wilaya ∩ the union of the \(radius) km geodesic discs of the open crossings. Covered population: the population within \(radius) km of an open crossing, \(data.demandModel.summary). Covered border: land-border edges (≤ 1 km) whose midpoint is within \(radius) km of an open crossing."))
        body.append(Table(columns: [.init("code"), .init("wilaya"), .init("borders"), .init("area covered (%)", numeric: true), .init("population covered", numeric: true),
                                    .init("population (%)", numeric: true), .init("border covered (km)", numeric: true), .init("border (%)", numeric: true), .init("nearest open crossing")],
                          rows: coverage.wilayas.map { w in
                              [w.code, data.wilaya(w.code)?.name(language) ?? "", w.borders.map(\.country).joined(separator: " "), formatFixed(w.areaPercent, decimals: 1),
                               "\(w.coveredPopulation) / \(w.population)", w.populationPercent.map { formatFixed($0, decimals: 1) } ?? "—",
                               "\(formatFixed(w.coveredBorderKm, decimals: 1)) / \(formatFixed(w.borderKm, decimals: 1))", w.borderPercent.map { formatFixed($0, decimals: 1) } ?? "—",
                               w.nearestCrossing.map { "\($0.id) (\(formatFixed($0.distanceKm, decimals: 0)) km)" } ?? "—"]
                          }).html())
        body.append(Table(title: "Gaps: land-border stretches farther than \(radius) km from every open crossing",
                          columns: [.init("border"), .init("length (km)", numeric: true), .init("wilayas")],
                          rows: coverage.gaps.map { [$0.border, formatFixed($0.lengthKm, decimals: 1), $0.wilayas.map { "\($0) \(data.wilaya($0)?.name(language) ?? "")" }.joined(separator: ", ")] }).html())
        body.append(try UncoveredCommunesSection.html(data: data, sites: sites, open: options.open, radiusKm: options.radiusKm, language: language))

        // Plan.
        body.append(HTML.text("h2", "Where to work next: the plan for K = 1…\(options.maxK)", ["id": "plan"]))
        body.append(HTML.text("p", "Objective: population of the border wilayas (\(data.demandModel.summary)) within \(radius) km of an open or chosen crossing; candidates: every crossing not open. "
            + "Excluded partners: \(options.excludePartners.isEmpty ? "none" : options.excludePartners.joined(separator: ", "))"
            + (options.exclude.isEmpty ? "" : "; excluded crossings: \(options.exclude.joined(separator: ", "))")
            + ". Change them with `borderplan report --exclude-partner …` (an empty list: `--exclude-partner none`) or `--exclude ID …`."))
        body.append(Table(columns: [.init("K", numeric: true), .init("choose"), .init("covered before", numeric: true), .init("covered after", numeric: true),
                                    .init("share after (%)", numeric: true), .init("optimal"), .init("runner-ups within 1 %")],
                          rows: plans.map { plan in
                              [String(plan.request.k), plan.selected.map { "\($0.rank). \($0.site.id) (+\(formatFixed($0.marginal, decimals: 0)))" }.joined(separator: " "),
                               formatFixed(plan.coveredBefore, decimals: 0), formatFixed(plan.coveredAfter, decimals: 0),
                               plan.demandTotal > 0 ? formatFixed(plan.coveredAfter / plan.demandTotal * 100, decimals: 2) : "—",
                               plan.optimal ? "yes (proved)" : "gap ≤ \(formatFixed(plan.gapPercent, decimals: 2)) %",
                               plan.runnersUp.prefix(3).map { $0.ids.joined(separator: " + ") }.joined(separator: "; ")]
                          }).html())

        // Findings.
        body.append(HTML.text("h2", "Consistency findings (document vs geometry, planning gaps)", ["id": "findings"]))
        body.append(Table(columns: [.init("severity"), .init("rule"), .init("subject"), .init("finding")],
                          rows: findings.map { [$0.severity.rawValue, $0.rule, $0.subject, $0.message] }).html())

        // Exports.
        body.append(HTML.text("h2", "Exports", ["id": "exports"]))
        body.append(HTML.element("ul", [:], layers.map { layer in
            HTML.element("li", [:], HTML.text("a", "exports/\(layer.name).geojson", ["href": "exports/\(layer.name).geojson"]) + HTML.escape(" — \(layer.description) (\(layer.features.count) features)"))
        }.joined() + HTML.element("li", [:], HTML.text("a", "exports/borderplan.gpkg", ["href": "exports/borderplan.gpkg"]) + HTML.escape(" — all layers in one GeoPackage"))))
        body.append(HTML.text("p", "Data: © OpenStreetMap contributors (ODbL) · Natural Earth · GeoNames (CC BY 4.0). Generated by borderplan \(borderPlanVersion).", ["class": "note"]))

        let style = """
            body{font-family:"DejaVu Sans",sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.4}
            table{border-collapse:collapse;margin:1em 0;font-size:0.9em;width:100%}th,td{border-bottom:1px solid #ddd;padding:0.25em 0.5em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:bold;margin:0.5em 0}
            tfoot td{font-weight:bold}.note{color:#666;font-size:0.85em}figure.map svg{width:100%;height:auto;border:1px solid #ccc}nav{margin:1em 0}
            details{margin:0.3em 0}summary{cursor:pointer}
            """
        return "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\"\(language == .ar ? " dir=\"rtl\"" : "")><head><meta charset=\"utf-8\">"
            + HTML.text("title", "BorderPlan report") + HTML.element("style", [:], style) + "</head><body>\n" + body.joined(separator: "\n") + "\n</body></html>\n"
    }

    func stripXMLDeclaration(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
        return String(svg[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
