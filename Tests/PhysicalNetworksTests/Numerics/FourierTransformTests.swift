import Foundation
import XCTest
@testable import PhysicalNetworks

final class FourierTransformTests: XCTestCase {
    /// FFTW against the O(N²) definition X_k = Σ_j x_j e^{−2πi jk/N}, for a prime and a power
    /// of two length, and the round trip backward(forward(x)) = N x.
    func testMatchesDirectSumAndRoundTrips() {
        for n in [7, 64] {
            let transform = FourierTransform(count: n)
            let input = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * n)
            let output = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * n)
            let back = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * n)
            defer { input.deallocate(); output.deallocate(); back.deallocate() }
            for j in 0..<(2 * n) { input[j] = sin(Double(3 * j + 1)) }
            transform.forward(input, into: output)
            for k in 0..<n {
                var re = 0.0, im = 0.0
                for j in 0..<n {
                    let angle = -2 * Double.pi * Double(j * k) / Double(n)
                    re += input[2 * j] * cos(angle) - input[2 * j + 1] * sin(angle)
                    im += input[2 * j] * sin(angle) + input[2 * j + 1] * cos(angle)
                }
                XCTAssertEqual(output[2 * k], re, accuracy: 1e-12)
                XCTAssertEqual(output[2 * k + 1], im, accuracy: 1e-12)
            }
            transform.backward(output, into: back)
            for j in 0..<(2 * n) { XCTAssertEqual(back[j] / Double(n), input[j], accuracy: 1e-13) }
        }
    }

    /// Plans made from several threads at once (planning is serialized inside).
    func testConcurrentPlanning() {
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            let transform = FourierTransform(count: 16 + k)
            XCTAssertEqual(transform.count, 16 + k)
        }
    }
}
