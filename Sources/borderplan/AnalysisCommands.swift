import ArgumentParser
import BorderPlanKit
import Foundation
import Geo

extension CatchmentReport.Mode: ExpressibleByArgument {}

/// Which crossings serve (`--service`), and an optional what-if scenario.
struct ScenarioOptions: ParsableArguments {
    @OptionGroup var serviceOptions: ServiceOptions

    /// The service asked for (default travellers).
    var service: Service { serviceOptions.resolved }

    @Option(help: "Scenario file (JSON): status and traffic overrides and hypothetical crossings.")
    var scenario: String?


    /// The sites of the knowledge base with the scenario applied.
    func sites(_ data: AnalysisData, language: Language) throws -> [Site] {
        let loaded = try scenario.map { try Scenario.load(URL(fileURLWithPath: $0), linker: data.linker, proj: data.proj) }
        return Scenario.sites(data.knowledge, scenario: loaded, language: language)
    }
}

func loadAnalysis(_ options: DataOptions, demandModel: DemandModel = .communes) throws -> AnalysisData {
    let geodata = options.geodata()
    let data = try AnalysisData(geodata: geodata, knowledge: try options.knowledge(geodata), proj: try ProjContext(),
                                demandModel: demandModel)
    try data.requireCrossingsPlaced()
    return data
}

extension DemandModel: ExpressibleByArgument {}
extension CoverageUnit: ExpressibleByArgument {}

/// Where the population is (`--demand-model`).
struct DemandModelOptions: ParsableArguments {
    @Option(name: .customLong("demand-model"),
            help: "Where the population is: communes (OSM commune populations at their GeoNames places, default), grid (spread over each commune on a 0.05° grid) or places (GeoNames places).")
    var demandModel: DemandModel = .communes
}

func positiveRadius(_ text: String) throws -> Double {
    try limited({ try PlanLimits.radius($0) }, text)
}

/// Runs an option check of `PlanLimits`, turning its error into the parser's validation error.
func limited<T>(_ check: (String) throws -> T, _ text: String) throws -> T {
    do { return try check(text) } catch let error as LimitError { throw ValidationError(error.description) }
}

struct DistanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distance",
        abstract: "Geodesic distance and azimuths between two crossings, wilayas, places or lat,lon points.",
        discussion: "A wilaya stands for its main town (largest GeoNames place). Examples: `borderplan distance debdeb in-guezzam`, `borderplan distance Alger 36.75,3.06`.")

    @Argument(help: "From: crossing id, wilaya code or name, place name, or lat,lon.") var from: String
    @Argument(help: "To: same forms.") var to: String
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let data = try loadAnalysis(dataOptions)
        emit(DistanceReport.render(from: try Endpoint.resolve(from, data: data, language: output.lang),
                                   to: try Endpoint.resolve(to, data: data, language: output.lang), format: output.format,
                                   language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}

struct DistancesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "distances", abstract: "Crossing-to-crossing distance matrix, and each border wilaya's distance to its nearest open crossing.")

    @Flag(name: .customLong("from-crossings"), help: "The crossing matrix (the only mode for now).") var fromCrossings = false
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard fromCrossings else { throw ValidationError("say what to measure: --from-crossings") }
    }

    func run() throws {
        let data = try loadAnalysis(dataOptions)
        emit(try DistanceMatrixReport.render(data, sites: try scenarioOptions.sites(data, language: output.lang),
                                             service: scenarioOptions.service, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}

struct CatchmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catchment",
        abstract: "A crossing's catchment: its geodesic disc, or its service area (closer to it than to any other open crossing).")

    @Argument(help: "Crossing id (or a scenario's new site).") var id: String
    @Option(parsing: .unconditional, help: "Radius in km (required for disc; a cap for nearest).", transform: positiveRadius) var radius: Double?
    @Option(help: "disc or nearest.") var mode: CatchmentReport.Mode = .disc
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if mode == .disc && radius == nil { throw ValidationError("--radius is required with --mode disc") }
    }

    func run() throws {
        let data = try loadAnalysis(dataOptions)
        let sites = try scenarioOptions.sites(data, language: output.lang)
        guard let site = sites.first(where: { $0.id == id }) else {
            throw UnknownIdentifier(kind: "crossing", id: id, closest: closestMatches(to: id, among: sites.map(\.id)))
        }
        let result = try CatchmentReport.compute(data, site: site, sites: sites, service: scenarioOptions.service, radiusKm: radius, mode: mode)
        emit(CatchmentReport.render(result, data: data, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Coverage of every border wilaya by the open crossings at radius R, and the uncovered gaps along each border.")

    @Option(parsing: .unconditional, help: "Radius in km.", transform: positiveRadius) var radius: Double
    @Option(help: "Unit of the population table: wilaya (default, every figure), commune or daira (covered and uncovered population of the border wilayas' communes or dairas; dairas as OSM names them, admin_level=6).")
    var by: CoverageUnit = .wilaya
    @OptionGroup var demandOptions: DemandModelOptions
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if by != .wilaya && demandOptions.demandModel == .places {
            throw ValidationError("--by \(by.rawValue) needs --demand-model communes or grid: GeoNames places carry no commune")
        }
    }

    func run() throws {
        let data = try loadAnalysis(dataOptions, demandModel: demandOptions.demandModel)
        let sites = try scenarioOptions.sites(data, language: output.lang)
        let service = scenarioOptions.service
        if by != .wilaya {
            let rows = try UnitCoverage.compute(data, by: by, open: data.servingSites(sites, service).map(\.location), radiusKm: radius)
            emit(UnitCoverage.render(rows, by: by, data: data, radiusKm: radius, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
            return
        }
        let result = try CoverageAnalysis(data: data).run(sites: sites, service: service, radiusKm: radius)
        emit(CoverageReport.render(result, data: data, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}
