// swift-tools-version:6.0
import PackageDescription

// Dependency versions are pinned (DESIGN §6): Package.resolved is not committed.
let package = Package(
  name: "racktwin",
  products: [
    .executable(name: "racktwin", targets: ["racktwin"]),
    .library(name: "RackTwinNumerics", targets: ["RackTwinNumerics"]),
    .library(name: "RackTwinMesh", targets: ["RackTwinMesh"]),
    .library(name: "RackTwinThermal", targets: ["RackTwinThermal"]),
    .library(name: "RackTwinCooling", targets: ["RackTwinCooling"]),
    .library(name: "RackTwinFacility", targets: ["RackTwinFacility"]),
    .library(name: "RackTwinIO", targets: ["RackTwinIO"]),
    .library(name: "RackTwinRisk", targets: ["RackTwinRisk"]),
    .library(name: "RackTwinCase", targets: ["RackTwinCase"]),
    .library(name: "RackTwinSweep", targets: ["RackTwinSweep"]),
    .library(name: "RackTwinValidation", targets: ["RackTwinValidation"]),
    .library(name: "RackTwinReport", targets: ["RackTwinReport"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
  ],
  targets: [
    .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
    .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),
    .target(name: "RackTwinNumerics", dependencies: ["CLAPACKE"]),
    .target(name: "RackTwinMesh", dependencies: ["RackTwinNumerics"]),
    .target(name: "RackTwinThermal", dependencies: ["RackTwinNumerics", "RackTwinMesh"]),
    // Coolants, the hydraulic network, correlations, flow in 3-D fluid regions and advection; devices are terms.
    .target(name: "RackTwinCooling", dependencies: ["RackTwinNumerics", "RackTwinMesh", "RackTwinThermal"]),
    // The facility beyond the rack: CDU, heat rejection, power chain, weather, PUE over a year.
    .target(name: "RackTwinFacility", dependencies: ["RackTwinNumerics", "RackTwinCooling"]),
    // Hotspot risk: input distributions, the influence matrix of a linear model, FORM and Monte-Carlo (DESIGN §3.5).
    .target(name: "RackTwinRisk", dependencies: ["RackTwinNumerics", "RackTwinMesh", "RackTwinThermal"]),
    // Files and formats only (HDF5, YAML with units, XDMF, results); Thermal only for the expressions in values.
    .target(name: "RackTwinIO", dependencies: [
      "CHDF5", "RackTwinNumerics", "RackTwinMesh", "RackTwinThermal",
      .product(name: "Yams", package: "Yams"),
    ]),
    // A case: the decoded document, building the model, running it, the memory estimate, the metrics of a solution.
    .target(name: "RackTwinCase", dependencies: [
      "RackTwinNumerics", "RackTwinMesh", "RackTwinThermal", "RackTwinCooling", "RackTwinFacility", "RackTwinIO", "RackTwinRisk",
      .product(name: "Yams", package: "Yams"),
    ]),
    .target(name: "RackTwinSweep", dependencies: [
      "RackTwinNumerics", "RackTwinMesh", "RackTwinThermal", "RackTwinIO", "RackTwinCase",
      .product(name: "Yams", package: "Yams"),
    ]),
    .target(name: "RackTwinValidation", dependencies: ["RackTwinIO", "RackTwinCase", "RackTwinMesh", "RackTwinThermal",
                                                       "RackTwinCooling", .product(name: "Yams", package: "Yams")]),
    // `racktwin report`: one self-contained HTML page (inline SVG) of a results or sweep file; reads through IO only.
    .target(name: "RackTwinReport", dependencies: ["RackTwinIO"]),
    .executableTarget(name: "racktwin", dependencies: [
      "RackTwinNumerics", "RackTwinMesh", "RackTwinThermal", "RackTwinCooling", "RackTwinIO", "RackTwinCase",
      "RackTwinSweep", "RackTwinValidation", "RackTwinReport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
    .testTarget(name: "RackTwinNumericsTests", dependencies: ["RackTwinNumerics"]),
    .testTarget(name: "RackTwinMeshTests", dependencies: ["RackTwinMesh"]),
    .testTarget(name: "RackTwinThermalTests", dependencies: ["RackTwinThermal", "RackTwinMesh", "RackTwinNumerics"]),
    .testTarget(name: "RackTwinCoolingTests", dependencies: ["RackTwinCooling", "RackTwinThermal", "RackTwinMesh",
                                                            "RackTwinNumerics"]),
    .testTarget(name: "RackTwinFacilityTests", dependencies: ["RackTwinFacility", "RackTwinCooling", "RackTwinIO"]),
    .testTarget(name: "RackTwinRiskTests", dependencies: ["RackTwinRisk", "RackTwinThermal", "RackTwinMesh",
                                                         "RackTwinNumerics"]),
    .testTarget(name: "RackTwinIOTests", dependencies: ["RackTwinIO", "RackTwinMesh", "RackTwinThermal", "CHDF5"],
                exclude: ["Gmsh"]),
    .testTarget(name: "RackTwinCaseTests", dependencies: ["RackTwinCase", "RackTwinIO", "RackTwinMesh", "RackTwinThermal",
                                                         "RackTwinNumerics", "RackTwinCooling", "RackTwinRisk", "RackTwinFacility"]),
    .testTarget(name: "RackTwinSweepTests", dependencies: ["RackTwinSweep", "RackTwinCase", "RackTwinIO", "RackTwinMesh"]),
    .testTarget(name: "RackTwinValidationTests", dependencies: ["RackTwinValidation", "RackTwinCase", "RackTwinIO",
                                                               "RackTwinMesh"]),
    .testTarget(name: "RackTwinReportTests", dependencies: ["RackTwinReport", "RackTwinIO", "RackTwinMesh"]),
    .testTarget(name: "racktwinTests", dependencies: ["racktwin", "RackTwinIO", "RackTwinCase", "RackTwinMesh",
                                                     "RackTwinSweep"],
                exclude: ["Corpus"]),
  ]
)
