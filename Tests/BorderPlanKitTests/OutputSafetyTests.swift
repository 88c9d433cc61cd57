import Foundation
import Testing
@testable import BorderPlanKit

/// Output safety, through the real command-line tool: no folder or input file is ever
/// replaced, a file is replaced only when BorderPlan wrote it and nobody changed it since (and
/// the command says so), and an interrupted or failed run leaves the folder as it was.
@Suite(.serialized) struct OutputSafetyTests {
    let scratch: ScratchFolder
    let binary: String

    init() throws {
        scratch = try ScratchFolder()
        binary = try #require(MalformedInputTests.binary, "build the CLI first (make test does)")
    }

    /// Every file under `folder` with its bytes (relative path → contents).
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        while let relative = enumerator.nextObject() as? String {
            let url = folder.appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[relative] = try Data(contentsOf: url)
            } else {
                files[relative + "/"] = Data()
            }
        }
        return files
    }

    /// A copy of the committed geodata in the scratch folder.
    func dataCopy(_ name: String = "data") throws -> URL {
        let folder = scratch.file(name)
        try FileManager.default.copyItem(at: geodataDirectory, to: folder)
        return folder
    }

    @Test func aGeoPackageNeverReplacesAFolder() throws {
        let folder = scratch.file("important.gpkg")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("notes".utf8).write(to: folder.appendingPathComponent("keep.txt"))
        let before = try Self.snapshot(scratch.url)
        let result = try run(binary, ["export", "--format", "gpkg", "--layers", "places", "--out", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("important.gpkg") && result.stderr.contains("is a folder"), "\(result.stderr)")
        #expect(try Self.snapshot(scratch.url) == before)
    }

    @Test func outputsOverTheDataOrAnInputAreRefused() throws {
        let data = try dataCopy()
        let scenario = scratch.file("what-if.json")
        try Data(#"{"status":{"debdeb":"open"}}"#.utf8).write(to: scenario)
        let before = try Self.snapshot(scratch.url)
        let outputs: [(command: [String], relation: String)] = [
            (["export", "--out", data.path], "is the data folder"),
            (["export", "--format", "gpkg", "--out", data.appendingPathComponent("x.gpkg").path], "lies inside the data folder"),
            (["export", "--out", data.appendingPathComponent("exports").path], "lies inside the data folder"),
            (["export", "--out", scratch.url.path], "contains the data folder"),
            (["export", "--out", data.appendingPathComponent("../data/wilayas.geojson").path], "lies inside the data folder"),
            (["report", "--out", data.path], "is the data folder"),
            (["map", "--kind", "overview", "--radius", "100", "--out", data.appendingPathComponent("map.svg").path], "lies inside the data folder"),
            (["export", "--scenario", scenario.path, "--out", scenario.path], "is the --scenario file"),
        ]
        for (command, relation) in outputs {
            let result = try run(binary, command + ["--data", data.path])
            #expect(result.status == 1, "\(command): exit \(result.status)")
            #expect(result.stderr.contains(relation) && result.stderr.contains("never writes over its inputs"), "\(command): \(result.stderr)")
        }
        #expect(try Self.snapshot(scratch.url) == before, "an input changed")
    }

    @Test func replacingAFileTheCommandWritesIsAnnounced() throws {
        let file = scratch.file("places.gpkg")
        let first = try run(binary, ["export", "--format", "gpkg", "--layers", "places", "--out", file.path])
        #expect(first.status == 0 && !first.stderr.contains("replacing"), "\(first.stderr)")
        let bytes = try Data(contentsOf: file)
        let second = try run(binary, ["export", "--format", "gpkg", "--layers", "places", "--out", file.path])
        #expect(second.status == 0 && second.stderr.contains("replacing \(file.path)"), "\(second.stderr)")
        #expect(try Data(contentsOf: file) == bytes, "the export is deterministic")
        // The GeoPackage and the QGIS project written beside it, nothing else.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted() == [".borderplan-manifest.json", "borderplan.qgs", "places.gpkg"],
                "temporary files left")
    }

    @Test func aReportNeverReplacesAUsersFile() throws {
        let out = scratch.file("report")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("exports"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("exports/gaps.geojson"))
        try Data("notes".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let before = try Self.snapshot(scratch.url)
        let result = try run(binary, ["report", "--out", out.path])
        #expect(result.status == 1 && result.stderr.contains("exports/gaps.geojson") && result.stderr.contains("BorderPlan did not write it"), "\(result.stderr)")
        #expect(try Self.snapshot(scratch.url) == before)
    }

    /// A folder holding a user's files: a hand-made `gaps.geojson` (named like an output) and notes.
    func userFolder(_ name: String) throws -> URL {
        let folder = scratch.file(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(#"{"type":"FeatureCollection","features":[]}"#.utf8).write(to: folder.appendingPathComponent("gaps.geojson"))
        try Data("notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        return folder
    }

    /// They refuse before any work: with a data folder that cannot be loaded (`--data` of an empty
    /// folder), the error is still the output folder's.
    @Test func exportAndCompareNeverReplaceAUsersFile() throws {
        let folder = try userFolder("mine")
        let scenario = scratch.file("what-if.json")
        try Data(#"{"status":{"debdeb":"open"}}"#.utf8).write(to: scenario)
        let noData = scratch.file("no-data")
        try FileManager.default.createDirectory(at: noData, withIntermediateDirectories: true)
        let before = try Self.snapshot(scratch.url)
        let commands = [["export", "--layers", "gaps,places", "--out", folder.path],
                        ["compare", "--scenario", scenario.path, "--radius", "100", "--format", "geojson", "--out", folder.path]]
        for command in commands + commands.map({ $0 + ["--data", noData.path] }) {
            let result = try run(binary, command)
            #expect(result.status == 1, "\(command): exit \(result.status)")
            #expect(result.stderr.contains(folder.appendingPathComponent("gaps.geojson").path) && result.stderr.contains("choose another --out"), "\(command): \(result.stderr)")
            #expect(try Self.snapshot(scratch.url) == before, "\(command) changed the folder")
        }
    }

    @Test func anExportReplacesItsOwnOutputButNotAUsersEdit() throws {
        let folder = scratch.file("exports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let command = ["export", "--layers", "places,crossings", "--out", folder.path]
        #expect(try run(binary, command).status == 0)
        let second = try run(binary, command)
        #expect(second.status == 0 && second.stderr.contains("replacing") && second.stderr.contains(folder.path), "\(second.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("notes.txt")) == Data("notes".utf8))
        let places = folder.appendingPathComponent("places.geojson")
        try Data(#"{"type":"FeatureCollection","features":[]}"#.utf8).write(to: places)
        let before = try Self.snapshot(scratch.url)
        let third = try run(binary, command)
        #expect(third.status == 1 && third.stderr.contains(places.path) && third.stderr.contains("changed since BorderPlan wrote it"), "\(third.stderr)")
        #expect(try Self.snapshot(scratch.url) == before)
    }

    @Test func aWriterFailingMidWayLeavesTheFolderAsItWas() throws {
        let real = try #require(["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first { FileManager.default.isExecutableFile(atPath: $0) }, "GDAL's ogr2ogr")
        let folder = try userFolder("shp")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("gaps.geojson"))
        let command = ["export", "--format", "shp", "--layers", "places,crossings,borders", "--out", folder.path]
        #expect(try run(binary, command).status == 0)
        // ogr2ogr that converts one layer, then fails (as on a full disk).
        let tools = scratch.file("bin")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        let fake = tools.appendingPathComponent("ogr2ogr")
        let counter = scratch.file("calls")
        let script = """
            #!/bin/sh
            n=$(cat '\(counter.path)' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '\(counter.path)'
            [ $n -ge 2 ] && { echo 'ogr2ogr: No space left on device' >&2; exit 1; }
            exec \(real) "$@"

            """
        try Data(script.utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let before = try Self.snapshot(folder)
        let result = try run(binary, command, environment: ["PATH": "\(tools.path):/usr/bin:/bin"])
        #expect(result.status == 1 && result.stderr.contains("No space left on device"), "\(result.stderr)")
        #expect(try String(contentsOf: counter, encoding: .utf8) == "2\n", "the failure came after a layer was converted")
        #expect(try Self.snapshot(folder) == before, "the previous export and the user's notes, exactly")
    }

    /// Starts `report --out out`, sends SIGTERM once its staging folder exists, and waits.
    func interruptedReport(_ out: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["report", "--out", out.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []  // absent until the command creates it
            if names.contains(where: { $0.hasPrefix(".borderplan-staging-") }) { break }
            usleep(20_000)
        }
        usleep(300_000)  // into the loading and the analyses
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func anInterruptedReportLeavesThePreviousOneOrNothing() throws {
        let fresh = scratch.file("fresh")
        let status = try interruptedReport(fresh)
        #expect(status == 128 + SIGTERM, "exit status \(status)")
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
        #expect(left.isEmpty, "left behind: \(left)")

        let out = scratch.file("report")
        let complete = try run(binary, ["report", "--out", out.path])
        #expect(complete.status == 0, "\(complete.stderr)")
        // Run again over its own folder (as `make run` does), beside a user's file.
        try Data("notes".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let again = try run(binary, ["report", "--out", out.path])
        #expect(again.status == 0 && again.stderr.contains("replacing"), "\(again.stderr)")
        let before = try Self.snapshot(out)
        #expect(before["notes.txt"] == Data("notes".utf8))
        #expect(before.keys.contains("index.html") && before.keys.contains("exports/borderplan.gpkg"))
        let second = try interruptedReport(out)
        #expect(second == 128 + SIGTERM, "exit status \(second)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["report"])
        #expect(try Self.snapshot(out) == before, "the previous report changed")
        #expect(!before.keys.contains { $0.hasSuffix(".tmp") || $0.hasSuffix("-journal") })
    }

    @Test func aFailedPNGLeavesNoSVG() throws {
        let tools = scratch.file("bin")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        let fake = tools.appendingPathComponent("rsvg-convert")
        try Data("#!/bin/sh\necho 'rsvg-convert: out of memory' >&2\nexit 1\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let maps = scratch.file("maps")
        let result = try run(binary, ["map", "--kind", "overview", "--radius", "100", "--out", maps.appendingPathComponent("overview.svg").path, "--png"],
                             environment: ["PATH": "\(tools.path):/usr/bin:/bin"])
        #expect(result.status == 1 && result.stderr.contains("rsvg-convert failed"), "\(result.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
        #expect(left == ["bin"], "left behind: \(left)")
    }

    @Test func badOutputPathsAreRefusedClearly() throws {
        let png = try run(binary, ["map", "--kind", "overview", "--radius", "100", "--out", scratch.file("x.png").path, "--png"])
        #expect(png.status != 0 && png.stderr.contains("the SVG and the PNG would be the same file"), "\(png.stderr)")
        for command in [["export", "--out", ""], ["report", "--out", ""], ["map", "--kind", "overview", "--radius", "100", "--out", ""], ["wilayas", "--data", ""]] {
            let result = try run(binary, command, environment: [:], workingDirectory: scratch.url)
            #expect(result.status != 0 && result.stderr.contains("an empty path would mean the current folder"), "\(command): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty)
        // A location nobody may write: /sys for root (permissions do not stop root), a read-only folder otherwise.
        let readOnly: URL
        if geteuid() == 0 {
            readOnly = URL(fileURLWithPath: "/sys/borderplan-test")
        } else {
            readOnly = scratch.file("locked")
            try FileManager.default.createDirectory(at: readOnly, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: readOnly.path)
        }
        let result = try run(binary, ["export", "--format", "gpkg", "--layers", "places", "--out", readOnly.appendingPathComponent("x.gpkg").path])
        #expect(result.status == 1 && result.stderr.contains("cannot") && result.stderr.contains(readOnly.lastPathComponent), "\(result.stderr)")
        #expect(!result.stderr.contains("Error Domain") && !result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)")
        if geteuid() != 0 { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly.path) }
    }
}
