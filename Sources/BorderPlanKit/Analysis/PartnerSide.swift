import Foundation
import Geo

/// The partner side of the land borders, loaded once per run: the neighbours' GeoNames places
/// (`partner-places.geojson`) with a grid for "within R km", and the neighbours' Natural Earth
/// polygons (`neighbours.geojson`, clipped to 300 km of Algeria) that partner-side catchments are
/// clipped to.
public final class PartnerSide {
    public let places: [PartnerPlace]
    public let grid: PointGrid
    /// Each neighbour's polygon, by partner.
    public let polygons: [Partner: Geometry]
    let context: GeometryContext

    public init(geodata: Geodata) throws {
        places = try geodata.partnerPlaces()
        grid = PointGrid(places.map(\.location))
        var polygons: [Partner: Geometry] = [:]
        for neighbour in try geodata.neighbours() { polygons[neighbour.iso2] = neighbour.geometry }
        self.polygons = polygons
        context = geodata.context
    }

    /// Indices of the places of `partner` within `radiusKm` (geodesic) of `center`: a crossing with
    /// that partner leads into that country only.
    public func reached(from center: Coordinate, partner: Partner, radiusKm: Double) -> [Int] {
        grid.within(radiusKm, of: center).filter { places[$0].country == partner }
    }

    /// `disc` clipped to `partner`'s polygon (empty when the partner has none).
    public func clip(_ disc: Geometry, to partner: Partner) throws -> Geometry {
        guard let polygon = polygons[partner] else { return try Geometry.empty(.multiPolygon, in: context) }
        return try disc.intersection(polygon)
    }

    /// Population of the places at `indices`.
    public func population(_ indices: some Sequence<Int>) -> Int {
        indices.reduce(0) { $0 + places[$1].population }
    }
}
