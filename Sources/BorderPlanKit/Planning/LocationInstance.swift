import Foundation
import Geo

/// A plan's location problem written as plain files (`plan --write-instance DIR`), so that another
/// solver (Benchmarks/locmodels.py: PySAL spopt with CBC) can solve the same instance and the
/// optimum values can be compared. The folder holds:
/// - `instance.json`: the model (`mclp`, `lscp` or `pmedian`), K, the target, the facilities (open
///   crossings first, then the candidates, each with its kind) and BorderPlan's answer;
/// - `demand.csv`: `point,weight`, the demand points with a weight (others never count);
/// - `coverage.csv`: `point,facility`, each pair within the radius (the same test as `coverage`);
/// - `distances.csv` (p-median): one row per point, one geodesic distance (km) per facility.
public enum LocationInstance {
    /// The model an instance is posed as.
    public enum Model: String, Sendable {
        case mclp, lscp, pmedian
    }

    /// The files the option writes (nothing else is replaced in DIR).
    public static let files = ["instance.json", "demand.csv", "coverage.csv", "distances.csv"]

    /// BorderPlan's answer, as the other solver must find it.
    public struct Answer: Sendable {
        public var chosen: [String]
        public var value: Double
        public var optimal: Bool
        public var cost: Double?
        public var reachable: Bool?
        public var need: Double?
        /// Set covering: "cost" or "count".
        public var minimised: String?

        public init(chosen: [String], value: Double, optimal: Bool, cost: Double? = nil, reachable: Bool? = nil, need: Double? = nil,
                    minimised: String? = nil) {
            self.chosen = chosen
            self.value = value
            self.optimal = optimal
            self.cost = cost
            self.reachable = reachable
            self.need = need
            self.minimised = minimised
        }
    }

    /// Writes the instance of `request` (poses it again: same candidates, demand and tests) to `folder`.
    public static func write(_ request: PlanRequest, data: AnalysisData, answer: Answer, to folder: URL) throws {
        let model: Model = request.objective == .distance ? .pmedian : request.target != nil ? .lscp : .mclp
        guard request.objective != .area else { throw PlanError(description: "--write-instance needs point demand: the area objective has no points") }
        guard request.travel == nil else { throw PlanError(description: "--write-instance writes distances: it is not available in minutes (--roads)") }
        let setting = try Planner.PlanSetting(request: request, data: data, deadline: Deadline(seconds: PlanLimits.maxSeconds.upperBound))
        var notes: [PlanNote] = []
        let posed = try Planner.pose(setting, notes: &notes)
        let units = try Planner.demandUnits(request, data: data)
        let points = units.weights.indices.filter { units.weights[$0] > 0 }
        let facilities = setting.open + posed.candidates
        let required = Set(request.require)
        var coverage = "point,facility\n"
        for (column, site) in facilities.enumerated() {
            let covered = Planner.covered(units, by: [site], radiusKm: request.coverRadiusKm)
            for (row, point) in points.enumerated() where covered.contains(point) { coverage += "\(row),\(column)\n" }
        }
        var files: [String: String] = [
            "demand.csv": "point,weight\n" + points.enumerated().map { "\($0),\(exact(units.weights[$1]))\n" }.joined(),
            "coverage.csv": coverage,
        ]
        if model == .pmedian {
            files["distances.csv"] = points.map { point in
                facilities.map { exact(Geodesic.wgs84.distance($0.location, units.grid.points[point]) / 1_000) }.joined(separator: ",") + "\n"
            }.joined()
        }
        files["instance.json"] = JSONValue.object([
            "model": .string(model.rawValue),
            "radius_km": .number(request.radiusKm, decimals: 3),
            "k": .int(request.k),
            "target_share": request.target.map { .number($0, decimals: 12) } ?? .null,
            "minimised": answer.minimised.map(JSONValue.string) ?? .null,
            "demand_total": .number(units.weights.reduce(0, +), decimals: 6),
            "facilities": .array(setting.open.map { facility($0, kind: "open", cost: nil) }
                + zip(posed.candidates, posed.costs).map { facility($0, kind: required.contains($0.id) ? "required" : "candidate", cost: $1) }),
            "borderplan": .object([
                "chosen": .array(answer.chosen.map(JSONValue.string)), "value": .number(answer.value, decimals: 9),
                "optimal": .bool(answer.optimal), "cost": .rounded(answer.cost, 6),
                "reachable": answer.reachable.map(JSONValue.bool) ?? .null, "need": .rounded(answer.need, 9),
            ]),
        ]).prettySerialized() + "\n"
        // All or nothing, never over a file BorderPlan did not write; a previous instance's file this one lacks goes.
        try OutputFolder.write(folder, expected: Array(files.keys), retire: Self.files) { staging in
            for (name, text) in files { try writeNewFile(Data(text.utf8), at: staging.appendingPathComponent(name)) }
        }
    }

    static func facility(_ site: Site, kind: String, cost: Double?) -> JSONValue {
        .object(["id": .string(site.id), "kind": .string(kind), "cost": .rounded(cost, 6)])
    }

    /// A number with every digit Swift needs to read it back exactly (shortest round-trip form).
    static func exact(_ value: Double) -> String { "\(value)" }
}

extension LocationInstance.Answer {
    /// A covering plan's answer: the covered demand (maximal covering), or the cost or count that
    /// reaches the target (set covering).
    public init(_ result: PlanResult) {
        let chosen = result.selected.map(\.site.id)
        guard let target = result.target else {
            self.init(chosen: chosen, value: result.coveredAfter, optimal: result.optimal)
            return
        }
        self.init(chosen: chosen, value: result.coveredAfter, optimal: result.optimal,
                  cost: target.byCost ? target.cost : Double(chosen.count), reachable: target.reachable,
                  need: target.need, minimised: target.byCost ? "cost" : "count")
    }

    /// A p-median plan's answer: the demand-weighted distance (weight × km).
    public init(_ result: DistancePlanResult) {
        self.init(chosen: result.selected.map(\.site.id), value: result.totalAfter, optimal: result.optimal)
    }
}
