import Foundation
import Geo

/// A crossing as the analyses see it: a real one (with the scenario's status) or a hypothetical site.
public struct Site: Sendable, Equatable {
    public var id: String
    public var name: String
    public var partner: Partner
    public var location: Coordinate
    public var status: CrossingStatus
    /// True for a site a scenario adds.
    public var hypothetical: Bool
    /// What it handles, and whether it opens permanently (`Service.serves` reads the three).
    public var traffic: Set<Traffic> = [.travellers, .goods]
    public var regime: Regime = .permanent
}

/// A what-if: status and traffic overrides and hypothetical crossings (`--scenario FILE`).
///
/// `{"name": "...", "status": {"debdeb": "open"}, "traffic": {"debdeb": ["travellers", "goods"]},
///   "add": [{"id": "new-1", "name": "...", "lat": .., "lon": .., "partner": "LY"}]}`
public struct Scenario: Sendable {
    public static let maxKmFromBorder = 10.0

    public var name: String
    public var statusOverrides: [String: CrossingStatus]
    public var trafficOverrides: [String: Set<Traffic>]
    public var additions: [Site]
    /// The file it came from (for messages and reports).
    public var file: String?
    /// Its road part (another network, closures, speed changes: `RoadScenario`), nil when none.
    public var roads: RoadScenario?

    public init(name: String, statusOverrides: [String: CrossingStatus] = [:], trafficOverrides: [String: Set<Traffic>] = [:],
                additions: [Site] = [], file: String? = nil) {
        self.name = name
        self.statusOverrides = statusOverrides
        self.trafficOverrides = trafficOverrides
        self.additions = additions
        self.file = file
    }

    private struct FileFormat: Decodable {
        struct Addition: Decodable {
            var id: String
            var name: String?
            var lat: Double
            var lon: Double
            var partner: Partner
        }
        var name: String?
        var status: [String: CrossingStatus]?
        var traffic: [String: [Traffic]]?
        var add: [Addition]?
    }

    /// Loads and validates a scenario file against the knowledge base and the borders.
    public static func load(_ url: URL, linker: KnowledgeLinker, proj: ProjContext) throws -> Scenario {
        let data = try readInput(url: url, kind: .scenario)
        return try parse(data, file: url.path, name: url.deletingPathExtension().lastPathComponent, linker: linker, proj: proj)
    }

    /// Parses and validates scenario JSON already in memory (`file` names it in messages).
    public static func parse(_ data: Data, file: String, name defaultName: String = "scenario", linker: KnowledgeLinker, proj: ProjContext) throws -> Scenario {
        guard !data.isEmpty else { throw DataError(file: file, problem: "dataerrors.scenario.empty") }
        let format = try decodeJSON(FileFormat.self, from: data, file: file, itemName: "entry")
        let knowledge = linker.knowledge
        let ids = knowledge.crossings.map(\.id)
        for id in (format.status ?? [:]).keys.sorted() {
            try checkIdentifier(id, file: file, feature: "status entry '\(excerpt(id))'", field: "status")
            guard ids.contains(id) || (format.add ?? []).contains(where: { $0.id == id }) else {
                let closest = closestMatches(to: id, among: ids)
                throw DataError(file: file, feature: "status entry '\(id)'", field: "status",
                                problem: "dataerrors.id.unknown-crossing", ["id": .text(id), "closest": .text(closest.joined(separator: ", "))], closest: closest)
            }
        }
        for (id, traffic) in (format.traffic ?? [:]).sorted(by: { $0.key < $1.key }) {
            try checkIdentifier(id, file: file, feature: "traffic entry '\(excerpt(id))'", field: "traffic")
            guard ids.contains(id) || (format.add ?? []).contains(where: { $0.id == id }) else {
                throw DataError(file: file, feature: "traffic entry '\(id)'", field: "traffic",
                                problem: "dataerrors.id.unknown-crossing", ["id": .text(id), "closest": .text(closestMatches(to: id, among: ids).joined(separator: ", "))])
            }
            guard !traffic.isEmpty else {
                throw DataError(file: file, feature: "traffic entry '\(id)'", field: "traffic", problem: "dataerrors.scenario.traffic-empty")
            }
        }
        let distances = GeodesicDistance(proj: proj)
        let borders = try linker.geodata.landBorders()
        var additions: [Site] = []
        for (index, entry) in (format.add ?? []).enumerated() {
            let label = "add[\(index)] (id '\(excerpt(entry.id))')"
            try checkIdentifier(entry.id, file: file, feature: label, field: "id")
            guard !entry.id.isEmpty, !ids.contains(entry.id), !additions.contains(where: { $0.id == entry.id }) else {
                throw DataError(file: file, feature: label, field: "id", problem: entry.id.isEmpty ? "dataerrors.id.empty-short" : "dataerrors.id.used", ["id": .text(entry.id)])
            }
            guard entry.lat.isFinite, abs(entry.lat) <= 90 else { throw DataError(file: file, feature: label, field: "lat", problem: "dataerrors.coordinates.latitude", ["value": .number("\(entry.lat)")]) }
            guard entry.lon.isFinite, abs(entry.lon) <= 180 else { throw DataError(file: file, feature: label, field: "lon", problem: "dataerrors.coordinates.longitude", ["value": .number("\(entry.lon)")]) }
            let location = Coordinate(lon: entry.lon, lat: entry.lat)
            let nearest = try borders.map { try distances.distance(from: location, to: $0.geometry) / 1_000 }.min() ?? .infinity
            guard nearest <= maxKmFromBorder else {
                throw DataError(file: file, feature: label, field: "lat/lon",
                                problem: "dataerrors.scenario.far", ["distance": .number(formatFixed(nearest, decimals: 1)), "limit": .number(formatNumber(maxKmFromBorder, decimals: 0))])
            }
            try checkPlacement(location, partner: entry.partner, borders: borders, distances: distances, file: file, label: label,
                               others: knowledge.crossings.map { ($0.id, $0.location) } + additions.map { ($0.id, $0.location) })
            let status = format.status?[entry.id] ?? .open
            additions.append(Site(id: entry.id, name: entry.name ?? entry.id, partner: entry.partner, location: location, status: status, hypothetical: true,
                                  traffic: format.traffic?[entry.id].map { Set($0) } ?? [.travellers, .goods]))
        }
        var scenario = Scenario(name: format.name ?? defaultName,
                                statusOverrides: (format.status ?? [:]).filter { ids.contains($0.key) },
                                trafficOverrides: (format.traffic ?? [:]).filter { ids.contains($0.key) }.mapValues { Set($0) }, additions: additions, file: file)
        scenario.roads = try RoadScenario.parse(data, file: file, context: linker.geodata.context)
        return scenario
    }

    /// Sites closer than this to another crossing are the same place entered twice.
    public static let minKmBetweenSites = 0.1

    /// A new site lies on its partner's border (within `maxKmFromBorder`) and is not on top of
    /// another crossing (within `minKmBetweenSites`).
    static func checkPlacement(_ location: Coordinate, partner: Partner, borders: [Border], distances: GeodesicDistance, file: String,
                               label: String, others: [(id: String, location: Coordinate)]) throws {
        let own = try borders.filter { $0.country == partner }.map { try distances.distance(from: location, to: $0.geometry) / 1_000 }.min() ?? .infinity
        guard own <= maxKmFromBorder else {
            throw DataError(file: file, feature: label, field: "partner",
                            problem: "dataerrors.scenario.far-partner", ["distance": .number(formatFixed(own, decimals: 1)), "partner": .text("\(partner)"), "limit": .number(formatNumber(maxKmFromBorder, decimals: 0))])
        }
        for other in others {
            let km = Geodesic.wgs84.distance(location, other.location) / 1_000
            guard km >= minKmBetweenSites else {
                throw DataError(file: file, feature: label, field: "lat/lon",
                                problem: "dataerrors.scenario.same-place", ["distance": .number(formatFixed(km * 1_000, decimals: 0)), "id": .text(other.id),
                                                                          "limit": .number(formatNumber(minKmBetweenSites * 1_000, decimals: 0))])
            }
        }
    }

    /// The sites of the knowledge base with this scenario applied (`nil`: the baseline).
    public static func sites(_ knowledge: KnowledgeBase, scenario: Scenario?, language: Language = .en) -> [Site] {
        knowledge.crossings.map { crossing in
            Site(id: crossing.id, name: crossing.name(language), partner: crossing.partner, location: crossing.location,
                 status: scenario?.statusOverrides[crossing.id] ?? crossing.status, hypothetical: false,
                 traffic: scenario?.trafficOverrides[crossing.id] ?? crossing.traffic, regime: crossing.regime)
        } + (scenario?.additions ?? [])
    }
}
