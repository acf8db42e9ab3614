import Foundation

/// Stefan–Boltzmann constant, W/(m²·K⁴) (CODATA 2018, exact in the 2019 SI).
public let stefanBoltzmann = 5.670374419e-8

/// Component power that rises with temperature (leakage): P(T) = dynamic + leakage·2^((T − reference)/doublingInterval).
public struct Leakage: Sendable, Equatable {
  /// W.
  public var dynamic: Double
  /// Leakage power at `reference`, W.
  public var leakage: Double
  /// K.
  public var reference: Double
  /// Temperature rise that doubles the leakage, K.
  public var doublingInterval: Double

  public init(dynamic: Double, leakage: Double, reference: Double, doublingInterval: Double) {
    self.dynamic = dynamic
    self.leakage = leakage
    self.reference = reference
    self.doublingInterval = doublingInterval
  }

  /// Power at temperature `t` (K), W.
  public func power(at t: Double) -> Double { dynamic + leakage * exp2((t - reference) / doublingInterval) }
}

extension ThermalModel {
  /// Whether any term depends on temperature: a conductivity law, a radiation boundary, a leaking component, or an
  /// added term that says so.
  public var isNonlinear: Bool { allTerms.contains { $0.isNonlinear } }

  /// Gives a component a leakage law; its power becomes the law's value at the reference temperature until
  /// `updateNonlinearTerms` evaluates it at the solved temperatures.
  public mutating func setLeakage(_ leakage: Leakage, forComponentAt index: Int) throws {
    guard leakage.dynamic >= 0, leakage.leakage >= 0, leakage.doublingInterval > 0,
          [leakage.dynamic, leakage.leakage, leakage.reference, leakage.doublingInterval].allSatisfy(\.isFinite) else {
      throw ThermalError.invalidInput(location: "components.\(components[index].name).power",
                                      expected: "dynamic ≥ 0 W, leakage ≥ 0 W and a doubling interval > 0 K",
                                      found: "\(leakage)")
    }
    components[index].leakage = leakage
    components[index].power = leakage.power(at: leakage.reference)
  }

  /// Re-evaluates the temperature-dependent terms at `temperature` (K per cell): conductivity laws per cell, the
  /// radiation coefficient per face (at the face temperature the current linearisation implies), leakage power at
  /// each component's volume-mean temperature.
  /// - Throws: `ThermalError.invalidInput` when a conductivity law gives k ≤ 0, naming the material and temperature.
  /// `temperature` holds the cells' temperatures first; added terms see all of it (their own unknowns after the
  /// cells) in `update`.
  public mutating func updateNonlinearTerms(temperature: [Double], referenceTemperature: Double = 0) throws {
    let contexts = addedTermContexts(temperature: temperature, referenceTemperature: referenceTemperature)
    for i in terms.indices where terms[i].isNonlinear { try terms[i].update(contexts[i]) }
    for c in 0..<mesh.cellCount {
      guard let law = regionMaterials[mesh.cellRegion[c]]?.conductivityLaw else { continue }
      let k = law.conductivity(at: temperature[c])
      guard k > 0, k.isFinite else {
        let name = regionMaterials[mesh.cellRegion[c]]?.name ?? "?"
        throw ThermalError.invalidInput(location: "materials.\(name).conductivity", expected: "k > 0 over the run",
                                        found: String(format: "k = %.4g W/m/K at %.2f K", k, temperature[c]))
      }
      cellConductivity[c] = SIMD3(repeating: k)
    }
    let nInternal = mesh.internalFaceCount
    for (b, bc) in faceConditions.enumerated() {
      guard case .radiation(let e, let ts) = bc else { continue }
      let f = nInternal + b
      let p = Int(mesh.faceOwner[f])
      let n = mesh.faceNormal[f]
      let dP = abs(((mesh.faceCentroid[f] - mesh.cellCentroid[p]) * n).sum())
      let g = (n * n * cellConductivity[p]).sum() / dP
      let h = radiationCoefficient[b]
      let tf = (g * temperature[p] + h * ts) / (g + h)
      radiationCoefficient[b] = e * stefanBoltzmann * (tf * tf + ts * ts) * (tf + ts)
    }
    for i in components.indices {
      guard let law = components[i].leakage else { continue }
      var tv = 0.0, v = 0.0
      for cell in components[i].cells {
        tv += temperature[cell] * mesh.cellVolume[cell]
        v += mesh.cellVolume[cell]
      }
      components[i].power = law.power(at: tv / v)
    }
  }
}
