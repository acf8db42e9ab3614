import Dispatch
import Foundation

/// Deterministic data parallelism for the numerical kernels (DESIGN §4.4).
///
/// Work is cut into chunks of `chunkSize` indices whatever the thread count; workers take chunks, and a reduction
/// forms one partial result per chunk and adds the partials in chunk order. So 1, 2 or 64 threads give bit-identical
/// results. Loops of at most one chunk run inline on the calling thread.
public enum Parallel {
  /// Indices per chunk (16 Ki): large enough that dispatch costs little against the work, small enough to balance.
  public static let chunkSize = 16_384

  /// Threads the kernels use (≥ 1). Defaults to `RACKTWIN_THREADS` when set to a positive integer, else the active
  /// processor count. A sweep solving points in parallel sets it to 1 so points do not fight over cores.
  public static var threadCount: Int {
    get { setting.withLock { $0 } }
    set { setting.withLock { $0 = Swift.max(1, newValue) } }
  }

  /// The default thread count: `RACKTWIN_THREADS`, else the active processor count.
  public static var defaultThreadCount: Int {
    if let text = ProcessInfo.processInfo.environment["RACKTWIN_THREADS"], let n = Int(text), n > 0 { return n }
    return Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Tells OpenBLAS to use one thread (`BLASThreads.limitToOne()`). The CLI already calls it at start; the kernels
  /// call it again before the thread count is first read, for library users.
  public static func limitBLASThreads() {
    BLASThreads.limitToOne()
  }

  private static let setting: LockedValue = {
    limitBLASThreads()
    return LockedValue(defaultThreadCount)
  }()

  /// Number of chunks covering `count` indices.
  @inlinable
  public static func chunkCount(_ count: Int) -> Int { (count + chunkSize - 1) / chunkSize }

  /// Runs `body` on every chunk of 0..<count, in parallel when there is more than one chunk and more than one thread.
  /// `body` must only write to locations its range owns.
  public static func forEachChunk(_ count: Int, _ body: (Range<Int>) -> Void) {
    let chunks = chunkCount(count)
    if chunks <= 1 {
      if count > 0 { body(0..<count) }
      return
    }
    let workers = Swift.min(threadCount, chunks)
    if workers == 1 {
      for c in 0..<chunks { body(c * chunkSize..<Swift.min(count, (c + 1) * chunkSize)) }
      return
    }
    // The workers only run while this call waits for them, so `body` does not escape; each chunk writes only what
    // its range owns (the caller's contract), which is what makes the unchecked Sendable box safe.
    withoutActuallyEscaping(body) { body in
      let work = UncheckedSendable(body)
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        var c = w
        while c < chunks {
          work.value(c * chunkSize..<Swift.min(count, (c + 1) * chunkSize))
          c += workers
        }
      }
    }
  }

  /// Workers `forEachChunk(count, _:)` with a worker index uses: indices 0..<workerCount(count).
  public static func workerCount(_ count: Int) -> Int {
    Swift.max(1, Swift.min(threadCount, chunkCount(count)))
  }

  /// As `forEachChunk(_:_:)`, also passing the index of the worker running the chunk (0..<`workerCount(count)`), for
  /// per-worker scratch space. Which worker runs a chunk must not change the result.
  public static func forEachChunk(_ count: Int, _ body: (_ worker: Int, _ chunk: Range<Int>) -> Void) {
    let chunks = chunkCount(count)
    let workers = workerCount(count)
    if workers == 1 {
      for c in 0..<chunks { body(0, c * chunkSize..<Swift.min(count, (c + 1) * chunkSize)) }
      return
    }
    withoutActuallyEscaping(body) { body in
      let work = UncheckedSendable(body)
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        var c = w
        while c < chunks {
          work.value(w, c * chunkSize..<Swift.min(count, (c + 1) * chunkSize))
          c += workers
        }
      }
    }
  }

  /// Σ over chunks of `body(chunk)`, the partials added in chunk order: the same bits for any thread count.
  public static func sum(_ count: Int, _ body: (Range<Int>) -> Double) -> Double {
    let chunks = chunkCount(count)
    if chunks <= 1 { return count > 0 ? body(0..<count) : 0 }
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: chunks) { partial in
      forEachChunk(count) { range in partial[range.lowerBound / chunkSize] = body(range) }
      var s = 0.0
      for c in 0..<chunks { s += partial[c] }
      return s
    }
  }
}

/// An `Int` behind a lock.
private final class LockedValue: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Int
  init(_ value: Int) { self.value = value }
  func withLock<R>(_ body: (inout Int) -> R) -> R {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}

/// A value handed to worker threads whose thread-safety the caller guarantees (disjoint writes per chunk).
private struct UncheckedSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
