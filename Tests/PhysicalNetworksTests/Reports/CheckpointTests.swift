import Foundation
import XCTest
@testable import PhysicalNetworks

final class CheckpointTests: XCTestCase {
    private func sample(parameters: [Double] = [1e-3, 2.5e-4]) -> Checkpoint {
        var optimizer = AnyOptimizer.adam(Adam(learningRate: 1e-4))
        var theta = [1e-3, 2.5e-4, 0.1]
        optimizer.step(parameters: &theta, gradient: [0.7, -1e-4, 3e-9])
        var generator = Xoshiro256StarStar(seed: 5)
        _ = generator.next()
        return Checkpoint(epoch: 2, parameterNames: parameters.indices.map { "R\($0 + 1)" }, parameters: parameters,
                          optimizer: optimizer, generator: generator, metricColumns: ["loss", "accuracy"],
                          metrics: [MetricsRecord(epoch: 1, values: [0.5, .nan]), MetricsRecord(epoch: 2, values: [0.25, 1])],
                          configFingerprint: Checkpoint.fingerprint(of: "xor.cir lr=1e-4"))
    }

    func testSaveAndLoadRoundTripBitForBit() throws {
        let path = try makeTemporaryFolder() + "/checkpoint.json"
        var generator = Xoshiro256StarStar(seed: 1)
        var awkward: [Double] = [0.1, 1.0 / 3, .pi, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                                 0.30000000000000004, 123_456_789.000_000_1, .infinity, -.infinity]
        // Doubles with random bit patterns: every exponent, every mantissa.
        while awkward.count < 2_000 {
            let x = Double(bitPattern: generator.next())
            if x.isFinite { awkward.append(x) }
        }
        let checkpoint = sample(parameters: awkward)
        try checkpoint.save(to: path)
        let loaded = try Checkpoint.load(from: path)
        XCTAssertEqual(loaded.parameters.map(\.bitPattern), checkpoint.parameters.map(\.bitPattern))
        XCTAssertEqual(loaded.optimizer, checkpoint.optimizer)
        XCTAssertEqual(loaded.generator, checkpoint.generator)
        XCTAssertEqual(loaded.metrics[0].values[0], 0.5)
        XCTAssertTrue(loaded.metrics[0].values[1].isNaN)  // NaN stays NaN (its sign and payload are not kept)
        XCTAssertEqual(loaded.epoch, 2)
        XCTAssertEqual(loaded.formatVersion, Checkpoint.formatVersion)
        XCTAssertEqual(try Checkpoint.load(from: path, expectingFingerprint: checkpoint.configFingerprint).epoch, 2)
    }

    func testFingerprintIsFNV1a() {
        XCTAssertEqual(Checkpoint.fingerprint(of: ""), "cbf29ce484222325")  // FNV-1a 64 offset basis
        XCTAssertEqual(Checkpoint.fingerprint(of: "a"), "af63dc4c8601ec8c")  // published FNV-1a 64 vector
        XCTAssertNotEqual(Checkpoint.fingerprint(of: "lr=1e-3"), Checkpoint.fingerprint(of: "lr=1e-4"))
    }

    func testLoadErrorsAreClear() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/checkpoint.json"
        func assertLoadError(_ text: String?, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
            if let text { XCTAssertNoThrow(try AtomicFile.write(text, to: path)) }
            XCTAssertThrowsError(try Checkpoint.load(from: path), file: file, line: line) { error in
                XCTAssertEqual("\(error)", path + ": " + message, file: file, line: line)
            }
        }
        assertLoadError(nil, "no such file")
        assertLoadError("{\"epoch\": 3,", "not a valid checkpoint: not valid JSON")
        assertLoadError("{\"formatVersion\": 7}", "checkpoint format version 7; this build reads version 1")

        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let valid = try XCTUnwrap(JSONSerialization.jsonObject(with: encoder.encode(sample())) as? [String: Any])
        func edited(_ change: (inout [String: Any]) -> Void) throws -> String {
            var object = valid
            change(&object)
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        assertLoadError(try edited { $0["epoch"] = nil }, "not a valid checkpoint: missing field 'epoch'")
        assertLoadError(try edited { $0["parameters"] = ["a", "b"] }, "not a valid checkpoint: 'parameters[0]' is not of type Double")
        assertLoadError(try edited { $0["parameterNames"] = ["R1"] }, "not a valid checkpoint: 1 parameter names for 2 parameters")
        assertLoadError(try edited { $0["epoch"] = 1 },
                        "not a valid checkpoint: metrics of epoch 2 out of order (after epoch 1, checkpoint at epoch 1)")
        assertLoadError(try edited { $0["generator"] = ["state": [0, 0, 0, 0]] },
                        "not a valid checkpoint: 'generator.state': a generator state is four 64-bit words, not all zero (got [0, 0, 0, 0])")
        assertLoadError(try edited { object in
            var optimizer = object["optimizer"] as? [String: Any] ?? [:]
            var state = optimizer["state"] as? [String: Any] ?? [:]
            state["beta1"] = nil
            optimizer["state"] = state
            object["optimizer"] = optimizer
        }, "not a valid checkpoint: missing field 'optimizer.state.beta1'")

        try sample().save(to: path)
        XCTAssertThrowsError(try Checkpoint.load(from: path, expectingFingerprint: "0123456789abcdef")) { error in
            XCTAssertEqual("\(error)", path + ": the checkpoint was written with a different configuration (fingerprint "
                + sample().configFingerprint + ", this run 0123456789abcdef); resume with the original command")
        }
    }
}
