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
        if minutes != nil && roadOptions.roads == nil { throw usage("usage.minutes.roads") }
    }

    /// The road network and its description for the report's travel-time section (nil without --roads).
    func reportRoads(_ data: AnalysisData) throws -> ReportRoads? {
        guard let inputs = roadOptions.inputs, let setup = try roadOptions.setup(data) else { return nil }
        return ReportRoads(setup: setup, description: try RoadDescription.of(inputs, setup: setup, dataDirectory: data.geodata.directory), minutes: minutes ?? RoadOptions.defaultMinutes)
    }

    func run() throws {
        try outputGuard(dataOptions, inputs: [(scenarioOptions.scenario, "--scenario"), (roadOptions.roads, "--roads"), (roadOptions.speeds, "--speeds"),
                                              (roadOptions.entryDelays, "--entry-delays")]).check(URL(fileURLWithPath: out))
        // Checked before any work; written all or nothing, never over a file BorderPlan did not write.
        try OutputFolder.check(URL(fileURLWithPath: out), files: ReportBuilder.files)
        let started = Date()
        let data = try loadAnalysis(dataOptions, demandModel: demandOptions.demandModel, prefetching: [.neighbours, .outline, .partnerPlaces])
        let l = Localizer(lang)
        note(progressLine(l.text("notices.stage.load"), seconds: Date().timeIntervalSince(started)))
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
        let index = try builder.write(to: URL(fileURLWithPath: out))
        note(progressLine(l.text("notices.stage.total"), seconds: Date().timeIntervalSince(started)))
        print(l.text("notices.report.written", ["path": index.standardizedFileURL.path]))
    }
}
