import Foundation
import RackTwinIO

/// Writing a run's results file: the missing directories first, then `ResultsWriter` (temporary file, then rename).
enum ResultsOutput {
  static func write(_ results: ResultsDocument, to output: String) throws {
    let directory = (output as NSString).deletingLastPathComponent
    if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    try ResultsWriter.write(results, to: output)
  }
}
