import Foundation
import XCTest
@testable import PhysicalNetworks

final class JSONValueTests: XCTestCase {
    func testObjectKeysKeepInsertionOrder() {
        let value = JSONValue.object([("zeta", .integer(1)), ("alpha", .integer(2)), ("mid", .null)])
        XCTAssertEqual(value.serialized(), #"{"zeta": 1, "alpha": 2, "mid": null}"#)
    }

    func testScalarsAndNesting() {
        let value = JSONValue.array([.bool(true), .bool(false), .null, .integer(-7), .number(0.1), .number(-2),
                                     .number(1e-20), .array([]), .object([])])
        XCTAssertEqual(value.serialized(), #"[true, false, null, -7, 0.1, -2, 1e-20, [], {}]"#)
    }

    func testStringsAreEscaped() {
        let value = JSONValue.string("a\"b\\c\nd\re\tf\u{01}g\u{1F}h é ∂ 😀")
        XCTAssertEqual(value.serialized(), #""a\"b\\c\nd\re\tf\u0001g\u001fh é ∂ 😀""#)
    }

    func testNonFiniteNumbersBecomeNull() {
        let value = JSONValue.object([("nan", .number(.nan)), ("inf", .number(.infinity)), ("ninf", .number(-.infinity))])
        XCTAssertEqual(value.serialized(), #"{"nan": null, "inf": null, "ninf": null}"#)
    }

    func testRoundTripThroughJSONSerialization() throws {
        let numbers: [Double] = [0, -0.0, 1, -1, 0.1, 1.0 / 3, 2.5e-300, 1e300, 123456789012345, 1e15, 1e16,
                                 -4.9e-324, .pi, 0.025864917007157463]
        let value = JSONValue.object([
            ("status", .string("converged")),
            ("numbers", .array(numbers.map { .number($0) })),
            ("steps", .integer(Int.max)),
            ("flag", .bool(true)),
            ("missing", .number(.nan)),
            ("text", .string("quote \" backslash \\ newline \n tab \t control \u{7} unicode λ")),
            ("nested", .object([("empty", .array([])), ("deep", .object([("x", .integer(-3))]))])),
        ])
        let data = Data(value.serialized().utf8)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(parsed["status"] as? String, "converged")
        let parsedNumbers = try XCTUnwrap(parsed["numbers"] as? [NSNumber]).map(\.doubleValue)
        XCTAssertEqual(parsedNumbers.count, numbers.count)
        for (parsedNumber, number) in zip(parsedNumbers, numbers) {
            XCTAssertEqual(parsedNumber, number, "\(number) must survive the round trip exactly")
        }
        XCTAssertEqual((parsed["steps"] as? NSNumber)?.intValue, Int.max)
        XCTAssertEqual(parsed["flag"] as? Bool, true)
        XCTAssertTrue(parsed["missing"] is NSNull)
        XCTAssertEqual(parsed["text"] as? String, "quote \" backslash \\ newline \n tab \t control \u{7} unicode λ")
        let nested = try XCTUnwrap(parsed["nested"] as? [String: Any])
        XCTAssertEqual((nested["empty"] as? [Any])?.count, 0)
        XCTAssertEqual(((nested["deep"] as? [String: Any])?["x"] as? NSNumber)?.intValue, -3)
    }

    func testEqualityIsBySerialization() {
        XCTAssertEqual(JSONValue.object([("a", .integer(1))]), JSONValue.object([("a", .number(1))]))
        XCTAssertNotEqual(JSONValue.object([("a", .integer(1)), ("b", .null)]),
                          JSONValue.object([("b", .null), ("a", .integer(1))]))
    }
}
