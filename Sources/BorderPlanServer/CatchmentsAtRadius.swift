import BorderPlanKit
import Foundation
import Hummingbird

/// `/collections/catchments/items?radius=R`: the catchment discs (clipped to Algeria) at another
/// radius than the one the server started with, computed on demand by the scenario engines — the
/// same `ExportLayerBuilder` as `borderplan export --radius R` — and kept for the next request.
final class CatchmentsAtRadius: @unchecked Sendable {
    /// How many radii are kept (the oldest computed is dropped first).
    static let kept = 8
    private let lock = NSLock()
    private var collections: [(radius: String, collection: ServedCollection)] = []

    /// The catchments collection at `radiusKm` (parsed by the caller with the CLI's rule).
    func collection(radiusKm: Double, service: ScenarioService) async throws -> ServedCollection {
        let key = formatNumber(radiusKm, decimals: 3)
        if let found = lock.withLock({ collections.first { $0.radius == key }?.collection }) { return found }
        let collection = try await withTimeout(seconds: service.timeout) {
            try await service.pool.run(.places) { data in  // catchments do not depend on demand: the lightest engine
                let sites = Scenario.sites(data.knowledge, scenario: nil)
                let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: radiusKm)
                let layer = try ExportLayerBuilder(data: data, coverage: coverage, sites: sites, service: .default, radiusKm: radiusKm).layers([.catchments])[0]
                return try FeatureCatalog.collection(layer.name, layer.description + " (radius \(key) km)", layer.columns, layer.features)
            }
        }
        lock.withLock {
            collections.removeAll { $0.radius == key }
            collections.append((key, collection))
            if collections.count > Self.kept { collections.removeFirst() }
        }
        return collection
    }
}

extension OGCResponder {
    /// The items of `/collections/catchments/items` when the request names a `radius`; nil for any other request.
    func catchmentsAtRadius(_ request: Request) async throws -> Reply? {
        guard request.method == .get || request.method == .head, try Self.segments(request.uri.path) == ["collections", "catchments", "items"] else { return nil }
        let parameters = try QueryParameters(request.uri.query)
        guard try parameters.value("radius") != nil else { return nil }
        guard let scenarios else { throw Problem(.serviceUnavailable, ServerText("server.title.notAvailable"), detail: ServerText("server.catchments.unavailable")) }
        let radiusKm = try scenarios.radius(parameters)
        let collection = try await catchmentCache.collection(radiusKm: radiusKm, service: scenarios)
        let encoding = try Encoding.negotiate(f: try parameters.value("f"), accept: request.headers[.accept])
        let links = LinkBuilder(host: request.head.authority, fallback: fallbackBase)
        return try resources.items(collection, parameters, links, encoding, now: Date())
    }
}
