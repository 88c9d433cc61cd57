import Foundation

/// Least-recently-used replies keyed by the canonical request, bounded in entries and in bytes:
/// the same scenario or plan is computed once, and answered byte for byte the same afterwards.
final class ReplyCache: @unchecked Sendable {
    let maximumEntries: Int
    let maximumBytes: Int
    private let lock = NSLock()
    private var entries: [String: (reply: Reply, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    private var bytes = 0

    init(maximumEntries: Int, maximumBytes: Int) {
        self.maximumEntries = maximumEntries
        self.maximumBytes = maximumBytes
    }

    var count: Int { lock.withLock { entries.count } }

    func reply(for key: String) -> Reply? {
        lock.withLock {
            guard let entry = entries[key] else { return nil }
            clock += 1
            entries[key] = (entry.reply, clock)
            return entry.reply
        }
    }

    /// Keeps `reply`, evicting the least recently used entries past either bound
    /// (a reply larger than the byte bound alone is not kept).
    func store(_ reply: Reply, for key: String) {
        let size = reply.body.utf8.count
        guard size <= maximumBytes else { return }
        lock.withLock {
            clock += 1
            if let old = entries.updateValue((reply, clock), forKey: key) { bytes -= old.reply.body.utf8.count }
            bytes += size
            while entries.count > maximumEntries || bytes > maximumBytes,
                  let oldest = entries.min(by: { $0.value.used < $1.value.used }) {
                bytes -= oldest.value.reply.body.utf8.count
                entries.removeValue(forKey: oldest.key)
            }
        }
    }
}

/// The computations under way, by canonical request: the first request starts one, identical ones
/// join it, and it leaves the table when it ends (its reply is then in the cache, or its error was
/// given to every request that joined).
final class InFlight: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [String: Task<Reply, Error>] = [:]

    /// The computation of `key` under way, else the one `start` begins (under the lock, so only one starts).
    func task(for key: String, start: () -> Task<Reply, Error>) -> Task<Reply, Error> {
        lock.withLock {
            if let task = tasks[key] { return task }
            let task = start()
            tasks[key] = task
            return task
        }
    }

    func finished(_ key: String) {
        lock.withLock { tasks[key] = nil }
    }

    var count: Int { lock.withLock { tasks.count } }
}
