import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file that could not be put in place (renamed over its target, or synced to disk).
public struct FileWriteError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file that was to be written.
  public var path: String
  /// What failed, with the system's message.
  public var reason: String
  public var description: String { "\(path): \(reason)" }
}

/// Writes files through temporary siblings (`<target>.tmp-<pid>`) that are synced and renamed over their targets
/// only when everything was written, so a failed or killed run never leaves a partial file. Several targets are
/// renamed one after the other; if a later rename fails, the targets already renamed are removed, so a failed run
/// leaves none of the set (the old files they replaced are gone by then).
struct AtomicFileReplacement {
  /// The final paths, in the order they are renamed into place.
  let targets: [String]
  /// The temporary sibling of each target, in the same directory (rename does not cross file systems).
  let temporaries: [String]

  init(targets: [String]) {
    self.targets = targets
    let pid = ProcessInfo.processInfo.processIdentifier
    temporaries = targets.map { "\($0).tmp-\(pid)" }
  }

  /// Runs `body` with the temporary paths; on success syncs and renames each into place, on any error removes
  /// every temporary and rethrows.
  static func write(_ targets: [String], _ body: ([String]) throws -> Void) throws {
    let replacement = AtomicFileReplacement(targets: targets)
    do {
      try body(replacement.temporaries)
      for temporary in replacement.temporaries { try sync(temporary) }
      for (n, (temporary, target)) in zip(replacement.temporaries, replacement.targets).enumerated() {
        guard rename(temporary, target) == 0 else {
          let reason = String(cString: strerror(errno))
          // The set is incomplete: remove the files already renamed rather than leave a partial set.
          for done in replacement.targets[..<n] { unlink(done) }
          throw FileWriteError(path: target, reason: "cannot rename \(temporary) into place: \(reason)")
        }
      }
    } catch {
      replacement.discard()
      throw error
    }
  }

  /// Removes whatever temporaries exist.
  func discard() {
    for temporary in temporaries { unlink(temporary) }
  }

  /// fsync, so that the rename never exposes a file whose data is still only in the page cache.
  private static func sync(_ path: String) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw FileWriteError(path: path, reason: "cannot open for syncing: \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    guard fsync(fd) == 0 else {
      throw FileWriteError(path: path, reason: "fsync failed: \(String(cString: strerror(errno)))")
    }
  }
}
