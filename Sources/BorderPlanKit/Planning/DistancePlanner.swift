import Foundation
import Geo

/// What `borderplan plan --objective distance` (p-median) answers.
public struct DistancePlanResult {
    public struct Pick {
        public var site: Site
        public var rank: Int
        /// Demand-weighted km saved by this site given those ranked before it.
        public var saving: Double
        /// Demand-weighted mean distance (km) once it and those before it are open.
        public var meanAfter: Double
        public var wilaya: String?
        public var cost: Double?
    }

    /// Distances of one border wilaya's demand to its nearest serving crossing, km.
    public struct WilayaDistance: Sendable {
        public var code: String
        public var weight: Double
        /// nil before when some of its demand has no open crossing at all.
        public var meanBefore: Double?
        public var meanAfter: Double
        public var p90Before: Double?
        public var p90After: Double
    }

    public var request: PlanRequest
    public var candidates: [Site]
    public var selected: [Pick]
    /// Demand-weighted sums of distances (weight × km); before is nil with no open crossing.
    public var totalBefore: Double?
    public var totalAfter: Double
    public var weightTotal: Double
    public var optimal: Bool
    public var gapPercent: Double
    public var nodes: Int
    public var greedy: (ids: [String], total: Double)
    public var wilayas: [WilayaDistance]
    public var seconds: Double
    public var notes: [PlanNote] = []

    public var meanBefore: Double? { totalBefore.map { weightTotal > 0 ? $0 / weightTotal : 0 } }
    public var meanAfter: Double { weightTotal > 0 ? totalAfter / weightTotal : 0 }
}

extension Planner {
    /// p-median: the K candidates (required ones included) minimising the demand-weighted geodesic
    /// distance from each demand point of the border wilayas to its nearest open or chosen crossing.
    public static func runDistance(_ request: PlanRequest, data: AnalysisData) throws -> DistancePlanResult {
        let started = Date()
        let deadline = request.deadline ?? Deadline(seconds: request.maxSeconds)
        try checkLimits(request)
        guard request.objective == .distance else { throw PlanError(description: "Planner.runDistance is the p-median: --objective distance") }
        guard request.budget == nil, request.minPerWilaya == nil, request.target == nil else {
            throw PlanError(description: "--objective distance takes --add K only: leave out --budget, --min-per-wilaya and --target")
        }
        let setting = try PlanSetting(request: request, data: data, deadline: deadline)
        var notes: [PlanNote] = []
        let posed = try pose(setting, notes: &notes)
        let candidates = posed.candidates
        let units = try demandUnits(request, data: data)
        let table = try request.travel.map { try setting.roadTimes(units, $0).table(open: setting.open, candidates: candidates, deadline: deadline) }
            ?? DistanceTable.geodesic(points: units.grid.points, weights: units.weights, open: setting.open.map(\.location),
                                      candidates: candidates.map(\.location), deadline: deadline)
        let useful = candidates.indices.filter { !table.pairs($0).isEmpty || posed.constraints.required.contains($0) }
        if useful.count < candidates.count {
            notes.append(PlanNote("plannotes.far-candidates", ["left": .number("\(candidates.count - useful.count)"), "count": .number("\(candidates.count)")]))
        }
        let search = Deadline(seconds: deadline.seconds * CoverageSolver.searchShare, start: deadline.start)
        let solved = try PMedianSolver.solve(table, pool: useful, k: request.k, required: posed.constraints.required, deadline: search)
        if !solved.optimal {
            notes.append(PlanNote("plannotes.time-limit", ["seconds": .number(PlanLimits.show(deadline.seconds)), "nodes": .number("\(solved.nodes)"),
                                                           "gap": .number(formatNumber(solved.gapPercent, decimals: 2))]))
        }
        let picks = rankedSavings(table, chosen: solved.best.chosen).enumerated().map { rank, entry in
            DistancePlanResult.Pick(site: candidates[entry.index], rank: rank + 1, saving: entry.saving, meanAfter: entry.meanAfter,
                                    wilaya: posed.wilayas[entry.index], cost: posed.costs[entry.index])
        }
        if picks.count < request.k, picks.count < candidates.count {
            notes.append(PlanNote("plannotes.stop.distance", ["count": .number("\(picks.count)"), "rest": .number("\(request.k - picks.count)")]))
        }
        let unserved = zip(table.weights, table.base).contains { $0.0 > 0 && $0.1 >= DistanceTable.unserved }
        let after = table.served(by: solved.best.chosen)
        return DistancePlanResult(
            request: request, candidates: candidates, selected: picks, totalBefore: unserved ? nil : table.total(table.base),
            totalAfter: table.total(after), weightTotal: try checkedSum(units.weights, what: "the demand total"),
            optimal: solved.optimal, gapPercent: solved.gapPercent, nodes: solved.nodes,
            greedy: (solved.greedy.chosen.map { candidates[$0].id }, solved.greedy.value),
            wilayas: wilayaDistances(data.borderWilayaCodes, units: units, before: table.base, after: after),
            seconds: Date().timeIntervalSince(started), notes: notes)
    }

    /// The chosen sites in the order they save most, each with its saving and the mean after it.
    static func rankedSavings(_ table: DistanceTable, chosen: [Int]) -> [(index: Int, saving: Double, meanAfter: Double)] {
        let weight = table.weights.reduce(0, +)
        var current: [Int] = []
        var remaining = chosen
        var order: [(index: Int, saving: Double, meanAfter: Double)] = []
        var total = table.total(table.base)
        while !remaining.isEmpty {
            let totals = remaining.map { ($0, table.total(table.served(by: current + [$0]))) }
            let pick = totals.min { ($0.1, $0.0) < ($1.1, $1.0) }!
            guard pick.1 < total else { break }   // a site that shortens no distance is not chosen
            order.append((pick.0, total - pick.1, weight > 0 ? pick.1 / weight : 0))
            total = pick.1
            current.append(pick.0)
            remaining.removeAll { $0 == pick.0 }
        }
        return order
    }

    /// Mean and 90th percentile of the distances per border wilaya, weighted by demand.
    static func wilayaDistances(_ codes: [String], units: DemandUnits, before: [Double], after: [Double]) -> [DistancePlanResult.WilayaDistance] {
        codes.compactMap { code in
            let members = units.wilayas.indices.filter { units.wilayas[$0] == code && units.weights[$0] > 0 }
            guard !members.isEmpty else { return nil }
            let weights = members.map { units.weights[$0] }
            let was = members.map { before[$0] }, now = members.map { after[$0] }
            let unserved = was.contains { $0 >= DistanceTable.unserved }
            return .init(code: code, weight: weights.reduce(0, +),
                         meanBefore: unserved ? nil : weightedMean(was, weights), meanAfter: weightedMean(now, weights),
                         p90Before: unserved ? nil : weightedPercentile(was, weights, 0.9), p90After: weightedPercentile(now, weights, 0.9))
        }
    }

    static func weightedMean(_ values: [Double], _ weights: [Double]) -> Double {
        let total = weights.reduce(0, +)
        return total > 0 ? zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / total : 0
    }

    /// The smallest value v such that the demand at distance ≤ v is at least `share` of the total.
    static func weightedPercentile(_ values: [Double], _ weights: [Double], _ share: Double) -> Double {
        let total = weights.reduce(0, +)
        var cumulative = 0.0
        for (value, weight) in zip(values, weights).sorted(by: { $0.0 < $1.0 }) {
            cumulative += weight
            if cumulative >= share * total * (1 - 1e-12) { return value }
        }
        return values.max() ?? 0
    }
}
