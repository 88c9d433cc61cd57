import Foundation
import Geo

/// The travel-time model of `plan --roads FILE --minutes T` (and `compare --minutes`): the road
/// network with its speed table and entry delays, and the limit. "Covered" is "reached within T
/// minutes by road (and off-road at the table's off-road speed)"; the p-median counts each
/// point's travel time, at most T.
public struct TravelModel {
    public var roads: RoadSetup
    public var minutes: Double
    /// The speed table's file, named in the output.
    public var speedsFile: String
    /// The scenario file whose road part (closures, speed changes) the network carries, if any.
    public var scenarioFile: String?

    public init(roads: RoadSetup, minutes: Double, speedsFile: String) {
        self.roads = roads
        self.minutes = minutes
        self.speedsFile = speedsFile
    }

    public var limitSeconds: Double { minutes * 60 }
    public var roadsFile: String { roads.network.file }
    public var offroadKmh: Double { roads.network.speeds.offroadKmh }

    /// The model as JSON: what every travel-time output names.
    public var json: JSONValue {
        .object(["roads": .string(roadsFile), "speeds": .string(speedsFile), "offroad_kmh": .number(offroadKmh, decimals: 3),
                 "minutes": .number(minutes, decimals: 3), "entry_delay_default_min": .number(roads.delays.defaultMinutes, decimals: 3),
                 "scenario_roads": .optional(scenarioFile)])
    }

    /// One line naming the model in the reader's language.
    public func summary(_ l: Localizer) -> String {
        l.text("roadplan.model", ["roads": roadsFile, "speeds": speedsFile, "offroad": l.measure(offroadKmh, upTo: 1),
                                  "minutes": l.measure(minutes, upTo: 1)])
            + (scenarioFile.map { l.clauses + l.text("roadplan.scenario", ["file": $0]) } ?? "")
    }

    /// "≤ 120 min by road": where a radius would be.
    public func within(_ l: Localizer) -> String {
        l.text("roadplan.within", ["minutes": l.measure(minutes, upTo: 1)])
    }

    /// The objectives and options a plan in minutes takes: point demand on the Algerian side.
    static func check(_ request: PlanRequest) throws {
        guard let travel = request.travel else { return }
        guard travel.minutes.isFinite, travel.minutes > 0, travel.minutes <= PlanLimits.maxMinutes else {
            throw PlanError(description: "--minutes \(travel.minutes): the travel-time limit must be above 0 and at most \(PlanLimits.show(PlanLimits.maxMinutes)) min")
        }
        switch request.objective {
        case .population, .border, .demand, .distance: break
        case .area, .corridor:
            throw PlanError(description: "--objective \(request.objective.rawValue) is not available in minutes: use population, border, demand or distance")
        }
        guard request.side == .dz else { throw PlanError(description: "--side \(request.side.rawValue) is not available in minutes: the road network is Algeria's") }
        if case .generated = request.source {
            throw PlanError(description: "--candidates generated is not available in minutes: give candidate ids")
        }
    }
}

extension PlanLimits {
    /// The largest travel-time limit: a week.
    public static let maxMinutes = 10_080.0
}

/// Travel times from sites to the demand units of a plan, one bounded Dijkstra run per site
/// (multi-source runs are never needed: a set reaches a point within T when one of its sites
/// does), computed once per run and kept by site id. A unit joins the network at its nearest
/// node, off-road; a site also reaches a unit straight off-road when that is quicker — the
/// rule of `RoadNetwork.time(to:)`.
final class RoadCover {
    let model: TravelModel
    let grid: PointGrid
    let weights: [Double]
    /// Each weighted unit's nearest node and the off-road seconds from it (nil: no node, or no weight).
    private let links: [(node: Int32, seconds: Double)?]
    private var reached: [String: [(unit: Int32, seconds: Double)]] = [:]

    init(model: TravelModel, grid: PointGrid, weights: [Double]) {
        self.model = model
        self.grid = grid
        self.weights = weights
        let network = model.roads.network
        links = grid.points.indices.map { index in
            guard weights[index] > 0, let link = network.connect(grid.points[index]) else { return nil }
            return (link.node, link.metres / network.offroadSpeed)
        }
    }

    /// The weighted units `site` reaches within the limit, with their seconds (one Dijkstra, cached).
    func times(_ site: Site) -> [(unit: Int32, seconds: Double)] {
        if let known = reached[site.id] { return known }
        let network = model.roads.network, limit = model.limitSeconds
        let origin = model.roads.origins([site])[0]
        let times = network.times(from: [origin], limitSeconds: limit)
        var best = [Int32: Double]()
        for (index, link) in links.enumerated() {
            guard let link, times.reached(Int(link.node)) else { continue }
            let seconds = times.seconds[Int(link.node)] + link.seconds
            if seconds <= limit { best[Int32(index)] = seconds }
        }
        // Straight off-road from the post: only units within (limit − delay) × off-road speed.
        let reach = max(0, limit - origin.delaySeconds) * network.offroadSpeed / 1_000
        for index in grid.within(reach, of: site.location) where weights[index] > 0 {
            let seconds = origin.delaySeconds + Geodesic.wgs84.distance(site.location, grid.points[index]) / network.offroadSpeed
            if seconds <= limit, seconds < best[Int32(index)] ?? .infinity { best[Int32(index)] = seconds }
        }
        let list = best.sorted { $0.key < $1.key }.map { (unit: $0.key, seconds: $0.value) }
        reached[site.id] = list
        return list
    }

    /// The units reached within the limit by any of `sites`.
    func covered(by sites: [Site], deadline: Deadline?) throws -> Bitset {
        var set = Bitset(count: grid.count)
        for (index, site) in sites.enumerated() {
            try deadline?.check("travel times by road from site \(index + 1) of \(sites.count)")
            for entry in times(site) { set.insert(Int(entry.unit)) }
        }
        return set
    }

    /// The p-median's table in minutes: each unit's time to its nearest open crossing, at most
    /// the limit (a unit farther than T from every crossing counts T), and for each candidate
    /// the units it reaches sooner than that.
    func table(open: [Site], candidates: [Site], deadline: Deadline?) throws -> DistanceTable {
        let cap = model.minutes
        var base = weights.map { $0 > 0 ? cap : 0 }
        for (index, site) in open.enumerated() {
            try deadline?.check("travel times by road from open crossing \(index + 1) of \(open.count)")
            for entry in times(site) { base[Int(entry.unit)] = min(base[Int(entry.unit)], entry.seconds / 60) }
        }
        var start = [0], points: [Int32] = [], minutes: [Double] = []
        for (index, site) in candidates.enumerated() {
            try deadline?.check("travel times by road from candidate \(index + 1) of \(candidates.count)")
            for entry in times(site) where entry.seconds / 60 < base[Int(entry.unit)] {
                points.append(entry.unit)
                minutes.append(entry.seconds / 60)
            }
            start.append(points.count)
        }
        return DistanceTable(weights: weights, base: base, start: start, points: points, kilometres: minutes)
    }
}
