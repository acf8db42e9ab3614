/// The closest known key to a misspelt one, for "did you mean" hints.
///
/// Distance is the Levenshtein edit distance (insertions, deletions, substitutions), compared case-insensitively;
/// a candidate is suggested only when its distance is at most `max(2, key.count / 3)`. Ties go to the earlier
/// candidate.
public enum NearestKey {
  /// The candidate nearest to `key`, or nil when none is close enough.
  public static func suggestion(for key: String, among candidates: [String]) -> String? {
    let limit = max(2, key.count / 3)
    var best: (name: String, distance: Int)?
    for c in candidates {
      let d = distance(key.lowercased(), c.lowercased())
      if d <= limit, d < (best?.distance ?? Int.max) { best = (c, d) }
    }
    return best?.name
  }

  /// Levenshtein distance between two strings, counted in characters.
  public static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// `one of [a, b, c]`, with ` (did you mean "x"?)` when a suggestion exists.
  public static func expectedOneOf(_ candidates: [String], suggestion: String?) -> String {
    var s = "one of [\(candidates.joined(separator: ", "))]"
    if let suggestion { s += " (did you mean \"\(suggestion)\"?)" }
    return s
  }
}
