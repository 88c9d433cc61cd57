import Foundation
import Geo

/// What `borderplan plan` is asked.
public struct PlanRequest {
    public enum Objective: String, CaseIterable, Sendable {
        case population, border, area, demand

        /// The unit of covered demand.
        public var unit: String {
            switch self {
            case .population: return "inhabitants"
            case .border: return "km"
            case .area: return "km²"
            case .demand: return "weight"
            }
        }
    }

    public enum CandidateSource: Sendable {
        /// Every crossing that is not open.
        case notOpen
        case ids([String])
        /// New sites every `spacingKm` along the gaps of `borders` (all when nil).
        case generated(spacingKm: Double, borders: [String]?)
    }

    public var radiusKm: Double
    public var k: Int
    public var objective: Objective = .population
    public var open: OpenStatuses = .default
    public var source: CandidateSource = .notOpen
    public var exclude: [String] = []
    public var excludePartners: [String] = []
    public var require: [String] = []
    public var budget: Double?
    public var costs: [String: Double]?
    public var minPerWilaya: Int?
    public var maxSeconds: Double = 30
    public var demand: [DemandPoint]?
    public var scenario: Scenario?
    public var language: Language = .en

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
        public var cost: Double?
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
    public var nodes: Int
    public var seconds: Double
}

/// Errors of a plan that cannot be posed or solved as asked.
public struct PlanError: Error, CustomStringConvertible {
    public var description: String
}

/// The maximal covering location problem over BorderPlan's coverage definition.
public enum Planner {
    public static func run(_ request: PlanRequest, data: AnalysisData) throws -> PlanResult {
        let started = Date()
        guard request.k >= 1 else { throw PlanError(description: "--add must be at least 1") }
        let sites = Scenario.sites(data.knowledge, scenario: request.scenario, language: request.language)
        let open = data.openSites(sites, request.open)
        let openIDs = Set(open.map(\.id))
        let known = sites.map(\.id)
        var baselineCoverage: CoverageResult?
        func baseline() throws -> CoverageResult {
            if let baselineCoverage { return baselineCoverage }
            let result = try CoverageAnalysis(data: data).run(sites: sites, open: request.open, radiusKm: request.radiusKm)
            baselineCoverage = result
            return result
        }

        // Candidates.
        var candidates: [Site]
        switch request.source {
        case .notOpen:
            candidates = sites.filter { !openIDs.contains($0.id) }
        case let .ids(ids):
            candidates = try ids.map { id in
                guard let site = sites.first(where: { $0.id == id }) else {
                    throw UnknownIdentifier(kind: "candidate crossing", id: id, closest: closestMatches(to: id, among: known))
                }
                guard !openIDs.contains(id) else { throw PlanError(description: "candidate '\(id)' is already open under --open-statuses \(request.open.description)") }
                return site
            }
        case let .generated(spacing, borders):
            guard spacing > 0, spacing.isFinite else { throw PlanError(description: "--spacing must be a positive number of km") }
            candidates = try generatedSites(try baseline(), spacingKm: spacing, borders: borders, data: data)
        }
        for id in request.exclude + request.require where !known.contains(id) && !candidates.contains(where: { $0.id == id }) {
            throw UnknownIdentifier(kind: "crossing", id: id, closest: closestMatches(to: id, among: known))
        }
        for partner in request.excludePartners where !GeodataValidation.neighbourCodes.contains(partner) {
            throw UnknownIdentifier(kind: "partner", id: partner, closest: GeodataValidation.neighbourCodes)
        }
        for id in request.require where request.exclude.contains(id) {
            throw PlanError(description: "'\(id)' is both required and excluded")
        }
        candidates.removeAll { request.exclude.contains($0.id) || request.excludePartners.contains($0.partner) }
        for id in request.require where !candidates.contains(where: { $0.id == id }) {
            guard let site = sites.first(where: { $0.id == id }), !openIDs.contains(id) else {
                throw PlanError(description: "required '\(id)' is already open or not a candidate (excluded partner?)")
            }
            candidates.append(site)
        }
        guard request.require.count <= request.k else {
            throw PlanError(description: "\(request.require.count) required sites do not fit in --add \(request.k)")
        }

        // Costs (--costs FILE first, then the projects' reported costs).
        var costs: [Double?] = candidates.map { site in request.costs?[site.id] ?? projectCost(site.id, data.knowledge) }
        var unknownCost: [String] = []
        if request.budget != nil {
            for id in request.require where costs[candidates.firstIndex { $0.id == id }!] == nil {
                throw PlanError(description: "required '\(id)' has no known cost; give one with --costs FILE")
            }
            unknownCost = candidates.indices.filter { costs[$0] == nil }.map { candidates[$0].id }
            let keep = candidates.indices.filter { costs[$0] != nil }
            candidates = keep.map { candidates[$0] }
            costs = keep.map { costs[$0] }
        }

        // Wilayas of the candidates and of the open crossings (for the quota and the output).
        let candidateWilaya = try candidates.map { site in try data.linker.wilaya(at: site.location, precisionKm: precision(site, data))?.code }
        var quota: CoverageConstraints.Quota?
        if let minimum = request.minPerWilaya, minimum > 0 {
            var openCount: [String: Int] = [:]
            for site in open { if let code = try data.linker.wilaya(at: site.location, precisionKm: precision(site, data))?.code { openCount[code, default: 0] += 1 } }
            var available = openCount
            for code in candidateWilaya.compactMap({ $0 }) { available[code, default: 0] += 1 }
            let held = data.borderWilayaCodes.filter { available[$0, default: 0] >= minimum }
            quota = .init(minimum: minimum, open: openCount, candidateWilaya: candidateWilaya, wilayas: held)
        }
        let constraints = CoverageConstraints(k: request.k, required: request.require.compactMap { id in candidates.firstIndex { $0.id == id } },
                                              costs: costs, budget: request.budget, quota: quota, maxSeconds: request.maxSeconds)

        // Solve, then rank the chosen sites by their marginal gains in sequence.
        let outcome: Outcome
        let units = try demandUnits(request, data: data)
        if request.objective == .area {
            let (evaluator, total) = try areaEvaluator(baseline: try baseline(), candidates: candidates, radiusKm: request.radiusKm, data: data)
            outcome = try solve(evaluator, candidates: candidates, constraints: constraints, k: request.k, total: total)
        } else {
            let base = units.grid.covered(by: open.map(\.location), radiusKm: request.radiusKm)
            let cover = candidates.map { units.grid.covered(by: [$0.location], radiusKm: request.radiusKm) }
            let evaluator = PointCoverage(weights: units.weights, cover: cover, base: base)
            outcome = try solve(evaluator, candidates: candidates, constraints: constraints, k: request.k, total: units.weights.reduce(0, +))
        }
        let picks = outcome.order.enumerated().map { rank, entry in
            PlanResult.Pick(site: candidates[entry.index], rank: rank + 1, marginal: entry.gain, cumulative: entry.cumulative,
                            wilaya: candidateWilaya[entry.index], cost: costs[entry.index])
        }

        // Before/after per border wilaya, by the same definitions as `coverage`.
        let chosen = picks.map(\.site)
        let perWilaya: [(code: String, before: Double, after: Double)]
        var before = outcome.before, after = outcome.after
        if request.objective == .area {
            let opened = sites.map { site in chosen.contains { $0.id == site.id } ? withStatus(site, "open", request.open) : site }
                + chosen.filter { site in !sites.contains { $0.id == site.id } }.map { withStatus($0, "open", request.open) }
            let final = try CoverageAnalysis(data: data).run(sites: opened, open: request.open, radiusKm: request.radiusKm)
            let initial = try baseline()
            perWilaya = zip(initial.wilayas, final.wilayas).map { ($0.code, $0.coveredAreaKm2, $1.coveredAreaKm2) }
            before = perWilaya.reduce(0) { $0 + $1.before }
            after = perWilaya.reduce(0) { $0 + $1.after }
        } else {
            let initial = units.grid.covered(by: open.map(\.location), radiusKm: request.radiusKm)
            let final = initial.union(units.grid.covered(by: chosen.map(\.location), radiusKm: request.radiusKm))
            var sums: [String: (Double, Double)] = [:]
            for index in 0..<units.weights.count {
                guard let code = units.wilayas[index] else { continue }
                let weight = units.weights[index]
                sums[code, default: (0, 0)].0 += initial.contains(index) ? weight : 0
                sums[code, default: (0, 0)].1 += final.contains(index) ? weight : 0
            }
            perWilaya = data.borderWilayaCodes.map { ($0, sums[$0]?.0 ?? 0, sums[$0]?.1 ?? 0) }
        }
        return PlanResult(
            request: request, candidates: candidates, selected: picks,
            coveredBefore: before, coveredAfter: after, demandTotal: outcome.total,
            optimal: outcome.result.optimal, gapPercent: outcome.result.gapPercent, wilayas: perWilaya,
            runnersUp: outcome.result.runnersUp.map { (ids: $0.chosen.map { candidates[$0].id }, value: $0.value) },
            singles: outcome.singles.map { (candidates[$0.index].id, $0.gain) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) },
            greedy: (outcome.greedy.chosen.map { candidates[$0].id }, outcome.greedy.value), unknownCost: unknownCost,
            nodes: outcome.result.nodes, seconds: Date().timeIntervalSince(started))
    }

    /// What the solver found, in the order the sites add most.
    struct Outcome {
        var result: CoverageSolver.Result
        var order: [(index: Int, gain: Double, cumulative: Double)]
        var singles: [(index: Int, gain: Double)]
        var greedy: CoverageSolver.Solution
        var before: Double
        var after: Double
        var total: Double
    }

    static func solve<E: CoverageEvaluator>(_ evaluator: E, candidates: [Site], constraints: CoverageConstraints, k: Int, total: Double) throws -> Outcome {
        guard let result = CoverageSolver.solve(evaluator, candidates: candidates.count, constraints: constraints) else {
            throw PlanError(description: "no selection meets the constraints (budget \(constraints.budget.map { formatNumber($0, decimals: 0) } ?? "none"), quota \(constraints.quota.map { String($0.minimum) } ?? "none"))")
        }
        var state = evaluator.baseState
        let before = evaluator.value(state)
        var remaining = result.best.chosen
        var order: [(index: Int, gain: Double, cumulative: Double)] = []
        while !remaining.isEmpty {
            let gains = remaining.map { ($0, evaluator.marginal($0, given: state)) }
            let pick = gains.max { ($0.1, -$0.0) < ($1.1, -$1.0) }!
            state = evaluator.adding(pick.0, to: state)
            order.append((pick.0, pick.1, evaluator.value(state)))
            remaining.removeAll { $0 == pick.0 }
        }
        let singles = candidates.indices.map { ($0, evaluator.marginal($0, given: evaluator.baseState)) }
        return Outcome(result: result, order: order, singles: singles, greedy: CoverageSolver.greedy(evaluator, candidates: candidates.count, k: k),
                       before: before, after: evaluator.value(state), total: total)
    }

    static func withStatus(_ site: Site, _ status: String, _ open: OpenStatuses) -> Site {
        var copy = site
        copy.status = open.contains(status) ? status : (open.statuses.sorted().first ?? status)
        return copy
    }

    static func precision(_ site: Site, _ data: AnalysisData) -> Double {
        data.knowledge.crossing(id: site.id)?.precisionKm ?? 0
    }

    /// The cost of reopening or upgrading a crossing: its unfinished projects' reported costs.
    static func projectCost(_ id: String, _ knowledge: KnowledgeBase) -> Double? {
        let costs = knowledge.projects(for: id).filter { $0.phase != "completed" }.compactMap { $0.cost?.amount }
        return costs.isEmpty ? nil : costs.reduce(0, +)
    }

    /// Demand points of a point objective: a grid over them, weights and wilayas.
    static func demandUnits(_ request: PlanRequest, data: AnalysisData) throws -> (grid: PointGrid, weights: [Double], wilayas: [String?]) {
        let border = Set(data.borderWilayaCodes)
        switch request.objective {
        case .population:
            // Every place, weighted by population inside the border wilayas and 0 elsewhere, so the
            // grid is the one `coverage` uses.
            let demand = try data.population()
            return (demand.grid, demand.points.map { border.contains($0.wilaya) ? Double($0.population) : 0 },
                    demand.points.map { border.contains($0.wilaya) ? $0.wilaya : nil })
        case .border:
            return (data.edgeGrid, data.edges.map { border.contains($0.wilaya) ? $0.lengthKm : 0 },
                    data.edges.map { border.contains($0.wilaya) ? $0.wilaya : nil })
        case .demand:
            guard let demand = request.demand else { throw PlanError(description: "--objective demand needs --demand FILE") }
            let locations = demand.map(\.location)
            let wilayas = try data.wilayaCodes(of: locations).map { code in code.flatMap { border.contains($0) ? $0 : nil } }
            return (PointGrid(locations), demand.map(\.weight), wilayas)
        case .area:
            return (PointGrid([]), [], [])
        }
    }

    /// The area evaluator: each candidate's disc within the border wilayas beyond the covered zone.
    static func areaEvaluator(baseline: CoverageResult, candidates: [Site], radiusKm: Double, data: AnalysisData) throws -> (AreaCoverage, Double) {
        let border = Set(data.borderWilayaCodes)
        let baseArea = baseline.wilayas.reduce(0) { $0 + $1.coveredAreaKm2 }
        let total = baseline.wilayas.reduce(0) { $0 + $1.areaKm2 }
        let additions = try candidates.map { site -> Geometry in
            let disc = try data.disc(center: site.location, radiusKm: radiusKm)
            let inside = try data.splitByWilaya(disc).filter { border.contains($0.code) }.map(\.part)
            guard !inside.isEmpty else { return try Geometry.empty(.multiPolygon, in: data.context) }
            let union = try Geometry.union(of: inside, in: data.context)
            return baseline.coveredZone.isEmpty ? union : try union.difference(baseline.coveredZone)
        }
        return (AreaCoverage(additions: additions, baseAreaKm2: baseArea), total)
    }

    /// New sites every `spacingKm` along the gaps, snapped to the border, each with its wilaya.
    static func generatedSites(_ baseline: CoverageResult, spacingKm: Double, borders: [String]?, data: AnalysisData) throws -> [Site] {
        var sites: [Site] = []
        var counters: [String: Int] = [:]
        for gap in baseline.gaps where borders?.contains(gap.border) ?? true {
            for line in try gap.geometry.parts {
                let points = try line.coordinates
                let length = Geodesic.wgs84.length(points) / 1_000
                var target = min(spacingKm / 2, length / 2)
                var walked = 0.0
                var index = 1
                while target <= length && index < points.count {
                    let piece = Geodesic.wgs84.distance(points[index - 1], points[index]) / 1_000
                    if walked + piece >= target {
                        let t = piece > 0 ? (target - walked) / piece : 0
                        let a = points[index - 1], b = points[index]
                        let location = Coordinate(lon: a.lon + (b.lon - a.lon) * t, lat: a.lat + (b.lat - a.lat) * t)
                        counters[gap.border, default: 0] += 1
                        let id = String(format: "gen-%@-%03d", gap.border.lowercased(), counters[gap.border]!)
                        let wilaya = try data.linker.wilaya(at: location)?.code
                        sites.append(Site(id: id, name: "new site on the \(gap.border) border\(wilaya.map { " (wilaya \($0))" } ?? "")",
                                          partner: gap.border, location: location, status: "planned", hypothetical: true))
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
