import Foundation

/// The words of the maps in Arabic, French and English: a thin accessor over the message
/// catalogue (`Resources/Messages/<lang>/maps.json`, keys `maps.*`) and its number formats.
struct MapText {
    let language: Language
    let l: Localizer

    init(language: Language) {
        self.language = language
        l = Localizer(language)
    }

    func number(_ value: Double, decimals: Int) -> String { l.number(value, decimals: decimals) }

    func km(_ value: Double, decimals: Int = 0) -> String { l.km(value, decimals: decimals) }

    /// A radius: whole km without decimals, else to the metre.
    func radius(_ value: Double) -> String { km(value, decimals: value.rounded() == value ? 0 : 3) }

    func status(_ status: CrossingStatus) -> String { l.name(status) }

    var separator: String { l.text("maps.separator") }

    // MARK: Titles

    func title(_ kind: MapKind, radiusKm: Double, borderName: String?) -> String {
        switch kind {
        case .overview: return l.text("maps.title.overview")
        case .coverage: return l.text("maps.title.coverage", ["radius": radius(radiusKm)])
        case .border: return l.text("maps.title.border", ["border": borderName ?? ""])
        }
    }

    func subtitle(service: Service?, borderKm: Double?, scenarioSites: Int) -> String {
        var parts = [l.text("maps.subtitle.projection")]
        if let borderKm { parts.append(l.text("maps.subtitle.length", ["length": km(borderKm, decimals: 1)])) }
        if let service { parts.append(l.text("maps.subtitle.service", ["service": l.name(service)])) }
        if scenarioSites > 0 { parts.append(l.text("maps.subtitle.scenario", ["count": l.integer(scenarioSites)])) }
        return parts.joined(separator: " · ")
    }

    // MARK: Legend and furniture

    var legend: String { l.text("maps.legend.title") }
    var landBorders: String { l.text("maps.legend.landBorders") }
    var coast: String { l.text("maps.legend.coast") }
    var crossings: String { l.text("maps.legend.crossings") }
    var railCrossing: String { l.text("maps.legend.railCrossing") }
    var scenarioSite: String { l.text("maps.legend.scenarioSite") }
    func coverageHeading(_ radiusKm: Double) -> String { l.text("maps.legend.coverage", ["radius": radius(radiusKm)]) }
    var disc: String { l.text("maps.legend.disc") }
    var gap: String { l.text("maps.legend.gap") }
    /// Gaps on all borders, or on one (`border`: its name).
    func gapSummary(count: Int, km total: Double, border: String?) -> String {
        guard let border else { return l.text("maps.legend.gaps", ["count": l.integer(count), "total": km(total)]) }
        return l.text("maps.legend.gapsOnBorder", ["border": border, "count": l.integer(count), "total": km(total)])
    }
    func openSummary(_ count: Int) -> String { l.text("maps.legend.openCrossings", ["count": l.integer(count)]) }
    var areas: String { l.text("maps.legend.areas") }
    var borderWilaya: String { l.text("maps.legend.borderWilaya") }
    var wilaya: String { l.text("maps.legend.wilaya") }
    var mainTown: String { l.text("maps.legend.mainTown") }
    var neighbour: String { l.text("maps.legend.neighbour") }
    func graticule(_ step: Int) -> String { l.text("maps.legend.graticule", ["step": String(step)]) }
    var north: String { l.text("maps.north") }
    var trueNorth: String { l.text("maps.trueNorth") }
    /// The Tunisia-border inset's title, with its scale ("1:2,500,000").
    func insetTitle(borderName: String, scale: Int) -> String {
        l.text("maps.inset.title", ["border": borderName, "scale": "1:" + l.integer(scale)])
    }
    var zoomHint: String { l.text("maps.zoomHint") }

    /// "30° N", "5° W"…
    func latitude(_ value: Int) -> String {
        value == 0 ? "0°" : l.text(value > 0 ? "maps.latitude.north" : "maps.latitude.south", ["degrees": String(abs(value))])
    }

    func longitude(_ value: Int) -> String {
        value == 0 ? "0°" : l.text(value > 0 ? "maps.longitude.east" : "maps.longitude.west", ["degrees": String(abs(value))])
    }

    static let attribution = "© OpenStreetMap contributors (ODbL) · Natural Earth · GeoNames (CC BY 4.0)"

    // MARK: Tooltips

    /// "goods only", "exceptional openings": what a crossing lacks of a full service.
    func serviceLevel(traffic: Set<Traffic>, regime: Regime) -> [String] {
        var parts: [String] = []
        if traffic == [.goods] { parts.append(l.text("maps.tooltip.goodsOnly")) }
        if traffic == [.travellers] { parts.append(l.text("maps.tooltip.travellersOnly")) }
        if regime == .exceptional { parts.append(l.text("maps.tooltip.exceptional")) }
        return parts
    }

    func crossingTooltip(name: String, status: CrossingStatus, traffic: Set<Traffic> = [.travellers, .goods], regime: Regime = .permanent,
                         hypothetical: Bool, kmToBorder: Double?, borderName: String?) -> String {
        var parts = [name, ([self.status(status)] + serviceLevel(traffic: traffic, regime: regime)).joined(separator: separator)]
        if hypothetical { parts.append(scenarioSite) }
        if let kmToBorder, let borderName {
            parts.append(l.text("maps.tooltip.fromBorder", ["distance": km(kmToBorder, decimals: 1), "border": borderName]))
        }
        return parts.joined(separator: " — ")
    }

    func wilayaTooltip(code: String, name: String, areaKm2: Double, borders: [(name: String, km: Double)], coverage: WilayaCoverage?) -> String {
        var parts = ["\(code) \(name)", number(areaKm2, decimals: 0) + "\u{00A0}" + l.text("maps.unit.km2")]
        if !borders.isEmpty {
            parts.append(l.text("maps.tooltip.landBorder", ["list": borders.map { "\($0.name) \(km($0.km))" }.joined(separator: separator)]))
        }
        if let coverage {
            var covered = [l.text("maps.tooltip.areaCovered", ["percent": l.percent(coverage.areaPercent, decimals: 0)])]
            if let border = coverage.borderPercent {
                covered.append(l.text("maps.tooltip.borderCovered", ["percent": l.percent(border, decimals: 0)]))
            }
            parts.append(covered.joined(separator: separator))
        }
        return parts.joined(separator: " — ")
    }

    func borderTooltip(name: String, lengthKm: Double, wilayas: [String]) -> String {
        l.text("maps.tooltip.border", ["border": name, "length": km(lengthKm, decimals: 1), "wilayas": wilayas.joined(separator: separator)])
    }

    func coastTooltip(lengthKm: Double) -> String { l.text("maps.tooltip.coast", ["length": km(lengthKm, decimals: 1)]) }

    func discTooltip(name: String, radiusKm: Double) -> String {
        l.text("maps.tooltip.disc", ["name": name, "radius": radius(radiusKm)])
    }

    func discUnionTooltip(count: Int, radius: String) -> String {
        l.text("maps.tooltip.discUnion", ["radius": radius, "count": l.integer(count)])
    }

    func gapTooltip(borderName: String, lengthKm: Double, wilayas: [String]) -> String {
        l.text("maps.tooltip.gap", ["border": borderName, "length": km(lengthKm, decimals: 1), "wilayas": wilayas.joined(separator: separator)])
    }

    func seatTooltip(town: String?, wilaya: String) -> String {
        guard let town else { return l.text("maps.tooltip.wilaya", ["wilaya": wilaya]) }
        return l.text("maps.tooltip.seat", ["town": town, "wilaya": wilaya])
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
