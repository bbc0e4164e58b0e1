import XCTest
@testable import PhysicalNetworks

/// Parses `text` as file `t.cir`.
func parseNetlist(_ text: String, file: String = "t.cir") throws(NetlistError) -> Netlist {
    try NetlistParser.parse(contents: text, file: file)
}

/// Asserts that parsing `text` fails with exactly `expected` (`file:line:col: message`).
func assertNetlistError(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
    do {
        let netlist = try parseNetlist(text)
        XCTFail("expected error '\(expected)', parsed \(netlist.elements.count) elements", file: file, line: line)
    } catch {
        XCTAssertEqual(error.description, expected, file: file, line: line)
    }
}

/// The element named `name`, failing the test if absent.
func netlistElement(_ name: String, in netlist: Netlist, file: StaticString = #filePath, line: UInt = #line) -> NetlistElement? {
    let found = netlist.elements.first { $0.name == name }
    if found == nil { XCTFail("no element '\(name)' in \(netlist.elements.map(\.name))", file: file, line: line) }
    return found
}
