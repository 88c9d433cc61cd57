import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `lstat` says of a file that changes whenever its bytes are rewritten, as in git's index:
/// size, modification time to the nanosecond, inode and device. When a file's fingerprint equals
/// the one recorded with its SHA-256, the recorded digest is trusted without reading the file.
struct FileFingerprint: Equatable, Sendable {
    var size: Int64
    /// Modification time: whole seconds and nanoseconds since 1970.
    var seconds: Int64
    var nanoseconds: Int64
    var inode: UInt64
    var device: UInt64

    /// The fingerprint of the regular file at `path` (nil when absent, a link or not a regular file).
    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        size = Int64(info.st_size)
        seconds = Int64(info.st_mtim.tv_sec)
        nanoseconds = Int64(info.st_mtim.tv_nsec)
        inode = UInt64(info.st_ino)
        device = UInt64(info.st_dev)
    }

    /// The modification time as "seconds.nanoseconds" (9 digits), exact.
    var mtime: String { "\(seconds)." + String(String(nanoseconds + 1_000_000_000).dropFirst()) }

    /// Whether this file was last modified strictly before `other` (git's "racily clean" rule:
    /// a file modified in the same clock tick as the manifest was written is hashed anyway).
    func modified(before other: FileFingerprint) -> Bool {
        (seconds, nanoseconds) < (other.seconds, other.nanoseconds)
    }

    /// As stored in the manifest.
    var json: [String: Any] {
        ["size": Int(size), "mtime": mtime, "inode": Int(bitPattern: UInt(inode)), "device": Int(bitPattern: UInt(device))]
    }

    /// From the manifest's JSON (nil when it is not one).
    init?(json: Any) {
        guard let object = json as? [String: Any], let size = object["size"] as? Int, let inode = object["inode"] as? Int, let device = object["device"] as? Int,
              let mtime = object["mtime"] as? String else { return nil }
        let parts = mtime.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 9, let seconds = Int64(parts[0]), let nanoseconds = Int64(parts[1]), nanoseconds >= 0 else { return nil }
        self.size = Int64(size)
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.inode = UInt64(UInt(bitPattern: inode))
        self.device = UInt64(UInt(bitPattern: device))
    }
}

/// A file's SHA-256 (64 lowercase hex digits) with the fingerprint it had when hashed.
struct FileRecord: Equatable, Sendable {
    var sha256: String
    var fingerprint: FileFingerprint
}

/// The SHA-256 of files, each computed once per process: a file hashed once (by the check before
/// a command's work, the check of `OutputFolder`, or in the background as soon as a writer put it
/// in place in a staging folder) is not read again while its fingerprint stays the same.
final class FileDigests: @unchecked Sendable {
    static let shared = FileDigests()
    private let lock = NSLock()
    private var records: [String: FileRecord] = [:]
    private var stagingFolders: Set<String> = []
    private let queue = DispatchQueue(label: "borderplan.file-digests", qos: .userInitiated)
    private let pending = DispatchGroup()

    /// The digest and fingerprint of the regular file `url` (read only when not hashed already at this fingerprint).
    func record(_ url: URL) throws -> FileRecord {
        let path = url.standardizedFileURL.path
        guard let before = FileFingerprint(path: path) else {
            throw DataError(file: path, problem: "outputs.unreadable", ["detail": .text("not a regular file")])
        }
        lock.lock(); let known = records[path]; lock.unlock()
        if let known, known.fingerprint == before { return known }
        let digest: String
        do { digest = SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)) } catch {
            throw DataError(file: path, problem: "outputs.unreadable", ["detail": .text(String(cString: strerror(errno)))])
        }
        let record = FileRecord(sha256: digest, fingerprint: before)
        // Remembered only when the file did not change while it was read.
        if FileFingerprint(path: path) == before { lock.lock(); records[path] = record; lock.unlock() }
        return record
    }

    /// Files put in place under `folder` (a staging folder) are hashed in the background from now on.
    func watch(_ folder: URL) {
        lock.lock(); defer { lock.unlock() }
        stagingFolders.insert(folder.standardizedFileURL.path + "/")
    }

    /// Stops watching `folder` and forgets the digests of files under it (waiting for those in progress).
    func forget(_ folder: URL) {
        let prefix = folder.standardizedFileURL.path + "/"
        lock.lock(); stagingFolders.remove(prefix); lock.unlock()
        waitForBackground()
        lock.lock(); records = records.filter { !$0.key.hasPrefix(prefix) }; lock.unlock()
    }

    /// Starts hashing `url` on a background thread when it lies in a watched staging folder (a
    /// writer has just put it in place there): by the time the output is committed its digest is
    /// known, computed while the command did other work.
    func filePlaced(_ url: URL) {
        let path = url.standardizedFileURL.path
        lock.lock(); let watched = stagingFolders.contains { path.hasPrefix($0) }; lock.unlock()
        guard watched else { return }
        queue.async(group: pending) { [self] in
            // A failure here only means the commit hashes the file itself (and reports any error then).
            _ = try? record(URL(fileURLWithPath: path))
        }
    }

    /// Waits until every background hash has finished.
    func waitForBackground() {
        pending.wait()
    }
}
