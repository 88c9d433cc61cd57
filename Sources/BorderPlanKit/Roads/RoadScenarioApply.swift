import Foundation
import Geo

/// Applies a scenario's road part (`RoadScenario`) to a loaded network: what `plan --minutes`
/// and `compare --minutes` run under a scenario. Order: the scenario's network and speed table
/// (with the class changes: the graph is rebuilt from the file, not cached, so the input's cache
/// stays the baseline's), then the closures, then the speed changes by area.
public enum RoadScenarioApplier {
    public static func apply(_ scenario: Scenario, to setup: RoadSetup, data: AnalysisData, log: (String) -> Void) throws -> RoadSetup {
        guard let roads = scenario.roads else { return setup }
        let base = try network(roads, setup: setup, context: data.context, log: log)
        var graph = base.graph
        try closeWays(roads, graph: &graph, file: base.file, log: log)
        for area in roads.closeAreas {
            let cut = try edges(crossing: try area.geometry(data.context), graph: graph)
            for (edge, _) in cut { graph.edgeForwardKmh[edge] = 0; graph.edgeBackwardKmh[edge] = 0 }
            log("roads: scenario \(roads.file), \(area.label): \(cut.count) edge(s) cut")
        }
        for change in roads.speedChanges {
            guard case let .area(area) = change.target else { continue }
            let count = try slow(area, change.speed, graph: &graph, context: data.context)
            log("roads: scenario \(roads.file), \(change.label): the speed of \(count) edge(s) changed inside the area")
        }
        graph.buildArcs()
        return RoadSetup(network: RoadNetwork(graph: graph, speeds: base.speeds, file: base.file), delays: setup.delays)
    }

    /// The network the scenario starts from: its own roads file or speed table, with the class
    /// changes in the table; else the setup's.
    static func network(_ scenario: RoadScenario, setup: RoadSetup, context: GeometryContext, log: (String) -> Void) throws -> RoadNetwork {
        var table = try scenario.speeds.map(SpeedTable.load) ?? setup.network.speeds
        var changed = false
        for change in scenario.speedChanges {
            guard case let .roadClass(name) = change.target else { continue }
            guard let row = table.classes[name] else {
                let closest = closestMatches(to: name, among: table.classes.keys.sorted())
                throw DataError(file: scenario.file, feature: change.label, field: "class",
                                problem: "dataerrors.roadscenario.unknown-class",
                                ["name": .text(name), "closest": .text(closest.joined(separator: ", ")), "classes": .text(table.classes.keys.sorted().joined(separator: ", "))],
                                closest: closest)
            }
            table.classes[name] = (change.speed.applied(to: row.paved), row.unpaved.map(change.speed.applied))
            changed = true
        }
        let roads = scenario.roads ?? URL(fileURLWithPath: setup.network.file)
        guard changed || scenario.speeds != nil else {
            return scenario.roads == nil ? setup.network : try RoadNetwork.load(roads: roads, speeds: table, context: context, log: log)
        }
        var builder = RoadGraphBuilder(speeds: table)
        try RoadReader.read(roads, context: context) { builder.add($0) }
        for warning in builder.notes.warnings(file: roads.path) { log(warning) }
        let network = RoadNetwork(graph: builder.build(), speeds: table, file: roads.path)
        log("roads: scenario \(scenario.file): the graph rebuilt with the scenario's speeds (not cached)")
        log(network.summary())
        return network
    }

    /// Closes the edges of `close_ways`; a way the network lacks is an error naming the scenario file.
    static func closeWays(_ scenario: RoadScenario, graph: inout RoadGraph, file: String, log: (String) -> Void) throws {
        guard !scenario.closeWays.isEmpty else { return }
        let ways = Set(scenario.closeWays)
        let present = Set(graph.edgeWay)
        for way in scenario.closeWays where !present.contains(way) {
            throw DataError(file: scenario.file, feature: "close_ways", field: "close_ways", problem: "dataerrors.roadscenario.no-way", ["way": .text("\(way)"), "file": .text(file)])
        }
        var count = 0
        for edge in 0..<graph.edgeCount where ways.contains(graph.edgeWay[edge]) {
            graph.edgeForwardKmh[edge] = 0
            graph.edgeBackwardKmh[edge] = 0
            count += 1
        }
        log("roads: scenario \(scenario.file): \(ways.count) way(s) closed (\(count) edges)")
    }

    /// The edges whose polyline meets `area` (GEOS, prepared), with their lines; a bounding-box
    /// test first keeps GEOS off the edges far away.
    static func edges(crossing area: Geometry, graph: RoadGraph) throws -> [(edge: Int, line: Geometry)] {
        guard let box = area.envelope else { return [] }
        let prepared = try PreparedGeometry(area)
        var result: [(edge: Int, line: Geometry)] = []
        for edge in 0..<graph.edgeCount {
            let range = Int(graph.edgeVertexStart[edge])..<Int(graph.edgeVertexStart[edge + 1])
            let lons = range.map { graph.vertexLon[$0] }, lats = range.map { graph.vertexLat[$0] }
            guard let minLon = lons.min(), let maxLon = lons.max(), let minLat = lats.min(), let maxLat = lats.max(),
                  minLon <= box.maxX, maxLon >= box.minX, minLat <= box.maxY, maxLat >= box.minY else { continue }
            let line = try Geometry.lineString(graph.polyline(edge), in: area.context)
            if try prepared.intersects(line) { result.append((edge, line)) }
        }
        return result
    }

    /// Changes the speed of the part of each edge inside `area`: the edge's time becomes the time
    /// outside at its own speed plus the time inside at the new one (geodesic lengths), as one
    /// effective speed; closed directions stay closed. Returns the number of edges changed.
    static func slow(_ area: RoadScenario.Area, _ speed: RoadScenario.Speed, graph: inout RoadGraph, context: GeometryContext) throws -> Int {
        let geometry = try area.geometry(context)
        let touched = try edges(crossing: geometry, graph: graph)
        for (edge, line) in touched {
            let total = graph.edgeLength[edge]
            guard total > 0 else { continue }
            let inside = min(total, try Geodesic.wgs84.length(of: try geometry.intersection(line)))
            func effective(_ kmh: Double) -> Double {
                guard kmh > 0 else { return 0 }
                let seconds = (total - inside) / (kmh / 3.6) + inside / (speed.applied(to: kmh) / 3.6)
                return total / seconds * 3.6
            }
            graph.edgeForwardKmh[edge] = effective(graph.edgeForwardKmh[edge])
            graph.edgeBackwardKmh[edge] = effective(graph.edgeBackwardKmh[edge])
        }
        return touched.count
    }
}
