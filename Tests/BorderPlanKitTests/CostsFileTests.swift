import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// `--costs FILE`: the two formats read from disk, their errors, and their effect on the plan.
@Suite(.serialized) struct CostsFileTests {
    let data: AnalysisData

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
    }

    /// `text` written to `name` in a new temporary folder (removed by the caller).
    func write(_ text: String, as name: String) throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func remove(_ url: URL) { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

    func plan(_ configure: (inout PlanRequest) -> Void = { _ in }) throws -> PlanResult {
        var request = PlanRequest(radiusKm: 100, k: 1)
        request.service = .travellers
        configure(&request)
        return try Planner.run(request, data: data)
    }

    @Test func jsonAndCSVFilesGiveTheSameCosts() throws {
        let json = try write(#"{"debdeb": 12.5, "in-guezzam": 3, "taleb-larbi": 0}"#, as: "costs.json")
        let csv = try write("id,cost\r\ndebdeb,12.5\n\"in-guezzam\", 3\ntaleb-larbi,0\n", as: "costs.csv")
        defer { remove(json); remove(csv) }
        let expected = ["debdeb": 12.5, "in-guezzam": 3.0, "taleb-larbi": 0.0]
        #expect(try CostsFile.load(json) == expected)
        #expect(try CostsFile.load(csv) == expected)
    }

    @Test(arguments: [
        ("costs.csv", "id,price\nx,1\n", "line 1"),
        ("costs.csv", "id,cost\nx,-1\n", "line 2"),
        ("costs.csv", "id,cost\nx,1\ny\n", "line 3"),
        ("costs.json", #"{"x": -5}"#, "entry 'x'"),
        ("costs.json", "", nil),
    ])
    func badCostsNameTheFileAndTheLine(name: String, text: String, feature: String?) throws {
        let url = try write(text, as: name)
        defer { remove(url) }
        let error = try #require(throws: DataError.self) { try CostsFile.load(url) }
        #expect(error.file == url.path)
        #expect(error.feature == feature, "\(error)")
    }

    /// A costs file read from disk changes the plan exactly as leaving the priced-out site out
    /// would: with every other candidate affordable, the budgeted answer is the best of the rest.
    @Test func aCostsFileMakesTheBudgetedPlanTheBestAffordableOne() throws {
        let free = try plan()
        let first = try #require(free.selected.first?.site.id)
        let entries = free.candidates.map { "\"\($0.id)\": \($0.id == first ? 1_000 : 10)" }
        let url = try write("{" + entries.joined(separator: ", ") + "}", as: "costs.json")
        defer { remove(url) }
        let costs = try CostsFile.load(url)
        let budgeted = try plan { $0.costs = costs; $0.budget = 100 }
        let without = try plan { $0.exclude = [first] }
        #expect(budgeted.selected.map(\.site.id) == without.selected.map(\.site.id))
        #expect(budgeted.coveredAfter == without.coveredAfter)
        #expect(budgeted.selected.allSatisfy { $0.cost == 10 })
        // Enough budget for the first choice: the file's costs no longer bind and the answer is the free one.
        let rich = try plan { $0.costs = costs; $0.budget = 1_000 }
        #expect(rich.selected.map(\.site.id) == [first] && rich.coveredAfter == free.coveredAfter)
    }
}
