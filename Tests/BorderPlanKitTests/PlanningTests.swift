import Foundation
import Testing
@testable import BorderPlanKit
import Geo

@Suite struct CoverageSolverTests {
    /// Six unit-weight demand points; candidate 0 covers {0,1,2,3}, 1 covers {0,1,4}, 2 covers {2,3,5}.
    /// Greedy takes 0 first (4) and then gains 1: 5. The optimum is 1 + 2: all 6 (hand-checked).
    func instance() -> PointCoverage {
        func set(_ members: [Int]) -> Bitset { var b = Bitset(count: 6); members.forEach { b.insert($0) }; return b }
        return PointCoverage(weights: [1, 1, 1, 1, 1, 1], cover: [set([0, 1, 2, 3]), set([0, 1, 4]), set([2, 3, 5])], base: Bitset(count: 6))
    }

    @Test func exactBeatsGreedy() throws {
        let evaluator = instance()
        let greedy = try #require(try CoverageSolver.greedy(evaluator, candidates: 3, constraints: CoverageConstraints(k: 2)))
        #expect(greedy.chosen == [0, 1] || greedy.chosen == [0, 2])
        #expect(greedy.value == 5)
        let exact = try #require(try CoverageSolver.solve(evaluator, candidates: 3, constraints: CoverageConstraints(k: 2)))
        #expect(Set(exact.best.chosen) == [1, 2] && exact.best.value == 6 && exact.optimal && exact.gapPercent == 0)
    }

    @Test func constraintsChangeTheAnswer() throws {
        let evaluator = instance()
        // Requiring 0 forces the greedy-like answer.
        let required = try #require(try CoverageSolver.solve(evaluator, candidates: 3, constraints: CoverageConstraints(k: 2, required: [0])))
        #expect(required.best.chosen.first == 0 && required.best.value == 5)
        // A budget that only fits 0 + one more at cost 1: costs 5, 3, 3 and budget 6 → {1, 2} (6) is affordable.
        let budget = try #require(try CoverageSolver.solve(evaluator, candidates: 3, constraints: CoverageConstraints(k: 2, costs: [5, 3, 3], budget: 6)))
        #expect(Set(budget.best.chosen) == [1, 2])
        // Budget 5: only one of them, and 0 alone (4) beats 1 or 2 alone (3).
        let tight = try #require(try CoverageSolver.solve(evaluator, candidates: 3, constraints: CoverageConstraints(k: 2, costs: [5, 3, 3], budget: 5)))
        #expect(tight.best.chosen == [0] && tight.best.value == 4)
        // Quota: wilaya "A" holds candidate 0 only and needs one crossing.
        let quota = CoverageConstraints.Quota(minimum: 1, open: [:], candidateWilaya: ["A", "B", "B"], wilayas: ["A"])
        let quoted = try #require(try CoverageSolver.solve(evaluator, candidates: 3, constraints: CoverageConstraints(k: 2, quota: quota)))
        #expect(quoted.best.chosen.contains(0) && quoted.best.value == 5)
        // Infeasible: two wilayas each need one, K = 1.
        let impossible = CoverageConstraints.Quota(minimum: 1, open: [:], candidateWilaya: ["A", "B", "B"], wilayas: ["A", "B"])
        #expect(try CoverageSolver.solve(evaluator, candidates: 3, constraints: CoverageConstraints(k: 1, quota: impossible)) == nil)
    }

    @Test func runnersUpAreWithinOnePercent() throws {
        let evaluator = instance()
        let result = try #require(try CoverageSolver.solve(evaluator, candidates: 3, constraints: CoverageConstraints(k: 2)))
        #expect(result.runnersUp.allSatisfy { $0.value >= result.best.value * 0.99 })
        #expect(result.runnersUp.isEmpty, "5 is not within 1 % of 6")
    }
}

@Suite(.serialized) struct PlannerTests {
    let data: AnalysisData

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
    }

    func plan(_ k: Int, _ configure: (inout PlanRequest) -> Void = { _ in }) throws -> PlanResult {
        var request = PlanRequest(radiusKm: 100, k: k)
        request.service = .travellers
        configure(&request)
        return try Planner.run(request, data: data)
    }

    @Test func defaultInstanceIsSolvedExactlyAndAgreesWithCoverage() throws {
        for k in 1...3 {
            let result = try plan(k)
            #expect(result.optimal && result.gapPercent == 0)
            // Never a zero-gain option: fewer than K when fewer add demand.
            #expect(result.selected.count == k || result.stopNote != nil)
            #expect(result.selected.allSatisfy { $0.marginal > 0 })
            // One definition: the plan's after-coverage is coverage's with the selected crossings made to serve.
            let chosen = Set(result.selected.map(\.site.id))
            let sites = Scenario.sites(data.knowledge, scenario: nil).map { chosen.contains($0.id) ? Service.travellers.serving($0) : $0 }
            let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .travellers, radiusKm: 100)
            #expect(Double(coverage.wilayas.reduce(0) { $0 + $1.coveredPopulation }) == result.coveredAfter)
            #expect(result.selected.last?.cumulative == result.coveredAfter)
            // The exact answer is at least as good as greedy and every runner-up.
            #expect(result.coveredAfter >= result.greedy.value)
            #expect(result.runnersUp.allSatisfy { $0.value <= result.coveredAfter })
        }
    }

    @Test func excludeRequireAndPartnerChangeTheAnswer() throws {
        let free = try plan(1)
        let first = try #require(free.selected.first?.site.id)
        let excluded = try plan(1) { $0.exclude = [first] }
        #expect(excluded.selected.first?.site.id != first)
        let noMorocco = try plan(1) { $0.excludePartners = [.MA] }
        #expect(noMorocco.selected.allSatisfy { $0.site.partner != .MA })
        #expect(noMorocco.candidates.allSatisfy { $0.partner != .MA })
        let required = try plan(1) { $0.require = ["in-guezzam"] }
        #expect(required.selected.map(\.site.id) == ["in-guezzam"])
        #expect(throws: UnknownIdentifier.self) { try plan(1) { $0.exclude = ["debdb"] } }
    }

    @Test func budgetWithCostsFileChangesTheAnswer() throws {
        let free = try plan(1)
        let first = try #require(free.selected.first?.site.id)
        // A costs file on disk, as `--costs` reads it: 10 for every candidate, 1000 for the unconstrained choice.
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("costs.csv")
        try ("id,cost\n" + free.candidates.map { "\($0.id),\($0.id == first ? 1_000 : 10)\n" }.joined()).write(to: file, atomically: true, encoding: .utf8)
        let costs = try CostsFile.load(file)
        #expect(costs.count == free.candidates.count && costs[first] == 1_000)
        // A budget of 100 cannot pay for the unconstrained choice.
        let constrained = try plan(1) { $0.costs = costs; $0.budget = 100 }
        #expect(constrained.selected.first?.site.id != first)
        #expect(constrained.selected.allSatisfy { ($0.cost ?? .infinity) <= 100 })
    }

    @Test func quotaPutsACrossingInEveryWilayaThatCanHaveOne() throws {
        let result = try plan(8) { $0.minPerWilaya = 1 }
        var counts: [String: Int] = [:]
        let open = data.servingSites(Scenario.sites(data.knowledge, scenario: nil), .travellers)
        for site in open { if let code = try data.linker.wilaya(at: site.location, precisionKm: data.knowledge.crossing(id: site.id)?.precisionKm ?? 0)?.code { counts[code, default: 0] += 1 } }
        for pick in result.selected { if let code = pick.wilaya { counts[code, default: 0] += 1 } }
        var possible = Set(counts.keys)
        for candidate in result.candidates { if let code = try data.linker.wilaya(at: candidate.location, precisionKm: data.knowledge.crossing(id: candidate.id)?.precisionKm ?? 0)?.code { possible.insert(code) } }
        for code in data.borderWilayaCodes where possible.contains(code) { #expect(counts[code, default: 0] >= 1, "wilaya \(code)") }
        #expect(throws: PlanError.self) { try plan(1) { $0.minPerWilaya = 1 } }
    }

    @Test func generatedCandidatesLieOnTheBorder() throws {
        let result = try plan(2) { $0.source = .generated(spacingKm: 100, borders: ["ML", "NE"]); $0.objective = .border }
        #expect(!result.candidates.isEmpty)
        let distances = GeodesicDistance(proj: data.proj)
        let borders = Dictionary(uniqueKeysWithValues: try data.geodata.landBorders().map { ($0.country!.rawValue, $0.geometry) })
        for site in result.candidates {
            #expect([.ML, .NE].contains(site.partner))
            // On the border line: within 1 m (the 6-decimal geodata and the interpolation along it).
            #expect(try distances.distance(from: site.location, to: borders[site.partner.rawValue]!) < 1, "\(site.id)")
        }
        #expect(result.optimal)
    }

    @Test func areaObjectiveAgreesWithCoverage() throws {
        let result = try plan(2) { $0.objective = .area; $0.excludePartners = [.MA] }
        let chosen = Set(result.selected.map(\.site.id))
        let sites = Scenario.sites(data.knowledge, scenario: nil).map { chosen.contains($0.id) ? Service.travellers.serving($0) : $0 }
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .travellers, radiusKm: 100)
        let area = coverage.wilayas.reduce(0) { $0 + $1.coveredAreaKm2 }
        #expect(abs(area - result.coveredAfter) / area < 1e-4)
        #expect(abs((result.selected.last?.cumulative ?? 0) - area) / area < 1e-4)
    }

    @Test func planJSONContract() throws {
        let text = PlanReport.render(try plan(2), data: data, format: .json, language: .en)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["radius_km", "objective", "k", "candidates", "selected", "covered_before", "covered_after", "demand_total", "optimal", "gap_pct", "wilayas"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["optimal"] as? Bool == true)
        let selected = try #require(object["selected"] as? [[String: Any]])
        #expect(selected.allSatisfy { ["id", "rank", "marginal", "cumulative"].allSatisfy($0.keys.contains) })
        let wilayas = try #require(object["wilayas"] as? [[String: Any]])
        #expect(wilayas.allSatisfy { Set(["code", "before", "after"]).isSubset(of: $0.keys) })
    }
}

@Suite struct DemandFileTests {
    let scratch: ScratchFolder
    init() throws { scratch = try ScratchFolder() }

    func write(_ text: String, _ name: String) throws -> URL {
        let url = scratch.file(name)
        try writeAtomically(text, to: url)
        return url
    }

    func expectError(_ text: String, _ name: String, _ parts: [String]) throws {
        let url = try write(text, name)
        #expect {
            _ = try DemandFile.load(url, context: GeometryContext())
        } throws: { error in
            error is DataError && parts.allSatisfy { "\(error)".contains($0) } && "\(error)".contains(name)
        }
    }

    @Test func csvAndGeoJSONReadAndBadRowsAreNamed() throws {
        let points = try DemandFile.load(try write("lat,lon,weight\n30.0,9.45,10\n19.45,5.79,2.5\n", "demand.csv"), context: GeometryContext())
        #expect(points.count == 2 && points[1].weight == 2.5)
        try expectError("lat,lon,weight\n30.0,9.45,10\n30.0,abc,1\n", "bad.csv", ["line 3", "field 'lon'"])
        try expectError("lat,lon,weight\n95,9.45,10\n", "lat.csv", ["line 2", "field 'lat'", "out of range"])
        try expectError("lat,lon,weight\n30,9.45,nan\n", "nan.csv", ["line 2", "field 'weight'"])
        try expectError("lat,lon,weight\n30,9.45\n", "short.csv", ["line 2", "expected 3 values"])
        try expectError("x,y\n1,2\n", "header.csv", ["line 1", "lat, lon and weight"])
        try expectError("", "empty.csv", ["empty"])
        let geojson = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"pop":5},"geometry":{"type":"Point","coordinates":[9.45,30]}},{"type":"Feature","properties":{"pop":"many"},"geometry":{"type":"Point","coordinates":[9.45,30]}}]}"#
        let url = try write(geojson, "demand.geojson")
        #expect {
            _ = try DemandFile.load(url, weightProperty: "pop", context: GeometryContext())
        } throws: { error in "\(error)".contains("feature 2") && "\(error)".contains("field 'pop'") }
    }
}
