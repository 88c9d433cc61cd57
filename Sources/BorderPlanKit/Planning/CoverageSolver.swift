import Foundation
import Geo

/// Coverage of candidate sets, incrementally: the solver's view of an objective. A failure
/// to compute a coverage (a GEOS overlay, a geodesic area) is thrown, never read as 0.
public protocol CoverageEvaluator: AnyObject {
    associatedtype State
    /// Coverage by the crossings already open (and the required ones).
    var baseState: State { get }
    /// Covered demand of a state.
    func value(_ state: State) -> Double
    /// The state with candidate `candidate` added.
    func adding(_ candidate: Int, to state: State) throws -> State
    /// Demand `candidate` would add to `state`.
    func marginal(_ candidate: Int, given state: State) throws -> Double
}

/// Point demand (places, border-edge midpoints, user points) as bitsets.
public final class PointCoverage: CoverageEvaluator {
    public let weights: [Double]
    public let cover: [Bitset]
    public let baseState: Bitset

    public init(weights: [Double], cover: [Bitset], base: Bitset) {
        self.weights = weights
        self.cover = cover
        self.baseState = base
    }

    public func value(_ state: Bitset) -> Double { state.weight(weights) }
    public func adding(_ candidate: Int, to state: Bitset) -> Bitset { state.union(cover[candidate]) }
    public func marginal(_ candidate: Int, given state: Bitset) -> Double { cover[candidate].weight(weights, excluding: state) }

    /// The candidates of `among` that no other candidate dominates: one whose new demand
    /// (beyond the base, weight > 0) is a subset of another's at no lower cost is dropped,
    /// since swapping it for the other never loses demand nor money. `keep` (required
    /// candidates) always stays; `group` (the quota's wilaya) must match for a candidate to
    /// dominate another. Identical ones keep the lowest index.
    public func undominated(_ among: [Int], costs: [Double?], keep: Set<Int>, group: [String?]? = nil, deadline: Deadline? = nil) throws -> [Int] {
        let relevant = Set(among.flatMap { cover[$0].subtracting(baseState).indices.filter { weights[$0] > 0 } }).sorted()
        let position = Dictionary(uniqueKeysWithValues: relevant.enumerated().map { ($1, $0) })
        let sets: [Int: Bitset] = Dictionary(uniqueKeysWithValues: among.map { candidate in
            var set = Bitset(count: relevant.count)
            for unit in cover[candidate].indices { if let index = position[unit] { set.insert(index) } }
            return (candidate, set)
        })
        // Largest new demand first: a candidate can only be dominated by one at least as large.
        let order = among.sorted { (sets[$0]!.count, -$0) > (sets[$1]!.count, -$1) }
        var kept: [Int] = []
        for candidate in order {
            try deadline?.check("pruning dominated candidates")
            let set = sets[candidate]!
            let dominated = !keep.contains(candidate) && kept.contains { other in
                (group == nil || group![other] == group![candidate]) && set.isSubset(of: sets[other]!)
                    && (costs.isEmpty || (costs[other] ?? .infinity) <= (costs[candidate] ?? .infinity))
            }
            if !dominated { kept.append(candidate) }
        }
        return kept.sorted()
    }
}

/// Area demand: each candidate's disc within the border wilayas, beyond what is already covered.
public final class AreaCoverage: CoverageEvaluator {
    public struct State {
        var zone: Geometry?
        var value: Double
    }

    /// Each candidate's new area (disc ∩ border wilayas − covered zone), as a polygon.
    public let additions: [Geometry]
    public let baseState: State

    public init(additions: [Geometry], baseAreaKm2: Double) {
        self.additions = additions
        self.baseState = State(zone: nil, value: baseAreaKm2)
    }

    public func value(_ state: State) -> Double { state.value }

    /// The zone grown by the candidate's addition; a failed overlay or area is an error.
    public func adding(_ candidate: Int, to state: State) throws -> State {
        let addition = additions[candidate]
        guard let zone = state.zone else {
            return State(zone: addition, value: state.value + (try Self.areaKm2(addition)))
        }
        let extra = try Self.areaKm2(try addition.difference(zone))
        return State(zone: try zone.union(addition), value: state.value + extra)
    }

    public func marginal(_ candidate: Int, given state: State) throws -> Double {
        try adding(candidate, to: state).value - state.value
    }

    /// Geodesic area in km²; a non-finite area is an error, not a number.
    static func areaKm2(_ geometry: Geometry) throws -> Double {
        let area = try Geodesic.wgs84.area(of: geometry) / 1e6
        guard area.isFinite else { throw PlanError(description: "the geodesic area of a candidate's coverage is not finite (\(area))") }
        return area
    }
}

/// Constraints of the covering problem.
public struct CoverageConstraints: Sendable {
    /// Number of sites to choose (required ones included).
    public var k: Int
    /// Candidates that must be chosen.
    public var required: [Int]
    /// Cost of each candidate (nil: unknown) and the budget, if any.
    public var costs: [Double?]
    public var budget: Double?
    /// AccessMod's admin quota: each listed wilaya needs `minimum` crossings, counting those open.
    public var quota: Quota?
    /// Time limit of the search alone, used when no `deadline` is given.
    public var maxSeconds: Double
    /// The whole plan's deadline (the CLI's clock starts with the command).
    public var deadline: Deadline?

    public struct Quota: Sendable {
        public var minimum: Int
        /// Open crossings per wilaya already.
        public var open: [String: Int]
        /// The wilaya of each candidate.
        public var candidateWilaya: [String?]
        /// Wilayas held to the quota (those where it can be met).
        public var wilayas: [String]

        public init(minimum: Int, open: [String: Int], candidateWilaya: [String?], wilayas: [String]) {
            self.minimum = minimum
            self.open = open
            self.candidateWilaya = candidateWilaya
            self.wilayas = wilayas
        }

        /// Crossings still missing to meet the quota with `chosen` added to the open ones.
        func deficit(_ chosen: [Int]) -> Int {
            var counts = open
            for index in chosen { if let wilaya = candidateWilaya[index] { counts[wilaya, default: 0] += 1 } }
            return wilayas.reduce(0) { $0 + max(0, minimum - counts[$1, default: 0]) }
        }
    }

    public init(k: Int, required: [Int] = [], costs: [Double?] = [], budget: Double? = nil, quota: Quota? = nil,
                maxSeconds: Double = 30, deadline: Deadline? = nil) {
        self.k = k
        self.required = required
        self.costs = costs
        self.budget = budget
        self.quota = quota
        self.maxSeconds = maxSeconds
        self.deadline = deadline
    }

    /// The cost of a candidate when a budget applies (0 without one); nil when it is unknown.
    func price(_ candidate: Int) -> Double? {
        guard budget != nil else { return 0 }
        return costs.indices.contains(candidate) ? costs[candidate] : nil
    }

    /// Missing crossings of the quota (0 without one) for `required` + `chosen`.
    func deficit(_ chosen: [Int]) -> Int { quota?.deficit(required + chosen) ?? 0 }
}

/// Exact maximal covering by depth-first branch and bound: candidates in order of their
/// value alone, bounds from the greedy marginal gains (valid because coverage is
/// submodular: the best r additions add at most the r largest marginal gains). The greedy
/// answer (which respects the budget and the quota) is the first incumbent, so a search cut
/// by the deadline returns at least it, with the gap to the largest open bound. Memory is
/// bounded: one path of states and the few best solutions, never a store of nodes.
public struct CoverageSolver {
    public struct Solution: Sendable, Equatable {
        public var chosen: [Int]
        public var value: Double
    }

    public struct Result: Sendable {
        public var best: Solution
        /// Other combinations of the same size within 1 % of the best, best first.
        public var runnersUp: [Solution]
        public var optimal: Bool
        /// (upper bound − best) / upper bound, percent; 0 when optimal.
        public var gapPercent: Double
        public var nodes: Int
        /// The greedy answer under the same constraints (nil when greedy finds none).
        public var greedy: Solution?
    }

    public static let runnerUpTolerance = 0.01
    public static let runnerUpLimit = 10
    /// Share of the time limit the search may use (greedy and the ordering come first).
    public static let searchShare = 0.95

    /// Solves over `among` (default: every candidate); `nil` when no selection meets the constraints.
    public static func solve<E: CoverageEvaluator>(_ evaluator: E, candidates: Int, among: [Int]? = nil,
                                                   constraints: CoverageConstraints) throws -> Result? {
        // The search stops a little before the deadline: ranking the answer and the before/after
        // comparison come after it, within the 10 % the limit allows.
        let given = constraints.deadline ?? Deadline(seconds: constraints.maxSeconds)
        let deadline = Deadline(seconds: given.seconds * searchShare, start: given.start)
        var root = evaluator.baseState
        var cost = 0.0
        for index in constraints.required {
            root = try evaluator.adding(index, to: root)
            cost += constraints.budget == nil ? 0 : constraints.costs.indices.contains(index) ? constraints.costs[index] ?? 0 : 0
        }
        if let budget = constraints.budget, cost > budget { return nil }
        let pool = (among ?? Array(0..<candidates)).filter { !constraints.required.contains($0) }
        let greedy = try greedy(evaluator, root: root, cost: cost, pool: pool, constraints: constraints)
        let rootState = root
        let order = try pool.map { ($0, try evaluator.marginal($0, given: rootState)) }
            .sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0)
        let search = Search(evaluator: evaluator, order: order, constraints: constraints, deadline: deadline)
        if let greedy { search.record(greedy) }
        try search.explore(0, rootState, [], cost)
        guard var result = search.result(greedy: greedy) else { return nil }
        let left = (0..<candidates).filter { !pool.contains($0) && !constraints.required.contains($0) }
        result.best = try filled(result.best, from: left, evaluator: evaluator, constraints: constraints)
        result.greedy = try greedy.map { try filled($0, from: left, evaluator: evaluator, constraints: constraints) }
        return result
    }

    /// A plan for K names K sites when it can: free slots take candidates left out of the search
    /// as dominated (each adds nothing there, or the search would have taken the one dominating
    /// it), best alone first, within the budget.
    static func filled<E: CoverageEvaluator>(_ solution: Solution, from left: [Int], evaluator: E,
                                             constraints: CoverageConstraints) throws -> Solution {
        guard solution.chosen.count < constraints.k, !left.isEmpty else { return solution }
        var chosen = solution.chosen
        var spent = chosen.reduce(0.0) { $0 + (constraints.price($1) ?? 0) }
        let base = evaluator.baseState
        let ranked = try left.map { ($0, try evaluator.marginal($0, given: base)) }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0)
        for candidate in ranked where chosen.count < constraints.k {
            guard let price = constraints.price(candidate), spent + price <= (constraints.budget ?? .infinity) else { continue }
            chosen.append(candidate)
            spent += price
        }
        return Solution(chosen: chosen, value: solution.value)
    }

    /// The greedy heuristic (best marginal gain first) under the same constraints: it picks only
    /// affordable candidates that keep the quota reachable; `nil` when it cannot meet them.
    public static func greedy<E: CoverageEvaluator>(_ evaluator: E, candidates: Int,
                                                    constraints: CoverageConstraints) throws -> Solution? {
        var state = evaluator.baseState
        var cost = 0.0
        for index in constraints.required {
            state = try evaluator.adding(index, to: state)
            cost += constraints.price(index) ?? 0
        }
        if let budget = constraints.budget, cost > budget { return nil }
        let pool = (0..<candidates).filter { !constraints.required.contains($0) }
        return try greedy(evaluator, root: state, cost: cost, pool: pool, constraints: constraints)
    }

    static func greedy<E: CoverageEvaluator>(_ evaluator: E, root: E.State, cost: Double, pool: [Int],
                                             constraints: CoverageConstraints) throws -> Solution? {
        var state = root, spent = cost
        var chosen: [Int] = []
        let slots = max(0, constraints.k - constraints.required.count)
        while chosen.count < slots {
            let left = slots - chosen.count - 1
            var pick: (index: Int, gain: Double)?
            for candidate in pool where !chosen.contains(candidate) {
                guard let price = constraints.price(candidate), spent + price <= (constraints.budget ?? .infinity),
                      constraints.deficit(chosen + [candidate]) <= left else { continue }
                let gain = try evaluator.marginal(candidate, given: state)
                if pick == nil || gain > pick!.gain { pick = (candidate, gain) }
            }
            guard let pick else { break }
            chosen.append(pick.index)
            spent += constraints.price(pick.index) ?? 0
            state = try evaluator.adding(pick.index, to: state)
        }
        guard constraints.deficit(chosen) == 0 else { return nil }
        return Solution(chosen: constraints.required + chosen, value: evaluator.value(state))
    }

    /// The depth-first search: one path of states, the incumbent and the few best solutions.
    final class Search<E: CoverageEvaluator> {
        let evaluator: E
        let order: [Int]
        let constraints: CoverageConstraints
        let deadline: Deadline
        let slots: Int
        var best: Solution?
        /// The best distinct solutions, best first, at most `runnerUpLimit + 1`.
        var top: [Solution] = []
        var nodes = 0
        var timedOut = false
        /// The largest bound of a subtree left unexplored at the deadline.
        var openBound = 0.0

        init(evaluator: E, order: [Int], constraints: CoverageConstraints, deadline: Deadline) {
            self.evaluator = evaluator
            self.order = order
            self.constraints = constraints
            self.deadline = deadline
            self.slots = max(0, constraints.k - constraints.required.count)
        }

        /// Keeps `solution` if it is the best (or as good with more sites: a plan for K names
        /// K sites when it can) and among the best few.
        func record(_ solution: Solution) {
            if best == nil || solution.value > best!.value + 1e-9
                || (solution.value >= best!.value - 1e-9 && solution.chosen.count > best!.chosen.count) { best = solution }
            let key = solution.chosen.sorted()
            guard !top.contains(where: { $0.chosen.sorted() == key }) else { return }
            top.append(solution)
            top.sort { $0.value != $1.value ? $0.value > $1.value : $0.chosen.sorted().lexicographicallyPrecedes($1.chosen.sorted()) }
            if top.count > runnerUpLimit + 1 { top.removeLast() }
        }

        func explore(_ position: Int, _ state: E.State, _ chosen: [Int], _ cost: Double) throws {
            nodes += 1
            let value = evaluator.value(state)
            let missing = constraints.deficit(chosen)
            if missing == 0 { record(Solution(chosen: constraints.required + chosen, value: value)) }
            let remaining = slots - chosen.count
            guard remaining > 0, position < order.count, missing <= remaining else { return }
            var gains: [(offset: Int, gain: Double)] = []
            for offset in position..<order.count {
                guard let price = constraints.price(order[offset]), cost + price <= (constraints.budget ?? .infinity) else { continue }
                gains.append((offset, try evaluator.marginal(order[offset], given: state)))
            }
            let bound = value + gains.map(\.gain).sorted(by: >).prefix(remaining).reduce(0, +)
            // Prune below 1 % of the best (runners-up are kept within it) and below the last kept solution.
            if let best, bound < best.value * (1 - runnerUpTolerance) - 1e-9 { return }
            if top.count > runnerUpLimit, let last = top.last, bound < last.value - 1e-9 { return }
            for (offset, _) in gains {
                if timedOut || deadline.hasPassed {
                    timedOut = true
                    openBound = max(openBound, bound)
                    return
                }
                let candidate = order[offset]
                try explore(offset + 1, try evaluator.adding(candidate, to: state), chosen + [candidate],
                            cost + (constraints.price(candidate) ?? 0))
            }
        }

        func result(greedy: Solution?) -> Result? {
            guard let winner = best else { return nil }
            let runnersUp = top.filter {
                $0.chosen.count == winner.chosen.count && Set($0.chosen) != Set(winner.chosen)
                    && $0.value >= winner.value * (1 - runnerUpTolerance) - 1e-9
            }
            let upper = max(openBound, winner.value)
            let gap = timedOut && upper > 0 ? (upper - winner.value) / upper * 100 : 0
            return Result(best: winner, runnersUp: Array(runnersUp.prefix(runnerUpLimit)), optimal: !timedOut,
                          gapPercent: gap, nodes: nodes, greedy: greedy)
        }
    }
}

extension Bitset {
    /// Number of members.
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Whether every member of `self` is in `other` (same size).
    func isSubset(of other: Bitset) -> Bool {
        for index in words.indices where words[index] & ~other.words[index] != 0 { return false }
        return true
    }
}
