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
        let coverage = CoverageAnalysis(data: data)
        let baseline = try coverage.run(sites: sites, open: request.open, radiusKm: request.radiusKm)

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
            candidates = try generatedSites(baseline, spacingKm: spacing, borders: borders, data: data)
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

        // Demand and the solver.
        let metric: (CoverageResult) -> (total: Double, perWilaya: [(String, Double)])
        let solved: CoverageSolver.Result?
        let greedy: CoverageSolver.Solution
        var singles: [(id: String, gain: Double)] = []
        var demandTotal = 0.0
        var demandByWilaya: (([Site]) -> [(String, Double)])?
        switch request.objective {
        case .area:
            let (evaluator, total) = try areaEvaluator(baseline: baseline, candidates: candidates, radiusKm: request.radiusKm, data: data)
            demandTotal = total
            solved = CoverageSolver.solve(evaluator, candidates: candidates.count, constraints: constraints)
            greedy = CoverageSolver.greedy(evaluator, candidates: candidates.count, k: request.k)
            singles = candidates.indices.map { (candidates[$0].id, evaluator.marginal($0, given: evaluator.baseState)) }
            metric = { result in (result.wilayas.reduce(0) { $0 + $1.coveredAreaKm2 }, result.wilayas.map { ($0.code, $0.coveredAreaKm2) }) }
        default:
            let units = try demandUnits(request, data: data)
            demandTotal = units.weights.reduce(0, +)
            let grid = PointGrid(units.points)
            var base = Bitset(count: units.points.count)
            for site in open { for index in grid.within(request.radiusKm, of: site.location) { base.insert(index) } }
            let cover = candidates.map { site -> Bitset in
                var set = Bitset(count: units.points.count)
                for index in grid.within(request.radiusKm, of: site.location) { set.insert(index) }
                return set
            }
            let evaluator = PointCoverage(weights: units.weights, cover: cover, base: base)
            solved = CoverageSolver.solve(evaluator, candidates: candidates.count, constraints: constraints)
            greedy = CoverageSolver.greedy(evaluator, candidates: candidates.count, k: request.k)
            singles = candidates.indices.map { (candidates[$0].id, evaluator.marginal($0, given: base)) }
            if request.objective == .population {
                metric = { result in (Double(result.wilayas.reduce(0) { $0 + $1.coveredPopulation }), result.wilayas.map { ($0.code, Double($0.coveredPopulation)) }) }
            } else if request.objective == .border {
                metric = { result in (result.wilayas.reduce(0) { $0 + $1.coveredBorderKm }, result.wilayas.map { ($0.code, $0.coveredBorderKm) }) }
            } else {
                metric = { _ in (0, []) }
                demandByWilaya = { openSites in
                    var covered = Bitset(count: units.points.count)
                    for site in openSites { for index in grid.within(request.radiusKm, of: site.location) { covered.insert(index) } }
                    var sums: [String: Double] = [:]
                    for index in covered.indices { if let code = units.wilayas[index] { sums[code, default: 0] += units.weights[index] } }
                    return data.borderWilayaCodes.map { ($0, sums[$0] ?? 0) }
                }
            }
        }
        guard let solution = solved else {
            throw PlanError(description: "no selection meets the constraints (budget \(request.budget.map { formatNumber($0, decimals: 0) } ?? "none"), quota \(request.minPerWilaya.map(String.init) ?? "none"))")
        }

        // Rank the selected sites by their marginal gains in sequence, on the solver's evaluator values.
        let chosenSites = solution.best.chosen.map { candidates[$0] }
        let after = try coverage.run(sites: sites.map { site in chosenSites.contains { $0.id == site.id } ? withStatus(site, "open", request.open) : site }
                                     + chosenSites.filter { site in !sites.contains { $0.id == site.id } }.map { withStatus($0, "open", request.open) },
                                     open: request.open, radiusKm: request.radiusKm)
        var before = metric(baseline), final = metric(after)
        if let demandByWilaya {
            let beforeList = demandByWilaya(open), afterList = demandByWilaya(open + chosenSites)
            before = (beforeList.reduce(0) { $0 + $1.1 }, beforeList)
            final = (afterList.reduce(0) { $0 + $1.1 }, afterList)
            before.total = solutionBaseValue(request, data: data, open: open)
            final.total = solution.best.value
        }
        var picks: [PlanResult.Pick] = []
        var remaining = solution.best.chosen
        var running = before.total
        var gains: [Int: Double] = [:]
        for index in remaining { gains[index] = singles[index].gain }
        // Sequential order: the largest marginal first, recomputed after each pick.
        var chosenSoFar: [Site] = []
        while !remaining.isEmpty {
            var bestIndex = remaining[0], bestGain = -Double.infinity
            for index in remaining {
                let gain = try marginalGain(candidates[index], after: chosenSoFar, open: open, request: request, data: data, baseline: running)
                if gain > bestGain + 1e-9 { bestGain = gain; bestIndex = index }
            }
            running += bestGain
            chosenSoFar.append(candidates[bestIndex])
            remaining.removeAll { $0 == bestIndex }
            picks.append(.init(site: candidates[bestIndex], rank: picks.count + 1, marginal: bestGain, cumulative: running,
                               wilaya: candidateWilaya[bestIndex], cost: costs[bestIndex]))
        }
        let beforeByWilaya = Dictionary(uniqueKeysWithValues: before.perWilaya)
        let afterByWilaya = Dictionary(uniqueKeysWithValues: final.perWilaya)
        return PlanResult(
            request: request, candidates: candidates, selected: picks,
            coveredBefore: before.total, coveredAfter: final.total, demandTotal: demandTotal,
            optimal: solution.optimal, gapPercent: solution.gapPercent,
            wilayas: data.borderWilayaCodes.map { ($0, beforeByWilaya[$0] ?? 0, afterByWilaya[$0] ?? 0) },
            runnersUp: solution.runnersUp.map { (ids: $0.chosen.map { candidates[$0].id }, value: $0.value) },
            singles: singles.sorted { ($0.gain, $1.id) > ($1.gain, $0.id) },
            greedy: (greedy.chosen.map { candidates[$0].id }, greedy.value), unknownCost: unknownCost,
            nodes: solution.nodes, seconds: Date().timeIntervalSince(started))
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

    /// Demand points of a point objective, with weights and wilayas.
    static func demandUnits(_ request: PlanRequest, data: AnalysisData) throws -> (points: [Coordinate], weights: [Double], wilayas: [String?]) {
        let border = Set(data.borderWilayaCodes)
        switch request.objective {
        case .population:
            let places = data.places.filter { border.contains($0.wilaya) }
            return (places.map(\.location), places.map { Double($0.population) }, places.map(\.wilaya))
        case .border:
            let edges = data.edges.filter { border.contains($0.wilaya) }
            return (edges.map(\.midpoint), edges.map(\.lengthKm), edges.map(\.wilaya))
        case .demand:
            guard let demand = request.demand else { throw PlanError(description: "--objective demand needs --demand FILE") }
            let wilayas = try demand.map { point -> String? in
                guard let code = try data.linker.wilaya(at: point.location)?.code, border.contains(code) else { return nil }
                return code
            }
            return (demand.map(\.location), demand.map(\.weight), wilayas)
        case .area:
            return ([], [], [])
        }
    }

    static func solutionBaseValue(_ request: PlanRequest, data: AnalysisData, open: [Site]) -> Double {
        guard let demand = request.demand else { return 0 }
        let grid = PointGrid(demand.map(\.location))
        var covered = Bitset(count: demand.count)
        for site in open { for index in grid.within(request.radiusKm, of: site.location) { covered.insert(index) } }
        return covered.weight(demand.map(\.weight))
    }

    /// Demand `site` adds once `chosen` and the open crossings are in place.
    static func marginalGain(_ site: Site, after chosen: [Site], open: [Site], request: PlanRequest, data: AnalysisData, baseline: Double) throws -> Double {
        let radius = request.radiusKm
        switch request.objective {
        case .area:
            let border = Set(data.borderWilayaCodes)
            func zoneArea(_ sites: [Site]) throws -> Double {
                guard !sites.isEmpty else { return 0 }
                let zone = try Geometry.union(of: try sites.map { try data.catchments.disc(center: $0.location, radiusKm: radius) }, in: data.context)
                return try data.splitByWilaya(zone).filter { border.contains($0.code) }.reduce(0) { $0 + $1.areaKm2 }
            }
            return try zoneArea(open + chosen + [site]) - zoneArea(open + chosen)
        default:
            let units = try demandUnits(request, data: data)
            let covered = { (sites: [Site]) -> Set<Int> in
                let grid = PointGrid(units.points)
                return Set(sites.flatMap { grid.within(radius, of: $0.location) })
            }
            let already = covered(open + chosen)
            return covered([site]).subtracting(already).reduce(0) { $0 + units.weights[$1] }
        }
    }

    /// The area evaluator: each candidate's disc within the border wilayas beyond the covered zone.
    static func areaEvaluator(baseline: CoverageResult, candidates: [Site], radiusKm: Double, data: AnalysisData) throws -> (AreaCoverage, Double) {
        let border = Set(data.borderWilayaCodes)
        let baseArea = baseline.wilayas.reduce(0) { $0 + $1.coveredAreaKm2 }
        let total = baseline.wilayas.reduce(0) { $0 + $1.areaKm2 }
        let additions = try candidates.map { site -> Geometry in
            let disc = try data.catchments.disc(center: site.location, radiusKm: radiusKm)
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
