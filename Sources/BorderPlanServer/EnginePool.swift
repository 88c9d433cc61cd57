import BorderPlanKit
import Foundation
import NIOPosix

/// One loaded `AnalysisData` (geodata, knowledge base, indexes, the demand model's population).
/// It owns GEOS and PROJ contexts, so it is not thread-safe: the pool hands it to one request at
/// a time, which is what makes the unchecked `Sendable` sound.
final class Engine: @unchecked Sendable {
    let data: AnalysisData

    /// Loads the data folder as the CLI does (`loadAnalysis`), and builds the model's population now
    /// so that the first request does not pay for it.
    init(directory: URL, demandModel: DemandModel) throws {
        data = try AnalysisData(directory: directory, demandModel: demandModel)
        try data.requireCrossingsPlaced()
        _ = try data.population()
    }
}

/// Engines per demand model, at most `perModel` of each, built on first use and reused. A request
/// waits for a free engine when all are busy (memory stays bounded whatever the load).
actor EnginePool {
    let directory: URL
    let perModel: Int
    private var idle: [DemandModel: [Engine]] = [:]
    private var built: [DemandModel: Int] = [:]
    private var waiting: [DemandModel: [CheckedContinuation<Engine, Never>]] = [:]

    init(directory: URL, perModel: Int) {
        self.directory = directory
        self.perModel = perModel
    }

    /// A free engine of `model`: an idle one, a new one while fewer than `perModel` exist, else the next one given back.
    func take(_ model: DemandModel) async throws -> Engine {
        if let engine = idle[model]?.popLast() { return engine }
        if built[model, default: 0] < perModel {
            built[model, default: 0] += 1
            do {
                let directory = directory
                return try await NIOThreadPool.singleton.runIfActive { try Engine(directory: directory, demandModel: model) }
            } catch {
                built[model, default: 0] -= 1
                throw error
            }
        }
        return await withCheckedContinuation { waiting[model, default: []].append($0) }
    }

    func giveBack(_ engine: Engine) {
        let model = engine.data.demandModel
        if var queue = waiting[model], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[model] = queue
            next.resume(returning: engine)
        } else {
            idle[model, default: []].append(engine)
        }
    }

    /// Runs `work` with an engine of `model` on NIO's thread pool (GEOS work never blocks Swift's
    /// cooperative threads, so GET requests keep being answered), then gives the engine back.
    func run<T: Sendable>(_ model: DemandModel, _ work: @escaping @Sendable (AnalysisData) throws -> T) async throws -> T {
        let engine = try await take(model)
        do {
            let result = try await NIOThreadPool.singleton.runIfActive { try work(engine.data) }
            giveBack(engine)
            return result
        } catch {
            giveBack(engine)
            throw error
        }
    }
}

/// Answers within `seconds` or throws a 503 problem; the work itself runs on to its end (GEOS
/// cannot be interrupted) and gives its engine back then.
func withTimeout<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = ResumeOnce<T>()
    return try await withCheckedThrowingContinuation { continuation in
        once.set(continuation)
        let timer = Task {
            try await Task.sleep(for: .seconds(seconds))
            once.resume(with: .failure(Problem(.serviceUnavailable, ServerText("server.title.timeout"),
                                                       detail: ServerText("server.timeout", values: ["seconds": .number(formatNumber(seconds, decimals: 0))]))))
        }
        Task {
            do { once.resume(with: .success(try await work())) } catch { once.resume(with: .failure(error)) }
            timer.cancel()
        }
    }
}

/// Resumes a continuation once, whichever of the work and the timer comes first.
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Error>?

    func set(_ continuation: CheckedContinuation<T, Error>) { lock.withLock { self.continuation = continuation } }

    func resume(with result: Result<T, Error>) {
        let taken: CheckedContinuation<T, Error>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        taken?.resume(with: result)
    }
}
