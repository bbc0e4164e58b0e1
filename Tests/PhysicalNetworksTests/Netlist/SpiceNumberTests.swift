import XCTest
@testable import PhysicalNetworks

final class SpiceNumberTests: XCTestCase {
    func testPlainNumbers() {
        XCTAssertEqual(SpiceNumber.parse("1"), 1)
        XCTAssertEqual(SpiceNumber.parse("-2.5"), -2.5)
        XCTAssertEqual(SpiceNumber.parse("+.5"), 0.5)
        XCTAssertEqual(SpiceNumber.parse("5."), 5)
        XCTAssertEqual(SpiceNumber.parse("1e3"), 1000)
        XCTAssertEqual(SpiceNumber.parse("1E-3"), 1e-3)
        XCTAssertEqual(SpiceNumber.parse("2.5e+2"), 250)
        XCTAssertEqual(SpiceNumber.parse("1e-05"), 1e-05)
    }

    func testEveryScaleFactorInBothCases() {
        let cases: [(String, Double)] = [
            ("t", 1e12), ("g", 1e9), ("meg", 1e6), ("k", 1e3), ("m", 1e-3), ("mil", 25.4e-6),
            ("u", 1e-6), ("n", 1e-9), ("p", 1e-12), ("f", 1e-15),
        ]
        for (suffix, scale) in cases {
            for spelling in [suffix, suffix.uppercased()] {
                guard let value = SpiceNumber.parse("3" + spelling) else {
                    XCTFail("'3\(spelling)' did not parse"); continue
                }
                XCTAssertEqual(value, 3 * scale, accuracy: 1e-12 * 3 * scale, spelling)
            }
        }
        XCTAssertEqual(SpiceNumber.parse("1Meg"), 1e6)
        XCTAssertEqual(SpiceNumber.parse("2.2e3k"), 2.2e6)
    }

    func testTrailingUnitLettersAreIgnored() {
        XCTAssertEqual(SpiceNumber.parse("10kohm"), 1e4)
        XCTAssertEqual(SpiceNumber.parse("1uF"), 1e-6)
        XCTAssertEqual(SpiceNumber.parse("5V"), 5)
        XCTAssertEqual(SpiceNumber.parse("1A"), 1)
        XCTAssertEqual(SpiceNumber.parse("3megohm"), 3e6)
        XCTAssertEqual(SpiceNumber.parse("100ns"), 100e-9)
    }

    func testMalformedNumbers() {
        for text in ["", "k", "abc", "-", ".", "1.2.3", "1k2", "1e", "1-2", "e5", "1k!"] {
            if text == "1e" {
                XCTAssertEqual(SpiceNumber.parse(text), 1, "'1e' is 1 with a unit letter e")
            } else {
                XCTAssertNil(SpiceNumber.parse(text), text)
            }
        }
    }
}
