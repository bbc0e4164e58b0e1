/// Newton's method for the implicit equations every solve reduces to,
///
///     G(x) = α M x + F(x, t) + g_shunt x_nodes − b = 0,
///
/// with the update `(α M + J + g_shunt) Δ = −G(x)`, damped by the families' junction limiting.
/// α = 0 gives the DC operating point; α = 1/(d h) an implicit integration stage.
/// Converged when every `|Δ_i| ≤ relative |x_i| + absolute_i`, or when the update has stopped
/// shrinking within `roundingFloor` of that (rounding, not divergence); a linear network
/// converges in one step.
public struct NewtonSolver: Sendable {
    public var maxIterations: Int
    public var relative: Double
    public var absoluteVoltage: Double
    public var absoluteCurrent: Double
    /// Updates within this many tolerances that stop shrinking count as converged (the
    /// rounding floor of the residual).
    public var roundingFloor: Double = 1e5

    public init(maxIterations: Int = 60, relative: Double = 1e-11, absoluteVoltage: Double = 1e-13,
                absoluteCurrent: Double = 1e-16) {
        self.maxIterations = maxIterations
        self.relative = relative
        self.absoluteVoltage = absoluteVoltage
        self.absoluteCurrent = absoluteCurrent
    }

    public enum Outcome: Sendable, Equatable {
        case converged(iterations: Int)
        case failed(SolverStatus, iterations: Int)
    }

    /// Buffers a Newton solve needs, allocated once per problem.
    public final class Workspace {
        let residual: UnsafeMutableBufferPointer<Double>
        let step: UnsafeMutableBufferPointer<Double>
        let massTimesX: UnsafeMutableBufferPointer<Double>
        let isCurrent: [Bool]

        public init(equations: NetworkEquations) {
            let n = max(equations.dimension, 1)
            residual = .allocate(capacity: n)
            step = .allocate(capacity: n)
            massTimesX = .allocate(capacity: n)
            residual.initialize(repeating: 0)
            step.initialize(repeating: 0)
            massTimesX.initialize(repeating: 0)
            isCurrent = equations.network.unknowns.map { $0.kind == .branchCurrent }
        }

        deinit {
            residual.deallocate()
            step.deallocate()
            massTimesX.deallocate()
        }
    }

    /// Solves G(x) = 0 in place, starting from the given x.
    /// - Parameters:
    ///   - rhs: b, or nil for b = 0.
    public func solve(
        _ equations: NetworkEquations, alpha: Double, rhs: UnsafeBufferPointer<Double>?,
        drive: Drive, shunt: Double = 0, state x: UnsafeMutableBufferPointer<Double>,
        workspace w: Workspace
    ) -> Outcome {
        let n = equations.dimension
        let xr = UnsafeBufferPointer(x)
        var previousDistance = Double.infinity
        for iteration in 1...maxIterations {
            equations.evaluateResidual(xr, drive: drive, into: w.residual)
            if alpha != 0 {
                equations.multiplyMass(xr, into: w.massTimesX)
                for i in 0..<n { w.residual[i] += alpha * w.massTimesX[i] }
            }
            if let rhs { for i in 0..<n { w.residual[i] -= rhs[i] } }
            if shunt != 0 {
                for i in 0..<n where equations.isNodeRow[i] { w.residual[i] += shunt * x[i] }
            }
            equations.evaluateJacobian(xr, drive: drive)
            if case .failure = equations.factorIterationMatrix(alpha: alpha, shunt: shunt) {
                return .failed(.singularMatrix, iterations: iteration)
            }
            for i in 0..<n { w.step[i] = -w.residual[i] }
            equations.solve(w.step)
            var fraction = equations.newtonStepFraction(from: xr, step: UnsafeBufferPointer(w.step))
            if !(fraction > 0) { fraction = 1 }
            // The largest update in units of its tolerance: converged at ≤ 1.
            var distance = 0.0
            for i in 0..<n {
                let delta = fraction * w.step[i]
                guard delta.isFinite else { return .failed(.nonFinite, iterations: iteration) }
                x[i] += delta
                let absolute = w.isCurrent[i] ? absoluteCurrent : absoluteVoltage
                distance = max(distance, abs(delta) / (relative * abs(x[i]) + absolute))
            }
            guard fraction == 1 else {
                previousDistance = .infinity
                continue
            }
            if distance <= 1 || equations.isLinear { return .converged(iterations: iteration) }
            // Quadratic convergence ends at the rounding floor of the residual, which for a tiny
            // step (α M far above J) can lie above the tolerance: an update that no longer
            // shrinks, within `roundingFloor` tolerances, is as converged as it can get.
            if distance <= roundingFloor && distance > 0.5 * previousDistance {
                return .converged(iterations: iteration)
            }
            previousDistance = distance
        }
        return .failed(.newtonFailed, iterations: maxIterations)
    }
}
