import Foundation

/// The rule that an option adding no demand is never chosen: a plan for K stops at the options
/// that add something and says how many would add none.
enum ZeroGain {
    /// A gain at or below this share of the demand total adds nothing (floating sums of areas).
    static let tolerance = 1e-12

    static func adds(_ gain: Double, total: Double) -> Bool { gain > tolerance * max(1, total) }

    /// The solver's picks, in the order they add most, without those that add nothing — unless
    /// the user required them or the `--min-per-wilaya` quota needs them. Adds the note that says
    /// why the plan has fewer than K options.
    static func adding(_ outcome: Planner.Outcome, constraints: CoverageConstraints, candidates: Int)
        -> (kept: [(index: Int, gain: Double, cumulative: Double)], note: PlanNote?) {
        let required = Set(constraints.required)
        var kept = outcome.order
        for entry in outcome.order.reversed() where !required.contains(entry.index) && !adds(entry.gain, total: outcome.total) {
            let without = kept.filter { $0.index != entry.index }.map(\.index).filter { !required.contains($0) }
            if constraints.deficit(without) == 0 { kept.removeAll { $0.index == entry.index } }
        }
        let adding = kept.filter { required.contains($0.index) || adds($0.gain, total: outcome.total) }.count
        let wanted = min(constraints.k, candidates)
        guard adding < wanted else { return (kept, nil) }
        let none = wanted - adding
        if adding == 0 { return (kept, PlanNote(constraints.budget == nil ? "plannotes.stop.none" : "plannotes.stop.none-budget")) }
        return (kept, PlanNote(adding == 1 ? "plannotes.stop.one" : "plannotes.stop.some", ["adding": .number("\(adding)"), "none": .number("\(none)")]))
    }

    /// Greedy's picks without those that add nothing (required ones kept), in greedy's order.
    static func greedy<E: CoverageEvaluator>(_ chosen: [Int], evaluator: E, required: Set<Int>, total: Double) throws -> [Int] {
        var state = evaluator.baseState
        var kept: [Int] = []
        for index in chosen {
            let gain = try evaluator.marginal(index, given: state)
            guard required.contains(index) || adds(gain, total: total) else { continue }
            state = try evaluator.adding(index, to: state)
            kept.append(index)
        }
        return kept
    }
}
