import XCTest
import RackTwinThermal

final class ExpressionTests: XCTestCase {
  func value(_ text: String, _ p: SIMD3<Double> = .zero, _ t: Double = 0) throws -> Double {
    try Expression(text).evaluate(at: p, time: t)
  }

  /// Conventional precedence: `^` binds tighter than unary minus and is right-associative (as in Fortran, Python's
  /// `**` and Mathematica): 2^3^2 = 2^9 = 512, -2^2 = −(2²) = −4; `* /` and `+ -` are left-associative.
  func testPrecedenceAndAssociativity() throws {
    XCTAssertEqual(try value("2^3^2"), 512)
    XCTAssertEqual(try value("-2^2"), -4)
    XCTAssertEqual(try value("(-2)^2"), 4)
    XCTAssertEqual(try value("2^-1"), 0.5)
    XCTAssertEqual(try value("2*3+4"), 10)
    XCTAssertEqual(try value("2+3*4"), 14)
    XCTAssertEqual(try value("10-4-3"), 3)
    XCTAssertEqual(try value("8/4/2"), 1)
    XCTAssertEqual(try value("(1+2)*3"), 9)
    XCTAssertEqual(try value("- -3"), 3)
    XCTAssertEqual(try value("1.5e3 + .5 + 2E-1"), 1500.7, accuracy: 1e-12)
    XCTAssertEqual(try value("2*-3"), -6)
  }

  func testFunctionsConstantsAndVariables() throws {
    XCTAssertEqual(try value("sin(pi/2)"), 1, accuracy: 1e-15)
    XCTAssertEqual(try value("cos(0) + tan(0)"), 1)
    XCTAssertEqual(try value("exp(log(3))"), 3, accuracy: 1e-15)
    XCTAssertEqual(try value("sqrt(16) + abs(-2)"), 6)
    XCTAssertEqual(try value("min(3, 1, 2) + max(3, 7)"), 8)
    XCTAssertEqual(try value("x + 2*y + 3*z + 4*t", SIMD3(1, 2, 3), 4), 30)
    XCTAssertEqual(try value("max(x, t)", SIMD3(1, 0, 0), 4), 4)
    XCTAssertEqual(try value("100*sin(pi*t/40)", .zero, 20), 100, accuracy: 1e-12)
    let folded = try Expression("2*pi + sqrt(4)")
    XCTAssertEqual(folded.constantValue!, 2 * .pi + 2, accuracy: 1e-15)
    let e = try Expression("40 + 5*sin(t)")
    XCTAssertNil(e.constantValue)
    XCTAssertTrue(e.usesTime)
    XCTAssertFalse(e.usesSpace)
    XCTAssertTrue(try Expression("x*y").usesSpace)
  }

  func testErrorsNameTheColumn() {
    func error(_ text: String) -> String {
      do {
        _ = try Expression(text)
        return "no error"
      } catch {
        return error.description
      }
    }
    XCTAssertEqual(error("100*sin(pi*)"), "expected an expression, found unexpected ')' at column 12")
    XCTAssertEqual(error("2 + foo"),
                   "expected a number, x, y, z, t, pi or a function (sin cos tan exp log sqrt abs min max), found unknown name 'foo' at column 5")
    XCTAssertEqual(error("sin 2"), "expected '(' after sin, found unexpected '2' at column 5")
    XCTAssertEqual(error("(1+2"), "expected ')', found the end of the text at column 5")
    XCTAssertEqual(error("1 2"), "expected an operator or the end, found unexpected '2' at column 3")
    XCTAssertEqual(error("1+2)"), "expected an operator or the end, found unexpected ')' at column 4")
    XCTAssertEqual(error(""), "expected an expression, found the end of the text at column 1")
    XCTAssertEqual(error("min(1)"), "expected at least two arguments to min, found 1 at column 1")
    XCTAssertEqual(error("sqrt(1, 2)"), "expected one argument to sqrt, found 2 at column 1")
  }

  /// A unit may follow the expression: parsing stops at an identifier after a complete operand.
  func testPrefixStopsBeforeAUnit() throws {
    let text = "(40 + 5*sin(t)) degC"
    let (e, end) = try Expression.parsePrefix(text)
    XCTAssertEqual(String(text.unicodeScalars.dropFirst(end)), "degC")
    XCTAssertEqual(e.source, "(40 + 5*sin(t))")
    let (f, end2) = try Expression.parsePrefix("5*t W/m^2")
    XCTAssertEqual(end2, 4)
    XCTAssertEqual(f.evaluate(at: .zero, time: 2), 10)
  }

  func testTimeTables() {
    let linear = VaryingValue.table(times: [0, 60], values: [313.15, 318.15])
    XCTAssertEqual(linear.value(at: .zero, time: -1), 313.15)
    XCTAssertEqual(linear.value(at: .zero, time: 30), 315.65, accuracy: 1e-12)
    XCTAssertEqual(linear.value(at: .zero, time: 100), 318.15)
    let step = VaryingValue.table(times: [0, 10, 20], values: [1, 2, 3], interpolation: .step)
    XCTAssertEqual(step.value(at: .zero, time: 9.99), 1)
    XCTAssertEqual(step.value(at: .zero, time: 10), 2)
    XCTAssertEqual(step.value(at: .zero, time: 25), 3)
    XCTAssertTrue(step.dependsOnTime)
  }

  /// Found by the expression corpus: 20,000 nested parentheses overflowed the parser's stack (a crash, not an error),
  /// and a 100,000-term sum would build a tree as deep, which the recursive evaluation would overflow. Both are
  /// syntax errors now; 99 levels and 1,000 terms still parse and evaluate exactly.
  func testNestingAndLengthAreBounded() throws {
    XCTAssertEqual(try value(String(repeating: "(", count: 99) + "t" + String(repeating: ")", count: 99), .zero, 3), 3)
    XCTAssertEqual(try value(Array(repeating: "t", count: 1000).joined(separator: "+"), .zero, 1), 1000)
    for (text, expected) in [
      (String(repeating: "(", count: 20_000) + "t" + String(repeating: ")", count: 20_000), "at most 100 nested"),
      (String(repeating: "-", count: 20_000) + "t", "at most 100 nested"),
      (Array(repeating: "2", count: 20_000).joined(separator: "^") + "^t", "at most 100 nested"),
      (Array(repeating: "t", count: 100_000).joined(separator: "+"), "at most 2000 operations"),
    ] {
      XCTAssertThrowsError(try Expression(text)) { error in
        XCTAssertTrue("\(error)".contains(expected), "\(error)")
      }
    }
  }
}
