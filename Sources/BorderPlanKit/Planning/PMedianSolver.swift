import Foundation

/// Exact p-median with predefined facilities: choose at most K candidates minimising the
/// demand-weighted distance from each point to its nearest crossing, open or chosen.
///
/// Depth-first branch and bound over candidates in order of their saving alone. A node's lower
/// bound is the larger of (a) every point served by the nearest of the open crossings, the chosen
/// ones and all candidates still allowed, and (b) the current total less the K − chosen largest
/// savings of the allowed candidates (valid because the saving of a set is submodular: it is at
/// most the sum of its members' savings). The greedy answer is the first incumbent, so a search
/// cut by the deadline returns at least it, with the gap to the smallest open bound. Memory is
/// one array of distances with an undo log along the path, never a store of nodes.
public enum PMedianSolver {
    public struct Solution: Sendable, Equatable {
        public var chosen: [Int]
        /// Demand-weighted distance (weight × km).
        public var value: Double
    }

    public struct Result: Sendable {
        public var best: Solution
        public var greedy: Solution
        /// The total with only the open crossings (and the required ones).
        public var before: Double
        public var optimal: Bool
        /// (best − lower bound) / best, percent; 0 when optimal.
        public var gapPercent: Double
        public var nodes: Int
    }

    /// Solves over `pool` with `required` always chosen (counted in K).
    public static func solve(_ table: DistanceTable, pool: [Int], k: Int, required: [Int] = [], deadline: Deadline) throws -> Result {
        let search = Search(table: table, deadline: deadline)
        for candidate in required { search.add(candidate) }
        let slots = max(0, k - required.count)
        let pool = pool.filter { !required.contains($0) }
        let order = pool.map { ($0, search.saving($0)) }.filter { $0.1 > 0 }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0)
        let before = search.value
        let greedy = greedySolution(search, order: order, slots: slots, required: required)
        search.order = order
        search.required = required
        search.slots = slots
        search.best = greedy
        try search.explore(0, [])
        // The total again from the distances, free of the path's rounding.
        let best = Solution(chosen: search.best!.chosen, value: table.total(table.served(by: search.best!.chosen)))
        let lower = min(search.openBound, best.value)
        let gap = search.timedOut && best.value > 0 ? (best.value - lower) / best.value * 100 : 0
        return Result(best: best, greedy: greedy, before: before, optimal: !search.timedOut, gapPercent: gap, nodes: search.nodes)
    }

    /// Greedy: the largest saving, K times (or until nothing saves anything); the state is restored.
    static func greedySolution(_ search: Search, order: [Int], slots: Int, required: [Int]) -> Solution {
        let mark = search.log.count
        var chosen: [Int] = []
        while chosen.count < slots {
            var pick: (index: Int, saving: Double)?
            for candidate in order where !chosen.contains(candidate) {
                let saving = search.saving(candidate)
                if saving > (pick?.saving ?? 0) { pick = (candidate, saving) }
            }
            guard let pick else { break }
            chosen.append(pick.index)
            search.add(pick.index)
        }
        let solution = Solution(chosen: required + chosen, value: search.table.total(search.table.served(by: required + chosen)))
        search.undo(to: mark)
        return solution
    }

    /// The search state: each point's current distance, the total, and the undo log of the path.
    final class Search {
        let table: DistanceTable
        let deadline: Deadline
        var current: [Double]
        var value: Double
        var log: [(point: Int32, km: Double)] = []
        /// Scratch of bound (a): each point's nearest allowed distance, valid where `stamp` is `epoch`.
        var nearest: [Double]
        var stamp: [Int]
        var epoch = 0
        var order: [Int] = []
        var required: [Int] = []
        var slots = 0
        var best: Solution?
        var nodes = 0
        var timedOut = false
        var openBound = Double.infinity

        init(table: DistanceTable, deadline: Deadline) {
            self.table = table
            self.deadline = deadline
            current = table.base
            value = table.total(table.base)
            nearest = table.base
            stamp = [Int](repeating: 0, count: table.base.count)
        }

        /// Weighted distance saved by adding `candidate` now.
        func saving(_ candidate: Int) -> Double {
            var total = 0.0
            for pair in table.pairs(candidate) {
                let point = Int(table.points[pair])
                let gain = current[point] - table.kilometres[pair]
                if gain > 0 { total += table.weights[point] * gain }
            }
            return total
        }

        func add(_ candidate: Int) {
            for pair in table.pairs(candidate) {
                let point = Int(table.points[pair]), km = table.kilometres[pair]
                guard km < current[point] else { continue }
                log.append((table.points[pair], current[point]))
                value -= table.weights[point] * (current[point] - km)
                current[point] = km
            }
        }

        func undo(to mark: Int) {
            while log.count > mark {
                let entry = log.removeLast()
                let point = Int(entry.point)
                value += table.weights[point] * (entry.km - current[point])
                current[point] = entry.km
            }
        }

        /// The lower bound of the subtree: max of bound (a) and bound (b) over `order[position...]`.
        func bound(_ position: Int, remaining: Int, savings: [Double]) -> Double {
            var touched: [Int] = []
            epoch += 1
            for offset in position..<order.count {
                for pair in table.pairs(order[offset]) {
                    let point = Int(table.points[pair]), km = table.kilometres[pair]
                    if stamp[point] != epoch {
                        stamp[point] = epoch
                        nearest[point] = current[point]
                        touched.append(point)
                    }
                    if km < nearest[point] { nearest[point] = km }
                }
            }
            let allSaved = touched.reduce(0.0) { $0 + table.weights[$1] * (current[$1] - nearest[$1]) }
            let topSaved = savings.sorted(by: >).prefix(remaining).reduce(0, +)
            return value - min(allSaved, topSaved)
        }

        func explore(_ position: Int, _ chosen: [Int]) throws {
            nodes += 1
            let tolerance = 1e-12 * max(1, best!.value)
            if value < best!.value - tolerance { best = Solution(chosen: required + chosen, value: value) }
            let remaining = slots - chosen.count
            guard remaining > 0, position < order.count else { return }
            let savings = (position..<order.count).map { saving(order[$0]) }
            let lower = bound(position, remaining: remaining, savings: savings)
            guard lower < best!.value - tolerance else { return }
            for (index, saved) in savings.enumerated() where saved > 0 {
                if timedOut || deadline.hasPassed {
                    timedOut = true
                    openBound = min(openBound, lower)
                    return
                }
                let offset = position + index
                let mark = log.count
                add(order[offset])
                try explore(offset + 1, chosen + [order[offset]])
                undo(to: mark)
            }
        }
    }
}
