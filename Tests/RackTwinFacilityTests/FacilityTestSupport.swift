import Foundation

/// A number for printed test output.
func txt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

/// The repository root (the tests' files live two levels below it).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The shipped Chicago O'Hare TMY3 year.
let chicagoEPWPath = repositoryRoot.appendingPathComponent("weather/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw").path
