import Foundation

/// The words the commands' titles and notes share, from the catalogue (`commands.json`).
extension Localizer {
    /// `value` with at most `decimals` decimals, trailing zeros dropped, as the language writes
    /// it ("100", "12.5", "1 848,5").
    func measure(_ value: Double, upTo decimals: Int) -> String { displayNumber(formatNumber(value, decimals: decimals)) }

    /// A length with at most `decimals` decimals and its unit ("100 km", "12,5 كم").
    func kmUpTo(_ value: Double, decimals: Int) -> String { measure(value, upTo: decimals) + "\u{00A0}" + text("unit.km") }

    /// What the population figures are, for titles and notes (`DemandModel.summary` in the language).
    func demandSummary(_ model: DemandModel) -> String {
        switch model {
        case .communes: return text("commands.demand.communes")
        case .grid: return text("commands.demand.grid")
        case .places: return text("commands.demand.places")
        }
    }

    /// The unit a plan objective is counted in.
    func objectiveUnit(_ objective: PlanRequest.Objective) -> String {
        switch objective {
        case .population: return text("commands.unit.inhabitants")
        case .border: return text("unit.km")
        case .area: return text("commands.unit.km2")
        case .demand: return text("commands.unit.weight")
        case .distance: return text("commands.unit.inhabitantKm")
        case .corridor: return text("commands.unit.inhabitants")
        }
    }

    /// A plan objective's name.
    func objectiveName(_ objective: PlanRequest.Objective) -> String {
        switch objective {
        case .population: return text("commands.objective.population")
        case .border: return text("commands.objective.border")
        case .area: return text("commands.objective.area")
        case .demand: return text("commands.objective.demand")
        case .distance: return text("commands.objective.distance")
        case .corridor: return text("commands.objective.corridor")
        }
    }

    /// The separator of list items: ", " or the Arabic comma "، ".
    var comma: String { language == .ar ? "، " : ", " }

    /// The separator of the clauses of a title or note: "; ", " ; " (French spacing), "؛ ".
    var clauses: String {
        switch language {
        case .en: return "; "
        case .fr: return "\u{202F}; "
        case .ar: return "؛ "
        }
    }

    /// The rule that makes a crossing serve ("open, permanent, travellers").
    func serviceRule(_ service: Service) -> String {
        text("commands.service.rule", ["traffic": name(service)])
    }
}
