/// A family that only adds to the mass matrix M of `M dx/dt + F(x) = 0` — capacitors, viscous
/// drag — and so contributes no force, no Jacobian entries and no energy; it is reciprocal.
public protocol MassOnlyInteraction: Interaction {}

extension MassOnlyInteraction {
    public var isReciprocal: Bool { true }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {}

    public func jacobianEntries() -> [MatrixEntry] { [] }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {}
}
