import Foundation
import RackTwinMesh
import RackTwinThermal

/// Advection of enthalpy by the coolant of a `FaceFlow`, ∇·(ṁ h), with the discrete continuity error subtracted:
/// each fluid cell P gets Σ_f F_f (h_f − h_P) over its faces (F_f out of P, kg/s), DESIGN §3.1.
///
/// Subtracting h_P Σ_f F_f (OpenFOAM's `div(phi,h) − Sp(div(phi),h)`) makes the operator vanish on a uniform
/// enthalpy whatever the flux field: an imperfect mass balance moves no heat and the solution does not depend on the
/// enthalpy datum. Faces carry the upwind enthalpy implicitly, so an outflow face adds nothing and an inflow face
/// |F|(h_P − h_U); outlets are zero-gradient (h_f = h_P) and inlets bring h(T_in). The inlet is a Danckwerts
/// boundary (Danckwerts 1953, Chem. Eng. Sci. 2:1–13): the total heat crossing the inlet plane is ṁ h(T_in), no
/// conduction across it (leave the inlet and outlet patches adiabatic in the model), so the heat the coolant takes
/// away, ṁ (h_out − h_in), equals the heat put into the domain.
///
/// h(T) is the coolant's table enthalpy, linearised about the last iterate T* as h(T*) + c_p(T*)(T − T*) and
/// refreshed by Picard (`update`); at the fixed point the equations hold in h exactly. The bounded higher-order
/// option is a deferred correction (Khosla & Rubin 1974): the face value h_C + ½ψ(r)(h_D − h_C) minus the upwind
/// h_C goes to the right-hand side, with r from the upwind cell's gradient as Darwish & Moukalled (2003, Int. J.
/// Heat Mass Transfer 46:599–611) define it for unstructured grids, r = 2 ∇h_C·d_CD / (h_D − h_C) − 1, which is the
/// classic ratio of successive differences on a uniform structured grid. ∇h_C is the Gauss gradient with linear
/// face interpolation between fluid cells, h(T_in) on inlet faces and zero gradient on every other face.
public struct AdvectionTerm: ThermalTerm {
  /// How face enthalpies are interpolated.
  public enum Scheme: String, Sendable, CaseIterable {
    /// First-order upwind, fully implicit.
    case upwind
    /// TVD with the minmod limiter ψ = max(0, min(1, r)) (Roe 1986), as a deferred correction.
    case minmod
    /// TVD with van Leer's limiter ψ = (r + |r|)/(1 + |r|) (van Leer 1974), as a deferred correction.
    case vanLeer = "van-leer"

    /// The limiter ψ(r); ψ ≤ min(2r, 2) keeps the face value between the upwind and downwind cells (Sweby 1984).
    @inline(__always)
    func limiter(_ r: Double) -> Double {
      switch self {
      case .upwind: return 0
      case .minmod: return max(0, min(1, r))
      case .vanLeer: return (r + abs(r)) / (1 + abs(r))
      }
    }
  }

  public let name: String
  /// The coolant's mass fluxes, inlets and outlets.
  public let flow: FaceFlow
  public let scheme: Scheme
  /// Inlet index of each boundary face (index f − internalFaceCount), −1 elsewhere.
  let inletOfBoundaryFace: [Int32]
  /// h(T_in) of each inlet, J/kg.
  let inletEnthalpy: [Double]
  /// Whether c_p is the same at every temperature: h is then linear in T and the upwind term is linear.
  let hasConstantSpecificHeat: Bool
  /// The state the term is linearised about, per cell (fluid cells only; others 0): T* (K), c_p(T*) (J/kg/K),
  /// h(T*) (J/kg).
  var stateTemperature: [Double]
  var stateSpecificHeat: [Double]
  var stateEnthalpy: [Double]
  /// The deferred higher-order correction per cell, W (added to the right-hand side); empty for upwind or before
  /// the first `update`.
  var correction: [Double] = []

  /// - Parameters:
  ///   - name: names the term in the energy balance and metrics (`<name>.heat_to_liquid`).
  ///   - flow: face mass fluxes on `mesh`, checked here.
  ///   - scheme: upwind, or a TVD limiter as a deferred correction (van Leer by default).
  /// - Throws: `CoolingError.invalidInput` naming the term when the flux field does not fit the mesh (counts, an
  ///   inlet face with outflow, coolant crossing into a solid cell or through a boundary face that is neither inlet
  ///   nor outlet, non-finite values); `.temperatureOutOfRange` for an inlet temperature outside the coolant's range.
  public init(name: String = "advection", flow: FaceFlow, mesh: FVMesh, scheme: Scheme = .vanLeer) throws {
    let location = "advection term \(name)"
    func invalid(_ expected: String, _ found: String) -> CoolingError {
      .invalidInput(location: location, expected: expected, found: found)
    }
    guard flow.massFlux.count == mesh.faceCount, flow.isFluidCell.count == mesh.cellCount else {
      throw invalid("a mass flux per face (\(mesh.faceCount)) and a fluid flag per cell (\(mesh.cellCount))",
                    "\(flow.massFlux.count) fluxes and \(flow.isFluidCell.count) flags")
    }
    let nInternal = mesh.internalFaceCount
    var inletOf = [Int32](repeating: -1, count: mesh.boundaryFaceCount)
    var isOutlet = [Bool](repeating: false, count: mesh.boundaryFaceCount)
    var inletEnthalpy: [Double] = []
    for (i, inlet) in flow.inlets.enumerated() {
      try flow.coolant.check(inlet.temperature, context: "\(location), inlet \(inlet.name)")
      inletEnthalpy.append(flow.coolant.table.properties(at: inlet.temperature).enthalpy)
      for f in inlet.faces {
        guard f >= nInternal, f < mesh.faceCount else {
          throw invalid("boundary faces at inlet \(inlet.name)", "face \(f)")
        }
        guard flow.massFlux[f] <= 0 else {
          throw invalid("inflow (mass flux ≤ 0) at inlet \(inlet.name)",
                        "\(flow.massFlux[f]) kg/s leaving through face \(f)")
        }
        inletOf[f - nInternal] = Int32(i)
      }
    }
    for outlet in flow.outlets {
      for f in outlet.faces {
        guard f >= nInternal, f < mesh.faceCount else {
          throw invalid("boundary faces at outlet \(outlet.name)", "face \(f)")
        }
        guard flow.massFlux[f] >= 0 else {
          throw invalid("outflow (mass flux ≥ 0) at outlet \(outlet.name)",
                        "\(flow.massFlux[f]) kg/s entering through face \(f)")
        }
        isOutlet[f - nInternal] = true
      }
    }
    for f in 0..<mesh.faceCount {
      let flux = flow.massFlux[f]
      guard flux.isFinite else { throw invalid("finite mass fluxes", "\(flux) kg/s through face \(f)") }
      guard flux != 0 else { continue }
      let p = Int(mesh.faceOwner[f])
      if f < nInternal {
        let q = Int(mesh.faceNeighbour[f])
        guard flow.isFluidCell[p] && flow.isFluidCell[q] else {
          throw invalid("coolant only between fluid cells",
                        "\(flux) kg/s through face \(f) between cells \(mesh.cellToFile[p]) and \(mesh.cellToFile[q])"
                          + " (file numbering), not both fluid")
        }
      } else {
        guard flow.isFluidCell[p], inletOf[f - nInternal] >= 0 || isOutlet[f - nInternal] else {
          throw invalid("coolant crossing the boundary only at inlets and outlets of fluid cells",
                        "\(flux) kg/s through boundary face \(f) of cell \(mesh.cellToFile[p]) (file numbering)")
        }
      }
    }
    self.name = name
    self.flow = flow
    self.scheme = scheme
    self.inletOfBoundaryFace = inletOf
    self.inletEnthalpy = inletEnthalpy
    let cp = flow.coolant.table.specificHeat
    self.hasConstantSpecificHeat = cp.allSatisfy { $0 == cp[0] }
    // Until the first solve, every fluid cell is linearised about the mass-weighted inlet temperature.
    var mIn = 0.0, mt = 0.0
    for inlet in flow.inlets { let m = flow.inflow(inlet); mIn += m; mt += m * inlet.temperature }
    let t0 = mIn > 0 ? mt / mIn : (flow.inlets.first?.temperature ?? Coolant.referenceTemperature)
    let p0 = flow.coolant.table.properties(at: min(max(t0, flow.coolant.range.lowerBound), flow.coolant.range.upperBound))
    stateTemperature = flow.isFluidCell.map { $0 ? p0.temperature : 0 }
    stateSpecificHeat = flow.isFluidCell.map { $0 ? p0.specificHeat : 0 }
    stateEnthalpy = flow.isFluidCell.map { $0 ? p0.enthalpy : 0 }
  }

  public var isSymmetric: Bool { false }
  /// Nonlinear when c_p varies with temperature or a limiter's correction must be iterated (Picard).
  public var isNonlinear: Bool { !hasConstantSpecificHeat || scheme != .upwind }

  /// The enthalpy the linearisation gives cell c at θ = 0: h(T*) − c_p(T*)(T* − T_ref), J/kg.
  @inline(__always)
  func offset(_ c: Int, _ tRef: Double) -> Double {
    hasConstantSpecificHeat ? 0 : stateEnthalpy[c] - stateSpecificHeat[c] * (stateTemperature[c] - tRef)
  }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let mesh = context.mesh
    let tRef = a.referenceTemperature
    let nInternal = mesh.internalFaceCount
    // With a constant c_p the offsets are one constant, which cancels in every h_P − h_U; the inlet then brings
    // c_p (T_in − T_ref) exactly.
    flow.massFlux.withUnsafeBufferPointer { flux in
      for f in 0..<nInternal {
        let m = flux[f]
        guard m != 0 else { continue }
        // Row of the downstream cell D: |F| (h̃_D − h̃_U), h̃_c = c_c θ_c + offset_c.
        let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
        if m > 0 {
          a.addFace(f, ownerDiagonal: 0, ownerOffDiagonal: 0, neighbourDiagonal: m * stateSpecificHeat[q],
                    neighbourOffDiagonal: -m * stateSpecificHeat[p], mesh: mesh)
          if !hasConstantSpecificHeat { a.addSource(q, -m * (offset(q, tRef) - offset(p, tRef))) }
        } else {
          a.addFace(f, ownerDiagonal: -m * stateSpecificHeat[p], ownerOffDiagonal: m * stateSpecificHeat[q],
                    neighbourDiagonal: 0, neighbourOffDiagonal: 0, mesh: mesh)
          if !hasConstantSpecificHeat { a.addSource(p, m * (offset(p, tRef) - offset(q, tRef))) }
        }
      }
    }
    for (i, inlet) in flow.inlets.enumerated() {
      let hIn = inletEnthalpy[i]
      for f in inlet.faces {
        let m = -flow.massFlux[f]
        guard m > 0 else { continue }
        let p = Int(mesh.faceOwner[f])
        a.addDiagonal(p, m * stateSpecificHeat[p])
        if hasConstantSpecificHeat {
          a.addSource(p, m * stateSpecificHeat[p] * (inlet.temperature - tRef))
        } else {
          a.addSource(p, m * (hIn - offset(p, tRef)))
        }
      }
    }
    if !correction.isEmpty {
      for c in 0..<mesh.cellCount where correction[c] != 0 { a.addSource(c, correction[c]) }
    }
  }

  /// Re-linearises h about `context.temperature` and, for a limiter, recomputes the deferred correction from it.
  /// - Throws: `CoolingError.temperatureOutOfRange` when a fluid cell's temperature leaves the coolant's range
  ///   (it would freeze or boil), naming the term and the cell.
  public mutating func update(_ context: TermContext) throws {
    let mesh = context.mesh
    let t = context.temperature
    let table = flow.coolant.table
    let range = flow.coolant.range
    for c in 0..<mesh.cellCount where flow.isFluidCell[c] {
      guard range.contains(t[c]) else {
        throw CoolingError.temperatureOutOfRange(
          fluid: flow.coolant.name, temperature: t[c], range: range,
          context: "advection term \(name), cell \(mesh.cellToFile[c]) (file numbering)")
      }
      let p = table.properties(at: t[c])
      stateTemperature[c] = t[c]
      stateSpecificHeat[c] = p.specificHeat
      stateEnthalpy[c] = p.enthalpy
    }
    if scheme != .upwind { correction = deferredCorrection(mesh: mesh) }
  }

  /// Gauss gradient of h in each fluid cell (J/kg/m) at the linearisation state: linear interpolation across faces
  /// between fluid cells, h(T_in) on inlet faces, zero gradient on every other face.
  func enthalpyGradients(mesh: FVMesh) -> [SIMD3<Double>] {
    let h = stateEnthalpy
    var g = [SIMD3<Double>](repeating: .zero, count: mesh.cellCount)
    let nInternal = mesh.internalFaceCount
    for f in 0..<nInternal {
      let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
      guard flow.isFluidCell[p], flow.isFluidCell[q] else { continue }
      let n = mesh.faceNormal[f], xf = mesh.faceCentroid[f]
      let dP = abs(((xf - mesh.cellCentroid[p]) * n).sum()), dN = abs(((mesh.cellCentroid[q] - xf) * n).sum())
      let hf = (dN * h[p] + dP * h[q]) / (dP + dN)
      let an = mesh.faceArea[f] * n
      g[p] += (hf - h[p]) * an
      g[q] -= (hf - h[q]) * an
    }
    for (i, inlet) in flow.inlets.enumerated() {
      for f in inlet.faces {
        let p = Int(mesh.faceOwner[f])
        g[p] += (inletEnthalpy[i] - h[p]) * mesh.faceArea[f] * mesh.faceNormal[f]
      }
    }
    for c in 0..<mesh.cellCount where flow.isFluidCell[c] { g[c] /= mesh.cellVolume[c] }
    return g
  }

  /// The limiter's face enthalpy minus the upwind one, times the mass flux, moved to the right-hand side of both
  /// cells of every internal face that carries coolant (W per cell; conservative: it sums to zero).
  func deferredCorrection(mesh: FVMesh) -> [Double] {
    let h = stateEnthalpy
    let g = enthalpyGradients(mesh: mesh)
    var b = [Double](repeating: 0, count: mesh.cellCount)
    for f in 0..<mesh.internalFaceCount {
      let m = flow.massFlux[f]
      guard m != 0 else { continue }
      let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
      let (up, down) = m > 0 ? (p, q) : (q, p)
      let dh = h[down] - h[up]
      // A face with (numerically) equal enthalpies on both sides has no correction, whatever r is.
      guard abs(dh) > 1e-12 * max(abs(h[up]), abs(h[down]), 1) else { continue }
      let r = 2 * (g[up] * (mesh.cellCentroid[down] - mesh.cellCentroid[up])).sum() / dh - 1
      let q0 = abs(m) * 0.5 * scheme.limiter(r) * dh
      b[up] -= q0
      b[down] += q0
    }
    return b
  }

  /// The coolant's enthalpy at T (J/kg), continued linearly with the end row's c_p beyond the table (the solve has
  /// already refused a temperature outside it during the iteration; this serves the reports of the final state).
  func enthalpy(at t: Double) -> Double {
    let table = flow.coolant.table
    let range = flow.coolant.range
    if range.contains(t) { return table.properties(at: t).enthalpy }
    let end = t < range.lowerBound ? range.lowerBound : range.upperBound
    let p = table.properties(at: end)
    return p.enthalpy + p.specificHeat * (t - end)
  }

  /// Heat the coolant takes out of the domain, W: Σ_outlets F h_P − Σ_inlets |F| h_in − Σ_cells e_P h_P, the sum of
  /// the discrete operator over the fluid cells (e_P the continuity error). With a divergence-free flux it is
  /// ṁ (h_out − h_in); it does not depend on the enthalpy datum either way.
  func heatCarriedOut(_ context: TermContext) -> Double {
    let mesh = context.mesh
    let t = context.temperature
    var q = 0.0
    for (i, inlet) in flow.inlets.enumerated() {
      for f in inlet.faces { q += flow.massFlux[f] * inletEnthalpy[i] }
    }
    for outlet in flow.outlets {
      for f in outlet.faces where flow.massFlux[f] != 0 {
        q += flow.massFlux[f] * enthalpy(at: t[Int(mesh.faceOwner[f])])
      }
    }
    let error = flow.continuityError(on: mesh)
    for c in 0..<mesh.cellCount where error[c] != 0 { q -= error[c] * enthalpy(at: t[c]) }
    return q
  }

  /// One net entry for the stream, named `coolant`: the heat it brings into the domain (negative: carried out).
  /// Gross enthalpy flows ṁ h never enter the balance, so they cannot inflate its denominator.
  public func heatStreams(_ context: TermContext) -> [HeatStream] {
    [HeatStream(name: "coolant", heatIn: -heatCarriedOut(context))]
  }

  /// Mixed-cup temperature of each outlet (K), from the enthalpy flux through its faces: h(T_b) = Σ F h_f / Σ F, and
  /// the outlet's mass flow (kg/s). An outlet without flow reports the mean temperature of its cells.
  func outletMixedCup(_ outlet: FaceFlow.Outlet, _ context: TermContext) -> (temperature: Double, flow: Double) {
    let mesh = context.mesh
    var m = 0.0, mh = 0.0, tSum = 0.0
    for f in outlet.faces {
      let t = context.temperature[Int(mesh.faceOwner[f])]
      m += flow.massFlux[f]
      mh += flow.massFlux[f] * enthalpy(at: t)
      tSum += t
    }
    guard m > 0 else { return (outlet.faces.isEmpty ? .nan : tSum / Double(outlet.faces.count), 0) }
    let h = mh / m
    let t = (try? flow.coolant.temperature(enthalpy: h)) ?? {
      // Beyond the table: invert the linear continuation of `enthalpy(at:)`.
      let range = flow.coolant.range
      let end = h < flow.coolant.table.properties(at: range.lowerBound).enthalpy ? range.lowerBound : range.upperBound
      let p = flow.coolant.table.properties(at: end)
      return end + (h - p.enthalpy) / p.specificHeat
    }()
    return (t, m)
  }

  /// `heat_to_liquid` (W): ṁ_in (h̄_out − h̄_in) from the outlets' mixed-cup temperatures and the inlets' temperatures,
  /// independent of the discrete balance; `mass_flow` (kg/s into the inlets); `outlet_temperature.<outlet>` (K);
  /// `continuity_error` (Σ_cells |e_P| / ṁ_in, 1).
  public func metrics(_ context: TermContext) -> [TermMetric] {
    var mIn = 0.0, mhIn = 0.0
    for (i, inlet) in flow.inlets.enumerated() {
      let m = flow.inflow(inlet)
      mIn += m
      mhIn += m * inletEnthalpy[i]
    }
    var mOut = 0.0, mhOut = 0.0
    var perOutlet: [TermMetric] = []
    for outlet in flow.outlets {
      let (t, m) = outletMixedCup(outlet, context)
      perOutlet.append(TermMetric(name: "outlet_temperature.\(outlet.name)", value: t, units: "K"))
      mOut += m
      mhOut += m * enthalpy(at: t)
    }
    let heat = mIn > 0 && mOut > 0 ? mIn * (mhOut / mOut - mhIn / mIn) : 0
    let error = flow.continuityError(on: context.mesh).reduce(0) { $0 + abs($1) }
    return [
      TermMetric(name: "heat_to_liquid", value: heat, units: "W"),
      TermMetric(name: "mass_flow", value: mIn, units: "kg/s"),
      TermMetric(name: "continuity_error", value: mIn > 0 ? error / mIn : 0, units: "1"),
    ] + perOutlet
  }

  /// The cells behind inlet faces with inflow: the coolant ties them to T_in, a thermal path for the whole stream.
  public func anchoredUnknowns(_ context: TermContext) -> [Int] {
    var cells: [Int] = []
    for inlet in flow.inlets {
      for f in inlet.faces where flow.massFlux[f] < 0 { cells.append(Int(context.mesh.faceOwner[f])) }
    }
    return cells
  }
}
