import ArgumentParser
import BorderPlanKit
import Foundation

/// The formats of `plan` and `compare`: the tables and JSON of every command, or GeoJSON layers.
enum ResultFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, csv, markdown, geojson
}

/// Output options of the commands whose result is also a map layer (`plan`, `compare`).
struct LayerOutputOptions: ParsableArguments {
    @Option(name: .customLong("format"), help: "Output format: table, json, csv, markdown or geojson (RFC 7946 layers).")
    var resultFormat: ResultFormat = .table

    @Option(name: .long, help: "Language of names: ar, fr or en.")
    var lang: Language = .en

    @Flag(name: .long, help: "Text tables: show every column, however wide (default: fit 100 columns, hiding secondary columns with a note).")
    var wide = false

    var geoJSON: Bool { resultFormat == .geojson }

    /// Arabic text tables keep their bidi isolates (as `OutputOptions.isolated`).
    var isolated: Bool { resultFormat == .table && lang == .ar }

    /// The table format (GeoJSON is written by the layer writers, not as a table).
    var format: OutputFormat { OutputFormat(rawValue: resultFormat.rawValue) ?? .json }
}

/// `export`'s plan layer: the report's plan (maximal covering of the population by K options).
struct ExportPlanOptions: ParsableArguments {
    @Option(name: .customLong("plan-add"), parsing: .unconditional,
            help: "Options the `plan` layer chooses (maximal covering of the population, as the report's plan; 0: no plan layer).",
            transform: { $0 == "0" ? 0 : try limited(PlanLimits.sites, $0) })
    var planAdd: Int = 3
    @Option(name: .customLong("exclude-partner"), parsing: .upToNextOption,
            help: "Partners whose crossings the plan layer leaves out (default MA; `none` for no exclusion).")
    var excludePartner: [PartnerOrNone] = ReportOptions.defaultExcludedPartners.map(PartnerOrNone.partner)

    func validate() throws { _ = try PartnerOrNone.partners(excludePartner) }

    /// The layers exported for `--layers` (nil: every layer, less `plan` under `--plan-add 0`).
    func layers(_ chosen: [ExportLayerKind]?) throws -> [ExportLayerKind] {
        if chosen?.contains(.plan) == true, planAdd == 0 { throw usage("usage.layers.plan") }
        return chosen ?? ExportLayerBuilder.allLayers.filter { planAdd > 0 || $0 != .plan }
    }

    /// The plan when the `plan` layer is among the exported `kinds` (`layers(_:)`), else nil.
    func plan(_ kinds: [ExportLayerKind], data: AnalysisData, radiusKm: Double, service: Service, scenario: Scenario?, language: Language) throws -> PlanResult? {
        guard kinds.contains(.plan), planAdd > 0 else { return nil }
        let request = PlanRequest.layerPlan(radiusKm: radiusKm, k: planAdd, service: service, excludePartners: try PartnerOrNone.partners(excludePartner),
                                            scenario: scenario, language: language)
        return try Planner.run(request, data: data)
    }
}

extension ScenarioOptions {
    /// The scenario file, read and checked (nil without --scenario).
    func loaded(_ data: AnalysisData) throws -> Scenario? {
        try scenario.map { try Scenario.load(URL(fileURLWithPath: $0), linker: data.linker, proj: data.proj) }
    }
}

/// `compare --format geojson --out DIR`: each scenario's crossings, catchments and gaps as GeoJSON
/// files (and their attribute tables), in DIR for one scenario, in DIR/<file name> for several.
func writeScenarioLayers(_ entries: [(entry: CompareReport.Entry, sites: [Site], file: String)], data: AnalysisData, service: Service,
                         language: Language, out: URL) throws {
    let folders = try scenarioFolders(entries.map(\.file))
    // One output folder for every scenario: all or nothing, never over a file BorderPlan did not write.
    let written = try OutputFolder.write(out) { staging in
        for (item, subfolder) in zip(entries, folders) {
            let folder = subfolder.map { staging.appendingPathComponent($0, isDirectory: true) } ?? staging
            let (layers, tables) = try CompareReport.layers(item.entry, sites: item.sites, data: data, service: service, language: language)
            try Exporter.stage(layers, tables: tables, format: .geojson, to: folder)
        }
    }
    for file in written { noteText("usage.note.wrote", ["path": .text(file.path)]) }
}

/// The folder of each scenario's layers in `compare --format geojson --out DIR`: DIR itself (nil)
/// for one scenario, DIR/<file name> for several (which must then differ).
func scenarioFolders(_ files: [String]) throws -> [String?] {
    guard files.count > 1 else { return files.map { _ in nil } }
    let stems = files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
    if Set(stems).count < stems.count { throw usage("usage.scenarios.names") }
    return stems
}

/// Throws before any work unless `out` may receive the layers of `compare --format geojson` for
/// the scenario files `files` (each file `writeScenarioLayers` will write there: `OutputFolder.check`).
func checkScenarioLayers(_ files: [String], out: URL) throws {
    let names = ExportFiles.names(CompareReport.scenarioLayers, format: .geojson)
    let paths = try scenarioFolders(files).flatMap { folder in names.map { name in folder.map { "\($0)/\(name)" } ?? name } }
    try OutputFolder.check(out, files: paths)
}
