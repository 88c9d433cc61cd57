import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The kinds of file BorderPlan reads, each with its own size limit.
public enum InputKind: String, CaseIterable, Sendable {
    /// The geodata GeoJSON layers (wilayas, borders, places, …).
    case geodata
    /// The knowledge base (crossings, projects, committees) and the other JSON tables of the data folder.
    case knowledge
    /// A `--demand` layer (CSV or GeoJSON).
    case demand
    /// A `--scenario` file.
    case scenario
    /// A `--costs` file.
    case costs
    /// A `--roads` network (OSM PBF, GeoPackage, …): never read whole, converted by GDAL and streamed.
    case roads
    /// A `--speeds` table or an `--entry-delays` table.
    case speeds

    /// The default limit in MiB: large enough for any real file of the kind, small enough
    /// that a wrong file (a disk image, a log) fails at once instead of filling the memory.
    public var defaultLimitMiB: Int {
        switch self {
        case .geodata: return 200
        case .knowledge: return 50
        case .demand: return 500
        case .scenario, .costs, .speeds: return 10
        case .roads: return 16_384
        }
    }

    /// The environment variable that overrides the limit (in MiB), e.g. `BORDERPLAN_MAX_DEMAND_MB`.
    public var limitVariable: String { "BORDERPLAN_MAX_\(rawValue.uppercased())_MB" }

    /// The limit in bytes: the environment's value when it is a positive whole number, else the default.
    public func limitBytes(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        let mib = environment[limitVariable].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? defaultLimitMiB
        return mib.multipliedReportingOverflow(by: 1 << 20).overflow ? Int.max : mib << 20
    }

    /// How messages name a file of this kind.
    var noun: String {
        switch self {
        case .geodata: return "geodata file"
        case .knowledge: return "knowledge-base file"
        case .demand: return "demand file"
        case .scenario: return "scenario file"
        case .costs: return "costs file"
        case .roads: return "roads file"
        case .speeds: return "speeds file"
        }
    }
}

/// An input file that passed the checks of `openInput`: a regular file within its size limit.
public struct CheckedInput {
    public var url: URL
    /// How messages name the file.
    public var name: String
    public var size: Int
    /// The size limit of its kind, in bytes.
    public var limit: Int
}

/// Checks that `url` names a readable regular file within the limit of `kind`, with a clear
/// message otherwise (missing, a folder, a FIFO or device, a symlink loop, too large).
/// `name` is how messages name the file (default: its path).
public func checkInput(_ url: URL, kind: InputKind, name: String? = nil) throws -> CheckedInput {
    let file = name ?? url.path
    guard !url.path.isEmpty else { throw DataError(file: "''", problem: "errors.file.empty-path") }
    var info = stat()
    guard stat(url.path, &info) == 0 else {
        switch errno {
        case ENOENT: throw DataError(file: file, problem: "errors.file.missing")
        case ELOOP: throw DataError(file: file, problem: "errors.file.symlink-loop")
        case ENOTDIR: throw DataError(file: file, problem: "errors.file.not-a-folder")
        default: throw DataError(file: file, problem: "errors.file.unreadable", ["reason": .text(String(cString: strerror(errno)))])
        }
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw DataError(file: file, problem: "errors.file.folder", ["kind": .phrase(kind.nounKey, [:])])
    case S_IFIFO: throw DataError(file: file, problem: "errors.file.fifo", ["kind": .phrase(kind.nounKey, [:])])
    case S_IFCHR, S_IFBLK: throw DataError(file: file, problem: "errors.file.device")
    case S_IFSOCK: throw DataError(file: file, problem: "errors.file.socket")
    default: throw DataError(file: file, problem: "errors.file.irregular")
    }
    let size = Int(info.st_size)
    let limit = kind.limitBytes()
    guard size <= limit else {
        throw DataError(file: file, problem: "errors.file.too-large", ["size": .number(megabytes(size)), "limit": .number(megabytes(limit)),
                                                                       "kind": .phrase(kind.nounKey, [:]), "variable": .text(kind.limitVariable)])
    }
    return CheckedInput(url: url, name: file, size: size, limit: limit)
}

/// Reads a whole input file of `kind` after the checks of `checkInput`, without a leading
/// UTF-8 byte-order mark. An empty file is an error. The one way BorderPlan reads a file.
public func readInput(url: URL, kind: InputKind, name: String? = nil) throws -> Data {
    let input = try checkInput(url, kind: kind, name: name)
    var data = Data()
    data.reserveCapacity(input.size)
    try forEachChunk(of: input) { chunk in data.append(chunk) }
    if data.starts(with: utf8ByteOrderMark) { data.removeFirst(utf8ByteOrderMark.count) }
    guard !data.isEmpty else { throw DataError(file: input.name, problem: "errors.file.empty") }
    return data
}

/// The UTF-8 byte-order mark, which some editors put at the start of a text file.
let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

/// Calls `body` with successive chunks (1 MiB) of a checked input file, stopping with an error
/// when the file grows past its limit while being read.
func forEachChunk(of input: CheckedInput, _ body: (Data) throws -> Void) throws {
    let descriptor = open(input.url.path, O_RDONLY)
    guard descriptor >= 0 else { throw DataError(file: input.name, problem: "errors.file.unopenable", ["reason": .text(String(cString: strerror(errno)))]) }
    defer { close(descriptor) }
    let chunkSize = 1 << 20
    var buffer = [UInt8](repeating: 0, count: chunkSize)
    var total = 0
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, chunkSize) }
        if count < 0 {
            if errno == EINTR { continue }
            throw DataError(file: input.name, problem: "errors.file.unreadable", ["reason": .text(String(cString: strerror(errno)))])
        }
        if count == 0 { return }
        total += count
        guard total <= input.limit else { throw DataError(file: input.name, problem: "errors.file.grew") }
        try body(Data(buffer[0..<count]))
    }
}

/// The first `count` bytes of a checked input file (fewer when it is shorter).
func readPrefix(of input: CheckedInput, count: Int = 4_096) throws -> Data {
    let descriptor = open(input.url.path, O_RDONLY)
    guard descriptor >= 0 else { throw DataError(file: input.name, problem: "errors.file.unopenable", ["reason": .text(String(cString: strerror(errno)))]) }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: count)
    let read = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, count) }
    guard read >= 0 else { throw DataError(file: input.name, problem: "errors.file.unreadable", ["reason": .text(String(cString: strerror(errno)))]) }
    return Data(buffer[0..<read])
}

private func megabytes(_ bytes: Int) -> String {
    let value = Double(bytes) / Double(1 << 20)
    return value >= 10 ? String(Int(value.rounded())) : String(format: "%.1f", value)
}
