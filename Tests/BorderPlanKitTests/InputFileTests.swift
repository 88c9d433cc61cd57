import Foundation
import Testing
@testable import BorderPlanKit

/// Input files and messages, through the real command-line tool: what is not a regular file,
/// too large, malformed or ambiguous is refused with a short message naming the file, the
/// line or feature, and the field; what RFC 4180 and RFC 7946 allow is read.
@Suite(.serialized) struct InputFileTests {
    let scratch: ScratchFolder
    let binary: String

    init() throws {
        scratch = try ScratchFolder()
        binary = try #require(MalformedInputTests.binary, "build the CLI first (make test does)")
    }

    func write(_ text: String, _ name: String) throws -> URL {
        let url = scratch.file(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// A copy of the committed geodata with `file` rewritten by `mutate`.
    func data(_ file: String, _ mutate: (String) -> String) throws -> URL {
        let folder = scratch.file("data")
        if !FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.copyItem(at: geodataDirectory, to: folder) }
        let url = folder.appendingPathComponent(file)
        try Data(mutate(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
        return folder
    }

    func planDemand(_ path: String, environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(binary, ["plan", "--radius", "100", "--add", "1", "--objective", "demand", "--demand", path], environment: environment)
    }

    func expectFailure(_ result: (status: Int32, stdout: String, stderr: String), status: Int32 = 1, _ parts: [String],
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        for part in parts { #expect(result.stderr.contains(part), "'\(part)' missing from: \(result.stderr.prefix(600))", sourceLocation: sourceLocation) }
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("don't have permission"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.utf8.count < 2_000, "a message of \(result.stderr.utf8.count) bytes", sourceLocation: sourceLocation)
    }

    @Test func notARegularFile() throws {
        let fifo = scratch.file("fifo.csv")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let loop = scratch.file("loop.json")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        expectFailure(try planDemand(scratch.url.path), [scratch.url.path, "is a folder, not a demand file"])
        expectFailure(try planDemand(fifo.path), ["fifo.csv", "is a FIFO"])
        expectFailure(try planDemand("/dev/zero"), ["/dev/zero", "is a device"])
        expectFailure(try run(binary, ["coverage", "--radius", "100", "--scenario", loop.path]), ["loop.json", "a loop of symbolic links"])
        expectFailure(try run(binary, ["coverage", "--radius", "100", "--scenario", scratch.file("missing.json").path]), ["missing.json", "no such file"])
        expectFailure(try run(binary, ["plan", "--radius", "100", "--add", "1", "--budget", "1e9", "--costs", scratch.url.path]), ["is a folder, not a costs file"])
    }

    @Test func sizeLimitsHoldAndCanBeRaised() throws {
        let big = scratch.file("big.json")
        #expect(FileManager.default.createFile(atPath: big.path, contents: Data(#"{"name":""#.utf8)))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 11 << 20)  // 11 MiB, sparse
        try handle.close()
        expectFailure(try run(binary, ["coverage", "--radius", "100", "--scenario", big.path]),
                      ["big.json", "over the 10 MiB limit for a scenario file", "BORDERPLAN_MAX_SCENARIO_MB"])
        let raised = try run(binary, ["coverage", "--radius", "100", "--scenario", big.path], environment: ["BORDERPLAN_MAX_SCENARIO_MB": "20"])
        expectFailure(raised, ["big.json", "control character"])
    }

    @Test func aLargeBinaryDemandFailsFastWithAShortMessage() throws {
        let zeros = scratch.file("zeros.csv")
        #expect(FileManager.default.createFile(atPath: zeros.path, contents: nil))
        let handle = try FileHandle(forWritingTo: zeros)
        try handle.truncate(atOffset: 300 << 20)  // 300 MB of NUL bytes, sparse
        try handle.close()
        let started = Date()
        let result = try planDemand(zeros.path)
        expectFailure(result, ["zeros.csv", "line 1", "NUL byte"])
        #expect(Date().timeIntervalSince(started) < 30, "took \(Date().timeIntervalSince(started)) s")
        let header = try write("latitude,longitude" + String(repeating: ",x", count: 5_000) + "\n1,2\n", "wide.csv")
        let wide = try planDemand(header.path)
        #expect(wide.status == 1 && wide.stderr.contains("…") && wide.stderr.utf8.count < 1_000, "\(wide.stderr.utf8.count) bytes: \(wide.stderr.prefix(300))")
    }

    @Test func jsonSyntaxErrorsGiveLineAndColumn() throws {
        let scenario = try write("{\n  \"status\": {\"debdeb\": \"open\",}\n}\n", "what-if.json")
        expectFailure(try run(binary, ["coverage", "--radius", "100", "--scenario", scenario.path]),
                      ["what-if.json", "not valid JSON at line 2, column 31", "trailing commas are not JSON"])
        let cut = try data("crossings.geojson") { String($0.prefix(3_000)) }
        expectFailure(try run(binary, ["crossings", "--data", cut.path]), ["crossings.geojson", "feature 1", "not valid JSON at line", "cut short"])
    }

    @Test func duplicateKeysAreRefused() throws {
        let scenario = try write(#"{"status":{"debdeb":"open","debdeb":"closed"}}"#, "twice.json")
        expectFailure(try run(binary, ["coverage", "--radius", "100", "--scenario", scenario.path]),
                      ["twice.json", "field 'status.debdeb'", "appears twice"])
        let folder = try data("wilayas.geojson") { $0.replacingOccurrences(of: #""code":"05""#, with: #""code":"05","code":"06""#) }
        expectFailure(try run(binary, ["wilayas", "--data", folder.path]), ["wilayas.geojson", "feature 5", "field 'code'", "appears twice"])
        let costs = try write(#"{"debdeb": 5, "debdeb": 6}"#, "costs.json")
        expectFailure(try run(binary, ["plan", "--radius", "100", "--add", "1", "--budget", "10", "--costs", costs.path]), ["costs.json", "appears twice"])
    }

    @Test func altitudesAndNullPropertiesAreRead() throws {
        let flat = try run(binary, ["crossings", "--format", "csv"])
        let folder = try data("crossings.geojson") { text in
            // Every Point gets an altitude: [lon, lat] → [lon, lat, 450.5].
            text.replacingOccurrences(of: #"("coordinates": \[\s*[-0-9.]+,\s*[-0-9.]+)(\s*)\]"#, with: "$1, 450.5$2]", options: .regularExpression)
        }
        let points = try String(contentsOf: geodataDirectory.appendingPathComponent("crossings.geojson"), encoding: .utf8).components(separatedBy: #""Point""#).count
        #expect(try String(contentsOf: folder.appendingPathComponent("crossings.geojson"), encoding: .utf8).components(separatedBy: "450.5").count == points)
        let raised = try run(binary, ["crossings", "--format", "csv", "--data", folder.path])
        #expect(raised.status == 0 && raised.stdout == flat.stdout, "\(raised.stderr)")
        let demand = try write(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"weight":3},"geometry":{"type":"Point","coordinates":[9.45,30.0,120]}}]}"#, "demand.geojson")
        #expect(try planDemand(demand.path).status == 0)
        let noProperties = try write(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[9.45,30.0]}}]}"#, "null.geojson")
        expectFailure(try planDemand(noProperties.path), ["null.geojson", "feature 1", "field 'weight'", "missing weight property"])
        let places = try data("places.geojson") { $0.replacingOccurrences(of: #""properties":{"geonameid""#, with: #""properties":null,"x":{"geonameid""#) }
        expectFailure(try run(binary, ["coverage", "--radius", "100", "--data", places.path]), ["places.geojson", "feature 1", "field '", "required field is missing"])
    }

    @Test func csvFollowsRFC4180WhateverTheExtension() throws {
        let plain = try planDemand(try write("lat,lon,weight\n30,9.45,1\n19.45,5.79,2\n", "demand.csv").path)
        #expect(plain.status == 0, "\(plain.stderr)")
        let quoted = try write("\u{FEFF}\"lat\",\"lon\",\"weight\"\r\n\"30\",\"9.45\",\"1\"\r\n19.45,5.79,\"2\"\r\n", "demand.txt")
        let result = try planDemand(quoted.path)
        #expect(result.status == 0 && result.stdout == plain.stdout, "\(result.stderr)")
        let costs = try write("\u{FEFF}id,cost\r\n\"tarat\",\"5\"\r\n", "costs")
        let withCosts = try run(binary, ["plan", "--radius", "100", "--add", "1", "--budget", "10", "--costs", costs.path, "--candidates", "tarat", "--format", "json"])
        #expect(withCosts.status == 0 && withCosts.stdout.contains("tarat"), "\(withCosts.stderr)")
        expectFailure(try planDemand(try write("lat,lon,weight\n\"30,9.45,1\n", "open.csv").path), ["open.csv", "line 2", "quoted field is not closed"])
        expectFailure(try planDemand(try write("lat,lon,weight\n30,9\"4,1\n", "stray.csv").path), ["stray.csv", "line 2", "quote inside an unquoted field"])
    }

    @Test func idsAreExactAndUnknownCostIdsExitWith2() throws {
        let spaced = try write("id,cost\n debdeb ,5\n", "spaced.csv")
        expectFailure(try run(binary, ["plan", "--radius", "100", "--add", "1", "--budget", "10", "--costs", spaced.path]),
                      ["spaced.csv", "line 2", "field 'id'", "spaces around it", "'debdeb'"])
        let scenario = try write(#"{"status":{"debdeb ":"open"}}"#, "spaced.json")
        expectFailure(try run(binary, ["coverage", "--radius", "100", "--scenario", scenario.path]), ["spaced.json", "spaces around it"])
        let unknown = try write("id,cost\ndebdb,5\n", "unknown.csv")
        expectFailure(try run(binary, ["plan", "--radius", "100", "--add", "1", "--budget", "10", "--costs", unknown.path]), status: 2,
                      ["unknown.csv", "'debdb'", "closest: debdeb"])
    }

    @Test func signedDatesAreRefused() throws {
        #expect(PartialDate("2026-+1-+5") == nil && PartialDate("+2026") == nil && PartialDate("2026-01-05") != nil)
        let result = try run(binary, ["committees", "--as-of", "2026-+1-+5"])
        #expect(result.status != 0 && result.stderr.contains("YYYY-MM-DD"), "\(result.stderr)")
    }

    @Test func controlCharactersNeverReachTheTerminal() throws {
        let folder = try data("crossings.geojson") {
            $0.replacingOccurrences(of: #""name_fr": "Poste frontalier de Betita"#, with: #""name_fr": "=HYPERLINK(\u001b[31m) Poste frontalier de Betita"#)
        }
        for format in ["table", "csv", "markdown"] {
            let result = try run(binary, ["crossings", "--lang", "fr", "--format", format, "--data", folder.path])
            #expect(result.status == 0 && !result.stdout.unicodeScalars.contains("\u{1B}") && result.stdout.contains(#"\u{1B}[31m"#), "\(format): \(result.stderr)")
            if format == "csv" { #expect(result.stdout.contains(#"'=HYPERLINK("#)) }
        }
        let scenario = try write(#"{"status":{"deb\u001b]0;pwned\u0007deb":"open"}}"#, "escape.json")
        let result = try run(binary, ["coverage", "--radius", "100", "--scenario", scenario.path])
        #expect(result.status == 1 && !result.stderr.unicodeScalars.contains("\u{1B}") && result.stderr.contains(#"\u{1B}]0;pwned\u{7}"#), "\(result.stderr)")
    }
}
