import ArgumentParser
import BorderPlanKit
import Foundation

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export layers for GIS tools: RFC 7946 GeoJSON (one file per layer) or a GeoPackage.",
        discussion: "Layers: \(ExportLayerKind.rawValues.joined(separator: ", ")) (default all).")

    @Option(help: "geojson (a folder of LAYER.geojson) or gpkg (one file).") var format: ExportFormat = .geojson
    @Option(help: "Output folder (geojson) or .gpkg file.") var out: String
    @Option(parsing: .upToNextOption, help: "Layers to export.") var layers: [ExportLayerKind] = []
    @Option(parsing: .unconditional, help: "Catchment and coverage radius in km.", transform: positiveRadius) var radius: Double = 100
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var demandOptions: DemandModelOptions
    @OptionGroup var dataOptions: DataOptions

    func validate() throws { try requireOutputPath(out) }

    func run() throws {
        try outputGuard(dataOptions, inputs: [(scenarioOptions.scenario, "--scenario")]).check(URL(fileURLWithPath: out))
        try Exporter.checkTarget(URL(fileURLWithPath: out), format: format)
        let data = try loadAnalysis(dataOptions, demandModel: demandOptions.demandModel)
        let sites = try scenarioOptions.sites(data, language: .en)
        let service = scenarioOptions.service
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: service, radiusKm: radius)
        let builder = ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: service, radiusKm: radius)
        let built = try builder.layers(layers.isEmpty ? ExportLayerBuilder.allLayers : layers)
        for file in try Exporter.write(built, format: format, to: URL(fileURLWithPath: out)) { note("wrote \(file.path)") }
    }
}
