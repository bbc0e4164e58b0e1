import CFFTW
import Foundation

/// A planned complex-to-complex discrete Fourier transform of fixed length (FFTW3),
///
///     forward:  X_k = Σ_j x_j e^{−2πi jk/N},   backward: x_j = Σ_k X_k e^{+2πi jk/N}
///
/// (unnormalized, FFTW's convention: backward(forward(x)) = N x). Plans are made once and
/// executed on any pair of buffers of the planned length with FFTW's new-array execute, so a
/// transform in a hot loop allocates nothing.
///
/// FFTW's planner is not thread-safe: every plan creation and destruction goes through one
/// process-wide lock. Executing plans is thread-safe.
public final class FourierTransform: @unchecked Sendable {
    /// Transform length N.
    public let count: Int
    private let forwardPlan: fftw_plan
    private let backwardPlan: fftw_plan
    /// The process-wide lock around FFTW's planner, for every plan made in this module
    /// (`LatticeFourierTransform`'s too).
    static let plannerLock = NSLock()

    /// Plans transforms of length `count` (FFTW_ESTIMATE: no timing runs, deterministic).
    public init(count: Int) {
        precondition(count > 0, "transform length \(count) must be positive")
        self.count = count
        let scratchIn = fftw_alloc_complex(count)
        let scratchOut = fftw_alloc_complex(count)
        defer {
            fftw_free(scratchIn)
            fftw_free(scratchOut)
        }
        Self.plannerLock.lock()
        defer { Self.plannerLock.unlock() }
        guard let forward = fftw_plan_dft_1d(Int32(count), scratchIn, scratchOut, FFTW_FORWARD, FFTW_ESTIMATE),
              let backward = fftw_plan_dft_1d(Int32(count), scratchIn, scratchOut, FFTW_BACKWARD, FFTW_ESTIMATE)
        else {
            preconditionFailure("FFTW could not plan a transform of length \(count)")
        }
        forwardPlan = forward
        backwardPlan = backward
    }

    deinit {
        Self.plannerLock.lock()
        fftw_destroy_plan(forwardPlan)
        fftw_destroy_plan(backwardPlan)
        Self.plannerLock.unlock()
    }

    /// output ← DFT(input). Buffers hold interleaved (re, im) pairs: 2N Doubles each; they must
    /// not overlap and should be 16-byte aligned (Swift's allocations are).
    public func forward(_ input: UnsafeMutableBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        execute(forwardPlan, input, output)
    }

    /// output ← unnormalized inverse DFT(input).
    public func backward(_ input: UnsafeMutableBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        execute(backwardPlan, input, output)
    }

    private func execute(_ plan: fftw_plan, _ input: UnsafeMutableBufferPointer<Double>,
                         _ output: UnsafeMutableBufferPointer<Double>) {
        precondition(input.count >= 2 * count && output.count >= 2 * count,
                     "buffers of \(input.count), \(output.count) Doubles for a length-\(count) transform")
        guard let inBase = input.baseAddress, let outBase = output.baseAddress else { return }
        inBase.withMemoryRebound(to: fftw_complex.self, capacity: count) { x in
            outBase.withMemoryRebound(to: fftw_complex.self, capacity: count) { y in
                fftw_execute_dft(plan, x, y)
            }
        }
    }
}
