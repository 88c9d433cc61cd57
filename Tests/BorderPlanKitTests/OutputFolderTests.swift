import Foundation
import Testing
@testable import BorderPlanKit

/// The rule of every output folder (`OutputFolder`), on the real file system: a user's file is
/// never replaced (nor one edited since BorderPlan wrote it), a re-run replaces BorderPlan's own
/// unchanged files, and a failure at any point leaves the folder exactly as it was.
@Suite struct OutputFolderTests {
    let scratch: ScratchFolder

    init() throws { scratch = try ScratchFolder() }

    /// Writes `files` (relative path → text) through `OutputFolder`.
    @discardableResult
    func output(_ folder: URL, _ files: [String: String], retire: [String] = [], fault: String? = nil) throws -> [URL] {
        let output = try OutputFolder(folder, retire: retire)
        output.beforePlacing = { name in
            if name == fault { throw DataError(file: name, "injected failure") }
        }
        do {
            for (name, text) in files { try writeAtomically(text, to: output.staging.appendingPathComponent(name)) }
            return try output.commit()
        } catch {
            output.discard()
            throw error
        }
    }

    func put(_ text: String, _ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func aUsersFileNamedLikeAnOutputIsKeptAndNamed() throws {
        let folder = scratch.file("out")
        try put("my own gaps", folder.appendingPathComponent("gaps.geojson"))
        try put("notes", folder.appendingPathComponent("notes.txt"))
        let before = try OutputSafetyTests.snapshot(scratch.url)
        let error = try #require(throws: DataError.self) { try output(folder, ["borders.geojson": "b", "gaps.geojson": "g"]) }
        #expect(error.file == folder.appendingPathComponent("gaps.geojson").path)
        #expect(error.problem?.key == "outputs.not-ours")
        #expect(error.description.contains("choose another --out"), "\(error)")
        #expect(try OutputSafetyTests.snapshot(scratch.url) == before, "nothing written, nothing left")
    }

    @Test func aSecondRunReplacesItsOwnFilesAndKeepsTheUsersBeside() throws {
        let folder = scratch.file("out")
        try put("notes", folder.appendingPathComponent("notes.txt"))
        let written = try output(folder, ["a.csv": "abc", "sub/b.csv": "first"])
        #expect(written.map(\.lastPathComponent) == ["a.csv", "b.csv"])
        // The manifest names each file with its SHA-256 (FIPS 180-4 example for "abc").
        let manifest = try OutputManifest.read(in: folder)
        #expect(manifest.files["a.csv"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(manifest.files.keys.sorted() == ["a.csv", "sub/b.csv"])
        try output(folder, ["a.csv": "abc", "sub/b.csv": "second"])
        #expect(try String(contentsOf: folder.appendingPathComponent("sub/b.csv"), encoding: .utf8) == "second")
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "notes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [OutputManifest.name, "a.csv", "notes.txt", "sub"],
                "no staging folder or backup left")
    }

    @Test func aFileEditedSinceTheLastRunIsProtected() throws {
        let folder = scratch.file("out")
        try output(folder, ["a.csv": "ours", "b.csv": "ours"])
        try put("edited by hand", folder.appendingPathComponent("b.csv"))
        let before = try OutputSafetyTests.snapshot(scratch.url)
        let error = try #require(throws: DataError.self) { try output(folder, ["a.csv": "new", "b.csv": "new"]) }
        #expect(error.file == folder.appendingPathComponent("b.csv").path && error.problem?.key == "outputs.edited", "\(error)")
        #expect(try OutputSafetyTests.snapshot(scratch.url) == before)
    }

    @Test func aFailureWhileMovingInLeavesTheFolderExactlyAsBefore() throws {
        let folder = scratch.file("out")
        try put("notes", folder.appendingPathComponent("notes.txt"))
        try output(folder, ["a.csv": "old a", "c.csv": "old c"])
        let before = try OutputSafetyTests.snapshot(scratch.url)
        // a.csv replaced, b/x.csv added (in a new folder) before c.csv fails: all undone.
        #expect(throws: DataError.self) { try output(folder, ["a.csv": "new a", "b/x.csv": "new b", "c.csv": "new c"], fault: "c.csv") }
        #expect(try OutputSafetyTests.snapshot(scratch.url) == before)
        // A fresh folder: nothing at all remains.
        let fresh = scratch.file("fresh/nested")
        #expect(throws: DataError.self) { try output(fresh, ["a.csv": "a", "b.csv": "b"], fault: "b.csv") }
        #expect(pathState(scratch.file("fresh").path) == .absent)
    }

    @Test func anErrorInTheWriterLeavesNothing() throws {
        let folder = scratch.file("out")
        try output(folder, ["a.csv": "old"])
        let before = try OutputSafetyTests.snapshot(scratch.url)
        struct WriterFailed: Error {}
        #expect(throws: WriterFailed.self) {
            try OutputFolder.write(folder) { staging in
                try writeAtomically("new", to: staging.appendingPathComponent("a.csv"))
                throw WriterFailed()
            }
        }
        #expect(try OutputSafetyTests.snapshot(scratch.url) == before)
    }

    @Test func aPreviousOutputsFileIsRetiredOnlyWhenOursAndUnchanged() throws {
        let folder = scratch.file("instance")
        let owned = ["instance.json", "distances.csv", "coverage.csv"]
        try output(folder, ["instance.json": "p", "distances.csv": "d", "coverage.csv": "c"], retire: owned)
        try put("edited", folder.appendingPathComponent("coverage.csv"))
        try output(folder, ["instance.json": "m"], retire: owned)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == [OutputManifest.name, "coverage.csv", "instance.json"], "the unchanged distances.csv goes, the edited coverage.csv stays")
        #expect(try OutputManifest.read(in: folder).files.keys.sorted() == ["coverage.csv", "instance.json"])
    }

    @Test func foldersLinksAndForeignManifestsAreRefused() throws {
        let folder = scratch.file("out")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("a.csv"), withIntermediateDirectories: true)
        #expect(try #require(throws: DataError.self) { try output(folder, ["a.csv": "x"]) }.problem?.key == "outputs.is-a-folder")
        try put("target", scratch.file("elsewhere.txt"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("b.csv").path, withDestinationPath: scratch.file("elsewhere.txt").path)
        #expect(try #require(throws: DataError.self) { try output(folder, ["b.csv": "x"]) }.problem?.key == "outputs.not-ours")
        try put(#"{"files": ["not", "ours"]}"#, folder.appendingPathComponent(OutputManifest.name))
        let error = try #require(throws: DataError.self) { try output(folder, ["c.csv": "x"]) }
        #expect(error.problem?.key == "outputs.manifest.unreadable" && error.file.hasSuffix(OutputManifest.name))
        #expect(try String(contentsOf: scratch.file("elsewhere.txt"), encoding: .utf8) == "target")
    }

    @Test func oneOutputFileFollowsTheSameRule() throws {
        let file = scratch.file("maps/overview.svg")
        try put("hand-drawn", file)
        let error = try #require(throws: DataError.self) { try writeOutputFile(Data("<svg/>".utf8), to: file) }
        #expect(error.file == file.path && error.problem?.key == "outputs.not-ours")
        #expect(try String(contentsOf: file, encoding: .utf8) == "hand-drawn")
        try FileManager.default.removeItem(at: file)
        try writeOutputFile(Data("<svg/>".utf8), to: file)
        try writeOutputFile(Data("<svg>2</svg>".utf8), to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "<svg>2</svg>")
    }

    // MARK: The stat fingerprint (size, mtime to the nanosecond, inode, device) beside each digest

    /// Sets the modification time of `url` (seconds and nanoseconds since 1970).
    func setModified(_ url: URL, _ seconds: Int, _ nanoseconds: Int) throws {
        var times = [timespec(tv_sec: seconds, tv_nsec: nanoseconds), timespec(tv_sec: seconds, tv_nsec: nanoseconds)]
        try #require(utimensat(AT_FDCWD, url.path, &times, AT_SYMLINK_NOFOLLOW) == 0)
    }

    /// Rewrites `url` in place (same inode) with `text`.
    func overwriteInPlace(_ url: URL, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func theManifestRecordsEachFilesFingerprint() throws {
        let folder = scratch.file("out")
        try output(folder, ["a.csv": "abc", "sub/b.csv": "first"])
        let manifest = try OutputManifest.read(in: folder)
        for name in ["a.csv", "sub/b.csv"] {
            let fingerprint = try #require(FileFingerprint(path: folder.appendingPathComponent(name).path))
            #expect(manifest.fingerprints[name] == fingerprint, "\(name)")
        }
        #expect(manifest.fingerprints["a.csv"]?.size == 3)
    }

    @Test func anEditOfTheSameSizeWithANewModificationTimeIsRefused() throws {
        let folder = scratch.file("out")
        try output(folder, ["a.csv": "ours"])
        let file = folder.appendingPathComponent("a.csv")
        try overwriteInPlace(file, "mine")
        try setModified(file, 2_000_000_000, 1)  // 2033: surely not the recorded time
        let before = try OutputSafetyTests.snapshot(scratch.url)
        let error = try #require(throws: DataError.self) { try output(folder, ["a.csv": "new"]) }
        #expect(error.file == file.path && error.problem?.key == "outputs.edited", "\(error)")
        #expect(try OutputSafetyTests.snapshot(scratch.url) == before)
    }

    @Test func aFileTouchedButUnchangedIsStillOurs() throws {
        let folder = scratch.file("out")
        try output(folder, ["a.csv": "ours"])
        let file = folder.appendingPathComponent("a.csv")
        try setModified(file, 1_500_000_000, 123_456_789)
        try #require(try OutputManifest.read(in: folder).fingerprints["a.csv"] != FileFingerprint(path: file.path))
        try output(folder, ["a.csv": "new"])
        #expect(try String(contentsOf: file, encoding: .utf8) == "new")
        #expect(try OutputManifest.read(in: folder).fingerprints["a.csv"] == FileFingerprint(path: file.path))
    }

    /// The recorded digest is trusted without reading the file when its fingerprint is unchanged:
    /// an edit that keeps the inode and the size and puts the modification time back to the
    /// nanosecond is not seen (the documented limit, as in git) — unless the recorded time is not
    /// earlier than the manifest's own (a file modified in the same clock tick is hashed anyway).
    @Test func anUnchangedFingerprintIsTrustedOnlyWhenRecordedBeforeTheManifest() throws {
        let folder = scratch.file("out")
        try output(folder, ["a.csv": "ours", "b.csv": "ours"])
        let manifest = try OutputManifest.read(in: folder)
        for name in ["a.csv", "b.csv"] {
            let file = folder.appendingPathComponent(name)
            try overwriteInPlace(file, "mine")
            let recorded = try #require(manifest.fingerprints[name])
            try setModified(file, Int(recorded.seconds), Int(recorded.nanoseconds))
            try #require(FileFingerprint(path: file.path) == recorded)
        }
        let recorded = try #require(manifest.fingerprints["b.csv"])
        let latest = max(recorded.seconds, try #require(manifest.fingerprints["a.csv"]).seconds)
        try setModified(folder.appendingPathComponent(OutputManifest.name), Int(latest) + 1, 0)
        try output(folder, ["a.csv": "new"])
        #expect(try String(contentsOf: folder.appendingPathComponent("a.csv"), encoding: .utf8) == "new", "trusted: the file was not read")
        try setModified(folder.appendingPathComponent(OutputManifest.name), Int(recorded.seconds), Int(recorded.nanoseconds))
        let error = try #require(throws: DataError.self) { try output(folder, ["b.csv": "new"]) }
        #expect(error.problem?.key == "outputs.edited", "racily clean: hashed, and the edit found")
    }

    @Test func aManifestWithoutFingerprintsStillWorks() throws {
        // As written by the previous version: digests only ("abc" and "ours", by sha256sum).
        let folder = scratch.file("out")
        try put("abc", folder.appendingPathComponent("a.csv"))
        try put("ours", folder.appendingPathComponent("b.csv"))
        try put("""
            {
              "about" : "Files BorderPlan wrote in this folder, with their SHA-256. BorderPlan replaces a file here only when it is listed and unchanged.",
              "files" : {
                "a.csv" : "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "b.csv" : "ae0bec9e9d33c56354bd612c8a6010840324fc5b9786ce0a18b696b304b09397"
              }
            }
            """, folder.appendingPathComponent(OutputManifest.name))
        try #require(try OutputManifest.read(in: folder).fingerprints.isEmpty)
        try put("edited", folder.appendingPathComponent("b.csv"))
        #expect(try #require(throws: DataError.self) { try output(folder, ["a.csv": "x", "b.csv": "y"]) }.problem?.key == "outputs.edited")
        try output(folder, ["a.csv": "new"])
        let manifest = try OutputManifest.read(in: folder)
        #expect(manifest.fingerprints["a.csv"] == FileFingerprint(path: folder.appendingPathComponent("a.csv").path))
        #expect(manifest.files["b.csv"] == "ae0bec9e9d33c56354bd612c8a6010840324fc5b9786ce0a18b696b304b09397" && manifest.fingerprints["b.csv"] == nil,
                "the entry of a file not rewritten is kept as it was")
    }

    @Test func aMalformedFingerprintMakesTheManifestUnreadable() throws {
        let folder = scratch.file("out")
        try output(folder, ["a.csv": "abc"])
        let url = folder.appendingPathComponent(OutputManifest.name)
        let text = try String(contentsOf: url, encoding: .utf8)
        try put(text.replacingOccurrences(of: #""size" : 3"#, with: #""size" : "3""#), url)
        #expect(try #require(throws: DataError.self) { try output(folder, ["a.csv": "x"]) }.problem?.key == "outputs.manifest.unreadable")
    }

    // MARK: Staging folders left by a killed process

    /// A staging folder as `OutputFolder` creates it, with a marker naming `pid` (nil: no marker).
    func stagingFolder(_ folder: URL, _ name: String, pid: Int32?) throws -> URL {
        let url = folder.appendingPathComponent(StagingFolder.prefix + name)
        try put("half-written", url.appendingPathComponent("exports/x.geojson"))
        if let pid { try put("BorderPlan staging folder\npid \(pid)\n", url.appendingPathComponent(StagingFolder.marker)) }
        return url
    }

    @Test func aStagingFolderOfAGoneProcessIsRemovedByTheNextWrite() throws {
        let folder = scratch.file("out")
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = try stagingFolder(folder, "\(ended.processIdentifier)-dead", pid: ended.processIdentifier)
        let live = try stagingFolder(folder, "live", pid: getpid())
        let unmarked = try stagingFolder(folder, "unmarked", pid: nil)
        let old = try stagingFolder(folder, "old", pid: getpid())
        try setModified(old.appendingPathComponent(StagingFolder.marker), Int(Date().timeIntervalSince1970) - 2 * 86_400, 0)
        try put("user's file", folder.appendingPathComponent(StagingFolder.prefix + "notes"))
        #expect(StagingFolder.staleness(dead) == .orphaned(ended.processIdentifier))
        try output(folder, ["a.csv": "a"])
        #expect(pathState(dead.path) == .absent && pathState(old.path) == .absent)
        #expect(pathState(live.appendingPathComponent("exports/x.geojson").path) == .file, "its process still runs")
        #expect(pathState(unmarked.appendingPathComponent("exports/x.geojson").path) == .file, "no marker: not provably ours")
        #expect(try String(contentsOf: folder.appendingPathComponent(StagingFolder.prefix + "notes"), encoding: .utf8) == "user's file")
        #expect(try OutputManifest.read(in: folder).files.keys.sorted() == ["a.csv"], "the marker is never an output")
    }

    @Test func aProcessRunsUntilItExitsEvenUnreaped() throws {
        #expect(StagingFolder.isRunning(getpid()))
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        #expect(StagingFolder.isRunning(sleeper.processIdentifier))
        kill(sleeper.processIdentifier, SIGKILL)  // SIGTERM may be ignored (inherited from the test process)
        sleeper.waitUntilExit()
        #expect(!StagingFolder.isRunning(sleeper.processIdentifier))
        // A child killed and not yet reaped (a zombie) is not running: spawned without Foundation, reaped by hand after.
        var child: pid_t = 0
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { free(arguments[0]) }
        try #require(posix_spawn(&child, "/bin/true", nil, nil, arguments, nil) == 0)
        usleep(300_000)
        #expect(!StagingFolder.isRunning(child))
        var status: Int32 = 0
        waitpid(child, &status, 0)
    }
}
