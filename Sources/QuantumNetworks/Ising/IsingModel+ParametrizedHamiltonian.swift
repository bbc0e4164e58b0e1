/// H and each ∂H/∂θ_k applied by bit operations on basis indices (see `IsingModel` for the basis).
extension IsingModel: ParametrizedHamiltonian {
    /// θ in the documented order. Setting it updates the stored diagonal only for the Z-type
    /// entries that changed (O(2ⁿ) each); prefer `setParameter(_:to:)` in loops.
    public var parameters: [Double] {
        get { theta }
        set {
            precondition(newValue.count == theta.count,
                         "IsingModel: \(newValue.count) parameters given, \(theta.count) expected")
            for k in newValue.indices where newValue[k] != theta[k] { setParameter(k, to: newValue[k]) }
        }
    }

    /// `J<i>_<j>` per Ising bond, `Jx<i>_<j>` and `Jy<i>_<j>` per exchange bond, `h<i>` and
    /// `G<i>` per spin, in the order of `parameters`.
    public var parameterNames: [String] {
        bonds.map { "J\($0)" } + exchangeBonds.map { "Jx\($0)" } + exchangeBonds.map { "Jy\($0)" }
            + (0..<spinCount).map { "h\($0)" } + (0..<spinCount).map { "G\($0)" }
    }

    /// y ← H x:  y_s = D_s x_s − Σ_i Γ_i x_{s⊕2ⁱ} − Σ_e (Jx_e + σ_e(s) Jy_e) x_{s⊕2ⁱ⊕2ʲ}.
    /// - Complexity: O(2ⁿ) per nonzero off-diagonal term plus one diagonal pass; no allocation.
    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let count = dimension
        precondition(x.count >= count && y.count >= count,
                     "IsingModel.apply: buffers of \(x.count) and \(y.count) for dimension \(count)")
        guard let xp = x.baseAddress, let yp = y.baseAddress else { return }
        diagonal.values.withUnsafeBufferPointer { d in
            guard let dp = d.baseAddress else { return }
            for s in 0..<count { yp[s] = dp[s] * xp[s] }
        }
        for i in 0..<spinCount {
            let gamma = theta[transverseFieldIndex(i)]
            if gamma != 0 { Self.addFlip(-gamma, mask: 1 << i, xp, yp, count) }
        }
        for (e, bond) in exchangeBonds.enumerated() {
            let jx = theta[xCouplingIndex(e)], jy = theta[yCouplingIndex(e)]
            if jx != 0 || jy != 0 { Self.addExchange(-jx, -jy, bond, xp, yp, count) }
        }
    }

    /// y ← (∂H/∂θ_k) x, the term's operator: −Z_iZ_j, −X_iX_j, −Y_iY_j, −Z_i or −X_i.
    /// - Complexity: O(2ⁿ); no allocation.
    public func applyDerivative(_ k: Int, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let count = dimension
        precondition(theta.indices.contains(k), "IsingModel: parameter \(k) outside 0..<\(theta.count)")
        precondition(x.count >= count && y.count >= count,
                     "IsingModel.applyDerivative: buffers of \(x.count) and \(y.count) for dimension \(count)")
        guard let xp = x.baseAddress, let yp = y.baseAddress else { return }
        for s in 0..<count { yp[s] = 0 }
        if isDiagonalParameter(k) {
            let (a, b) = diagonalBits(k)
            for s in 0..<count { yp[s] = -Self.zProduct(s, a, b) * xp[s] }
        } else if k < yCouplingIndex(0) {
            Self.addExchange(-1, 0, exchangeBonds[k - xCouplingIndex(0)], xp, yp, count)
        } else if k < fieldIndex(0) {
            Self.addExchange(0, -1, exchangeBonds[k - yCouplingIndex(0)], xp, yp, count)
        } else {
            Self.addFlip(-1, mask: 1 << (k - transverseFieldIndex(0)), xp, yp, count)
        }
    }

    /// y_s += c · x_{s⊕mask} (c·X_i for mask 2ⁱ).
    @inline(__always)
    static func addFlip(_ c: Double, mask: Int, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        for s in 0..<count { y[s] += c * x[s ^ mask] }
    }

    /// y += (a X_iX_j + b Y_iY_j) x: y_s += (a + σ(s) b) x_{s⊕2ⁱ⊕2ʲ}, σ = −1 for equal bits i, j.
    @inline(__always)
    static func addExchange(_ a: Double, _ b: Double, _ bond: Bond,
                            _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        let mask = (1 << bond.i) | (1 << bond.j)
        let equal = a - b, different = a + b
        for s in 0..<count {
            let differs = ((s >> bond.i) ^ (s >> bond.j)) & 1 == 1
            y[s] += (differs ? different : equal) * x[s ^ mask]
        }
    }
}
