import Foundation
import Geo

/// Coverage of candidate sets, incrementally: the solver's view of an objective.
public protocol CoverageEvaluator: AnyObject {
    associatedtype State
    /// Coverage by the crossings already open (and the required ones).
    var baseState: State { get }
    /// Covered demand of a state.
    func value(_ state: State) -> Double
    /// The state with candidate `candidate` added.
    func adding(_ candidate: Int, to state: State) -> State
    /// Demand `candidate` would add to `state`.
    func marginal(_ candidate: Int, given state: State) -> Double
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
    private var cache: [String: Double] = [:]

    public init(additions: [Geometry], baseAreaKm2: Double) {
        self.additions = additions
        self.baseState = State(zone: nil, value: baseAreaKm2)
    }

    public func value(_ state: State) -> Double { state.value }

    public func adding(_ candidate: Int, to state: State) -> State {
        let addition = additions[candidate]
        guard let zone = state.zone else {
            return State(zone: addition, value: state.value + ((try? Geodesic.wgs84.area(of: addition)) ?? 0) / 1e6)
        }
        let extra = ((try? addition.difference(zone)).flatMap { try? Geodesic.wgs84.area(of: $0) } ?? 0) / 1e6
        return State(zone: (try? zone.union(addition)) ?? zone, value: state.value + extra)
    }

    public func marginal(_ candidate: Int, given state: State) -> Double {
        adding(candidate, to: state).value - state.value
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
    public var maxSeconds: Double

    public struct Quota: Sendable {
        public var minimum: Int
        /// Open crossings per wilaya already.
        public var open: [String: Int]
        /// The wilaya of each candidate.
        public var candidateWilaya: [String?]
        /// Wilayas held to the quota (those where it can be met).
        public var wilayas: [String]
    }

    public init(k: Int, required: [Int] = [], costs: [Double?] = [], budget: Double? = nil, quota: Quota? = nil, maxSeconds: Double = 30) {
        self.k = k
        self.required = required
        self.costs = costs
        self.budget = budget
        self.quota = quota
        self.maxSeconds = maxSeconds
    }
}

/// Exact maximal covering by branch and bound: candidates in order of their value
/// alone, bounds from the greedy marginal gains (valid because coverage is
/// submodular: the best r additions add at most the r largest marginal gains).
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
    }

    public static let runnerUpTolerance = 0.01

    /// Solves; `nil` when no selection meets the constraints.
    public static func solve<E: CoverageEvaluator>(_ evaluator: E, candidates: Int, constraints: CoverageConstraints) -> Result? {
        let started = Date()
        var state = evaluator.baseState
        var cost = 0.0
        for index in constraints.required {
            state = evaluator.adding(index, to: state)
            cost += constraints.costs.indices.contains(index) ? constraints.costs[index] ?? 0 : 0
        }
        if let budget = constraints.budget, cost > budget { return nil }
        let slots = max(0, constraints.k - constraints.required.count)
        let requiredSet = Set(constraints.required)
        let rootState = state
        let order = (0..<candidates).filter { !requiredSet.contains($0) }
            .map { ($0, evaluator.marginal($0, given: rootState)) }
            .sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0)

        var solutions: [Solution] = []
        var best: Solution?
        var nodes = 0
        var timedOut = false
        var openBound = 0.0

        func deficit(_ chosen: [Int]) -> Int {
            guard let quota = constraints.quota else { return 0 }
            var counts = quota.open
            for index in constraints.required + chosen { if let wilaya = quota.candidateWilaya[index] { counts[wilaya, default: 0] += 1 } }
            return quota.wilayas.reduce(0) { $0 + max(0, quota.minimum - counts[$1, default: 0]) }
        }

        func explore(_ position: Int, _ state: E.State, _ chosen: [Int], _ cost: Double) {
            nodes += 1
            let value = evaluator.value(state)
            let missing = deficit(chosen)
            if missing == 0 {
                let solution = Solution(chosen: constraints.required + chosen, value: value)
                // Better, or as good with more sites (a plan for K names K sites when it can).
                if best == nil || value > best!.value + 1e-9 || (value >= best!.value - 1e-9 && solution.chosen.count > best!.chosen.count) { best = solution }
                solutions.append(solution)
            }
            let remaining = slots - chosen.count
            guard remaining > 0, position < order.count, missing <= remaining else { return }
            var gains: [(index: Int, gain: Double)] = []
            for offset in position..<order.count {
                let candidate = order[offset]
                if let budget = constraints.budget {
                    guard let price = constraints.costs[candidate], cost + price <= budget else { continue }
                }
                gains.append((offset, evaluator.marginal(candidate, given: state)))
            }
            let bound = value + gains.map(\.gain).sorted(by: >).prefix(remaining).reduce(0, +)
            if let best, bound < best.value * (1 - runnerUpTolerance) - 1e-9 { return }
            if Date().timeIntervalSince(started) > constraints.maxSeconds {
                timedOut = true
                openBound = max(openBound, bound)
                return
            }
            for (offset, _) in gains {
                let candidate = order[offset]
                explore(offset + 1, evaluator.adding(candidate, to: state), chosen + [candidate],
                        cost + (constraints.budget == nil ? 0 : constraints.costs[candidate] ?? 0))
                if timedOut && Date().timeIntervalSince(started) > constraints.maxSeconds * 1.5 { break }
            }
        }

        explore(0, rootState, [], cost)
        guard let winner = best else { return nil }
        let size = winner.chosen.count
        var seen = Set<[Int]>()
        let runnersUp = solutions
            .filter { $0.chosen.count == size && $0.value >= winner.value * (1 - runnerUpTolerance) - 1e-9 && Set($0.chosen) != Set(winner.chosen) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.chosen.sorted().lexicographicallyPrecedes($1.chosen.sorted()) }
            .filter { seen.insert($0.chosen.sorted()).inserted }
        let upper = max(openBound, winner.value)
        let gap = timedOut && upper > 0 ? (upper - winner.value) / upper * 100 : 0
        return Result(best: Solution(chosen: winner.chosen, value: winner.value), runnersUp: Array(runnersUp.prefix(10)),
                      optimal: !timedOut, gapPercent: gap, nodes: nodes)
    }

    /// The greedy heuristic (best marginal gain first), for comparison.
    public static func greedy<E: CoverageEvaluator>(_ evaluator: E, candidates: Int, k: Int) -> Solution {
        var state = evaluator.baseState
        var chosen: [Int] = []
        for _ in 0..<min(k, candidates) {
            let pick = (0..<candidates).filter { !chosen.contains($0) }
                .map { ($0, evaluator.marginal($0, given: state)) }
                .max { ($0.1, -$0.0) < ($1.1, -$1.0) }
            guard let pick else { break }
            chosen.append(pick.0)
            state = evaluator.adding(pick.0, to: state)
        }
        return Solution(chosen: chosen, value: evaluator.value(state))
    }
}
