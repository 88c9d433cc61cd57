import ArgumentParser
import BorderPlanKit
import Foundation

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export layers for GIS tools: RFC 7946 GeoJSON, a GeoPackage with QGIS styles and project, CSV or Shapefiles.",
        discussion: """
            Layers: \(ExportLayerKind.rawValues.joined(separator: ", ")) (default all). Many-valued facts are attribute tables: \
            \(ExportLayerBuilder.tableNames.joined(separator: ", ")).
            """)

    @Option(help: "geojson (a folder of LAYER.geojson and TABLE.csv), gpkg (one file, with borderplan.qgs beside it), csv (a folder, one table per file) or shp (a folder of Shapefiles, through ogr2ogr).")
    var format: ExportFormat = .geojson
    @Option(help: "Output folder, or the .gpkg file.") var out: String
    @Option(parsing: .upToNextOption, help: "Layers to export, comma-separated (spaces also accepted).", transform: parseLayerList)
    var layers: [[ExportLayerKind]] = []
    @Option(help: "Language of the `name` field: ar, fr or en (name_ar, name_fr and name_en are always written).") var lang: Language = .en
    @OptionGroup var asOf: AsOfOption
    @Option(parsing: .unconditional, help: "Catchment and coverage radius in km.", transform: positiveRadius) var radius: Double = 100
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var planOptions: ExportPlanOptions
    @OptionGroup var demandOptions: DemandModelOptions
    @OptionGroup var dataOptions: DataOptions

    func validate() throws { try requireOutputPath(out) }

    func run() throws {
        try outputGuard(dataOptions, inputs: [(scenarioOptions.scenario, "--scenario")]).check(URL(fileURLWithPath: out))
        let kinds = try planOptions.layers(layers.isEmpty ? nil : layers.flatMap { $0 })
        // Checked before any work: a file of the same name BorderPlan did not write makes the command refuse now.
        try ExportFiles.check(URL(fileURLWithPath: out), format: format, layers: kinds)
        let data = try loadAnalysis(dataOptions, demandModel: demandOptions.demandModel)
        let scenario = try scenarioOptions.loaded(data)
        let sites = Scenario.sites(data.knowledge, scenario: scenario, language: .en)
        let service = scenarioOptions.service
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: service, radiusKm: radius)
        let plan = try planOptions.plan(kinds, data: data, radiusKm: radius, service: service, scenario: scenario, language: lang)
        let builder = ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: service, radiusKm: radius, language: lang, plan: plan)
        let files = try Exporter.write(try builder.layers(kinds), tables: try builder.tables(kinds), format: format,
                                       to: URL(fileURLWithPath: out), asOf: asOf.date)
        for file in files { noteText("usage.note.wrote", ["path": .text(file.path)]) }
    }
}

/// `--layers borders,crossings` (commas, like every list option; `--layers borders crossings` too).
func parseLayerList(_ text: String) throws -> [ExportLayerKind] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard !parts.isEmpty else { throw usage("usage.layers.none", ["allowed": .text(ExportLayerKind.rawValues.joined(separator: ", "))]) }
    return try parts.map { part in
        guard let kind = ExportLayerKind(rawValue: part) else { throw usage("usage.value.not-one-of", ["value": .text(part), "allowed": .text(ExportLayerKind.rawValues.joined(separator: ", "))]) }
        return kind
    }
}
