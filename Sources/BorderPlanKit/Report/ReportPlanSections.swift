import Foundation

/// The report's closing sections: the plan, the consistency findings and the exports.
extension ReportBuilder {
    /// The plan for K = 1…maxK and what it leaves out.
    func planSection(_ plans: [PlanResult]) -> [HTMLNode] {
        let l = localizer
        let table = Table(columns: [.init(l.text("report.plan.col.k"), numeric: true), .init(l.text("report.plan.col.choose")),
                                    .init(l.text("report.plan.col.before"), numeric: true), .init(l.text("report.plan.col.after"), numeric: true),
                                    .init(l.text("report.plan.col.share"), numeric: true), .init(l.text("report.plan.col.optimal")),
                                    .init(l.text("report.plan.col.runnersUp"))],
                          rows: plans.map(planRow))
        let notes: [HTMLNode] = plans.compactMap { plan in
            guard let adding = plan.addingOptions else { return nil }
            let key = adding == 0 ? "report.plan.stop.none" : "report.plan.stop.some"
            return .el("p", ["class": "note"], [l.html(key, ["k": l.integer(plan.request.k), "adding": l.integer(adding)])])
        }
        return [
            .el("h2", ["id": "plan"], [l.html("report.plan.heading", ["range": "K = 1…\(options.maxK)"])]),
            .el("p", [:], planIntroduction()),
            table.htmlNode(localizer: l),
        ] + notes
    }

    /// What the plan maximises, what it leaves out and how to change that.
    func planIntroduction() -> [HTMLNode] {
        let l = localizer
        let partners = options.excludePartners.isEmpty ? l.text("report.plan.noneExcluded") : l.list(options.excludePartners.map { l.name($0) })
        var nodes = [l.html("report.plan.objective", ["demand": demandSummary, "radius": radiusText, "service": l.name(options.service), "rule": serviceRule]),
                     .text(" "), l.html("report.plan.excludedPartners", ["partners": partners])]
        if !options.exclude.isEmpty {
            nodes += [.text(" "), l.html("report.plan.excludedCrossings", ["ids": options.exclude.joined(separator: ", ")])]
        }
        let options = ["partnerOption": "--exclude-partner …", "noneOption": "--exclude-partner none", "excludeOption": "--exclude ID …"]
        nodes += [.text(" "), l.html("report.plan.change", options).codeArguments()]
        return nodes
    }

    /// One line of the plan table: K, the choice with each option's gain, before, after, share, optimality, runners-up.
    func planRow(_ plan: PlanResult) -> [String] {
        let l = localizer
        let choice = plan.selected.map { "\($0.rank). \($0.site.id) (+\(l.integer(Int($0.marginal.rounded()))))" }.joined(separator: " ")
        let optimal = plan.optimal ? l.text("report.plan.proved") : l.text("report.plan.gap", ["gap": l.percent(plan.gapPercent, decimals: 2)])
        return [String(plan.request.k), choice, formatFixed(plan.coveredBefore, decimals: 0), formatFixed(plan.coveredAfter, decimals: 0),
                plan.demandTotal > 0 ? formatFixed(plan.coveredAfter / plan.demandTotal * 100, decimals: 2) : "—", optimal,
                plan.runnersUp.prefix(3).map { $0.ids.joined(separator: " + ") }.joined(separator: l.clauses)]
    }

    /// The consistency findings, in the reader's language.
    func findingsSection(_ findings: [Finding]) -> [HTMLNode] {
        let l = localizer
        let table = Table(columns: [.init(l.text("report.findings.col.severity")), .init(l.text("report.findings.col.rule")),
                                    .init(l.text("report.findings.col.subject")), .init(l.text("report.findings.col.finding"))],
                          rows: findings.map { [l.name($0.severity), $0.rule, $0.subject, $0.text(l)] })
        return [.el("h2", ["id": "findings"], text: l.text("report.findings.heading")), table.htmlNode(localizer: l)]
    }

    /// Links to the exported files, then the attribution.
    func exportsSection(_ layers: [ExportLayer]) -> [HTMLNode] {
        let l = localizer
        func item(_ file: String, _ note: HTMLNode) -> HTMLNode {
            .el("li", [:], [.el("a", ["href": file], text: file), .text(" — "), note])
        }
        let items = layers.map { layer in
            item("exports/\(layer.name).geojson", l.html("report.exports.layer", ["description": layerDescription(layer), "count": l.integer(layer.features.count)]))
        } + [item("exports/borderplan.gpkg", .text(l.text("report.exports.gpkg")))]
        return [
            .el("h2", ["id": "exports"], text: l.text("report.exports.heading")),
            .el("ul", [:], items),
            .el("p", ["class": "note"], [l.html("report.exports.credits", ["version": borderPlanVersion])]),
        ]
    }
}
