import Foundation
import XCTest
import RackTwinIO

/// Vectors from NIST, "Secure Hash Standard (SHS)", FIPS 180-4 (2015), with the example values in NIST's
/// "SHA256.pdf" (csrc.nist.gov Examples with Intermediate Values) and the widely used empty-string digest.
final class SHA256Tests: XCTestCase {
  func testFIPS180_4OneBlockMessageABC() {
    XCTAssertEqual(SHA256.hexDigest(Array("abc".utf8)),
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  func testEmptyMessage() {
    XCTAssertEqual(SHA256.hexDigest([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  func testFIPS180_4TwoBlock448BitMessage() {
    let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    XCTAssertEqual(SHA256.hexDigest(Array(message.utf8)),
                   "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  /// One million "a" (FIPS 180-2 Appendix B.3), read from a file in chunks, checks the streaming path.
  func testMillionAFromFile() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.path("a.bin")
    try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: URL(fileURLWithPath: path))
    XCTAssertEqual(try SHA256.hexDigest(ofFileAt: path),
                   "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}
