import Foundation

/// SHA-256 (FIPS 180-4), for hashing access tokens (the store keeps only the digest of each
/// 256-bit random token, so a copy of the database gives no usable token) and the files of an
/// output folder's manifest (tens of MB per report: the message is read in place, block by block,
/// on raw pointers, with the schedule on the stack and the rounds unrolled by eight).
public enum SHA256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]
    private static let initial: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

    /// The digest of `message`, as 64 lowercase hex digits.
    public static func hex(_ message: [UInt8]) -> String {
        hexDigits(digest(message))
    }

    /// The digest of a file's bytes, as 64 lowercase hex digits (output manifests).
    public static func hex(_ data: Data) -> String {
        hexDigits(data.withUnsafeBytes(digest))
    }

    public static func digest(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes(digest)
    }

    /// The digest of `message`, read in place: the whole blocks straight from it, the padded tail
    /// (one or two blocks) from a buffer on the stack.
    static func digest(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var h = State(initial)
        let whole = message.count / 64
        k.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                if let base = message.baseAddress { compress(&h, base, blocks: whole, k.baseAddress!, w.baseAddress!) }
                withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { tail in
                    let rest = message.count - whole * 64
                    tail.initializeMemory(as: UInt8.self, repeating: 0)
                    if rest > 0 { tail.baseAddress!.copyMemory(from: message.baseAddress! + whole * 64, byteCount: rest) }
                    tail[rest] = 0x80
                    let length = rest < 56 ? 64 : 128
                    tail.storeBytes(of: (UInt64(message.count) &* 8).bigEndian, toByteOffset: length - 8, as: UInt64.self)
                    compress(&h, UnsafeRawPointer(tail.baseAddress!), blocks: length / 64, k.baseAddress!, w.baseAddress!)
                }
            }
        }
        return h.bytes
    }

    /// The eight working words.
    private struct State {
        var a, b, c, d, e, f, g, h: UInt32

        init(_ words: [UInt32]) {
            (a, b, c, d, e, f, g, h) = (words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7])
        }

        /// Big-endian bytes.
        var bytes: [UInt8] {
            [a, b, c, d, e, f, g, h].flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
        }
    }

    /// `blocks` 64-byte blocks from `data` into the state; `w` is the message schedule (64 words).
    private static func compress(_ state: inout State, _ data: UnsafeRawPointer, blocks: Int, _ k: UnsafePointer<UInt32>, _ w: UnsafeMutablePointer<UInt32>) {
        var (a, b, c, d, e, f, g, h) = (state.a, state.b, state.c, state.d, state.e, state.f, state.g, state.h)
        for block in 0..<blocks {
            let bytes = data + block * 64
            for i in 0..<16 { w[i] = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
            for i in 16..<64 {
                let x = w[i - 15], y = w[i - 2]
                let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x &>> 3)
                let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y &>> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            let (a0, b0, c0, d0, e0, f0, g0, h0) = (a, b, c, d, e, f, g, h)
            var i = 0
            while i < 64 {
                round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
                round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
                round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
                round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
                round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
                i += 8
            }
            a = a &+ a0; b = b &+ b0; c = c &+ c0; d = d &+ d0
            e = e &+ e0; f = f &+ f0; g = g &+ g0; h = h &+ h0
        }
        state = State([a, b, c, d, e, f, g, h])
    }

    /// One round: `d` and `h` get the new values (the caller rotates the names instead of the words).
    /// `h + kw` first: it does not wait for `e`, the end of the previous round.
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = (h &+ kw) &+ (g ^ (e & (f ^ g))) &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25))
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
        d = d &+ t1
        h = t1 &+ t2
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// Lowercase hex of `bytes`.
    static func hexDigits(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}
