import Foundation

/// Covered population of each border wilaya under each service, side by side (travellers
/// and goods): the same demand points and the same "within R km" test as `coverage`, one
/// pass per service.
public enum ServiceCoverage {
    public struct Row: Sendable, Equatable {
        public var code: String
        public var population: Int
        /// Covered population per service, in the order asked.
        public var covered: [Int]

        /// Covered share per service, percent (nil when the wilaya has no population).
        public var percents: [Double?] { covered.map { population > 0 ? Double($0) / Double(population) * 100 : nil } }
    }

    /// One row per border wilaya, covered population under each of `services`.
    public static func compute(_ data: AnalysisData, sites: [Site], services: [Service], radiusKm: Double) throws -> [Row] {
        let demand = try data.population()
        let covered = services.map { service in
            demand.grid.covered(by: data.servingSites(sites, service).map(\.location), radiusKm: radiusKm)
        }
        var rows = Dictionary(uniqueKeysWithValues: data.borderWilayaCodes.map { ($0, Row(code: $0, population: 0, covered: services.map { _ in 0 })) })
        for (index, point) in demand.points.enumerated() where rows[point.wilaya] != nil {
            rows[point.wilaya]!.population += point.population
            for (position, set) in covered.enumerated() where set.contains(index) {
                rows[point.wilaya]!.covered[position] += point.population
            }
        }
        return data.borderWilayaCodes.compactMap { rows[$0] }
    }
}
