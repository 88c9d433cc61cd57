import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// `--max-seconds` bounds the whole command: the load and the baseline coverage check the
/// deadline too. The clock is injected (a deadline whose start lies in the past), so nothing
/// here depends on how fast the machine is. And the layers read on worker threads
/// (`GeodataPrefetch`) are the layers read on the caller's thread, to the byte.
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

    /// Every other layer, all queued at once (more than one worker on a machine with more cores).
    @Test func prefetchedLayersAreTheLayersReadInPlace() throws {
        let direct = Geodata(directory: geodataDirectory)
        let geodata = Geodata(directory: geodataDirectory)
        geodata.prefetch(GeodataLayer.allCases.filter { $0 != .communes })
        func same(_ a: [Geometry], _ b: [Geometry], _ layer: String) throws {
            #expect(a.count == b.count && !a.isEmpty, "\(layer)")
            for (x, y) in zip(a, b) {
                #expect(y.context === geodata.context)
                #expect(try x.wkb == y.wkb, "\(layer)")
            }
        }
        let (w1, w2) = (try direct.wilayas(), try geodata.wilayas())
        #expect(w1.map(\.code) == w2.map(\.code) && w1.map(\.areaKm2) == w2.map(\.areaKm2))
        try same(w1.map(\.geometry), w2.map(\.geometry), "wilayas")
        try same(try direct.borders().map(\.geometry), try geodata.borders().map(\.geometry), "borders")
        try same(try direct.borderSegments().map(\.geometry), try geodata.borderSegments().map(\.geometry), "border segments")
        try same([try direct.outline().geometry], [try geodata.outline().geometry], "outline")
        try same(try direct.neighbours().map(\.geometry), try geodata.neighbours().map(\.geometry), "neighbours")
        #expect(try direct.places().map(\.id) == geodata.places().map(\.id))
        #expect(try direct.places().map(\.location) == geodata.places().map(\.location))
        #expect(try direct.partnerPlaces().map(\.id) == geodata.partnerPlaces().map(\.id))
    }

    /// A layer with an error read ahead throws the error of the same read on the caller's thread.
    @Test func aPrefetchedLayerThrowsTheErrorOfTheReadInPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prefetch-error-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }   // cleanup of a scratch folder: a failure leaves only a temporary folder
        var text = try String(contentsOf: geodataDirectory.appendingPathComponent(GeodataFile.wilayas), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"area_km2\":", with: "\"area_km2\":1")
        try text.write(to: folder.appendingPathComponent(GeodataFile.wilayas), atomically: true, encoding: .utf8)
        func message(_ geodata: Geodata) -> String {
            do { _ = try geodata.wilayas(); return "no error" } catch { return "\(error)" }
        }
        let inPlace = message(Geodata(directory: folder))
        let geodata = Geodata(directory: folder)
        geodata.prefetch([.wilayas])
        Thread.sleep(forTimeInterval: 0.2)   // let the worker take the job (else this thread reads it: the same path as above)
        #expect(inPlace.contains("wilayas.geojson") && inPlace != "no error", "\(inPlace)")
        #expect(message(geodata) == inPlace)
    }
}
