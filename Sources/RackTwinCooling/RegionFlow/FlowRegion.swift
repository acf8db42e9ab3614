import RackTwinMesh

/// The cells of one or more fluid or porous mesh regions that coolant flows through, and the boundary faces where it
/// enters and leaves: the part of the mesh a region flow solve (`DarcyFlow`, `ResolvedChannelFlow`) works on.
///
/// The inlet and outlet are named boundary patches (DESIGN §4.1); only the patch faces that belong to the region's
/// cells are taken, so a domain side such as `zmin` can be the inlet of a channel that ends on it.
public struct FlowRegion: Sendable {
  /// The region names, as in the mesh file.
  public let regionNames: [String]
  /// Mesh cells of the region, ascending.
  public let cells: [Int]
  /// Position of each mesh cell in `cells`, or −1 for cells outside the region.
  public let localIndex: [Int32]
  public let inletName: String
  public let outletName: String
  /// Boundary faces of the inlet patch on the region's cells, ascending.
  public let inletFaces: [Int]
  /// Boundary faces of the outlet patch on the region's cells, ascending.
  public let outletFaces: [Int]

  /// Selects the region's cells and its inlet and outlet faces.
  /// - Throws: `CoolingError.invalidInput` for a region that does not exist, is solid or has no cells; a patch that
  ///   does not exist or has no face on the region's cells; the same patch (or face) as inlet and outlet.
  public init(mesh: FVMesh, regions: [String], inlet: String, outlet: String) throws {
    guard !regions.isEmpty else {
      throw CoolingError.invalidInput(location: "flow region", expected: "at least one region name", found: "none")
    }
    let label = regions.joined(separator: "+")
    guard Set(regions).count == regions.count else {
      throw CoolingError.invalidInput(location: "flow region \(label)", expected: "each region named once",
                                      found: "a region named twice")
    }
    var ids = Set<Int32>()
    for name in regions {
      guard let info = mesh.region(named: name) else {
        throw CoolingError.invalidInput(
          location: "region \(name)",
          expected: "a region of the mesh (\(mesh.regions.map(\.name).joined(separator: ", ")))",
          found: "no region named \(name)")
      }
      guard info.kind != .solid else {
        throw CoolingError.invalidInput(location: "region \(name)", expected: "a fluid or porous region",
                                        found: "a solid region (material \(info.material))")
      }
      ids.insert(info.id)
    }
    var local = [Int32](repeating: -1, count: mesh.cellCount)
    var cells: [Int] = []
    for c in 0..<mesh.cellCount where ids.contains(mesh.cellRegion[c]) {
      local[c] = Int32(cells.count)
      cells.append(c)
    }
    guard !cells.isEmpty else {
      throw CoolingError.invalidInput(location: "region \(label)", expected: "cells in the mesh", found: "none")
    }
    guard inlet != outlet else {
      throw CoolingError.invalidInput(location: "region \(label) outlet",
                                      expected: "a patch other than the inlet", found: "inlet and outlet both \(inlet)")
    }
    func faces(of name: String, role: String) throws -> [Int] {
      guard let patch = mesh.patch(named: name) else {
        throw CoolingError.invalidInput(
          location: "region \(label) \(role) patch \(name)",
          expected: "a boundary patch of the mesh (\(mesh.patches.map(\.name).joined(separator: ", ")))",
          found: "no patch named \(name)")
      }
      let mine = patch.faces.filter { local[Int(mesh.faceOwner[$0])] >= 0 }
      guard !mine.isEmpty else {
        throw CoolingError.invalidInput(
          location: "region \(label) \(role) patch \(name)", expected: "faces on the boundary of region \(label)",
          found: "none of its \(patch.faces.count) faces belongs to a cell of the region")
      }
      return mine.sorted()
    }
    regionNames = regions
    self.cells = cells
    localIndex = local
    inletName = inlet
    outletName = outlet
    inletFaces = try faces(of: inlet, role: "inlet")
    outletFaces = try faces(of: outlet, role: "outlet")
  }

  /// Region names joined for messages.
  var label: String { regionNames.joined(separator: "+") }

  /// Whether mesh cell c belongs to the region.
  @inline(__always) func contains(_ c: Int) -> Bool { localIndex[c] >= 0 }

  /// Whether each mesh cell belongs to the region (`FaceFlow.isFluidCell`).
  func fluidCellMask(cellCount: Int) -> [Bool] { localIndex.map { $0 >= 0 } }
}
