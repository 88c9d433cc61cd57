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
    /// The road network of `--roads` (nil: distances only, as shipped).
    public var roads: ReportRoads?

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

    /// The files the report writes in its folder (relative paths).
    public static var files: [String] {
        ["index.html"] + (ExportFiles.names(ExportLayerBuilder.allLayers, format: .gpkg)
            + ExportFiles.names(ExportLayerBuilder.allLayers, format: .geojson)).map { "exports/" + $0 }
    }

    /// Writes DIR/index.html and DIR/exports/, all or nothing and never over a file BorderPlan did not
    /// write (`OutputFolder`); a file of an earlier report that this one no longer writes is removed.
    /// Returns the report's path.
    @discardableResult
    public func write(to directory: URL) throws -> URL {
        try OutputFolder.write(directory, expected: Self.files, retire: Self.files) { staging in try writeFiles(to: staging) }
        return directory.appendingPathComponent("index.html")
    }

    /// Writes the report into `directory`, a staging folder. Coverage is computed once here and
    /// handed to the exports and the maps.
    func writeFiles(to directory: URL) throws {
        var clock = Date()
        func stage(_ key: String, _ arguments: [String: String] = [:]) {
            progress(progressLine(localizer.text(key, arguments), seconds: Date().timeIntervalSince(clock)))
            clock = Date()
        }
        let sites = Scenario.sites(data.knowledge, scenario: options.scenario, language: options.language)
        let findings = try KnowledgeValidation(linker: data.linker, asOf: options.asOf).run()
        stage("notices.stage.validate")
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: options.service, radiusKm: options.radiusKm)
        stage("notices.stage.coverage")
        let travel = try travelTimes(sites: sites)
        if travel != nil { stage("notices.stage.travel") }
        let plans = try (1...options.maxK).map(plan(k:))
        stage("notices.stage.plans", ["k": String(options.maxK)])
        let builder = ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: options.service, radiusKm: options.radiusKm, language: options.language, plan: plans.last)
        let layers = try builder.layers()
        // The files of the exports are written on a second thread while this one draws the maps and the page.
        let exports = try BackgroundExport(layers, tables: try builder.tables(), to: directory.appendingPathComponent("exports"), asOf: options.asOf)
        stage("notices.stage.export-layers")
        do {
            let html = try page(sites: sites, coverage: coverage, plans: plans, findings: findings, layers: layers, travel: travel, stage: { stage($0) })
            try writeAtomically(html, to: directory.appendingPathComponent("index.html"))
            stage("notices.stage.page")
        } catch {
            try exports.finish()   // the exports' error first, as when they were written before the maps
            throw error
        }
        let seconds = try exports.finish()
        stage("notices.stage.waiting")
        progress(progressLine(localizer.text("notices.stage.exports"), seconds: seconds))
    }

    /// The maps (nil `drawMap`: none), then the whole page, as HTML text.
    func page(sites: [Site], coverage: CoverageResult, plans: [PlanResult], findings: [Finding], layers: [ExportLayer],
              travel: TravelTimeSummary?, stage: (String) -> Void) throws -> String {
        var maps: [(title: HTMLNode, svg: String)] = []
        if let drawMap {
            maps.append((.text(localizer.text("report.map.overview")), try drawMap("overview", coverage, sites)))
            maps.append((localizer.html("report.map.coverage", ["radius": radiusText]), try drawMap("coverage", coverage, sites)))
            stage("notices.stage.maps")
        }
        var isochroneMap: String?
        if let travel, let roads = options.roads, drawMap != nil {
            isochroneMap = try IsochroneMap(data: data, language: options.language).svg(bands: travel.bands, network: roads.setup.network.graph, coverage: coverage,
                                                                                     sites: sites, service: options.service)
        }
        return try page(sites: sites, coverage: coverage, plans: plans, findings: findings, maps: maps, layers: layers,
                        travel: try travelTimeSection(travel, coverage: coverage, map: isochroneMap))
    }

    /// Coverage within each time limit and the isochrones by road (nil without `--roads`).
    func travelTimes(sites: [Site]) throws -> TravelTimeSummary? {
        guard let roads = options.roads else { return nil }
        return try RoadAnalysis.summary(data, roads: roads.setup, description: roads.description, sites: sites, service: options.service, minutes: roads.minutes)
    }

    /// The plan for `k` new crossings, with the report's options.
    func plan(k: Int) throws -> PlanResult {
        let request = PlanRequest.layerPlan(radiusKm: options.radiusKm, k: k, service: options.service, excludePartners: options.excludePartners,
                                            exclude: options.exclude, scenario: options.scenario, language: options.language)
        return try Planner.run(request, data: data)
    }

    /// The whole page: header, maps, then one section per topic.
    func page(sites: [Site], coverage: CoverageResult, plans: [PlanResult], findings: [Finding],
              maps: [(title: HTMLNode, svg: String)], layers: [ExportLayer], travel: [HTMLNode] = []) throws -> String {
        var body = header(findings: findings)
        body += maps.map { map in
            .el("figure", ["class": "map"], [.trusted(stripXMLDeclaration(map.svg)), .el("figcaption", [:], [map.title])])
        }
        body += try bordersSection(coverage: coverage)
        body += try crossingsSection(sites: sites)
        body += committeesSection()
        body += coverageSection(coverage)
        body += try serviceSection(sites: sites)
        body += travel
        body += try UncoveredCommunesSection.nodes(data: data, sites: sites, service: options.service, radiusKm: options.radiusKm, language: options.language)
        body += planSection(plans)
        body += try PlanMapSection.nodes(self, plan: plans.last, coverage: coverage, sites: sites, maps: maps)
        body += try AcrossTheBorderSection.nodes(data: data, sites: sites, options: options)
        body += findingsSection(findings)
        body += exportsSection(layers)
        return document(body)
    }

    /// `<!DOCTYPE html>`, the head with the inline style sheet, and `body` one node a line. An
    /// Arabic page is `dir="rtl"` and every left-to-right run of its text is isolated in a `<bdi>`.
    func document(_ body: [HTMLNode]) -> String {
        let language = options.language
        var attributes: [(name: String, value: String)] = [("lang", language.rawValue)]
        if language == .ar { attributes.append(("dir", "rtl")) }
        let head = HTMLNode.el("head", [:], [.void("meta", [("charset", "utf-8")]), .el("title", text: localizer.text("report.pageTitle")),
                                              .el("style", [:], [.trusted(Self.style)])])
        let newline = HTMLNode.trusted("\n")   // the text escaper writes a newline as &#10;
        let html = HTMLNode.element("html", attributes, [head, .el("body", [:], [newline] + body.joined(separator: newline) + [newline])])
        return "<!DOCTYPE html>\n" + html.render(isolatingLeftToRight: language == .ar) + "\n"
    }

    /// The style sheet, in logical properties (`start`, `end`, `inline-start`) so that an Arabic
    /// page mirrors by itself (a left-to-right English note in an Arabic table keeps the column's
    /// right alignment); Arabic text in Noto Naskh Arabic or Amiri. The maps' SVG keeps a
    /// left-to-right base direction: its Arabic labels carry their own `direction="rtl"`, and
    /// its Latin lines (credits) would otherwise be anchored the wrong way and cut at the edge.
    static let style = """
        body{font-family:"Noto Sans","DejaVu Sans",sans-serif;margin:2em auto;padding:0 1em;max-width:1200px;color:#222;line-height:1.4}
        html:lang(ar) body{font-family:"Noto Naskh Arabic","Amiri","Noto Sans","DejaVu Sans",serif;line-height:1.7}
        table{border-collapse:collapse;margin-block:1em;font-size:0.9em;width:100%}
        th,td{border-bottom:1px solid #ddd;padding:0.25em 0.5em;text-align:start;vertical-align:top}
        th{background:#f3f3f3}td.num,th.num{text-align:end;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}
        caption{text-align:start;font-weight:bold;margin-block:0.5em}
        html[dir=rtl] td[dir=ltr]{text-align:right}
        tfoot td{font-weight:bold}.note{color:#666;font-size:0.85em}nav{margin-block:1em}ul{padding-inline-start:1.5em}
        figure.map{margin-inline:0}figure.map svg{width:100%;height:auto;border:1px solid #ccc;direction:ltr}
        figcaption{text-align:start;font-style:italic;margin-block:0.3em}
        code{font-size:0.9em;white-space:nowrap}
        details{margin-block:0.3em;margin-inline-start:1em}summary{cursor:pointer}
        """

    /// Title, the lead paragraph (date, radius, service, scenario) and the table of contents.
    func header(findings: [Finding]) -> [HTMLNode] {
        let l = localizer
        let counts = findings.reduce(into: [Finding.Severity: Int]()) { $0[$1.severity, default: 0] += 1 }
        let findingsLink = l.html("report.nav.findings", ["errors": l.integer(counts[.error] ?? 0),
                                                          "disagreements": l.integer(counts[.disagreement] ?? 0), "warnings": l.integer(counts[.warning] ?? 0)])
        let contents: [(String, HTMLNode)] = [
            ("#borders", .text(l.text("report.nav.borders"))), ("#crossings", .text(l.text("report.nav.crossings"))),
            ("#committees", .text(l.text("report.nav.committees"))), ("#coverage", .text(l.text("report.nav.coverage"))),
        ] + (options.roads == nil ? [] : [("#travel-time", .text(l.text("roadreport.nav")))]) + [
            ("#plan", .text(l.text("report.nav.plan"))), ("#findings", findingsLink), ("#exports", .text(l.text("report.nav.exports"))),
        ]
        var lead = [l.html("report.lead", ["date": l.date(options.asOf), "radius": radiusText, "service": l.name(options.service), "rule": serviceRule])]
        if let scenario = options.scenario { lead += [.text(" "), l.html("report.lead.scenario", ["name": scenario.name])] }
        lead += [.text(" " + l.text("report.lead.geodesic")), .text(" "), roadsLeadSentence]
        return [
            .el("h1", text: l.text("report.title")),
            .el("p", ["class": "lead"], lead),
            .el("nav", [:], contents.map { HTMLNode.el("a", ["href": $0.0], [$0.1]) }.joined(separator: .text(" · "))),
        ]
    }

    /// The SVG without its XML declaration and the white space around it (standard library
    /// only: Foundation's trimming copies the whole map).
    func stripXMLDeclaration(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.firstRange(of: "?>") else { return svg }
        let scalars = svg.unicodeScalars
        var start = end.upperBound, stop = scalars.endIndex
        while start < stop, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while stop > start, scalars[scalars.index(before: stop)].properties.isWhitespace { stop = scalars.index(before: stop) }
        return String(svg[start..<stop])
    }
}
