import Foundation
import Geo

/// `borderplan borders`: each land border with its length and its length in each wilaya.
public enum BordersReport {
    public static func render(_ data: Geodata, format: OutputFormat, language: Language, wide: Bool = false) throws -> String {
        let l = Localizer(language)
        let borders = try data.borders()
        let wilayas = Dictionary(uniqueKeysWithValues: try data.wilayas().map { ($0.code, $0) })
        let land = borders.filter { !$0.isCoast }
        let coast = borders.first { $0.isCoast }?.lengthKm ?? 0
        func wilayaName(_ code: String) -> String { wilayas[code]?.name(language) ?? code }

        if format == .json {
            let value = JSONValue.object([
                "borders": .array(land.map { border in
                    .object([
                        "country": .optional(border.country?.rawValue),
                        "name": .string(border.name(language)),
                        "length_km": .number(border.lengthKm, decimals: 1),
                        "wilayas": .array(border.wilayas.map { part in
                            .object(["code": .string(part.code), "name": .string(wilayaName(part.code)), "length_km": .number(part.lengthKm, decimals: 1)])
                        }),
                    ])
                }),
                "coastline_km": .number(coast, decimals: 1),
            ])
            return value.prettySerialized() + "\n"
        }
        var rows: [[String]] = []
        for border in land {
            let count = border.wilayas.count == 1 ? l.text("commands.borders.oneWilaya") : l.text("commands.borders.allWilayas", ["count": String(border.wilayas.count)])
            rows.append([border.name(language), border.country?.rawValue ?? "", count, "", formatFixed(border.lengthKm, decimals: 1), "100.0"])
            for part in border.wilayas {
                rows.append(["", "", wilayaName(part.code), part.code, formatFixed(part.lengthKm, decimals: 1),
                             formatFixed(part.lengthKm / border.lengthKm * 100, decimals: 1)])
            }
        }
        let total = land.reduce(0) { $0 + $1.lengthKm }
        return Table(title: format == .table ? l.text("commands.borders.title") : nil,
                     columns: [.init(l, "tables.border"), .init(l, "tables.iso2"), .init(l, "tables.wilaya"), .init(l, "tables.code"),
                               .init(l, "tables.length_km", numeric: true), .init(l, "tables.border_share_pct", numeric: true)],
                     rows: rows, footer: [l.text("commands.borders.total"), "", "", "", formatFixed(total, decimals: 1), ""],
                     notes: format == .table ? [l.text("commands.borders.coastline", ["km": l.km(coast, decimals: 1)])] : []).render(format, l, wide: wide)
    }
}

/// `borderplan wilayas`: the 69 wilayas (or the border wilayas) with area, reform and borders.
public enum WilayasReport {
    public static func render(_ data: Geodata, borderOnly: Bool, format: OutputFormat, language: Language, wide: Bool = false) throws -> String {
        let l = Localizer(language)
        let wilayas = try data.wilayas()
        let byCode = Dictionary(uniqueKeysWithValues: wilayas.map { ($0.code, $0) })
        var borders: [String: [(country: String, km: Double)]] = [:]
        for border in try data.landBorders() {
            for part in border.wilayas { borders[part.code, default: []].append((border.country?.rawValue ?? "", part.lengthKm)) }
        }
        let borderCodes = Set(try data.borderWilayaCodes())
        let selected = borderOnly ? wilayas.filter { borderCodes.contains($0.code) } : wilayas
        func borderKm(_ code: String) -> Double { borders[code]?.reduce(0) { $0 + $1.km } ?? 0 }

        if format == .json {
            return JSONValue.object(["wilayas": .array(selected.map { wilaya in
                .object([
                    "code": .string(wilaya.code),
                    "name": .string(wilaya.name(language)),
                    "name_ar": .string(wilaya.nameAR), "name_fr": .string(wilaya.nameFR), "name_en": .string(wilaya.nameEN),
                    "area_km2": .number(wilaya.areaKm2, decimals: 1),
                    "parent": .optional(wilaya.parent),
                    "created": .optional(wilaya.created),
                    "land_border_km": .number(borderKm(wilaya.code), decimals: 1),
                    "borders": .array((borders[wilaya.code] ?? []).map { .object(["country": .string($0.country), "length_km": .number($0.km, decimals: 1)]) }),
                ])
            })]).prettySerialized() + "\n"
        }
        let rows = selected.map { wilaya -> [String] in
            [wilaya.code, wilaya.name(language), formatFixed(wilaya.areaKm2, decimals: 0),
             wilaya.parent.map { "\($0) \(byCode[$0]?.name(language) ?? "")" } ?? "", wilaya.created ?? "",
             borderKm(wilaya.code) > 0 ? formatFixed(borderKm(wilaya.code), decimals: 1) : "",
             (borders[wilaya.code] ?? []).map { "\($0.country) \(formatFixed($0.km, decimals: 1))" }.joined(separator: ", ")]
        }
        let area = selected.reduce(0) { $0 + $1.areaKm2 }
        let border = selected.reduce(0) { $0 + borderKm($1.code) }
        return Table(title: format == .table ? (borderOnly ? l.text("commands.wilayas.titleBorder") : l.text("commands.wilayas.title")) : nil,
                     columns: [.init(l, "tables.code"), .init(l, "tables.wilaya"), .init(l, "tables.area_km2", numeric: true), .init(l, "tables.carved_from", priority: 2),
                               .init(l, "tables.reform", priority: 3), .init(l, "tables.land_border_km", numeric: true), .init(l, "tables.borders_km", measures: true, priority: 1)],
                     rows: rows, footer: ["", l.text("commands.wilayas.count", ["count": String(selected.count)]), formatFixed(area, decimals: 0), "", "",
                                          formatFixed(border, decimals: 1), ""]).render(format, l, wide: wide)
    }
}
