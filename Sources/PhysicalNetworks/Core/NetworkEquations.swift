/// A network's equations `M dx/dt + F(x, t) = 0`, assembled once for one problem: the sparse
/// pattern of `J = ∂F/∂x` and `M`, every family's slots, the constant mass matrix, and the
/// work buffers and sparse LU that integrators and Newton solves reuse. After `init`, no
/// method allocates.
///
/// Not thread-safe: one instance per concurrent solve.
public final class NetworkEquations {
    public let network: Network
    /// n, the number of unknowns.
    public let dimension: Int
    /// The union pattern of J, M and the diagonal.
    public let pattern: SparsePattern
    /// `M` in `pattern` order (constant: capacitances are linear).
    public let massValues: [Double]
    /// Rows of M that are entirely zero: algebraic equations (KCL at nodes without
    /// capacitance, branch equations).
    public let isAlgebraicRow: [Bool]
    /// True when some row is algebraic, i.e. the system is differential-algebraic.
    public let isDifferentialAlgebraic: Bool
    /// True when every family is linear: J is constant and Newton converges in one step.
    public let isLinear: Bool
    /// Rows that are node voltages (shunts for gmin stepping go there).
    public let isNodeRow: [Bool]
    /// Slot of each diagonal entry.
    public let diagonalSlots: [Int]
    /// The parameters the families read (a copy of `network.parameters`).
    public let parameters: UnsafeMutableBufferPointer<Double>

    /// J at the last `evaluateJacobian` call, in `pattern` order.
    public let jacobianValues: UnsafeMutableBufferPointer<Double>
    /// The matrix last handed to `factorIterationMatrix`, in `pattern` order.
    public let matrixValues: UnsafeMutableBufferPointer<Double>
    private let jacobianSlots: [[Int]]
    private let massSlotsPerFamily: [[Int]]
    private let lu: SparseLU
    /// Rows whose mass is a friction (`Interaction.massDissipates`), with their mass-matrix
    /// diagonal and the family that owns them, and room for the residual that their
    /// dissipated power needs.
    let frictionRows: [(row: Int, mass: Double, family: Int)]
    let frictionResidual: UnsafeMutableBufferPointer<Double>
    /// The part of `M` that stores energy (capacitances; frictions excluded), in `pattern`
    /// order: the stored energy is `½ xᵀ M_s x`.
    let storageMassValues: [Double]
    /// Every family's `energySourceNames`, concatenated in family order.
    public let energySourceNames: [String]
    /// Where family f's sources start in `energySourceNames` (f + 1: where they end).
    let energySourceOffsets: [Int]
    /// Families whose heat an energy ledger lists: those with no energy source and no mass
    /// that stores energy (resistors, diodes, drags, ...).
    let dissipatingFamilies: [Int]
    /// Families whose energy is stored potential energy (`Interaction.storesEnergy`).
    let storingFamilies: [Int]
    /// For linear networks J is constant: the (α, shunt) of the factorization held by `lu`.
    private var jacobianEvaluated = false
    private var lastFactored: (alpha: Double, shunt: Double)?

    public init(network: Network) {
        self.network = network
        let n = network.dimension
        dimension = n
        var entries: [MatrixEntry] = []
        var jacobianEntriesPerFamily: [[MatrixEntry]] = []
        var massEntriesPerFamily: [[MatrixEntry]] = []
        for family in network.interactions {
            let jacobian = family.jacobianEntries()
            let mass = family.massEntries()
            jacobianEntriesPerFamily.append(jacobian)
            massEntriesPerFamily.append(mass)
            entries += jacobian
            entries += mass
        }
        let pattern = SparsePattern(dimension: n, entries: entries)
        self.pattern = pattern
        func slots(_ list: [MatrixEntry]) -> [Int] {
            list.map { entry in
                guard let slot = pattern.slot(row: entry.row, column: entry.column) else {
                    preconditionFailure("entry \(entry) missing from its own pattern")
                }
                return slot
            }
        }
        let massSlots = massEntriesPerFamily.map { slots($0) }
        jacobianSlots = jacobianEntriesPerFamily.map { slots($0) }
        massSlotsPerFamily = massSlots
        diagonalSlots = pattern.diagonalSlots()

        let parameterBuffer = UnsafeMutableBufferPointer<Double>.allocate(
            capacity: max(network.parameters.count, 1))
        _ = parameterBuffer.initialize(from: network.parameters)
        parameters = parameterBuffer
        var mass = [Double](repeating: 0, count: pattern.nonzeroCount)
        mass.withUnsafeMutableBufferPointer { values in
            for (family, familySlots) in zip(network.interactions, massSlots) {
                familySlots.withUnsafeBufferPointer { slotBuffer in
                    family.addMass(parameters: UnsafeBufferPointer(parameterBuffer), into: values, slots: slotBuffer)
                }
            }
        }
        massValues = mass
        var storageMass = [Double](repeating: 0, count: pattern.nonzeroCount)
        storageMass.withUnsafeMutableBufferPointer { values in
            for (family, familySlots) in zip(network.interactions, massSlots) where !family.massDissipates {
                familySlots.withUnsafeBufferPointer { slotBuffer in
                    family.addMass(parameters: UnsafeBufferPointer(parameterBuffer), into: values, slots: slotBuffer)
                }
            }
        }
        storageMassValues = storageMass
        let sourceCounts = network.interactions.map(\.energySourceNames.count)
        energySourceNames = network.interactions.flatMap(\.energySourceNames)
        energySourceOffsets = sourceCounts.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
        dissipatingFamilies = network.interactions.indices.filter { f in
            sourceCounts[f] == 0 && !network.interactions[f].storesEnergy
                && (massEntriesPerFamily[f].isEmpty || network.interactions[f].massDissipates)
        }
        storingFamilies = network.interactions.indices.filter { network.interactions[$0].storesEnergy }
        let diagonal = pattern.diagonalSlots()
        frictionRows = network.interactions.indices.filter { network.interactions[$0].massDissipates }
            .flatMap { f in massEntriesPerFamily[f].filter { $0.row == $0.column }.map { (row: $0.row, family: f) } }
            .map { (row: $0.row, mass: mass[diagonal[$0.row]], family: $0.family) }
        frictionResidual = .allocate(capacity: frictionRows.isEmpty ? 1 : n)
        frictionResidual.initialize(repeating: 0)
        var algebraic = [Bool](repeating: true, count: n)
        for column in 0..<n {
            for k in Int(pattern.columnStarts[column])..<Int(pattern.columnStarts[column + 1])
            where mass[k] != 0 {
                algebraic[Int(pattern.rowIndices[k])] = false
            }
        }
        isAlgebraicRow = algebraic
        isDifferentialAlgebraic = algebraic.contains(true)
        isLinear = network.interactions.allSatisfy(\.isLinear)
        isNodeRow = network.unknowns.map { $0.kind != .branchCurrent }
        jacobianValues = .allocate(capacity: max(pattern.nonzeroCount, 1))
        jacobianValues.initialize(repeating: 0)
        matrixValues = .allocate(capacity: max(pattern.nonzeroCount, 1))
        matrixValues.initialize(repeating: 0)
        lu = SparseLU(pattern: pattern)
    }

    deinit {
        parameters.deallocate()
        jacobianValues.deallocate()
        matrixValues.deallocate()
        frictionResidual.deallocate()
    }

    private var readParameters: UnsafeBufferPointer<Double> { UnsafeBufferPointer(parameters) }

    /// residual ← F(x) for every member of `states`.
    public func evaluateResidual(_ states: StateBatch, drive: Drive, into residual: MutableStateBatch) {
        precondition(states.columns == dimension && residual.columns == dimension,
                     "state width \(states.columns) ≠ network dimension \(dimension)")
        residual.base.update(repeating: 0, count: residual.rows * residual.columns)
        for family in network.interactions {
            family.addResidual(states, drive: drive, parameters: readParameters, into: residual)
        }
    }

    /// residual ← F(x) for one state.
    public func evaluateResidual(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, into residual: UnsafeMutableBufferPointer<Double>
    ) {
        guard let stateBase = state.baseAddress, let residualBase = residual.baseAddress else { return }
        evaluateResidual(
            StateBatch(base: stateBase, rows: 1, columns: dimension), drive: drive,
            into: MutableStateBatch(base: residualBase, rows: 1, columns: dimension))
    }

    /// `jacobianValues` ← ∂F/∂x at `state`.
    public func evaluateJacobian(_ state: UnsafeBufferPointer<Double>, drive: Drive) {
        if isLinear && jacobianEvaluated { return }
        jacobianEvaluated = true
        jacobianValues.update(repeating: 0)
        for (family, familySlots) in zip(network.interactions, jacobianSlots) {
            familySlots.withUnsafeBufferPointer { slotBuffer in
                family.addJacobian(state, drive: drive, parameters: readParameters,
                                   into: jacobianValues, slots: slotBuffer)
            }
        }
    }

    /// Factors `α M + J + shunt·I_nodes` (J from the last `evaluateJacobian`). `shunt` is a
    /// conductance (S) from every node to ground, as SPICE's gmin stepping adds.
    public func factorIterationMatrix(alpha: Double, shunt: Double = 0) -> Result<Void, SparseLU.Failure> {
        if isLinear, let last = lastFactored, last.alpha == alpha, last.shunt == shunt {
            return .success(())
        }
        lastFactored = nil
        massValues.withUnsafeBufferPointer { mass in
            for k in 0..<pattern.nonzeroCount {
                matrixValues[k] = jacobianValues[k] + alpha * mass[k]
            }
        }
        if shunt != 0 {
            for row in 0..<dimension where isNodeRow[row] {
                matrixValues[diagonalSlots[row]] += shunt
            }
        }
        let result = lu.factor(values: matrixValues)
        if case .success = result, isLinear { lastFactored = (alpha, shunt) }
        return result
    }

    /// Factors the mass matrix M alone (explicit integrators solve M ẋ = −F with it).
    public func factorMass() -> Result<Void, SparseLU.Failure> {
        lastFactored = nil
        for k in 0..<pattern.nonzeroCount { matrixValues[k] = massValues[k] }
        return lu.factor(values: matrixValues)
    }

    /// Solves (α M + J + shunt) y = b in place with the last factorization.
    public func solve(_ b: UnsafeMutableBufferPointer<Double>) {
        lu.solve(b)
    }

    /// Solves (α M + J + shunt)ᵀ y = b in place with the last factorization.
    public func solveTransposed(_ b: UnsafeMutableBufferPointer<Double>) {
        lu.solveTransposed(b)
    }

    /// Sets parameter `index` (a conductance being trained, an input's value, the nudge β).
    /// Capacitances are read once, at set-up: changing one here does not change M.
    public func setParameter(_ index: Int, to value: Double) {
        precondition((0..<network.parameters.count).contains(index),
                     "parameter \(index) outside 0..<\(network.parameters.count)")
        guard parameters[index] != value else { return }
        parameters[index] = value
        jacobianEvaluated = false
        lastFactored = nil
    }

    /// The current value of parameter `index`.
    public func parameter(_ index: Int) -> Double { parameters[index] }

    /// ∂E/∂θ at `state` for every parameter: the local quantities EP measures.
    public func parameterGradient(_ state: UnsafeBufferPointer<Double>, drive: Drive,
                                  into gradient: UnsafeMutableBufferPointer<Double>) {
        gradient.update(repeating: 0)
        guard let base = state.baseAddress else { return }
        let batch = StateBatch(base: base, rows: 1, columns: dimension)
        for family in network.interactions {
            family.addParameterGradient(batch, drive: drive, parameters: readParameters, into: gradient)
        }
    }

    /// `λᵀ ∂F/∂θ` at `state` for every parameter.
    public func parameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        gradient.update(repeating: 0)
        for family in network.interactions {
            family.addParameterJacobianProduct(state, adjoint: adjoint, drive: drive,
                                               parameters: readParameters, into: gradient)
        }
    }

    /// y ← M x.
    public func multiplyMass(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        y.update(repeating: 0)
        massValues.withUnsafeBufferPointer { mass in
            pattern.multiplyAdd(values: mass, x, into: y)
        }
    }

    /// The largest fraction of a Newton step every family accepts.
    public func newtonStepFraction(
        from state: UnsafeBufferPointer<Double>, step: UnsafeBufferPointer<Double>
    ) -> Double {
        var fraction = 1.0
        for family in network.interactions {
            fraction = min(fraction, family.newtonStepFraction(from: state, step: step))
        }
        return fraction
    }

    /// Total energy E(x) (sum over families; only meaningful for a gradient system).
    public func energy(_ state: UnsafeBufferPointer<Double>, drive: Drive) -> Double {
        sumOverFamilies(state) { family, batch, out in
            family.addEnergy(batch, drive: drive, parameters: readParameters, into: out)
        }
    }

    /// Power (W) dissipated as heat at `state`.
    public func dissipatedPower(_ state: UnsafeBufferPointer<Double>, drive: Drive) -> Double {
        var power = sumOverFamilies(state) { family, batch, out in
            family.addDissipatedPower(batch, drive: drive, parameters: readParameters, into: out)
        }
        if !frictionRows.isEmpty {
            // Friction rows of M dx/dt = −F(x): power ẋᵀMẋ = Σ F_i²/M_ii.
            evaluateResidual(state, drive: drive, into: frictionResidual)
            for (row, mass, _) in frictionRows where mass > 0 { power += frictionResidual[row] * frictionResidual[row] / mass }
        }
        return power
    }

    /// Σ over families of a per-state scalar that each family adds into a one-element buffer.
    private func sumOverFamilies(
        _ state: UnsafeBufferPointer<Double>,
        _ add: (any Interaction, StateBatch, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> Double {
        guard let base = state.baseAddress else { return 0 }
        var total = 0.0
        withUnsafeMutablePointer(to: &total) { pointer in
            let out = UnsafeMutableBufferPointer(start: pointer, count: 1)
            let batch = StateBatch(base: base, rows: 1, columns: dimension)
            for family in network.interactions { add(family, batch, out) }
        }
        return total
    }

    /// The first source corner strictly after `time`, if any.
    public func nextBreakpoint(after time: Double) -> Double? {
        var next: Double?
        for family in network.interactions {
            if let t = family.nextBreakpoint(after: time), t > time {
                next = min(next ?? t, t)
            }
        }
        return next
    }
}
