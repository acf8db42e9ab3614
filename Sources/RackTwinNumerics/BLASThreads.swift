import Foundation

/// The thread count of OpenBLAS, which LAPACK here runs on (banded Cholesky and LU, the coarsest AMG level).
///
/// Our own kernels are the parallelism (`Parallel`); OpenBLAS's threads on top of them, or beside other busy
/// processes, wait on cores: a 3,570-tetrahedron banded solve took 39 s wall for 1.1 s of CPU with the two cores of a
/// shared machine busy, and 0.87 s with one OpenBLAS thread (issue 19). Every command calls `limitToOne()` first.
public enum BLASThreads {
  /// Tells OpenBLAS to use one thread (`openblas_set_num_threads(1)`, when the library is loaded) and sets
  /// `OPENBLAS_NUM_THREADS=1` for child processes. OpenBLAS reads the variable when it loads, before `main`, hence
  /// the call as well. Safe to call more than once.
  public static func limitToOne() {
    setenv("OPENBLAS_NUM_THREADS", "1", 1)
    set(1)
  }

  /// Sets OpenBLAS's thread count (≥ 1) through `openblas_set_num_threads`; returns false when OpenBLAS is not loaded
  /// (another BLAS), and then does nothing.
  @discardableResult
  public static func set(_ threads: Int) -> Bool {
    typealias SetThreads = @convention(c) (Int32) -> Void
    guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else { return false }
    unsafeBitCast(sym, to: SetThreads.self)(Int32(max(1, threads)))
    return true
  }

  /// OpenBLAS's current thread count (`openblas_get_num_threads`), or nil when OpenBLAS is not loaded.
  public static var current: Int? {
    typealias GetThreads = @convention(c) () -> Int32
    guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_num_threads") else { return nil }
    return Int(unsafeBitCast(sym, to: GetThreads.self)())
  }
}
