import RackTwinIO

/// What identifies a sweep for `--resume` and `racktwin merge`: a SHA-256 over the racktwin version, the base case
/// text, the mesh checksum, the mode and every point's overrides.
public struct SweepIdentity: Sendable, Equatable {
  public var meshSHA256: String
  public var hash: String

  public init(spec: SweepSpec, meshSHA256: String) {
    self.meshSHA256 = meshSHA256
    var text = "racktwin.sweep 1\nsoftware \(racktwinVersion)\nmesh \(meshSHA256)\nmode \(spec.mode.rawValue)\n"
    text += "case \(spec.baseText.utf8.count)\n\(spec.baseText)\npoints \(spec.pointCount)\n"
    for i in 0..<spec.pointCount {
      text += spec.overrides(ofPoint: i).joined(separator: "\u{1F}") + "\n"
    }
    hash = SHA256.hexDigest(Array(text.utf8))
  }
}
