import Foundation

/// The programs BorderPlan runs (GDAL's `ogr2ogr`, `rsvg-convert`): found on `PATH`, run with
/// their standard error kept, so a failure is an error naming the file and the tool's own message.
enum ExternalTool {
    /// Path of `name` on `PATH`, if installed.
    static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs `executable` with `arguments`; a failure is an error naming `file` and what the tool wrote on standard error.
    static func run(_ executable: String, _ arguments: [String], file: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw DataError(file: executable, problem: "dataerrors.tool.cannot-run", ["reason": .text((error as NSError).localizedDescription)])
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let tool = URL(fileURLWithPath: executable).lastPathComponent
            throw DataError(file: file, problem: "dataerrors.tool.failed", ["tool": .text(tool), "status": .text("\(process.terminationStatus)"),
                                                          "message": .text(message.trimmingCharacters(in: .whitespacesAndNewlines))])
        }
    }
}
