import CHDF5
import Foundation

/// The numeric element types racktwin stores in HDF5 datasets and attributes.
public enum HDF5ElementType: String, Sendable, CaseIterable {
  case float64, int8, uint8, int32, int64
}

/// A Swift type that maps one-to-one onto an HDF5 numeric element type.
public protocol HDF5Element {
  static var hdf5ElementType: HDF5ElementType { get }
}

extension Double: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .float64 } }
extension Int8: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .int8 } }
extension UInt8: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .uint8 } }
extension Int32: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .int32 } }
extension Int64: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .int64 } }

/// What a link in an HDF5 file points at.
public enum HDF5ObjectKind: Sendable, Equatable {
  case group, dataset, other
}

/// HDF5 prints its error stack to stderr unless told not to; racktwin reports errors itself.
private let hdf5ErrorsSilenced: Void = { rt_H5_silence_errors() }()

/// An open HDF5 file: groups, datasets and attributes addressed by absolute paths (`/mesh/x`).
///
/// The file closes on `close()` or when the object is released. Objects the file opens internally are closed
/// before each method returns. Groups and datasets are created without modification timestamps, so the same
/// calls give byte-identical files (DESIGN §4.3).
///
/// Not thread-safe: the serial HDF5 library keeps global state, so use HDF5 (any `HDF5File`) from one thread at
/// a time. The class is deliberately not `Sendable`.
public final class HDF5File {
  /// The file's path as given when it was opened.
  public let path: String
  private var id: hid_t

  private init(path: String, id: hid_t) {
    self.path = path
    self.id = id
  }

  deinit {
    if id >= 0 { H5Fclose(id) }
  }

  // MARK: Opening and closing

  /// Opens an existing file read-only.
  ///
  /// A missing file, a file that is not HDF5, or a truncated or damaged one throws an error whose location is `/`
  /// and whose `expected` reads "an HDF5 file".
  public static func open(readingAt path: String) throws(HDF5Error) -> HDF5File {
    _ = hdf5ErrorsSilenced
    func fail(_ found: String) -> HDF5Error {
      HDF5Error(file: path, location: "/", expected: "an HDF5 file", found: found)
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("no such file") }
    if isDirectory.boolValue { throw fail("a directory") }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    let sizeText = size.map { "\($0) bytes" } ?? "unknown size"
    if H5Fis_hdf5(path) <= 0 {
      throw fail("a file without an HDF5 signature (\(sizeText))")
    }
    let fapl = H5Pcreate(rt_H5P_FILE_ACCESS())
    defer { H5Pclose(fapl) }
    H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG)
    let fid = H5Fopen(path, rt_H5F_ACC_RDONLY(), fapl)
    if fid < 0 {
      let detail = innermostHDF5Error().map { ": \($0)" } ?? ""
      throw fail("a truncated or damaged HDF5 file (\(sizeText))\(detail)")
    }
    return HDF5File(path: path, id: fid)
  }

  /// Opens an HDF5 file image held in memory, read-only: the bytes of a file read once (its checksum taken from the
  /// same bytes). `path` names the file in errors, as `open(readingAt:)` does.
  public static func open(image bytes: [UInt8], path: String) throws(HDF5Error) -> HDF5File {
    _ = hdf5ErrorsSilenced
    func fail(_ found: String) -> HDF5Error {
      HDF5Error(file: path, location: "/", expected: "an HDF5 file", found: found)
    }
    let sizeText = "\(bytes.count) bytes"
    // The superblock signature sits at offset 0, 512, 1024, 2048, … (HDF5 File Format Specification, §II.A).
    let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
    var offset = 0, found = false
    while offset + 8 <= bytes.count {
      if Array(bytes[offset..<offset + 8]) == signature { found = true; break }
      offset = offset == 0 ? 512 : offset * 2
    }
    guard found else { throw fail("a file without an HDF5 signature (\(sizeText))") }
    let fapl = H5Pcreate(rt_H5P_FILE_ACCESS())
    defer { H5Pclose(fapl) }
    H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG)
    // The core driver without a backing store: HDF5 reads its own copy of the image, never the disk.
    H5Pset_fapl_core(fapl, 1 << 20, false)
    let status = bytes.withUnsafeBytes { H5Pset_file_image(fapl, UnsafeMutableRawPointer(mutating: $0.baseAddress), $0.count) }
    guard status >= 0 else { throw fail("an image HDF5 cannot take (\(sizeText))") }
    // The core driver refuses a name that exists on disk when it opens an image: give it one that does not.
    let fid = H5Fopen("racktwin-memory-image:" + path, rt_H5F_ACC_RDONLY(), fapl)
    if fid < 0 {
      let detail = innermostHDF5Error().map { ": \($0)" } ?? ""
      throw fail("a truncated or damaged HDF5 file (\(sizeText))\(detail)")
    }
    return HDF5File(path: path, id: fid)
  }

  /// Creates a file, replacing any file at `path`.
  public static func create(at path: String) throws(HDF5Error) -> HDF5File {
    _ = hdf5ErrorsSilenced
    let fcpl = H5Pcreate(rt_H5P_FILE_CREATE())
    defer { H5Pclose(fcpl) }
    H5Pset_obj_track_times(fcpl, false)  // the root group
    let fapl = H5Pcreate(rt_H5P_FILE_ACCESS())
    defer { H5Pclose(fapl) }
    H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG)
    let fid = H5Fcreate(path, rt_H5F_ACC_TRUNC(), fcpl, fapl)
    if fid < 0 {
      let detail = innermostHDF5Error() ?? "HDF5 could not create it"
      throw HDF5Error(file: path, location: "/", expected: "a file that can be created", found: detail)
    }
    return HDF5File(path: path, id: fid)
  }

  /// Flushes and closes the file. Later calls on this object fail; closing twice is harmless.
  public func close() throws(HDF5Error) {
    guard id >= 0 else { return }
    let status = H5Fclose(id)
    id = -1
    if status < 0 {
      throw HDF5Error(file: path, location: "/", expected: "the file to close cleanly",
                      found: innermostHDF5Error() ?? "H5Fclose failed")
    }
  }

  // MARK: Links and groups

  /// Whether a link exists at `path`. Each component is checked in turn, so a missing parent gives `false`.
  public func exists(_ path: String) -> Bool {
    guard id >= 0 else { return false }
    let parts = Self.components(of: path)
    var prefix = ""
    for part in parts {
      prefix += "/" + part
      if H5Lexists(id, prefix, rt_H5P_DEFAULT()) <= 0 { return false }
    }
    return true
  }

  /// What the link at `path` points at, or nil when there is no such link.
  public func kind(of path: String) -> HDF5ObjectKind? {
    guard exists(path) else { return nil }
    let oid = H5Oopen(id, Self.normalized(path), rt_H5P_DEFAULT())
    guard oid >= 0 else { return nil }
    defer { H5Oclose(oid) }
    switch H5Iget_type(oid) {
    case H5I_GROUP: return .group
    case H5I_DATASET: return .dataset
    default: return .other
    }
  }

  /// Creates the group at `path` and any missing parents; existing groups are left as they are.
  public func createGroup(_ path: String) throws(HDF5Error) {
    let parts = Self.components(of: path)
    var prefix = ""
    for part in parts {
      prefix += "/" + part
      if exists(prefix) {
        guard kind(of: prefix) == .group else {
          throw error(prefix, expected: "a group", found: "a \(describeKind(prefix))")
        }
        continue
      }
      let gcpl = H5Pcreate(rt_H5P_GROUP_CREATE())
      defer { H5Pclose(gcpl) }
      H5Pset_obj_track_times(gcpl, false)
      let gid = H5Gcreate2(id, prefix, rt_H5P_DEFAULT(), gcpl, rt_H5P_DEFAULT())
      guard gid >= 0 else { throw hdf5Failure(prefix, expected: "a new group") }
      H5Gclose(gid)
    }
  }

  /// Names of the links in the group at `path`, sorted by name (byte order).
  public func childNames(ofGroup path: String) throws(HDF5Error) -> [String] {
    let gid = try openGroup(path)
    defer { H5Gclose(gid) }
    var info = H5G_info_t()
    guard H5Gget_info(gid, &info) >= 0 else { throw hdf5Failure(path, expected: "a readable group") }
    var names: [String] = []
    names.reserveCapacity(Int(info.nlinks))
    for i in 0..<info.nlinks {
      let length = H5Lget_name_by_idx(gid, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, rt_H5P_DEFAULT())
      guard length >= 0 else { throw hdf5Failure(path, expected: "readable link names") }
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      H5Lget_name_by_idx(gid, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, rt_H5P_DEFAULT())
      names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  // MARK: Datasets

  /// Writes a numeric dataset of the given shape (C order, last index fastest), creating parent groups.
  ///
  /// An empty `shape` writes a scalar dataset holding `values[0]`.
  /// - Parameter units: written as the dataset's `units` attribute when given.
  public func write<T: HDF5Element>(_ values: [T], shape: [Int], to path: String, units: String? = nil) throws(HDF5Error) {
    let count = shape.reduce(1, *)
    guard shape.allSatisfy({ $0 >= 0 }), values.count == count else {
      throw error(path, expected: "\(count) values for shape \(shape)", found: "\(values.count)")
    }
    let native = T.hdf5ElementType.nativeType
    try writeDataset(path, fileType: native, shape: shape, units: units) { did in
      guard count > 0 else { return 0 }
      return values.withUnsafeBytes { H5Dwrite(did, native, rt_H5S_ALL(), rt_H5S_ALL(), rt_H5P_DEFAULT(), $0.baseAddress) }
    }
  }

  /// Writes a scalar (rank-0) numeric dataset.
  public func writeScalar<T: HDF5Element>(_ value: T, to path: String, units: String? = nil) throws(HDF5Error) {
    try write([value], shape: [], to: path, units: units)
  }

  /// Writes a 1-D dataset of variable-length UTF-8 strings (as h5py writes `str` columns). Its `units` attribute
  /// is the empty string unless given: text has no unit, and every dataset carries the attribute.
  public func writeStrings(_ strings: [String], to path: String, units: String = "") throws(HDF5Error) {
    let stringType = Self.variableLengthUTF8Type()
    defer { H5Tclose(stringType) }
    try writeDataset(path, fileType: stringType, shape: [strings.count], units: units) { did in
      guard !strings.isEmpty else { return 0 }
      return Self.withCStringPointers(strings) {
        H5Dwrite(did, stringType, rt_H5S_ALL(), rt_H5S_ALL(), rt_H5P_DEFAULT(), $0)
      }
    }
  }

  /// Reads a numeric dataset, requiring its stored type to be exactly `T`'s (class, size and sign; any byte order).
  ///
  /// A type mismatch throws, e.g. `expected int32, found float64`.
  /// - Returns: the values in C order and the dataset's shape (`[]` for a scalar).
  public func read<T: HDF5Element>(_ type: T.Type, at path: String) throws(HDF5Error) -> (values: [T], shape: [Int]) {
    let did = try openDataset(path)
    defer { H5Dclose(did) }
    let tid = H5Dget_type(did)
    defer { H5Tclose(tid) }
    let wanted = T.hdf5ElementType
    guard Self.matches(tid, wanted) else {
      throw error(path, expected: wanted.rawValue, found: Self.describeType(tid))
    }
    let shape = try datasetShape(did, path)
    let count = try checkedCount(did, shape, elementSize: MemoryLayout<T>.stride, path)
    if count == 0 { return ([], shape) }
    let values = try [T](unsafeUninitializedCapacity: count) { buffer, initialized throws(HDF5Error) in
      let status = H5Dread(did, wanted.nativeType, rt_H5S_ALL(), rt_H5S_ALL(), rt_H5P_DEFAULT(), buffer.baseAddress)
      guard status >= 0 else { throw hdf5Failure(path, expected: "readable \(wanted.rawValue) data") }
      initialized = count
    }
    return (values, shape)
  }

  /// Reads a dataset of strings, variable- or fixed-length, of any rank, in C order.
  public func readStrings(at path: String) throws(HDF5Error) -> [String] {
    let did = try openDataset(path)
    defer { H5Dclose(did) }
    let tid = H5Dget_type(did)
    defer { H5Tclose(tid) }
    let count = try checkedCount(did, try datasetShape(did, path), elementSize: max(1, H5Tget_size(tid)), path)
    return try readStringValues(tid, count: count, location: path) { memType, buffer in
      H5Dread(did, memType, rt_H5S_ALL(), rt_H5S_ALL(), rt_H5P_DEFAULT(), buffer)
    }
  }

  /// The shape of the dataset at `path` (`[]` for a scalar).
  public func shape(of path: String) throws(HDF5Error) -> [Int] {
    let did = try openDataset(path)
    defer { H5Dclose(did) }
    return try datasetShape(did, path)
  }

  /// The stored element type of the dataset at `path`, described as in errors (`float64`, `int32`, `string`, …).
  public func typeDescription(of path: String) throws(HDF5Error) -> String {
    let did = try openDataset(path)
    defer { H5Dclose(did) }
    let tid = H5Dget_type(did)
    defer { H5Tclose(tid) }
    return Self.describeType(tid)
  }

  // MARK: Attributes

  /// Whether the object at `path` has an attribute `name` (false when the object does not exist).
  public func hasAttribute(_ name: String, on path: String) -> Bool {
    guard exists(path) else { return false }
    return H5Aexists_by_name(id, Self.normalized(path), name, rt_H5P_DEFAULT()) > 0
  }

  /// Sets a scalar variable-length UTF-8 string attribute (as h5py writes `str`), replacing any existing one.
  public func setAttribute(_ name: String, to value: String, on path: String) throws(HDF5Error) {
    let stringType = Self.variableLengthUTF8Type()
    defer { H5Tclose(stringType) }
    try writeAttribute(name, on: path, type: stringType) { aid in
      Self.withCStringPointers([value]) { H5Awrite(aid, stringType, $0) }
    }
  }

  /// Sets a scalar string attribute stored as fixed-length, NUL-terminated ASCII (as many C and Fortran tools write).
  public func setFixedLengthAttribute(_ name: String, to value: String, on path: String) throws(HDF5Error) {
    let bytes = Array(value.utf8) + [0]
    let stringType = H5Tcopy(rt_H5T_C_S1())
    defer { H5Tclose(stringType) }
    H5Tset_size(stringType, bytes.count)
    H5Tset_strpad(stringType, H5T_STR_NULLTERM)
    try writeAttribute(name, on: path, type: stringType) { aid in
      bytes.withUnsafeBytes { H5Awrite(aid, stringType, $0.baseAddress) }
    }
  }

  /// Sets a scalar numeric attribute, replacing any existing one.
  public func setAttribute<T: HDF5Element>(_ name: String, to value: T, on path: String) throws(HDF5Error) {
    let native = T.hdf5ElementType.nativeType
    try writeAttribute(name, on: path, type: native) { aid in
      withUnsafeBytes(of: value) { H5Awrite(aid, native, $0.baseAddress) }
    }
  }

  /// Reads a string attribute holding one value, variable-length or fixed-length (trailing NULs and, for
  /// space-padded strings, trailing spaces removed).
  public func stringAttribute(_ name: String, of path: String) throws(HDF5Error) -> String {
    let location = "\(Self.normalized(path))@\(name)"
    let aid = try openAttribute(name, of: path)
    defer { H5Aclose(aid) }
    let tid = H5Aget_type(aid)
    defer { H5Tclose(tid) }
    guard H5Tget_class(tid) == H5T_STRING else {
      throw error(location, expected: "a string", found: Self.describeType(tid))
    }
    try requireSingleValue(aid, location)
    return try readStringValues(tid, count: 1, location: location) { memType, buffer in
      H5Aread(aid, memType, buffer)
    }[0]
  }

  /// Reads an integer attribute holding one value, of any stored integer type (int8 … uint64), as `Int64`.
  public func integerAttribute(_ name: String, of path: String) throws(HDF5Error) -> Int64 {
    let location = "\(Self.normalized(path))@\(name)"
    let aid = try openAttribute(name, of: path)
    defer { H5Aclose(aid) }
    let tid = H5Aget_type(aid)
    defer { H5Tclose(tid) }
    guard H5Tget_class(tid) == H5T_INTEGER else {
      let value = (try? describeStringValue(aid, tid)).map { " " + $0 } ?? ""
      throw error(location, expected: "an integer", found: Self.describeType(tid) + value)
    }
    if H5Tget_sign(tid) == H5T_SGN_NONE && H5Tget_size(tid) >= 8 {
      var raw: UInt64 = 0
      try requireSingleValue(aid, location)
      guard H5Aread(aid, rt_H5T_NATIVE_UINT64(), &raw) >= 0 else { throw hdf5Failure(location, expected: "a readable integer") }
      guard raw <= UInt64(Int64.max) else { throw error(location, expected: "an integer ≤ \(Int64.max)", found: "\(raw)") }
      return Int64(raw)
    }
    try requireSingleValue(aid, location)
    var value: Int64 = 0
    guard H5Aread(aid, rt_H5T_NATIVE_INT64(), &value) >= 0 else { throw hdf5Failure(location, expected: "a readable integer") }
    return value
  }

  /// Reads a floating-point (or integer) attribute holding one value, as `Double`.
  public func doubleAttribute(_ name: String, of path: String) throws(HDF5Error) -> Double {
    let location = "\(Self.normalized(path))@\(name)"
    let aid = try openAttribute(name, of: path)
    defer { H5Aclose(aid) }
    let tid = H5Aget_type(aid)
    defer { H5Tclose(tid) }
    let typeClass = H5Tget_class(tid)
    guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else {
      throw error(location, expected: "a number", found: Self.describeType(tid))
    }
    try requireSingleValue(aid, location)
    var value = 0.0
    guard H5Aread(aid, rt_H5T_NATIVE_DOUBLE(), &value) >= 0 else { throw hdf5Failure(location, expected: "a readable number") }
    return value
  }

  /// The stored type of an attribute, described as in errors (`int64`, `string`, …).
  public func attributeTypeDescription(_ name: String, of path: String) throws(HDF5Error) -> String {
    let aid = try openAttribute(name, of: path)
    defer { H5Aclose(aid) }
    let tid = H5Aget_type(aid)
    defer { H5Tclose(tid) }
    return Self.describeType(tid)
  }

  // MARK: Internals

  private func error(_ location: String, expected: String, found: String) -> HDF5Error {
    HDF5Error(file: path, location: location, expected: expected, found: found)
  }

  /// An error for a failed HDF5 call, quoting HDF5's most specific message.
  private func hdf5Failure(_ location: String, expected: String) -> HDF5Error {
    error(location, expected: expected, found: "an HDF5 error: " + (innermostHDF5Error() ?? "unknown"))
  }

  private func describeKind(_ path: String) -> String {
    switch kind(of: path) {
    case .group: return "group"
    case .dataset: return "dataset"
    case .other: return "named datatype or other object"
    case nil: return "nothing"
    }
  }

  private func ensureOpen(_ location: String) throws(HDF5Error) {
    guard id >= 0 else { throw error(location, expected: "an open file", found: "a closed one") }
  }

  private func openGroup(_ path: String) throws(HDF5Error) -> hid_t {
    try ensureOpen(path)
    let p = Self.normalized(path)
    guard kind(of: p) == .group else { throw error(p, expected: "a group", found: describeKind(p)) }
    let gid = H5Gopen2(id, p, rt_H5P_DEFAULT())
    guard gid >= 0 else { throw hdf5Failure(p, expected: "a readable group") }
    return gid
  }

  private func openDataset(_ path: String) throws(HDF5Error) -> hid_t {
    try ensureOpen(path)
    let p = Self.normalized(path)
    guard kind(of: p) == .dataset else { throw error(p, expected: "a dataset", found: describeKind(p)) }
    let did = H5Dopen2(id, p, rt_H5P_DEFAULT())
    guard did >= 0 else { throw hdf5Failure(p, expected: "a readable dataset") }
    return did
  }

  private func openAttribute(_ name: String, of path: String) throws(HDF5Error) -> hid_t {
    let p = Self.normalized(path)
    let location = "\(p)@\(name)"
    try ensureOpen(location)
    guard exists(p) else { throw error(p, expected: "an object with attribute \(name)", found: "nothing") }
    guard hasAttribute(name, on: p) else { throw error(location, expected: "an attribute", found: "none") }
    let aid = H5Aopen_by_name(id, p, name, rt_H5P_DEFAULT(), rt_H5P_DEFAULT())
    guard aid >= 0 else { throw hdf5Failure(location, expected: "a readable attribute") }
    return aid
  }

  private func datasetShape(_ did: hid_t, _ path: String) throws(HDF5Error) -> [Int] {
    let sid = H5Dget_space(did)
    defer { H5Sclose(sid) }
    guard let shape = Self.shape(ofSpace: sid) else {
      throw error(path, expected: "a simple or scalar dataspace", found: "an empty (null) dataspace")
    }
    return shape
  }

  /// Compression ratios beyond this are taken as a declared shape with no data behind it.
  static let maxExpansion = 1100

  /// The element count of a dataset of `shape`, refusing a shape whose data cannot be in the file: a product
  /// that overflows, or more bytes than the dataset's stored bytes could expand to (deflate's best ratio is about
  /// 1:1030), beyond a 1 MiB allowance for fill values. A crafted file can declare 2⁴⁰ elements in a few kB.
  private func checkedCount(_ did: hid_t, _ shape: [Int], elementSize: Int, _ path: String) throws(HDF5Error) -> Int {
    var count = 1, bytes = elementSize
    var overflow = false
    for d in shape {
      let c = count.multipliedReportingOverflow(by: d), b = bytes.multipliedReportingOverflow(by: d)
      count = c.partialValue
      bytes = b.partialValue
      overflow = overflow || c.overflow || b.overflow
    }
    if count == 0 && !overflow { return 0 }
    let stored = Int(clamping: H5Dget_storage_size(did))
    let allowed = stored.multipliedReportingOverflow(by: Self.maxExpansion).partialValue + (1 << 20)
    guard !overflow, stored <= Int.max / Self.maxExpansion, bytes <= allowed else {
      throw error(path, expected: "a shape whose data is stored in the file (\(stored) bytes stored)",
                  found: "shape \(shape), " + (overflow ? "more elements than fit in memory" : "\(bytes) bytes"))
    }
    return count
  }

  private static func shape(ofSpace sid: hid_t) -> [Int]? {
    let rank = H5Sget_simple_extent_ndims(sid)
    guard rank >= 0 else { return nil }
    if H5Sget_simple_extent_type(sid) == H5S_NULL { return nil }
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    H5Sget_simple_extent_dims(sid, &dims, nil)
    return dims.map { Int(clamping: $0) }
  }

  private func requireSingleValue(_ aid: hid_t, _ location: String) throws(HDF5Error) {
    let sid = H5Aget_space(aid)
    defer { H5Sclose(sid) }
    let points = H5Sget_simple_extent_npoints(sid)
    guard points == 1 else {
      throw error(location, expected: "a single value", found: "\(points) values, shape \(Self.shape(ofSpace: sid) ?? [])")
    }
  }

  /// `"value"` for a one-value string attribute, for messages; throws for anything else.
  private func describeStringValue(_ aid: hid_t, _ tid: hid_t) throws(HDF5Error) -> String {
    try requireSingleValue(aid, "")
    let value = try readStringValues(tid, count: 1, location: "") { H5Aread(aid, $0, $1) }[0]
    return "\"\(value)\""
  }

  private func writeDataset(_ path: String, fileType: hid_t, shape: [Int], units: String?,
                            write: (hid_t) -> herr_t) throws(HDF5Error) {
    try ensureOpen(path)
    let p = Self.normalized(path)
    let parts = Self.components(of: p)
    guard let last = parts.last else { throw error(p, expected: "a dataset path", found: "the root group") }
    if parts.count > 1 { try createGroup("/" + parts.dropLast().joined(separator: "/")) }
    guard !exists(p) else { throw error(p, expected: "a new \(last)", found: "an existing \(describeKind(p))") }
    let sid: hid_t
    if shape.isEmpty {
      sid = H5Screate(H5S_SCALAR)
    } else {
      let dims = shape.map { hsize_t($0) }
      sid = H5Screate_simple(Int32(dims.count), dims, nil)
    }
    defer { H5Sclose(sid) }
    let dcpl = H5Pcreate(rt_H5P_DATASET_CREATE())
    defer { H5Pclose(dcpl) }
    H5Pset_obj_track_times(dcpl, false)
    let did = H5Dcreate2(id, p, fileType, sid, rt_H5P_DEFAULT(), dcpl, rt_H5P_DEFAULT())
    guard did >= 0 else { throw hdf5Failure(p, expected: "a new dataset") }
    defer { H5Dclose(did) }
    guard write(did) >= 0 else { throw hdf5Failure(p, expected: "the data to be written") }
    if let units { try setAttribute("units", to: units, on: p) }
  }

  private func writeAttribute(_ name: String, on path: String, type: hid_t, write: (hid_t) -> herr_t) throws(HDF5Error) {
    let p = Self.normalized(path)
    let location = "\(p)@\(name)"
    try ensureOpen(location)
    guard exists(p) else { throw error(p, expected: "an object to put attribute \(name) on", found: "nothing") }
    if hasAttribute(name, on: p) {
      guard H5Adelete_by_name(id, p, name, rt_H5P_DEFAULT()) >= 0 else {
        throw hdf5Failure(location, expected: "a replaceable attribute")
      }
    }
    let sid = H5Screate(H5S_SCALAR)
    defer { H5Sclose(sid) }
    let aid = H5Acreate_by_name(id, p, name, type, sid, rt_H5P_DEFAULT(), rt_H5P_DEFAULT(), rt_H5P_DEFAULT())
    guard aid >= 0 else { throw hdf5Failure(location, expected: "a new attribute") }
    defer { H5Aclose(aid) }
    guard write(aid) >= 0 else { throw hdf5Failure(location, expected: "the attribute to be written") }
  }

  /// Reads `count` strings of HDF5 string type `tid` through `read(memoryType, buffer)`.
  private func readStringValues(_ tid: hid_t, count: Int, location: String,
                                read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws(HDF5Error) -> [String] {
    guard H5Tget_class(tid) == H5T_STRING else {
      throw error(location, expected: "strings", found: Self.describeType(tid))
    }
    if count == 0 { return [] }
    if H5Tis_variable_str(tid) > 0 {
      let memType = H5Tcopy(rt_H5T_C_S1())
      defer { H5Tclose(memType) }
      H5Tset_size(memType, rt_H5T_VARIABLE())
      H5Tset_cset(memType, H5Tget_cset(tid))
      var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
      let status = pointers.withUnsafeMutableBytes { read(memType, $0.baseAddress!) }
      guard status >= 0 else { throw hdf5Failure(location, expected: "readable strings") }
      defer { for p in pointers where p != nil { H5free_memory(p) } }
      return pointers.map { $0.map { String(cString: $0) } ?? "" }
    }
    let size = H5Tget_size(tid)
    let memType = H5Tcopy(tid)
    defer { H5Tclose(memType) }
    let spacePadded = H5Tget_strpad(tid) == H5T_STR_SPACEPAD
    var bytes = [UInt8](repeating: 0, count: size * count)
    let status = bytes.withUnsafeMutableBytes { read(memType, $0.baseAddress!) }
    guard status >= 0 else { throw hdf5Failure(location, expected: "readable strings") }
    return (0..<count).map { i in
      var chars = bytes[(i * size)..<((i + 1) * size)].prefix { $0 != 0 }
      if spacePadded { while chars.last == 0x20 { chars = chars.dropLast() } }
      return String(decoding: chars, as: UTF8.self)
    }
  }

  private static func variableLengthUTF8Type() -> hid_t {
    let t = H5Tcopy(rt_H5T_C_S1())
    H5Tset_size(t, rt_H5T_VARIABLE())
    H5Tset_cset(t, H5T_CSET_UTF8)
    return t
  }

  /// Calls `body` with a C array of NUL-terminated copies of `strings` (valid only during the call).
  private static func withCStringPointers<R>(_ strings: [String], _ body: (UnsafeRawPointer) -> R) -> R {
    let pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeBytes { body($0.baseAddress!) }
  }

  private static func matches(_ tid: hid_t, _ wanted: HDF5ElementType) -> Bool {
    let typeClass = H5Tget_class(tid)
    let size = H5Tget_size(tid)
    switch wanted {
    case .float64: return typeClass == H5T_FLOAT && size == 8
    case .int8: return typeClass == H5T_INTEGER && size == 1 && H5Tget_sign(tid) == H5T_SGN_2
    case .uint8: return typeClass == H5T_INTEGER && size == 1 && H5Tget_sign(tid) == H5T_SGN_NONE
    case .int32: return typeClass == H5T_INTEGER && size == 4 && H5Tget_sign(tid) == H5T_SGN_2
    case .int64: return typeClass == H5T_INTEGER && size == 8 && H5Tget_sign(tid) == H5T_SGN_2
    }
  }

  /// `float64`, `int32`, `uint16`, `string`, `compound`, … for messages.
  static func describeType(_ tid: hid_t) -> String {
    let bits = H5Tget_size(tid) * 8
    switch H5Tget_class(tid) {
    case H5T_INTEGER: return (H5Tget_sign(tid) == H5T_SGN_NONE ? "uint" : "int") + "\(bits)"
    case H5T_FLOAT: return "float\(bits)"
    case H5T_STRING:
      return H5Tis_variable_str(tid) > 0 ? "string (variable-length)" : "string (fixed-length, \(bits / 8) bytes)"
    case H5T_COMPOUND: return "compound"
    case H5T_ENUM: return "enum"
    case H5T_ARRAY: return "array"
    case H5T_VLEN: return "variable-length sequence"
    case H5T_BITFIELD: return "bitfield"
    case H5T_OPAQUE: return "opaque"
    case H5T_REFERENCE: return "reference"
    case H5T_TIME: return "time"
    default: return "unknown type"
    }
  }

  static func components(of path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }

  static func normalized(_ path: String) -> String {
    "/" + components(of: path).joined(separator: "/")
  }
}

/// HDF5's most specific message for the last failed call on this thread, if any.
func innermostHDF5Error() -> String? {
  var buffer = [CChar](repeating: 0, count: 512)
  guard rt_H5_innermost_error(&buffer, buffer.count) != 0 else { return nil }
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension HDF5ElementType {
  var nativeType: hid_t {
    switch self {
    case .float64: return rt_H5T_NATIVE_DOUBLE()
    case .int8: return rt_H5T_NATIVE_INT8()
    case .uint8: return rt_H5T_NATIVE_UINT8()
    case .int32: return rt_H5T_NATIVE_INT32()
    case .int64: return rt_H5T_NATIVE_INT64()
    }
  }
}
