import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import RackTwinMesh
import RackTwinIO

final class ResultsWriterTests: XCTestCase {
  private var dir: TemporaryDirectory!

  override func setUpWithError() throws { dir = try TemporaryDirectory() }
  override func tearDown() { dir.remove() }

  private func sampleDocument() -> ResultsDocument {
    let mesh = smallMesh()
    let temperature = mesh.cellRegionIDs.enumerated().map { $0.element == 0 ? Double.nan : 40 + Double($0.offset) }
    return ResultsDocument(
      caseText: "mesh: stack.h5\ncomponents: {}\n", meshSHA256: SHA256.hexDigest(Array("mesh".utf8)),
      softwareVersion: "0.1.0", mesh: mesh,
      fields: [ResultsDocument.Field(name: "temperature", values: temperature, units: "degC")],
      probes: [ResultsDocument.Probe(name: "die_centre", position: SIMD3(0.015, 0.005, 0.0005), temperatureC: 44.5),
               ResultsDocument.Probe(name: "lid", position: SIMD3(0.005, 0.0025, 0.002), temperatureC: 48)],
      components: [ResultsDocument.Component(name: "tray01/gpu0", power: 700, maxTemperatureC: 51, meanTemperatureC: 45,
                                             limitC: 85, margin: 34, hottestCell: 11)],
      metrics: [ResultsDocument.Metric(name: "pue", value: 1.08, units: "1"),
                ResultsDocument.Metric(name: "pump_power", value: 35.5, units: "W")])
  }

  func testWrittenFileHoldsTheDocumentWithUnits() throws {
    let path = dir.path("out.h5")
    try ResultsWriter.write(sampleDocument(), to: path)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted(), ["out.h5", "out.xdmf"])

    let f = try HDF5File.open(readingAt: path)
    XCTAssertEqual(try f.stringAttribute("format", of: "/"), "racktwin.results")
    XCTAssertEqual(try f.integerAttribute("version", of: "/"), 1)
    XCTAssertEqual(try f.attributeTypeDescription("version", of: "/"), "int64")
    XCTAssertEqual(try f.stringAttribute("case_text", of: "/"), "mesh: stack.h5\ncomponents: {}\n")
    XCTAssertEqual(try f.stringAttribute("software_version", of: "/"), "0.1.0")
    XCTAssertEqual(try f.stringAttribute("mesh_sha256", of: "/").count, 64)

    let t = try f.read(Double.self, at: "/fields/temperature")
    XCTAssertEqual(t.shape, [2, 2, 3])
    XCTAssertEqual(t.values[0], 40)
    XCTAssertTrue(t.values[5].isNaN, "void cell")
    XCTAssertEqual(try f.stringAttribute("units", of: "/fields/temperature"), "degC")
    XCTAssertEqual(try f.read(Int32.self, at: "/fields/region").values, smallMesh().cellRegionIDs)
    XCTAssertEqual(try f.stringAttribute("units", of: "/fields/region"), "1")
    XCTAssertEqual(try f.read(Double.self, at: "/geometry/z").values, [0, 0.001, 0.003])
    XCTAssertEqual(try f.stringAttribute("units", of: "/geometry/x"), "m")

    XCTAssertEqual(try f.readStrings(at: "/probes/name"), ["die_centre", "lid"])
    XCTAssertEqual(try f.read(Double.self, at: "/probes/position").shape, [2, 3])
    XCTAssertEqual(try f.stringAttribute("units", of: "/probes/temperature"), "degC")

    XCTAssertEqual(try f.readStrings(at: "/components/name"), ["tray01/gpu0"])
    for (name, units) in [("power", "W"), ("max_temperature", "degC"), ("mean_temperature", "degC"),
                          ("limit", "degC"), ("margin", "K"), ("hottest_cell", "1")] {
      XCTAssertEqual(try f.stringAttribute("units", of: "/components/\(name)"), units, name)
    }
    XCTAssertEqual(try f.read(Int64.self, at: "/components/hottest_cell").values, [11])

    XCTAssertEqual(try f.childNames(ofGroup: "/metrics"), ["pue", "pump_power"])
    let pue = try f.read(Double.self, at: "/metrics/pue")
    XCTAssertEqual(pue.shape, [], "scalar dataspace")
    XCTAssertEqual(pue.values, [1.08])
    XCTAssertEqual(try f.stringAttribute("units", of: "/metrics/pump_power"), "W")
  }

  func testSidecarDescribesTheGridAndNamesTheDatasets() throws {
    let path = dir.path("out.h5")
    try ResultsWriter.write(sampleDocument(), to: path)
    let xml = try String(contentsOfFile: dir.path("out.xdmf"), encoding: .utf8)
    XCTAssertTrue(xml.contains("<Xdmf Version=\"3.0\">"))
    XCTAssertTrue(xml.contains("TopologyType=\"3DRectMesh\" Dimensions=\"3 3 4\""), "nz+1 ny+1 nx+1")
    XCTAssertTrue(xml.contains("GeometryType=\"VXVYVZ\""))
    for dataset in ["out.h5:/geometry/x", "out.h5:/geometry/y", "out.h5:/geometry/z",
                    "out.h5:/fields/temperature", "out.h5:/fields/region"] {
      XCTAssertTrue(xml.contains(dataset), dataset)
    }
    XCTAssertTrue(xml.contains("Dimensions=\"2 2 3\" NumberType=\"Int\" Precision=\"4\""))
    XCTAssertFalse(xml.contains(dir.url.path), "relative to the sidecar, so the pair can be moved")
    XCTAssertEqual(XdmfWriter.sidecarPath(forResultsAt: "/a.b/run"), "/a.b/run.xdmf")
    XCTAssertEqual(XdmfWriter.sidecarPath(forResultsAt: "run.v2.h5"), "run.v2.xdmf")
  }

  /// Void cells (region 0) are flagged hidden (VTK's HIDDENCELL, 32) in a uint8 `vtkGhostType` cell array that the
  /// sidecar names exactly so, so ParaView hides them instead of painting their NaN temperature (issue 19).
  func testVoidCellsAreHiddenByAGhostArrayInTheSidecar() throws {
    let path = dir.path("out.h5")
    try ResultsWriter.write(sampleDocument(), to: path)
    let f = try HDF5File.open(readingAt: path)
    let ghost = try f.read(UInt8.self, at: "/geometry/vtkGhostType")
    XCTAssertEqual(ghost.shape, [2, 2, 3])
    XCTAssertEqual(try f.typeDescription(of: "/geometry/vtkGhostType"), "uint8")
    XCTAssertEqual(try f.stringAttribute("units", of: "/geometry/vtkGhostType"), "1")
    let region = smallMesh().cellRegionIDs
    XCTAssertEqual(ghost.values, region.map { $0 == 0 ? 32 : 0 })
    XCTAssertTrue(region.contains(0) && region.contains { $0 != 0 }, "the sample has void and solid cells")

    let xml = try String(contentsOfFile: dir.path("out.xdmf"), encoding: .utf8)
    XCTAssertTrue(xml.contains("""
      <Attribute Name="vtkGhostType" AttributeType="Scalar" Center="Cell">
      """), xml)
    XCTAssertTrue(xml.contains("""
      Dimensions="2 2 3" NumberType="UChar" Precision="1" Format="HDF">out.h5:/geometry/vtkGhostType</DataItem>
      """), xml)
  }

  /// Issue 19: a vector field (coolant velocity) is written `[nz][ny][nx][3]` with its units and shown as an XDMF
  /// `Vector` attribute whose DataItem has the cells' dimensions and 3, pointing at the dataset. The XML is parsed,
  /// not searched, so a malformed sidecar fails here.
  func testVectorFieldIsAnXdmfVectorAttributeOverAnExistingDataset() throws {
    var doc = sampleDocument()
    let velocity = (0..<12).flatMap { c in [Double(c), -0.5 * Double(c), 1e-3] }
    doc.fields.append(ResultsDocument.Field(name: "velocity", values: velocity, units: "m/s", components: 3))
    let path = dir.path("out.h5")
    try ResultsWriter.write(doc, to: path)
    let f = try HDF5File.open(readingAt: path)
    let u = try f.read(Double.self, at: "/fields/velocity")
    XCTAssertEqual(u.shape, [2, 2, 3, 3])
    XCTAssertEqual(u.values, velocity, "x y z per cell, in file cell order")
    XCTAssertEqual(try f.stringAttribute("units", of: "/fields/velocity"), "m/s")

    let xml = try XMLDocument(contentsOf: URL(fileURLWithPath: dir.path("out.xdmf")))
    let attributes = try xml.nodes(forXPath: "//Grid/Attribute").compactMap { $0 as? XMLElement }
    XCTAssertEqual(attributes.compactMap { $0.attribute(forName: "Name")?.stringValue },
                   ["temperature", "velocity", "region", "vtkGhostType"])
    let vector = try XCTUnwrap(attributes.first { $0.attribute(forName: "Name")?.stringValue == "velocity" })
    XCTAssertEqual(vector.attribute(forName: "AttributeType")?.stringValue, "Vector")
    XCTAssertEqual(vector.attribute(forName: "Center")?.stringValue, "Cell")
    let item = try XCTUnwrap(vector.elements(forName: "DataItem").first)
    XCTAssertEqual(item.attribute(forName: "Dimensions")?.stringValue, "2 2 3 3")
    XCTAssertEqual(item.attribute(forName: "NumberType")?.stringValue, "Float")
    let reference = try XCTUnwrap(item.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines))
    XCTAssertEqual(reference, "out.h5:/fields/velocity")
    // The dataset it names exists with as many values as the Dimensions say.
    let dataset = String(reference.split(separator: ":", maxSplits: 1)[1])
    XCTAssertEqual(try f.read(Double.self, at: dataset).values.count, 2 * 2 * 3 * 3)
    for scalar in attributes where scalar.attribute(forName: "Name")?.stringValue != "velocity" {
      XCTAssertEqual(scalar.attribute(forName: "AttributeType")?.stringValue, "Scalar")
    }
  }

  /// On an unstructured mesh the vector's DataItem is `ncells 3`.
  func testVectorAttributeOnUnstructuredMeshHasCellsByThree() throws {
    let mesh = try MeshGenerator.split(smallMesh(), .kuhn)
    let n = mesh.fileCellCount
    let xml = XdmfWriter.document(mesh: mesh, hdf5FileName: "r.h5", attributes: [
      XdmfWriter.CellAttribute(name: "velocity", dataset: "/fields/velocity", elementType: .float64, components: 3),
    ])
    let parsed = try XMLDocument(xmlString: xml)
    let item = try XCTUnwrap(parsed.nodes(forXPath: "//Attribute[@Name='velocity']/DataItem").first as? XMLElement)
    XCTAssertEqual(item.attribute(forName: "Dimensions")?.stringValue, "\(n) 3")
    let attribute = try XCTUnwrap(item.parent as? XMLElement)
    XCTAssertEqual(attribute.attribute(forName: "AttributeType")?.stringValue, "Vector")
  }

  func testAVectorFieldOfTheWrongLengthIsRefused() throws {
    var doc = sampleDocument()
    doc.fields.append(ResultsDocument.Field(name: "velocity", values: [Double](repeating: 0, count: 12), units: "m/s",
                                            components: 3))
    assertThrows(HDF5Error.self, containing: ["/fields/velocity", "expected 36 values (3 per mesh cell", "found 12"]) {
      try ResultsWriter.write(doc, to: dir.path("v.h5"))
    }
  }

  func testAFieldNamedLikeTheGhostArrayIsRefused() throws {
    var doc = sampleDocument()
    doc.fields.append(ResultsDocument.Field(name: "vtkGhostType", values: doc.fields[0].values, units: "1"))
    XCTAssertThrowsError(try ResultsWriter.write(doc, to: dir.path("out.h5")))
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("out.h5")))
  }

  func testTheSameDocumentGivesByteIdenticalFiles() throws {
    let doc = sampleDocument()
    try ResultsWriter.write(doc, to: dir.path("a.h5"))
    try ResultsWriter.write(doc, to: dir.path("b.h5"))
    let a = try Data(contentsOf: URL(fileURLWithPath: dir.path("a.h5")))
    let b = try Data(contentsOf: URL(fileURLWithPath: dir.path("b.h5")))
    XCTAssertEqual(a, b)
  }

  func testFailedWriteLeavesNoFile() throws {
    let missing = dir.path("no-such-dir/out.h5")
    XCTAssertThrowsError(try ResultsWriter.write(sampleDocument(), to: missing))
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), [])

    var doc = sampleDocument()
    doc.fields[0].values.removeLast()
    assertThrows(HDF5Error.self, containing: ["short.h5", "/fields/temperature", "expected 12 values", "found 11"]) {
      try ResultsWriter.write(doc, to: dir.path("short.h5"))
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), [])
  }

  func testFailureAfterTheTemporaryExistsRemovesIt() throws {
    // The sidecar's target is a directory, so renaming onto it fails after both temporaries were written.
    try FileManager.default.createDirectory(atPath: dir.path("out.xdmf/inside"), withIntermediateDirectories: true)
    XCTAssertThrowsError(try ResultsWriter.write(sampleDocument(), to: dir.path("out.h5")))
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
    XCTAssertEqual(left, ["out.xdmf"], "only the directory that was in the way")
  }
}
