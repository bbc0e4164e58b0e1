/// The oscillators and parameters of a file, in the order the built `Network` lays them out:
/// one definition that the role reader (which expands `*@` names) and `network()` share.
extension OscillatorNetlist {
    /// One oscillator of the file after expanding layers and lattices.
    public struct Member: Sendable, Equatable {
        public var name: String
        public var isInput: Bool
        /// Initial (free) or fixed/default (input) phase, rad.
        public var phase: Double
    }

    /// Every oscillator: the single ones in file order, then each layer's members, then each
    /// lattice's sites (row-major). Free ones become the unknowns in this order; inputs become
    /// parameters `NAME.phase` in this order.
    public var members: [Member] {
        var members = oscillators.map { Member(name: $0.name, isInput: $0.isInput, phase: $0.phase) }
        for layer in layers {
            for k in 0..<layer.count {
                members.append(Member(name: Self.memberName(layer.name, k + 1), isInput: layer.isInput, phase: 0))
            }
        }
        for lattice in lattices {
            for i in 1...lattice.rows {
                for j in 1...lattice.columns {
                    members.append(Member(name: Self.siteName(lattice.name, i, j), isInput: false, phase: 0))
                }
            }
        }
        return members
    }

    /// `h_3`, member k (1-based) of layer h.
    public static func memberName(_ layer: String, _ k: Int) -> String { "\(layer)_\(k)" }

    /// `s_2_5`, the site at row i, column j (1-based) of lattice s.
    public static func siteName(_ lattice: String, _ i: Int, _ j: Int) -> String { "\(lattice)_\(i)_\(j)" }

    /// The displacement (d1, d2) of kernel entry `index` of a lattice, in `LatticePhaseCoupling`'s
    /// wrapped layout on its M1 × M2 kernel grid: entries past the middle are negative.
    public static func kernelDisplacement(_ index: Int, kernelRows m1: Int, kernelColumns m2: Int) -> (Int, Int) {
        let r1 = index / m2, r2 = index % m2
        return (r1 > m1 / 2 ? r1 - m1 : r1, r2 > m2 / 2 ? r2 - m2 : r2)
    }

    /// The kernel grid M1 × M2 of a lattice: L1 × L2 periodic, (2L1 − 1) × (2L2 − 1) open.
    public static func kernelGrid(_ lattice: Lattice) -> (rows: Int, columns: Int) {
        lattice.boundary == .periodic ? (lattice.rows, lattice.columns) : (2 * lattice.rows - 1, 2 * lattice.columns - 1)
    }

    /// Every parameter name, in the built network's order:
    /// 1. `NAME.phase` of every input oscillator (in `members` order);
    /// 2. `NAME.drag` of every free oscillator (γ, J·s/rad²);
    /// 3. each lattice's kernel `NAME.k_D1_D2` (J), in kernel-index order;
    /// 4. each element's parameters in file order: `NAME.w` (couple); `NAME.h`, `NAME.psi`
    ///    (field); `NAME.k` (lock); `NAME.omega` (omega); `NAME.w_I_J` (dense, row-major,
    ///    1-based); `NAME.w_K` (pair).
    public func parameterNames() -> [String] {
        let all = members
        var names = all.filter(\.isInput).map { "\($0.name).phase" }
        names += all.filter { !$0.isInput }.map { "\($0.name).drag" }
        for lattice in lattices {
            let (m1, m2) = Self.kernelGrid(lattice)
            for index in 0..<(m1 * m2) {
                let (d1, d2) = Self.kernelDisplacement(index, kernelRows: m1, kernelColumns: m2)
                names.append("\(lattice.name).k_\(d1)_\(d2)")
            }
        }
        let sizes = Dictionary(layers.map { ($0.name, $0.count) } + lattices.map { ($0.name, $0.rows * $0.columns) },
                               uniquingKeysWith: { first, _ in first })
        for element in elements {
            switch element {
            case .couple(let name, _, _, _): names.append("\(name).w")
            case .field(let name, _, _, _): names += ["\(name).h", "\(name).psi"]
            case .lock(let name, _, _): names.append("\(name).k")
            case .omega(let name, _, _): names.append("\(name).omega")
            case .dense(let name, let a, let b, _):
                let m = sizes[a] ?? 0, n = sizes[b] ?? 0
                for i in 0..<m { for j in 0..<n { names.append("\(name).w_\(i + 1)_\(j + 1)") } }
            case .pair(let name, let a, _, _):
                names += (0..<(sizes[a] ?? 0)).map { "\(name).w_\($0 + 1)" }
            }
        }
        return names
    }
}
