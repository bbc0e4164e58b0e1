import XCTest

/// Tests of the ngspice oracle itself: conventions, closed-form circuits and failure reporting.
final class NgspiceTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(Ngspice.isAvailable, "ngspice is not installed")
    }

    /// V1 = 1 V across R1 = 1 Ω and R2 = 0.5 Ω in series: v(out) = 1/3 V, and the source's
    /// branch current is −2/3 A (positive current flows into the + terminal, so a source that
    /// delivers power reports a negative current).
    func testDividerVoltageAndBranchCurrentSign() throws {
        let result = try Ngspice.operatingPoint(netlist: """
            divider
            V1 in 0 1
            R1 in out 1
            R2 out 0 0.5
            .op
            .end
            """)
        XCTAssertEqual(Set(result.keys), ["in", "out", "v1#branch"])
        XCTAssertEqual(try XCTUnwrap(result["in"]), 1, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(result["out"]), 1.0 / 3.0, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(result["v1#branch"]), -2.0 / 3.0, accuracy: 1e-9)
    }

    /// Subcircuit nodes are `instance.node`, subcircuit sources `v.instance.name#branch`,
    /// VCVS branches `e1#branch`; names are lower-cased; diode-internal nodes are not written.
    func testVectorNamesOfSubcircuitsControlledSourcesAndDiodes() throws {
        let result = try Ngspice.operatingPoint(netlist: """
            names
            .model dmod D (IS=1e-14 N=1.5 RS=10)
            V1 IN 0 1
            R1 IN Out 1k
            D1 Out 0 dmod
            E1 e 0 Out 0 2
            R2 e 0 1k
            .subckt half a b
            V9 a m 0
            Rx m b 1k
            .ends
            X1 Out 0 half
            .op
            .end
            """)
        XCTAssertEqual(Set(result.keys), ["in", "out", "e", "x1.m", "v1#branch", "e1#branch", "v.x1.v9#branch"])
        let out = try XCTUnwrap(result["out"])
        XCTAssertEqual(try XCTUnwrap(result["e"]), 2 * out, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(result["v.x1.v9#branch"]), out / 1000, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(result["e1#branch"]), -2 * out / 1000, accuracy: 1e-12)
    }

    /// A 1 V step through R = 1 kΩ into C = 1 µF: v(out) = 1 − exp(−t/RC), RC = 1 ms.
    func testRCStepMatchesExponentialOnAGrid() throws {
        let netlist = Ngspice.addingOptions(Ngspice.parityOptions, to: """
            rc step
            V1 in 0 PULSE(0 1 0 1n 1n 1 2)
            R1 in out 1k
            C1 out 0 1u
            .tran 5u 5m 0 5u
            .end
            """)
        let result = try Ngspice.transient(netlist: netlist)
        XCTAssertEqual(result.time.first, 0)
        XCTAssertEqual(try XCTUnwrap(result.time.last), 5e-3, accuracy: 1e-15)
        XCTAssertEqual(Set(result.vectors.keys), ["in", "out", "v1#branch"])
        let grid = Ngspice.uniformGrid(from: 0, to: 5e-3, count: 101)
        let out = try XCTUnwrap(Ngspice.resample(result, onto: grid)["out"])
        for (t, v) in zip(grid, out) {
            XCTAssertEqual(v, 1 - exp(-t / 1e-3), accuracy: 1e-3, "t = \(t)")
        }
    }

    /// With `.op` and `.tran` in one netlist each function reads its own plot.
    func testSeveralAnalysesPickTheRightPlot() throws {
        let netlist = """
            two analyses
            V1 in 0 2
            R1 in out 1k
            C1 out 0 1n
            R2 out 0 1k
            .tran 1u 10u
            .op
            .end
            """
        XCTAssertEqual(try Ngspice.run(netlist: netlist).plots.map(\.name),
                       ["Operating Point", "Transient Analysis"])
        XCTAssertEqual(try XCTUnwrap(Ngspice.operatingPoint(netlist: netlist)["out"]), 1, accuracy: 1e-12)
        let transient = try Ngspice.transient(netlist: netlist)
        XCTAssertEqual(transient.time.count, transient.vectors["out"]?.count)
        XCTAssertGreaterThan(transient.time.count, 2)
    }

    /// Only stderr is searched for diagnostics: stdout echoes the title, whatever it says.
    func testTitleMentioningErrorsIsNotAnError() throws {
        let result = try Ngspice.operatingPoint(netlist: "error, aborted: singular matrix\nV1 a 0 1\nR1 a 0 1\n.op\n.end\n")
        XCTAssertEqual(try XCTUnwrap(result["a"]), 1, accuracy: 1e-12)
    }

    func testMissingPlotIsReported() throws {
        let netlist = "only op\nV1 a 0 1\nR1 a 0 1\n.op\n.end\n"
        XCTAssertThrowsError(try Ngspice.transient(netlist: netlist)) { error in
            XCTAssertTrue("\(error)".contains("no plot 'Transient Analysis'"), "\(error)")
        }
    }

    /// A parse error fails with ngspice's own message, and the numbered netlist.
    func testNgspiceErrorsAreReportedWithStandardError() throws {
        let netlist = "bad\nV1 in 0 1\nQ1 a b c\n.op\n.end\n"
        XCTAssertThrowsError(try Ngspice.operatingPoint(netlist: netlist)) { error in
            guard case Ngspice.Failure.reportedErrors(let status, _, let log) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertNotEqual(status, 0)
            XCTAssertTrue(log.standardError.contains("could not find a valid modelname"), log.standardError)
            XCTAssertTrue("\(error)".contains("3\tQ1 a b c"), "\(error)")
        }
    }

    /// ngspice exits with 0 on a floating node (it falls back on gmin and source stepping);
    /// the harness rejects the run anyway.
    func testSingularMatrixIsAnError() throws {
        let netlist = "floating\nV1 in 0 1\nR1 in out 1\nC1 out x 1\n.op\n.end\n"
        XCTAssertThrowsError(try Ngspice.operatingPoint(netlist: netlist)) { error in
            XCTAssertTrue("\(error)".contains("singular matrix"), "\(error)")
        }
    }

    func testNetlistWithoutAnalysisReportsMissingRawFile() throws {
        XCTAssertThrowsError(try Ngspice.run(netlist: "none\nV1 a 0 1\nR1 a 0 1\n.end\n")) { error in
            guard case Ngspice.Failure.missingRawFile = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func testTimeLimitTerminatesNgspice() throws {
        let netlist = "slow\nV1 a 0 SIN(0 1 1e6)\nR1 a b 1\nC1 b 0 1u\n.tran 1p 1 0 1p\n.end\n"
        let start = Date()
        XCTAssertThrowsError(try Ngspice.transient(netlist: netlist, timeLimit: 1)) { error in
            guard case Ngspice.Failure.timedOut = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testAddingOptionsInsertsOneSortedLineAfterTheTitle() throws {
        let netlist = Ngspice.addingOptions(
            ["vntol": 1e-9, "reltol": 1e-6], method: .gear, maximumOrder: 2,
            to: "title\nV1 a 0 1\nR1 a 0 2\n.op\n.end\n")
        XCTAssertEqual(netlist, "title\n.options reltol=1e-06 vntol=1e-09 method=gear maxord=2\nV1 a 0 1\nR1 a 0 2\n.op\n.end\n")
        XCTAssertEqual(try XCTUnwrap(Ngspice.operatingPoint(netlist: netlist)["v1#branch"]), -0.5, accuracy: 1e-12)
    }
}
