import Foundation

/// What one sweep point produced: its status, message and output columns. Journaled as JSON with every number
/// stored as its IEEE-754 bit pattern, so a resumed sweep reads back exactly what was computed.
public struct SweepPointResult: Sendable, Equatable, Codable {
  /// Point status (DESIGN §4.3, with 3 for a point an interrupted run did not reach).
  public enum Status: Int8, Sendable, Codable {
    case ok = 0, notConverged = 1, badInput = 2, notRun = 3
  }

  public struct Output: Sendable, Equatable, Codable {
    public var name: String
    public var units: String
    public var value: Double

    public init(name: String, units: String, value: Double) {
      self.name = name
      self.units = units
      self.value = value
    }

    enum CodingKeys: String, CodingKey { case name, units, bits, value }

    public init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      name = try c.decode(String.self, forKey: .name)
      units = try c.decode(String.self, forKey: .units)
      let bits = try c.decode(String.self, forKey: .bits)
      guard let b = UInt64(bits, radix: 16) else {
        throw DecodingError.dataCorruptedError(forKey: .bits, in: c, debugDescription: "not a hex bit pattern: \(bits)")
      }
      value = Double(bitPattern: b)
    }

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(name, forKey: .name)
      try c.encode(units, forKey: .units)
      try c.encode(String(value.bitPattern, radix: 16), forKey: .bits)
      // For people reading the journal; `bits` is what is read back.
      try c.encode("\(value)", forKey: .value)
    }
  }

  public var index: Int
  public var status: Status
  public var message: String
  public var outputs: [Output]
  /// Wall time of the point in seconds (reading its case, building the model, solving); not written to results.
  public var wallTime: Double
  /// CPU time of the thread that solved the point, in seconds (robust against other processes on the machine).
  public var cpuTime: Double

  public init(index: Int, status: Status, message: String, outputs: [Output], wallTime: Double, cpuTime: Double = 0) {
    self.index = index
    self.status = status
    self.message = message
    self.outputs = outputs
    self.wallTime = wallTime
    self.cpuTime = cpuTime
  }
}
