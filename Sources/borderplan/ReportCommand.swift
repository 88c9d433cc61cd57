import ArgumentParser
import BorderPlanKit
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The main job: a self-contained HTML report (maps, borders, crossings, committees, coverage, plan, findings) and the GIS exports.")

    @Option(parsing: .unconditional, help: "Radius in km.", transform: positiveRadius) var radius: Double = 100
    @Option(help: "Output folder.") var out: String = "out/report"
    @OptionGroup var roadOptions: RoadOptions
    @Option(parsing: .unconditional, help: "With --roads: the travel-time limits in minutes (one, or several ascending: 60,120,240).", transform: minuteList)
    var minutes: [Double]?
    @Option(name: .customLong("exclude-partner"), parsing: .upToNextOption,
            help: "Partners whose crossings the plan leaves out (default MA; `none` for no exclusion).")
    var excludePartner: [PartnerOrNone] = ReportOptions.defaultExcludedPartners.map(PartnerOrNone.partner)
    @Option(parsing: .upToNextOption, help: "Crossings the plan leaves out.") var exclude: [String] = []
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var demandOptions: DemandModelOptions
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Language of names: ar, fr or en.") var lang: Language = .en

    func validate() throws {
        _ = try PartnerOrNone.partners(excludePartner)
        try requireOutputPath(out)
        if minutes != nil && roadOptions.roads == nil { throw ValidationError("--minutes needs --roads FILE (a road network)") }
    }

    /// The road network and its description for the report's travel-time section (nil without --roads).
    func reportRoads(_ data: AnalysisData) throws -> ReportRoads? {
        guard let inputs = roadOptions.inputs, let setup = try roadOptions.setup(data) else { return nil }
        return ReportRoads(setup: setup, description: try RoadDescription.of(inputs, setup: setup, dataDirectory: data.geodata.directory), minutes: minutes ?? RoadOptions.defaultMinutes)
    }

    /// Whether a path inside the report folder is one `report` writes.
    static func writes(_ relative: String) -> Bool {
        let layers = Set(ExportLayerBuilder.allLayers.map { "exports/\($0.rawValue).geojson" }
                         + ExportLayerBuilder.tableNames.flatMap { ["exports/\($0).csv", "exports/\($0).csvt"] })
        return relative == "index.html" || relative == "exports" || relative == "exports/borderplan.gpkg" || relative == "exports/borderplan.qgs"
            || layers.contains(relative)
    }

    func run() throws {
        try outputGuard(dataOptions, inputs: [(scenarioOptions.scenario, "--scenario"), (roadOptions.roads, "--roads"), (roadOptions.speeds, "--speeds"),
                                              (roadOptions.entryDelays, "--entry-delays")]).check(URL(fileURLWithPath: out))
        // Built beside --out and swapped in when complete: an error or an interrupt leaves the previous report.
        let staged = try StagedDirectory(target: URL(fileURLWithPath: out), owned: Self.writes)
        let started = Date()
        let data = try loadAnalysis(dataOptions, demandModel: demandOptions.demandModel)
        note(progressLine("load geodata", seconds: Date().timeIntervalSince(started)))
        var options = ReportOptions()
        options.radiusKm = radius
        options.service = scenarioOptions.service
        options.scenario = try scenarioOptions.scenario.map { try Scenario.load(URL(fileURLWithPath: $0), linker: data.linker, proj: data.proj) }
        options.excludePartners = try PartnerOrNone.partners(excludePartner)
        options.exclude = exclude
        options.asOf = asOf.date
        options.language = lang
        options.roads = try reportRoads(data)
        let builder = makeReportBuilder(data: data, options: options, progress: { note($0) })
        do {
            _ = try builder.write(to: staged.staging)
            try staged.commit()
        } catch {
            staged.discard()
            throw error
        }
        note(progressLine("total", seconds: Date().timeIntervalSince(started)))
        print("Report written: \(staged.target.appendingPathComponent("index.html").path)")
    }
}
