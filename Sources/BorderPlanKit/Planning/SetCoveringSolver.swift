import Foundation

/// Exact set covering with a target (the partial location set covering problem): the cheapest
/// set of candidates (by cost, or by count when `costs` is nil) that, with the crossings already
/// open and the required ones, covers at least `need` demand. When no set reaches `need`, the
/// target becomes the most the candidates can cover together, and the answer says so.
///
/// Depth-first branch and bound over candidates in order of gain per unit of cost. The lower
/// bound of a node is its cost plus a fractional knapsack over the remaining candidates' marginal
/// gains (by count: the fewest of the largest gains that reach the deficit). It is valid because
/// coverage is submodular: a set of candidates adds at most the sum of their marginal gains.
/// The greedy answer (best gain per cost until the target) is the first incumbent, so a search cut
/// by the deadline returns at least it, with its gap to the smallest open bound. Memory is one
/// path of states: no store of nodes.
public enum SetCoveringSolver {
    public struct Solution: Sendable, Equatable {
        public var chosen: [Int]
        public var value: Double
        /// Total cost of `chosen` (its count when minimising by count).
        public var cost: Double
    }

    public struct Result: Sendable {
        public var best: Solution
        public var greedy: Solution
        /// Whether the asked demand can be reached; when not, `need` is the most reachable.
        public var reachable: Bool
        /// Demand the answer had to cover (the asked one, or the most reachable).
        public var need: Double
        public var optimal: Bool
        /// (best − lower bound) / best, percent; 0 when optimal.
        public var gapPercent: Double
        public var nodes: Int
    }

    /// Relative tolerance of "covers the need" (sums of weights in another order).
    static let tolerance = 1e-9

    /// Solves over `pool`; `required` are always chosen (and paid for).
    public static func solve<E: CoverageEvaluator>(_ evaluator: E, pool: [Int], required: [Int] = [], need asked: Double,
                                                   costs: [Double]?, deadline: Deadline) throws -> Result {
        func price(_ candidate: Int) -> Double { costs?[candidate] ?? 1 }
        var root = evaluator.baseState
        for index in required { root = try evaluator.adding(index, to: root) }
        let rootCost = required.reduce(0) { $0 + price($1) }
        let pool = pool.filter { !required.contains($0) }
        var everything = root
        for candidate in pool { everything = try evaluator.adding(candidate, to: everything) }
        let most = evaluator.value(everything)
        let slack = tolerance * max(1, abs(asked))
        let reachable = most >= asked - slack
        let need = reachable ? asked : most
        let rootState = root
        let order = try pool.map { ($0, try evaluator.marginal($0, given: rootState) / max(price($0), 1e-12)) }
            .sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0)
        let greedy = try greedySolution(evaluator, root: root, rootCost: rootCost, pool: pool, need: need, slack: slack, price: price)
        let search = Search(evaluator: evaluator, order: order, required: required, need: need, slack: slack, price: price, deadline: deadline)
        search.best = Solution(chosen: required + greedy.chosen, value: greedy.value, cost: greedy.cost)
        try search.explore(0, root, [], rootCost)
        let best = search.best!
        let lower = min(search.openBound, best.cost)
        let gap = search.timedOut && best.cost > 0 ? (best.cost - lower) / best.cost * 100 : 0
        return Result(best: best, greedy: Solution(chosen: required + greedy.chosen, value: greedy.value, cost: greedy.cost),
                      reachable: reachable, need: need, optimal: !search.timedOut, gapPercent: gap, nodes: search.nodes)
    }

    /// Greedy: the best marginal gain per unit of cost until the need is met (it always is: the
    /// need is at most what every candidate together covers).
    static func greedySolution<E: CoverageEvaluator>(_ evaluator: E, root: E.State, rootCost: Double, pool: [Int], need: Double,
                                                     slack: Double, price: (Int) -> Double) throws -> Solution {
        var state = root, cost = rootCost
        var chosen: [Int] = []
        while evaluator.value(state) < need - slack {
            var pick: (index: Int, ratio: Double)?
            for candidate in pool where !chosen.contains(candidate) {
                let gain = try evaluator.marginal(candidate, given: state)
                guard gain > 0 else { continue }
                let ratio = gain / max(price(candidate), 1e-12)
                if pick == nil || ratio > pick!.ratio { pick = (candidate, ratio) }
            }
            guard let pick else { break }
            chosen.append(pick.index)
            cost += price(pick.index)
            state = try evaluator.adding(pick.index, to: state)
        }
        return Solution(chosen: chosen, value: evaluator.value(state), cost: cost)
    }

    /// The lower bound on the extra cost to add `deficit` from candidates with these gains and
    /// prices: a fractional knapsack (integral by count); nil when they cannot add it together.
    static func extraCostBound(deficit: Double, gains: [(gain: Double, price: Double)], byCount: Bool) -> Double? {
        guard deficit > 0 else { return 0 }
        let ranked = gains.filter { $0.gain > 0 }.sorted { $0.gain * $1.price > $1.gain * $0.price }
        var left = deficit, cost = 0.0
        for entry in ranked {
            if entry.gain >= left { return cost + (byCount ? entry.price : entry.price * left / entry.gain) }
            left -= entry.gain
            cost += entry.price
        }
        return nil
    }

    /// The depth-first search: one path of states and the incumbent.
    final class Search<E: CoverageEvaluator> {
        let evaluator: E
        let order: [Int]
        let required: [Int]
        let need: Double
        let slack: Double
        let price: (Int) -> Double
        let deadline: Deadline
        let byCount: Bool
        var best: Solution?
        var nodes = 0
        var timedOut = false
        /// The smallest lower bound of a subtree left unexplored at the deadline.
        var openBound = Double.infinity

        init(evaluator: E, order: [Int], required: [Int], need: Double, slack: Double, price: @escaping (Int) -> Double, deadline: Deadline) {
            self.evaluator = evaluator
            self.order = order
            self.required = required
            self.need = need
            self.slack = slack
            self.price = price
            self.deadline = deadline
            byCount = order.allSatisfy { price($0) == 1 }
        }

        func explore(_ position: Int, _ state: E.State, _ chosen: [Int], _ cost: Double) throws {
            nodes += 1
            let value = evaluator.value(state)
            if value >= need - slack {
                if cost < best!.cost - 1e-9 * max(1, best!.cost) { best = Solution(chosen: required + chosen, value: value, cost: cost) }
                return   // costs are not negative: adding more never makes it cheaper
            }
            guard position < order.count else { return }
            var gains: [(offset: Int, gain: Double, price: Double)] = []
            for offset in position..<order.count {
                gains.append((offset, try evaluator.marginal(order[offset], given: state), price(order[offset])))
            }
            guard let extra = Self.bound(need - value, gains.map { ($0.gain, $0.price) }, byCount: byCount) else { return }
            let bound = cost + extra
            guard bound < best!.cost - 1e-9 * max(1, best!.cost) else { return }
            // Suffix sums of the gains: once the rest cannot reach the need together, stop.
            var suffix = [Double](repeating: 0, count: gains.count + 1)
            for index in gains.indices.reversed() { suffix[index] = suffix[index + 1] + gains[index].gain }
            for (index, entry) in gains.enumerated() where entry.gain > 0 {
                guard value + suffix[index] >= need - slack else { break }
                if timedOut || deadline.hasPassed {
                    timedOut = true
                    openBound = min(openBound, bound)
                    return
                }
                let candidate = order[entry.offset]
                try explore(entry.offset + 1, try evaluator.adding(candidate, to: state), chosen + [candidate], cost + entry.price)
            }
        }

        static func bound(_ deficit: Double, _ gains: [(Double, Double)], byCount: Bool) -> Double? {
            SetCoveringSolver.extraCostBound(deficit: deficit, gains: gains.map { (gain: $0.0, price: $0.1) }, byCount: byCount)
        }
    }
}
