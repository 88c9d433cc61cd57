import Foundation
import Testing
@testable import BorderPlanKit

/// Analyses on several threads at once, each with its own GEOS and PROJ contexts, give
/// exactly the results of a single-threaded run.
@Suite struct ConcurrencyTests {
    static func analyse(radius: Double) throws -> String {
        let data = try AnalysisData(directory: geodataDirectory)
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: radius)
        var request = PlanRequest(radiusKm: radius, k: 2)
        request.excludePartners = [.MA]
        let plan = try Planner.run(request, data: data)
        let catchment = try CatchmentReport.compute(data, site: sites[0], sites: sites, service: .default, radiusKm: radius, mode: .nearest)
        return CoverageReport.render(coverage, data: data, format: .json, language: .en)
            + PlanReport.json(plan).serialized() + formatNumber(catchment.areaKm2, decimals: 6)
    }

    @Test func parallelAnalysesMatchSequentialOnes() async throws {
        let radii: [Double] = [50, 100, 150, 100]
        let sequential = try radii.map { try Self.analyse(radius: $0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, radius) in radii.enumerated() { group.addTask { (index, try Self.analyse(radius: radius)) } }
            var results = [String](repeating: "", count: radii.count)
            for try await (index, text) in group { results[index] = text }
            return results
        }
        #expect(parallel == sequential)
        #expect(sequential[1] == sequential[3], "the same input gives the same bytes")
    }

    @Test func parallelClippedDiscsMatchTheSequentialClip() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let requests = [50.0, 200.0].flatMap { radius in sites.map { (center: $0.location, radiusKm: radius) } }
        let parallel = try data.clippedDiscs(requests)
        #expect(parallel.count == requests.count)
        for (request, disc) in zip(requests, parallel) {
            let sequential = try data.splitByWilaya(try data.catchments.disc(center: request.center, radiusKm: request.radiusKm))
            #expect(disc.wilayas == sequential.map { WilayaArea(code: $0.code, areaKm2: $0.areaKm2) })
        }
    }
}
