import RackTwinThermal

extension Material {
  /// The material of a fluid region carrying `coolant`: its conductivity, density and specific heat at T (K), with the
  /// coolant's valid range.
  ///
  /// A transient stores ρ c_p V per cell from the region's material (`ThermalModel.cellHeatCapacity`), and conduction
  /// in the fluid uses its k, so the fluid region an `AdvectionTerm` advects must have the coolant's properties: this
  /// initialiser gives them, taken at one temperature (the inlet or the expected mean; c_p varies by a few per cent
  /// over a loop's range, which the storage term then does not follow, while advection itself uses h(T)).
  /// - Throws: `CoolingError.temperatureOutOfRange` when T is outside the coolant's range.
  public init(coolant: Coolant, at t: Double) throws {
    let p = try coolant.properties(at: t, context: "fluid material")
    self.init(name: coolant.name, conductivity: p.conductivity, density: p.density, specificHeat: p.specificHeat,
              source: coolant.source)
    validRange = coolant.range
  }
}
