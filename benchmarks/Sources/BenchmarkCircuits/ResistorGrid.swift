/// A `side × side` grid of 1 kΩ resistors with 1 pF from every node to ground, driven at one
/// corner by a 1 V step through 100 Ω and loaded at the opposite corner by 1 kΩ to ground.
public enum ResistorGrid {
    public static func make(side: Int = 100) -> BenchmarkCircuit {
        precondition(side >= 2, "a resistor grid needs a side of at least 2, got \(side)")
        func node(_ row: Int, _ column: Int) -> String { "g\(row)_\(column)" }
        var elements: [String] = []
        var resistorCount = 0
        func resistor(_ a: String, _ b: String, _ ohms: String) {
            resistorCount += 1
            elements.append("R\(resistorCount) \(a) \(b) \(ohms)")
        }
        for row in 0..<side {
            for column in 0..<side {
                if column + 1 < side { resistor(node(row, column), node(row, column + 1), "1k") }
                if row + 1 < side { resistor(node(row, column), node(row + 1, column), "1k") }
            }
        }
        var capacitorCount = 0
        for row in 0..<side {
            for column in 0..<side {
                capacitorCount += 1
                elements.append("C\(capacitorCount) \(node(row, column)) 0 1p")
            }
        }
        elements.append(BenchmarkCircuit.stepSource("V1", "drive", "0", 1))
        resistor("drive", node(0, 0), "100")
        resistor(node(side - 1, side - 1), "0", "1k")
        // The slowest mode charges the whole grid (10 nF for side 100) through its two corner
        // contacts: τ ≈ 8 µs, settled (to 10⁻⁹) in about 160 µs; the transient covers 5τ.
        return BenchmarkCircuit(name: "grid\(side)x\(side)", nodeCount: side * side + 1,
                                stopTime: 4e-5, outputStep: 4e-7, elements: elements)
    }
}

