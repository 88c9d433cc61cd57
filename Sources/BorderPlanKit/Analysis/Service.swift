import Foundation

/// The service a coverage or a plan is about (`--service`): which crossings serve demand.
/// A crossing serves under a service when it is open, opens permanently (not only
/// exceptionally) and handles that traffic (`any`: travellers or goods). This is the one
/// rule every analysis uses to ask "is this site serving?".
public enum Service: String, ClosedSet {
    case travellers, goods, any

    /// The default of every command: people crossing.
    public static let `default` = Service.travellers

    /// The traffic that makes a site serve (one of them is enough).
    public var traffic: Set<Traffic> {
        switch self {
        case .travellers: return [.travellers]
        case .goods: return [.goods]
        case .any: return [.travellers, .goods]
        }
    }

    /// Whether a crossing with this status, traffic and regime serves.
    public func serves(status: CrossingStatus, traffic: Set<Traffic>, regime: Regime) -> Bool {
        status == .open && regime == .permanent && !traffic.isDisjoint(with: self.traffic)
    }

    public func serves(_ site: Site) -> Bool {
        serves(status: site.status, traffic: site.traffic, regime: site.regime)
    }

    /// The site as it is once made to serve (opened, made permanent, given the service's
    /// traffic when it lacks it): what a plan's option does to it.
    public func serving(_ site: Site) -> Site {
        var site = site
        site.status = .open
        site.regime = .permanent
        if site.traffic.isDisjoint(with: traffic) { site.traffic.insert(self == .goods ? .goods : .travellers) }
        return site
    }

    /// What a site lacks to serve, in words ("closed", "goods only", "exceptional openings only");
    /// empty when it serves.
    public func lacks(_ site: Site) -> [String] {
        var missing: [String] = []
        if site.status != .open { missing.append(site.status.rawValue) }
        if site.regime != .permanent { missing.append("exceptional openings only") }
        if site.traffic.isDisjoint(with: traffic) {
            missing.append("\(site.traffic.sorted().map(\.rawValue).joined(separator: " and ")) only")
        }
        return missing
    }

    /// "open, permanent, travellers": the rule in words, for titles and notes.
    public var rule: String {
        "open, permanent, handling \(self == .any ? "travellers or goods" : rawValue)"
    }
}
