import Foundation
import Geo

/// A ≤ 1 km piece of a land border, the unit of "border km covered".
public struct DemandEdge: Sendable {
    public var country: Partner
    public var wilaya: String
    public var midpoint: Coordinate
    public var start: Coordinate
    public var end: Coordinate
    /// Geodesic length, km.
    public var lengthKm: Double
    /// Which line of border-segments.geojson it comes from, and its place on it.
    public var line: Int
    public var position: Int
}

/// Everything the analyses share, loaded and indexed once per run: geodata, knowledge
/// base, prepared wilayas and their STRtree, border edges, places and main towns.
///
/// One `GeometryContext` and one `ProjContext`: use it from one thread.
public final class AnalysisData {
    public let geodata: Geodata
    public let knowledge: KnowledgeBase
    public let linker: KnowledgeLinker
    public let proj: ProjContext
    public let catchments: Catchments
    public let wilayas: [Wilaya]
    public let borderWilayaCodes: [String]
    public let edges: [DemandEdge]
    public let places: [Place]
    /// Grids over the places and over the border edges' midpoints, for "within R km".
    public let placeGrid: PointGrid
    public let edgeGrid: PointGrid
    /// The wilayas indexed once for point-in-polygon, nearest and clipping.
    public let wilayaIndex: WilayaIndex
    public let clipper: WilayaClipper
    private var mainTowns: [String: MainTown?] = [:]
    /// Where the population counted by coverage and plan is (`--demand-model`).
    public let demandModel: DemandModel
    private var cachedPopulation: (points: [PopulationPoint], grid: PointGrid)?

    /// `deadline` (the plan's `--max-seconds`) is checked between the layers: loading stops
    /// with the time limit's error instead of running past it.
    public init(geodata: Geodata, knowledge: KnowledgeBase, proj: ProjContext, demandModel: DemandModel = .communes,
                deadline: Deadline? = nil) throws {
        self.geodata = geodata
        self.demandModel = demandModel
        self.knowledge = knowledge
        self.proj = proj
        catchments = Catchments(context: geodata.context, proj: proj)
        try deadline?.check("loading the data")
        // The other layers are read on the other cores meanwhile (the commune models need the largest).
        geodata.prefetch(Self.prefetchedLayers(demandModel))
        wilayas = try geodata.wilayas()
        try deadline?.check("loading the data (wilayas)")
        wilayaIndex = try WilayaIndex(wilayas, context: geodata.context)
        linker = try KnowledgeLinker(geodata: geodata, knowledge: knowledge, proj: proj, wilayaIndex: wilayaIndex)
        clipper = WilayaClipper(index: wilayaIndex)
        try deadline?.check("loading the data (crossings)")
        borderWilayaCodes = try geodata.borderWilayaCodes()
        places = try geodata.places()
        try deadline?.check("loading the data (places)")
        var edges: [DemandEdge] = []
        var line = 0
        for segment in try geodata.borderSegments() {
            guard let country = segment.country else { continue }
            for part in try segment.geometry.parts {
                for (position, (start, end, length)) in BorderDerivation.split(try part.coordinates).enumerated() {
                    edges.append(DemandEdge(country: country, wilaya: segment.wilaya,
                                            midpoint: Coordinate(x: (start.x + end.x) / 2, y: (start.y + end.y) / 2),
                                            start: start, end: end, lengthKm: length / 1_000, line: line, position: position))
                }
                line += 1
            }
        }
        self.edges = edges
        try deadline?.check("loading the data (border segments)")
        placeGrid = PointGrid(places.map(\.location))
        edgeGrid = PointGrid(edges.map(\.midpoint))
    }

    /// The layers the load reads besides the wilayas, in the order it needs them: what a worker
    /// thread reads while this one reads the wilayas (`Geodata.prefetch`).
    public static func prefetchedLayers(_ demandModel: DemandModel) -> [GeodataLayer] {
        [.borders, .places, .borderSegments] + (demandModel == .places ? [] : [.communes])
    }

    /// Loads the geodata folder and its knowledge base.
    public convenience init(directory: URL, demandModel: DemandModel = .communes) throws {
        let geodata = Geodata(directory: directory)
        try self.init(geodata: geodata, knowledge: try KnowledgeBase.load(directory: directory, context: geodata.context), proj: try ProjContext(),
                      demandModel: demandModel)
    }

    /// The population points of `demandModel` and their grid, built on first use; `deadline`
    /// is checked while they are built (the communes are the largest layer).
    public func population(deadline: Deadline? = nil) throws -> (points: [PopulationPoint], grid: PointGrid) {
        if let cachedPopulation { return cachedPopulation }
        try deadline?.check("loading the data (demand model \(demandModel.rawValue))")
        let points = try PopulationDemand.points(demandModel, communes: {
            let communes = try geodata.communes()
            try deadline?.check("loading the data (communes)")
            return communes
        }, places: places, context: context)
        try deadline?.check("loading the data (demand model \(demandModel.rawValue))")
        let result = (points, PointGrid(points.map(\.location)))
        cachedPopulation = result
        return result
    }

    public var context: GeometryContext { geodata.context }

    public func wilaya(_ code: String) -> Wilaya? { wilayas.first { $0.code == code } }

    /// The main town of a wilaya (largest GeoNames place, else a point on its surface).
    public func mainTown(of code: String) throws -> MainTown? {
        if let cached = mainTowns[code] { return cached }
        let town = try geodata.mainTown(of: code)
        mainTowns[code] = town
        return town
    }

    /// The official code of the wilaya holding each point (nil outside Algeria). Points are
    /// taken by 0.5° cells: a cell wholly inside one wilaya names it for all its points
    /// at once; only points in cells that straddle a boundary are tested one by one.
    public func wilayaCodes(of points: [Coordinate]) throws -> [String?] {
        var cells: [Int: Int] = [:]   // cell key → wilaya index, or -1 when the cell straddles a boundary
        let size = PointGrid.cellDegrees
        return try points.map { point in
            let key = PointGrid.key(point)
            var owner = cells[key]
            if owner == nil {
                let minX = (point.lon / size).rounded(.down) * size, minY = (point.lat / size).rounded(.down) * size
                let cell = try Geometry.rectangle(Envelope(minX: minX, minY: minY, maxX: minX + size, maxY: minY + size), in: context)
                owner = try wilayaIndex.covering(cell) ?? -1
                cells[key] = owner
            }
            if let owner, owner >= 0 { return wilayas[owner].code }
            return try wilayaIndex.covering(point).map { wilayas[$0].code }
        }
    }

    /// `geometry` cut by every wilaya it meets: (code, part, geodesic km²), by code.
    public func splitByWilaya(_ geometry: Geometry) throws -> [(code: String, part: Geometry, areaKm2: Double)] {
        try clipper.split(geometry)
    }

    private var discs: [String: Geometry] = [:]

    /// The geodesic disc of `radiusKm` around `center`, built once per run.
    public func disc(center: Coordinate, radiusKm: Double) throws -> Geometry {
        let key = "\(center.lon),\(center.lat),\(radiusKm)"
        if let cached = discs[key] { return cached }
        let disc = try catchments.disc(center: center, radiusKm: radiusKm)
        discs[key] = disc
        return disc
    }

    /// The sites that serve demand under `service` (`Service.serves`).
    public func servingSites(_ sites: [Site], _ service: Service) -> [Site] {
        sites.filter(service.serves)
    }
}
