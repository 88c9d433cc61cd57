import Foundation
import Geo

/// The consistency report of the knowledge base against the geometry.
public struct KnowledgeValidation {
    public static let borderSnapKm = 5.0
    public static let maxPrecisionKm = 10.0
    public static let staleYears = 3.0

    public let linker: KnowledgeLinker
    public let asOf: PartialDate

    public init(linker: KnowledgeLinker, asOf: PartialDate) {
        self.linker = linker
        self.asOf = asOf
    }

    private var knowledge: KnowledgeBase { linker.knowledge }
    private var geodata: Geodata { linker.geodata }

    /// Every finding, most severe first, then by rule and subject.
    public func run() throws -> [Finding] {
        var findings: [Finding] = []
        findings += duplicateIDs()
        findings += try references()
        findings += dates()
        findings += values()
        findings += try geometry()
        findings += try localMechanisms()
        findings += try coverageOfMechanisms()
        findings += staleCommittees()
        return findings.map { ($0, $0.message) }.sorted { ($0.0.severity, $0.0.rule, $0.0.subject, $0.1) < ($1.0.severity, $1.0.rule, $1.0.subject, $1.1) }.map(\.0)
    }

    // MARK: Errors

    func duplicateIDs() -> [Finding] {
        func duplicates(_ ids: [String], _ key: String, _ file: String) -> [Finding] {
            Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { id, uses in
                Finding(severity: .error, rule: .duplicateID, subject: id, key, ["file": .text(file), "id": .text(id), "count": .number(String(uses.count))])
            }
        }
        return duplicates(knowledge.crossings.map(\.id), "finding.duplicate-id.crossing", KnowledgeBase.crossingsFile)
            + duplicates(knowledge.projects.map(\.id), "finding.duplicate-id.project", KnowledgeBase.projectsFile)
            + duplicates(knowledge.committees.map(\.id), "finding.duplicate-id.committee", KnowledgeBase.committeesFile)
    }

    func references() throws -> [Finding] {
        var findings: [Finding] = []
        let crossingIDs = knowledge.crossings.map(\.id)
        let codes = Set(try geodata.wilayas().map(\.code))
        func unresolved(_ subject: String, _ key: String, _ arguments: [String: MessageValue]) {
            findings.append(Finding(severity: .error, rule: .unresolvedReference, subject: subject, key, arguments))
        }
        for project in knowledge.projects {
            for id in project.crossings where !crossingIDs.contains(id) {
                unresolved(project.id, "finding.unresolved-reference.crossing", ["file": .text(KnowledgeBase.projectsFile), "project": .text(project.id), "id": .text(id),
                                                                                  "closest": .text(closestMatches(to: id, among: crossingIDs).joined(separator: ", "))])
            }
        }
        for committee in knowledge.committees {
            let here: [String: MessageValue] = ["file": .text(KnowledgeBase.committeesFile), "committee": .text(committee.id)]
            for code in committee.algerianWilayaCodes ?? [] where !codes.contains(code) {
                unresolved(committee.id, "finding.unresolved-reference.wilaya-code", here.merging(["code": .text(code)]) { $1 })
            }
            if let names = committee.algerianWilayas, let named = committee.algerianWilayaCodes, names.count != named.count {
                unresolved(committee.id, "finding.unresolved-reference.wilaya-count",
                           here.merging(["names": .number(String(names.count)), "codes": .number(String(named.count))]) { $1 })
            }
        }
        return findings
    }

    func dates() -> [Finding] {
        var findings: [Finding] = []
        func check(_ value: String?, _ subject: String, _ location: MessageValue) {
            guard let value, PartialDate(value) == nil else { return }
            findings.append(Finding(severity: .error, rule: .malformedDate, subject: subject, "finding.malformed-date", ["location": location, "value": .text(value)]))
        }
        for crossing in knowledge.crossings {
            func at(_ field: String) -> MessageValue { FindingLocation.crossing(crossing, field: field) }
            for (index, event) in crossing.history.enumerated() {
                check(event.date, crossing.id, at("history[\(index)].date"))
                check(event.source?.date, crossing.id, at("history[\(index)].source.date"))
            }
            for (index, source) in crossing.sources.enumerated() { check(source.date, crossing.id, at("sources[\(index)].date")) }
        }
        for project in knowledge.projects {
            func at(_ field: String) -> MessageValue { FindingLocation.project(project.id, field: field) }
            check(project.started, project.id, at("started"))
            check(project.completed, project.id, at("completed"))
            check(project.expected, project.id, at("expected"))
            check(project.percentCompleteDate, project.id, at("percent_complete_date"))
            for (index, source) in project.sources.enumerated() { check(source.date, project.id, at("sources[\(index)].date")) }
        }
        for committee in knowledge.committees {
            func at(_ field: String) -> MessageValue { FindingLocation.committee(committee.id, field: field) }
            check(committee.foundingProtocol, committee.id, at("founding_protocol"))
            check(committee.lastSession?.start, committee.id, at("last_session.start"))
            check(committee.lastSession?.end, committee.id, at("last_session.end"))
            for (index, session) in (committee.sessions ?? []).enumerated() {
                check(session.start, committee.id, at("sessions[\(index)].start"))
                check(session.end, committee.id, at("sessions[\(index)].end"))
                check(session.source?.date, committee.id, at("sessions[\(index)].source.date"))
            }
            for (index, source) in committee.sources.enumerated() { check(source.date, committee.id, at("sources[\(index)].date")) }
        }
        return findings
    }

    func values() -> [Finding] {
        var findings: [Finding] = []
        func invalid(_ subject: String, _ key: String, _ location: MessageValue, _ arguments: [String: MessageValue] = [:]) {
            findings.append(Finding(severity: .error, rule: .invalidValue, subject: subject, key, arguments.merging(["location": location]) { $1 }))
        }
        for crossing in knowledge.crossings {
            func at(_ field: String) -> MessageValue { FindingLocation.crossing(crossing, field: field) }
            if !(crossing.precisionKm >= 0) { invalid(crossing.id, "finding.invalid-value.distance", at("precision_km"), ["value": .text("\(crossing.precisionKm)")]) }
            if crossing.sources.isEmpty && crossing.history.isEmpty { invalid(crossing.id, "finding.invalid-value.crossing-source", at("sources")) }
            for (index, event) in crossing.history.enumerated() where event.source == nil {
                invalid(crossing.id, "finding.invalid-value.event-source", at("history[\(index)].source"))
            }
        }
        for project in knowledge.projects {
            func at(_ field: String) -> MessageValue { FindingLocation.project(project.id, field: field) }
            if let percent = project.percentComplete, !(0...100).contains(percent) {
                invalid(project.id, "finding.invalid-value.percent", at("percent_complete"), ["value": .number("\(percent)")])
            }
            if project.sources.isEmpty { invalid(project.id, "finding.invalid-value.project-source", at("sources")) }
        }
        for committee in knowledge.committees {
            func at(_ field: String) -> MessageValue { FindingLocation.committee(committee.id, field: field) }
            if committee.sources.isEmpty { invalid(committee.id, "finding.invalid-value.committee-source", at("sources")) }
            // last_session stays the latest of the recorded sessions (readers use it alone).
            let latest = (committee.sessions ?? []).compactMap { session in PartialDate(session.start).map { ($0, session) } }.max { $0.0 < $1.0 }?.1
            if let latest, committee.lastSession?.start != latest.start || committee.lastSession?.place != latest.place {
                invalid(committee.id, "finding.invalid-value.last-session", at("last_session"),
                        ["value": .text(committee.lastSession?.start ?? "null"), "latest": .text(latest.start + (latest.place.map { ", \($0)" } ?? ""))])
            }
        }
        return findings
    }

    func geometry() throws -> [Finding] {
        var findings: [Finding] = []
        for crossing in knowledge.crossings {
            let c = crossing.location
            guard c.lat.isFinite, c.lon.isFinite, abs(c.lat) <= 90, abs(c.lon) <= 180 else {
                findings.append(Finding(severity: .error, rule: .coordinatesOutOfRange, subject: crossing.id, "finding.coordinates-out-of-range",
                                        ["location": FindingLocation.crossing(crossing, field: "geometry"), "lon": .text("\(c.lon)"), "lat": .text("\(c.lat)")]))
                continue
            }
            findings += try placement(of: crossing)
        }
        // Border wilayas with no crossing at all.
        var withCrossing = Set<String>()
        for crossing in knowledge.crossings { if let code = try linker.links(for: crossing).wilaya?.code { withCrossing.insert(code) } }
        for code in try geodata.borderWilayaCodes() where !withCrossing.contains(code) {
            let wilaya = try geodata.wilaya(code: code)
            let borders = try geodata.landBorders().filter { $0.wilayas.contains { $0.code == code && $0.lengthKm >= 1 } }
            let lengths: [MessageValue] = borders.map { border in
                .phrase("finding.wilaya-without-crossing.border", ["km": .number(formatFixed(border.wilayas.first { $0.code == code }!.lengthKm, decimals: 0)),
                                                                   "country": .name(border)])
            }
            findings.append(Finding(severity: .warning, rule: .wilayaWithoutCrossing, subject: code, "finding.wilaya-without-crossing",
                                    ["wilaya": wilaya.map { .name($0) } ?? .text(code), "code": .text(code), "borders": .list(lengths)]))
        }
        return findings
    }

    /// The findings of one crossing's position: far from the border, outside Algeria, imprecise,
    /// nearer another neighbour than the document's or the recorded partner.
    func placement(of crossing: Crossing) throws -> [Finding] {
        var findings: [Finding] = []
        let links = try linker.links(for: crossing)
        guard let nearest = links.border, let km = links.kmToBorder else { return [] }
        let name = MessageValue.name(crossing)
        let precision = MessageValue.number(formatNumber(crossing.precisionKm, decimals: 0))
        if km > Self.borderSnapKm + crossing.precisionKm {
            findings.append(Finding(severity: .error, rule: .farFromBorder, subject: crossing.id, "finding.far-from-border",
                                    ["name": name, "km": .number(formatFixed(km, decimals: 1)), "border": .text(nearest.rawValue),
                                     "precision": .number(formatNumber(crossing.precisionKm, decimals: 1))]))
        }
        if let wilaya = links.wilaya, wilaya.method == .nearest, wilaya.distanceKm > Self.borderSnapKm {
            findings.append(Finding(severity: .warning, rule: .outsideAlgeria, subject: crossing.id, "finding.outside-algeria",
                                    ["name": name, "km": .number(formatFixed(wilaya.distanceKm, decimals: 1)), "precision": precision, "code": .text(wilaya.code)]))
        }
        if crossing.precisionKm > Self.maxPrecisionKm {
            findings.append(Finding(severity: .warning, rule: .impreciseCoordinates, subject: crossing.id, "finding.imprecise-coordinates",
                                    ["name": name, "precision": precision, "source": crossing.coordinateSource.messageValue]))
        }
        let distance = MessageValue.number(formatFixed(km, decimals: 1))
        if let document = crossing.documentPartner, document != nearest {
            var arguments: [String: MessageValue] = ["name": name, "document": try country(document), "km": distance, "nearest": try country(nearest)]
            let documentKm = links.borderDistancesKm[document]
            if let documentKm { arguments["documentKm"] = .number(formatFixed(documentKm, decimals: 1)) }
            findings.append(Finding(severity: .disagreement, rule: .documentPartner, subject: crossing.id,
                                    documentKm == nil ? "finding.document-partner" : "finding.document-partner.both", arguments))
        }
        if crossing.partner != nearest, let partnerKm = links.borderDistancesKm[crossing.partner], partnerKm - km > crossing.precisionKm {
            findings.append(Finding(severity: .disagreement, rule: .partnerVsGeometry, subject: crossing.id, "finding.partner-vs-geometry",
                                    ["name": name, "partner": .text(crossing.partner.rawValue), "km": distance, "nearest": try country(nearest),
                                     "partnerKm": .number(formatFixed(partnerKm, decimals: 1)), "partnerName": try country(crossing.partner)]))
        }
        return findings
    }

    // MARK: Disagreements between the document's mechanisms and today's map

    /// Length of `partner`'s border in each wilaya, km.
    private func borderLengths(_ partner: Partner) throws -> [String: Double] {
        var lengths: [String: Double] = [:]
        for border in try geodata.landBorders() where border.country == partner {
            for part in border.wilayas { lengths[part.code, default: 0] += part.lengthKm }
        }
        return lengths
    }

    func localMechanisms() throws -> [Finding] {
        var findings: [Finding] = []
        let wilayas = try geodata.wilayas()
        for committee in knowledge.committees where committee.isLimitedToNamedWilayas {
            let lengths = try borderLengths(committee.partner)
            for code in committee.algerianWilayaCodes ?? [] where (lengths[code] ?? 0) < 1 {
                let wilaya = wilayas.first { $0.code == code }
                let name = wilaya.map { MessageValue.name($0) } ?? .text(code)
                let successors: [MessageValue] = wilayas.filter { $0.parent == code && (lengths[$0.code] ?? 0) >= 1 }.map {
                    .phrase("finding.outdated-local-wilaya.successor", ["name": .name($0), "code": .text($0.code), "parent": name])
                }
                var arguments: [String: MessageValue] = ["wilaya": name, "code": .text(code), "country": try country(committee.partner)]
                if !successors.isEmpty { arguments["successors"] = .list(successors) }
                findings.append(Finding(severity: .disagreement, rule: .outdatedLocalWilaya, subject: committee.id,
                                        successors.isEmpty ? "finding.outdated-local-wilaya" : "finding.outdated-local-wilaya.successors", arguments))
            }
        }
        return findings
    }

    func coverageOfMechanisms() throws -> [Finding] {
        var findings: [Finding] = []
        let wilayas = try geodata.wilayas()
        for partner in Partner.allCases {
            let committees = knowledge.committees.filter { $0.partners.contains(partner) }
            if committees.isEmpty {
                let km = try geodata.landBorders().first { $0.country == partner }?.lengthKm ?? 0
                findings.append(Finding(severity: .warning, rule: .borderWithoutCommittee, subject: partner.rawValue, "finding.border-without-committee",
                                        ["country": try country(partner), "km": .number(formatFixed(km, decimals: 0))]))
                continue
            }
            let local = committees.filter { $0.kind == .localWalis }
            guard !local.isEmpty, local.allSatisfy(\.isLimitedToNamedWilayas) else { continue }
            let named = Set(local.flatMap { $0.algerianWilayaCodes ?? [] })
            for (code, km) in try borderLengths(partner).sorted(by: { $0.key < $1.key }) where km >= 1 && !named.contains(code) {
                let wilaya = wilayas.first { $0.code == code }
                findings.append(Finding(severity: .disagreement, rule: .unnamedBorderWilaya, subject: code, "finding.unnamed-border-wilaya",
                                        ["wilaya": wilaya.map { .name($0) } ?? .text(code), "code": .text(code), "km": .number(formatFixed(km, decimals: 0)),
                                         "country": try country(partner), "committees": .text(local.map(\.id).joined(separator: ", "))]))
            }
        }
        return findings
    }

    // MARK: Warnings

    func staleCommittees() -> [Finding] {
        knowledge.committees.compactMap { committee in
            guard let last = committee.lastSessionDate else {
                return Finding(severity: .warning, rule: .staleCommittee, subject: committee.id, "finding.stale-committee.none", ["committee": .text(committee.id)])
            }
            let years = last.years(until: asOf)
            guard years > Self.staleYears else { return nil }
            var arguments: [String: MessageValue] = ["committee": .text(committee.id), "date": .date(last), "years": .number(formatFixed(years, decimals: 1)), "asOf": .date(asOf)]
            arguments["place"] = committee.lastSession?.place.map { .text($0) }
            return Finding(severity: .warning, rule: .staleCommittee, subject: committee.id,
                           arguments["place"] == nil ? "finding.stale-committee.no-place" : "finding.stale-committee", arguments)
        }
    }

    /// Neighbour `partner`'s names, from its land border (its code when no land border has it).
    func country(_ partner: Partner) throws -> MessageValue {
        try geodata.landBorders().first { $0.country == partner }.map { .name($0) } ?? .text(partner.rawValue)
    }
}
