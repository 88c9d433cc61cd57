import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The one rule for every file a command writes where the user says (`--out`, `--geojson`,
// `--write-instance`): a folder of outputs, or a single file (the folder that holds it).
// - BorderPlan keeps a manifest in that folder (`.borderplan-manifest.json`): each file it
//   wrote, with its SHA-256 and stat fingerprint. It replaces a file only when the manifest lists
//   it and its bytes are unchanged since (the fingerprint unchanged, or else the digest); any other
//   file of the same name (a user's, or one edited since) makes the command refuse, naming the
//   file. Files of other names are never touched.
// - The whole new output is produced in a staging folder inside the output folder first, then
//   moved in file by file; when anything fails (or SIGINT/SIGTERM arrives), every step is
//   undone: the folder is left exactly as before. A staging folder left by a killed process is
//   removed by the next output into the folder (`StagingFolder`).

/// The manifest of an output folder: the files BorderPlan wrote there (relative path → SHA-256),
/// with the stat fingerprint each had when written (absent in manifests of earlier versions).
struct OutputManifest: Equatable {
    static let name = ".borderplan-manifest.json"
    var files: [String: String] = [:]
    var fingerprints: [String: FileFingerprint] = [:]
    /// The manifest file's own fingerprint when read (its modification time bounds the trusted fingerprints).
    var written: FileFingerprint?

    /// The manifest of `folder` (empty when it has none); a file of that name that is not one is an error.
    static func read(in folder: URL) throws -> OutputManifest {
        let url = folder.appendingPathComponent(name)
        switch pathState(url.path) {
        case .absent: return OutputManifest()
        case .file where !isSymbolicLink(url.path): break
        case .file, .directory, .other: throw DataError(file: url.path, problem: "outputs.manifest.unreadable", ["detail": .text("not a regular file")])
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataError(file: url.path, problem: "outputs.manifest.unreadable", ["detail": .text(String(cString: strerror(errno)))])
        }
        let object = try? JSONSerialization.jsonObject(with: data)  // not JSON: reported just below as not a manifest
        guard let root = object as? [String: Any], let files = root["files"] as? [String: String],
              files.values.allSatisfy({ $0.count == 64 && $0.allSatisfy(\.isHexDigit) }),
              let fingerprints = readFingerprints(root["stat"], files: files) else {
            throw DataError(file: url.path, problem: "outputs.manifest.unreadable", ["detail": .text("not a BorderPlan manifest")])
        }
        return OutputManifest(files: files, fingerprints: fingerprints, written: FileFingerprint(path: url.path))
    }

    /// The "stat" object (nil when malformed; empty when absent, as in manifests of earlier versions).
    private static func readFingerprints(_ value: Any?, files: [String: String]) -> [String: FileFingerprint]? {
        guard let value else { return [:] }
        guard let object = value as? [String: Any] else { return nil }
        var fingerprints: [String: FileFingerprint] = [:]
        for (name, entry) in object {
            guard files[name] != nil, let fingerprint = FileFingerprint(json: entry) else { return nil }
            fingerprints[name] = fingerprint
        }
        return fingerprints
    }

    /// The manifest as JSON (keys sorted). The digests ("files") are read by every version; the
    /// fingerprints ("stat") only let a later run skip reading files that did not change.
    var data: Data {
        let root: [String: Any] = [
            "about": "Files BorderPlan wrote in this folder, with their SHA-256 (and the size, modification time, inode and device each had when written). BorderPlan replaces a file here only when it is listed and unchanged.",
            "files": files,
            "stat": fingerprints.mapValues(\.json),
        ]
        // Strings and integers only: serialization cannot fail.
        let json = try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return (json ?? Data()) + Data("\n".utf8)
    }

    /// Whether the file `name` at `url` still holds the bytes recorded: its fingerprint equals the
    /// recorded one, taken before the manifest was written (git's rule: a file modified in the same
    /// clock tick as the manifest is hashed anyway), or else its SHA-256 equals the recorded one.
    func isUnchanged(_ name: String, at url: URL) throws -> Bool {
        guard let recorded = files[name] else { return false }
        if let fingerprint = fingerprints[name], let written, fingerprint.modified(before: written), FileFingerprint(path: url.path) == fingerprint {
            return true
        }
        return try FileDigests.shared.record(url).sha256 == recorded
    }

    /// Records the staged file `name` (its digest and fingerprint).
    mutating func add(_ name: String, _ record: FileRecord) {
        files[name] = record.sha256
        fingerprints[name] = record.fingerprint
    }

    /// Forgets `name`.
    mutating func remove(_ name: String) {
        files[name] = nil
        fingerprints[name] = nil
    }
}

/// Whether `path` is a symbolic link (never BorderPlan's: it writes regular files).
func isSymbolicLink(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
}

/// A set of output files written into `folder` all or nothing, never over a file BorderPlan did not write.
/// Write everything into `staging`, then `commit` (or `discard`); see `OutputFolder.write`.
public final class OutputFolder {
    /// The folder the user named (or the one holding the file the user named).
    public let folder: URL
    /// Where to write the new output (same relative paths as in `folder`).
    public let staging: URL
    /// Files of an earlier output that this one supersedes: removed when BorderPlan wrote them, they
    /// are unchanged and the new output does not hold them (a user's file of that name stays).
    let retire: [String]
    /// Test seam: called before each file is moved in (to inject a failure mid-way).
    var beforePlacing: ((String) throws -> Void)?
    private let journal: OutputJournal
    private var token: Int?

    /// Checks `folder` and the files `expected` there (to fail before any work), removes staging
    /// folders left there by killed processes, then creates the staging folder (with its marker).
    public init(_ folder: URL, expected: [String] = [], retire: [String] = []) throws {
        self.folder = folder.standardizedFileURL
        self.retire = retire
        try Self.check(self.folder, files: expected)
        StagingFolder.removeStale(in: self.folder)
        journal = OutputJournal()
        staging = StagingFolder.location(in: self.folder)
        let journal = journal, staging = staging
        token = InterruptCleanup.shared.register { journal.undo(); removeTree(staging); journal.removeCreatedFolders() }
        do {
            try journal.createFolders(self.folder)
            try journal.createFolders(staging)
            try StagingFolder.mark(staging)
            FileDigests.shared.watch(staging)
        } catch {
            discard()
            throw error
        }
    }

    deinit { discard() }

    /// Runs `body` with the staging folder, then commits; on any error nothing of the new output remains.
    /// Returns the files written (not the manifest).
    @discardableResult
    public static func write(_ folder: URL, expected: [String] = [], retire: [String] = [], _ body: (URL) throws -> Void) throws -> [URL] {
        let output = try OutputFolder(folder, expected: expected, retire: retire)
        do {
            try body(output.staging)
            return try output.commit()
        } catch {
            output.discard()
            throw output.located(error)
        }
    }

    /// `error` naming the file the user asked for, not its staged copy.
    func located(_ error: Error) -> Error {
        guard var error = error as? DataError, error.file == staging.path || error.file.hasPrefix(staging.path + "/") else { return error }
        error.file = folder.path + error.file.dropFirst(staging.path.count)
        return error
    }

    /// Throws unless `folder` may receive `files` (relative paths): the folder is absent or a folder,
    /// and each file is absent or one BorderPlan wrote there and nobody changed since.
    public static func check(_ folder: URL, files: [String]) throws {
        switch pathState(folder.path) {
        case .absent: return
        case .directory: break
        case .file, .other: throw DataError(file: folder.path, problem: "outputs.not-a-folder")
        }
        let manifest = try OutputManifest.read(in: folder)
        for name in files { try checkReplaceable(name, in: folder, manifest: manifest) }
    }

    /// Throws unless `name` in `folder` is absent, or a regular file the manifest lists with its current digest.
    static func checkReplaceable(_ name: String, in folder: URL, manifest: OutputManifest) throws {
        var parent = folder
        for part in name.split(separator: "/").dropLast() {
            parent.appendPathComponent(String(part))
            switch pathState(parent.path) {
            case .absent: return
            case .directory: continue
            case .file, .other: throw DataError(file: parent.path, problem: "outputs.not-a-folder")
            }
        }
        let url = folder.appendingPathComponent(name)
        switch pathState(url.path) {
        case .absent: return
        case .directory: throw DataError(file: url.path, problem: "outputs.is-a-folder")
        case .other: throw DataError(file: url.path, problem: "outputs.not-regular")
        case .file:
            guard !isSymbolicLink(url.path), manifest.files[name] != nil else {
                throw DataError(file: url.path, problem: "outputs.not-ours", ["manifest": .text(OutputManifest.name)])
            }
            guard try manifest.isUnchanged(name, at: url) else { throw DataError(file: url.path, problem: "outputs.edited") }
        }
    }

    /// Checks every staged file against the folder, then moves them in with the updated manifest;
    /// any failure undoes every move. Returns the files written.
    @discardableResult
    public func commit() throws -> [URL] {
        FileDigests.shared.waitForBackground()
        let names = try stagedFiles()
        guard !names.contains(OutputManifest.name) else { throw DataError(file: folder.appendingPathComponent(OutputManifest.name).path, problem: "outputs.not-ours", ["manifest": .text(OutputManifest.name)]) }
        let manifest = try OutputManifest.read(in: folder)
        for name in names { try Self.checkReplaceable(name, in: folder, manifest: manifest) }
        var updated = manifest
        for name in manifest.files.keys where pathState(folder.appendingPathComponent(name).path) != .file { updated.remove(name) }
        for name in names { updated.add(name, try FileDigests.shared.record(staging.appendingPathComponent(name))) }
        let retired = try retiredFiles(names: names, manifest: manifest)
        for name in retired { updated.remove(name) }
        try writeNewFile(updated.data, at: staging.appendingPathComponent(OutputManifest.name))
        let replaced = names.filter { pathState(folder.appendingPathComponent($0).path) == .file }
        do {
            for name in retired { try journal.moveAside(folder.appendingPathComponent(name), backups: staging) }
            for name in names {
                try beforePlacing?(name)
                try place(name)
            }
            try place(OutputManifest.name)
        } catch {
            journal.undo()
            throw error
        }
        finish()
        if replaced.count > 3 {
            announce("notices.replacing.files", ["count": String(replaced.count), "folder": folder.path])
        } else {
            for name in replaced { announce("notices.replacing.file", ["path": folder.appendingPathComponent(name).path]) }
        }
        return names.map { folder.appendingPathComponent($0) }
    }

    /// Moves the staged `name` into the folder (the file it replaces aside first, for the undo).
    private func place(_ name: String) throws {
        let target = folder.appendingPathComponent(name)
        try journal.createFolders(target.deletingLastPathComponent())
        if pathState(target.path) != .absent { try journal.moveAside(target, backups: staging) }
        try journal.move(staging.appendingPathComponent(name), to: target)
    }

    /// The files of `retire` to remove: BorderPlan's, unchanged, and not in the new output.
    private func retiredFiles(names: [String], manifest: OutputManifest) throws -> [String] {
        try retire.filter { name in
            let url = folder.appendingPathComponent(name)
            guard !names.contains(name), pathState(url.path) == .file, !isSymbolicLink(url.path) else { return false }
            return try manifest.isUnchanged(name, at: url)
        }
    }

    /// Relative paths of the regular files under the staging folder, sorted.
    private func stagedFiles() throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: staging.path) else {
            throw DataError(file: staging.path, problem: "outputs.unreadable", ["detail": .text("cannot list the staging folder")])
        }
        var names: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative != StagingFolder.marker, pathState(staging.appendingPathComponent(relative).path) == .file { names.append(relative) }
        }
        return names.sorted()
    }

    /// Removes the staging folder (backups of replaced files included) once the output is in place.
    private func finish() {
        if let token { InterruptCleanup.shared.unregister(token) }
        token = nil
        FileDigests.shared.forget(staging)
        removeTree(staging)
    }

    /// Undoes everything (after an error): the staging folder and the folders created for it go.
    public func discard() {
        guard let token else { return }
        InterruptCleanup.shared.unregister(token)
        self.token = nil
        FileDigests.shared.forget(staging)
        journal.undo()
        removeTree(staging)
        journal.removeCreatedFolders()
    }
}

/// Writes one output file (`--out FILE`, `--geojson FILE`) by the rule of `OutputFolder`: the
/// folder holding it gets the manifest entry. Returns the file written.
@discardableResult
public func writeOutputFile(_ data: Data, to url: URL) throws -> URL {
    let name = url.lastPathComponent
    try OutputFolder.write(url.deletingLastPathComponent(), expected: [name]) { staging in
        try writeNewFile(data, at: staging.appendingPathComponent(name))
    }
    return url
}

/// Removes `url` and everything under it — only ever a staging folder of ours.
func removeTree(_ url: URL) {
    guard pathState(url.path) == .directory else { return }
    try? FileManager.default.removeItem(at: url)  // best effort: only our own staging folder, and an error is already being reported or the output is in place
}

/// The steps of putting an output in place, in order, so that they can be undone; each step runs
/// under the lock, so an interrupt's undo never races a move.
final class OutputJournal: @unchecked Sendable {
    private enum Step {
        case createdFolder(URL), movedAside(original: URL, backup: URL), placed(URL)
    }

    private let lock = NSLock()
    private var steps: [Step] = []
    private var created: [URL] = []
    private var cancelled = false
    private var backups = 0

    /// `mkdir -p`, remembering the folders created.
    func createFolders(_ url: URL) throws {
        for part in try missingFolders(url, notAFolder: "outputs.not-a-folder") {
            try perform(.createdFolder(part)) {
                guard mkdir(part.path, 0o755) == 0 else {
                    throw DataError(file: part.path, problem: "outputs.cannot-create-folder", ["reason": .text(String(cString: strerror(errno)))])
                }
            }
            lock.lock(); created.append(part); lock.unlock()
        }
    }

    /// Renames `original` into `backups` (to be restored by `undo`).
    func moveAside(_ original: URL, backups folder: URL) throws {
        lock.lock(); backups += 1; let number = backups; lock.unlock()
        let backup = folder.appendingPathComponent(".previous-\(number)")
        try perform(.movedAside(original: original, backup: backup)) { try renameOrThrow(original, backup) }
    }

    func move(_ source: URL, to target: URL) throws {
        try perform(.placed(target)) { try renameOrThrow(source, target) }
    }

    private func renameOrThrow(_ source: URL, _ target: URL) throws {
        guard rename(source.path, target.path) == 0 else {
            throw DataError(file: target.path, problem: "outputs.cannot-place", ["reason": .text(String(cString: strerror(errno)))])
        }
    }

    /// Records `step` then runs `action`, unless an undo already ran. (Recorded first: undoing a
    /// step that did not happen is harmless — the rename or removal simply fails.)
    private func perform(_ step: Step, _ action: () throws -> Void) throws {
        lock.lock(); defer { lock.unlock() }
        guard !cancelled else { throw CancellationError() }  // interrupted: the process is exiting
        steps.append(step)
        do { try action() } catch {
            steps.removeLast()
            throw error
        }
    }

    /// Undoes the moves, newest first: new files removed, replaced files put back.
    func undo() {
        lock.lock(); defer { lock.unlock() }
        cancelled = true
        for step in steps.reversed() {
            switch step {
            case let .placed(url): unlink(url.path)
            case let .movedAside(original, backup): rename(backup.path, original.path)
            case .createdFolder: break
            }
        }
        steps.removeAll()
    }

    /// Removes the folders created (newest first) when they are empty again.
    func removeCreatedFolders() {
        lock.lock(); defer { lock.unlock() }
        for folder in created.reversed() { rmdir(folder.path) }
        created.removeAll()
    }
}
