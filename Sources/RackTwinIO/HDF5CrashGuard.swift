#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The message and its length for the signal handler, set only while a guarded read runs (one at a time: HDF5 is
/// used from one thread, see `HDF5File`).
nonisolated(unsafe) private var guardMessage: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var guardMessageLength = 0
nonisolated(unsafe) private var timeoutMessage: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var timeoutMessageLength = 0

/// Turns a crash inside the HDF5 library while it reads a damaged input file into bad input: `error: FILE: …` on
/// stderr and exit code 2.
///
/// libhdf5 (1.10 here) trusts the file's internal structures: a fuzzer found B-tree nodes whose damaged addresses
/// make `H5Lexists` copy from a null pointer. No check racktwin can make before calling HDF5 catches that, so
/// while a guarded read runs, SIGSEGV, SIGBUS and SIGFPE print the message (with async-signal-safe `write`) and
/// `_exit(2)`; the previous handlers come back afterwards. Nothing is written by a guarded read, so no file is lost.
///
/// A damaged global heap can also make libhdf5 loop (fuzzing found `H5Aread` of a string attribute spinning in
/// `H5HG_read`), so a guarded read also has a time limit, `timeLimit(fileSize:)`: 10 s plus 1 s per 20 MB, far
/// beyond a healthy read (HDF5 reads hundreds of MB/s); SIGALRM then reports the file the same way.
enum HDF5CrashGuard {
  static func timeLimit(fileSize: Int) -> UInt32 { UInt32(clamping: 10 + fileSize / 20_000_000) }

  static func reading<T>(_ path: String, _ body: () throws -> T) rethrows -> T {
    let message = "error: \(path): /: expected an HDF5 file, found a damaged HDF5 file on which the HDF5 library "
      + "crashed (corrupt internal structure)\n"
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let limit = timeLimit(fileSize: size)
    let slow = "error: \(path): /: expected an HDF5 file, found a damaged HDF5 file that the HDF5 library did not "
      + "finish reading in \(limit) s (corrupt internal structure)\n"
    guard let text = strdup(message), let slowText = strdup(slow) else { return try body() }
    guardMessage = text
    guardMessageLength = strlen(text)
    timeoutMessage = slowText
    timeoutMessageLength = strlen(slowText)
    var alarmAction = sigaction()
    alarmAction.__sigaction_handler.sa_handler = { _ in
      if let m = timeoutMessage { _ = write(2, m, timeoutMessageLength) }
      _exit(2)
    }
    sigemptyset(&alarmAction.sa_mask)
    var oldALRM = sigaction()
    sigaction(SIGALRM, &alarmAction, &oldALRM)
    let previousAlarm = alarm(limit)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      if let m = guardMessage { _ = write(2, m, guardMessageLength) }
      _exit(2)
    }
    sigemptyset(&action.sa_mask)
    var oldSEGV = sigaction(), oldBUS = sigaction(), oldFPE = sigaction()
    sigaction(SIGSEGV, &action, &oldSEGV)
    sigaction(SIGBUS, &action, &oldBUS)
    sigaction(SIGFPE, &action, &oldFPE)
    defer {
      alarm(previousAlarm)
      sigaction(SIGALRM, &oldALRM, nil)
      timeoutMessage = nil
      free(slowText)
      sigaction(SIGSEGV, &oldSEGV, nil)
      sigaction(SIGBUS, &oldBUS, nil)
      sigaction(SIGFPE, &oldFPE, nil)
      guardMessage = nil
      free(text)
    }
    return try body()
  }
}
