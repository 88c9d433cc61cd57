import Foundation
import Geo

/// A crossing as the analyses see it: a real one (with the scenario's status) or a hypothetical site.
public struct Site: Sendable, Equatable {
    public var id: String
    public var name: String
    public var partner: String
    public var location: Coordinate
    public var status: String
    /// True for a site a scenario adds.
    public var hypothetical: Bool
}

/// A what-if: status overrides and hypothetical crossings (`--scenario FILE`).
///
/// `{"name": "...", "status": {"debdeb": "open"}, "add": [{"id": "new-1", "name": "...", "lat": .., "lon": .., "partner": "LY"}]}`
public struct Scenario: Sendable {
    public static let maxKmFromBorder = 10.0

    public var name: String
    public var statusOverrides: [String: String]
    public var additions: [Site]
    /// The file it came from (for messages and reports).
    public var file: String?

    public init(name: String, statusOverrides: [String: String] = [:], additions: [Site] = [], file: String? = nil) {
        self.name = name
        self.statusOverrides = statusOverrides
        self.additions = additions
        self.file = file
    }

    private struct FileFormat: Decodable {
        struct Addition: Decodable {
            var id: String
            var name: String?
            var lat: Double
            var lon: Double
            var partner: String
        }
        var name: String?
        var status: [String: String]?
        var add: [Addition]?
    }

    /// Loads and validates a scenario file against the knowledge base and the borders.
    public static func load(_ url: URL, linker: KnowledgeLinker, proj: ProjContext) throws -> Scenario {
        let data = try readInput(url: url, kind: .scenario)
        return try parse(data, file: url.path, name: url.deletingPathExtension().lastPathComponent, linker: linker, proj: proj)
    }

    /// Parses and validates scenario JSON already in memory (`file` names it in messages).
    public static func parse(_ data: Data, file: String, name defaultName: String = "scenario", linker: KnowledgeLinker, proj: ProjContext) throws -> Scenario {
        guard !data.isEmpty else { throw DataError(file: file, "the scenario file is empty") }
        let format = try decodeJSON(FileFormat.self, from: data, file: file, itemName: "entry")
        let knowledge = linker.knowledge
        let ids = knowledge.crossings.map(\.id)
        for (id, status) in (format.status ?? [:]).sorted(by: { $0.key < $1.key }) {
            try checkIdentifier(id, file: file, feature: "status entry '\(excerpt(id))'", field: "status")
            guard ids.contains(id) || (format.add ?? []).contains(where: { $0.id == id }) else {
                throw DataError(file: file, feature: "status entry '\(id)'", field: "status",
                                "unknown crossing id '\(id)' (closest: \(closestMatches(to: id, among: ids).joined(separator: ", ")))")
            }
            guard Crossing.statuses.contains(status) else {
                throw DataError(file: file, feature: "status entry '\(id)'", field: "status.\(id)",
                                "unknown status '\(status)'; expected one of \(Crossing.statuses.joined(separator: ", "))")
            }
        }
        let distances = GeodesicDistance(proj: proj)
        let borders = try linker.geodata.landBorders()
        var additions: [Site] = []
        for (index, entry) in (format.add ?? []).enumerated() {
            let label = "add[\(index)] (id '\(excerpt(entry.id))')"
            try checkIdentifier(entry.id, file: file, feature: label, field: "id")
            guard !entry.id.isEmpty, !ids.contains(entry.id), !additions.contains(where: { $0.id == entry.id }) else {
                throw DataError(file: file, feature: label, field: "id", entry.id.isEmpty ? "empty id" : "id '\(entry.id)' is already used")
            }
            guard entry.lat.isFinite, abs(entry.lat) <= 90 else { throw DataError(file: file, feature: label, field: "lat", "latitude \(entry.lat) is out of range (−90…90)") }
            guard entry.lon.isFinite, abs(entry.lon) <= 180 else { throw DataError(file: file, feature: label, field: "lon", "longitude \(entry.lon) is out of range (−180…180)") }
            guard GeodataValidation.neighbourCodes.contains(entry.partner) else {
                throw DataError(file: file, feature: label, field: "partner", "'\(entry.partner)' is not one of \(GeodataValidation.neighbourCodes.joined(separator: " "))")
            }
            let location = Coordinate(lon: entry.lon, lat: entry.lat)
            let nearest = try borders.map { try distances.distance(from: location, to: $0.geometry) / 1_000 }.min() ?? .infinity
            guard nearest <= maxKmFromBorder else {
                throw DataError(file: file, feature: label, field: "lat/lon",
                                "the site is \(formatFixed(nearest, decimals: 1)) km from the nearest land border; a crossing must lie within \(formatNumber(maxKmFromBorder, decimals: 0)) km of one")
            }
            let status = format.status?[entry.id] ?? "open"
            additions.append(Site(id: entry.id, name: entry.name ?? entry.id, partner: entry.partner, location: location, status: status, hypothetical: true))
        }
        return Scenario(name: format.name ?? defaultName,
                        statusOverrides: (format.status ?? [:]).filter { ids.contains($0.key) }, additions: additions, file: file)
    }

    /// The sites of the knowledge base with this scenario applied (`nil`: the baseline).
    public static func sites(_ knowledge: KnowledgeBase, scenario: Scenario?, language: Language = .en) -> [Site] {
        knowledge.crossings.map { crossing in
            Site(id: crossing.id, name: crossing.name(language), partner: crossing.partner, location: crossing.location,
                 status: scenario?.statusOverrides[crossing.id] ?? crossing.status, hypothetical: false)
        } + (scenario?.additions ?? [])
    }
}

/// The crossing statuses that count as open (`--open-statuses`, default open,restricted).
public struct OpenStatuses: Sendable, Equatable {
    public static let `default` = OpenStatuses(statuses: ["open", "restricted"])
    public var statuses: Set<String>

    public init(statuses: Set<String>) {
        self.statuses = statuses
    }

    /// Parses "open,restricted"; throws on an unknown status.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for part in parts where !Crossing.statuses.contains(part) {
            throw UnknownIdentifier(kind: "status", id: part, closest: Crossing.statuses)
        }
        guard !parts.isEmpty else { throw UnknownIdentifier(kind: "status", id: text, closest: Crossing.statuses) }
        statuses = Set(parts)
    }

    public func contains(_ status: String) -> Bool { statuses.contains(status) }
    public var description: String { Crossing.statuses.filter(statuses.contains).joined(separator: ",") }
}
