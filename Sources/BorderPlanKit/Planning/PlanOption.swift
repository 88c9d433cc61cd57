import Foundation

/// What the ministry would fund to make a site serve (`--service`): the kind of a plan's option.
public enum OptionKind: String, ClosedSet {
    /// Put a planned crossing into service.
    case openPlanned = "open-planned"
    /// Reopen a closed or suspended crossing.
    case reopen
    /// Open to a traffic an open crossing does not handle (Debdeb to travellers).
    case addTraffic = "add-traffic"
    /// Open permanently a crossing that opens only exceptionally.
    case makePermanent = "make-permanent"
    /// Build a post at a new site (generated or a scenario's).
    case newPost = "new-post"

    /// The kind of option that makes `site` serve under `service`.
    public static func of(_ site: Site, service: Service) -> OptionKind {
        if site.hypothetical { return .newPost }
        switch site.status {
        case .planned: return .openPlanned
        case .closed, .suspended: return .reopen
        case .open: return site.regime == .permanent ? .addTraffic : .makePermanent
        }
    }
}

/// An unfinished project that buys no coverage under the service, and why.
public struct NoEffectProject: Sendable, Equatable {
    public var project: String
    public var crossing: String
    public var reason: PlanNote
    /// Its reported cost in DZD (nil: unknown), with how it was converted.
    public var cost: DZDCost?
}

/// The projects of projects.json as options: which of them make a crossing serve, and which
/// have no coverage effect (modernisations, capacity, roads, or an effect the service does not need).
public enum ProjectOptions {
    /// The unfinished projects of `site` whose effect makes it serve under `service`.
    public static func effective(for site: Site, service: Service, knowledge: KnowledgeBase) -> [Project] {
        guard !service.serves(site) else { return [] }
        return knowledge.projects(for: site.id).filter { project in
            project.phase != .completed && project.effect.map { service.serves($0.applied(to: site)) } == true
        }
    }

    /// The unfinished projects that would not change which crossings serve under `service`.
    public static func withoutEffect(sites: [Site], service: Service, knowledge: KnowledgeBase, rates: RateTable) -> [NoEffectProject] {
        knowledge.projects.filter { $0.phase != .completed }.compactMap { project in
            let own = project.crossings.compactMap { id in sites.first { $0.id == id } }
            guard let effect = project.effect else {
                return NoEffectProject(project: project.id, crossing: project.crossing,
                                       reason: PlanNote("plannotes.no-effect.kind", ["kind": PlanNote.named(project.kind), "aim": .names(ar: project.aimAR, fr: project.aimFR, en: project.aimEN)]), cost: Money.projectCost(project, rates: rates))
            }
            let changes = own.contains { !service.serves($0) && service.serves(effect.applied(to: $0)) }
            guard !changes else { return nil }
            let reason = own.allSatisfy(service.serves)
                ? PlanNote("plannotes.no-effect.serves", ["crossing": .text(project.crossing), "service": PlanNote.named(service)])
                : PlanNote("plannotes.no-effect.service", ["service": .text(service.rawValue), "aim": .names(ar: project.aimAR, fr: project.aimFR, en: project.aimEN)])
            return NoEffectProject(project: project.id, crossing: project.crossing, reason: reason, cost: Money.projectCost(project, rates: rates))
        }
    }

    /// The cost of making `site` serve through its effective projects, in DZD: nil when there is
    /// none or one has no known cost (with the reason).
    public static func cost(of projects: [Project], rates: RateTable) -> (dzd: Double?, note: String) {
        guard !projects.isEmpty else { return (nil, "no project with a cost") }
        var total = 0.0
        var parts: [String] = []
        for project in projects {
            guard let cost = Money.projectCost(project, rates: rates) else { return (nil, "project \(project.id) has no reported cost") }
            guard let dzd = cost.dzd else { return (nil, "project \(project.id): \(cost.explanation)") }
            total += dzd
            parts.append("\(project.id): \(cost.explanation)")
        }
        return (total, parts.joined(separator: "; "))
    }
}
