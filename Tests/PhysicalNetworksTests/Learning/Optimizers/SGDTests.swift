import Foundation
import XCTest
@testable import PhysicalNetworks

final class SGDTests: XCTestCase {
    /// On L(θ) = ½ Σ aᵢ θᵢ², g = aθ and heavy-ball momentum is the linear recurrence
    /// θₜ₊₁ = (1 + μ − η a) θₜ − μ θₜ₋₁ with θ₁ = (1 − η a) θ₀, whose closed form is
    /// A r₁ᵗ + B r₂ᵗ for real roots of r² − (1 + μ − η a) r + μ = 0, and
    /// ρᵗ (θ₀ cos tφ + C sin tφ) for complex roots ρ e^{±iφ}, ρ = √μ.
    func testMomentumOnAQuadraticFollowsTheClosedForm() {
        let eta = 0.1, mu = 0.5
        let curvatures = [0.5, 2.0]  // c = 1.45 (real roots) and c = 1.3 (complex roots)
        let start = [1.0, -3.0]
        var optimizer = SGD(learningRate: eta, momentum: mu)
        var theta = start
        for t in 1...60 {
            let gradient = zip(curvatures, theta).map { $0 * $1 }
            optimizer.step(parameters: &theta, gradient: gradient)
            for i in 0..<2 {
                let exact = closedForm(a: curvatures[i], eta: eta, mu: mu, theta0: start[i], t: t)
                XCTAssertEqual(theta[i], exact, accuracy: 1e-12 * abs(start[i]), "t = \(t), i = \(i)")
            }
        }
        XCTAssertEqual(optimizer.stepCount, 60)
        XCTAssertLessThan(abs(theta[0]) + abs(theta[1]), 1e-3)
    }

    private func closedForm(a: Double, eta: Double, mu: Double, theta0: Double, t: Int) -> Double {
        let c = 1 + mu - eta * a
        let theta1 = (1 - eta * a) * theta0
        let discriminant = c * c - 4 * mu
        if discriminant > 0 {
            let r1 = (c + discriminant.squareRoot()) / 2, r2 = (c - discriminant.squareRoot()) / 2
            let amplitude1 = (theta1 - r2 * theta0) / (r1 - r2)
            return amplitude1 * pow(r1, Double(t)) + (theta0 - amplitude1) * pow(r2, Double(t))
        }
        let rho = mu.squareRoot(), phi = acos(c / (2 * rho))
        let sineAmplitude = (theta1 / rho - theta0 * cos(phi)) / sin(phi)
        return pow(rho, Double(t)) * (theta0 * cos(Double(t) * phi) + sineAmplitude * sin(Double(t) * phi))
    }

    func testWithoutMomentumItIsPlainGradientDescent() {
        var optimizer = SGD(learningRate: 0.25)
        var theta = [1.0, 2.0]
        optimizer.step(parameters: &theta, gradient: [4, -8])
        XCTAssertEqual(theta, [0, 4])
        optimizer.step(parameters: &theta, gradient: [1, 1])
        XCTAssertEqual(theta, [-0.25, 3.75])
        XCTAssertEqual(optimizer.velocity, [])
    }

    func testCheckpointResumesTheSameTrajectory() throws {
        var reference = SGD(learningRate: 0.05, momentum: 0.9)
        var theta = [0.3, -0.7, 1.1]
        let gradients: [[Double]] = [[1, 2, 3], [-0.5, 0.1, 0.2], [0.3, -0.3, 0.9], [1e-3, 7, -2]]
        reference.step(parameters: &theta, gradient: gradients[0])
        reference.step(parameters: &theta, gradient: gradients[1])
        var restored = try JSONDecoder().decode(SGD.self, from: JSONEncoder().encode(reference))
        XCTAssertEqual(restored, reference)
        var thetaRestored = theta
        for g in gradients[2...] {
            reference.step(parameters: &theta, gradient: g)
            restored.step(parameters: &thetaRestored, gradient: g)
        }
        XCTAssertEqual(theta, thetaRestored)
    }

    func testDecodingRejectsInvalidHyperparameters() {
        let json = #"{"learningRate": 0.1, "momentum": 1.5, "velocity": [], "stepCount": 0}"#
        XCTAssertThrowsError(try JSONDecoder().decode(SGD.self, from: Data(json.utf8)))
        XCTAssertFalse(SGD.isValid(learningRate: 0, momentum: 0))
        XCTAssertFalse(SGD.isValid(learningRate: .nan, momentum: 0))
        XCTAssertTrue(SGD.isValid(learningRate: 1e-3, momentum: 0.99))
    }
}
