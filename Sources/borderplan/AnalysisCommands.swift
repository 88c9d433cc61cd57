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

    /// The road network under the scenario's road part (another network, closures, speed changes).
    func roads(_ setup: RoadSetup?, data: AnalysisData) throws -> RoadSetup? {
        guard let setup, let scenario else { return setup }
        let loaded = try Scenario.load(URL(fileURLWithPath: scenario), linker: data.linker, proj: data.proj)
        return try RoadScenarioApplier.apply(loaded, to: setup, data: data, log: note)
    }
}

/// The geodata and knowledge base of `options`; `deadline` (plan's `--max-seconds`) bounds the load.
/// Worker threads read the layers meanwhile: those of the load first, then `later` (layers the command needs after it).
func loadAnalysis(_ options: DataOptions, demandModel: DemandModel = .communes, deadline: Deadline? = nil,
                  prefetching later: [GeodataLayer] = []) throws -> AnalysisData {
    let geodata = options.geodata()
    geodata.prefetch(AnalysisData.prefetchedLayers(demandModel) + later)
    let knowledge = try options.knowledge(geodata)
    try deadline?.check("loading the data (knowledge base)")
    let data = try AnalysisData(geodata: geodata, knowledge: knowledge, proj: try ProjContext(),
                                demandModel: demandModel, deadline: deadline)
    try data.requireCrossingsPlaced()
    return data
}

extension DemandModel: ExpressibleByArgument {}
extension Side: ExpressibleByArgument {}
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
    do { return try check(text) } catch let error as LimitError { throw usage(error) }
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
        guard fromCrossings else { throw usage("usage.distances.what") }
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
        abstract: "A crossing's catchment: its geodesic disc, or its service area (closer to it than to any other open crossing); by road with --roads.")

    @Argument(help: "Crossing id (or a scenario's new site).") var id: String
    @Option(parsing: .unconditional, help: "Radius in km (required for disc; a cap for nearest).", transform: positiveRadius) var radius: Double?
    @Option(help: "disc or nearest.") var mode: CatchmentReport.Mode = .disc
    @OptionGroup var roadOptions: RoadOptions
    @Option(parsing: .unconditional, help: "With --roads: isochrones at these travel times in minutes (e.g. 60,120,240).", transform: minuteList)
    var minutes: [Double]?
    @Option(help: "With --minutes: also write the isochrone bands as a GeoJSON layer to this file.") var geojson: String?
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if roadOptions.roads != nil {
            if mode == .disc && minutes == nil { throw usage("usage.roads.minutes") }
            if radius != nil { throw usage("usage.roads.radius") }
        } else if minutes != nil || geojson != nil {
            throw usage("usage.roads.needed")
        }
        if roadOptions.roads == nil && mode == .disc && radius == nil { throw usage("usage.radius.disc") }
    }

    func run() throws {
        let data = try loadAnalysis(dataOptions)
        let sites = try scenarioOptions.sites(data, language: output.lang)
        guard let site = sites.first(where: { $0.id == id }) else {
            throw UnknownIdentifier(kind: "crossing", id: id, closest: closestMatches(to: id, among: sites.map(\.id)))
        }
        if let roads = try scenarioOptions.roads(roadOptions.setup(data), data: data) {
            try runByRoad(data, roads: roads, site: site, sites: sites)
            return
        }
        let result = try CatchmentReport.compute(data, site: site, sites: sites, service: scenarioOptions.service, radiusKm: radius, mode: mode)
        emit(CatchmentReport.render(result, data: data, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }

    func runByRoad(_ data: AnalysisData, roads: RoadSetup, site: Site, sites: [Site]) throws {
        guard let minutes else {
            emit(RoadReports.serviceAreas(try RoadAnalysis.serviceAreas(data, roads: roads, sites: sites, service: scenarioOptions.service), data: data, format: output.format, language: output.lang))
            return
        }
        let bands = try RoadAnalysis.isochrones(data, roads: roads, site: site, minutes: minutes)
        if let geojson {
            let url = URL(fileURLWithPath: geojson)
            try outputGuard(dataOptions, inputs: [(roadOptions.roads, "--roads")]).check(url, option: "--geojson")
            try writeOutputFile(Data(try RoadReports.isochroneLayer(bands, site: site).utf8), to: url)
        }
        emit(RoadReports.isochrones(bands, site: site, roads: roads, format: output.format, language: output.lang))
    }
}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Coverage of every border wilaya by the open crossings at radius R, and the uncovered gaps along each border.")

    @Option(parsing: .unconditional, help: "Radius in km (or --roads FILE --minutes T).", transform: positiveRadius) var radius: Double?
    @OptionGroup var roadOptions: RoadOptions
    @Option(parsing: .unconditional, help: "With --roads: the travel-time limit in minutes instead of a radius.", transform: positiveMinutes) var minutes: Double?
    @Option(help: "Unit of the population table: wilaya (default, every figure), commune or daira (covered and uncovered population of the border wilayas' communes or dairas; dairas as OSM names them, admin_level=6).")
    var by: CoverageUnit = .wilaya
    @Option(help: "Whose population: dz (Algeria's border wilayas, default), partner (the neighbours' places; discs clipped to the neighbour) or both.")
    var side: Side = .dz
    @OptionGroup var demandOptions: DemandModelOptions
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if roadOptions.roads != nil {
            guard minutes != nil, radius == nil else { throw usage("usage.roads.time") }
        } else {
            guard radius != nil else { throw usage("usage.radius.required") }
            guard minutes == nil else { throw usage("usage.minutes.roads") }
        }
        if by != .wilaya && demandOptions.demandModel == .places {
            throw usage("usage.by.model", ["unit": .text(by.rawValue)])
        }
        if by != .wilaya && side != .dz { throw usage("usage.by.side", ["unit": .text(by.rawValue), "side": .text(side.rawValue)]) }
    }

    func run() throws {
        let data = try loadAnalysis(dataOptions, demandModel: demandOptions.demandModel)
        let sites = try scenarioOptions.sites(data, language: output.lang)
        let service = scenarioOptions.service
        if let roads = try scenarioOptions.roads(roadOptions.setup(data), data: data), let minutes {
            if by != .wilaya {
                let rows = try RoadAnalysis.unitCoverage(data, roads: roads, sites: sites, service: service, minutes: minutes, by: by)
                let limit = Localizer(output.lang).text("roadreport.units.limit", ["minutes": Localizer(output.lang).number(minutes, decimals: 0)])
                emit(output.format == .json ? UnitCoverage.json(rows, by: by, data: data, minutes: minutes, language: output.lang).prettySerialized() + "\n"
                         : UnitCoverage.render(rows, by: by, data: data, limit: limit, format: output.format, language: output.lang, wide: output.wide),
                     keepIsolates: output.isolated)
                return
            }
            let result = try RoadAnalysis.coverage(data, roads: roads, sites: sites, service: service, minutes: minutes)
            emit(RoadReports.coverage(result, data: data, format: output.format, language: output.lang))
            return
        }
        guard let radius else { return }
        if by != .wilaya {
            let rows = try UnitCoverage.compute(data, by: by, open: data.servingSites(sites, service).map(\.location), radiusKm: radius)
            emit(UnitCoverage.render(rows, by: by, data: data, radiusKm: radius, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
            return
        }
        if side != .dz {
            let result = try TwoSidedCoverage(data: data, partner: try PartnerSide(geodata: data.geodata)).run(sites: sites, service: service, radiusKm: radius, side: side)
            emit(TwoSidedCoverageReport.render(result, data: data, format: output.format, language: output.lang))
            return
        }
        let result = try CoverageAnalysis(data: data).run(sites: sites, service: service, radiusKm: radius)
        emit(CoverageReport.render(result, data: data, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}

/// `--roads FILE` (a road network GDAL reads), `--speeds FILE`, `--entry-delays FILE`.
struct RoadOptions: ParsableArguments {
    @Option(help: "Road network (OSM .osm.pbf, GeoPackage, Shapefile, GeoJSON…): travel times by road instead of distances.")
    var roads: String?
    @Option(help: "With --roads: speed table (CSV class,speed_kmh[,unpaved_kmh]; default the data folder's speeds.csv).")
    var speeds: String?
    @Option(name: .customLong("entry-delays"), help: "With --roads: minutes spent at each crossing before the road (CSV crossing,minutes; * for all others).")
    var entryDelays: String?
    @Option(name: .customLong("close-ways"), parsing: .unconditional,
            help: "With --roads: a what-if with these ways closed (OSM way ids, else the layer's feature ids; comma-separated).", transform: wayList)
    var closeWays: [Int64] = []

    /// The time limits of `report` and `serve` when --minutes is not given.
    static let defaultMinutes: [Double] = [60, 120, 240]

    func validate() throws {
        if roads == nil && (speeds != nil || entryDelays != nil || !closeWays.isEmpty) {
            throw usage("usage.roads.options")
        }
    }

    /// The speed table's file: `--speeds`, else the data folder's.
    func speedsFile(_ data: AnalysisData) -> String {
        speeds ?? data.geodata.directory.appendingPathComponent("speeds.csv").path
    }

    /// The files given, or nil without --roads.
    var inputs: RoadInputs? {
        roads.map { RoadInputs(roads: URL(fileURLWithPath: $0), speeds: speeds.map { URL(fileURLWithPath: $0) }, entryDelays: entryDelays.map { URL(fileURLWithPath: $0) }) }
    }

    /// The loaded network, or nil without --roads.
    func setup(_ data: AnalysisData) throws -> RoadSetup? {
        guard let inputs else { return nil }
        let setup = try RoadSetup.load(inputs, dataDirectory: data.geodata.directory, context: data.context, log: note)
        try setup.delays.check(known: Set(data.knowledge.crossings.map(\.id)), file: entryDelays ?? "")
        return try setup.closing(ways: Set(closeWays), log: note)
    }
}

/// "4242,4243": way ids.
func wayList(_ text: String) throws -> [Int64] {
    try text.split(separator: ",").map { part in
        guard let id = Int64(part.trimmingCharacters(in: .whitespaces)) else { throw usage("usage.roads.way", ["value": .text(String(part))]) }
        return id
    }
}

/// A positive, finite number of minutes.
func positiveMinutes(_ text: String) throws -> Double {
    guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0 else {
        throw usage("usage.minutes.positive", ["value": .text(text)])
    }
    return value
}

/// "60,120,240": positive minutes, ascending, each once.
func minuteList(_ text: String) throws -> [Double] {
    let values = try text.split(separator: ",", omittingEmptySubsequences: false).map { try positiveMinutes(String($0)) }
    guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else { throw usage("usage.minutes.ascend", ["value": .text(text)]) }
    return values
}
