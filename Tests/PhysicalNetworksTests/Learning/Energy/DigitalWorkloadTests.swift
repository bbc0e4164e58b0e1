import XCTest
@testable import PhysicalNetworks

/// The digital workloads counted by hand for small networks, and their pricing.
final class DigitalWorkloadTests: XCTestCase {
    /// 2-3-2, batch 4: P = 12, n₀n₁ = 6; forward 12, backward 18 multiply-adds per sample.
    func testBackpropagationCountedByHand() {
        let w = DigitalWorkload.backpropagation(layerSizes: [2, 3, 2], batchSize: 4)
        // 4·30 = 120 multiply-adds, plus Adam's 6·12 = 72 multiplications and 72 additions.
        XCTAssertEqual(w.multiplications, 120 + 72)
        XCTAssertEqual(w.additions, 120 + 72)
        // Words: weights 2·12 − 6 = 18, gradient 12, Adam 84, activations 4·(2 + 3·5) = 68.
        XCTAssertEqual(w.bytes, 4 * (18 + 12 + 84 + 68))
        XCTAssertEqual(w.flops, 384)
    }

    /// Nodes 4-3-2 (P = 18, n₀n₁ = 12), batch 2, 5 free sweeps, 6 nudged sweeps, 2 measurements.
    func testEmulatedEPCountedByHand() {
        let w = DigitalWorkload.emulatedEP(nodeCounts: [4, 3, 2], batchSize: 2, freeSweeps: 5, nudgedSweeps: 6,
                                           measuredPhases: 2)
        let relax = 2.0 * (12 + 11 * 2 * 6)          // 288
        let measure = 2.0 * 2 * 18                   // 72
        let nodes = 2.0 * 11 * 5                     // 110
        XCTAssertEqual(w.multiplications, relax + measure + nodes + 6 * 18)
        XCTAssertEqual(w.additions, relax + measure + 2 * 18 + nodes + 6 * 18)
        let words = 12 + 11 * (2 * 6 + 2 * 4 * 5) + 2 * 2 * 18 + 7 * 18
        XCTAssertEqual(w.bytes, Double(4 * words))
    }

    /// Horowitz's 45 nm figures: a multiply-add costs 4.6 pJ, a byte from cache 1.25 pJ; the H100
    /// table charges 700 W / 67 TFLOP/s per FLOP and nothing for memory.
    func testPricing() {
        let w = DigitalWorkload(name: "t", multiplications: 1000, additions: 1000, bytes: 400)
        let cmos = w.energy(.horowitz45nm)
        XCTAssertEqual(cmos["arithmetic"], 1000 * 4.6e-12, accuracy: 1e-20)
        XCTAssertEqual(cmos["memory"], 400 * 1.25e-12, accuracy: 1e-20)
        let gpu = w.energy(.h100)
        XCTAssertEqual(gpu.total, 2000 * 700 / 67e12, accuracy: 1e-20)
        XCTAssertEqual(gpu["memory"], 0)
    }

    func testBreakdownKeepsOrderAndSums() {
        var b = EnergyBreakdown()
        b.add("b", 1)
        b.add("a", 2)
        b.add("b", 3)
        XCTAssertEqual(b.parts.map(\.name), ["b", "a"])
        XCTAssertEqual(b["b"], 4)
        XCTAssertEqual(b.total, 6)
        XCTAssertEqual(b.scaled(by: 0.5).total, 3)
        XCTAssertEqual(b.json.serialized(), #"[{"name": "b", "joules": 4}, {"name": "a", "joules": 2}]"#)
    }
}
