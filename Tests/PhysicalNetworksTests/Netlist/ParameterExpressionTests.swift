import XCTest
@testable import PhysicalNetworks

final class ParameterExpressionTests: XCTestCase {
    private let origin = SourceLocation(file: "t.cir", line: 4, column: 10)

    private func value(_ text: String, _ scope: [String: Double] = [:]) throws(NetlistError) -> Double {
        try ParameterExpression.evaluate(text, scope: scope, origin: origin)
    }

    private func assertError(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let result = try value(text, ["a": 2])
            XCTFail("expected error, got \(result)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.description, expected, file: file, line: line)
        }
    }

    func testArithmeticAndPrecedence() throws {
        XCTAssertEqual(try value("1+2*3"), 7)
        XCTAssertEqual(try value("(1+2)*3"), 9)
        XCTAssertEqual(try value("10/4-1"), 1.5)
        XCTAssertEqual(try value("2^3^2"), 512)
        XCTAssertEqual(try value("2**3"), 8)
        XCTAssertEqual(try value("-2^2"), -4)
        XCTAssertEqual(try value("--3"), 3)
        XCTAssertEqual(try value("+3 - -2"), 5)
        XCTAssertEqual(try value("2*-3"), -6)
        XCTAssertEqual(try value(" 1k * 2m "), 2)
        XCTAssertEqual(try value("1e-3*1e3"), 1)
        XCTAssertEqual(try value("2meg/1meg"), 2)
    }

    func testParametersAndFunctions() throws {
        let scope = ["r": 1000.0, "g_0": 0.5]
        XCTAssertEqual(try value("r*2", scope), 2000)
        XCTAssertEqual(try value("1/g_0", scope), 2)
        XCTAssertEqual(try value("sqrt(16)"), 4)
        XCTAssertEqual(try value("exp(0)"), 1)
        XCTAssertEqual(try value("log(exp(2))"), 2, accuracy: 1e-15)
        XCTAssertEqual(try value("abs(-3)"), 3)
        XCTAssertEqual(try value("min(3, r)", scope), 3)
        XCTAssertEqual(try value("max(3,r)", scope), 1000)
        XCTAssertEqual(try value("pow(2, 10)"), 1024)
        XCTAssertEqual(try value("sin(0) + cos(0)"), 1)
    }

    func testErrorsPointAtTheBadToken() {
        assertError("a + b", "t.cir:4:14: undefined parameter 'b'")
        assertError("1 +", "t.cir:4:13: malformed expression: unexpected end")
        assertError("(1 + 2", "t.cir:4:16: malformed expression: expected ')'")
        assertError("1 $ 2", "t.cir:4:12: malformed expression: unexpected '$'")
        assertError("2 + 1.2.3", "t.cir:4:14: malformed number '1.2.3'")
        assertError("foo(1)", "t.cir:4:10: unknown function 'foo'")
        assertError("max(1)", "t.cir:4:10: function 'max' takes 2 arguments, got 1")
        assertError("1/0", "t.cir:4:10: expression '1/0' is not finite")
        assertError("sqrt(-1)", "t.cir:4:10: expression 'sqrt(-1)' is not finite")
        assertError("  ", "t.cir:4:10: empty expression")
    }
}
