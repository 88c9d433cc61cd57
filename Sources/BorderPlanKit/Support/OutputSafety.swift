import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Output safety. The rules, in one place:
// - an output path that is, contains or lies inside the data folder or an input file is refused
//   (`OutputGuard`);
// - a command's outputs (a folder of files, or one file) replace only files BorderPlan wrote there
//   and nobody changed since, by the manifest of the folder; they are staged and moved in all or
//   nothing, so an error, a full disk, SIGINT or SIGTERM leaves the folder as it was (`OutputFolder`);
// - every file is written under a temporary name and renamed (`writeFileAtomically`, `InterruptCleanup`),
//   and a folder or a special file is never replaced (`prepareFileOutput`).

/// Refuses output paths that would overwrite the data folder or an input file.
public struct OutputGuard: Sendable {
    /// Resolved paths of the data folder and the input files.
    var protected: [(path: String, what: String)]

    /// `inputs`: each input path with how messages name it ("the data folder", "--scenario").
    public init(inputs: [(url: URL, what: String)]) {
        protected = inputs.map { (resolvedPath($0.url), $0.what) }
    }

    /// Throws when `output` is, contains or lies inside a protected path.
    public func check(_ output: URL, option: String = "--out") throws {
        let path = resolvedPath(output)
        for (input, what) in protected {
            let inside = path == input || path.hasPrefix(input.hasSuffix("/") ? input : input + "/")
            let contains = input.hasPrefix(path.hasSuffix("/") ? path : path + "/")
            guard !inside && !contains else {
                let relation = path == input ? "dataerrors.output.relation.is" : inside ? "dataerrors.output.relation.inside" : "dataerrors.output.relation.contains"
                throw DataError(file: output.path, problem: "dataerrors.output.overlap",
                                ["option": .text(option), "relation": .phrase(relation, [:]), "what": .text(what), "input": .text(input)])
            }
        }
    }
}

/// The absolute path with symbolic links resolved as far as the path exists (so that
/// `out/../geodata` and a link to the data folder are recognised).
func resolvedPath(_ url: URL) -> String {
    var existing = url.standardizedFileURL
    var rest: [String] = []
    while existing.path != "/" {
        if let real = realpath(existing.path, nil) {
            defer { free(real) }
            return ([String(cString: real)] + rest.reversed()).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
        }
        rest.append(existing.lastPathComponent)
        existing.deleteLastPathComponent()
    }
    return "/" + rest.reversed().joined(separator: "/")
}

/// What lies at a path, without following a final symbolic link.
enum PathState: Equatable {
    case absent, file, directory, other
}

func pathState(_ path: String) -> PathState {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .absent }
    switch info.st_mode & S_IFMT {
    case S_IFREG, S_IFLNK: return .file
    case S_IFDIR: return .directory
    default: return .other
    }
}

/// Checks that `url` may receive a file the command writes: absent, or a regular file (which
/// is then replaced, and the replacement announced on standard error). A folder or a special
/// file at that path is refused, never deleted.
@discardableResult
public func prepareFileOutput(_ url: URL) throws -> Bool {
    guard try checkFileTarget(url) else { return false }
    announce("notices.replacing.file", ["path": url.path])
    return true
}

/// The check of `prepareFileOutput` without the announcement (to fail before any work);
/// true when a file is there.
public func checkFileTarget(_ url: URL) throws -> Bool {
    switch pathState(url.path) {
    case .absent: return false
    case .file: return true
    case .directory: throw DataError(file: url.path, problem: "dataerrors.output.folder")
    case .other: throw DataError(file: url.path, problem: "dataerrors.output.irregular")
    }
}

/// Prints one line on standard error (what a command does to existing files): the catalogue's
/// `key` in the notices' language (`Notices`), its values' control characters escaped.
func announce(_ key: String, _ arguments: [String: String]) {
    let line = Notices.text(key, arguments.mapValues { escapingControls($0) })
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// The folders `mkdir -p url` would create, outermost first; throws `problem` (naming the path)
/// when the nearest existing ancestor is not a folder.
func missingFolders(_ url: URL, notAFolder problem: String) throws -> [URL] {
    var missing: [URL] = []
    var folder = url.standardizedFileURL
    while pathState(folder.path) == .absent, folder.path != "/" {
        missing.append(folder)
        folder.deleteLastPathComponent()
    }
    guard pathState(folder.path) == .directory else { throw DataError(file: folder.path, problem: problem) }
    return missing.reversed()
}

/// `mkdir -p` with a plain message ("Read-only file system", "Permission denied") on failure.
public func createFolder(_ url: URL) throws {
    for part in try missingFolders(url, notAFolder: "dataerrors.output.not-folder") where mkdir(part.path, 0o755) != 0 && errno != EEXIST {
        throw DataError(file: part.path, problem: "dataerrors.output.mkdir", ["reason": .text(String(cString: strerror(errno)))])
    }
}

/// Writes `data` to `url`: a temporary file beside it (removed on error or interrupt), then
/// a rename over the target. An existing file is replaced (and announced); a folder is refused.
public func writeFileAtomically(_ data: Data, to url: URL) throws {
    try createFolder(url.deletingLastPathComponent())
    try prepareFileOutput(url)
    let temporary = temporarySibling(of: url, suffix: "tmp")
    let token = InterruptCleanup.shared.register { unlink(temporary.path) }
    defer { InterruptCleanup.shared.unregister(token) }
    do {
        try writeNewFile(data, at: temporary)
        try moveIntoPlace(temporary, url)
    } catch {
        unlink(temporary.path)
        throw error
    }
}

/// `.NAME.borderplan-PID-UUID.SUFFIX` in the folder of `url`.
func temporarySibling(of url: URL, suffix: String) -> URL {
    url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).borderplan-\(getpid())-\(UUID().uuidString.prefix(8)).\(suffix)")
}

/// Creates `url` (which must not exist) holding `data`; errors name the file and the reason.
func writeNewFile(_ data: Data, at url: URL) throws {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else { throw DataError(file: url.deletingLastPathComponent().path, problem: "dataerrors.output.write-folder", ["reason": .text(String(cString: strerror(errno)))]) }
    defer { close(descriptor) }
    try data.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw DataError(file: url.path, problem: "dataerrors.output.write", ["reason": .text(String(cString: strerror(errno)))]) }
            offset += written
        }
    }
}

/// Renames `source` over `target` (same folder: atomic). A file put in place in a staging folder
/// is complete: it is hashed in the background for the output's manifest (`FileDigests`).
func moveIntoPlace(_ source: URL, _ target: URL) throws {
    guard rename(source.path, target.path) == 0 else {
        throw DataError(file: target.path, problem: "dataerrors.output.rename", ["reason": .text(String(cString: strerror(errno)))])
    }
    FileDigests.shared.filePlaced(target)
}

/// Actions that undo a half-written output when the process is interrupted (SIGINT, SIGTERM):
/// temporary files and staging folders registered while they exist.
public final class InterruptCleanup: @unchecked Sendable {
    public static let shared = InterruptCleanup()
    private let lock = NSLock()
    private var actions: [Int: () -> Void] = [:]
    private var next = 0
    private var sources: [DispatchSourceSignal] = []

    /// Registers `action`; returns a token for `unregister`.
    public func register(_ action: @escaping () -> Void) -> Int {
        lock.lock(); defer { lock.unlock() }
        next += 1
        actions[next] = action
        return next
    }

    public func unregister(_ token: Int) {
        lock.lock(); defer { lock.unlock() }
        actions[token] = nil
    }

    /// Runs every registered action (newest first).
    public func runAll() {
        lock.lock()
        let pending = actions.sorted { $0.key > $1.key }.map(\.value)
        actions.removeAll()
        lock.unlock()
        for action in pending { action() }
    }

    /// Installs SIGINT and SIGTERM handlers that run the actions and exit with 128 + the signal.
    public func installSignalHandlers() {
        lock.lock(); defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [unowned self] in
                self.runAll()
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// A file written under a temporary name beside its target and put in place by `commit`
/// (for outputs made from it first, such as a PNG from an SVG); removed if never committed.
public final class StagedFile {
    public let target: URL
    public let temporary: URL
    private var token: Int?

    public init(_ target: URL, contents: Data) throws {
        self.target = target
        try createFolder(target.deletingLastPathComponent())
        try prepareFileOutput(target)
        let temporary = temporarySibling(of: target, suffix: "tmp")
        self.temporary = temporary
        token = InterruptCleanup.shared.register { unlink(temporary.path) }
        try writeNewFile(contents, at: temporary)
    }

    public func commit() throws {
        try moveIntoPlace(temporary, target)
        if let token { InterruptCleanup.shared.unregister(token) }
        token = nil
    }

    deinit {
        guard let token else { return }
        InterruptCleanup.shared.unregister(token)
        unlink(temporary.path)
    }
}
