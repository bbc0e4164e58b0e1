import Foundation

extension OscillatorNetlist {
    /// Lattices with more sites than this declare only the diagonal of their Jacobian (the
    /// dense one has N² entries): relax them with an explicit integrator (`DormandPrince`).
    public static let denseLatticeJacobianLimit = 1024

    /// The oscillator network: one `.phase` unknown per free oscillator (in `members` order,
    /// starting at its file phase), parameters in `parameterNames()` order, and the families —
    /// `PhaseDrag` (γ on every free oscillator); `PhaseCouplings` for couplings between free
    /// oscillators; `PhaseFields` for fields and for every coupling to an input (an input at ψ
    /// coupled by W to φ is the field −W cos(φ − ψ), ψ the input's parameter); one
    /// `DensePhaseCoupling` per dense block (a clamped layer A for an input layer);
    /// `InjectionLocking`, `NaturalFrequencies`, and one `LatticePhaseCoupling` per lattice.
    ///
    /// - Parameter batchCapacity: the batch the dense blocks' workspaces are sized for.
    public func network(batchCapacity: Int = 1) -> Network {
        let all = members
        let names = parameterNames()
        let parameterIndex = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let free = all.filter { !$0.isInput }
        let unknownIndex = Dictionary(free.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let inputNames = Set(all.filter(\.isInput).map(\.name))
        var parameters = all.filter(\.isInput).map(\.phase) + free.map { _ in drag }
        let dragOffset = all.filter(\.isInput).count

        var builder = FamilyBuilder(unknownIndex: unknownIndex, parameterIndex: parameterIndex, inputNames: inputNames,
                                    dragOffset: dragOffset, batchCapacity: batchCapacity)
        builder.families.append(PhaseDrag(oscillators: Array(free.indices), parameterOffset: dragOffset))
        for lattice in lattices {
            let kernelOffset = parameters.count
            parameters += Self.initialKernel(lattice)
            let first = unknownIndex[Self.siteName(lattice.name, 1, 1)]!
            builder.families.append(LatticePhaseCoupling(
                rows: lattice.rows, columns: lattice.columns, offset: first, kernelOffset: kernelOffset,
                boundary: lattice.boundary == .periodic ? .periodic : .open,
                jacobian: lattice.rows * lattice.columns > Self.denseLatticeJacobianLimit ? .diagonal : .dense))
        }
        for element in elements {
            let offset = parameters.count
            parameters += initialValues(element)
            builder.add(element, parameterOffset: offset, layers: layerMembers)
        }
        builder.finish()
        precondition(parameters.count == names.count, "\(parameters.count) parameter values for \(names.count) names")

        var network = Network(unknowns: free.map { Unknown(name: $0.name, kind: .phase) }, interactions: builder.families,
                              parameters: parameters, parameterNames: names)
        network.roles = Network.Roles(
            inputs: roles.inputs, inputParameters: roles.inputs.map { parameterIndex["\($0).phase"]! },
            outputs: roles.outputs.map { unknownIndex[$0]! }, trainable: roles.trainable.map { parameterIndex[$0]! },
            bounds: roles.bounds)
        network.startingState = free.map(\.phase)
        return network
    }

    /// The member names of every layer and lattice, by its name.
    var layerMembers: [String: [String]] {
        var result: [String: [String]] = [:]
        for layer in layers { result[layer.name] = (0..<layer.count).map { Self.memberName(layer.name, $0 + 1) } }
        for lattice in lattices {
            result[lattice.name] = (1...lattice.rows).flatMap { i in (1...lattice.columns).map { Self.siteName(lattice.name, i, $0) } }
        }
        return result
    }

    /// K(r) = K for 0 < |r| ≤ radius (Euclidean, lattice spacings), else 0, in kernel-index order.
    static func initialKernel(_ lattice: Lattice) -> [Double] {
        let (m1, m2) = kernelGrid(lattice)
        return (0..<(m1 * m2)).map { index in
            let (d1, d2) = kernelDisplacement(index, kernelRows: m1, kernelColumns: m2)
            let distance = Double(d1 * d1 + d2 * d2).squareRoot()
            return distance > 0 && distance <= lattice.radius * (1 + 1e-12) ? lattice.strength : 0
        }
    }

    /// The starting values of an element's parameters, in `parameterNames()` order.
    func initialValues(_ element: Element) -> [Double] {
        let sizes = Dictionary(layerMembers.map { ($0.key, $0.value.count) }, uniquingKeysWith: { first, _ in first })
        switch element {
        case .couple(_, _, _, let weight): return [weight]
        case .field(_, _, let strength, let phase): return [strength, phase]
        case .lock(_, _, let strength): return [strength]
        case .omega(_, _, let frequency): return [frequency]
        case .pair(_, let a, _, let weight): return [Double](repeating: weight, count: sizes[a] ?? 0)
        case .dense(_, let a, let b, let initialization):
            let count = (sizes[a] ?? 0) * (sizes[b] ?? 0)
            switch initialization {
            case .constant(let value): return [Double](repeating: value, count: count)
            case .uniform(let scale, let seed):
                var generator = Xoshiro256StarStar(seed: seed)
                return (0..<count).map { _ in scale == 0 ? 0 : Double.random(in: -scale...scale, using: &generator) }
            }
        }
    }
}

/// Collects the families of an oscillator file: fields (and couplings to inputs) into one
/// `PhaseFields`, consecutive free–free couplings and consecutive locks into one family each.
private struct FamilyBuilder {
    let unknownIndex: [String: Int]
    let parameterIndex: [String: Int]
    let inputNames: Set<String>
    let dragOffset: Int
    let batchCapacity: Int
    var families: [any Interaction] = []
    var fields: (oscillators: [Int], strengths: [Int], phases: [Int]) = ([], [], [])
    var couplings: (edges: [PhaseCouplings.Coupling], offset: Int) = ([], 0)
    var locks: (oscillators: [Int], offset: Int) = ([], 0)

    /// The input phase parameter of `name`, or nil for a free oscillator.
    func inputPhase(_ name: String) -> Int? { inputNames.contains(name) ? parameterIndex["\(name).phase"] : nil }

    mutating func add(_ element: OscillatorNetlist.Element, parameterOffset offset: Int, layers: [String: [String]]) {
        if case .couple = element {} else { flushCouplings() }
        if case .lock = element {} else { flushLocks() }
        switch element {
        case .couple(_, let a, let b, _):
            coupleOrField(a, b, weight: offset)
        case .field(_, let oscillator, _, _):
            addField(on: unknownIndex[oscillator]!, strength: offset, phase: offset + 1)
        case .lock(_, let oscillator, _):
            if locks.oscillators.isEmpty { locks.offset = offset }
            locks.oscillators.append(unknownIndex[oscillator]!)
        case .omega(_, let oscillator, _):
            let unknown = unknownIndex[oscillator]!
            families.append(NaturalFrequencies(oscillators: [unknown], frequencyOffset: offset, dragOffset: dragOffset + unknown))
        case .pair(_, let a, let b, _):
            for (k, (x, y)) in zip(layers[a]!, layers[b]!).enumerated() { coupleOrField(x, y, weight: offset + k) }
            flushCouplings()
        case .dense(_, let a, let b, _):
            let membersB = layers[b]!.map { unknownIndex[$0]! }
            let rangeB = membersB.first!..<(membersB.last! + 1)
            if let firstInput = inputPhase(layers[a]!.first!) {
                families.append(DensePhaseCoupling(layerA: firstInput..<(firstInput + layers[a]!.count), layerB: rangeB,
                                                   weightOffset: offset, batchCapacity: batchCapacity, clampsLayerA: true))
            } else {
                let membersA = layers[a]!.map { unknownIndex[$0]! }
                families.append(DensePhaseCoupling(layerA: membersA.first!..<(membersA.last! + 1), layerB: rangeB,
                                                   weightOffset: offset, batchCapacity: batchCapacity))
            }
        }
    }

    /// A coupling between two free oscillators, or the field an input puts on a free one.
    mutating func coupleOrField(_ a: String, _ b: String, weight: Int) {
        if let psi = inputPhase(a) { return addField(on: unknownIndex[b]!, strength: weight, phase: psi) }
        if let psi = inputPhase(b) { return addField(on: unknownIndex[a]!, strength: weight, phase: psi) }
        if couplings.edges.isEmpty || couplings.offset + couplings.edges.count != weight {
            flushCouplings()
            couplings.offset = weight
        }
        couplings.edges.append(PhaseCouplings.Coupling(a: unknownIndex[a]!, b: unknownIndex[b]!))
    }

    mutating func addField(on oscillator: Int, strength: Int, phase: Int) {
        fields.oscillators.append(oscillator)
        fields.strengths.append(strength)
        fields.phases.append(phase)
    }

    mutating func flushCouplings() {
        guard !couplings.edges.isEmpty else { return }
        families.append(PhaseCouplings(couplings: couplings.edges, weightOffset: couplings.offset))
        couplings.edges = []
    }

    mutating func flushLocks() {
        guard !locks.oscillators.isEmpty else { return }
        families.append(InjectionLocking(oscillators: locks.oscillators, strength: .perOscillator, strengthOffset: locks.offset))
        locks.oscillators = []
    }

    /// Appends the pending families.
    mutating func finish() {
        flushCouplings()
        flushLocks()
        if !fields.oscillators.isEmpty {
            families.append(PhaseFields(oscillators: fields.oscillators, strengths: fields.strengths, phases: fields.phases))
        }
    }
}
