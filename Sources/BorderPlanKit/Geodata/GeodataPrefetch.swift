import Foundation
import Geo

/// The layers of the geodata folder that can be read ahead (`Geodata.prefetch`).
public enum GeodataLayer: CaseIterable, Sendable {
    case wilayas, borders, borderSegments, places, communes, outline, neighbours, partnerPlaces

    /// Its file in the geodata folder.
    public var file: String {
        switch self {
        case .wilayas: return GeodataFile.wilayas
        case .borders: return GeodataFile.borders
        case .borderSegments: return GeodataFile.borderSegments
        case .places: return GeodataFile.places
        case .communes: return GeodataFile.communes
        case .outline: return GeodataFile.outline
        case .neighbours: return GeodataFile.neighbours
        case .partnerPlaces: return GeodataFile.partnerPlaces
        }
    }
}

/// Geodata layers read on worker threads while the caller works. Each layer is one job: its
/// parse and the checks that need its geometries (polygon validity, geodesic area) run in the
/// worker's own GEOS context, and the geometries come back as WKB (exact doubles) to be rebuilt
/// in the caller's context. Errors come back too, thrown by `take` exactly as the same read on
/// the caller's thread would throw them. A job no worker has started when the caller asks for
/// it is left to the caller, which reads the layer itself: no one waits for a queue.
final class GeodataPrefetch: @unchecked Sendable {
    /// One feature as a worker read it, with what its inspection found.
    struct Parsed<Properties: Sendable, Inspection: Sendable>: Sendable {
        var number: Int
        var id: String?
        var properties: Properties
        var wkb: [UInt8]?
        var inspection: Inspection
    }

    /// Reads one layer in a context of its own.
    typealias Job = @Sendable () throws -> any Sendable

    private enum State {
        case pending(Job)
        case running
        case done(Result<any Sendable, any Error>)
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [String] = []
    private var states: [String: State] = [:]
    /// Files handed to the caller (or left to it): never queued again.
    private var taken: Set<String> = []
    private var workers = 0

    /// Workers beside the caller's thread: one core is the caller's.
    static var workerLimit: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    /// Queues `file` unless it is queued or was taken already; starts a worker when one is free.
    func add(_ file: String, _ job: @escaping Job) {
        condition.lock()
        defer { condition.unlock() }
        guard states[file] == nil, !taken.contains(file) else { return }
        states[file] = .pending(job)
        queue.append(file)
        guard workers < Self.workerLimit else { return }
        workers += 1
        let thread = Thread { [self] in work() }
        thread.stackSize = 8 << 20   // JSONDecoder and the GeoJSON reader recurse into nested arrays
        thread.start()
    }

    /// A worker: runs the pending jobs in queue order, then ends.
    private func work() {
        condition.lock()
        while let file = queue.first {
            queue.removeFirst()
            guard case let .pending(job)? = states[file] else { continue }
            states[file] = .running
            condition.unlock()
            let result = Result { try job() }
            condition.lock()
            states[file] = .done(result)
            condition.broadcast()
        }
        workers -= 1
        condition.unlock()
    }

    /// The features of `file` read by a worker, rebuilt in `context`; nil when no worker has
    /// started it (the job is dropped: the caller reads the file itself) or it was never queued.
    func take<P: Sendable, I: Sendable>(_ file: String, in context: GeometryContext, as: P.Type, inspection: I.Type) throws
        -> [(feature: Feature<P>, inspection: I)]? {
        condition.lock()
        var state = states[file]
        while case .running? = state {
            condition.wait()
            state = states[file]
        }
        states[file] = nil
        queue.removeAll { $0 == file }
        taken.insert(file)
        condition.unlock()
        guard case let .done(result)? = state else { return nil }
        guard let parsed = try result.get() as? [Parsed<P, I>] else { preconditionFailure("\(file) was read ahead as another type") }
        return try parsed.map { item in
            let geometry = try item.wkb.map { try Geometry(wkb: $0, context: context) }
            return (Feature(number: item.number, id: item.id, properties: item.properties, geometry: geometry), item.inspection)
        }
    }
}
