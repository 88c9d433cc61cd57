import Foundation
import Geo

/// `borderplan borders`: each land border with its length and its length in each wilaya.
public enum BordersReport {
    public static func render(_ data: Geodata, format: OutputFormat, language: Language) throws -> String {
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
            rows.append([border.name(language), border.country?.rawValue ?? "", border.wilayas.count == 1 ? "1 wilaya" : "all \(border.wilayas.count) wilayas", "", formatFixed(border.lengthKm, decimals: 1), "100.0"])
            for part in border.wilayas {
                rows.append(["", "", wilayaName(part.code), part.code, formatFixed(part.lengthKm, decimals: 1),
                             formatFixed(part.lengthKm / border.lengthKm * 100, decimals: 1)])
            }
        }
        let total = land.reduce(0) { $0 + $1.lengthKm }
        return Table(title: format == .table ? "Algeria's land borders (geodesic lengths on WGS84)" : nil,
                     columns: [.init("border"), .init("ISO-2"), .init("wilaya"), .init("code"), .init("length (km)", numeric: true), .init("share of border (%)", numeric: true)],
                     rows: rows, footer: ["all land borders", "", "", "", formatFixed(total, decimals: 1), ""],
                     notes: format == .table ? ["Coastline (the rest of the outline, islands included): \(formatFixed(coast, decimals: 1)) km."] : []).render(format)
    }
}

/// `borderplan wilayas`: the 69 wilayas (or the border wilayas) with area, reform and borders.
public enum WilayasReport {
    public static func render(_ data: Geodata, borderOnly: Bool, format: OutputFormat, language: Language) throws -> String {
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
        return Table(title: format == .table ? (borderOnly ? "Border wilayas (≥ 1 km of land border)" : "Wilayas (official codes, Law 26-06)") : nil,
                     columns: [.init("code"), .init("wilaya"), .init("area (km²)", numeric: true), .init("carved from"), .init("reform"),
                               .init("land border (km)", numeric: true), .init("borders (km)")],
                     rows: rows, footer: ["", "\(selected.count) wilayas", formatFixed(area, decimals: 0), "", "", formatFixed(border, decimals: 1), ""]).render(format)
    }
}
