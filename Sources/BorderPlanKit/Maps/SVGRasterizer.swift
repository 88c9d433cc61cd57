import Foundation

/// Turns an SVG file into a PNG with `rsvg-convert` (Debian/Ubuntu: librsvg2-bin).
public enum SVGRasterizer {
    public static let tool = "rsvg-convert"

    /// Path of `rsvg-convert` on `PATH`, if installed.
    public static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        ExternalTool.find(tool, environment: environment)
    }

    /// The error when `rsvg-convert` is missing.
    public static var missingToolError: DataError {
        DataError(file: tool, problem: "dataerrors.tool.rsvg")
    }

    /// Renders `svg` to `png`: rsvg-convert writes a temporary file next to it, which is then
    /// put in place atomically, so a failure never leaves a half-written PNG behind.
    public static func writePNG(svg: URL, to png: URL, executable: String? = nil) throws {
        guard let executable = executable ?? self.executable() else { throw missingToolError }
        try createFolder(png.deletingLastPathComponent())
        try prepareFileOutput(png)
        let temporary = temporarySibling(of: png, suffix: "tmp")
        let token = InterruptCleanup.shared.register { unlink(temporary.path) }
        defer { InterruptCleanup.shared.unregister(token); unlink(temporary.path) }
        try ExternalTool.run(executable, ["--format", "png", "--output", temporary.path, svg.path], file: svg.path)
        try moveIntoPlace(temporary, png)
    }
}
