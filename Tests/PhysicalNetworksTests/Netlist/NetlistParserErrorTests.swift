import XCTest
@testable import PhysicalNetworks

/// Every parse and validation error, with its exact `file:line:col`.
final class NetlistParserErrorTests: XCTestCase {
    /// A valid circuit; tests append a bad line 4.
    private let base = "t\nV1 a 0 1\nR1 a 0 1k\n"

    func testUnknownElementAndDotCard() {
        assertNetlistError(base + "Q7 a b c qmod\n", "t.cir:4:1: unknown element 'Q7'")
        assertNetlistError(base + "   L1 a 0 1u\n", "t.cir:4:4: unknown element 'L1'")
        assertNetlistError(base + ".foo 1 2\n", "t.cir:4:1: unknown dot-card '.foo'")
        assertNetlistError(base + ".ac dec 10 1 1k\n", "t.cir:4:1: unknown dot-card '.ac'")
    }

    func testDuplicateElementNamesAfterFlattening() {
        assertNetlistError(base + "r1 a 0 2k\n", "t.cir:4:1: duplicate element name 'r1' (first defined at t.cir:3:1)")
        assertNetlistError("""
            t
            .subckt s a
            R1 a 0 1k
            .ends
            V1 a 0 1
            X1 a s
            R.X1.R1 a 0 1k
            """, "t.cir:7:1: duplicate element name 'x1.r1' (first defined at t.cir:3:1)")
    }

    func testUnbalancedSubcircuits() {
        assertNetlistError(base + ".subckt s a\nR9 a 0 1\n", "t.cir:4:1: subcircuit 's' has no '.ends'")
        assertNetlistError(base + ".ends\n", "t.cir:4:1: '.ends' without a matching '.subckt'")
        assertNetlistError(base + ".subckt s a\nR9 a 0 1\n.ends q\n", "t.cir:6:7: '.ends q' closes subcircuit 's' (opened at t.cir:4:1)")
        assertNetlistError(base + ".subckt s a\n.ends\n.subckt S b\n.ends\n", "t.cir:6:1: duplicate subcircuit 's' (first defined at t.cir:4:1)")
    }

    func testInstanceErrors() {
        assertNetlistError(base + "X1 a 0 nosuch\n", "t.cir:4:8: unknown subcircuit 'nosuch'")
        let sub = ".subckt s p q params: r=1\nR1 p q {r}\n.ends\n"
        assertNetlistError(base + sub + "X1 a s\n", "t.cir:7:1: instance 'X1' has 1 node, subcircuit 's' has 2 (p q)")
        assertNetlistError(base + sub + "X1 a 0 b s\n", "t.cir:7:1: instance 'X1' has 3 nodes, subcircuit 's' has 2 (p q)")
        assertNetlistError(base + sub + "X1 a 0 s k=2\n", "t.cir:7:10: subcircuit 's' has no parameter 'k'")
        assertNetlistError(base + sub + "X1 a 0 s r=-5\n", "t.cir:5:8: resistance of 'R1' must be positive, got -5.0 (in instance 'x1')")
        assertNetlistError(base + "X1\n", "t.cir:4:1: missing subcircuit name for instance 'X1'")
    }

    func testRecursiveSubcircuitsAreDetected() {
        assertNetlistError("""
            t
            .subckt a p
            X1 p b
            .ends
            .subckt b p
            X1 p a
            .ends
            V1 n 0 1
            R1 n 0 1
            X1 n a
            """, "t.cir:6:6: recursive subcircuit instantiation: a -> b -> a (in instance 'x1.x1')")
    }

    func testValueErrors() {
        assertNetlistError(base + "R2 a 0 0\n", "t.cir:4:8: resistance of 'R2' must be positive, got 0.0")
        assertNetlistError(base + "R2 a 0 -1k\n", "t.cir:4:8: resistance of 'R2' must be positive, got -1000.0")
        assertNetlistError(base + "C2 a 0 -1p\n", "t.cir:4:8: capacitance of 'C2' must not be negative, got -1e-12")
        assertNetlistError(base + "R2 a 0 1.2.3k\n", "t.cir:4:8: malformed number '1.2.3k'")
        assertNetlistError(base + "R2 a 0 {1k * (2 + }\n", "t.cir:4:19: malformed expression: unexpected end")
        assertNetlistError(base + "R2 a 0 {rx}\n", "t.cir:4:9: undefined parameter 'rx'")
        assertNetlistError(base + ".param p={q}\n", "t.cir:4:11: undefined parameter 'q'")
        assertNetlistError(base + ".param p=1 1x=2\n", "t.cir:4:12: invalid parameter name '1x'")
        assertNetlistError(base + "V2 a 0 PULSE(0 1 -1n)\n", "t.cir:4:18: PULSE times must not be negative, got -1e-09")
        assertNetlistError(base + "V2 a 0 PWL(0 0 1n)\n", "t.cir:4:8: PWL takes pairs of time and value, got 3 numbers")
        assertNetlistError(base + "V2 a 0 PWL(0 0 2n 1 1n 0)\n", "t.cir:4:21: PWL times must not decrease (1e-09 after 2e-09)")
        assertNetlistError(base + "V2 a 0 SIN(0 1 1k)\n", "t.cir:4:8: unsupported source specification 'SIN' (use DC, PULSE or PWL)")
        assertNetlistError(base + "V2 a 0 PULSE(0 1\n", "t.cir:4:8: missing ')' after 'PULSE'")
        assertNetlistError(base + "R2 a 0 1k tc1=0.1\n", "t.cir:4:11: unexpected 'tc1' (expected 'R n+ n- ohms')")
    }

    func testMissingValues() {
        assertNetlistError(base + "R2 a 0\n", "t.cir:4:1: missing resistance for 'R2'")
        assertNetlistError(base + "R2 a\n", "t.cir:4:1: element 'R2' needs 2 nodes (n+ n-)")
        assertNetlistError(base + "C2 a 0\n", "t.cir:4:1: missing capacitance for 'C2'")
        assertNetlistError(base + "V2 a 0\n", "t.cir:4:1: missing value for source 'V2'")
        assertNetlistError(base + "V2 a 0 DC\n", "t.cir:4:8: missing value after 'DC'")
        assertNetlistError(base + "E1 a 0 a 0\n", "t.cir:4:1: missing gain for 'E1'")
        assertNetlistError(base + "D1 a 0\n", "t.cir:4:1: missing model name for diode 'D1'")
        assertNetlistError(base + ".param p=\n", "t.cir:4:9: missing value for parameter 'p'")
        assertNetlistError(base + ".tran 1n\n", "t.cir:4:1: '.tran' needs tstep and tstop")
        assertNetlistError(base + ".options reltol=\n", "t.cir:4:16: missing value for option 'reltol'")
    }

    func testDiodeModelErrors() {
        assertNetlistError(base + "D1 a 0 nomodel\n", "t.cir:4:8: unknown diode model 'nomodel'")
        assertNetlistError(base + "D1 a 0 dm\n.model dm D (IS=1e-14 BV=10)\n", "t.cir:5:23: unsupported diode model parameter 'BV' (only IS, N and RS are emulated)")
        assertNetlistError(base + "D1 a 0 dm 2\n.model dm D\n", "t.cir:4:11: unexpected '2' (write the diode area as 'area=value')")
        assertNetlistError(base + "D1 a 0 dm area=0\n.model dm D\n", "t.cir:4:16: diode area must be positive, got 0.0")
        assertNetlistError(base + ".model q1 NPN\n", "t.cir:4:11: unsupported model type 'NPN' (only D)")
        assertNetlistError(base + ".model dm D (IS=-1)\n", "t.cir:4:17: IS must be positive, got -1.0")
        assertNetlistError(base + ".model dm D\n.model DM D\n", "t.cir:5:1: duplicate model 'dm' (first defined at t.cir:4:1)")
    }

    func testControlledSourceErrors() {
        assertNetlistError(base + "F1 0 a R1 2\n", "t.cir:4:8: controlling source 'r1' of 'f1' is not a voltage source")
        assertNetlistError(base + "F1 0 a vx 2\n", "t.cir:4:8: unknown controlling source 'vx' for 'f1'")
    }

    func testInitialConditionErrors() {
        assertNetlistError(base + ".ic v(zz)=1\n", "t.cir:4:7: unknown node 'zz' in '.ic'")
        assertNetlistError(base + ".ic a=1\n", "t.cir:4:5: expected v(node)=value, found 'a'")
    }

    func testSubcircuitBodyRestrictions() {
        assertNetlistError(base + ".subckt s p\n*@ train R1\nR1 p 0 1\n.ends\nX1 a s\n", "t.cir:5:1: learning directives ('*@') are not allowed inside a subcircuit (in instance 'x1')")
        assertNetlistError(base + ".subckt s p\n.model dm D\n.ends\nX1 a s\n", "t.cir:5:1: '.model' inside a subcircuit is not supported; define the model at top level (in instance 'x1')")
        assertNetlistError(base + ".subckt s 0\n.ends\n", "t.cir:4:11: ground cannot be a subcircuit port")
    }

    func testEveryPrefixAndEveryDroppedCharacterGivesAResultOrAnErrorNeverACrash() {
        let text = """
            t
            .param r={1k*2}
            .subckt s p q params: g=2
            R1 p m {r}
            E1 m 0 p q {g}
            .ends s
            .model dm D (IS=1e-14 N=1 RS=1)
            V1 a 0 DC 1 PULSE(0 1 1n 1n 1n 5n 10n)
            X1 a b s g=3
            D1 b 0 dm area=2
            F1 0 b v1 2
            C1 b 0 1p
            *@ input v1
            *@ output b
            .ic v(b)=0.1
            .tran 1n 10n uic
            .end
            """
        let characters = Array(text)
        var errors = 0
        for cut in 0...characters.count {
            do { _ = try parseNetlist(String(characters[..<cut])) } catch { errors += 1 }
        }
        for dropped in characters.indices {
            var mutated = characters
            mutated.remove(at: dropped)
            do { _ = try parseNetlist(String(mutated)) } catch { errors += 1 }
        }
        XCTAssertGreaterThan(errors, 0)
        XCTAssertNoThrow(try parseNetlist(text))
    }
}
