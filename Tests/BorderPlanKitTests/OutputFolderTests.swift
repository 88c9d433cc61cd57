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
}
