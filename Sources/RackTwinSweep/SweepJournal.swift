import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The per-point journal of a sweep: a directory `OUT.journal/` with `sweep.json` (which sweep) and one
/// `point-NNNNNN.json` per finished point, each written to a temporary file, fsynced, and renamed into place, so a
/// point is either wholly there or absent whatever kills the process.
public struct SweepJournal: Sendable {
  struct Header: Codable, Equatable {
    var format = "racktwin.sweep-journal"
    var version = 1
    var sweepHash: String
    var pointCount: Int
    var shard: String
  }

  public let directory: String

  public init(output: String) {
    directory = output + ".journal"
  }

  public var exists: Bool { FileManager.default.fileExists(atPath: directory) }

  /// Creates the directory with its header, atomically: built as `OUT.journal.tmp-<pid>` and renamed, so a journal
  /// directory never exists without its header (a kill right at the start leaves nothing `--resume` would trip on).
  func create(_ header: Header) throws {
    let fm = FileManager.default
    let parent = (directory as NSString).deletingLastPathComponent
    let base = (directory as NSString).lastPathComponent
    for stale in (try? fm.contentsOfDirectory(atPath: parent.isEmpty ? "." : parent)) ?? []
    where stale.hasPrefix(base + ".tmp-") {
      try? fm.removeItem(atPath: parent.isEmpty ? stale : (parent as NSString).appendingPathComponent(stale))
    }
    let staging = directory + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
    try Durable.write(try JSONEncoder().encode(header), to: staging + "/sweep.json")
    guard rename(staging, directory) == 0 else {
      let reason = String(cString: strerror(errno))
      try? fm.removeItem(atPath: staging)
      throw SweepError(file: directory, keyPath: "", expected: "a journal directory created", found: reason)
    }
  }

  /// Checks that the journal belongs to the sweep described by `header`.
  func verify(_ header: Header) throws {
    let path = directory + "/sweep.json"
    guard let data = FileManager.default.contents(atPath: path), let found = try? JSONDecoder().decode(Header.self, from: data) else {
      throw SweepError(file: path, keyPath: "", expected: "a sweep journal header", found: "a missing or unreadable file")
    }
    guard found.sweepHash == header.sweepHash, found.pointCount == header.pointCount else {
      throw SweepError(file: path, keyPath: "sweepHash",
                       expected: "the journal of this sweep (\(header.sweepHash.prefix(12))…, \(header.pointCount) points)",
                       found: "another sweep (\(found.sweepHash.prefix(12))…, \(found.pointCount) points): the base case, mesh, "
                         + "axes or racktwin version changed; remove \(directory) to start again")
    }
    guard found.shard == header.shard else {
      throw SweepError(file: path, keyPath: "shard", expected: "shard \"\(header.shard)\"", found: "\"\(found.shard)\"")
    }
  }

  func pointPath(_ index: Int) -> String { directory + String(format: "/point-%06d.json", index) }

  /// Writes one finished point durably.
  func write(_ result: SweepPointResult) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try Durable.write(try encoder.encode(result), to: pointPath(result.index))
  }

  /// The journaled point `index`, or nil when it is not there.
  func read(_ index: Int) throws -> SweepPointResult? {
    let path = pointPath(index)
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    do {
      let r = try JSONDecoder().decode(SweepPointResult.self, from: data)
      guard r.index == index else {
        throw SweepError(file: path, keyPath: "index", expected: "\(index)", found: "\(r.index)")
      }
      return r
    } catch let e as SweepError {
      throw e
    } catch {
      throw SweepError(file: path, keyPath: "", expected: "a journaled sweep point", found: "\(error)")
    }
  }

  /// Removes temporaries a killed run left (in the journal, and `OUT.tmp-<pid>` beside the output).
  func removeStaleTemporaries(output: String) {
    let fm = FileManager.default
    for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where name.contains(".tmp-") {
      try? fm.removeItem(atPath: directory + "/" + name)
    }
    let dir = (output as NSString).deletingLastPathComponent
    let prefix = (output as NSString).lastPathComponent + ".tmp-"
    for name in (try? fm.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? [] where name.hasPrefix(prefix) {
      try? fm.removeItem(atPath: dir.isEmpty ? name : (dir as NSString).appendingPathComponent(name))
    }
  }

  /// Removes the journal (after a complete run has been written): renamed away first, so a kill during the removal
  /// leaves either the whole journal or none of it (the renamed remains are cleared by the next `create`).
  func remove() {
    let doomed = directory + ".tmp-rm-\(ProcessInfo.processInfo.processIdentifier)"
    if rename(directory, doomed) == 0 {
      try? FileManager.default.removeItem(atPath: doomed)
    } else {
      try? FileManager.default.removeItem(atPath: directory)
    }
  }
}

/// Write-temporary, fsync, rename.
enum Durable {
  static func write(_ data: Data, to path: String) throws {
    let tmp = "\(path).tmp-\(ProcessInfo.processInfo.processIdentifier)"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw failure(tmp, "cannot create") }
    let ok = data.withUnsafeBytes { buffer -> Bool in
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n <= 0 { return false }
        offset += n
      }
      return true
    }
    guard ok, fsync(fd) == 0 else {
      close(fd)
      unlink(tmp)
      throw failure(tmp, "cannot write")
    }
    close(fd)
    try rename(tmp, to: path)
  }

  /// Syncs `tmp` and renames it over `path`; removes `tmp` on failure.
  static func commit(_ tmp: String, to path: String) throws {
    let fd = open(tmp, O_RDONLY)
    guard fd >= 0, fsync(fd) == 0 else {
      if fd >= 0 { close(fd) }
      unlink(tmp)
      throw failure(tmp, "cannot sync")
    }
    close(fd)
    try rename(tmp, to: path)
  }

  private static func rename(_ tmp: String, to path: String) throws {
    guard Glibc.rename(tmp, path) == 0 else {
      let e = failure(path, "cannot rename \(tmp) into place")
      unlink(tmp)
      throw e
    }
  }

  static func failure(_ path: String, _ what: String) -> SweepError {
    SweepError(file: path, keyPath: "", expected: "a writable file", found: "\(what): \(String(cString: strerror(errno)))")
  }
}
