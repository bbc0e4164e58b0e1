import Foundation
import XCTest
@testable import PhysicalNetworks

final class SpiceWriterTests: XCTestCase {
    /// A netlist using every feature the writer must reproduce.
    private let everything = """
        Everything: title kept
        *@ input Vin x1.vb
        *@ output out x1.m
        *@ train R1 x1.r1
        *@ bounds 1e-6 {1/1k}
        .param r0=1.1k
        .subckt cell a b params: r=1k
        R1 a m {r}
        Vb m m2 DC 0.1 PULSE(0 0.2 1n 1n 1n 5n 20n)
        D1 m2 b dd area=1.5
        C1 m 0 3.3p
        F1 0 m vb 0.5
        .ends cell
        .model dd D (IS=2.5e-15 N=1.2 RS=0.3)
        Vin in 0 PWL(0 0 1u 1.0000000000000002 2u 0.3)
        R1 in mid {r0/3}
        X1 mid out cell r=2.2k
        E1 e 0 out 0 -2
        Re e 0 10k
        I1 0 out 1u
        Rout out 0 100k
        .ic v(out)=0.1 v(x1.m)=0.2
        .options reltol=1e-4 abstol=1e-12
        .op
        .tran 1n 100n 0 1n uic
        .end
        """

    func testRoundTripGivesTheSameNetlist() throws {
        let original = try parseNetlist(everything)
        let text = SpiceWriter.spice(original)
        let reparsed = try NetlistParser.parse(contents: text, file: "round.cir")
        assertSame(original, reparsed)
        // A second round trip is a fixed point of the text.
        XCTAssertEqual(SpiceWriter.spice(reparsed), text)
    }

    func testHierarchicalNamesKeepTheirTypeLetter() throws {
        let text = SpiceWriter.spice(try parseNetlist(everything))
        XCTAssertTrue(text.contains("\nr.x1.r1 mid x1.m 2200\n"), text)
        XCTAssertTrue(text.contains("\nf.x1.f1 0 x1.m v.x1.vb 0.5\n"), text)
        XCTAssertTrue(text.contains("\nd.x1.d1 x1.m2 out dd area=1.5\n"), text)
        XCTAssertTrue(text.contains("\nr1 in mid 366.66666666666669\n") || text.contains("\nr1 in mid 366.6666666666667\n"), text)
        XCTAssertTrue(text.contains("\n*@ train r1 x1.r1\n"), text)
        XCTAssertTrue(text.hasSuffix(".end\n"))
    }

    func testElementNameScheme() {
        XCTAssertEqual(SpiceElementName.spiceName(for: "x1.r1", letter: "r"), "r.x1.r1")
        XCTAssertEqual(SpiceElementName.spiceName(for: "r1", letter: "r"), "r1")
        XCTAssertEqual(SpiceElementName.spiceName(for: "r.a", letter: "r"), "r.a")
        XCTAssertEqual(SpiceElementName.netlistName(fromSpice: "r.x1.x2.r7"), "x1.x2.r7")
        XCTAssertEqual(SpiceElementName.netlistName(fromSpice: "r.a"), "r.a")
        XCTAssertEqual(SpiceElementName.netlistName(fromSpice: "r.x1.c1"), "r.x1.c1")
    }

    func testNumbersRoundTripExactly() throws {
        for value in [0.1, 1.0 / 3.0, 1e-15, 2.2e6, 123456789.123, 5e-324, 1.7976931348623157e308] {
            XCTAssertEqual(SpiceNumber.parse(SpiceWriter.number(value)), value, SpiceWriter.number(value))
        }
    }

    func testNgspiceAcceptsTheOutput() throws {
        let text = SpiceWriter.spice(try parseNetlist(everything))
        let (status, output, raw) = try runNgspice(text)
        XCTAssertEqual(status, 0, output)
        XCTAssertFalse(output.lowercased().contains("error"), output)
        XCTAssertTrue(raw.contains("x1.m"), "the raw file lists the hierarchical node")
        XCTAssertTrue(raw.contains("Plotname: Transient Analysis"), "the transient analysis ran:\n\(output)")
    }

    func testNgspiceAcceptsTheOriginalSubset() throws {
        let (status, output, raw) = try runNgspice(everything)
        XCTAssertEqual(status, 0, output)
        XCTAssertFalse(output.lowercased().contains("error"), output)
        XCTAssertTrue(raw.contains("x1.m"), "the raw file lists the hierarchical node")
    }

    /// Runs `ngspice -b -r flat.raw flat.cir` on `netlist`: exit status, console output, raw file.
    ///
    /// A raw file is required: in batch mode without one, ngspice 39 refuses to run a `.tran`
    /// after a `.op` ("no data saved"), whatever the netlist.
    private func runNgspice(_ netlist: String) throws -> (Int32, String, String) {
        let ngspice = "/usr/bin/ngspice"
        guard FileManager.default.isExecutableFile(atPath: ngspice) else {
            throw XCTSkip("ngspice is not installed at \(ngspice)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("flat.cir")
        let raw = directory.appendingPathComponent("flat.raw")
        try netlist.write(to: file, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: ngspice)
        process.arguments = ["-b", "-r", raw.path, file.path]
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let rawText = String(decoding: (try? Data(contentsOf: raw)) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, output, rawText)
    }

    /// Asserts two netlists describe the same circuit (source locations aside).
    private func assertSame(_ a: Netlist, _ b: Netlist, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.title, b.title, file: file, line: line)
        XCTAssertEqual(a.elements.map(\.name), b.elements.map(\.name), file: file, line: line)
        XCTAssertEqual(a.elements.map(\.nodes), b.elements.map(\.nodes), file: file, line: line)
        XCTAssertEqual(a.elements.map(\.kind), b.elements.map(\.kind), file: file, line: line)
        XCTAssertEqual(a.diodeModels.keys.sorted(), b.diodeModels.keys.sorted(), file: file, line: line)
        for (name, model) in a.diodeModels {
            let other = b.diodeModels[name]
            XCTAssertEqual(model.saturationCurrent, other?.saturationCurrent, file: file, line: line)
            XCTAssertEqual(model.emissionCoefficient, other?.emissionCoefficient, file: file, line: line)
            XCTAssertEqual(model.seriesResistance, other?.seriesResistance, file: file, line: line)
        }
        XCTAssertEqual(a.options, b.options, file: file, line: line)
        XCTAssertEqual(a.initialConditions, b.initialConditions, file: file, line: line)
        XCTAssertEqual(a.analyses, b.analyses, file: file, line: line)
        XCTAssertEqual(a.roles, b.roles, file: file, line: line)
    }
}
