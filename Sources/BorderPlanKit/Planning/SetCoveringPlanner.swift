import Foundation
import Geo

/// What a set covering plan (`plan --target`) adds to a plan's answer.
public struct TargetSummary: Sendable {
    /// The asked share of the demand total, 0…1.
    public var share: Double
    /// Whether the candidates can reach it at all.
    public var reachable: Bool
    /// The most the open crossings and every candidate cover together, as a share.
    public var reachableShare: Double
    /// The demand the plan had to cover: the target's, or the most reachable.
    public var need: Double
    /// Minimised quantity: total cost (every candidate's cost known), else the number of sites.
    public var byCost: Bool
    /// Total cost of the chosen sites (nil by count).
    public var cost: Double?
    /// Greedy's sites (gain per cost until the target) and their cost or count.
    public var greedyCost: Double
}

extension PlanLimits {
    /// `--target`: a share of the demand total, "90%" or "90" (percent), above 0 and at most 100.
    public static func target(_ text: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.hasSuffix("%") ? String(trimmed.dropLast()) : trimmed
        let percent = try number(digits, option: "--target", what: "target share", unit: " %")
        guard percent > 0, percent <= 100 else {
            throw LimitError("--target \(text): the target share must be above 0 % and at most 100 %")
        }
        return percent / 100
    }
}

extension Planner {
    /// Set covering: the cheapest set of candidates (by cost when every candidate's cost is known,
    /// else by count) whose coverage, with the open crossings, reaches `request.target` of the
    /// demand total; when it cannot, the cheapest set reaching the most the candidates can cover.
    static func runTarget(_ request: PlanRequest, data: AnalysisData, deadline: Deadline, started: Date) throws -> PlanResult {
        let share = request.target!
        guard share > 0, share <= 1 else { throw PlanError(description: "--target: the share \(share) is outside (0, 1]") }
        guard request.objective != .distance else { throw PlanError(description: "--target is set covering: it needs a covering objective, not --objective distance") }
        guard request.budget == nil, request.minPerWilaya == nil else {
            throw PlanError(description: "--target minimises the cost itself: leave out --budget and --min-per-wilaya")
        }
        let setting = try PlanSetting(request: request, data: data, deadline: deadline)
        var notes: [PlanNote] = []
        let posed = try pose(setting, notes: &notes)
        let candidates = posed.candidates
        let (pool, costs) = targetPool(request, posed: posed, notes: &notes)
        let (evaluator, among, total, units) = try targetEvaluator(setting, posed: posed, pool: pool, costs: costs, notes: &notes)
        let search = Deadline(seconds: deadline.seconds * CoverageSolver.searchShare, start: deadline.start)
        let solved = try SetCoveringSolver.solve(evaluator, pool: among, required: posed.constraints.required,
                                                 need: share * total, costs: costs, deadline: search)
        if !solved.reachable {
            notes.append(PlanNote("plannotes.target-unreachable", ["target": .number(formatNumber(share * 100, decimals: 2)),
                                                                   "reached": .number(formatNumber(total > 0 ? solved.need / total * 100 : 0, decimals: 2))]))
        }
        if !solved.optimal {
            notes.append(PlanNote("plannotes.time-limit-cost", ["seconds": .number(PlanLimits.show(deadline.seconds)), "nodes": .number("\(solved.nodes)"),
                                                                "gap": .number(formatNumber(solved.gapPercent, decimals: 2))]))
        }
        let order = try rankedPicks(evaluator, chosen: solved.best.chosen)
        let result = CoverageSolver.Result(best: .init(chosen: solved.best.chosen, value: solved.best.value), runnersUp: [], optimal: solved.optimal,
                                           gapPercent: solved.gapPercent, nodes: solved.nodes, greedy: .init(chosen: solved.greedy.chosen, value: solved.greedy.value))
        let base = evaluator.value(evaluator.baseState)
        let outcome = Outcome(result: result, order: order, singles: candidates.indices.map { (index: $0, gain: evaluator.marginal($0, given: evaluator.baseState)) },
                              before: base, after: order.last?.cumulative ?? base, total: total, greedy: solved.greedy.chosen, units: units)
        var picks = order.enumerated().map { rank, entry in
            PlanResult.Pick(site: candidates[entry.index], rank: rank + 1, marginal: entry.gain, cumulative: entry.cumulative,
                            wilaya: posed.wilayas[entry.index], cost: posed.costs[entry.index],
                            kind: OptionKind.of(candidates[entry.index], service: request.service),
                            projects: posed.projects[entry.index], costNote: posed.costNotes[entry.index])
        }
        picks = sideGains(picks, units: units, open: setting.open, radiusKm: request.coverRadiusKm)
        let (perWilaya, before, after) = try compare(setting, chosen: picks.map(\.site), outcome: outcome)
        var plan = PlanResult(
            request: request, candidates: candidates, selected: picks, coveredBefore: before, coveredAfter: after, demandTotal: total,
            optimal: solved.optimal, gapPercent: solved.gapPercent, wilayas: perWilaya, runnersUp: [],
            singles: outcome.singles.map { (candidates[$0.index].id, $0.gain) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) },
            greedy: (solved.greedy.chosen.map { candidates[$0].id }, solved.greedy.value),
            unknownCost: costs == nil ? [] : candidates.indices.filter { posed.costs[$0] == nil }.map { candidates[$0].id }, nodes: solved.nodes, seconds: Date().timeIntervalSince(started), notes: notes)
        plan.target = TargetSummary(share: share, reachable: solved.reachable, reachableShare: total > 0 ? solved.need / total : 0, need: solved.need,
                                    byCost: costs != nil, cost: costs == nil ? nil : solved.best.cost, greedyCost: solved.greedy.cost)
        return plan
    }

    /// The candidates the search may use and their costs: by cost (nil-free) when `--costs` is
    /// given or every candidate has a project cost, leaving out those without one; else by count.
    static func targetPool(_ request: PlanRequest, posed: Posed, notes: inout [PlanNote]) -> (pool: [Int], costs: [Double]?) {
        let all = Array(posed.candidates.indices)
        let unknown = all.filter { posed.costs[$0] == nil }
        let required = Set(posed.constraints.required)
        let byCost = request.costs != nil ? unknown.allSatisfy { !required.contains($0) } : unknown.isEmpty && !all.isEmpty
        guard byCost else {
            if !unknown.isEmpty {
                notes.append(PlanNote("plannotes.unknown-cost.count", ["unknown": .number("\(unknown.count)"), "count": .number("\(all.count)")]))
            }
            return (all, nil)
        }
        if !unknown.isEmpty {
            notes.append(PlanNote("plannotes.unknown-cost.costs-file", ["ids": .text(unknown.map { posed.candidates[$0].id }.joined(separator: ", "))]))
        }
        return (all.filter { posed.costs[$0] != nil }, all.map { posed.costs[$0] ?? 0 })
    }

    /// The coverage evaluator of the objective, the undominated pool, the demand total and the units.
    static func targetEvaluator(_ setting: PlanSetting, posed: Posed, pool: [Int], costs: [Double]?, notes: inout [PlanNote])
        throws -> (PointCoverage, [Int], Double, DemandUnits) {
        let request = setting.request
        guard request.objective != .area else {
            throw PlanError(description: "--target needs point demand (--objective population, border or demand); area has no point to cover")
        }
        let units = try demandUnits(request, data: setting.data)
        let base = try setting.covered(units, by: setting.open)
        var cover: [Bitset] = []
        for site in posed.candidates {
            try setting.deadline.check("computing the coverage of candidate \(cover.count + 1) of \(posed.candidates.count)")
            cover.append(try setting.covered(units, by: [site]))
        }
        let evaluator = PointCoverage(weights: units.weights, cover: cover, base: base)
        // Dominance holds for set covering too: a subset's candidate at no lower cost is never needed.
        let among = try evaluator.undominated(pool, costs: costs?.map { Optional($0) } ?? [], keep: Set(posed.constraints.required), deadline: setting.deadline)
        if among.count < pool.count {
            notes.append(PlanNote("plannotes.dominated", ["left": .number("\(pool.count - among.count)"), "count": .number("\(pool.count)")]))
        }
        return (evaluator, among, try checkedSum(units.weights, what: "the demand total"), units)
    }

    /// The chosen sites in the order they add most (each one's marginal gain given those before it).
    static func rankedPicks<E: CoverageEvaluator>(_ evaluator: E, chosen: [Int]) throws -> [(index: Int, gain: Double, cumulative: Double)] {
        var state = evaluator.baseState
        var remaining = chosen
        var order: [(index: Int, gain: Double, cumulative: Double)] = []
        while !remaining.isEmpty {
            let gains = try remaining.map { ($0, try evaluator.marginal($0, given: state)) }
            let pick = gains.max { ($0.1, -$0.0) < ($1.1, -$1.0) }!
            state = try evaluator.adding(pick.0, to: state)
            order.append((pick.0, pick.1, evaluator.value(state)))
            remaining.removeAll { $0 == pick.0 }
        }
        return order
    }
}
