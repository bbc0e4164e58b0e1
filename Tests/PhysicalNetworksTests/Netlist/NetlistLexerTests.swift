import XCTest
@testable import PhysicalNetworks

final class NetlistLexerTests: XCTestCase {
    func testTitleCommentsAndInlineComments() throws {
        let (title, cards) = try NetlistLexer.cards(in: """
            My Circuit  
            * a comment
            R1 a 0 1k ; inline
            r2 a 0 2k $ dollar comment
              C1 a 0 1p
            .end
            R9 a 0 1
            """, file: "t.cir")
        XCTAssertEqual(title, "My Circuit")
        XCTAssertEqual(cards.map { $0.tokens.map(\.text) }, [["r1", "a", "0", "1k"], ["r2", "a", "0", "2k"], ["c1", "a", "0", "1p"]])
        XCTAssertEqual(cards[2].location, SourceLocation(file: "t.cir", line: 5, column: 3))
        XCTAssertEqual(cards[0].tokens[0].original, "R1")
    }

    func testContinuationTokensKeepTheirOwnLineAndColumn() throws {
        let (_, cards) = try NetlistLexer.cards(in: "t\nV1 in 0\n* comment between\n+  PULSE(0 1,\n+ 1n)\n", file: "t.cir")
        XCTAssertEqual(cards.count, 1)
        let tokens = cards[0].tokens
        XCTAssertEqual(tokens.map(\.text), ["v1", "in", "0", "pulse", "(", "0", "1", "1n", ")"])
        XCTAssertEqual(tokens[3].location, SourceLocation(file: "t.cir", line: 4, column: 4))
        XCTAssertEqual(tokens[7].location, SourceLocation(file: "t.cir", line: 5, column: 3))
    }

    func testExpressionsDirectivesAndControlBlocks() throws {
        let (_, cards) = try NetlistLexer.cards(in: """
            t
            R1 a 0 {max(1, 2) * r}
            *@ train R1
            .control
            run
            R5 not a card
            .endc
            .ic v(a)=1
            """, file: "t.cir")
        XCTAssertEqual(cards.count, 3)
        XCTAssertEqual(cards[0].tokens[3].kind, .expression)
        XCTAssertEqual(cards[0].tokens[3].text, "max(1, 2) * r")
        XCTAssertTrue(cards[1].isDirective)
        XCTAssertEqual(cards[1].tokens.map(\.text), ["train", "r1"])
        XCTAssertEqual(cards[2].tokens.map(\.text), [".ic", "v", "(", "a", ")", "=", "1"])
    }

    func testLexicalErrors() {
        func error(_ text: String) -> String {
            do { _ = try NetlistLexer.cards(in: text, file: "t.cir"); return "no error" } catch { return error.description }
        }
        XCTAssertEqual(error(""), "t.cir:1:1: empty netlist (the first line must be a title)")
        XCTAssertEqual(error("t\n+ r1 a 0 1"), "t.cir:2:1: continuation line '+' with no card to continue")
        XCTAssertEqual(error("t\nr1 a 0 {1+2"), "t.cir:2:8: unterminated expression: missing '}'")
        XCTAssertEqual(error("t\nr1 a 0 1}"), "t.cir:2:9: unexpected '}'")
    }
}
