import Foundation

/// An EnergyPlus weather file (EPW): the location header and the hourly fields the facility uses, validated, in SI.
///
/// Format: EnergyPlus *Auxiliary Programs*, "Weather Converter Program" → "EnergyPlus Weather File (EPW) Data
/// Dictionary": eight header lines (LOCATION, DESIGN CONDITIONS, TYPICAL/EXTREME PERIODS, GROUND TEMPERATURES,
/// HOLIDAYS/DAYLIGHT SAVINGS, COMMENTS 1, COMMENTS 2, DATA PERIODS), then one comma-separated row per hour: year,
/// month, day, hour (1–24), minute, flags, dry bulb (°C), dew point (°C), relative humidity (%), station pressure
/// (Pa), … . Typical-year files mix years, so the year column is not checked; month, day and hour must run through
/// a 365-day year in order, 8,760 rows. A value outside the dictionary's range — including its "missing" codes
/// (99.9 °C, 999 %, 999999 Pa) — is an error naming the file, line and field; nothing is filled in.
public struct EPWFile: Sendable, Equatable {
  /// The file as the user named it.
  public var file: String
  public var city: String
  public var region: String
  public var country: String
  public var dataSource: String
  public var wmo: String
  /// Degrees north and east, hours from GMT, metres above sea level.
  public var latitude: Double
  public var longitude: Double
  public var timeZone: Double
  public var elevation: Double
  /// Calendar of each row (1-based month, day, hour ending).
  public var month: [Int]
  public var day: [Int]
  public var hour: [Int]
  /// Dry bulb and dew point (K), relative humidity (0…1.1), station pressure (Pa).
  public var dryBulb: [Double]
  public var dewPoint: [Double]
  public var relativeHumidity: [Double]
  public var pressure: [Double]

  static let headerKeywords = ["LOCATION", "DESIGN CONDITIONS", "TYPICAL/EXTREME PERIODS", "GROUND TEMPERATURES",
                               "HOLIDAYS/DAYLIGHT SAVINGS", "COMMENTS 1", "COMMENTS 2", "DATA PERIODS"]
  static let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

  /// Reads and validates `path`.
  public static func read(path: String) throws -> EPWFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CaseError(file: path, keyPath: "", expected: "a readable EPW weather file", found: "no such file")
    }
    guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
      throw CaseError(file: path, keyPath: "", expected: "a text EPW file", found: "undecodable bytes")
    }
    return try parse(text: text, file: path)
  }

  /// Parses EPW text; `file` names it in errors.
  public static func parse(text: String, file: String) throws -> EPWFile {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    func fail(_ line: Int, _ key: String, _ expected: String, _ found: String) -> CaseError {
      CaseError(file: file, keyPath: key, line: line, expected: expected, found: found)
    }
    for (i, keyword) in headerKeywords.enumerated() {
      let found = i < lines.count ? String(lines[i].prefix(40)) : "end of file"
      guard i < lines.count, lines[i].uppercased().hasPrefix(keyword + ",") || lines[i].uppercased() == keyword else {
        throw fail(i + 1, "header", "the EPW header line \(i + 1) starting \"\(keyword),\"", "\"\(found)\"")
      }
    }
    let loc = lines[0].split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard loc.count >= 10 else {
      throw fail(1, "LOCATION", "10 fields (LOCATION, city, region, country, source, WMO, latitude, longitude, "
                   + "time zone, elevation)", "\(loc.count)")
    }
    func number(_ s: String, _ line: Int, _ key: String, _ range: ClosedRange<Double>) throws -> Double {
      guard let v = Double(s), range.contains(v) else {
        throw fail(line, key, "a number in \(range.lowerBound)…\(range.upperBound)", "\"\(s)\"")
      }
      return v
    }
    let lat = try number(loc[6], 1, "LOCATION latitude (field 7)", -90...90)
    let lon = try number(loc[7], 1, "LOCATION longitude (field 8)", -180...180)
    let tz = try number(loc[8], 1, "LOCATION time zone (field 9)", -12...14)
    let elev = try number(loc[9], 1, "LOCATION elevation (field 10)", -1000...9999.9)
    let periods = lines[7].split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard periods.count >= 3, periods[1] == "1", periods[2] == "1" else {
      throw fail(8, "DATA PERIODS", "one data period with one record per hour (\"DATA PERIODS,1,1,…\")",
                 "\"\(lines[7].prefix(40))\"")
    }

    var epw = EPWFile(file: file, city: loc[1], region: loc[2], country: loc[3], dataSource: loc[4], wmo: loc[5],
                      latitude: lat, longitude: lon, timeZone: tz, elevation: elev, month: [], day: [], hour: [],
                      dryBulb: [], dewPoint: [], relativeHumidity: [], pressure: [])
    for a in [\EPWFile.dryBulb, \.dewPoint, \.relativeHumidity, \.pressure] { epw[keyPath: a].reserveCapacity(8760) }
    var m = 1, d = 1, h = 1, rows = 0
    for (index, raw) in lines.enumerated().dropFirst(8) {
      let lineNumber = index + 1
      if raw.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
      guard rows < 8760 else {
        throw fail(lineNumber, "data", "8,760 hourly rows (a 365-day year) and then the end of the file",
                   "a further row \"\(raw.prefix(30))\"")
      }
      let f = raw.split(separator: ",", omittingEmptySubsequences: false)
      guard f.count >= 10 else {
        throw fail(lineNumber, "data", "at least 10 comma-separated fields (year … station pressure)", "\(f.count)")
      }
      let mm = Int(f[1].trimmingCharacters(in: .whitespaces)), dd = Int(f[2].trimmingCharacters(in: .whitespaces))
      let hh = Int(f[3].trimmingCharacters(in: .whitespaces))
      guard mm == m, dd == d, hh == h else {
        throw fail(lineNumber, "month/day/hour (fields 2–4)",
                   "\(m)/\(d) hour \(h), the next hour of a 365-day year (a missing or repeated hour, or Feb 29?)",
                   "\(f[1])/\(f[2]) hour \(f[3])")
      }
      func field(_ k: Int, _ name: String, _ range: ClosedRange<Double>, missing: String) throws -> Double {
        let s = f[k].trimmingCharacters(in: .whitespaces)
        guard let v = Double(s), range.contains(v) else {
          let why = Double(s) == nil ? "" : " (out of range; \(missing) is the EPW missing-value code)"
          throw fail(lineNumber, "\(name) (field \(k + 1))", "a value in \(range.lowerBound)…\(range.upperBound)",
                     "\"\(s)\"\(why)")
        }
        return v
      }
      // Ranges: the EPW data dictionary's minimum and maximum (the "missing" codes lie outside them).
      epw.dryBulb.append(try field(6, "dry bulb °C", -70...70, missing: "99.9") + 273.15)
      epw.dewPoint.append(try field(7, "dew point °C", -70...70, missing: "99.9") + 273.15)
      epw.relativeHumidity.append(try field(8, "relative humidity %", 0...110, missing: "999") / 100)
      epw.pressure.append(try field(9, "station pressure Pa", 31_000...120_000, missing: "999999"))
      epw.month.append(m)
      epw.day.append(d)
      epw.hour.append(h)
      rows += 1
      h += 1
      if h > 24 { h = 1; d += 1 }
      if d > daysInMonth[m - 1] { d = 1; m += 1 }
    }
    guard rows == 8760 else {
      throw fail(lines.count, "data", "8,760 hourly rows (a 365-day year)",
                 "\(rows) (the file ends before \(m)/\(d) hour \(h))")
    }
    return epw
  }
}
