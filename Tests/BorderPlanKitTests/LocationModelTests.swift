import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// Unit-weight point coverage from explicit covered sets.
private func coverage(_ points: Int, _ sets: [[Int]], base: [Int] = [], weights: [Double]? = nil) -> PointCoverage {
    func set(_ members: [Int]) -> Bitset { var b = Bitset(count: points); members.forEach { b.insert($0) }; return b }
    return PointCoverage(weights: weights ?? Array(repeating: 1, count: points), cover: sets.map(set), base: set(base))
}

/// A reproducible pseudo-random sequence (64-bit LCG), so the "bigger instance" is the same every run.
private struct Sequence64 {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
}

@Suite struct SetCoveringSolverTests {
    let never = Deadline(seconds: 3_600)

    /// U = {0…5}; A = {0,1,2,3}, B = {0,1,4}, C = {2,3,5}. Covering all six: greedy takes A (4 new),
    /// then still needs 4 and 5, which no set holds together: 3 sets. B + C cover all: 2 (by hand).
    @Test func exactBeatsGreedyByCount() throws {
        let evaluator = coverage(6, [[0, 1, 2, 3], [0, 1, 4], [2, 3, 5]])
        let result = try SetCoveringSolver.solve(evaluator, pool: [0, 1, 2], need: 6, costs: nil, deadline: never)
        #expect(result.greedy.chosen.count == 3 && result.greedy.chosen.first == 0)
        #expect(Set(result.best.chosen) == [1, 2] && result.best.cost == 2 && result.best.value == 6)
        #expect(result.optimal && result.gapPercent == 0 && result.reachable)
    }

    /// Points {0…4}, the open crossings cover 3; candidates cover {0,1}, {1,2}, {0,2}. Together at most
    /// 4 of 5 (80 %): 90 % cannot be reached; the cheapest set reaching 80 % takes two candidates.
    @Test func unreachableTargetGivesTheBestReachableShare() throws {
        let evaluator = coverage(5, [[0, 1], [1, 2], [0, 2]], base: [3])
        let result = try SetCoveringSolver.solve(evaluator, pool: [0, 1, 2], need: 0.9 * 5, costs: nil, deadline: never)
        #expect(!result.reachable && result.need == 4)
        #expect(result.best.chosen.count == 2 && result.best.value == 4 && result.optimal)
    }

    /// A covers {0,1,2,3} at 10; B {0,1} and C {2,3} at 3 each. By count: A alone (1 site);
    /// by cost: B + C (6 < 10). Hand-checked: no other set covers all four.
    @Test func costAndCountGiveDifferentAnswers() throws {
        let evaluator = coverage(4, [[0, 1, 2, 3], [0, 1], [2, 3]])
        let byCount = try SetCoveringSolver.solve(evaluator, pool: [0, 1, 2], need: 4, costs: nil, deadline: never)
        #expect(byCount.best.chosen == [0] && byCount.best.cost == 1)
        let byCost = try SetCoveringSolver.solve(evaluator, pool: [0, 1, 2], need: 4, costs: [10, 3, 3], deadline: never)
        #expect(Set(byCost.best.chosen) == [1, 2] && byCost.best.cost == 6)
    }

    /// By cost, greedy (best gain per cost) is wrong: A {0…3} at 5 (0.8/unit), B {0,1} at 2 (1/unit),
    /// C {2,3} at 4. Greedy takes B, then C (0.5/unit beats A's 0.4): 6. A alone costs 5.
    @Test func exactBeatsGreedyByCost() throws {
        let evaluator = coverage(4, [[0, 1, 2, 3], [0, 1], [2, 3]])
        let result = try SetCoveringSolver.solve(evaluator, pool: [0, 1, 2], need: 4, costs: [5, 2, 4], deadline: never)
        #expect(Set(result.greedy.chosen) == [1, 2] && result.greedy.cost == 6)
        #expect(result.best.chosen == [0] && result.best.cost == 5 && result.optimal)
    }

    /// A required site is chosen and paid for; the target already met costs nothing more.
    @Test func requiredSitesAndAMetTarget() throws {
        let evaluator = coverage(4, [[0, 1, 2, 3], [0, 1], [2, 3]])
        let required = try SetCoveringSolver.solve(evaluator, pool: [0, 1, 2], required: [1], need: 4, costs: [10, 3, 3], deadline: never)
        #expect(Set(required.best.chosen) == [1, 2] && required.best.cost == 6)
        let met = try SetCoveringSolver.solve(coverage(2, [[0]], base: [0, 1]), pool: [0], need: 2, costs: nil, deadline: never)
        #expect(met.best.chosen.isEmpty && met.best.cost == 0 && met.optimal)
    }

    /// 400 candidates of 8 random points each over 600 points, target 95 %: a 1 s limit stops the
    /// search; the answer reaches the target (greedy's at worst) and states its gap.
    @Test func deadlineIsRespectedWithAFeasibleAnswer() throws {
        var random = Sequence64(state: 42)
        let sets = (0..<400).map { _ in (0..<8).map { _ in Int(random.next() * 600) } }
        let evaluator = coverage(600, sets)
        let seconds = 1.0
        let deadline = Deadline(seconds: seconds)
        let result = try SetCoveringSolver.solve(evaluator, pool: Array(0..<400), need: 0.95 * 600, costs: nil, deadline: deadline)
        #expect(deadline.elapsed <= seconds * 1.1 + 0.5, "the search stops within 10 % of its limit (+ 0.5 s: the whole suite runs in parallel on two shared cores)")
        #expect(!result.optimal && result.gapPercent > 0 && result.gapPercent < 100)
        #expect(result.best.value >= 0.95 * 600 && result.best.cost <= result.greedy.cost)
    }

    @Test func targetOptionParses() throws {
        #expect(try PlanLimits.target("90%") == 0.9)
        #expect(try PlanLimits.target(" 100 ") == 1)
        #expect(throws: LimitError.self) { try PlanLimits.target("0%") }
        #expect(throws: LimitError.self) { try PlanLimits.target("120%") }
        #expect(throws: LimitError.self) { try PlanLimits.target("ninety") }
    }
}

@Suite struct PMedianSolverTests {
    let never = Deadline(seconds: 3_600)

    /// Distances on a line: |x − y|.
    func line(points: [Double], weights: [Double], open: Double, candidates: [Double]) -> DistanceTable {
        DistanceTable(weights: weights, base: points.map { abs($0 - open) }, distances: candidates.map { c in points.map { abs($0 - c) } })
    }

    /// Points at 0, 1, 2, 10, 11, 12 (weight 2 at 12, else 1), the open crossing at 6, candidates at
    /// 1, 11, 3, 9. Before: 6+5+4+4+5+2·6 = 36. K = 1: 11 gives 6+5+4+1+0+2·1 = 18 (1 gives 23,
    /// 3 gives 27, 9 gives 24). K = 2: 1 and 11 give 1+0+1+1+0+2·1 = 5.
    @Test func lineWithHandComputedOptimum() throws {
        let table = line(points: [0, 1, 2, 10, 11, 12], weights: [1, 1, 1, 1, 1, 2], open: 6, candidates: [1, 11, 3, 9])
        let one = try PMedianSolver.solve(table, pool: [0, 1, 2, 3], k: 1, deadline: never)
        #expect(one.before == 36 && one.best.chosen == [1] && one.best.value == 18 && one.optimal)
        let two = try PMedianSolver.solve(table, pool: [0, 1, 2, 3], k: 2, deadline: never)
        #expect(Set(two.best.chosen) == [0, 1] && two.best.value == 5 && two.optimal && two.gapPercent == 0)
    }

    /// Points at 0 and 10 (weight 1) and 5 (weight 0.5), the open crossing far away at 100,
    /// candidates at 5, 0, 10, K = 2. Greedy takes 5 first (5+5+0 = 10 beats 0+10+2.5), then 0:
    /// 0+5+0 = 5. The optimum is 0 and 10: 0+0+0.5·5 = 2.5 (by hand).
    @Test func exactBeatsGreedy() throws {
        let table = line(points: [0, 10, 5], weights: [1, 1, 0.5], open: 100, candidates: [5, 0, 10])
        let result = try PMedianSolver.solve(table, pool: [0, 1, 2], k: 2, deadline: never)
        #expect(result.greedy.chosen.first == 0 && result.greedy.value == 5)
        #expect(Set(result.best.chosen) == [1, 2] && result.best.value == 2.5 && result.optimal)
    }

    /// A candidate farther than the open crossing from every point is never stored nor chosen.
    @Test func uselessCandidatesAreLeftOut() throws {
        let table = line(points: [0, 1], weights: [1, 1], open: 0.5, candidates: [50, 0])
        #expect(table.pairs(0).isEmpty)
        let result = try PMedianSolver.solve(table, pool: [0, 1], k: 2, deadline: never)
        #expect(result.best.chosen == [1] && result.best.value == 0.5)
    }

    /// 500 random points and 300 random candidates in a 100 km square, K = 12, a 1 s limit: the
    /// answer has at most K sites, is no worse than greedy and states a gap.
    @Test func deadlineIsRespectedWithAFeasibleAnswer() throws {
        var random = Sequence64(state: 7)
        let points = (0..<500).map { _ in (random.next() * 100, random.next() * 100) }
        let sites = (0..<300).map { _ in (random.next() * 100, random.next() * 100) }
        func km(_ a: (Double, Double), _ b: (Double, Double)) -> Double { ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).squareRoot() }
        let table = DistanceTable(weights: points.map { _ in 1 + random.next() }, base: points.map { km($0, (50, 150)) },
                                  distances: sites.map { site in points.map { km($0, site) } })
        let seconds = 1.0
        let deadline = Deadline(seconds: seconds)
        let result = try PMedianSolver.solve(table, pool: Array(0..<300), k: 12, deadline: deadline)
        #expect(deadline.elapsed <= seconds * 1.1 + 0.5, "the search stops within 10 % of its limit (+ 0.5 s: the whole suite runs in parallel on two shared cores)")
        #expect(!result.optimal && result.gapPercent > 0 && result.gapPercent < 100)
        #expect(result.best.chosen.count <= 12 && result.best.value <= result.greedy.value)
        #expect(abs(result.best.value - table.total(table.served(by: result.best.chosen))) < 1e-9 * result.best.value)
    }

    /// Weighted 90th percentile: the smallest distance with at least 90 % of the weight at or below it.
    @Test func weightedPercentile() {
        #expect(Planner.weightedPercentile([1, 2, 3, 4], [1, 1, 1, 7], 0.9) == 4)
        #expect(Planner.weightedPercentile([1, 2, 3, 4], [7, 2, 0.5, 0.5], 0.9) == 2)
        #expect(Planner.weightedMean([1, 3], [1, 3]) == 2.5)
    }
}

/// The set covering and p-median plans on the bundled geodata, checked against independent
/// computations: `coverage` with the chosen sites opened, and brute force over the candidates.
@Suite(.serialized) struct LocationModelPlannerTests {
    let data: AnalysisData
    let open: Service

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
        open = .any
    }

    func request(_ configure: (inout PlanRequest) -> Void) -> PlanRequest {
        var request = PlanRequest(radiusKm: 100, k: 1)
        request.service = open
        configure(&request)
        return request
    }

    /// Covered population of the border wilayas by `coverage`, with `ids` opened.
    func coveredWith(_ ids: [String]) throws -> Double {
        var scenario = Scenario(name: "plan")
        for id in ids { scenario.statusOverrides[id] = .open }
        let coverage = try CoverageAnalysis(data: data).run(sites: Scenario.sites(data.knowledge, scenario: scenario), service: open, radiusKm: 100)
        return Double(coverage.wilayas.reduce(0) { $0 + $1.coveredPopulation })
    }

    /// The fewest sites reaching the target: coverage agrees, and every smaller set of candidates falls short.
    @Test func setCoveringReachesTheTargetWithTheFewestSites() throws {
        let first = try Planner.run(request { $0.target = 1; $0.excludePartners = [.MA] }, data: data)
        let most = try #require(first.target).reachableShare
        let target = most * 0.999   // just under what every candidate together reaches: needs several sites
        let result = try Planner.run(request { $0.target = target; $0.excludePartners = [.MA] }, data: data)
        let summary = try #require(result.target)
        #expect(summary.reachable && !summary.byCost && result.optimal)
        let chosen = result.selected.map(\.site.id)
        #expect(try coveredWith(chosen) == result.coveredAfter)
        #expect(result.coveredAfter >= target * result.demandTotal)
        // Brute force over the demand points: no set of one fewer candidate reaches the target.
        try #require(!chosen.isEmpty)
        let demand = try data.population()
        let border = Set(data.borderWilayaCodes)
        let weights = demand.points.map { border.contains($0.wilaya) ? Double($0.population) : 0 }
        let openSites = data.servingSites(Scenario.sites(data.knowledge, scenario: nil), open).map(\.location)
        let base = demand.grid.covered(by: openSites, radiusKm: 100)
        let cover = result.candidates.map { demand.grid.covered(by: [$0.location], radiusKm: 100) }
        func subsets(_ items: [Int], _ size: Int) -> [[Int]] {
            guard size > 0 else { return [[]] }
            guard items.count >= size else { return [] }
            let rest = Array(items.dropFirst())
            return subsets(rest, size - 1).map { [items[0]] + $0 } + subsets(rest, size)
        }
        for smaller in subsets(Array(result.candidates.indices), chosen.count - 1) {
            let covered = smaller.reduce(base) { $0.union(cover[$1]) }.weight(weights)
            #expect(covered < target * result.demandTotal, "\(smaller.map { result.candidates[$0].id }) reaches the target with fewer sites")
        }
    }

    /// K = 1 by brute force: every candidate's total from geodesic distances measured here.
    @Test func pMedianMatchesBruteForceOnTheGeodata() throws {
        let result = try Planner.runDistance(request { $0.objective = .distance; $0.excludePartners = [.MA] }, data: data)
        #expect(result.optimal && result.selected.count == 1)
        let border = Set(data.borderWilayaCodes)
        let points = try data.population().points.filter { border.contains($0.wilaya) && $0.population > 0 }
        let openSites = data.servingSites(Scenario.sites(data.knowledge, scenario: nil), open).map(\.location)
        func total(_ sites: [Coordinate]) -> Double {
            points.reduce(0) { sum, point in
                sum + Double(point.population) * sites.map { Geodesic.wgs84.distance($0, point.location) / 1_000 }.min()!
            }
        }
        let before = total(openSites)
        #expect(abs(try #require(result.totalBefore) - before) <= 1e-9 * before)
        let best = result.candidates.map { total(openSites + [$0.location]) }.min()!
        // Sums of the same products in another order: equal to 1e-9.
        #expect(abs(result.totalAfter - best) <= 1e-9 * best)
        #expect(result.wilayas.allSatisfy { $0.meanAfter <= ($0.meanBefore ?? .infinity) && $0.p90After <= ($0.p90Before ?? .infinity) })
    }
}
