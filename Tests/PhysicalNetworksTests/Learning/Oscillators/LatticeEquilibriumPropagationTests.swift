import XCTest
@testable import PhysicalNetworks

/// EP through the large-lattice path — the lattice declares only its Jacobian's diagonal, so
/// phases relax by Dormand–Prince without a Newton polish and the kernel is measured by FFT
/// autocorrelation — against the exact gradient of the same network with the dense Jacobian.
final class LatticeEquilibriumPropagationTests: XCTestCase {
    /// The denoising task on a small torus, its lattice re-declared with `jacobian`.
    static func controller(_ jacobian: LatticePhaseCoupling.JacobianDeclaration, sample: Int = 0) throws
        -> EquilibriumPropagation {
        let task = OscillatorNetlist.denoisingTask(rows: 6, columns: 7, samples: 2, noise: 0.6, radius: 2, seed: 3,
                                                  file: "denoise.osc")
        var network = task.netlist.network()
        network.interactions = network.interactions.map { family in
            guard let lattice = family as? LatticePhaseCoupling else { return family }
            return LatticePhaseCoupling(rows: lattice.rows, columns: lattice.columns, offset: lattice.offset,
                                        kernelOffset: lattice.kernelOffset, boundary: lattice.boundary, jacobian: jacobian)
        }
        // A kernel away from zero, so that the couplings matter.
        let kernel = network.roles.trainable
        for (k, index) in kernel.enumerated() { network.parameters[index] = 0.2 + 0.05 * Double(k % 3) }
        let ep = try EquilibriumPropagation(network: network, cost: .phaseCosine)
        try ep.setInputs(Array(task.dataset.features(ofRow: sample)))
        try ep.setTargets(Array(task.dataset.targets(ofRow: sample)))
        return ep
    }

    func testExplicitPathIsChosenAndExactIsRefused() throws {
        let ep = try Self.controller(.diagonal)
        XCTAssertFalse(ep.hasCompleteJacobian)
        XCTAssertFalse(ep.polishesPhases)
        XCTAssertTrue(ep.integrator is DormandPrince)
        XCTAssertThrowsError(try ep.check(.exact))
        XCTAssertTrue(try Self.controller(.dense).integrator is TRBDF2)
    }

    func testCenteredEPOnTheFFTPathMatchesTheExactKernelGradient() throws {
        for sample in 0..<2 {
            let exact = try Self.controller(.dense, sample: sample).exactGradient()
            XCTAssertTrue(exact.status.isSuccess)
            let estimate = try Self.controller(.diagonal, sample: sample).gradient(.centered, beta: 0.05)
            XCTAssertTrue(estimate.status.isSuccess, "\(estimate.status)")
            XCTAssertEqual(estimate.loss, exact.loss, accuracy: 1e-7 * exact.loss)
            let error = OscillatorEquilibriumPropagationTests.relativeError(estimate.gradient, exact.gradient)
            XCTAssertLessThan(error, 2e-3, "sample \(sample): EP (Dormand–Prince, FFT) vs exact (dense)")
        }
    }
}
