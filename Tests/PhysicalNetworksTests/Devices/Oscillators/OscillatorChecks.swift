import XCTest
@testable import PhysicalNetworks

/// Checks shared by the oscillator families' tests: `λᵀ ∂F/∂θ` against central differences of
/// the residual over each parameter, and a family's energy at one state.
enum OscillatorChecks {
    /// F(x; θ) of `family` alone at one state.
    static func residual(_ family: any Interaction, _ x: [Double], _ theta: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { state in
            theta.withUnsafeBufferPointer { p in
                out.withUnsafeMutableBufferPointer {
                    family.addResidual(StateBatch(base: state.baseAddress!, rows: 1, columns: x.count), drive: .dc,
                                       parameters: p,
                                       into: MutableStateBatch(base: $0.baseAddress!, rows: 1, columns: x.count))
                }
            }
        }
        return out
    }

    /// E(x; θ) of `family` alone at one state.
    static func energy(_ family: any Interaction, _ x: [Double], _ theta: [Double]) -> Double {
        var out = [0.0]
        x.withUnsafeBufferPointer { state in
            theta.withUnsafeBufferPointer { p in
                out.withUnsafeMutableBufferPointer {
                    family.addEnergy(StateBatch(base: state.baseAddress!, rows: 1, columns: x.count), drive: .dc,
                                     parameters: p, into: $0)
                }
            }
        }
        return out[0]
    }

    /// Asserts `addParameterJacobianProduct` = `λᵀ [F(θ + h e_k) − F(θ − h e_k)] / 2h` for every k.
    static func assertParameterJacobianProduct(
        _ family: any Interaction, state: [Double], adjoint: [Double], parameters: [Double],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var analytic = [Double](repeating: 0, count: parameters.count)
        state.withUnsafeBufferPointer { x in
            adjoint.withUnsafeBufferPointer { l in
                parameters.withUnsafeBufferPointer { p in
                    analytic.withUnsafeMutableBufferPointer {
                        family.addParameterJacobianProduct(x, adjoint: l, drive: .dc, parameters: p, into: $0)
                    }
                }
            }
        }
        for k in parameters.indices {
            var plus = parameters, minus = parameters
            let h = 1e-6 * max(1, abs(parameters[k]))
            plus[k] += h
            minus[k] -= h
            let difference = zip(residual(family, state, plus), residual(family, state, minus)).map { $0 - $1 }
            let numeric = zip(adjoint, difference).reduce(0) { $0 + $1.0 * $1.1 } / (plus[k] - minus[k])
            XCTAssertEqual(analytic[k], numeric, accuracy: 1e-7 * max(1, abs(numeric)),
                           "\(family.familyName): λᵀ∂F/∂θ\(k)", file: file, line: line)
        }
    }

    /// `λᵀ ∂F/∂θ` of `family` at one state.
    static func parameterJacobianProduct(_ family: any Interaction, _ x: [Double], _ adjoint: [Double],
                                         _ parameters: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: parameters.count)
        x.withUnsafeBufferPointer { s in
            adjoint.withUnsafeBufferPointer { l in
                parameters.withUnsafeBufferPointer { p in
                    out.withUnsafeMutableBufferPointer {
                        family.addParameterJacobianProduct(s, adjoint: l, drive: .dc, parameters: p, into: $0)
                    }
                }
            }
        }
        return out
    }

    /// Asserts two vectors agree entry by entry to 1e-12.
    static func assertClose(_ a: [Double], _ b: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, 1e-12, "\(what): largest difference \(worst)", file: file, line: line)
    }
}
