import XCTest
@testable import PhysicalNetworks

/// The shared derivative check must catch each kind of mistake it exists for: a family that is
/// wrong in exactly one way fails exactly that comparison.
final class InteractionChecksTests: XCTestCase {
    private let terminals: [(a: Int, b: Int)] = [(0, 1), (1, Unknown.ground), (2, 0)]
    private let conductances = [1.5e-3, 2e-3, 0.7e-3]

    private func failures(_ family: any Interaction) -> [String] {
        var generator = SeededGenerator(seed: 7)
        let checks = InteractionChecks(family: family, dimension: 3, parameters: conductances)
        return checks.failures(states: generator.states(3, dimension: 3, in: -1...1))
    }

    func testCorrectResistorsPass() {
        XCTAssertEqual(failures(Resistors(terminals: terminals, parameterOffset: 0)), [])
    }

    func testWrongJacobianIsCaught() {
        let found = failures(Broken(base: Resistors(terminals: terminals, parameterOffset: 0), flaw: .jacobian))
        XCTAssertTrue(found.contains { $0.contains("finite difference") && $0.contains("∂F") }, "\(found)")
    }

    func testWrongEnergyIsCaught() {
        let found = failures(Broken(base: Resistors(terminals: terminals, parameterOffset: 0), flaw: .energy))
        XCTAssertTrue(found.contains { $0.contains("∂E/∂x") }, "\(found)")
    }

    func testWrongParameterGradientIsCaught() {
        let found = failures(Broken(base: Resistors(terminals: terminals, parameterOffset: 0), flaw: .parameterGradient))
        XCTAssertTrue(found.contains { $0.contains("∂E/∂θ") }, "\(found)")
    }

    func testBatchMixUpIsCaught() {
        let found = failures(Broken(base: Resistors(terminals: terminals, parameterOffset: 0), flaw: .batch))
        XCTAssertTrue(found.contains { $0.contains("row 1 of the batch residual") }, "\(found)")
    }

    func testFalseLinearityClaimIsCaught() {
        let law = ShockleyJunction(saturationCurrent: 1e-14, emissionCoefficient: 1)
        let diodes = Diodes(diodes: [.init(name: "d1", anode: 0, cathode: Unknown.ground, junction: 0, law: law,
                                           seriesConductance: 0)])
        var checks = InteractionChecks(family: Broken(base: diodes, flaw: .claimsLinear), dimension: 1, parameters: [])
        checks.tolerance = 1e-6
        let found = checks.failures(states: [[0.5], [0.6]])
        XCTAssertTrue(found.contains { $0.contains("linear") }, "\(found)")
    }
}

/// A family wrong in one chosen way, for testing the checks themselves.
private struct Broken<Base: Interaction>: Interaction {
    enum Flaw { case jacobian, energy, parameterGradient, batch, claimsLinear }
    var base: Base
    var flaw: Flaw

    var familyName: String { "broken \(base.familyName)" }
    var isReciprocal: Bool { base.isReciprocal }
    var isLinear: Bool { flaw == .claimsLinear ? true : base.isLinear }

    func addResidual(_ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                     into residual: MutableStateBatch) {
        base.addResidual(states, drive: drive, parameters: parameters, into: residual)
        if flaw == .batch && states.rows > 1 { residual.add(1e-9, row: 1, column: 0) }
    }

    func jacobianEntries() -> [MatrixEntry] { base.jacobianEntries() }

    func addJacobian(_ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                     into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>) {
        base.addJacobian(state, drive: drive, parameters: parameters, into: values, slots: slots)
        if flaw == .jacobian { values[slots[0]] *= 1.001 }
    }

    func addEnergy(_ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                   into energies: UnsafeMutableBufferPointer<Double>) {
        base.addEnergy(states, drive: drive, parameters: parameters, into: energies)
        if flaw == .energy { for row in 0..<states.rows { energies[row] += 1e-4 * states[row, 0] } }
    }

    func addParameterGradient(_ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                              into gradient: UnsafeMutableBufferPointer<Double>) {
        base.addParameterGradient(states, drive: drive, parameters: parameters, into: gradient)
        if flaw == .parameterGradient { gradient[0] *= 1.01 }
    }
}
