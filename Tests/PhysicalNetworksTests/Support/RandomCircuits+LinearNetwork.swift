extension RandomCircuits {
    /// The linear RC part of a generated circuit, with every voltage-defined branch shorted
    /// (nodes it joins merged; those joined to ground removed), as dense matrices over the
    /// remaining merged nodes: conductance G (S) and capacitance C (F).
    ///
    /// Used only to size the generated circuit: its slowest time constant (the largest λ with
    /// C x = λ G x) and the transfer resistance a current source drives. Diodes and controlled
    /// sources are ignored. Only IEEE arithmetic is used, so results are platform-independent.
    struct LinearNetwork: Sendable {
        /// For each node, its merged index, or nil when a source ties it to ground.
        private let mergedIndex: [Int?]
        private let size: Int
        private var conductance: [Double]
        private var capacitance: [Double]
        /// The LU factors of `conductance` (unit lower triangle below the diagonal), once factored.
        private var factors: [Double] = []
        private var factored = false

        init(nodeCount: Int, shorted: DisjointSets) {
            let groundRoot = shorted.root(0)
            var indexByRoot: [Int: Int] = [:]
            var mergedIndex: [Int?] = []
            for node in 0...nodeCount {
                let root = shorted.root(node)
                if root == groundRoot {
                    mergedIndex.append(nil)
                } else {
                    if indexByRoot[root] == nil { indexByRoot[root] = indexByRoot.count }
                    mergedIndex.append(indexByRoot[root])
                }
            }
            self.mergedIndex = mergedIndex
            size = indexByRoot.count
            conductance = [Double](repeating: 0, count: size * size)
            capacitance = conductance
        }

        mutating func addConductance(_ g: Double, between a: Int, _ b: Int) {
            precondition(!factored, "add conductances before factor()")
            Self.stamp(g, mergedIndex[a], mergedIndex[b], into: &conductance, size: size)
        }

        mutating func addCapacitance(_ c: Double, between a: Int, _ b: Int) {
            Self.stamp(c, mergedIndex[a], mergedIndex[b], into: &capacitance, size: size)
        }

        /// Adds a two-terminal admittance to a nodal matrix (nil = ground).
        private static func stamp(_ y: Double, _ i: Int?, _ j: Int?, into matrix: inout [Double], size: Int) {
            guard i != j else { return }
            if let i { matrix[i * size + i] += y }
            if let j { matrix[j * size + j] += y }
            if let i, let j {
                matrix[i * size + j] -= y
                matrix[j * size + i] -= y
            }
        }

        /// Computes the LU factors of G. G is symmetric positive definite (every merged node
        /// has a resistive path to ground), so Gaussian elimination needs no pivoting.
        ///
        /// - Complexity: O(n³) for n merged nodes.
        mutating func factor() {
            let n = size
            var lu = conductance
            for k in 0..<n {
                for i in (k + 1)..<n {
                    let factor = lu[i * n + k] / lu[k * n + k]
                    lu[i * n + k] = factor
                    for j in (k + 1)..<n { lu[i * n + j] -= factor * lu[k * n + j] }
                }
            }
            factors = lu
            factored = true
        }

        /// x = G⁻¹ b by forward and back substitution on the LU factors.
        private func solve(_ b: [Double]) -> [Double] {
            precondition(factored, "call factor() first")
            let n = size
            var x = b
            for i in 0..<n {
                for j in 0..<i { x[i] -= factors[i * n + j] * x[j] }
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in (i + 1)..<n { x[i] -= factors[i * n + j] * x[j] }
                x[i] /= factors[i * n + i]
            }
            return x
        }

        /// The resistance (Ω) between nodes `a` and `b`: the voltage across them per ampere
        /// driven from `b` to `a`. Zero when a source fixes their voltage difference.
        func transferResistance(between a: Int, and b: Int) -> Double {
            var drive = [Double](repeating: 0, count: size)
            if let i = mergedIndex[a] { drive[i] += 1 }
            if let j = mergedIndex[b] { drive[j] -= 1 }
            let v = solve(drive)
            return (mergedIndex[a].map { v[$0] } ?? 0) - (mergedIndex[b].map { v[$0] } ?? 0)
        }

        /// The slowest time constant (s) of C dv/dt = −G v: the largest λ with C x = λ G x, by
        /// power iteration on G⁻¹C with the Rayleigh quotient xᵀCx / xᵀGx; 0 without capacitance.
        func slowestTimeConstant() -> Double {
            let n = size
            guard n > 0 else { return 0 }
            func times(_ matrix: [Double], _ x: [Double]) -> [Double] {
                (0..<n).map { i in (0..<n).reduce(0) { $0 + matrix[i * n + $1] * x[$1] } }
            }
            func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
            // A start vector with no special structure (ones lie in the null space of a
            // capacitance matrix made only of node-to-node capacitors).
            var x = (0..<n).map { 1 + Double($0) / Double(n) }
            var estimate = -1.0
            for _ in 0..<2000 {
                let y = solve(times(capacitance, x))
                let largest = y.map(abs).max() ?? 0
                guard largest > 0 else { return 0 }
                x = y.map { $0 / largest }
                let quotient = dot(x, times(capacitance, x)) / dot(x, times(conductance, x))
                if abs(quotient - estimate) <= 1e-12 * quotient { return quotient }
                estimate = quotient
            }
            return estimate
        }
    }
}
