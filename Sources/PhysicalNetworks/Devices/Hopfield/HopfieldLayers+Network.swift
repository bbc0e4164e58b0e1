/// SB17's initialisation and a network of the family alone.
///
/// Comparing with SB17's code (`bscellier/Towards-a-Biologically-Plausible-Backprop`,
/// `model.py`) line by line: its cost is `‖s_out − y‖²` without the ½ of `SquaredError`, so its
/// β = 0.5 is β = 1 here; its input layer has a bias that is zero and never trained (none here);
/// its free phase starts from the previous fixed point of each example ("persistent
/// particles"), its nudged phase from the free fixed point, with a random sign for β.
extension HopfieldLayers {
    /// SB17's initial parameters (Glorot & Bengio 2010): every W_l uniform in
    /// ±√(6 / (n_l + n_{l+1})), every bias 0. `parameterCount` values, to be placed at
    /// `parameterOffset`.
    public func initialParameters<G: RandomNumberGenerator>(using generator: inout G) -> [Double] {
        var parameters = [Double](repeating: 0, count: parameterCount)
        for l in 0..<(layerCount - 1) {
            let bound = (6.0 / Double(layerSizes[l] + layerSizes[l + 1])).squareRoot()
            let start = weightOffsets[l] - parameterOffset
            for k in 0..<(layerSizes[l] * layerSizes[l + 1]) {
                parameters[start + k] = Double.random(in: -bound...bound, using: &generator)
            }
        }
        return parameters
    }

    /// A network of this family alone: unknowns `l<layer>.<unit>` (dimensionless, stored as
    /// node "voltages"), parameters `w<layer>.<row>.<column>` and `b<layer>.<unit>`, outputs the
    /// last layer, every parameter trainable.
    ///
    /// - Precondition: `firstNode == 0`, `parameterOffset == 0` and `parameters.count == parameterCount`.
    public func network(parameters: [Double]) -> Network {
        precondition(firstNode == 0 && parameterOffset == 0,
                     "a Hopfield network of one family starts at node 0 and parameter 0, not \(firstNode) and \(parameterOffset)")
        precondition(parameters.count == parameterCount,
                     "a \(layerSizes) Hopfield network has \(parameterCount) parameters, got \(parameters.count)")
        var unknowns: [Unknown] = []
        unknowns.reserveCapacity(nodes.count)
        for l in 0..<layerCount {
            for i in 0..<layerSizes[l] { unknowns.append(Unknown(name: "l\(l).\(i)", kind: .nodeVoltage)) }
        }
        var names: [String] = []
        names.reserveCapacity(parameterCount)
        for l in 0..<(layerCount - 1) {
            for i in 0..<layerSizes[l] {
                for j in 0..<layerSizes[l + 1] { names.append("w\(l).\(i).\(j)") }
            }
        }
        for l in 1..<layerCount {
            for i in 0..<layerSizes[l] { names.append("b\(l).\(i)") }
        }
        return Network(unknowns: unknowns, interactions: [self], parameters: parameters, parameterNames: names,
                       roles: Network.Roles(outputs: Array(outputNodes), trainable: Array(0..<parameterCount)))
    }
}
