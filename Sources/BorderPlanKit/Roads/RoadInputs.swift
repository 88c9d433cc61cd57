import Foundation
import Geo

/// The road inputs of a run: the network (`--roads`), the speed table (`--speeds`, default the
/// data folder's `speeds.csv`) and the crossings' entry delays (`--entry-delays`).
public struct RoadInputs: Sendable {
    public var roads: URL
    public var speeds: URL?
    public var entryDelays: URL?

    public init(roads: URL, speeds: URL? = nil, entryDelays: URL? = nil) {
        self.roads = roads
        self.speeds = speeds
        self.entryDelays = entryDelays
    }

    /// The speed table used: `--speeds`, else the data folder's `speeds.csv`.
    public func speedsURL(dataDirectory: URL) -> URL {
        speeds ?? dataDirectory.appendingPathComponent("speeds.csv")
    }
}

/// A loaded network with the entry delay of each crossing: what the travel-time analyses use.
public final class RoadSetup {
    public let network: RoadNetwork
    public let delays: EntryDelays

    public init(network: RoadNetwork, delays: EntryDelays) {
        self.network = network
        self.delays = delays
    }

    /// Loads the inputs; the speed table defaults to `dataDirectory/speeds.csv`.
    public static func load(_ inputs: RoadInputs, dataDirectory: URL, context: GeometryContext, log: (String) -> Void) throws -> RoadSetup {
        let speeds = try SpeedTable.load(inputs.speedsURL(dataDirectory: dataDirectory))
        let delays = try inputs.entryDelays.map(EntryDelays.load) ?? EntryDelays()
        let network = try RoadNetwork.load(roads: inputs.roads, speeds: speeds, context: context, log: log)
        return RoadSetup(network: network, delays: delays)
    }

    /// The same setup with `ways` closed; an id that names no way of the network is an error.
    public func closing(ways: Set<Int64>, log: (String) -> Void) throws -> RoadSetup {
        guard !ways.isEmpty else { return self }
        let present = Set(network.graph.edgeWay)
        for way in ways.sorted() where !present.contains(way) {
            throw DataError(file: network.file, field: "way", problem: "dataerrors.roads.no-way", ["way": .text("\(way)")])
        }
        let closed = network.closing(ways: ways)
        log("roads: \(ways.count) way(s) closed, \(network.graph.arcCount - closed.graph.arcCount) directed arcs removed")
        return RoadSetup(network: closed, delays: delays)
    }

    /// Travel origins for `sites`, each with its entry delay.
    public func origins(_ sites: [Site]) -> [TravelOrigin] {
        sites.map { TravelOrigin(id: $0.id, location: $0.location, delaySeconds: delays.minutes(for: $0.id) * 60) }
    }
}

/// Time spent at a crossing before the road (processing at the post), minutes: a CSV
/// `crossing,minutes`, where the row `*` gives every crossing not listed. Default 0.
public struct EntryDelays: Sendable, Equatable {
    public var byCrossing: [String: Double] = [:]
    public var defaultMinutes = 0.0

    public init(byCrossing: [String: Double] = [:], defaultMinutes: Double = 0) {
        self.byCrossing = byCrossing
        self.defaultMinutes = defaultMinutes
    }

    public func minutes(for id: String) -> Double { byCrossing[id] ?? defaultMinutes }

    /// Reads the file: header `crossing,minutes`; minutes a finite number ≥ 0; each crossing once.
    public static func load(_ url: URL) throws -> EntryDelays {
        let data = try readInput(url: url, kind: .speeds)
        var result = EntryDelays()
        var header = false
        try CSVReader.read(data, file: url.path) { record in
            let fields = (0..<record.count).map { record.text($0).trimmingCharacters(in: .whitespaces) }
            let line = "line \(record.line)"
            guard header else {
                guard fields.count == 2, fields[0] == "crossing", fields[1] == "minutes" else {
                    throw DataError(file: url.path, feature: line, problem: "dataerrors.delays.header")
                }
                header = true
                return
            }
            guard fields.count == 2 else { throw DataError(file: url.path, feature: line, problem: "dataerrors.delays.fields", ["count": .number("\(fields.count)")]) }
            guard let minutes = Double(fields[1]), minutes.isFinite, minutes >= 0 else {
                throw DataError(file: url.path, feature: line, field: "minutes", problem: "dataerrors.delays.minutes", ["value": .text(fields[1])])
            }
            guard result.byCrossing[fields[0]] == nil else { throw DataError(file: url.path, feature: line, field: "crossing", problem: "dataerrors.value.twice", ["value": .text(fields[0])]) }
            if fields[0] == "*" { result.defaultMinutes = minutes } else { result.byCrossing[fields[0]] = minutes }
        }
        guard header else { throw DataError(file: url.path, problem: "dataerrors.delays.no-header") }
        return result
    }
}

extension EntryDelays {
    /// Every crossing named must exist: an unknown id is an error naming the file and the closest ids.
    public func check(known: Set<String>, file: String) throws {
        for id in byCrossing.keys.sorted() where !known.contains(id) {
            let closest = closestMatches(to: id, among: known.sorted())
            throw DataError(file: file, field: "crossing", problem: "dataerrors.id.unknown-crossing-short", ["id": .text(id), "closest": .text(closest.joined(separator: ", "))], closest: closest)
        }
    }
}
