extension ElasticNetlist {
    /// The network the solvers and the EP controller run: the springs and drag of `elastic`
    /// (unknowns `<node>.x/.y[/.z]`, parameters `<bond>.k`, `<bond>.l`, `<node>.drag`), then one
    /// unknown per sensor (named by the sensor, its reading in m) read through `DistanceSensors`
    /// with coupling parameter `<sensor>.coupling`, and the roles: input parameters `<bond>.l`,
    /// outputs the sensors' or coordinates' unknowns, trainable parameters with their bounds.
    /// Relaxations start at the file positions, every sensor reading its pair's distance.
    public func network() -> Network {
        var network = elastic.network()
        let index = elastic.coordinateIndex
        let firstSensor = network.dimension
        let nodes = elastic.nodes
        let readings = sensors.enumerated().map { s, sensor in
            DistanceSensors.Sensor(a: index[sensor.a], b: index[sensor.b], reading: firstSensor + s,
                                   anchorA: nodes[sensor.a].position, anchorB: nodes[sensor.b].position)
        }
        if !sensors.isEmpty {
            network.unknowns += sensors.map { Unknown(name: $0.name, kind: .coordinate) }
            network.interactions.append(DistanceSensors(dimension: elastic.dimension, sensors: readings,
                                                        couplingOffset: network.parameters.count))
            network.parameters += sensors.map { _ in sensorStiffness }
            network.parameterNames += sensors.map { "\($0.name).coupling" }
            network.startingState = elastic.initialState + sensors.map { distance($0.a, $0.b) }
        }
        let parameter = Dictionary(network.parameterNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let unknown = Dictionary(network.unknowns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let trainable = roles.trainable.compactMap { parameter[$0] }
        network.roles = Network.Roles(
            inputs: roles.inputs,
            inputParameters: roles.inputs.compactMap { parameter["\($0).l"] },
            outputs: roles.outputs.compactMap { unknown[$0] },
            trainable: trainable,
            bounds: nil,
            trainableBounds: roles.trainable.map { $0.hasSuffix(".k") ? roles.stiffnessBounds : roles.restLengthBounds })
        return network
    }

    /// Sets a parameter by name before building: an input's name sets its rest length (m);
    /// `<bond>.k` (N/m) and `<bond>.l` (m) set a bond's. Throws a message naming what exists.
    public mutating func setParameter(_ name: String, to value: Double) throws(ElasticParameterError) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let bondName = parts[0]
        let field = parts.count == 2 ? parts[1] : (roles.inputs.contains(bondName) ? "l" : "")
        guard parts.count <= 2, let bond = elastic.bonds.firstIndex(where: { $0.name == bondName }),
              field == "k" || field == "l" else {
            let inputs = roles.inputs.isEmpty ? "" : " or an input (\(roles.inputs.joined(separator: ", ")))"
            throw ElasticParameterError("\(file): --set \(name): expected BOND.k or BOND.l\(inputs)")
        }
        guard value >= 0, value.isFinite else {
            throw ElasticParameterError("\(file): --set \(name): \(field == "k" ? "stiffness" : "rest length") must be a non-negative number, got \(value)")
        }
        if field == "k" { elastic.bonds[bond].stiffness = value } else { elastic.bonds[bond].restLength = value }
    }
}

/// A `--set` that names no parameter of an elastic network, or a bad value.
public struct ElasticParameterError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
