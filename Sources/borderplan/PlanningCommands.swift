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
    @Option(help: "Radius in km.", transform: positiveRadius) var radius: Double
    @Option(name: .customLong("open-statuses"), help: "Statuses that count as open (comma-separated).") var openStatuses: String = "open,restricted"
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !scenarios.isEmpty else { throw ValidationError("give at least one --scenario FILE") }
    }

    func run() throws {
        try reportingUnknownIDs {
            let data = try loadAnalysis(dataOptions)
            let open = try OpenStatuses(parsing: openStatuses)
            let analysis = CoverageAnalysis(data: data)
            let baseline = try analysis.run(sites: Scenario.sites(data.knowledge, scenario: nil, language: output.lang), open: open, radiusKm: radius)
            let entries = try scenarios.map { path -> CompareReport.Entry in
                let scenario = try Scenario.load(URL(fileURLWithPath: path), linker: data.linker, proj: data.proj)
                return .init(name: scenario.name, result: try analysis.run(sites: Scenario.sites(data.knowledge, scenario: scenario, language: output.lang), open: open, radiusKm: radius))
            }
            emit(CompareReport.render(baseline: baseline, scenarios: entries, data: data, format: output.format, language: output.lang))
        }
    }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Choose K crossings to open, reopen or create that maximise covered demand (maximal covering, solved exactly).",
        discussion: """
            Candidates are by default every crossing not open under --open-statuses. --candidates takes ids, or \
            `generated` with --spacing KM to propose new sites along the gaps. Costs for --budget come from \
            geodata/projects.json (unfinished projects) or --costs FILE (JSON {"id": amount} or CSV id,cost).
            """)

    @Option(help: "Radius in km.", transform: positiveRadius) var radius: Double
    @Option(name: .customLong("add"), help: "How many sites to choose (K), required ones included.") var k: Int
    @Option(help: "population, border, area or demand.") var objective: PlanRequest.Objective = .population
    @Option(name: .customLong("open-statuses"), help: "Statuses that count as open (comma-separated).") var openStatuses: String = "open,restricted"
    @Option(parsing: .upToNextOption, help: "Candidate ids, or `generated`.") var candidates: [String] = []
    @Option(help: "Spacing in km of generated candidates.") var spacing: Double = 50
    @Option(name: .customLong("borders"), parsing: .upToNextOption, help: "Borders (ISO-2) along which to generate candidates.") var generateOn: [String] = []
    @Option(parsing: .upToNextOption, help: "Candidate ids to leave out.") var exclude: [String] = []
    @Option(name: .customLong("exclude-partner"), parsing: .upToNextOption, help: "Partners (ISO-2) whose crossings are off the table.") var excludePartner: [String] = []
    @Option(parsing: .upToNextOption, help: "Ids already decided (part of the K).") var require: [String] = []
    @Option(help: "Budget (same currency as the costs).") var budget: Double?
    @Option(help: "Costs file: JSON {\"id\": amount} or CSV id,cost.") var costs: String?
    @Option(name: .customLong("min-per-wilaya"), help: "At least N crossings (open or chosen) in each border wilaya where that is possible.") var minPerWilaya: Int?
    @Option(name: .customLong("max-seconds"), help: "Time limit of the exact search.") var maxSeconds: Double = 30
    @Option(help: "Demand layer: GeoJSON points or CSV lat,lon,weight.") var demand: String?
    @Option(help: "Property holding the weight in a GeoJSON demand layer.") var weight: String = "weight"
    @Option(help: "Scenario file applied before planning.") var scenario: String?
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingUnknownIDs {
            let data = try loadAnalysis(dataOptions)
            var request = PlanRequest(radiusKm: radius, k: k)
            request.objective = objective
            request.open = try OpenStatuses(parsing: openStatuses)
            if candidates == ["generated"] {
                request.source = .generated(spacingKm: spacing, borders: generateOn.isEmpty ? nil : generateOn.map { $0.uppercased() })
            } else if !candidates.isEmpty {
                request.source = .ids(candidates)
            }
            request.exclude = exclude
            request.excludePartners = excludePartner.map { $0.uppercased() }
            request.require = require
            request.budget = budget
            request.minPerWilaya = minPerWilaya
            request.maxSeconds = maxSeconds
            request.demand = try demand.map { try DemandFile.load(URL(fileURLWithPath: $0), weightProperty: weight, context: data.context) }
            request.scenario = try scenario.map { try Scenario.load(URL(fileURLWithPath: $0), linker: data.linker, proj: data.proj) }
            if let costs {
                let loaded = try CostsFile.load(URL(fileURLWithPath: costs))
                // Generated sites get their ids during the plan ("gen-ly-001"): those are checked by pattern.
                let known = data.knowledge.crossings.map(\.id) + (request.scenario?.additions.map(\.id) ?? [])
                try CostsFile.checkIdentifiers(loaded.filter { !(candidates == ["generated"] && $0.key.hasPrefix("gen-")) }, known: known, file: costs)
                request.costs = loaded
            }
            request.language = output.lang
            do {
                emit(PlanReport.render(try Planner.run(request, data: data), data: data, format: output.format, language: output.lang))
            } catch let error as PlanError {
                note("borderplan plan: \(error)")
                throw ExitCode(2)
            }
        }
    }
}
