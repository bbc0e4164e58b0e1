extension Dataset {
    /// The dataset phase-encoded for an oscillator network (W24; PHYSICS.md §4): every feature
    /// and target value v ∈ [0, 1] becomes the phase (v − ½)π ∈ [−π/2, π/2] — pixels scaled to
    /// [0, 1] become input phases, one-hot targets become τ = ±π/2, read out by `argmax sin φ`.
    /// Names are kept.
    public func phaseEncoded() -> Dataset {
        let encode = { (v: Double) in (v - 0.5) * Double.pi }
        return Dataset(featureNames: featureNames, targetNames: targetNames, features: features.map(encode),
                       targets: targets.map(encode))
    }
}
