import RackTwinIO
import Foundation
import RackTwinThermal

/// A run that cannot fit in memory, refused before it starts.
public struct ResourceError: Error, CustomStringConvertible, Sendable, Equatable {
  public var file: String
  /// Bytes the run needs (estimate) and bytes available.
  public var needed: Int
  public var available: Int
  public var detail: String

  public var description: String {
    "\(file): not enough memory: the run needs about \(MemoryEstimate.format(needed)) (\(detail)), "
      + "\(MemoryEstimate.format(available)) available; use a coarser mesh or a machine with more memory"
  }
}

/// How much memory a solve needs, from measured peaks, and how much the machine has.
public enum MemoryEstimate {
  /// Peak resident bytes per cell of a steady solve (mesh, matrix, solver vectors and preconditioner, results), the
  /// peaks measured with `racktwin bench` at 1 M cells (docs/performance.md) plus about a fifth: 501 with AMG-CG and
  /// 420 with IC(0)-CG on the heterogeneous box mesh; 783 with AMG-CG on 1.05 M Kuhn tetrahedra, whose faces carry
  /// full normals and centroids and the non-orthogonal correction's offsets.
  public static func bytesPerCell(amg: Bool, unstructured: Bool) -> Int {
    unstructured ? 950 : amg ? 600 : 500
  }

  /// Bytes a steady solve of `cells` cells needs; AMG when `method` is `cg-amg`, `bicgstab-amg` or `gmres-amg`, or
  /// `auto` above `SteadyThermalSolver.autoAMGMinimumUnknowns` cells; plus the Krylov vectors the non-symmetric
  /// methods keep beyond CG's (`extraBytesPerCell`).
  public static func steadySolveBytes(cells: Int, method: CaseDocument.SolverMethod, unstructured: Bool) -> Int {
    32 << 20 + cells * (bytesPerCell(amg: usesAMG(method, cells: cells), unstructured: unstructured)
                        + extraBytesPerCell(method))
  }

  static func usesAMG(_ method: CaseDocument.SolverMethod, cells: Int) -> Bool {
    [.cgAMG, .bicgstabAMG, .gmresAMG].contains(method)
      || (method == .auto && cells > SteadyThermalSolver.autoAMGMinimumUnknowns)
  }

  /// Bytes per cell a method keeps beyond CG's vectors and preconditioner (not measured; counted): BiCGSTAB keeps 4
  /// more vectors than CG (32 B); GMRES(30) 31 Krylov vectors and 2 work vectors against CG's 4 (232 B); ILU(0) a full
  /// copy of the matrix where IC(0) keeps its lower half (about 4 entries of 12 B per cell on 7-point stencils, 48 B).
  static func extraBytesPerCell(_ method: CaseDocument.SolverMethod) -> Int {
    switch method {
    case .bicgstabAMG: return 32
    case .bicgstabILU0: return 32 + 48
    case .gmresAMG: return 232
    case .gmresILU0: return 232 + 48
    case .auto, .banded, .bandedLU, .cgAMG, .cgIC0, .cgJacobi: return 0
    }
  }

  /// Bytes the process may still use: the least of the kernel's MemAvailable, the cgroup limit (memory.max) and
  /// `RACKTWIN_MEMORY_LIMIT` (bytes; for tests and shared machines). Nil when none can be read.
  public static func availableBytes() -> Int? {
    var limits: [Int] = []
    if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
       let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }) {
      let parts = line.split(separator: " ").filter { !$0.isEmpty }
      if parts.count >= 2, let kib = Int(parts[1]) { limits.append(kib * 1024) }
    }
    if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
       let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
      limits.append(bytes)
    }
    if let env = ProcessInfo.processInfo.environment["RACKTWIN_MEMORY_LIMIT"], let bytes = Int(env) {
      limits.append(bytes)
    }
    return limits.min()
  }

  /// Throws `ResourceError` when `concurrent` steady solves of `cells` cells at once would not fit.
  public static func check(cells: Int, unstructured: Bool, method: CaseDocument.SolverMethod, file: String,
                           concurrent: Int = 1) throws {
    let needed = concurrent * steadySolveBytes(cells: cells, method: method, unstructured: unstructured)
    guard let available = availableBytes(), needed > available else { return }
    let amg = usesAMG(method, cells: cells)
    let name = method == .auto ? (amg ? "cg-amg" : "cg-ic0") : method.rawValue
    throw ResourceError(file: file, needed: needed, available: available,
                        detail: (concurrent > 1 ? "\(concurrent) points at once × " : "")
                          + "\(cells) cells × \(bytesPerCell(amg: amg, unstructured: unstructured) + extraBytesPerCell(method)) bytes/cell with "
                          + "\(name) on \(unstructured ? "an unstructured" : "a box") mesh, "
                          + "from the peaks measured at 1 M cells")
  }

  static func format(_ bytes: Int) -> String {
    bytes >= 1 << 30 ? String(format: "%.1f GiB", Double(bytes) / Double(1 << 30))
      : String(format: "%.0f MiB", Double(bytes) / Double(1 << 20))
  }
}
