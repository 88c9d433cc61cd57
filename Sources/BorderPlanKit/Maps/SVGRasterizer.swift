import Foundation

/// Turns an SVG file into a PNG with `rsvg-convert` (Debian/Ubuntu: librsvg2-bin).
public enum SVGRasterizer {
    public static let tool = "rsvg-convert"

    /// Path of `rsvg-convert` on `PATH`, if installed.
    public static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let path = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The error when `rsvg-convert` is missing.
    public static var missingToolError: DataError {
        DataError(file: tool, "not found on PATH: install it (sudo apt-get install librsvg2-bin, or `make deps`) to write PNG files")
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--format", "png", "--output", temporary.path, svg.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw DataError(file: executable, "cannot run: \((error as NSError).localizedDescription)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw DataError(file: svg.path, "\(tool) failed (status \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        try moveIntoPlace(temporary, png)
    }
}
