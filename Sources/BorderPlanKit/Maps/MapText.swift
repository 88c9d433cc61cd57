import Foundation

/// The words of the maps in Arabic, French and English: titles, legend, tooltips, units.
struct MapText {
    let language: Language

    private func pick(_ ar: String, _ fr: String, _ en: String) -> String {
        switch language {
        case .ar: return ar
        case .fr: return fr
        case .en: return en
        }
    }

    /// A number with `decimals` decimals, French decimal comma.
    func number(_ value: Double, decimals: Int) -> String {
        let text = formatFixed(value, decimals: decimals)
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    func km(_ value: Double, decimals: Int = 0) -> String {
        number(value, decimals: decimals) + " " + pick("كم", "km", "km")
    }

    func status(_ status: CrossingStatus) -> String {
        switch status {
        case .open: return pick("مفتوح", "ouvert", "open")
        case .closed: return pick("مغلق", "fermé", "closed")
        case .planned: return pick("مخطط", "prévu", "planned")
        case .suspended: return pick("معلق", "suspendu", "suspended")
        }
    }

    var separator: String { pick("، ", ", ", ", ") }

    // MARK: Titles

    func title(_ kind: MapKind, radiusKm: Double, borderName: String?) -> String {
        switch kind {
        case .overview:
            return pick("الجزائر: الحدود البرية والمعابر الحدودية", "Algérie : frontières terrestres et postes frontaliers",
                        "Algeria: land borders and border crossings")
        case .coverage:
            let r = km(radiusKm, decimals: radiusKm.rounded() == radiusKm ? 0 : 3)
            return pick("تغطية الحدود البرية بالمعابر المفتوحة (نصف القطر \(r))",
                        "Couverture des frontières terrestres par les postes ouverts (rayon \(r))",
                        "Coverage of the land borders by open crossings (radius \(r))")
        case .border:
            let name = borderName ?? ""
            return pick("الحدود بين الجزائر و\(name)", "Frontière Algérie – \(name)", "Algeria–\(name) border")
        }
    }

    /// The service a coverage map is drawn for.
    func service(_ service: Service) -> String {
        switch service {
        case .travellers: return pick("المسافرون", "voyageurs", "travellers")
        case .goods: return pick("البضائع", "marchandises", "goods")
        case .any: return pick("المسافرون أو البضائع", "voyageurs ou marchandises", "travellers or goods")
        }
    }

    func subtitle(service: Service?, borderKm: Double?, scenarioSites: Int) -> String {
        var text = pick("الإسقاط: مخروطي لامبرت المطابق (خطا العرض القياسيان 22° و34° شمالاً)",
                        "Projection : conique conforme de Lambert (parallèles 22° N et 34° N)",
                        "Projection: Lambert conformal conic (standard parallels 22° N and 34° N)")
        if let borderKm {
            let length = km(borderKm, decimals: 1)
            text += " · " + pick("طول الحدود \(length)", "longueur \(length)", "length \(length)")
        }
        if let service {
            let served = self.service(service)
            text += " · " + pick("الخدمة: \(served) (مفتوح، دائم)", "service : \(served) (ouvert, permanent)", "service: \(served) (open, permanent)")
        }
        if scenarioSites > 0 {
            text += " · " + pick("مواقع افتراضية: \(scenarioSites)", "sites hypothétiques : \(scenarioSites)", "scenario sites: \(scenarioSites)")
        }
        return text
    }

    // MARK: Legend

    var legend: String { pick("مفتاح الخريطة", "Légende", "Legend") }
    var landBorders: String { pick("الحدود البرية", "Frontières terrestres", "Land borders") }
    var coast: String { pick("الساحل", "Côte", "Coast") }
    var crossings: String { pick("المعابر الحدودية", "Postes frontaliers", "Border crossings") }
    var railCrossing: String { pick("معبر سككي (اللون حسب الحالة)", "passage ferroviaire (couleur selon le statut)", "rail crossing (colour by status)") }
    var scenarioSite: String { pick("موقع افتراضي (سيناريو)", "site hypothétique (scénario)", "hypothetical site (scenario)") }
    func coverageHeading(_ radiusKm: Double) -> String {
        let r = km(radiusKm, decimals: radiusKm.rounded() == radiusKm ? 0 : 3)
        return pick("التغطية (نصف القطر \(r))", "Couverture (rayon \(r))", "Coverage (radius \(r))")
    }
    var disc: String { pick("قرص معبر مفتوح (جيوديسي)", "disque d’un poste ouvert (géodésique)", "geodesic disc of an open crossing") }
    var gap: String { pick("حدود غير مغطاة (فجوة)", "frontière non couverte (lacune)", "uncovered border (gap)") }
    /// Gaps on all borders, or on one (`border`: its name).
    func gapSummary(count: Int, km total: Double, border: String?) -> String {
        guard let border else {
            return pick("الفجوات: \(count)، المجموع \(km(total))", "lacunes : \(count), total \(km(total))", "gaps: \(count), total \(km(total))")
        }
        return pick("الفجوات على الحدود مع \(border): \(count)، المجموع \(km(total))", "lacunes (\(border)) : \(count), total \(km(total))",
                    "gaps on the \(border) border: \(count), total \(km(total))")
    }
    func openSummary(_ count: Int) -> String {
        pick("معابر مفتوحة: \(count)", "postes ouverts : \(count)", "open crossings: \(count)")
    }
    var mainTown: String { pick("المدينة الرئيسية للولاية", "ville principale de la wilaya", "main town of the wilaya") }
    /// The Tunisia-border inset's title, with its scale.
    func insetTitle(borderName: String, scale: Int) -> String {
        let denominator = Self.grouped(String(scale), separator: language == .fr ? "\u{202F}" : ",")
        return pick("الحدود مع \(borderName) — 1:\(denominator)", "Frontière (\(borderName)) — 1:\(denominator)", "\(borderName) border — 1:\(denominator)")
    }
    var zoomHint: String { pick("انقر للتكبير، ثم انقر للعودة", "Cliquer pour zoomer, cliquer encore pour revenir", "Click to zoom in, click again to zoom out") }
    var areas: String { pick("المساحات", "Surfaces", "Areas") }
    var borderWilaya: String { pick("ولاية حدودية", "wilaya frontalière", "border wilaya") }
    var wilaya: String { pick("ولاية", "wilaya", "wilaya") }
    var neighbour: String { pick("بلد مجاور", "pays voisin", "neighbouring country") }
    func graticule(_ step: Int) -> String { pick("شبكة الإحداثيات كل \(step)°", "graticule tous les \(step)°", "graticule every \(step)°") }
    var north: String { pick("ش", "N", "N") }

    /// "30° N", "5° W"…
    func latitude(_ value: Int) -> String {
        value == 0 ? "0°" : "\(abs(value))° " + (value > 0 ? pick("ش", "N", "N") : pick("ج", "S", "S"))
    }

    func longitude(_ value: Int) -> String {
        value == 0 ? "0°" : "\(abs(value))° " + (value > 0 ? pick("ق", "E", "E") : pick("غ", "O", "W"))
    }

    static let attribution = "© OpenStreetMap contributors (ODbL) · Natural Earth · GeoNames (CC BY 4.0)"

    // MARK: Tooltips

    /// ", goods only", ", exceptional openings": what a crossing lacks of a full service.
    func serviceLevel(traffic: Set<Traffic>, regime: Regime) -> String {
        var text = ""
        if traffic == [.goods] { text += pick("، بضائع فقط", ", marchandises seulement", ", goods only") }
        if traffic == [.travellers] { text += pick("، مسافرون فقط", ", voyageurs seulement", ", travellers only") }
        if regime == .exceptional { text += pick("، فتح استثنائي", ", ouvertures exceptionnelles", ", exceptional openings") }
        return text
    }

    func crossingTooltip(name: String, status: CrossingStatus, traffic: Set<Traffic> = [.travellers, .goods], regime: Regime = .permanent,
                         hypothetical: Bool, kmToBorder: Double?, borderName: String?) -> String {
        var parts = [name, self.status(status) + serviceLevel(traffic: traffic, regime: regime)]
        if hypothetical { parts.append(scenarioSite) }
        if let kmToBorder, let borderName {
            let distance = km(kmToBorder, decimals: 1)
            parts.append(pick("على بعد \(distance) من الحدود مع \(borderName)", "à \(distance) de la frontière (\(borderName))",
                              "\(distance) from the \(borderName) border"))
        }
        return parts.joined(separator: " — ")
    }

    func wilayaTooltip(code: String, name: String, areaKm2: Double, borders: [(name: String, km: Double)], coverage: WilayaCoverage?) -> String {
        var parts = ["\(code) \(name)", number(areaKm2, decimals: 0) + " " + pick("كم²", "km²", "km²")]
        if !borders.isEmpty {
            let list = borders.map { "\($0.name) \(km($0.km))" }.joined(separator: separator)
            parts.append(pick("حدود برية: \(list)", "frontière terrestre : \(list)", "land border: \(list)"))
        }
        if let coverage {
            let area = number(coverage.areaPercent, decimals: 0)
            var text = pick("المساحة المغطاة \(area)٪", "surface couverte \(area) %", "area covered \(area) %")
            if let border = coverage.borderPercent {
                let value = number(border, decimals: 0)
                text += separator + pick("الحدود المغطاة \(value)٪", "frontière couverte \(value) %", "border covered \(value) %")
            }
            parts.append(text)
        }
        return parts.joined(separator: " — ")
    }

    func borderTooltip(name: String, lengthKm: Double, wilayas: [String]) -> String {
        let list = wilayas.joined(separator: separator)
        return pick("الحدود مع \(name) — \(km(lengthKm, decimals: 1)) — الولايات: \(list)",
                    "Frontière (\(name)) — \(km(lengthKm, decimals: 1)) — wilayas : \(list)",
                    "\(name) border — \(km(lengthKm, decimals: 1)) — wilayas: \(list)")
    }

    func coastTooltip(lengthKm: Double) -> String {
        pick("الساحل — \(km(lengthKm, decimals: 1))", "Côte — \(km(lengthKm, decimals: 1))", "Coast — \(km(lengthKm, decimals: 1))")
    }

    func discTooltip(name: String, radiusKm: Double) -> String {
        let r = km(radiusKm, decimals: radiusKm.rounded() == radiusKm ? 0 : 3)
        return pick("منطقة \(name) — قرص جيوديسي نصف قطره \(r)", "Zone de \(name) — disque géodésique de \(r)",
                    "Catchment of \(name) — geodesic disc of \(r)")
    }

    func seatTooltip(town: String?, wilaya: String) -> String {
        guard let town else { return pick("الولاية \(wilaya)", "Wilaya \(wilaya)", "Wilaya \(wilaya)") }
        return pick("\(town) — المدينة الرئيسية لولاية \(wilaya)", "\(town) — ville principale de la wilaya \(wilaya)", "\(town) — main town of wilaya \(wilaya)")
    }

    func discUnionTooltip(count: Int, radius: String) -> String {
        pick("المنطقة على بعد \(radius) من معبر مفتوح (\(count) معابر)", "Zone à moins de \(radius) d’un poste ouvert (\(count) postes)",
             "Within \(radius) of an open crossing (\(count) crossings)")
    }

    func gapTooltip(borderName: String, lengthKm: Double, wilayas: [String]) -> String {
        let list = wilayas.joined(separator: separator)
        return pick("فجوة غير مغطاة على الحدود مع \(borderName) — \(km(lengthKm, decimals: 1)) — الولايات: \(list)",
                    "Lacune non couverte, frontière (\(borderName)) — \(km(lengthKm, decimals: 1)) — wilayas : \(list)",
                    "Uncovered gap on the \(borderName) border — \(km(lengthKm, decimals: 1)) — wilayas: \(list)")
    }
}

extension MapText {
    /// A crossing's name as a map label: without parentheses and the generic words
    /// ("crossing", "Poste frontalier de", "معبر", "rail crossing"); the tooltip keeps the full name.
    func shortName(_ name: String) -> String {
        var text = ""
        var depth = 0
        for character in name {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { text.append(character) }
        }
        text = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        // The rail crossing's words go too: its symbol is a length of track.
        for prefix in ["Poste frontalier de ", "Poste frontalier d'", "Poste frontalier d’", "Poste frontalier ", "Poste de ", "Poste d'",
                       "Passage ferroviaire ", "المعبر الحدودي للسكة الحديدية ", "المعبر الحدودي ", "معبر "] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
            break
        }
        for suffix in [" rail crossing", " crossing"] where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
            break
        }
        text = text.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? name : text
    }
}

extension MapText {
    /// "2500000" → "2,500,000" with `separator`.
    static func grouped(_ digits: String, separator: String) -> String {
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out = separator + out }
            out = String(character) + out
        }
        return out
    }
}
