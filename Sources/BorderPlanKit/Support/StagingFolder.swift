import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The hidden staging folder of an output (`.borderplan-staging-PID-XXXXXXXX` inside the output
/// folder). It holds a marker file naming the process that created it, so that a folder left by a
/// process killed outright (SIGKILL, a power cut: no clean-up could run) is recognised and removed
/// by the next write to that output folder — and nothing else ever is.
enum StagingFolder {
    static let prefix = ".borderplan-staging-"
    /// The marker file inside a staging folder (never moved into the output).
    static let marker = ".borderplan-owner"
    /// A staging folder older than this is stale even when its process id is in use (ids are reused).
    static let maximumAge: TimeInterval = 24 * 3600

    /// A new staging folder's location in `folder`.
    static func location(in folder: URL) -> URL {
        folder.appendingPathComponent("\(prefix)\(getpid())-\(UUID().uuidString.prefix(8))")
    }

    /// Writes the marker into the (new, empty) staging folder `url`.
    static func mark(_ url: URL) throws {
        let text = "BorderPlan staging folder: removed when the command ends, or by the next output into this folder once process \(getpid()) is gone.\npid \(getpid())\n"
        try writeNewFile(Data(text.utf8), at: url.appendingPathComponent(marker))
    }

    /// Removes the staging folders in `folder` that BorderPlan created (with a marker) and whose
    /// process is gone, or that are older than a day; says so on standard error.
    static func removeStale(in folder: URL) {
        guard pathState(folder.path) == .directory, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }  // unreadable: nothing to clean
        for name in names.sorted() where name.hasPrefix(prefix) {
            let url = folder.appendingPathComponent(name)
            guard let staleness = staleness(url) else { continue }
            let reason = Notices.text(staleness.key, staleness.arguments)
            do {
                try FileManager.default.removeItem(at: url)
                announce("notices.staging.removed", ["path": url.path, "reason": reason])
            } catch {
                announce("notices.staging.cannot-remove", ["path": url.path, "reason": reason, "detail": error.localizedDescription])
            }
        }
    }

    /// Why the staging folder at `url` is stale (nil when it is not ours, or its process still runs).
    static func staleness(_ url: URL) -> Staleness? {
        let markerPath = url.appendingPathComponent(marker).path
        var info = stat()
        guard pathState(url.path) == .directory, !isSymbolicLink(url.path), lstat(markerPath, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              let text = try? String(contentsOfFile: markerPath, encoding: .utf8),  // unreadable marker: not provably ours, left alone
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("pid ") }), let pid = pid_t(line.dropFirst(4)), pid > 0 else { return nil }
        let age = Date().timeIntervalSince1970 - TimeInterval(info.st_mtim.tv_sec)
        if age > maximumAge { return .old }
        guard pid != getpid(), !isRunning(pid) else { return nil }
        return .orphaned(pid)
    }

    /// Why a staging folder is removed.
    enum Staleness: Equatable {
        /// Older than `maximumAge`, whatever its process.
        case old
        /// Left by a process that no longer runs.
        case orphaned(pid_t)

        /// Its catalogue key and values.
        var key: String {
            switch self {
            case .old: "notices.staging.reason.old"
            case .orphaned: "notices.staging.reason.orphaned"
            }
        }

        var arguments: [String: String] {
            switch self {
            case .old: [:]
            case .orphaned(let pid): ["pid": String(pid)]
            }
        }
    }

    /// Whether process `pid` runs (a zombie — killed but not yet reaped by its parent — does not).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        // No /proc (not Linux): the answer of kill stands.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return true }
        // "pid (command) STATE …": the state follows the command's closing parenthesis.
        let state = stat[stat.index(after: close)...].first { $0 != " " }
        return state != "Z" && state != "X"
    }
}
