import Foundation

/// The report's words that depend on a value: each a key of `report.json` chosen by a switch, so
/// that every key stays a literal the catalogue tests can find.
extension ReportBuilder {
    /// Texts and formats in the report's language.
    var localizer: Localizer { Localizer(options.language) }

    /// The radius with its unit, with as many decimals as it has (up to 3): "100 km", "27,5 km".
    var radiusText: String { localizer.kmUpTo(options.radiusKm, decimals: 3) }

    /// "open, permanent, handling travellers": the service rule in words.
    var serviceRule: String {
        switch options.service {
        case .travellers: return localizer.text("report.rule.travellers")
        case .goods: return localizer.text("report.rule.goods")
        case .any: return localizer.text("report.rule.any")
        }
    }

    /// What the population figures are (the demand model), in the report's language.
    var demandSummary: String { localizer.demandSummary(data.demandModel) }

    /// A severity of the findings, named.
    /// What an exported layer holds (the layer's own description is English and for GIS files).
    func layerDescription(_ layer: ExportLayer) -> String {
        let l = localizer
        guard let kind = ExportLayerKind(rawValue: layer.name) else { return layer.description }
        switch kind {
        case .wilayas: return l.text("report.layer.wilayas", ["radius": radiusText])
        case .neighbours: return l.text("report.layer.neighbours")
        case .borders: return l.text("report.layer.borders", ["radius": radiusText])
        case .crossings: return l.text("report.layer.crossings")
        case .catchments: return l.text("report.layer.catchments", ["radius": radiusText])
        case .coverage: return l.text("report.layer.coverage", ["radius": radiusText])
        case .gaps: return l.text("report.layer.gaps", ["radius": radiusText])
        case .places: return l.text("report.layer.places")
        case .projects: return l.text("report.layer.projects")
        case .communes: return l.text("report.layer.communes", ["radius": radiusText])
        case .plan: return l.text("report.layer.plan", ["radius": radiusText])
        }
    }
}

extension Localizer {
    /// A date of the knowledge base ("2024-03-12", "2024-03", "2024") as the language writes it;
    /// a text that is not a date is returned as it is.
    func dateText(_ text: String) -> String {
        PartialDate(text).map(date) ?? text
    }
}
