import Foundation
import RackTwinCooling
import XCTest

/// Heavy check (RACKTWIN_HEAVY=1, needs `pip install CoolProp`): the water and glycol tables against CoolProp
/// evaluated between the table rows, where only interpolation separates them.
final class CoolPropComparisonTests: XCTestCase {
  /// CoolProp 8.0.0 evaluates IAPWS-95 / IAPWS 2008 / 2011 (water) and Melinder (2010) fits (INCOMP::MPG, MEG) at
  /// 101.325 kPa. Tolerances are the interpolation bounds at 5 K spacing, (h²/8)|f''|: 2e-4 relative (ρ, c_p),
  /// 3e-4 (k: water's is most curved near 0 °C, 2.2e-4 measured at 7 °C) and 5e-3 (μ, log-linear: PG40 near its
  /// freezing point curves most, 3.1e-3 measured at −12 °C).
  func testWaterAndGlycolTablesAgainstCoolProp() throws {
    guard ProcessInfo.processInfo.environment["RACKTWIN_HEAVY"] == "1" else {
      throw XCTSkip("set RACKTWIN_HEAVY=1 (tools/test --heavy) to compare with CoolProp")
    }
    let fluids: [(Coolant, String)] = [(.water, "Water"), (.propyleneGlycol25, "INCOMP::MPG[0.25]"),
                                       (.propyleneGlycol40, "INCOMP::MPG[0.40]"), (.ethyleneGlycol30, "INCOMP::MEG[0.30]")]
    for (coolant, name) in fluids {
      let lo = coolant.range.lowerBound, hi = coolant.range.upperBound
      let temps = stride(from: 0.07, to: 0.95, by: 0.11).map { lo + $0 * (hi - lo) }
      let script = """
        import CoolProp.CoolProp as CP
        for T in [\(temps.map { String($0) }.joined(separator: ","))]:
            print(*[CP.PropsSI(p, "T", T, "P", 101325, "\(name)") for p in "DVCL"])
        """
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["python3", "-c", script]
      let pipe = Foundation.Pipe()
      process.standardOutput = pipe
      process.standardError = FileHandle.nullDevice
      try process.run()
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      guard process.terminationStatus == 0 else { throw XCTSkip("python3 with CoolProp not available") }
      let rows = String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.split(separator: " ").map { Double($0)! } }
      XCTAssertEqual(rows.count, temps.count)
      for (t, want) in zip(temps, rows) {
        let p = try coolant.properties(at: t)
        let got = [p.density, p.viscosity, p.specificHeat, p.conductivity]
        for i in 0..<4 {
          let tol = [2e-4, 5e-3, 2e-4, 3e-4][i] * want[i]
          XCTAssertEqual(got[i], want[i], accuracy: tol, "\(coolant.name) at \(t) K, property \(i)")
        }
      }
    }
  }
}
