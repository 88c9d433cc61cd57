import ArgumentParser
import BorderPlanKit
import Foundation

/// `borderplan map`: draws the overview, the coverage map or a border close-up as SVG (and PNG).
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw a map as SVG (and PNG): the overview, the coverage at radius R, or a close-up of one land border.",
        discussion: "Examples: `borderplan map --kind overview --radius 100 --out maps/overview.svg`, `borderplan map --kind border --border TN --radius 100 --out maps/border-TN.svg --png`.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case overview, coverage, border
    }

    @Option(help: "overview, coverage or border.") var kind: Kind
    @Option(help: "With --kind border: the neighbour (ISO-2).") var border: Partner?
    @Option(parsing: .unconditional, help: "Radius of the catchment discs in km.", transform: positiveRadius) var radius: Double
    @Option(help: "The SVG file to write.") var out: String
    @Flag(help: "Also write a PNG next to the SVG (same name, .png), with rsvg-convert.") var png = false
    @Option(help: "Language of names and labels: ar, fr or en.") var lang: Language = .en
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        _ = try mapKind()
        try requireOutputPath(out)
        if png && pngURL.standardizedFileURL == URL(fileURLWithPath: out).standardizedFileURL {
            throw usage("usage.map.png", ["value": .text(out)])
        }
    }

    /// Where `--png` writes: the SVG's name with the extension .png.
    var pngURL: URL { URL(fileURLWithPath: out).deletingPathExtension().appendingPathExtension("png") }

    /// The map to draw: `--border` goes with `--kind border` and only with it.
    func mapKind() throws -> MapKind {
        switch (kind, border) {
        case (.overview, nil): return .overview
        case (.coverage, nil): return .coverage
        case let (.border, partner?): return .border(partner)
        case (.border, nil): throw usage("usage.map.border", ["allowed": .text(Partner.rawValues.joined(separator: ", "))])
        case (.overview, .some), (.coverage, .some): throw usage("usage.map.kind")
        }
    }

    func run() throws {
        // Fail before drawing anything when the PNG cannot be made.
        let rasterizer = png ? SVGRasterizer.executable() : nil
        if png && rasterizer == nil { throw SVGRasterizer.missingToolError }
        let guarded = outputGuard(dataOptions, inputs: [(scenarioOptions.scenario, "--scenario")])
        try guarded.check(URL(fileURLWithPath: out))
        if png { try guarded.check(pngURL) }
        let data = try loadAnalysis(dataOptions)
        let sites = try scenarioOptions.sites(data, language: lang)
        let service = scenarioOptions.service
        let kind = try mapKind()
        let coverage = kind == .overview ? nil : try CoverageAnalysis(data: data).run(sites: sites, service: service, radiusKm: radius)
        let svg = try MapRenderer(data: data, language: lang).svg(kind: kind, radiusKm: radius, coverage: coverage, sites: sites, service: service)
        let url = URL(fileURLWithPath: out)
        // The SVG and its PNG together, all or nothing: when rsvg-convert fails, neither file is written.
        let names = [url.lastPathComponent] + (png ? [pngURL.lastPathComponent] : [])
        try OutputFolder.write(url.deletingLastPathComponent(), expected: names) { staging in
            let svgFile = staging.appendingPathComponent(names[0])
            try writeAtomically(svg, to: svgFile)
            if let rasterizer { try SVGRasterizer.writePNG(svg: svgFile, to: staging.appendingPathComponent(pngURL.lastPathComponent), executable: rasterizer) }
        }
        if png { noteText("usage.note.wrote", ["path": .text(pngURL.path)]) }
        noteText("usage.note.wrote-bytes", ["path": .text(url.path), "bytes": .number("\(svg.utf8.count)")])
    }
}
