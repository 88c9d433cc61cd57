import Foundation

/// The attribute tables of the export: each many-valued fact of a layer, one value per cell.
extension ExportLayerBuilder {
    /// The attribute tables' names (the files `report` owns in its exports folder).
    public static let tableNames = ["border_wilaya_lengths", "gap_wilayas", "crossing_projects", "crossing_committees", "plan_projects"]

    /// Every attribute table, for the layers in `kinds` (a table goes with the layer it joins).
    public func tables(_ kinds: [ExportLayerKind] = allLayers) throws -> [ExportTable] {
        var tables: [ExportTable] = []
        if kinds.contains(.borders) { tables.append(try borderWilayaLengths()) }
        if kinds.contains(.gaps) { tables.append(gapWilayas()) }
        if kinds.contains(.crossings) {
            tables.append(crossingProjects())
            tables.append(try crossingCommittees())
        }
        if kinds.contains(.plan), let projects = try planProjects() { tables.append(projects) }
        return tables
    }

    static func table(_ name: String, _ description: String, _ columns: [ExportColumn], _ rows: [[JSONValue]]) -> ExportTable {
        ExportTable(name: name, description: description, columns: columns, rows: rows.map { row in
            precondition(row.count == columns.count, "table \(name): \(row.count) values for \(columns.count) columns")
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
        return Self.table("border_wilaya_lengths", "Length of each border (country ISO-2, or coast) in each wilaya it runs along", columns, rows)
    }

    /// The wilayas each gap crosses (joins `gaps` on `gap_id` = its `id`).
    func gapWilayas() -> ExportTable {
        let rows = coverage.gaps.enumerated().flatMap { index, gap in
            gap.wilayas.map { [JSONValue.string(Self.gapID(gap, index)), .string($0)] }
        }
        return Self.table("gap_wilayas", "The wilayas each gap at \(formatNumber(radiusKm, decimals: 3)) km crosses",
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
        return Self.table("crossing_projects", "Upgrade and creation projects of each crossing", columns, rows)
    }

    /// The committees that concern each crossing.
    func crossingCommittees() throws -> ExportTable {
        let rows = try sites.flatMap { site -> [[JSONValue]] in
            guard let crossing = data.knowledge.crossing(id: site.id) else { return [] }
            return try data.linker.links(for: crossing).committees.map { [JSONValue.string(site.id), .string($0)] }
        }
        return Self.table("crossing_committees", "The committees that concern each crossing", [.init("crossing", .text), .init("committee", .text)], rows)
    }
}
