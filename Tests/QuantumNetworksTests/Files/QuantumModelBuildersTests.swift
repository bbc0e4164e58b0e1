import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// Model files built into Hamiltonians: case 4's file gives case 4's matrix; every parameter's
/// Pauli string is its ∂H/∂θ; case 3's file gives case 3's ground state.
final class QuantumModelBuildersTests: XCTestCase {
    static let caseFour = """
        PHYSICS.md case 4 (spin a is case 4's Z2: the output)
        spin a
        spin b
        zz j a b 0.5
        field ha a -0.2
        field hb b 0.3
        transverse ga a 0.7
        transverse gb b 0.7
        *@ output a
        """

    func testCaseFourFileIsCaseFourMatrix() throws {
        let model = try QuantumModelParser.parse(contents: Self.caseFour, file: "c4.quantum")
        let (ising, index) = try model.isingModel()
        let reference = QuantumEquilibriumPropagationTests.caseFour()
        for (a, b) in zip(ising.denseMatrix(), reference.denseMatrix()) { XCTAssertEqual(a, b, accuracy: 1e-15) }
        XCTAssertEqual(index["j"], ising.couplingIndex(0))
        XCTAssertEqual(index["hb"], ising.fieldIndex(1))
        XCTAssertEqual(ising.parameters[index["ga"]!], 0.7)
    }

    /// The dense matrix of a Pauli string, Kronecker products with spin 0 the low bit.
    static func matrix(_ string: PauliString, spins: Int) -> [Double]? {
        var result: [Double] = [1]
        for spin in (0..<spins).reversed() {
            let factor: [Double]
            switch string.letters[spin] {
            case nil: factor = identity2
            case .z?: factor = pauliZ
            case .x?: factor = pauliX
            case .y?: return nil   // Y alone is imaginary; Y⊗Y below
            }
            result = kron(result, factor)
        }
        return result.map { string.coefficient * $0 }
    }

    func testEveryParameterOperatorIsItsPauliString() throws {
        let model = try QuantumModelParser.parse(contents: """
            three spins
            spin a
            spin b
            spin c
            zz j1 a b 0.3
            zz j2 b c -0.4
            xx k1 a c 0.2
            yy k2 a c 0.6
            field h a 0.1
            transverse g c 0.5
            """, file: "m")
        let (ising, _) = try model.isingModel()
        // Y_a Y_c = −(X_a Z_a)(X_c Z_c)·… : as a real matrix, Y⊗Y = −(XZ)⊗(XZ) with XZ = [[0,−1],[1,0]].
        let xz: [Double] = [0, -1, 1, 0]
        for k in ising.parameters.indices {
            let string = ising.derivativeTerm(k)
            let expected = Self.matrix(string, spins: 3) ?? {
                var m: [Double] = [1]
                for spin in (0..<3).reversed() { m = kron(m, string.letters[spin] == .y ? xz : identity2) }
                return m.map { -string.coefficient * $0 }
            }()
            let n = 8
            var column = [Double](repeating: 0, count: n), unit = column
            for j in 0..<n {
                unit[j] = 1
                unit.withUnsafeBufferPointer { x in column.withUnsafeMutableBufferPointer { ising.applyDerivative(k, x, into: $0) } }
                for i in 0..<n { XCTAssertEqual(column[i], expected[i * n + j], accuracy: 1e-15, "\(ising.parameterNames[k])") }
                unit[j] = 0
            }
        }
    }

    func testRepeatedOperatorsAreRefused() throws {
        let model = try QuantumModelParser.parse(contents: "t\nspin a\nfield h1 a 1\nfield h2 a 2\n", file: "m")
        XCTAssertThrowsError(try model.isingModel()) { error in
            XCTAssertTrue("\(error)".hasPrefix("m:4:1: 'h2' repeats the operator of 'h1'"), "\(error)")
        }
    }

    func testCaseThreeFileIsCaseThree() throws {
        let model = try QuantumModelParser.parse(contents: """
            PHYSICS.md case 3: K = [[2, −1], [−1, 2]]
            mode x1
            mode x2
            spring k1 x1 0 1
            spring k12 x1 x2 1
            spring k2 x2 0 1
            *@ output x2
            """, file: "c3.quantum")
        let (network, index) = try model.harmonicNetwork()
        let state = try network.groundState()
        XCTAssertEqual(state.energy, 1.366025, accuracy: 1e-6)
        XCTAssertEqual(state.covariance(0, 0), 0.394338, accuracy: 1e-6)
        XCTAssertEqual(state.covariance(0, 1), 0.105662, accuracy: 1e-6)
        XCTAssertEqual(index["k12"], 1)
        XCTAssertEqual(network.outputs.map(\.node), [1])
    }
}
