import Foundation

/// The "Across the border" strings in Arabic, French and English, until the message catalogue
/// (issue 15) lands: then they move to Resources/Messages/<lang>/partner.json and this type to `Localizer`.
struct PartnerText {
    let language: Language

    init(_ language: Language) { self.language = language }

    /// The text of `key` in the language, with `{name}` placeholders filled.
    func text(_ key: String, _ values: [String: String] = [:]) -> String {
        var out = Self.messages[key]?[language] ?? key
        for (name, value) in values { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
        return out
    }

    func number(_ value: Double, decimals: Int) -> String { formatNumber(value, decimals: decimals) }
    func integer(_ value: Int) -> String { String(value) }

    static let messages: [String: [Language: String]] = [
        "partner.heading": [.en: "Across the border", .fr: "De l’autre côté de la frontière", .ar: "عبر الحدود"],
        "partner.intro": [
            .en: "A crossing serves people on both sides. Algerian side: the population of the border wilayas within {radius} km of an open crossing. Partner side: the GeoNames population of the neighbour’s places within {radius} km of an open crossing with that neighbour; its catchment is the {radius} km disc clipped to the neighbour’s polygon (Natural Earth), never to Algeria.",
            .fr: "Un poste sert la population des deux côtés. Côté algérien : la population des wilayas frontalières à moins de {radius} km d’un poste ouvert. Côté partenaire : la population GeoNames des localités du pays voisin à moins de {radius} km d’un poste ouvert avec ce pays ; sa zone de desserte est le disque de {radius} km découpé sur le polygone du voisin (Natural Earth), jamais sur l’Algérie.",
            .ar: "يخدم المعبر السكان على جانبي الحدود. الجانب الجزائري: سكان الولايات الحدودية على بعد {radius} كم أو أقل من معبر مفتوح. جانب البلد الشريك: سكان مواقع البلد المجاور حسب GeoNames على بعد {radius} كم أو أقل من معبر مفتوح معه؛ ومنطقة خدمته هي قرص نصف قطره {radius} كم مقصوص على مضلع البلد المجاور (Natural Earth)، لا على الجزائر أبدا.",
        ],
        "partner.table.sides": [.en: "Covered population on both sides of each border at {radius} km", .fr: "Population desservie des deux côtés de chaque frontière à {radius} km",
                                .ar: "السكان المخدومون على جانبي كل حدود على بعد {radius} كم"],
        "partner.table.crossings": [.en: "Each open crossing at {radius} km, on both sides", .fr: "Chaque poste ouvert à {radius} km, des deux côtés",
                                    .ar: "كل معبر مفتوح على بعد {radius} كم، على الجانبين"],
        "partner.corridors.intro": [
            .en: "Corridors: for each crossing, the nearest towns of its partner country with at least 10,000, 50,000 and 100,000 people, and the nearest Algerian wilaya seats of those sizes; geodesic (WGS84) straight-line distances.",
            .fr: "Corridors : pour chaque poste, les villes les plus proches du pays partenaire d’au moins 10 000, 50 000 et 100 000 habitants, et les chefs-lieux de wilaya algériens les plus proches de ces tailles ; distances géodésiques (WGS84) à vol d’oiseau.",
            .ar: "الممرات: لكل معبر، أقرب مدن البلد الشريك التي يبلغ عدد سكانها 10 000 و50 000 و100 000 نسمة على الأقل، وأقرب مقرات الولايات الجزائرية بهذه الأحجام؛ المسافات جيوديسية (WGS84) في خط مستقيم.",
        ],
        "partner.table.corridors": [.en: "Corridors: nearest towns on each side", .fr: "Corridors : villes les plus proches de chaque côté", .ar: "الممرات: أقرب المدن على كل جانب"],
        "partner.town": [.en: "{name} ({km} km)", .fr: "{name} ({km} km)", .ar: "{name} ({km} كم)"],
        "partner.column.border": [.en: "border", .fr: "frontière", .ar: "الحدود"],
        "partner.column.crossing": [.en: "crossing", .fr: "poste", .ar: "المعبر"],
        "partner.column.dz-covered": [.en: "Algerian side covered", .fr: "côté algérien desservi", .ar: "الجانب الجزائري المخدوم"],
        "partner.column.partner-covered": [.en: "partner side covered", .fr: "côté partenaire desservi", .ar: "جانب الشريك المخدوم"],
        "partner.column.near-border": [.en: "partner side within R of the border", .fr: "côté partenaire à moins de R de la frontière", .ar: "جانب الشريك على بعد R من الحدود"],
        "partner.column.partner-percent": [.en: "partner side covered (%)", .fr: "côté partenaire desservi (%)", .ar: "جانب الشريك المخدوم (%)"],
        "partner.column.catchment": [.en: "partner catchment (km²)", .fr: "zone desservie chez le partenaire (km²)", .ar: "منطقة الخدمة لدى الشريك (كم²)"],
        "partner.column.partner-town": [.en: "partner town ≥ {size}", .fr: "ville partenaire ≥ {size}", .ar: "مدينة الشريك ≥ {size}"],
        "partner.column.dz-seat": [.en: "wilaya seat ≥ {size}", .fr: "chef-lieu de wilaya ≥ {size}", .ar: "مقر ولاية ≥ {size}"],
    ]
}
