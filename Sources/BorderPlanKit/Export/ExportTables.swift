import Foundation

/// An attribute table of the export, in the order they are written; each goes with the layer it
/// joins, and is written only with that layer. The one rule from layers to tables, used by the
/// writers and by `ExportFiles` (the file names checked before any work).
public enum ExportTableKind: String, CaseIterable, Sendable {
    case borderWilayaLengths = "border_wilaya_lengths"
    case gapWilayas = "gap_wilayas"
    case crossingProjects = "crossing_projects"
    case crossingCommittees = "crossing_committees"
    case planProjects = "plan_projects"

    /// The layer this table joins.
    public var layer: ExportLayerKind {
        switch self {
        case .borderWilayaLengths: .borders
        case .gapWilayas: .gaps
        case .crossingProjects, .crossingCommittees: .crossings
        case .planProjects: .plan
        }
    }

    /// The tables that go with the layers `kinds`, in writing order.
    public static func going(with kinds: [ExportLayerKind]) -> [ExportTableKind] {
        allCases.filter { kinds.contains($0.layer) }
    }
}

/// The attribute tables of the export: each many-valued fact of a layer, one value per cell.
extension ExportLayerBuilder {
    /// The attribute tables' names (the files `report` owns in its exports folder).
    public static let tableNames = ExportTableKind.allCases.map(\.rawValue)

    /// Every attribute table, for the layers in `kinds` (a table goes with the layer it joins;
    /// `plan_projects` only when there is a plan).
    public func tables(_ kinds: [ExportLayerKind] = allLayers) throws -> [ExportTable] {
        try ExportTableKind.going(with: kinds).compactMap(table)
    }

    /// One attribute table (nil: `plan_projects` without a plan).
    func table(_ kind: ExportTableKind) throws -> ExportTable? {
        switch kind {
        case .borderWilayaLengths: try borderWilayaLengths()
        case .gapWilayas: gapWilayas()
        case .crossingProjects: crossingProjects()
        case .crossingCommittees: try crossingCommittees()
        case .planProjects: try planProjects()
        }
    }

    static func table(_ kind: ExportTableKind, _ description: String, _ columns: [ExportColumn], _ rows: [[JSONValue]]) -> ExportTable {
        ExportTable(name: kind.rawValue, description: description, columns: columns, rows: rows.map { row in
            precondition(row.count == columns.count, "table \(kind.rawValue): \(row.count) values for \(columns.count) columns")
            return zip(columns, row).map { typed($1, $0.kind) }
        })
    }

    /// The id of a gap in the `gaps` layer and in `gap_wilayas`.
    static func gapID(_ gap: CoverageGap, _ index: Int) -> String { "\(gap.border)-\(index + 1)" }

    /// `year`, `month` or `day`: how much of a partial date is known.
    static func precision(_ date: PartialDate) -> String { date.precisionName }

    /// `YYYY-MM-DD` when the date is complete (a DATE column), else nil.
    static func completeDate(_ date: PartialDate) -> String? {
        date.day == nil ? nil : date.description
    }

    /// Length of each border in each wilaya it runs along (joins `borders` on `border` = its `country`, or "coast").
    func borderWilayaLengths() throws -> ExportTable {
        let columns: [ExportColumn] = [.init("border", .text), .init("wilaya_code", .text), .init("length_km", .real)]
        let rows = try data.geodata.borders().flatMap { border in
            border.wilayas.map { [JSONValue.string(border.country?.rawValue ?? "coast"), .string($0.code), .number($0.lengthKm, decimals: 3)] }
        }
        return Self.table(.borderWilayaLengths, "Length of each border (country ISO-2, or coast) in each wilaya it runs along", columns, rows)
    }

    /// The wilayas each gap crosses (joins `gaps` on `gap_id` = its `id`).
    func gapWilayas() -> ExportTable {
        let rows = coverage.gaps.enumerated().flatMap { index, gap in
            gap.wilayas.map { [JSONValue.string(Self.gapID(gap, index)), .string($0)] }
        }
        return Self.table(.gapWilayas, "The wilayas each gap at \(formatNumber(radiusKm, decimals: 3)) km crosses",
                          [.init("gap_id", .text), .init("wilaya_code", .text)], rows)
    }

    /// The projects of each crossing, with their phase and completion.
    func crossingProjects() -> ExportTable {
        let columns: [ExportColumn] = [.init("crossing", .text), .init("project", .text), .init("phase", .text), .init("percent_complete", .real)]
        let rows = sites.flatMap { site in
            data.knowledge.projects(for: site.id).map {
                [JSONValue.string(site.id), .string($0.id), .string($0.phase.rawValue), .rounded($0.percentComplete, 1)]
            }
        }
        return Self.table(.crossingProjects, "Upgrade and creation projects of each crossing", columns, rows)
    }

    /// The committees that concern each crossing.
    func crossingCommittees() throws -> ExportTable {
        let rows = try sites.flatMap { site -> [[JSONValue]] in
            guard let crossing = data.knowledge.crossing(id: site.id) else { return [] }
            return try data.linker.links(for: crossing).committees.map { [JSONValue.string(site.id), .string($0)] }
        }
        return Self.table(.crossingCommittees, "The committees that concern each crossing", [.init("crossing", .text), .init("committee", .text)], rows)
    }
}
