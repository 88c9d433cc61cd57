import Foundation
import Geo

/// What `borderplan plan` is asked.
public struct PlanRequest {
    public enum Objective: String, CaseIterable, Sendable {
        case population, border, area, demand
        /// p-median: the demand-weighted distance to the nearest crossing (`Planner.runDistance`).
        case distance
        /// Trade corridors: the population of partner towns of at least 10 k people within the
        /// corridor radius of a crossing with their country (`PlanRequest.corridorKm`).
        case corridor

        /// The unit of covered demand.
        public var unit: String {
            switch self {
            case .population, .corridor: return "inhabitants"
            case .border: return "km"
            case .area: return "km²"
            case .demand: return "weight"
            case .distance: return "inhabitant·km"
            }
        }
    }

    public enum CandidateSource: Sendable {
        /// Every crossing that does not serve under the service.
        case notOpen
        case ids([String])
        /// New sites every `spacingKm` along the gaps of `borders` (all when nil).
        case generated(spacingKm: Double, borders: [String]?)
    }

    public var radiusKm: Double
    public var k: Int
    public var objective: Objective = .population
    /// Which crossings serve (`--service`).
    public var service: Service = .default
    public var source: CandidateSource = .notOpen
    public var exclude: [String] = []
    public var excludePartners: [Partner] = []
    public var require: [String] = []
    /// The budget in DZD, and how it was converted when it was given in another currency.
    public var budget: Double?
    public var budgetNote: String?
    /// Costs by site id, DZD (`--costs FILE`); they win over the projects' costs.
    public var costs: [String: Double]?
    /// The rate table converting the projects' costs (default: `rates.json` of the data folder).
    public var rates: RateTable?
    public var minPerWilaya: Int?
    /// Set covering (`--target`): the share (0…1) of the demand total to cover at least cost.
    public var target: Double?
    public var maxSeconds: Double = 30
    /// The clock of `maxSeconds`; the CLI starts it with the command (default: when `run` starts).
    public var deadline: Deadline?
    public var demand: [DemandPoint]?
    public var scenario: Scenario?
    public var language: Language = .en
    /// Whose population is demand under `--objective population` (`--side`).
    public var side: Side = .dz
    /// The corridor radius of `--objective corridor`, km.
    public var corridorKm: Double = PlanRequest.defaultCorridorKm
    public static let defaultCorridorKm = 300.0
    /// The smallest partner town a corridor counts.
    public static let corridorTown = TownSize.k10
    /// Travel time by road instead of distance (`--roads FILE --minutes T`): "covered" is reached
    /// within T minutes, and the p-median minimises the travel time (`Roads/RoadPlanning.swift`).
    public var travel: TravelModel?

    /// The radius of "covered": the corridor radius for corridors, else `radiusKm`.
    public var coverRadiusKm: Double { objective == .corridor ? corridorKm : radiusKm }

    public init(radiusKm: Double, k: Int) {
        self.radiusKm = radiusKm
        self.k = k
    }
}

/// What `borderplan plan` answers.
public struct PlanResult {
    public struct Pick {
        public var site: Site
        public var rank: Int
        public var marginal: Double
        public var cumulative: Double
        public var wilaya: String?
        /// Cost in DZD (nil: unknown), and where it comes from.
        public var cost: Double?
        public var kind: OptionKind
        /// The projects of projects.json the option funds (their effect makes the site serve).
        public var projects: [String]
        public var costNote: String?
        /// Its gain on each side, when the demand has a partner side (`--side partner|both`, corridors).
        public var sides: (dz: Double, partner: Double)? = nil
    }

    public var request: PlanRequest
    public var candidates: [Site]
    public var selected: [Pick]
    public var coveredBefore: Double
    public var coveredAfter: Double
    public var demandTotal: Double
    public var optimal: Bool
    public var gapPercent: Double
    public var wilayas: [(code: String, before: Double, after: Double)]
    public var runnersUp: [(ids: [String], value: Double)]
    public var singles: [(id: String, gain: Double)]
    public var greedy: (ids: [String], value: Double)
    /// Candidates left out because `--budget` is set and their cost is unknown.
    public var unknownCost: [String]
    /// Unfinished projects that buy no coverage under the service (never options).
    public var noEffect: [NoEffectProject] = []
    /// How many options add demand, when fewer than K do (nil otherwise), and the sentence saying so.
    public var addingOptions: Int?
    public var stopNote: PlanNote?
    public var nodes: Int
    public var seconds: Double
    /// What the user should know about how the answer was reached (limits met, candidates pruned).
    public var notes: [PlanNote] = []
    /// Set covering (`--target`): the target and what reaching it costs; nil for maximal covering.
    public var target: TargetSummary?
}

/// Errors of a plan that cannot be posed or solved as asked.
public struct PlanError: TranslatableError {
    public var description: String
    public var problem: DataError.Problem?
    public init(description: String) { self.description = description }
    /// The message `key` of the catalogue (usage.json).
    public init(problem key: String, _ arguments: [String: MessageValue]) {
        problem = DataError.Problem(key, arguments)
        description = problem!.english
    }
}

/// The maximal covering location problem over BorderPlan's coverage definition.
public enum Planner {
    /// Poses the problem (candidates, costs, quota), solves it within the deadline and
    /// compares before and after per border wilaya.
    public static func run(_ request: PlanRequest, data: AnalysisData) throws -> PlanResult {
        let started = Date()
        let deadline = request.deadline ?? Deadline(seconds: request.maxSeconds)
        try checkLimits(request)
        try deadline.check("loading the data")
        if request.target != nil { return try runTarget(request, data: data, deadline: deadline, started: started) }
        guard request.objective != .distance else { throw PlanError(description: "--objective distance is the p-median: Planner.runDistance") }
        let setting = try PlanSetting(request: request, data: data, deadline: deadline)
        var notes: [PlanNote] = []
        let posed = try pose(setting, notes: &notes)
        let candidates = posed.candidates
        if request.k > candidates.count {
            notes.append(PlanNote("plannotes.more-than-candidates", ["k": .number("\(request.k)"), "count": .number("\(candidates.count)")]))
        }
        let outcome = try solveObjective(setting, posed: posed, notes: &notes)
        let (adding, stopNote) = ZeroGain.adding(outcome, constraints: posed.constraints, candidates: candidates.count)
        if let stopNote { notes.append(stopNote) }
        var picks = adding.enumerated().map { rank, entry in
            PlanResult.Pick(site: candidates[entry.index], rank: rank + 1, marginal: entry.gain, cumulative: entry.cumulative,
                            wilaya: posed.wilayas[entry.index], cost: posed.costs[entry.index],
                            kind: OptionKind.of(candidates[entry.index], service: request.service),
                            projects: posed.projects[entry.index], costNote: posed.costNotes[entry.index])
        }
        if let units = outcome.units { picks = sideGains(picks, units: units, open: setting.open, radiusKm: request.coverRadiusKm) }
        let (perWilaya, before, after) = try compare(setting, chosen: picks.map(\.site), outcome: outcome)
        let result = outcome.result
        return PlanResult(
            request: request, candidates: candidates, selected: picks,
            coveredBefore: before, coveredAfter: after, demandTotal: outcome.total,
            optimal: result.optimal, gapPercent: result.gapPercent, wilayas: perWilaya,
            // A runner-up that is the plan plus options adding nothing is the plan again.
            runnersUp: result.runnersUp.filter { !Set(adding.map(\.index)).isSubset(of: Set($0.chosen)) }
                .map { (ids: $0.chosen.map { candidates[$0].id }, value: $0.value) },
            singles: outcome.singles.map { (candidates[$0.index].id, $0.gain) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) },
            greedy: (outcome.greedy.map { candidates[$0].id }, result.greedy?.value ?? outcome.before),
            unknownCost: posed.unknownCost,
            noEffect: ProjectOptions.withoutEffect(sites: setting.sites, service: request.service, knowledge: data.knowledge, rates: setting.rates),
            addingOptions: stopNote == nil ? nil : picks.count, stopNote: stopNote,
            nodes: result.nodes, seconds: Date().timeIntervalSince(started), notes: notes)
    }

    /// The request's numbers within the stated limits (`PlanLimits`), for library callers too.
    static func checkLimits(_ request: PlanRequest) throws {
        do {
            if request.travel == nil { try PlanLimits.require(request.radiusKm, in: PlanLimits.radiusKm, option: "--radius", what: "radius", unit: " km") }
            try PlanLimits.require(request.k, in: PlanLimits.add, option: "--add", what: "number of sites")
            try PlanLimits.require(request.maxSeconds, in: PlanLimits.maxSeconds, option: "--max-seconds", what: "time limit", unit: " s")
            if let budget = request.budget { try PlanLimits.require(budget, in: PlanLimits.money, option: "--budget", what: "budget", unit: "") }
            if let minimum = request.minPerWilaya {
                try PlanLimits.require(minimum, in: PlanLimits.minPerWilaya, option: "--min-per-wilaya", what: "number of crossings")
            }
            if case let .generated(spacing, _) = request.source {
                try PlanLimits.require(spacing, in: PlanLimits.spacingKm, option: "--spacing", what: "spacing", unit: " km")
            }
        } catch let error as LimitError {
            throw PlanError(description: error.description)
        }
        try TravelModel.check(request)
    }

    /// The sites, the open ones and the baseline coverage (computed once, when needed).
    final class PlanSetting {
        let request: PlanRequest
        let data: AnalysisData
        let deadline: Deadline
        let sites: [Site]
        let open: [Site]
        let openIDs: Set<String>
        let known: [String]
        let rates: RateTable
        /// The wilaya of each generated site, found when it was generated.
        var generatedWilaya: [String: String?] = [:]
        private var baselineCoverage: CoverageResult?
        /// Travel times by road of the sites to the demand units (plans in minutes), kept for the run.
        private var roadCover: RoadCover?

        init(request: PlanRequest, data: AnalysisData, deadline: Deadline) throws {
            self.request = request
            self.data = data
            self.deadline = deadline
            sites = Scenario.sites(data.knowledge, scenario: request.scenario, language: request.language)
            open = data.servingSites(sites, request.service)
            openIDs = Set(open.map(\.id))
            known = sites.map(\.id)
            rates = try request.rates ?? RateTable.load(directory: data.geodata.directory)
        }

        func baseline() throws -> CoverageResult {
            if let baselineCoverage { return baselineCoverage }
            let result = try CoverageAnalysis(data: data).run(sites: sites, service: request.service, radiusKm: request.radiusKm, deadline: deadline)
            baselineCoverage = result
            try deadline.check("computing the baseline coverage")
            return result
        }

        /// The units covered by `sites`: within the radius, or within the travel-time limit by road.
        func covered(_ units: DemandUnits, by sites: [Site]) throws -> Bitset {
            guard let travel = request.travel else { return Planner.covered(units, by: sites, radiusKm: request.coverRadiusKm) }
            return try roadTimes(units, travel).covered(by: sites, deadline: deadline)
        }

        /// The road travel times of `units` (built once per run: the units are the same throughout).
        func roadTimes(_ units: DemandUnits, _ travel: TravelModel) -> RoadCover {
            if let roadCover { return roadCover }
            let cover = RoadCover(model: travel, grid: units.grid, weights: units.weights)
            roadCover = cover
            return cover
        }
    }

    /// The posed problem: candidates with their costs and wilayas, and the constraints.
    struct Posed {
        var candidates: [Site]
        var costs: [Double?]
        var costNotes: [String?]
        var projects: [[String]]
        var unknownCost: [String]
        var wilayas: [String?]
        var constraints: CoverageConstraints
    }

    static func pose(_ setting: PlanSetting, notes: inout [PlanNote]) throws -> Posed {
        let request = setting.request, data = setting.data
        var candidates = try chooseCandidates(setting, notes: &notes)
        // Costs in DZD (--costs FILE first, then the effective projects' reported costs, converted).
        var projects = candidates.map { ProjectOptions.effective(for: $0, service: request.service, knowledge: data.knowledge) }
        var priced = try candidates.indices.map { index in try optionCost(candidates[index], projects: projects[index], setting) }
        var unknownCost: [String] = []
        if request.budget != nil {
            for id in request.require where priced[candidates.firstIndex { $0.id == id }!].dzd == nil {
                throw PlanError(description: "required '\(id)' has no known cost; give one with --costs FILE")
            }
            unknownCost = candidates.indices.filter { priced[$0].dzd == nil }.map { candidates[$0].id }
            if !unknownCost.isEmpty {
                let items = candidates.indices.filter { priced[$0].dzd == nil }.map { candidates[$0].id + " (\(priced[$0].note))" }
                notes.append(PlanNote("plannotes.unknown-cost.budget", ["items": .text(items.joined(separator: "; "))]))
            }
            let keep = candidates.indices.filter { priced[$0].dzd != nil }
            candidates = keep.map { candidates[$0] }
            priced = keep.map { priced[$0] }
            projects = keep.map { projects[$0] }
        }
        let costs = priced.map(\.dzd)
        // Wilayas of the candidates and of the open crossings (for the quota and the output).
        var wilayas: [String?] = []
        for site in candidates {
            try setting.deadline.check("finding the wilaya of candidate \(wilayas.count + 1) of \(candidates.count)")
            if let known = setting.generatedWilaya[site.id] { wilayas.append(known); continue }
            wilayas.append(try data.linker.wilaya(at: site.location, precisionKm: precision(site, data))?.code)
        }
        let constraints = CoverageConstraints(k: request.k, required: request.require.compactMap { id in candidates.firstIndex { $0.id == id } },
                                              costs: costs, budget: request.budget, quota: try quota(setting, candidateWilaya: wilayas),
                                              maxSeconds: request.maxSeconds, deadline: setting.deadline)
        return Posed(candidates: candidates, costs: costs, costNotes: priced.map(\.note), projects: projects.map { $0.map(\.id) },
                     unknownCost: unknownCost, wilayas: wilayas, constraints: constraints)
    }

    /// Candidates from the source, less the excluded ones, plus the required ones.
    static func chooseCandidates(_ setting: PlanSetting, notes: inout [PlanNote]) throws -> [Site] {
        let request = setting.request, sites = setting.sites, known = setting.known
        var candidates: [Site]
        switch request.source {
        case .notOpen:
            candidates = sites.filter { !setting.openIDs.contains($0.id) }
        case let .ids(ids):
            candidates = try ids.map { id in
                guard let site = sites.first(where: { $0.id == id }) else {
                    throw UnknownIdentifier(kind: "candidate crossing", id: id, closest: closestMatches(to: id, among: known))
                }
                guard !setting.openIDs.contains(id) else { throw PlanError(description: "candidate '\(id)' already serves under --service \(request.service) (\(request.service.rule))") }
                return site
            }
        case let .generated(spacing, borders):
            let generated = try generatedSites(try setting.baseline(), spacingKm: spacing, borders: borders, data: setting.data, deadline: setting.deadline)
            candidates = generated.map(\.site)
            setting.generatedWilaya = Dictionary(uniqueKeysWithValues: generated.map { ($0.site.id, $0.wilaya) })
        }
        for id in request.exclude + request.require where !known.contains(id) && !candidates.contains(where: { $0.id == id }) {
            throw UnknownIdentifier(kind: "crossing", id: id, closest: closestMatches(to: id, among: known))
        }
        for id in request.require where request.exclude.contains(id) {
            throw PlanError(description: "'\(id)' is both required and excluded")
        }
        candidates.removeAll { request.exclude.contains($0.id) || request.excludePartners.contains($0.partner) }
        for id in request.require where !candidates.contains(where: { $0.id == id }) {
            guard let site = sites.first(where: { $0.id == id }), !setting.openIDs.contains(id) else {
                throw PlanError(description: "required '\(id)' is already open or not a candidate (excluded partner?)")
            }
            candidates.append(site)
        }
        guard request.require.count <= request.k else {
            throw PlanError(description: "\(request.require.count) required sites do not fit in --add \(request.k)")
        }
        return candidates
    }

    /// The `--min-per-wilaya` quota over the wilayas where it can be met.
    static func quota(_ setting: PlanSetting, candidateWilaya: [String?]) throws -> CoverageConstraints.Quota? {
        guard let minimum = setting.request.minPerWilaya, minimum > 0 else { return nil }
        let data = setting.data
        var openCount: [String: Int] = [:]
        for site in setting.open { if let code = try data.linker.wilaya(at: site.location, precisionKm: precision(site, data))?.code { openCount[code, default: 0] += 1 } }
        var available = openCount
        for code in candidateWilaya.compactMap({ $0 }) { available[code, default: 0] += 1 }
        let held = data.borderWilayaCodes.filter { available[$0, default: 0] >= minimum }
        return .init(minimum: minimum, open: openCount, candidateWilaya: candidateWilaya, wilayas: held)
    }

    /// Builds the objective's evaluator and solves it.
    static func solveObjective(_ setting: PlanSetting, posed: Posed, notes: inout [PlanNote]) throws -> Outcome {
        let request = setting.request, data = setting.data, candidates = posed.candidates
        if request.objective == .area {
            let (evaluator, total) = try areaEvaluator(baseline: try setting.baseline(), candidates: candidates, radiusKm: request.radiusKm,
                                                       data: data, deadline: setting.deadline)
            return try solve(evaluator, candidates: candidates, among: nil, constraints: posed.constraints, total: total, notes: &notes)
        }
        let units = try demandUnits(request, data: data)
        let base = try setting.covered(units, by: setting.open)
        var cover: [Bitset] = []
        cover.reserveCapacity(candidates.count)
        for site in candidates {
            try setting.deadline.check("computing the coverage of candidate \(cover.count + 1) of \(candidates.count)")
            cover.append(try setting.covered(units, by: [site]))
        }
        let evaluator = PointCoverage(weights: units.weights, cover: cover, base: base)
        let among = try evaluator.undominated(Array(candidates.indices), costs: request.budget == nil ? [] : posed.costs,
                                              keep: Set(posed.constraints.required),
                                              group: posed.constraints.quota?.candidateWilaya, deadline: setting.deadline)
        if among.count < candidates.count {
            notes.append(PlanNote("plannotes.dominated", ["left": .number("\(candidates.count - among.count)"), "count": .number("\(candidates.count)")]))
        }
        return try solve(evaluator, candidates: candidates, among: among, constraints: posed.constraints,
                         total: try checkedSum(units.weights, what: "the demand total"), notes: &notes, units: units)
    }

    /// Before/after per border wilaya, by the same definitions as `coverage`.
    static func compare(_ setting: PlanSetting, chosen: [Site], outcome: Outcome) throws
        -> (perWilaya: [(code: String, before: Double, after: Double)], before: Double, after: Double) {
        let request = setting.request, data = setting.data, sites = setting.sites
        guard let units = outcome.units else {
            let opened = (sites + chosen.filter { site in !sites.contains { $0.id == site.id } }).map { site in
                chosen.contains(where: { $0.id == site.id }) ? request.service.serving(site) : site
            }
            let final = try CoverageAnalysis(data: data).run(sites: opened, service: request.service, radiusKm: request.radiusKm)
            let initial = try setting.baseline()
            let perWilaya = zip(initial.wilayas, final.wilayas).map { ($0.code, $0.coveredAreaKm2, $1.coveredAreaKm2) }
            return (perWilaya, perWilaya.reduce(0) { $0 + $1.1 }, perWilaya.reduce(0) { $0 + $1.2 })
        }
        let initial = try setting.covered(units, by: setting.open)
        let final = initial.union(try setting.covered(units, by: chosen))
        var sums: [String: (Double, Double)] = [:]
        for index in 0..<units.weights.count {
            guard let code = units.wilayas[index] else { continue }
            let weight = units.weights[index]
            sums[code, default: (0, 0)].0 += initial.contains(index) ? weight : 0
            sums[code, default: (0, 0)].1 += final.contains(index) ? weight : 0
        }
        let perWilaya = data.borderWilayaCodes.map { ($0, sums[$0]?.0 ?? 0, sums[$0]?.1 ?? 0) }
        return (perWilaya, outcome.before, outcome.after)
    }

    /// A sum of non-negative weights that must stay within `PlanLimits.demandTotal`.
    static func checkedSum(_ values: [Double], what: String) throws -> Double {
        let total = values.reduce(0, +)
        guard total.isFinite, total <= PlanLimits.demandTotal else {
            throw PlanError(description: "\(what) (\(total)) is beyond the limit of \(PlanLimits.demandTotal)")
        }
        return total
    }

    /// What the solver found, in the order the sites add most.
    struct Outcome {
        var result: CoverageSolver.Result
        var order: [(index: Int, gain: Double, cumulative: Double)]
        var singles: [(index: Int, gain: Double)]
        var before: Double
        var after: Double
        var total: Double
        /// Greedy's picks that add demand, in greedy's order.
        var greedy: [Int]
        /// The demand units of a point objective (nil for area).
        var units: DemandUnits?
    }

    /// Demand points, their weights and wilayas (nil: outside the border wilayas, or across the border),
    /// and, when the demand has a partner side, each point's partner country (nil: Algerian side);
    /// `partners` is empty when every point is on the Algerian side.
    typealias DemandUnits = (grid: PointGrid, weights: [Double], wilayas: [String?], partners: [Partner?])

    static func solve<E: CoverageEvaluator>(_ evaluator: E, candidates: [Site], among: [Int]?, constraints: CoverageConstraints,
                                            total: Double, notes: inout [PlanNote], units: DemandUnits? = nil) throws -> Outcome {
        guard let result = try CoverageSolver.solve(evaluator, candidates: candidates.count, among: among, constraints: constraints) else {
            throw PlanError(description: "no selection meets the constraints (budget \(constraints.budget.map { formatNumber($0, decimals: 0) } ?? "none"), quota \(constraints.quota.map { String($0.minimum) } ?? "none"))")
        }
        if !result.optimal {
            notes.append(PlanNote("plannotes.time-limit", ["seconds": .number(PlanLimits.show(constraints.deadline?.seconds ?? constraints.maxSeconds)),
                                                           "nodes": .number("\(result.nodes)"), "gap": .number(formatNumber(result.gapPercent, decimals: 2))]))
        }
        var state = evaluator.baseState
        let before = evaluator.value(state)
        var remaining = result.best.chosen
        var order: [(index: Int, gain: Double, cumulative: Double)] = []
        while !remaining.isEmpty {
            let gains = try remaining.map { ($0, try evaluator.marginal($0, given: state)) }
            let pick = gains.max { ($0.1, -$0.0) < ($1.1, -$1.0) }!
            state = try evaluator.adding(pick.0, to: state)
            order.append((pick.0, pick.1, evaluator.value(state)))
            remaining.removeAll { $0 == pick.0 }
        }
        var singles: [(index: Int, gain: Double)] = []
        for index in candidates.indices {
            singles.append((index, try evaluator.marginal(index, given: evaluator.baseState)))
        }
        let greedy = try ZeroGain.greedy(result.greedy?.chosen ?? [], evaluator: evaluator, required: Set(constraints.required), total: total)
        return Outcome(result: result, order: order, singles: singles, before: before, after: evaluator.value(state), total: total,
                       greedy: greedy, units: units)
    }

    static func precision(_ site: Site, _ data: AnalysisData) -> Double {
        data.knowledge.crossing(id: site.id)?.precisionKm ?? 0
    }

    /// An option's cost in DZD: `--costs FILE` first, else its effective projects' reported costs
    /// converted with the rate of each figure's year; nil with the reason when unknown.
    static func optionCost(_ site: Site, projects: [Project], _ setting: PlanSetting) throws -> (dzd: Double?, note: String) {
        if let given = setting.request.costs?[site.id] { return (given, "--costs file") }
        let priced = ProjectOptions.cost(of: projects, rates: setting.rates)
        if let total = priced.dzd, !PlanLimits.money.contains(total) {
            throw DataError(file: KnowledgeBase.projectsFile, feature: "crossing '\(site.id)'", field: "cost",
                            problem: "dataerrors.costs.sum", ["total": .number("\(total)"), "limit": .text(PlanLimits.show(PlanLimits.money.upperBound))])
        }
        return priced
    }

    /// Demand points of a point objective: a grid over them, weights and wilayas.
    static func demandUnits(_ request: PlanRequest, data: AnalysisData) throws -> DemandUnits {
        let border = Set(data.borderWilayaCodes)
        switch request.objective {
        case .distance where request.demand != nil:
            var weighted = request   // a user's demand layer weights the distances
            weighted.objective = .demand
            return try demandUnits(weighted, data: data)
        case .population, .distance:
            // Every place, weighted by population inside the border wilayas and 0 elsewhere, so the
            // grid is the one `coverage` uses.
            let demand = try data.population(deadline: request.deadline)
            let units: DemandUnits = (demand.grid, demand.points.map { border.contains($0.wilaya) ? Double($0.population) : 0 },
                                      demand.points.map { border.contains($0.wilaya) ? $0.wilaya : nil }, [])
            return request.side == .dz || request.objective == .distance ? units : try twoSided(units, side: request.side, data: data)
        case .corridor:
            return try corridorUnits(data)
        case .border:
            return (data.edgeGrid, data.edges.map { border.contains($0.wilaya) ? $0.lengthKm : 0 },
                    data.edges.map { border.contains($0.wilaya) ? $0.wilaya : nil }, [])
        case .demand:
            guard let demand = request.demand else { throw PlanError(description: "--objective demand needs --demand FILE") }
            let locations = demand.map(\.location)
            let wilayas = try data.wilayaCodes(of: locations).map { code in code.flatMap { border.contains($0) ? $0 : nil } }
            return (PointGrid(locations), demand.map(\.weight), wilayas, [])
        case .area:
            return (PointGrid([]), [], [], [])
        }
    }

    /// The area evaluator: each candidate's disc within the border wilayas beyond the covered zone.
    static func areaEvaluator(baseline: CoverageResult, candidates: [Site], radiusKm: Double, data: AnalysisData,
                              deadline: Deadline? = nil) throws -> (AreaCoverage, Double) {
        let border = Set(data.borderWilayaCodes)
        let baseArea = baseline.wilayas.reduce(0) { $0 + $1.coveredAreaKm2 }
        let total = baseline.wilayas.reduce(0) { $0 + $1.areaKm2 }
        let additions = try candidates.enumerated().map { index, site -> Geometry in
            try deadline?.check("computing the area of candidate \(index + 1) of \(candidates.count)")
            let disc = try data.disc(center: site.location, radiusKm: radiusKm)
            let inside = try data.splitByWilaya(disc).filter { border.contains($0.code) }.map(\.part)
            guard !inside.isEmpty else { return try Geometry.empty(.multiPolygon, in: data.context) }
            let union = try Geometry.union(of: inside, in: data.context)
            return baseline.coveredZone.isEmpty ? union : try union.difference(baseline.coveredZone)
        }
        return (AreaCoverage(additions: additions, baseAreaKm2: baseArea), total)
    }

    /// New sites every `spacingKm` along the gaps, snapped to the border, each with its wilaya.
    static func generatedSites(_ baseline: CoverageResult, spacingKm: Double, borders: [String]?, data: AnalysisData,
                               deadline: Deadline? = nil) throws -> [(site: Site, wilaya: String?)] {
        var sites: [(site: Site, wilaya: String?)] = []
        var counters: [Partner: Int] = [:]
        for gap in baseline.gaps where borders?.contains(gap.border.rawValue) ?? true {
            for line in try gap.geometry.parts {
                let points = try line.coordinates
                let length = Geodesic.wgs84.length(points) / 1_000
                var target = min(spacingKm / 2, length / 2)
                var walked = 0.0
                var index = 1
                while target <= length && index < points.count {
                    let piece = Geodesic.wgs84.distance(points[index - 1], points[index]) / 1_000
                    if walked + piece >= target {
                        try deadline?.check("generating candidate sites (\(sites.count) so far)")
                        let t = piece > 0 ? (target - walked) / piece : 0
                        let a = points[index - 1], b = points[index]
                        let location = Coordinate(lon: a.lon + (b.lon - a.lon) * t, lat: a.lat + (b.lat - a.lat) * t)
                        counters[gap.border, default: 0] += 1
                        let id = String(format: "gen-%@-%03d", gap.border.rawValue.lowercased(), counters[gap.border]!)
                        let wilaya = try data.linker.wilaya(at: location)?.code
                        sites.append((Site(id: id, name: "new site on the \(gap.border) border\(wilaya.map { " (wilaya \($0))" } ?? "")",
                                           partner: gap.border, location: location, status: .planned, hypothetical: true), wilaya))
                        target += spacingKm
                    } else {
                        walked += piece
                        index += 1
                    }
                }
            }
        }
        return sites
    }
}
