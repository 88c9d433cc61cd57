import Foundation

/// One record of a CSV file, valid only inside the callback of `CSVReader`: its fields'
/// bytes (quotes removed, doubled quotes undone) and the line it starts on.
struct CSVRecord {
    /// 1-based line of the file where the record starts.
    var line: Int
    var bytes: UnsafeBufferPointer<UInt8>
    var ends: [Int]

    var count: Int { ends.count }

    /// Byte range of field `index` in `bytes`.
    func range(_ index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

    /// Field `index` as text (invalid UTF-8 replaced).
    func text(_ index: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range(index)]), as: UTF8.self) }
}

/// The one CSV reader (RFC 4180): fields separated by commas, records by CRLF, LF or CR;
/// a field in double quotes may hold commas, line breaks and doubled quotes. A leading
/// UTF-8 byte-order mark is skipped and blank lines are ignored. Input arrives in chunks, so
/// a large file is read in constant memory, and a file that is not text (a NUL byte, a record
/// over `maxRecordBytes`) fails at once with the line named.
struct CSVReader {
    /// The longest record accepted: far above any real row, far below a binary file's "line".
    static let maxRecordBytes = 1 << 20

    let file: String
    private var storage: [UInt8] = []
    private var ends: [Int] = []
    private var fieldStart = 0
    private var inQuotes = false
    private var afterQuote = false
    private var skipLineFeed = false
    private var atStart = true
    private var line = 1
    private var recordLine = 1

    init(file: String) {
        self.file = file
        storage.reserveCapacity(256)
    }

    /// Reads a checked input file in chunks, calling `body` for each record.
    static func read(_ input: CheckedInput, _ body: (CSVRecord) throws -> Void) throws {
        var reader = CSVReader(file: input.name)
        try forEachChunk(of: input) { chunk in try reader.feed(chunk, body) }
        try reader.finish(body)
    }

    /// Reads CSV text already in memory.
    static func read(_ data: Data, file: String, _ body: (CSVRecord) throws -> Void) throws {
        var reader = CSVReader(file: file)
        try reader.feed(data, body)
        try reader.finish(body)
    }

    private func fail(_ key: String, _ arguments: [String: MessageValue] = [:]) -> DataError {
        DataError(file: file, feature: "line \(line)", problem: key, arguments)
    }

    mutating func feed(_ chunk: Data, _ body: (CSVRecord) throws -> Void) throws {
        try chunk.withUnsafeBytes { raw in
            var bytes = raw.bindMemory(to: UInt8.self)[...]
            if atStart {
                atStart = false
                if bytes.starts(with: utf8ByteOrderMark) { bytes = bytes.dropFirst(3) }
            }
            var index = bytes.startIndex
            while index < bytes.endIndex {
                // Fast path: a run of ordinary bytes of an unquoted field is copied in one go.
                if !inQuotes && !afterQuote && !skipLineFeed {
                    var end = index
                    while end < bytes.endIndex, !Self.isSpecial(bytes[end]) { end += 1 }
                    if end > index {
                        try appendRun(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                        index = end
                        continue
                    }
                }
                try consume(bytes[index], body)
                index += 1
            }
        }
    }

    /// Bytes that end or quote a field, or that are refused (NUL).
    @inline(__always) static func isSpecial(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x0A || byte == 0x0D || byte == 0x22 || byte == 0
    }

    private mutating func appendRun(_ run: UnsafeBufferPointer<UInt8>) throws {
        guard storage.count + run.count <= Self.maxRecordBytes else {
            throw fail("errors.csv.long-record", ["limit": .number(String(Self.maxRecordBytes >> 20))])
        }
        storage.append(contentsOf: run)
    }

    private mutating func consume(_ byte: UInt8, _ body: (CSVRecord) throws -> Void) throws {
        if skipLineFeed {
            skipLineFeed = false
            if byte == 0x0A { return }
        }
        guard byte != 0 else { throw fail("errors.csv.nul") }
        if inQuotes {
            if byte == 0x22 { inQuotes = false; afterQuote = true; return }
            if byte == 0x0A { line += 1 }
            try append(byte)
            return
        }
        if afterQuote {
            afterQuote = false
            if byte == 0x22 { try append(byte); inQuotes = true; return }
            guard byte == 0x2C || byte == 0x0A || byte == 0x0D else {
                throw fail("errors.csv.text-after-quote", ["number": .number(String(ends.count + 1))])
            }
        }
        switch byte {
        case 0x2C:
            ends.append(storage.count)
            fieldStart = storage.count
        case 0x0A, 0x0D:
            try endRecord(body)
            line += 1
            recordLine = line
            skipLineFeed = byte == 0x0D
        case 0x22:
            guard storage.count == fieldStart else {
                throw fail("errors.csv.quote-in-field", ["number": .number(String(ends.count + 1))])
            }
            inQuotes = true
            fieldStart = -1  // a quoted field: the record is not blank even when the field is empty
        default:
            try append(byte)
        }
    }

    private mutating func append(_ byte: UInt8) throws {
        guard storage.count < Self.maxRecordBytes else {
            throw fail("errors.csv.long-record", ["limit": .number(String(Self.maxRecordBytes >> 20))])
        }
        storage.append(byte)
    }

    private mutating func endRecord(_ body: (CSVRecord) throws -> Void) throws {
        ends.append(storage.count)
        let blank = ends.count == 1 && storage.isEmpty && fieldStart == 0
        if !blank {
            try storage.withUnsafeBufferPointer { try body(CSVRecord(line: recordLine, bytes: $0, ends: ends)) }
        }
        storage.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        fieldStart = 0
    }

    mutating func finish(_ body: (CSVRecord) throws -> Void) throws {
        guard !inQuotes else { throw DataError(file: file, feature: "line \(recordLine)", problem: "errors.csv.open-quote") }
        if !storage.isEmpty || !ends.isEmpty || afterQuote || fieldStart != 0 { try endRecord(body) }
    }
}
