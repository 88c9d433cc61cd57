import Foundation

/// The built graph cached beside its input as `FILE.borderplan-graph`: valid only for the same
/// input size and modification time and the same speed table (its hash), checked by a
/// trailing checksum. A stale or corrupt cache is rebuilt, never trusted; a file of that name
/// that is not one of our caches is never overwritten. Written atomically.
public enum GraphCache {
    static let magic: [UInt8] = Array("BPGRAPH1".utf8)
    public static let suffix = ".borderplan-graph"

    /// What a cache is valid for.
    struct Key: Equatable {
        var size: Int64
        var mtimeNanoseconds: Int64
        var speedsHash: UInt64
    }

    public static func url(for input: URL) -> URL {
        input.deletingLastPathComponent().appendingPathComponent(input.lastPathComponent + suffix)
    }

    static func key(of input: URL, speeds: SpeedTable) throws -> Key {
        let attributes = try FileManager.default.attributesOfItem(atPath: input.path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let mtime = (attributes[.modificationDate] as? Date).map { Int64(($0.timeIntervalSince1970 * 1e9).rounded()) } ?? 0
        return Key(size: size, mtimeNanoseconds: mtime, speedsHash: speeds.hash)
    }

    /// The cached graph, or nil when there is none, it is stale, or it is corrupt.
    static func load(_ url: URL, key: Key) -> RoadGraph? {
        // Absent or unreadable: there is no usable cache, and the graph is built again.
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else { return nil }
        var reader = BinaryReader(data: data)
        guard data.count > 16, reader.bytes(8) == magic, checksumMatches(data) else { return nil }
        guard Key(size: reader.int64(), mtimeNanoseconds: reader.int64(), speedsHash: reader.uint64()) == key else { return nil }
        let nodes = Int(reader.int64()), edges = Int(reader.int64()), vertices = Int(reader.int64())
        guard nodes >= 0, edges >= 0, vertices >= 0, reader.remaining == 8 + nodes * 16 + edges * 40 + (edges + 1) * 4 + vertices * 16 else { return nil }
        var graph = RoadGraph()
        graph.nodeLon = reader.array(nodes); graph.nodeLat = reader.array(nodes)
        graph.edgeFrom = reader.array(edges); graph.edgeTo = reader.array(edges)
        graph.edgeLength = reader.array(edges); graph.edgeForwardKmh = reader.array(edges); graph.edgeBackwardKmh = reader.array(edges)
        graph.edgeWay = reader.array(edges); graph.edgeVertexStart = reader.array(edges + 1)
        graph.vertexLon = reader.array(vertices); graph.vertexLat = reader.array(vertices)
        guard graph.edgeFrom.allSatisfy({ $0 >= 0 && Int($0) < nodes }), graph.edgeTo.allSatisfy({ $0 >= 0 && Int($0) < nodes }),
              graph.edgeVertexStart.last.map({ Int($0) == vertices }) == true,
              zip(graph.edgeVertexStart, graph.edgeVertexStart.dropFirst()).allSatisfy({ $0 + 2 <= $1 }) else { return nil }
        graph.buildArcs()
        return graph
    }

    /// Writes the cache atomically; refuses to replace a file that is not one of ours.
    static func save(_ graph: RoadGraph, key: Key, to url: URL) throws {
        if FileManager.default.fileExists(atPath: url.path) {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }  // closing a read handle cannot lose data
            guard try handle.read(upToCount: 8).map(Array.init) == magic else {
                throw DataError(file: url.path, problem: "dataerrors.roads.cache")
            }
        }
        var data = Data(magic)
        for value in [key.size, key.mtimeNanoseconds] { append(value, to: &data) }
        append(key.speedsHash, to: &data)
        for count in [graph.nodeCount, graph.edgeCount, graph.vertexLon.count] { append(Int64(count), to: &data) }
        append(graph.nodeLon, to: &data); append(graph.nodeLat, to: &data)
        append(graph.edgeFrom, to: &data); append(graph.edgeTo, to: &data)
        append(graph.edgeLength, to: &data); append(graph.edgeForwardKmh, to: &data); append(graph.edgeBackwardKmh, to: &data)
        append(graph.edgeWay, to: &data); append(graph.edgeVertexStart, to: &data)
        append(graph.vertexLon, to: &data); append(graph.vertexLat, to: &data)
        append(fnv1a(data), to: &data)
        try writeFileAtomically(data, to: url)
    }

    static func checksumMatches(_ data: Data) -> Bool {
        let body = data.prefix(data.count - 8)
        var reader = BinaryReader(data: data.suffix(8))
        return reader.uint64() == fnv1a(body)
    }

    static func append<T>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value) { data.append(contentsOf: $0) }
    }

    static func append<T>(_ values: [T], to data: inout Data) {
        values.withUnsafeBytes { data.append(contentsOf: $0) }
    }
}

/// Reads little-endian machine values from a cache file, front to back.
struct BinaryReader {
    let data: Data
    var offset: Int

    init(data: Data) { self.data = data; offset = data.startIndex }

    var remaining: Int { data.endIndex - offset }

    mutating func bytes(_ count: Int) -> [UInt8] {
        defer { offset += count }
        return Array(data[offset..<(offset + count)])
    }

    mutating func array<T>(_ count: Int) -> [T] {
        let size = MemoryLayout<T>.stride * count
        defer { offset += size }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            data[offset..<(offset + size)].withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            }
            initialized = count
        }
    }

    mutating func int64() -> Int64 { array(1)[0] }
    mutating func uint64() -> UInt64 { array(1)[0] }
}
