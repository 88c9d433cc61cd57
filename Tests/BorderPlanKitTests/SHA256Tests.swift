import Foundation
import Testing
@testable import BorderPlanKit

/// SHA-256 (the output manifests and the knowledge store's tokens) against independent answers:
/// FIPS 180-4's examples, messages whose padding falls on each side of a block boundary, and
/// `sha256sum` (GNU coreutils) on a real file.
@Suite struct SHA256Tests {
    @Test func nistExamples() {
        // FIPS 180-4 examples (NIST CSRC "SHA256.pdf"), the empty message and one million 'a'.
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func paddingOnEachSideOfABlockBoundary() {
        // n × 'a', digests from `sha256sum`: 55 bytes leave room for the length in the last block,
        // 56 and 63 do not (a second padding block), 64 and 120 are whole blocks plus padding.
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
            120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
        ]
        for (count, digest) in expected {
            #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: count)) == digest, "\(count) bytes")
        }
    }

    /// A file not aligned to the blocks (the committed communes, several MB), hashed in place from
    /// a mapped file as the manifest does, against `sha256sum` when it is installed.
    @Test func aRealFileAgreesWithSha256sum() throws {
        let file = geodataDirectory.appendingPathComponent("communes.geojson")
        guard let sha256sum = which("sha256sum") else { return }  // no coreutils: the fixed vectors above still ran
        let (status, stdout, _) = try run(sha256sum, [file.path])
        try #require(status == 0)
        let reference = String(stdout.prefix(64))
        #expect(try FileDigests.shared.record(file).sha256 == reference)
        #expect(SHA256.hex(try Data(contentsOf: file)) == reference)
    }
}
