import XCTest

/// Parsing of ngspice's ASCII raw format; needs no ngspice.
final class NgspiceRawFileTests: XCTestCase {
    private let twoPlots = """
        Title: demo
        Date: Wed Nov 25 20:26:26  2026
        Plotname: Operating Point
        Flags: real
        No. Variables: 3
        No. Points: 1       
        Variables:
        \t0\tv(OUT)\tvoltage
        \t1\tv(x1.m)\tvoltage
        \t2\ti(v1)\tcurrent
        Values:
        0\t\t3.333333333333333e-01
        \t1.0e+00
        \t-6.666666666666667e-01
        Title: demo
        Date: Wed Nov 25 20:26:26  2026
        Plotname: Transient Analysis
        Flags: real
        No. Variables: 2
        No. Points: 2       
        Variables:
        \t0\ttime\ttime
        \t1\tv(out)\tvoltage
        Values:
        0\t\t0.000000000000000e+00
        \t0.0e+00
        1\t\t1.000000000000000e-06
        \t5.0e-01

        """

    func testPlotsVectorsAndKeys() throws {
        let raw = try NgspiceRawFile(text: twoPlots)
        XCTAssertEqual(raw.plots.map(\.name), ["Operating Point", "Transient Analysis"])
        let op = try raw.plot(named: "Operating Point")
        XCTAssertEqual(op.variableNames, ["v(OUT)", "v(x1.m)", "i(v1)"])
        XCTAssertEqual(op.vectors, ["out": [0.3333333333333333], "x1.m": [1], "v1#branch": [-0.6666666666666667]])
        let tran = try raw.plot(named: "Transient Analysis")
        XCTAssertEqual(tran.vectors, ["time": [0, 1e-6], "out": [0, 0.5]])
    }

    func testKeys() {
        XCTAssertEqual(NgspiceRawFile.key(forVariable: "V(N1)"), "n1")
        XCTAssertEqual(NgspiceRawFile.key(forVariable: "i(v.x1.v9)"), "v.x1.v9#branch")
        XCTAssertEqual(NgspiceRawFile.key(forVariable: "time"), "time")
        XCTAssertEqual(NgspiceRawFile.key(forVariable: "e1#branch"), "e1#branch")
    }

    func testTruncatedValuesReportTheLine() {
        let truncated = twoPlots.split(separator: "\n").prefix(13).joined(separator: "\n")
        XCTAssertThrowsError(try NgspiceRawFile(text: truncated)) { error in
            XCTAssertTrue("\(error)".contains("unexpected end of file"), "\(error)")
        }
        let garbled = twoPlots.replacingOccurrences(of: "5.0e-01", with: "five")
        XCTAssertThrowsError(try NgspiceRawFile(text: garbled)) { error in
            XCTAssertEqual("\(error)", "ngspice raw file:28: 'five' is not a number")
        }
    }

    func testComplexPlotsAreRejected() {
        let complex = twoPlots.replacingOccurrences(of: "Flags: real", with: "Flags: complex")
        XCTAssertThrowsError(try NgspiceRawFile(text: complex))
    }

    func testInterpolationIsLinearBetweenPoints() {
        let times = [0.0, 1, 3, 3, 4]
        let values = [0.0, 2, 6, 7, 8]
        XCTAssertEqual(Ngspice.interpolate(values, at: times, onto: [0, 0.5, 1, 2, 3.5, 4]),
                       [0, 1, 2, 4, 7.5, 8])
        XCTAssertEqual(Ngspice.uniformGrid(from: 0, to: 1, count: 5), [0, 0.25, 0.5, 0.75, 1])
    }
}
