import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// `--max-seconds` bounds the whole command: the load and the baseline coverage check the
/// deadline too. The clock is injected (a deadline whose start lies in the past), so nothing
/// here depends on how fast the machine is. And the communes read on another thread
/// (`CommunePrefetch`) are the communes read on the caller's thread, to the byte.
@Suite struct LoadDeadlineTests {
    /// A deadline of 1 s that started 2 s ago.
    static func passed() -> Deadline { Deadline(seconds: 1, start: DispatchTime.now().uptimeNanoseconds - 2_000_000_000) }

    static func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as PlanError { return error.description } catch { return "another error: \(error)" }
        return nil
    }

    @Test func loadingPastTheDeadlineStopsWithTheStage() throws {
        let geodata = Geodata(directory: geodataDirectory)
        let knowledge = try KnowledgeBase.load(directory: geodataDirectory, context: geodata.context)
        let text = Self.message { _ = try AnalysisData(geodata: geodata, knowledge: knowledge, proj: try ProjContext(), deadline: Self.passed()) }
        #expect(text?.contains("ran out while loading the data") == true, "\(text ?? "no error")")
        #expect(text?.contains("--max-seconds") == true)
    }

    @Test func theBaselineCoverageChecksTheDeadline() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        let sites = Scenario.sites(data.knowledge, scenario: nil, language: .en)
        let text = Self.message { _ = try CoverageAnalysis(data: data).run(sites: sites, service: .travellers, radiusKm: 100, deadline: Self.passed()) }
        #expect(text?.contains("ran out while computing the baseline coverage") == true, "\(text ?? "no error")")
        // Without a deadline, the same call answers.
        #expect(try CoverageAnalysis(data: data).run(sites: sites, service: .travellers, radiusKm: 100).wilayas.count == data.borderWilayaCodes.count)
    }

    @Test func aPlanPastItsDeadlineSaysSoInsteadOfAnswering() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        var request = PlanRequest(radiusKm: 100, k: 1)
        request.deadline = Self.passed()
        let text = Self.message { _ = try Planner.run(request, data: data) }
        #expect(text?.contains("ran out while loading the data") == true, "\(text ?? "no error")")
    }

    @Test func prefetchedCommunesAreTheCommunesReadInPlace() throws {
        let direct = try Geodata(directory: geodataDirectory).communes()
        let geodata = Geodata(directory: geodataDirectory)
        geodata.prefetchCommunes()
        let prefetched = try geodata.communes()
        #expect(prefetched.count == direct.count && direct.count == 1_538)
        for (a, b) in zip(direct, prefetched) {
            #expect(a.id == b.id && a.wilaya == b.wilaya && a.population == b.population && a.nameAR == b.nameAR && a.daira == b.daira)
            #expect(b.geometry.context === geodata.context)
            #expect(try a.geometry.wkb == b.geometry.wkb, "commune \(a.id)")
        }
    }
}
