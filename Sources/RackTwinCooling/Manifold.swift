import Foundation

/// Builds supply and return manifolds: a ladder of header segments with a branch between each pair of taps.
///
/// Supply taps s₁…s_N (s₁ is the inlet node), return taps r₁…r_N; branch i runs from sᵢ to rᵢ through its
/// elements in series. A direct-return (U-type) manifold leaves from r₁, beside the inlet; a reverse-return
/// (Z-type) manifold leaves from r_N, so every path has the same header length.
public struct Manifold: Sendable, Equatable {
  public enum Layout: String, Sendable, Equatable {
    case directReturn
    case reverseReturn
  }

  public var name: String
  public var layout: Layout
  /// Header segment between consecutive taps, supply and return side.
  public var supplySegment: HydraulicElement.Kind
  public var returnSegment: HydraulicElement.Kind
  /// Each branch: its elements in series from the supply tap to the return tap, and its heat (W).
  public var branches: [Branch]

  public struct Branch: Sendable, Equatable {
    public var elements: [HydraulicElement.Kind]
    public var heat: Double
    public init(elements: [HydraulicElement.Kind], heat: Double = 0) {
      self.elements = elements
      self.heat = heat
    }
  }

  public init(name: String, layout: Layout = .directReturn, supplySegment: HydraulicElement.Kind,
              returnSegment: HydraulicElement.Kind, branches: [Branch]) {
    self.name = name
    self.layout = layout
    self.supplySegment = supplySegment
    self.returnSegment = returnSegment
    self.branches = branches
  }

  /// Node names: the inlet (first supply tap) and the outlet (r₁ or r_N by layout).
  public var inlet: String { "\(name).s1" }
  public var outlet: String { layout == .directReturn ? "\(name).r1" : "\(name).r\(branches.count)" }

  /// Name of branch i's first element (1-based), the one whose flow is the branch flow.
  public func branchName(_ i: Int) -> String { branches[i - 1].elements.count == 1 ? "\(name).b\(i)" : "\(name).b\(i).1" }
  /// Names of every branch's first element, in tap order.
  public var branchNames: [String] { (1...branches.count).map(branchName) }

  /// The manifold's elements: header segments (`NAME.supplyI`, `NAME.returnI` between taps I and I+1) and branch
  /// elements (`NAME.bI`, or `NAME.bI.J` when a branch has several), the heat on each branch's last element.
  public func elements() -> [HydraulicElement] {
    precondition(!branches.isEmpty && branches.allSatisfy { !$0.elements.isEmpty }, "manifold \(name): empty")
    var out: [HydraulicElement] = []
    let n = branches.count
    for i in 1..<max(n, 1) where n > 1 {
      out.append(HydraulicElement(name: "\(name).supply\(i)", from: "\(name).s\(i)", to: "\(name).s\(i + 1)",
                                  kind: supplySegment))
      // Direct return flows toward r₁, reverse return toward r_N.
      let (a, b) = layout == .directReturn ? ("\(name).r\(i + 1)", "\(name).r\(i)") : ("\(name).r\(i)", "\(name).r\(i + 1)")
      out.append(HydraulicElement(name: "\(name).return\(i)", from: a, to: b, kind: returnSegment))
    }
    for (i, branch) in branches.enumerated() {
      let count = branch.elements.count
      for (j, kind) in branch.elements.enumerated() {
        let from = j == 0 ? "\(name).s\(i + 1)" : "\(name).b\(i + 1).n\(j)"
        let to = j == count - 1 ? "\(name).r\(i + 1)" : "\(name).b\(i + 1).n\(j + 1)"
        let elementName = count == 1 ? "\(name).b\(i + 1)" : "\(name).b\(i + 1).\(j + 1)"
        out.append(HydraulicElement(name: elementName, from: from, to: to, kind: kind,
                                    heat: j == count - 1 ? branch.heat : 0))
      }
    }
    return out
  }
}
