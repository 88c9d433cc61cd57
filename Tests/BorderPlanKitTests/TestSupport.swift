import Foundation
@testable import BorderPlanKit
import Geo

/// The repository root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The committed geodata folder.
let geodataDirectory = repositoryRoot.appendingPathComponent("geodata")

/// A fresh temporary folder, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("borderplan-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The report's `index.html` in each of `languages`, each written to its own temporary folder
/// with `options` (their language set per page): one way for the suites that read rendered pages.
func renderedReports(_ data: AnalysisData, languages: [Language] = Language.allCases, options: ReportOptions = ReportOptions()) throws -> [Language: String] {
    var pages: [Language: String] = [:]
    for language in languages {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }   // a leftover temporary folder is harmless
        var options = options
        options.language = language
        let index = try makeReportBuilder(data: data, options: options).write(to: folder)
        pages[language] = try String(contentsOf: index, encoding: .utf8)
    }
    return pages
}

/// The shipped data's report in the three languages, default options (plan K = 1…3) on a fixed
/// date: rendered once per test process and shared by the suites that read these pages (a
/// render takes seconds in a debug build).
let shippedReportPages: Result<[Language: String], any Error> = Result {
    var options = ReportOptions()
    options.asOf = PartialDate("2026-11-30")!
    return try renderedReports(try AnalysisData(directory: geodataDirectory), options: options)
}

/// Runs a command; returns (exit status, stdout, stderr).
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// Path of a command on PATH, if any.
func which(_ name: String) -> String? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let path = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// A temporary folder removed when the value goes away (a test's scratch space).
final class ScratchFolder: @unchecked Sendable {
    let url: URL
    init() throws { url = try temporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: url) }  // best effort: a leftover must not fail a test
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// The path of an executable product of this package, found beside the test bundle
/// (`.build/<triple>/<configuration>/`), whatever the configuration and the build folder.
func builtProduct(_ name: String) -> String? {
    let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    let candidates = [Bundle.main.bundleURL.deletingLastPathComponent(), bundle.deletingLastPathComponent(),
                      bundle.deletingLastPathComponent().deletingLastPathComponent()]
        .map { $0.appendingPathComponent(name).path }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Runs a command with extra environment variables; returns (exit status, stdout, stderr).
/// Standard error is read on another thread so that neither pipe can fill up and block.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String], workingDirectory: URL? = nil) throws
    -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let workingDirectory { process.currentDirectoryURL = workingDirectory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    final class Box: @unchecked Sendable { var data = Data() }
    let stderr = Box()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { stderr.data = err.fileHandleForReading.readDataToEndOfFile() }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr.data, as: UTF8.self))
}

/// A seeded generator (SplitMix64), so that a failing case is reproduced by its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
