import BorderPlanKit
@testable import BorderPlanServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import Testing

/// Real clients over a real socket: GDAL's OGC API – Features driver, and the built binary
/// stopped by SIGTERM.
@Suite(.serialized) struct ClientTests {
    let reference: ExportReference
    init() throws { reference = try sharedReference.get() }

    static let repositoryRoot = geodataDirectory.deletingLastPathComponent()

    /// `ogrinfo OAPIF:… -al -so` lists every collection with the export's feature count, and
    /// `ogr2ogr` copies each collection into a GeoPackage with the same count.
    @Test func gdalReadsEveryCollectionWithTheExportsCounts() async throws {
        let ogrinfo = try #require(which("ogrinfo"), "gdal-bin (make deps installs it)")
        let ogr2ogr = try #require(which("ogr2ogr"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("borderplan-oapif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }  // best-effort clean-up of our own temp folder
        let counts = reference.counts
        try await testApplication().test(.live) { client in
            let port = try #require(client.port)
            let source = "OAPIF:http://127.0.0.1:\(port)/"
            let info = try await runProcess(ogrinfo, ["-ro", "-al", "-so", source])
            #expect(info.status == 0, "\(info.stderr)")
            #expect(!info.stderr.contains("ERROR"), "\(info.stderr)")
            for name in reference.allNames {
                #expect(info.stdout.contains("Layer name: \(name)\n"), "\(name)")
            }
            // ogrinfo prints the layers in order; each block's count is the export's.
            let blocks = info.stdout.components(separatedBy: "Layer name: ").dropFirst()
            for block in blocks {
                let name = String(block.prefix { $0 != "\n" })
                #expect(block.contains("Feature Count: \(counts[name] ?? -1)\n"), "\(name): \(block.prefix(400))")
            }
            for name in reference.allNames {
                let file = folder.appendingPathComponent("\(name).gpkg").path
                let copy = try await runProcess(ogr2ogr, ["-f", "GPKG", file, source, name])
                #expect(copy.status == 0 && !copy.stderr.contains("ERROR"), "\(name): \(copy.stderr)")
                let check = try await runProcess(ogrinfo, ["-ro", "-so", file, name])
                #expect(check.stdout.contains("Feature Count: \(counts[name] ?? -1)\n"), "\(name): \(check.stdout.prefix(400)) \(check.stderr)")
            }
        }
    }

    /// With every feature in its first page GDAL types the real columns as Real (the README's advice),
    /// and an attribute filter on a declared property is sent to the server.
    @Test func gdalTypesColumnsFromAFullPageAndForwardsFilters() async throws {
        let ogrinfo = try #require(which("ogrinfo"), "gdal-bin (make deps installs it)")
        let crossings = try #require(reference.properties["crossings"])
        let tunisian = crossings.filter { $0.properties.contains(JSONMember("partner", "TN")) }.count
        #expect(tunisian > 0)
        let log = LogCollector()
        try await testApplication(log: log).test(.live) { client in
            let source = "OAPIF:http://127.0.0.1:\(try #require(client.port))/"
            let typed = try await runProcess(ogrinfo, ["-ro", "-so", "-oo", "PAGE_SIZE=10000", source, "wilayas"])
            #expect(typed.stdout.contains("covered_area_km2: Real") && typed.stdout.contains("area_km2: Real"), "\(typed.stdout)")
            let filtered = try await runProcess(ogrinfo, ["-ro", "-where", "partner='TN'", source, "crossings"])
            #expect(filtered.status == 0, "\(filtered.stderr)")
            #expect(filtered.stdout.components(separatedBy: "OGRFeature(crossings)").count - 1 == tunisian)
        }
        #expect(log.lines.contains { $0.contains("\"path\":\"/collections/crossings/items\"") && $0.contains("partner=TN") })
    }

    /// The binary starts on a free loopback port, answers, logs a JSON line per request and
    /// exits 0 on SIGTERM.
    @Test func binaryServesAndStopsGracefullyOnSIGTERM() async throws {
        let binary = Self.repositoryRoot.appendingPathComponent(".build/debug/borderplan").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "0", "--data", geodataDirectory.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let stderr = StreamCollector(errors.fileHandleForReading)
        let line = try #require(await stderr.waitForLine(containing: "listening on http://127.0.0.1:", timeoutSeconds: 120))
        let port = try #require(line.firstMatch(of: /127\.0\.0\.1:(\d+)\//).map { String($0.1) })
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/collections/crossings/items/debdeb")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("\"id\":\"debdeb\""))
        let logLine = try #require(await stderr.waitForLine(containing: "\"path\":\"/collections/crossings/items/debdeb\"", timeoutSeconds: 10))
        #expect(logLine.contains("\"status\":200"))
        process.terminate()  // SIGTERM
        let status = await waitForExit(process, timeoutSeconds: 20)
        #expect(status == 0, "exit status after SIGTERM")
    }
}

/// Runs a command on its own thread (never blocking a cooperative one, which serves the requests);
/// returns (status, stdout, stderr).
func runProcess(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do { continuation.resume(returning: try runBlocking(executable, arguments)) } catch { continuation.resume(throwing: error) }
        }
    }
}

/// Output goes to temporary files, so neither pipe can fill up and stall the command.
func runBlocking(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("borderplan-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }  // best-effort clean-up of our own temp folder
    let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
    guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
          FileManager.default.createFile(atPath: errURL.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
}

/// Waits for a process to exit; nil after the timeout.
func waitForExit(_ process: Process, timeoutSeconds: Double) async -> Int32? {
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }  // sleep cancelled: check again
    return process.isRunning ? nil : process.terminationStatus
}

/// Reads a pipe in the background and lets a test wait for a line.
final class StreamCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    init(_ handle: FileHandle) {
        handle.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; return }
            self?.lock.withLock { self?.text += String(decoding: data, as: UTF8.self) }
        }
    }

    func waitForLine(containing needle: String, timeoutSeconds: Double) async -> String? {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            let line = lock.withLock { text.split(separator: "\n").first { $0.contains(needle) }.map(String.init) }
            if let line { return line }
            try? await Task.sleep(for: .milliseconds(50))  // sleep cancelled: check again
        }
        return nil
    }
}

/// Path of a command on PATH, if any.
func which(_ name: String) -> String? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let path = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}
