import Foundation
import RackTwinMesh
import RackTwinThermal

/// Wall heat transfer of a coarse channel (about one cell across, plug flow; DESIGN §3.1–3.2): each face between the
/// channel's fluid cells and a solid cell gets a heat-transfer coefficient h from a Nusselt correlation instead of
/// conduction through the fluid's half cell, because the mesh does not resolve the boundary layer.
///
/// The face conductance becomes A / (1/h + R'' + d_s/k_s) (`ThermalModel.setFilmResistance`): the correlation's
/// film resistance replaces d_f/k_f on the fluid side; the solid's half cell and any contact resistance stay. With
/// the fluid cell at the local bulk temperature, the wall heat flux is then h (T_wall − T_bulk), T_wall the face
/// temperature on the solid side.
///
/// Correlations (`Correlations/InternalFlow.swift`), on the hydraulic diameter:
/// - laminar, Re < 2300: Shah & London (1978) fully developed Nu for the duct (rectangular T or H1; circular tube
///   3.657 / 4.364), with the thermally developing mean over the heated length (VDI Heat Atlas 2010, G1) when a
///   length is given;
/// - turbulent, Re ≥ 10⁴: Gnielinski (1976), times Hausen's entrance factor [1 + (D_h/L)^(2/3)] when a length is given;
/// - between: Gnielinski's linear interpolation in Re, Nu = (1 − γ) Nu_lam(2300) + γ Nu_turb(10⁴),
///   γ = (Re − 2300)/(10⁴ − 2300) (Gnielinski 2013, Int. J. Heat Mass Transfer 63, 134; VDI Heat Atlas G1 eq. 26).
public struct ChannelWallFilm: Sendable {
  /// The channel's cross-section.
  public enum Shape: Sendable, Equatable {
    /// A rectangular duct, short side over long side in 0...1.
    case rectangular(aspectRatio: Double)
    case circular
  }

  /// The thermal boundary condition the laminar Nusselt number is taken for.
  public enum Condition: Sendable, Equatable {
    /// Uniform wall temperature (Nu_T).
    case uniformWallTemperature
    /// Axially uniform heat input with peripherally uniform wall temperature (Nu_H1).
    case uniformHeatInput
  }

  /// Which correlation gave the Nusselt number.
  public enum Regime: String, Sendable, Equatable {
    case laminar, transitional, turbulent
  }

  public var shape: Shape
  /// D_h = 4A/P (m).
  public var hydraulicDiameter: Double
  /// Flow cross-section A (m²), for the mean velocity.
  public var flowArea: Double
  /// Heated length L (m) for the entrance corrections, or nil for fully developed values.
  public var heatedLength: Double?
  public var condition: Condition

  /// - Throws: `CoolingError.invalidInput` for a non-positive diameter, area or length, or an aspect ratio outside 0...1.
  public init(shape: Shape, hydraulicDiameter: Double, flowArea: Double, heatedLength: Double? = nil,
              condition: Condition = .uniformWallTemperature) throws {
    guard hydraulicDiameter > 0, hydraulicDiameter.isFinite, flowArea > 0, flowArea.isFinite else {
      throw CoolingError.invalidInput(location: "channel wall film", expected: "hydraulic diameter and flow area > 0",
                                      found: "D_h \(hydraulicDiameter) m, A \(flowArea) m²")
    }
    if let l = heatedLength, !(l > 0 && l.isFinite) {
      throw CoolingError.invalidInput(location: "channel wall film heated length", expected: "a length > 0 m",
                                      found: "\(l) m")
    }
    if case .rectangular(let a) = shape, !(0...1).contains(a) {
      throw CoolingError.invalidInput(location: "channel wall film aspect ratio",
                                      expected: "short side over long side in 0...1", found: "\(a)")
    }
    self.shape = shape
    self.hydraulicDiameter = hydraulicDiameter
    self.flowArea = flowArea
    self.heatedLength = heatedLength
    self.condition = condition
  }

  /// Fully developed laminar Nu of the duct for the condition (Shah & London 1978; circular tube 3.657 and 48/11).
  public var laminarFullyDeveloped: Double {
    switch (shape, condition) {
    case (.rectangular(let a), .uniformWallTemperature): return nusseltLaminarRectangularT(aspectRatio: a)
    case (.rectangular(let a), .uniformHeatInput): return nusseltLaminarRectangularH1(aspectRatio: a)
    case (.circular, .uniformWallTemperature): return 3.657
    case (.circular, .uniformHeatInput): return 48.0 / 11
    }
  }

  /// Nusselt number (on D_h) at Reynolds number Re and Prandtl number Pr, and the regime that gave it.
  public func nusselt(reynolds re: Double, prandtl pr: Double) -> (nusselt: Double, regime: Regime) {
    let dh = hydraulicDiameter
    func laminar(_ re: Double) -> Double {
      guard let l = heatedLength else { return laminarFullyDeveloped }
      return nusseltLaminarDevelopingMean(fullyDeveloped: laminarFullyDeveloped, graetz: re * pr * dh / l)
    }
    func turbulent(_ re: Double) -> Double {
      let nu = nusseltGnielinski(reynolds: re, prandtl: pr)
      guard let l = heatedLength else { return nu }
      return nu * turbulentEntranceFactor(hydraulicDiameter: dh, length: max(l, dh))
    }
    if re < 2300 { return (laminar(re), .laminar) }
    if re >= 1e4 { return (turbulent(re), .turbulent) }
    let gamma = (re - 2300) / (1e4 - 2300)
    return ((1 - gamma) * laminar(2300) + gamma * turbulent(1e4), .transitional)
  }

  /// The heat-transfer coefficient (W/(m²·K)) for mass flow ṁ (kg/s) with the coolant's properties.
  public func coefficient(massFlow: Double, properties p: CoolantProperties) -> (h: Double, nusselt: Double,
                                                                               reynolds: Double, regime: Regime) {
    let re = abs(massFlow) * hydraulicDiameter / (flowArea * p.viscosity)
    let (nu, regime) = nusselt(reynolds: re, prandtl: p.prandtl)
    return (nu * p.conductivity / hydraulicDiameter, nu, re, regime)
  }

  /// The faces between the region's cells and solid cells, each with its fluid-side cell.
  public static func wallFaces(mesh: FVMesh, region: FlowRegion) -> [(face: Int, fluidCell: Int)] {
    var solid = Set<Int32>()
    for r in mesh.regions where r.kind == .solid { solid.insert(r.id) }
    var faces: [(face: Int, fluidCell: Int)] = []
    for f in 0..<mesh.internalFaceCount {
      let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
      if region.contains(p), solid.contains(mesh.cellRegion[q]) { faces.append((f, p)) }
      else if region.contains(q), solid.contains(mesh.cellRegion[p]) { faces.append((f, q)) }
    }
    return faces
  }

  /// Sets the film resistance 1/h on the fluid side of every wall face of the region in `model`; returns the number
  /// of faces.
  /// - Throws: `CoolingError.invalidInput` for h that is not finite and > 0 (no flow gives no correlation).
  @discardableResult
  public static func apply(coefficient h: Double, to model: inout ThermalModel, region: FlowRegion) throws -> Int {
    guard h > 0, h.isFinite else {
      throw CoolingError.invalidInput(location: "region \(region.label) wall heat transfer",
                                      expected: "a heat-transfer coefficient > 0 W/(m²·K)", found: "\(h)")
    }
    let faces = wallFaces(mesh: model.mesh, region: region)
    for (f, c) in faces { try model.setFilmResistance(1 / h, face: f, cell: c) }
    return faces.count
  }
}
