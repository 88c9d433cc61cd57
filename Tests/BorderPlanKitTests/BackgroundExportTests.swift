import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// The report's exports written on a second thread (`BackgroundExport`): the layers cross as WKB
/// and come back identical, the files are those `Exporter.stage` writes on the caller's thread,
/// and the worker's error reaches the caller.
@Suite(.serialized) struct BackgroundExportTests {
    let layers: [ExportLayer]
    let tables: [ExportTable]

    init() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: 100)
        let builder = ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: .default, radiusKm: 100)
        layers = try builder.layers()
        tables = try builder.tables()
    }

    /// Every layer read back in another context writes the same GeoJSON bytes as the original
    /// (WKB keeps the exact doubles, the types, the rings' order and the empty geometries).
    @Test func layersReadBackInAnotherContextAreTheSame() throws {
        let copies = try PortableLayers(layers).layers(in: GeometryContext())
        #expect(copies.map(\.name) == layers.map(\.name))
        for (copy, original) in zip(copies, layers) {
            #expect(copy.features.count == original.features.count)
            #expect(try GeoJSONWriter.featureCollection(copy.features) == GeoJSONWriter.featureCollection(original.features), "layer \(original.name)")
        }
    }

    /// The worker writes byte for byte what `Exporter.stage` writes on this thread.
    @Test func theWorkerWritesWhatTheExporterWrites() throws {
        let here = try temporaryDirectory(), there = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: here); try? FileManager.default.removeItem(at: there) }   // cleanup only
        let asOf = PartialDate(year: 2026, month: 11, day: 30)
        try Exporter.stage(layers, tables: tables, format: .geojson, to: here)
        try Exporter.stage(layers, tables: tables, format: .gpkg, to: here.appendingPathComponent("borderplan.gpkg"), asOf: asOf)
        let seconds = try BackgroundExport(layers, tables: tables, to: there, asOf: asOf).finish()
        #expect(seconds > 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: here.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: there.path).sorted() == names)
        #expect(names.contains("borderplan.gpkg") && names.contains("borderplan.qgs") && names.contains("communes.geojson"))
        for name in names {
            #expect(try Data(contentsOf: here.appendingPathComponent(name)) == Data(contentsOf: there.appendingPathComponent(name)), "\(name)")
        }
    }

    /// A failure of the worker (here: a file where the exports' folder should be) is thrown by
    /// `finish()` as the same export on this thread throws it.
    @Test func theWorkersErrorIsThrownByFinish() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }   // cleanup only
        let blocker = folder.appendingPathComponent("exports")
        try Data("not a folder".utf8).write(to: blocker)
        var expected: String?
        do { try Exporter.stage(layers, tables: tables, format: .geojson, to: blocker) } catch { expected = "\(error)" }
        #expect(expected != nil)
        let worker = try BackgroundExport(layers, tables: tables, to: blocker, asOf: nil)
        #expect(throws: (any Error).self) { try worker.finish() }
        do { try worker.finish() } catch { #expect("\(error)" == expected) }
    }
}
