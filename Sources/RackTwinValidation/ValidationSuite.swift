import Foundation
import RackTwinIO

/// The validation suite: every `DIR/*/reference.yaml` (or `DIR/reference.yaml` for a single case).
public enum ValidationSuite {
  /// The reference files under `directory`, sorted by case name, keeping those whose case name matches `filter`
  /// (a shell glob such as `toptan-*`, or a plain substring). Every file is decoded before any case runs, so a bad
  /// file stops the suite at once.
  public static func discover(in directory: String, filter: String? = nil) throws -> [ValidationReference] {
    let fm = FileManager.default
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
      throw CaseError(file: directory, keyPath: "", expected: "a directory of validation cases",
                      found: fm.fileExists(atPath: directory) ? "a file" : "no such directory")
    }
    var paths: [String] = []
    let own = (directory as NSString).appendingPathComponent("reference.yaml")
    if fm.fileExists(atPath: own) {
      paths = [own]
    } else {
      for entry in try fm.contentsOfDirectory(atPath: directory).sorted() {
        let p = ((directory as NSString).appendingPathComponent(entry) as NSString).appendingPathComponent("reference.yaml")
        if fm.fileExists(atPath: p) { paths.append(p) }
      }
    }
    let references = try paths.map { try ValidationReferenceDecoder.decode(contentsOf: $0) }
    guard let filter, !filter.isEmpty else { return references }
    return references.filter { matches($0.name, filter) }
  }

  /// Glob match when `pattern` has `*`, `?` or `[`, else substring match.
  public static func matches(_ name: String, _ pattern: String) -> Bool {
    if pattern.contains(where: { "*?[".contains($0) }) { return fnmatch(pattern, name, 0) == 0 }
    return name.contains(pattern)
  }
}
