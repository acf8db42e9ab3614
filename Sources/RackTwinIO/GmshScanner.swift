import Foundation
import RackTwinMesh

/// Reads the values of a Gmsh MSH 4.1 file, ASCII or little-endian binary, from a NUL-terminated byte buffer.
///
/// ASCII values are whitespace-separated tokens; binary values are `int` (4 bytes), `size_t` (8 bytes, the data size
/// the `$MeshFormat` header states) and `double` (8 bytes), little-endian. Section headers (`$Nodes`) and the
/// `$PhysicalNames` section are text in both encodings. Errors name the file, the section and, in ASCII, the line.
struct GmshScanner {
  let base: UnsafePointer<UInt8>
  /// Bytes before the terminating NUL.
  let end: Int
  var position = 0
  var binary = false
  let file: String
  /// The section being read (`$Nodes`), for errors.
  var section = "$MeshFormat"

  /// `buffer` must end with a NUL byte (not part of the file), so that `strtod` stops inside it.
  init(_ buffer: UnsafeBufferPointer<UInt8>, file: String) {
    precondition(buffer.last == 0, "GmshScanner needs a NUL-terminated buffer")
    base = buffer.baseAddress!
    end = buffer.count - 1
    self.file = file
  }

  // MARK: errors

  /// The 1-based line of `position` (ASCII files; binary data has no lines worth naming).
  var line: Int {
    var n = 1
    for i in 0..<min(position, end) where base[i] == 10 { n += 1 }
    return n
  }

  func error(_ expected: String, _ found: String) -> MeshError {
    MeshError(file: file, location: binary ? section : "\(section), line \(line)", expected: expected, found: found)
  }

  /// The next few characters, for an error's "found".
  func preview() -> String {
    if position >= end { return "the end of the file" }
    var i = position
    while i < end && i < position + 40 && base[i] != 10 && base[i] != 13 { i += 1 }
    let text = String(decoding: UnsafeBufferPointer(start: base + position, count: i - position), as: UTF8.self)
    return "\"\(text)\""
  }

  // MARK: text

  @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

  mutating func skipSpace() {
    while position < end && Self.isSpace(base[position]) { position += 1 }
  }

  /// The rest of the current line (without its end), and moves past the line end.
  mutating func restOfLine() -> String {
    let start = position
    while position < end && base[position] != 10 { position += 1 }
    var stop = position
    if stop > start && base[stop - 1] == 13 { stop -= 1 }
    if position < end { position += 1 }
    return String(decoding: UnsafeBufferPointer(start: base + start, count: stop - start), as: UTF8.self)
  }

  /// The next section header (`$Nodes`), skipping blank space, or nil at the end of the file; moves past its line.
  mutating func sectionHeader() throws(MeshError) -> String? {
    skipSpace()
    guard position < end else { return nil }
    guard base[position] == UInt8(ascii: "$") else {
      throw error("a section header such as $Nodes", preview())
    }
    return restOfLine().trimmingCharacters(in: .whitespaces)
  }

  /// Expects `$End<name>` (after any blank space) and moves past its line.
  mutating func expectEnd(of name: String) throws(MeshError) {
    skipSpace()
    let start = position
    let text = restOfLine().trimmingCharacters(in: .whitespaces)
    guard text == "$End" + name.dropFirst() else {
      position = start
      throw error("$End\(name.dropFirst()) after the section's data (counts and data disagree?)", preview())
    }
  }

  /// Moves past `$End<name>` without reading the section (sections racktwin does not use, such as `$NodeData`).
  mutating func skipSection(_ name: String) throws(MeshError) {
    let marker = Array(("\n$End" + name.dropFirst()).utf8)
    while position < end {
      if base[position] == 10 && position + marker.count <= end
        && (0..<marker.count).allSatisfy({ base[position + $0] == marker[$0] }) {
        position += marker.count
        _ = restOfLine()
        return
      }
      position += 1
    }
    throw error("$End\(name.dropFirst()) closing the section", "the end of the file")
  }

  /// An ASCII integer token.
  mutating func textInteger(_ what: String) throws(MeshError) -> Int {
    skipSpace()
    let start = position
    var negative = false
    if position < end && (base[position] == UInt8(ascii: "-") || base[position] == UInt8(ascii: "+")) {
      negative = base[position] == UInt8(ascii: "-")
      position += 1
    }
    var value = 0, digits = 0
    while position < end, case let d = base[position] &- 48, d < 10 {
      value = value &* 10 &+ Int(d)
      digits += 1
      position += 1
    }
    guard digits > 0, digits <= 18, position >= end || Self.isSpace(base[position]) else {
      position = start
      throw error(what + " (an integer)", preview())
    }
    return negative ? -value : value
  }

  /// An ASCII floating-point token (C locale, as Gmsh writes).
  mutating func textDouble(_ what: String) throws(MeshError) -> Double {
    skipSpace()
    let start = UnsafeRawPointer(base + position).assumingMemoryBound(to: CChar.self)
    var stop: UnsafeMutablePointer<CChar>? = nil
    let value = strtod(start, &stop)
    let used = stop.map { UnsafeRawPointer($0) - UnsafeRawPointer(start) } ?? 0
    guard used > 0, position + used >= end || Self.isSpace(base[position + used]) else {
      throw error(what + " (a number)", preview())
    }
    position += used
    return value
  }

  /// A quoted name (`"die"`), as `$PhysicalNames` writes it.
  mutating func quotedName(_ what: String) throws(MeshError) -> String {
    skipSpace()
    guard position < end, base[position] == UInt8(ascii: "\"") else { throw error(what + " in double quotes", preview()) }
    position += 1
    let start = position
    while position < end && base[position] != UInt8(ascii: "\"") && base[position] != 10 { position += 1 }
    guard position < end, base[position] == UInt8(ascii: "\"") else {
      position = start - 1
      throw error(what + " closed by a double quote on the same line", preview())
    }
    let name = String(decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self)
    position += 1
    return name
  }

  // MARK: values in either encoding

  @inline(__always) mutating func need(_ bytes: Int, _ what: String) throws(MeshError) {
    guard end - position >= bytes else { throw error(what, "the end of the file (the file is cut short)") }
  }

  /// A Gmsh `int`: 4 bytes in binary files.
  mutating func int(_ what: String) throws(MeshError) -> Int {
    guard binary else { return try textInteger(what) }
    try need(4, what)
    let v = Int32(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: Int32.self))
    position += 4
    return Int(v)
  }

  /// A Gmsh `size_t`: 8 bytes in binary files (the header's data size is checked to be 8).
  mutating func size(_ what: String) throws(MeshError) -> Int {
    guard binary else {
      let v = try textInteger(what)
      guard v >= 0 else { throw error(what + " (a count or tag ≥ 0)", "\(v)") }
      return v
    }
    try need(8, what)
    let v = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
    guard v <= UInt64(Int.max) else { throw error(what, "\(v)") }
    position += 8
    return Int(v)
  }

  /// A Gmsh `double`: 8 bytes in binary files.
  mutating func double(_ what: String) throws(MeshError) -> Double {
    guard binary else { return try textDouble(what) }
    try need(8, what)
    let bits = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
    position += 8
    return Double(bitPattern: bits)
  }

  /// A count read from the file, checked against the bytes left (each item takes at least `minimumBytes`), so that a
  /// damaged count fails here rather than in a huge allocation.
  mutating func count(_ what: String, minimumBytes: Int = 1) throws(MeshError) -> Int {
    let n = try size(what)
    guard n <= (end - position) / max(1, minimumBytes) + 1 else {
      throw error(what + " that fits in the rest of the file", "\(n)")
    }
    return n
  }
}
