/// Why quantum training cannot run or went on no further.
public enum QuantumTrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data's columns do not match the model's inputs and outputs.
    case dataShape(String)
    /// A setting the model cannot use (e.g. shots on harmonic modes, classical EP on spins).
    case unsupported(String)
    /// A phase has no state to measure (a degenerate eigenstate, a stiffness matrix that is not
    /// positive definite), with the sample and the parameters that led there.
    case noState(String)

    public var description: String {
        switch self {
        case .dataShape(let text), .unsupported(let text), .noState(let text): return text
        }
    }
}
