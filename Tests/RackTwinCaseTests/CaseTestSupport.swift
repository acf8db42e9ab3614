import Foundation
import RackTwinCase
import RackTwinIO
import XCTest

/// A fresh directory under the system temporary directory, removed by `remove()` (call it in `defer`).
struct TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-case-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Asserts that `body` throws an error of type `E` whose description contains every string in `fragments`.
func assertThrows<E: Error>(_ errorType: E.Type, containing fragments: [String], file: StaticString = #filePath,
                            line: UInt = #line, _ body: () throws -> Void) {
  do {
    try body()
    XCTFail("expected \(E.self), nothing was thrown", file: file, line: line)
  } catch let error as E {
    let text = "\(error)"
    for fragment in fragments where !text.contains(fragment) {
      XCTFail("error \"\(text)\" does not contain \"\(fragment)\"", file: file, line: line)
    }
  } catch {
    XCTFail("expected \(E.self), got \(type(of: error)): \(error)", file: file, line: line)
  }
}

/// The `CaseError` decoding `text` (named `path`) throws; a test failure, and nil, when it decodes or throws another
/// error. For checks on the error's key, line and message.
func caseDecodingError(_ text: String, path: String, overrides: [String] = [], file: StaticString = #filePath,
                       line: UInt = #line) -> CaseError? {
  do {
    _ = try CaseDecoder.decode(text: text, path: path, overrides: overrides)
    XCTFail("decoded without error", file: file, line: line)
  } catch let e as CaseError {
    return e
  } catch {
    XCTFail("expected a CaseError, got \(error)", file: file, line: line)
  }
  return nil
}
