import Foundation
import Geo

/// Covered population on both sides of one land border.
public struct BorderSides {
    public var border: Partner
    /// Algerian side: demand points of the border wilayas within R km of an open crossing on this border.
    public var dzCovered: Int
    /// Partner side: places of the partner within R km of an open crossing on this border.
    public var partnerCovered: Int
}

/// What one open crossing covers on each side at radius R.
public struct CrossingSides {
    public var id: String
    public var name: String
    public var partner: Partner
    /// Demand points of the border wilayas within R km.
    public var dzPopulation: Int
    /// Places of its partner within R km.
    public var partnerPopulation: Int
    /// Geodesic area of its R km disc clipped to the partner's polygon, km².
    public var partnerAreaKm2: Double
}

/// The partner side of one neighbour at radius R.
public struct PartnerCoverage {
    public var partner: Partner
    /// Population of its places within R km of its land border with Algeria.
    public var nearBorderPopulation: Int
    /// Population of its places within R km of an open crossing with it.
    public var coveredPopulation: Int
    public var coveredPlaces: Int
    /// The union of its open crossings' discs clipped to its polygon (empty when none), and its geodesic area.
    public var catchment: Geometry
    public var catchmentAreaKm2: Double

    public var coveredPercent: Double? {
        nearBorderPopulation > 0 ? Double(coveredPopulation) / Double(nearBorderPopulation) * 100 : nil
    }
}

/// The answer of `coverage --side`: the Algerian side (`CoverageResult`, per border wilaya),
/// the partner side (per partner), and per border and per crossing on both sides.
public struct TwoSidedCoverageResult {
    public var side: Side
    public var dz: CoverageResult
    public var borders: [BorderSides]
    public var crossings: [CrossingSides]
    public var partners: [PartnerCoverage]
    public var radiusKm: Double { dz.radiusKm }
}

/// Two-sided coverage at radius R: the same "within R km of an open crossing" test on both
/// sides. On the partner side a crossing reaches only its partner country's places, and its
/// catchment disc is clipped to that country's polygon, never to Algeria.
public struct TwoSidedCoverage {
    public let data: AnalysisData
    public let partner: PartnerSide

    public init(data: AnalysisData, partner: PartnerSide) {
        self.data = data
        self.partner = partner
    }

    public func run(sites: [Site], service: Service, radiusKm: Double, side: Side) throws -> TwoSidedCoverageResult {
        let dz = try CoverageAnalysis(data: data).run(sites: sites, service: service, radiusKm: radiusKm)
        let open = data.servingSites(sites, service)
        let demand = try data.population()
        let border = Set(data.borderWilayaCodes)
        let dzReached = open.map { site in demand.grid.within(radiusKm, of: site.location).filter { border.contains(demand.points[$0].wilaya) } }
        let partnerReached = open.map { partner.reached(from: $0.location, partner: $0.partner, radiusKm: radiusKm) }
        var crossings: [CrossingSides] = []
        for (index, site) in open.enumerated() {
            let area = try Geodesic.wgs84.area(of: partner.clip(try data.disc(center: site.location, radiusKm: radiusKm), to: site.partner)) / 1e6
            crossings.append(CrossingSides(id: site.id, name: site.name, partner: site.partner,
                                           dzPopulation: dzReached[index].reduce(0) { $0 + demand.points[$1].population },
                                           partnerPopulation: partner.population(partnerReached[index]), partnerAreaKm2: area))
        }
        let borders = Partner.allCases.map { country -> BorderSides in
            let on = open.indices.filter { open[$0].partner == country }
            let dzSet = Set(on.flatMap { dzReached[$0] }), partnerSet = Set(on.flatMap { partnerReached[$0] })
            return BorderSides(border: country, dzCovered: dzSet.reduce(0) { $0 + demand.points[$1].population },
                               partnerCovered: partner.population(partnerSet))
        }
        let partners = try Partner.allCases.map { try partnerCoverage($0, open: open, reached: partnerReached, radiusKm: radiusKm) }
        return TwoSidedCoverageResult(side: side, dz: dz, borders: borders, crossings: crossings, partners: partners)
    }

    /// One neighbour's partner side: its covered places and its clipped catchment.
    func partnerCoverage(_ country: Partner, open: [Site], reached: [[Int]], radiusKm: Double) throws -> PartnerCoverage {
        let on = open.indices.filter { open[$0].partner == country }
        let covered = Set(on.flatMap { reached[$0] })
        let near = partner.places.indices.filter { partner.places[$0].country == country && partner.places[$0].borderKm <= radiusKm }
        let discs = try on.map { try data.disc(center: open[$0].location, radiusKm: radiusKm) }
        let catchment = discs.isEmpty ? try Geometry.empty(.multiPolygon, in: data.context)
            : try partner.clip(try Geometry.union(of: discs, in: data.context), to: country)
        return PartnerCoverage(partner: country, nearBorderPopulation: partner.population(near), coveredPopulation: partner.population(covered),
                               coveredPlaces: covered.count, catchment: catchment,
                               catchmentAreaKm2: catchment.isEmpty ? 0 : try Geodesic.wgs84.area(of: catchment) / 1e6)
    }
}
