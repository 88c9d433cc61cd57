import ArgumentParser
import BorderPlanKit
import Foundation
import Geo

extension PlanRequest.Objective: ExpressibleByArgument {}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Baseline against one or more scenarios: per border wilaya and per border, the change in covered area, population and border km, and the gaps that close or open.")

    @Option(name: .customLong("scenario"), help: "Scenario file (repeat for several).") var scenarios: [String] = []
    @Option(parsing: .unconditional, help: "Radius in km (or --roads FILE --minutes T).", transform: positiveRadius) var radius: Double?
    @OptionGroup var roadOptions: RoadOptions
    @Option(parsing: .unconditional, help: "With --roads: the travel-time limit in minutes instead of a radius; a scenario's roads, closures and speed changes apply.",
            transform: positiveMinutes) var minutes: Double?
    @OptionGroup var serviceOptions: ServiceOptions
    @OptionGroup var demandOptions: DemandModelOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: LayerOutputOptions
    @Option(help: "Folder of the GeoJSON layers (--format geojson): each scenario's crossings, catchments and gaps.") var out: String?

    func validate() throws {
        guard !scenarios.isEmpty else { throw usage("usage.compare.scenario") }
        if output.geoJSON, out == nil { throw usage("usage.geojson.out") }
        if let out { try requireOutputPath(out) }
        try roadOptions.validateDistanceOrTime(minutes: minutes, radius: radius, geoJSON: output.geoJSON)
    }

    func run() throws {
        if output.geoJSON, let out {
            // Checked before any work: a file of the same name BorderPlan did not write makes the command refuse now.
            try outputGuard(dataOptions, inputs: scenarios.map { ($0, "--scenario") }).check(URL(fileURLWithPath: out))
            try checkScenarioLayers(scenarios, out: URL(fileURLWithPath: out))
        }
        let data = try loadAnalysis(dataOptions, demandModel: demandOptions.demandModel)
        let service = serviceOptions.resolved
        if let minutes, let roads = try roadOptions.setup(data) {
            return try runByRoad(data, travel: TravelModel(roads: roads, minutes: minutes, speedsFile: roadOptions.speedsFile(data)), service: service)
        }
        guard let radius else { return }
        let analysis = CoverageAnalysis(data: data)
        let baseline = try analysis.run(sites: Scenario.sites(data.knowledge, scenario: nil, language: output.lang), service: service, radiusKm: radius)
        let runs = try scenarios.map { path -> (entry: CompareReport.Entry, sites: [Site], file: String) in
            let scenario = try Scenario.load(URL(fileURLWithPath: path), linker: data.linker, proj: data.proj)
            let sites = Scenario.sites(data.knowledge, scenario: scenario, language: output.lang)
            return (.init(name: scenario.name, result: try analysis.run(sites: sites, service: service, radiusKm: radius)), sites, path)
        }
        if output.geoJSON, let out {
            return try writeScenarioLayers(runs, data: data, service: service, language: output.lang, out: URL(fileURLWithPath: out))
        }
        let entries = runs.map(\.entry)
        emit(CompareReport.render(baseline: baseline, scenarios: entries, data: data, format: output.format, language: output.lang, wide: output.wide),
             keepIsolates: output.isolated)
    }

    /// In minutes: each scenario's crossings on its roads (closures, speed changes, another network).
    func runByRoad(_ data: AnalysisData, travel: TravelModel, service: Service) throws {
        let baseline = try RoadAnalysis.coverage(data, roads: travel.roads, sites: Scenario.sites(data.knowledge, scenario: nil, language: output.lang),
                                                 service: service, minutes: travel.minutes)
        let entries = try scenarios.map { path -> RoadCompareReport.Entry in
            let scenario = try Scenario.load(URL(fileURLWithPath: path), linker: data.linker, proj: data.proj)
            let roads = try RoadScenarioApplier.apply(scenario, to: travel.roads, data: data, log: note)
            let sites = Scenario.sites(data.knowledge, scenario: scenario, language: output.lang)
            return .init(name: scenario.name, result: try RoadAnalysis.coverage(data, roads: roads, sites: sites, service: service, minutes: travel.minutes))
        }
        emit(RoadCompareReport.render(baseline: baseline, scenarios: entries, travel: travel, data: data, format: output.format, language: output.lang),
             keepIsolates: output.isolated)
    }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Choose crossings to open, reopen or create: maximal covering (--add K), set covering (--target SHARE) or p-median (--objective distance), each solved exactly.",
        discussion: """
            An option is what the ministry can fund to make a site serve under --service: open a planned crossing, \
            reopen a closed one, add a traffic to an open one, make an exceptional one permanent, build a new post \
            (--candidates generated). Candidates are by default every crossing that does not serve; --candidates \
            takes ids. Costs are in DZD: --costs FILE (JSON {"id": amount} or CSV id,cost), else the unfinished \
            projects of geodata/projects.json whose effect makes the site serve, converted with geodata/rates.json. \
            An option that adds no demand is never chosen; projects with no coverage effect are listed apart.
            """)

    @Option(parsing: .unconditional, help: "Radius in km (or --roads FILE --minutes T).", transform: positiveRadius) var radius: Double?
    @OptionGroup var roadOptions: RoadOptions
    @Option(parsing: .unconditional, help: "With --roads: the travel-time limit in minutes instead of a radius (the p-median counts each point's time, at most this).",
            transform: positiveMinutes) var minutes: Double?
    @Option(name: .customLong("add"), parsing: .unconditional, help: "How many sites to choose (K), required ones included (1…1000); not with --target.",
            transform: { try limited(PlanLimits.sites, $0) }) var k: Int?
    @Option(parsing: .unconditional, help: "Set covering: the cheapest set of sites (by cost when known, else by count) covering this share of the demand, e.g. 90%.",
            transform: { try limited(PlanLimits.target, $0) }) var target: Double?
    @Option(help: "population, border, area or demand (maximal covering or --target), distance (p-median: the demand-weighted distance to the nearest crossing), or corridor (partner towns of at least 10 k people within --corridor-radius of a crossing with their country).")
    var objective: PlanRequest.Objective = .population
    @Option(help: "Whose population is demand under --objective population: dz (default), partner or both; the output shows each option's gain on each side.")
    var side: Side = .dz
    @Option(name: .customLong("corridor-radius"), parsing: .unconditional, help: "Corridor radius in km for --objective corridor (default 300).", transform: positiveRadius)
    var corridorRadius: Double = PlanRequest.defaultCorridorKm
    @Option(name: .customLong("write-instance"), help: "Also write the location problem as files to this folder (for Benchmarks/locmodels.py).")
    var writeInstance: String?
    @OptionGroup var serviceOptions: ServiceOptions
    @Option(parsing: .upToNextOption, help: "Candidate ids, or `generated`.") var candidates: [String] = []
    @Option(parsing: .unconditional, help: "Spacing in km of generated candidates (0.5…2500).",
            transform: { try limited(PlanLimits.spacing, $0) }) var spacing: Double = 50
    @Option(name: .customLong("borders"), parsing: .upToNextOption, help: "Borders (ISO-2) along which to generate candidates.") var generateOn: [Partner] = []
    @Option(parsing: .upToNextOption, help: "Candidate ids to leave out.") var exclude: [String] = []
    @Option(name: .customLong("exclude-partner"), parsing: .upToNextOption, help: "Partners (ISO-2) whose crossings are off the table.") var excludePartner: [Partner] = []
    @Option(parsing: .upToNextOption, help: "Ids already decided (part of the K).") var require: [String] = []
    @Option(parsing: .unconditional, help: "Budget: DZD, or an amount with a scale and a currency (\"5 bn DZD\", \"500 M DZD\", \"120 M TND\"); 0…1e15 DZD.")
    var budget: String?
    @Option(help: "Costs file: JSON {\"id\": amount} or CSV id,cost.") var costs: String?
    @Option(name: .customLong("min-per-wilaya"), parsing: .unconditional, help: "At least N crossings (open or chosen) in each border wilaya where that is possible (0…100).",
            transform: { try limited(PlanLimits.perWilaya, $0) }) var minPerWilaya: Int?
    @Option(name: .customLong("max-seconds"), parsing: .unconditional, help: "Time limit of the whole command (0.1…86400 s): past it, the best plan found (at least greedy's) with its gap.",
            transform: { try limited(PlanLimits.seconds, $0) }) var maxSeconds: Double = 30
    @Option(help: "Demand layer: GeoJSON points or CSV lat,lon,weight.") var demand: String?
    @Option(help: "Property holding the weight in a GeoJSON demand layer.") var weight: String = "weight"
    @Option(help: "Scenario file applied before planning.") var scenario: String?
    @OptionGroup var demandOptions: DemandModelOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: LayerOutputOptions

    func validate() throws {
        if output.geoJSON, objective == .distance { throw usage("usage.plan.geojson") }
        if target != nil, k != nil { throw usage("usage.plan.target-add") }
        if target == nil, k == nil { throw usage("usage.plan.k") }
        if target != nil, objective == .distance { throw usage("usage.plan.target-distance") }
        if side != .dz, objective != .population { throw usage("usage.plan.side", ["side": .text(side.rawValue)]) }
        try validateTravel()
    }

    /// The travel-time model of `--roads FILE --minutes T`, under the scenario's road part (nil: distances).
    func travel(_ data: AnalysisData, scenario: Scenario?) throws -> TravelModel? {
        guard let minutes, let roads = try roadOptions.setup(data) else { return nil }
        let changed = try scenario.map { try RoadScenarioApplier.apply($0, to: roads, data: data, log: note) } ?? roads
        var model = TravelModel(roads: changed, minutes: minutes, speedsFile: scenario?.roads?.speeds?.path ?? roadOptions.speedsFile(data))
        model.scenarioFile = scenario?.roads?.file
        return model
    }

    /// `--radius`, or `--roads FILE --minutes T`.
    func validateTravel() throws {
        try roadOptions.validateDistanceOrTime(minutes: minutes, radius: radius, geoJSON: output.geoJSON, writeInstance: writeInstance != nil)
    }

    func run() throws {
        let deadline = Deadline(seconds: maxSeconds)
        let data = try exitingOnPlanError { try loadAnalysis(dataOptions, demandModel: demandOptions.demandModel, deadline: deadline) }
        if let writeInstance { try outputGuard(dataOptions, inputs: [(costs, "--costs"), (demand, "--demand"), (scenario, "--scenario")]).check(URL(fileURLWithPath: writeInstance), option: "--write-instance") }
        var request = PlanRequest(try planOptions(), deadline: deadline)
        request.demand = try demand.map { try DemandFile.load(URL(fileURLWithPath: $0), weightProperty: weight, context: data.context) }
        request.scenario = try scenario.map { try Scenario.load(URL(fileURLWithPath: $0), linker: data.linker, proj: data.proj) }
        request.travel = try travel(data, scenario: request.scenario)
        if let costs {
            let loaded = try CostsFile.load(URL(fileURLWithPath: costs))
            // Generated sites get their ids during the plan ("gen-ly-001"): those are checked by pattern.
            let known = data.knowledge.crossings.map(\.id) + (request.scenario?.additions.map(\.id) ?? [])
            try CostsFile.checkIdentifiers(loaded.filter { !(candidates == [PlanOptions.generated] && $0.key.hasPrefix("gen-")) }, known: known, file: costs)
            request.costs = loaded
        }
        try exitingOnPlanError {
            if objective == .distance {
                let result = try Planner.runDistance(request, data: data)
                for text in result.notes { noteText("usage.note.plan", ["note": .text(text.text(Localizer(output.lang)))]) }
                if let writeInstance { try LocationInstance.write(request, data: data, answer: .init(result), to: URL(fileURLWithPath: writeInstance)) }
                emit(DistancePlanReport.render(result, data: data, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
                return
            }
            let result = try Planner.run(request, data: data)
            for text in result.notes { noteText("usage.note.plan", ["note": .text(text.text(Localizer(output.lang)))]) }
            if let writeInstance { try LocationInstance.write(request, data: data, answer: .init(result), to: URL(fileURLWithPath: writeInstance)) }
            emit(output.geoJSON ? try PlanReport.geoJSON(result, data: data, language: output.lang)
                 : PlanReport.render(result, data: data, format: output.format, language: output.lang, wide: output.wide),
                 keepIsolates: output.isolated)
        }
    }

    /// The options as the planner takes them, `--budget` converted to DZD (files are read by `run`).
    func planOptions() throws -> PlanOptions {
        // Set covering sizes the plan itself: K is only the bound on required sites.
        var options = PlanOptions(radiusKm: radius ?? 0, k: k ?? PlanLimits.add.upperBound)
        options.target = target
        options.objective = objective
        options.side = side
        options.corridorKm = corridorRadius
        options.service = serviceOptions.resolved
        options.candidates = candidates
        options.spacingKm = spacing
        options.borders = generateOn
        options.exclude = exclude
        options.excludePartners = excludePartner
        options.require = require
        if let budget { (options.budget, options.budgetNote) = try budgetInDZD(budget, data: dataOptions) }
        options.minPerWilaya = minPerWilaya
        options.maxSeconds = maxSeconds
        options.language = output.lang
        return options
    }

    /// Runs `body`; a plan that cannot be posed or solved (the time limit included) is said on
    /// standard error and exits with status 2.
    private func exitingOnPlanError<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as PlanError {
            note("borderplan plan: \(error)")
            throw ExitCode(2)
        }
    }
}

/// `--budget` in DZD, converted with the latest sourced rate of `geodata/rates.json` when given
/// in another currency (the note names the rate and its year).
func budgetInDZD(_ text: String, data: DataOptions) throws -> (Double, String?) {
    do {
        let (amount, currency) = try Money.parse(text)
        let converted = Money.toDZD(amount, currency, year: nil, rates: try RateTable.load(directory: data.directory))
        guard let dzd = converted.dzd else { throw usage("usage.budget.rate", ["value": .text(text), "reason": .text(converted.explanation)]) }
        do { try PlanLimits.require(dzd, in: PlanLimits.money, option: "--budget", what: "budget", unit: " DZD") } catch let error as LimitError {
            throw usage(error)
        }
        return (dzd, currency == .DZD ? nil : converted.explanation)
    } catch let error as PlanError {
        throw usage(error)
    }
}

extension RoadOptions {
    /// `--radius`, or `--roads FILE --minutes T` (plan and compare): one or the other, and the
    /// outputs that only exist in distance (`--format geojson`, `--write-instance`) refused in minutes.
    func validateDistanceOrTime(minutes: Double?, radius: Double?, geoJSON: Bool, writeInstance: Bool = false) throws {
        if roads != nil {
            guard minutes != nil, radius == nil else { throw usage("usage.roads.time") }
            if writeInstance { throw usage("usage.roads.instance") }
            if geoJSON { throw usage("usage.roads.geojson") }
        } else {
            guard radius != nil else { throw usage("usage.radius.required") }
            guard minutes == nil else { throw usage("usage.minutes.roads") }
        }
    }
}
