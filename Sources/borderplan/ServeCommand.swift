import ArgumentParser
import BorderPlanKit
import BorderPlanServer
import Foundation
import Hummingbird

/// `borderplan serve`: the export layers as OGC API – Features (QGIS, GDAL, a browser).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the layers as OGC API – Features (JSON, GeoJSON, HTML) for QGIS, GDAL and browsers.",
        discussion: "Loopback only unless --host says otherwise (e.g. --host 0.0.0.0 to listen on every interface). "
            + "The data are loaded and the layers computed once at start-up. Stops cleanly on SIGTERM or SIGINT (Ctrl-C).")

    @Option(help: "Address to listen on (default loopback).") var host: String = "127.0.0.1"
    @Option(help: "TCP port (0: any free port).") var port: Int = 8080
    @Option(help: "Catchment and coverage radius in km.", transform: positiveRadius) var radius: Double = 100
    @OptionGroup var serviceOptions: ServiceOptions
    @OptionGroup var roadOptions: RoadOptions
    @Option(parsing: .unconditional, help: "With --roads: the isochrones' and travel-time coverage's limits in minutes (ascending: 60,120,240).", transform: minuteList)
    var minutes: [Double]?
    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw usage("usage.port", ["value": .text("\(port)")]) }
        if minutes != nil && roadOptions.roads == nil { throw usage("usage.minutes.roads") }
    }

    func run() async throws {
        let start = ContinuousClock.now
        let catalog = try FeatureCatalog.load(dataDirectory: dataOptions.data.map { URL(fileURLWithPath: $0) }, radiusKm: radius, service: serviceOptions.resolved,
                                              minutes: minutes ?? RoadOptions.defaultMinutes, roads: roadOptions.setup)
        let count = catalog.collections.reduce(0) { $0 + $1.features.count }
        note("borderplan serve: \(catalog.collections.count) collections, \(count) features at \(formatNumber(radius, decimals: 1)) km, loaded in \(start.duration(to: .now))")
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let scenarios = ScenarioService(dataDirectory: dataOptions.directory, defaultRadiusKm: radius)
        let kb = try KnowledgeStore.readLocation(db: dataOptions.db).map { url in
            note("borderplan serve: knowledge-base API on /kb/ over the store \(url.path)")
            return try KBService(store: try KnowledgeStore(url: url), geodata: dataOptions.geodata(), asOf: .today())
        }
        let app = BorderPlanServer.application(catalog: catalog, host: host, port: port, scenarios: scenarios, kb: kb) { bound in
            note("borderplan serve: listening on http://\(shownHost):\(bound)/ (Ctrl-C to stop)")
        }
        try await app.runService()
    }
}
